/// The words renderers put around the figures (column headings, legends, notes), in both languages.
enum Vocabulary {
    static let indicator = LocalizedText(zh: "指标", en: "Indicator")
    static let versusBaseline = LocalizedText(zh: "较基线", en: "vs baseline")
    static let baselineMark = LocalizedText(zh: "（基线）", en: " (baseline)")
    static let unit = LocalizedText(zh: "单位", en: "Unit")
    static let section = LocalizedText(zh: "分组", en: "Section")
    static let key = LocalizedText(zh: "键", en: "Key")
    static let intervalNote = LocalizedText(zh: "括号内为模拟结果的 5%～95% 区间。", en: "Brackets give the 5 %–95 % range of the simulated draws.")
    static let intervalNoteHTML = LocalizedText(zh: "数值下方的灰色小字为模拟结果的 5%～95% 区间。", en: "Grey figures under a value give the 5 %–95 % range of the simulated draws.")
    static let colourNote = LocalizedText(zh: "绿色：优于基线；红色：劣于基线；灰色：不分优劣。", en: "Green: better than the baseline; red: worse; grey: neither better nor worse.")
    static let legendBetter = LocalizedText(zh: "优于基线", en: "better than baseline")
    static let legendWorse = LocalizedText(zh: "劣于基线", en: "worse than baseline")
    static let bySource = LocalizedText(zh: "按资金来源", en: "By fund source")
    static let byProjectType = LocalizedText(zh: "按项目类型", en: "By project type")
    static let total = LocalizedText(zh: "合计", en: "Total")
    static let median = LocalizedText(zh: "中位数", en: "median")
    static let chanceTargetMet = LocalizedText(zh: "达标概率", en: "chance of meeting the target")
    static let shareOfDraws = LocalizedText(zh: "模拟次数占比", en: "share of draws")
    static let headcountCaption = LocalizedText(zh: "柱高：落在该区间的模拟次数占比；黑线：5%～95% 区间；圆点：中位数；红色虚线：年度目标（剩余贫困人口不超过此数即达标）。",
                                                en: "Bars: share of the draws in each range; black line: 5 %–95 % range; circle: median; red dashed line: the year's target (met when at most this many remain poor).")
    static let barsCaption = LocalizedText(zh: "横线为 5%～95% 区间。", en: "Whiskers show the 5 %–95 % range.")
    static let persons = LocalizedText(zh: "人", en: "persons")
    static let charts = LocalizedText(zh: "图表", en: "Charts")
    static let generatedBy = LocalizedText(zh: "由 tuopin 生成", en: "Made by tuopin")

    static func unitName(_ unit: MeasureUnit) -> LocalizedText {
        switch unit {
        case .persons: return LocalizedText(zh: "人", en: "persons")
        case .households: return LocalizedText(zh: "户", en: "households")
        case .count: return LocalizedText(zh: "个", en: "count")
        case .fraction: return LocalizedText(zh: "比例", en: "fraction")
        case .probability: return LocalizedText(zh: "概率", en: "probability")
        case .yuan: return LocalizedText(zh: "元", en: "yuan")
        case .index: return LocalizedText(zh: "指数", en: "index")
        }
    }
}
