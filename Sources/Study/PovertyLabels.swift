import Reports
/// English and Chinese labels of `tuopin poverty`'s tables, keyed by the JSON key they stand for.
enum PovertyLabels {
    private static let table: [String: (en: String, zh: String)] = [
        "title": ("Poverty and inequality", "贫困与不平等"),
        "measure": ("Measure", "指标"),
        "value": ("Value", "数值"),
        "std_error": ("Std. error", "标准误"),
        "n": ("Rows", "行数"),
        "persons": ("Persons", "人口"),
        "line": ("Poverty line (yuan per person a year)", "贫困线（元/人·年）"),
        "mean_income": ("Mean income per person (yuan)", "人均收入均值（元）"),
        "poor_persons": ("Poor persons", "贫困人口"),
        "aggregate_gap": ("Aggregate poverty gap (yuan)", "贫困缺口总额（元）"),
        "headcount": ("Headcount ratio (FGT0)", "贫困发生率 (FGT0)"),
        "poverty_gap": ("Poverty gap index (FGT1)", "贫困缺口指数 (FGT1)"),
        "squared_poverty_gap": ("Squared poverty gap (FGT2)", "平方贫困缺口指数 (FGT2)"),
        "watts": ("Watts index", "Watts 指数"),
        "sen": ("Sen index", "Sen 指数"),
        "sst": ("Sen–Shorrocks–Thon index", "Sen–Shorrocks–Thon 指数"),
        "gini": ("Gini coefficient", "基尼系数"),
        "theil": ("Theil index GE(1)", "泰尔指数 GE(1)"),
        "mld": ("Mean log deviation GE(0)", "平均对数偏差 GE(0)"),
        "atkinson": ("Atkinson index", "阿特金森指数"),
        "fgt0": ("FGT0", "FGT0"),
        "fgt1": ("FGT1", "FGT1"),
        "fgt2": ("FGT2", "FGT2"),
        "group_mean": ("Mean income (yuan)", "人均收入（元）"),
        "group": ("Group", "组别"),
        "population_share": ("Population share", "人口占比"),
        "headcount_share": ("Share of the poor", "占贫困人口比重"),
        "poverty_gap_share": ("Share of the gap", "占贫困缺口比重"),
        "squared_poverty_gap_share": ("Share of squared gap", "占平方缺口比重"),
        "between_within": ("Inequality between and within groups", "组间与组内不平等"),
        "total": ("Total", "合计"),
        "within": ("Within groups", "组内"),
        "between": ("Between groups", "组间"),
        "sources": ("Gini by income source (Lerman–Yitzhaki)", "基尼系数按收入来源分解 (Lerman–Yitzhaki)"),
        "source": ("Source", "收入来源"),
        "mean": ("Mean (yuan)", "均值（元）"),
        "share": ("Income share S", "收入占比 S"),
        "source_gini": ("Source Gini G", "来源基尼 G"),
        "gini_correlation": ("Gini correlation R", "基尼相关 R"),
        "contribution": ("Contribution S·G·R", "贡献 S·G·R"),
        "contribution_share": ("Share of Gini", "贡献率"),
        "marginal_effect": ("Effect of +1 % on Gini (relative)", "增加1%的相对边际效应"),
        "sources_total": ("Total (Gini of the sum of sources)", "合计（各来源之和的基尼系数）"),
    ]

    /// The label of `key` in `language`; the key itself when it has none.
    static func label(_ key: String, _ language: Language) -> String {
        guard let entry = table[key] else { return key }
        return language == .zh ? entry.zh : entry.en
    }

    /// "Atkinson index (ε = 0.5)".
    static func atkinson(_ epsilon: String, _ language: Language) -> String {
        "\(label("atkinson", language)) (ε = \(epsilon))"
    }

    /// "By township" / "按 township 分组".
    static func byColumn(_ column: String, _ language: Language) -> String {
        language == .zh ? "按 \(column) 分组" : "By \(column)"
    }

    /// The subtitle line: the line, the rows and the persons.
    static func subtitle(file: String, line: String, rows: String, persons: String, _ language: Language) -> String {
        language == .zh
            ? "\(file)：贫困线 \(line) 元/人·年；\(rows) 行，\(persons) 人"
            : "\(file): line \(line) yuan per person a year; \(rows) rows, \(persons) persons"
    }
}
