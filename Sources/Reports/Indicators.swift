/// The standard sections and indicator rows of a scenario comparison (issue 9), with their keys,
/// labels, units and preferred directions, so every producer names them alike. Each constructor
/// takes one value per scenario, baseline first.
extension ComparisonSection {
    public static let poverty = ComparisonSection(key: "poverty", label: LocalizedText(zh: "贫困人口与退出", en: "Poverty and exits"))
    public static let targets = ComparisonSection(key: "targets", label: LocalizedText(zh: "目标达成概率", en: "Chance of meeting the targets"))
    public static let depth = ComparisonSection(key: "depth", label: LocalizedText(zh: "贫困深度与收入差距", en: "Depth of poverty and inequality"))
    public static let funds = ComparisonSection(key: "funds", label: LocalizedText(zh: "资金", en: "Funds"))
    public static let relocation = ComparisonSection(key: "relocation", label: LocalizedText(zh: "易地扶贫搬迁", en: "Relocation"))

    /// The sections of the main table, in display order.
    public static let standard: [ComparisonSection] = [.poverty, .targets, .depth, .funds, .relocation]
}

extension ComparisonRow {
    /// Registered poor persons remaining at the end of the year (key `poor_persons`).
    public static func poorPersonsRemaining(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "poor_persons", section: "poverty", label: LocalizedText(zh: "年末剩余贫困人口", en: "Poor persons remaining"),
                      unit: .persons, preferred: .lower, values: values)
    }

    /// Persons exiting poverty during the year (key `persons_exiting`).
    public static func personsExiting(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "persons_exiting", section: "poverty", label: LocalizedText(zh: "当年脱贫人口", en: "Persons exiting poverty"),
                      unit: .persons, preferred: .higher, values: values)
    }

    /// Poverty incidence: poor persons ÷ agricultural population, a fraction (key `incidence`).
    public static func incidence(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "incidence", section: "poverty", label: LocalizedText(zh: "贫困发生率", en: "Poverty incidence"),
                      unit: .fraction, preferred: .lower, values: values)
    }

    /// Registered poor villages exiting during the year (key `villages_exiting`).
    public static func villagesExiting(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "villages_exiting", section: "poverty", label: LocalizedText(zh: "贫困村出列", en: "Poor villages exiting"),
                      unit: .count, preferred: .higher, values: values)
    }

    /// Households falling back into poverty (返贫, key `households_returning`).
    public static func householdsReturning(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "households_returning", section: "poverty", label: LocalizedText(zh: "返贫户", en: "Households returning to poverty"),
                      unit: .households, preferred: .lower, values: values)
    }

    /// Probability that the county exits (摘帽) at the year's end (key `p_county_exit`).
    public static func countyExitProbability(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "p_county_exit", section: "targets", label: LocalizedText(zh: "全县摘帽概率", en: "Chance the county exits"),
                      unit: .probability, preferred: .higher, values: values)
    }

    /// Probability that one of the year's targets is met (key `target:NAME`), labelled with the target's description.
    public static func targetProbability(name: String, label: LocalizedText, _ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "target:\(name)", section: "targets",
                      label: LocalizedText(zh: "达成目标：\(label.zh)", en: "Target met: \(label.en)"),
                      unit: .probability, preferred: .higher, values: values)
    }

    /// Poverty gap index FGT1 (key `fgt1`).
    public static func povertyGap(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "fgt1", section: "depth", label: LocalizedText(zh: "贫困距指数 FGT1", en: "Poverty gap FGT1"),
                      unit: .index, preferred: .lower, values: values)
    }

    /// Squared poverty gap FGT2 (key `fgt2`).
    public static func squaredPovertyGap(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "fgt2", section: "depth", label: LocalizedText(zh: "平方贫困距 FGT2", en: "Squared poverty gap FGT2"),
                      unit: .index, preferred: .lower, values: values)
    }

    /// Gini coefficient of per-capita income (key `gini`).
    public static func gini(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "gini", section: "depth", label: LocalizedText(zh: "基尼系数", en: "Gini coefficient"),
                      unit: .index, preferred: .lower, values: values)
    }

    /// Yuan spent from one fund source (key `funds:NAME`).
    public static func fundsSpent(source name: String, label: LocalizedText, _ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "funds:\(name)", section: "funds", label: LocalizedText(zh: "支出：\(label.zh)", en: "Spent: \(label.en)"),
                      unit: .yuan, preferred: .neither, values: values)
    }

    /// Yuan spent from all sources (key `funds_total`).
    public static func fundsTotal(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "funds_total", section: "funds", label: LocalizedText(zh: "资金支出合计", en: "Funds spent, total"),
                      unit: .yuan, preferred: .neither, values: values)
    }

    /// Yuan spent per person lifted out of poverty (key `cost_per_person_lifted`).
    public static func costPerPersonLifted(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "cost_per_person_lifted", section: "funds", label: LocalizedText(zh: "每脱贫一人成本", en: "Cost per person lifted"),
                      unit: .yuan, preferred: .lower, values: values)
    }

    /// Persons resettled at a site or dispersed (key `relocation_placed`).
    public static func relocationPlaced(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "relocation_placed", section: "relocation", label: LocalizedText(zh: "已安置搬迁人口", en: "Persons resettled"),
                      unit: .persons, preferred: .higher, values: values)
    }

    /// Persons due to move who have no place yet (key `relocation_unplaced`).
    public static func relocationUnplaced(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "relocation_unplaced", section: "relocation", label: LocalizedText(zh: "未安置搬迁人口", en: "Persons not yet placed"),
                      unit: .persons, preferred: .lower, values: values)
    }

    /// Relocating households resettled at a site or dispersed (key `relocation_placed_households`).
    public static func relocationPlacedHouseholds(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "relocation_placed_households", section: "relocation", label: LocalizedText(zh: "已安置搬迁户", en: "Households resettled"),
                      unit: .households, preferred: .higher, values: values)
    }

    /// Relocating households with no place yet (key `relocation_unplaced_households`).
    public static func relocationUnplacedHouseholds(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "relocation_unplaced_households", section: "relocation", label: LocalizedText(zh: "未安置搬迁户", en: "Households not yet placed"),
                      unit: .households, preferred: .lower, values: values)
    }

    /// Real money of the resettlement plan, yuan: building subsidies, travel and the sites'
    /// construction, without the model's penalties (`tuopin resettle`'s `cost_yuan`; key `relocation_cost`).
    public static func relocationCost(_ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "relocation_cost", section: "relocation", label: LocalizedText(zh: "搬迁安置费用（补助＋搬迁＋建设）", en: "Resettlement cost (subsidies, travel, construction)"),
                      unit: .yuan, preferred: .lower, values: values)
    }

    /// Occupied share of a resettlement site's flats, a fraction: flats taken ÷ flats built (every
    /// household placed at a site with flats takes one) (key `occupancy:NAME`).
    public static func siteOccupancy(site name: String, label: LocalizedText, _ values: [Estimate?]) -> ComparisonRow {
        ComparisonRow(key: "occupancy:\(name)", section: "relocation", label: LocalizedText(zh: "入住率：\(label.zh)", en: "Occupancy: \(label.en)"),
                      unit: .fraction, preferred: .higher, values: values)
    }

    /// The same row for one township or tier of a breakdown table: key `ENTITY/KEY`, section `ENTITY`.
    public func forEntity(_ entity: String) -> ComparisonRow {
        var row = self
        row.key = "\(entity)/\(key)"
        row.section = entity
        return row
    }
}
