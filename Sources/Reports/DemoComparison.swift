import Foundation

/// A fixed comparison for demonstrations and tests, shaped like Dai County (代县) in its last year
/// before exit: 11 townships in three tiers, 172,000 agricultural residents, 9,612 registered poor
/// persons at the start of the year, a target of 6,612 persons and 45 villages, and three scenarios —
/// even spreading (the baseline), the optimised allocation, and the optimised allocation when migrant
/// work is disrupted. The figures are invented (no simulation ran); they exercise every part of the
/// report and stay the same from run to run. It is built only from plain values, the way the
/// simulation fills a comparison.
extension Comparison {
    public static func daiCountyDemo() -> Comparison {
        DemoBuilder().comparison()
    }
}

private struct DemoBuilder {
    let agriculturalPopulation = 172_000.0
    let startPoor = 9_612.0
    let personsTarget = 6_612.0
    /// (name, English name, tier, poor persons at the start of the year)
    let townships: [(String, String, Int, Double)] = [
        ("胡峪乡", "Huyu", 1, 820), ("雁门关乡", "Yanmenguan", 1, 1_010), ("枣林镇", "Zaolin", 1, 1_480),
        ("滩上镇", "Tanshang", 1, 1_050), ("上磨坊乡", "Shangmofang", 1, 760), ("聂营镇", "Nieying", 1, 990),
        ("阳明堡镇", "Yangmingpu", 2, 1_240), ("新高乡", "Xingao", 2, 690),
        ("峨口镇", "Ekou", 3, 700), ("上馆镇", "Shangguan", 3, 612), ("峪口乡", "Yukou", 3, 260),
    ]
    /// Agricultural population by township (adds up to 172,000).
    let townshipPopulation: [Double] = [9_800, 12_400, 21_600, 14_200, 8_900, 13_600, 24_300, 11_700, 19_800, 26_500, 9_200]
    let scenarios = [
        ScenarioName(name: "baseline", label: LocalizedText(zh: "平均分配", en: "Even spreading")),
        ScenarioName(name: "optimised", label: LocalizedText(zh: "优化分配", en: "Optimised allocation")),
        ScenarioName(name: "migrant_shock", label: LocalizedText(zh: "优化分配＋务工受阻", en: "Optimised, migrant work disrupted")),
    ]
    /// Share of each tier's poor who are still poor at the year's end, per scenario.
    let remainingShare: [[Double]] = [[0.41, 0.36, 0.33], [0.27, 0.29, 0.30], [0.52, 0.58, 0.60]]
    /// Relative spread (standard deviation ÷ mean) of a township's headcount over the draws.
    let spread = 0.09

    let sources = [
        ("central", LocalizedText(zh: "中央财政专项扶贫资金", en: "Central special funds")),
        ("provincial", LocalizedText(zh: "省级财政专项扶贫资金", en: "Provincial special funds")),
        ("county", LocalizedText(zh: "县级财政资金", en: "County fiscal funds")),
        ("integrated", LocalizedText(zh: "统筹整合涉农资金", en: "Integrated agricultural funds")),
    ]
    let projectTypes = [
        LocalizedText(zh: "养殖", en: "Breeding"), LocalizedText(zh: "种植", en: "Planting"), LocalizedText(zh: "加工", en: "Processing"),
        LocalizedText(zh: "农机", en: "Machinery"), LocalizedText(zh: "资产收益", en: "Asset income"), LocalizedText(zh: "光伏", en: "Solar PV"),
    ]
    /// 万元 by [scenario][source][project type]; even spreading sinks money into dividends.
    let fundsWan: [[[Double]]] = [
        [[1_200, 600, 300, 400, 1_800, 900], [500, 300, 150, 200, 700, 350], [300, 200, 100, 150, 400, 150], [600, 500, 200, 300, 800, 300]],
        [[2_100, 1_100, 600, 300, 500, 600], [900, 500, 300, 100, 200, 200], [500, 350, 200, 100, 100, 50], [1_000, 800, 400, 200, 200, 100]],
        [[2_100, 1_100, 600, 300, 500, 600], [900, 500, 300, 100, 200, 200], [500, 350, 200, 100, 100, 50], [1_000, 800, 400, 200, 200, 100]],
    ]

    func interval(_ mean: Double, sd: Double) -> Estimate {
        Estimate(mean.rounded(), low: (mean - 1.645 * sd).rounded(), high: (mean + 1.645 * sd).rounded())
    }

    /// Poor persons remaining by township: [scenario][township] (mean, sd).
    var townshipRemaining: [[(mean: Double, sd: Double)]] {
        remainingShare.map { shares in
            townships.map { t in
                let mean = (t.3 * shares[t.2 - 1]).rounded()
                return (mean, mean * spread)
            }
        }
    }

    /// County headcount per scenario: mean, and the spread of a sum of townships hit by one common shock.
    var countyRemaining: [(mean: Double, sd: Double)] {
        townshipRemaining.map { byTownship in
            (byTownship.map(\.mean).reduce(0, +), byTownship.map(\.sd).reduce(0, +) * 0.6)
        }
    }

    func comparison() -> Comparison {
        let county = countyRemaining
        let poor = county.map { interval($0.mean, sd: $0.sd) }
        let exiting = county.map { interval(startPoor - $0.mean, sd: $0.sd) }
        let incidence = county.map { c in
            Estimate(c.mean / agriculturalPopulation, low: (c.mean - 1.645 * c.sd) / agriculturalPopulation, high: (c.mean + 1.645 * c.sd) / agriculturalPopulation)
        }
        let pPersons = [0.031, 0.962, 0.0]
        let funds = FundsChart(title: LocalizedText(zh: "扶贫资金：按来源和项目类型", en: "Funds by source and project type"),
                               sources: sources.map(\.1), projectTypes: projectTypes,
                               amounts: fundsWan.map { $0.map { $0.map { $0 * 10_000 } } })
        var rows: [ComparisonRow] = [
            .poorPersonsRemaining(poor),
            .personsExiting(exiting),
            .incidence(incidence),
            .villagesExiting([Estimate(38, low: 33, high: 43), Estimate(47, low: 43, high: 51), Estimate(29, low: 24, high: 34)]),
            .householdsReturning([Estimate(212, low: 168, high: 259), Estimate(176, low: 138, high: 217), Estimate(431, low: 362, high: 505)]),
            .countyExitProbability([Estimate(0.214), Estimate(0.9993), Estimate(0)]),
            .targetProbability(name: "persons", label: LocalizedText(zh: "脱贫6612人", en: "6,612 persons exit"), pPersons.map { Estimate($0) }),
            .targetProbability(name: "villages", label: LocalizedText(zh: "出列45个村", en: "45 villages exit"), [Estimate(0.048), Estimate(0.79), Estimate(0)]),
            .povertyGap([Estimate(0.0068, low: 0.0059, high: 0.0077), Estimate(0.0049, low: 0.0042, high: 0.0056), Estimate(0.0102, low: 0.0090, high: 0.0115)]),
            .squaredPovertyGap([Estimate(0.0021), Estimate(0.0014), Estimate(0.0035)]),
            .gini([Estimate(0.312, low: 0.305, high: 0.319), Estimate(0.309, low: 0.302, high: 0.316), Estimate(0.327, low: 0.319, high: 0.335)]),
        ]
        for (s, source) in sources.enumerated() {
            rows.append(.fundsSpent(source: source.0, label: source.1, scenarios.indices.map { Estimate(funds.totalsBySource(scenario: $0)[s]) }))
        }
        rows.append(.fundsTotal(scenarios.indices.map { Estimate(funds.total(scenario: $0)) }))
        rows.append(.costPerPersonLifted(scenarios.indices.map { Estimate((funds.total(scenario: $0) / exiting[$0].value).rounded()) }))
        rows.append(.relocationPlaced([Estimate(8_420), Estimate(8_870), Estimate(8_870)]))
        rows.append(.relocationUnplaced([Estimate(585), Estimate(135), Estimate(135)]))
        rows.append(.relocationPlacedHouseholds([Estimate(3_690), Estimate(3_885), Estimate(3_885)]))
        rows.append(.relocationUnplacedHouseholds([Estimate(256), Estimate(61), Estimate(61)]))
        rows.append(.siteOccupancy(site: "binhe", label: LocalizedText(zh: "滨河安置点", en: "Binhe site"), [Estimate(0.78), Estimate(0.934), Estimate(0.934)]))

        return Comparison(
            title: LocalizedText(zh: "代县 2020 年脱贫方案比较", en: "Dai County, 2020: the plans compared"),
            subtitle: LocalizedText(zh: "每个方案模拟 2000 次（种子 20200101）；农业人口 17.2 万，年初贫困人口 9612 人",
                                    en: "2,000 draws per scenario (seed 20200101); 172,000 agricultural residents, 9,612 poor at the start of the year"),
            scenarios: scenarios,
            table: ComparisonTable(title: LocalizedText(zh: "主要指标", en: "Main indicators"), sections: ComparisonSection.standard, rows: rows),
            byTownship: townshipTable(),
            byTier: tierTable(),
            charts: ComparisonCharts(poorPersonsByTownship: townshipSeries(), headcount: headcountChart(pPersons: pPersons), funds: funds),
            notes: [LocalizedText(zh: "演示数据：数值为虚构，仅用于检验报表的格式。", en: "Demonstration data: the figures are invented and only exercise the report.")],
            headline: ["poor_persons", "target:persons", "p_county_exit", "cost_per_person_lifted"]
        )
    }

    func townshipSeries() -> CategorySeries {
        CategorySeries(title: LocalizedText(zh: "各乡镇年末剩余贫困人口", en: "Poor persons remaining by township"), unit: .persons,
                       categories: townships.map { LocalizedText($0.0) },
                       values: townshipRemaining.map { $0.map { interval($0.mean, sd: $0.sd) } })
    }

    func townshipTable() -> ComparisonTable {
        let remaining = townshipRemaining
        var rows: [ComparisonRow] = []
        var sections: [ComparisonSection] = []
        for (t, township) in townships.enumerated() {
            sections.append(ComparisonSection(key: township.0, label: LocalizedText(zh: "\(township.0)（\(tierName(township.2).zh)）", en: "\(township.0) \(township.1) (\(tierName(township.2).en.lowercased()))")))
            let values = remaining.map { interval($0[t].mean, sd: $0[t].sd) }
            rows.append(ComparisonRow.poorPersonsRemaining(values).forEntity(township.0))
            rows.append(ComparisonRow.incidence(values.map { v in
                Estimate(v.value / townshipPopulation[t], low: v.low.map { $0 / townshipPopulation[t] }, high: v.high.map { $0 / townshipPopulation[t] })
            }).forEntity(township.0))
        }
        return ComparisonTable(title: LocalizedText(zh: "分乡镇", en: "By township"), sections: sections, rows: rows)
    }

    func tierTable() -> ComparisonTable {
        let remaining = townshipRemaining
        var rows: [ComparisonRow] = []
        var sections: [ComparisonSection] = []
        for tier in 1...3 {
            let members = townships.indices.filter { townships[$0].2 == tier }
            let key = "tier\(tier)"
            sections.append(ComparisonSection(key: key, label: tierName(tier)))
            let population = members.map { townshipPopulation[$0] }.reduce(0, +)
            let values = remaining.map { byTownship in
                interval(members.map { byTownship[$0].mean }.reduce(0, +), sd: members.map { byTownship[$0].sd }.reduce(0, +) * 0.6)
            }
            rows.append(ComparisonRow.poorPersonsRemaining(values).forEntity(key))
            rows.append(ComparisonRow.incidence(values.map { v in
                Estimate(v.value / population, low: v.low.map { $0 / population }, high: v.high.map { $0 / population })
            }).forEntity(key))
        }
        return ComparisonTable(title: LocalizedText(zh: "分类别乡镇", en: "By tier of township"), sections: sections, rows: rows)
    }

    func tierName(_ tier: Int) -> LocalizedText {
        LocalizedText(zh: ["一类", "二类", "三类"][tier - 1] + "乡镇", en: "Tier \(tier)")
    }

    func headcountChart(pPersons: [Double]) -> HeadcountChart {
        let edges = stride(from: 2_000.0, through: 6_600.0, by: 200.0).map { $0 }
        let distributions = countyRemaining.enumerated().map { s, c in
            let shares = zip(edges, edges.dropFirst()).map { low, high in
                ((normalCDF((high - c.mean) / c.sd) - normalCDF((low - c.mean) / c.sd)) * 1_000).rounded() / 1_000
            }
            return HeadcountDistribution(binEdges: edges, shares: shares, p05: (c.mean - 1.645 * c.sd).rounded(), median: c.mean.rounded(),
                                         p95: (c.mean + 1.645 * c.sd).rounded(), probabilityTargetMet: pPersons[s])
        }
        return HeadcountChart(title: LocalizedText(zh: "明年贫困人口的分布与年度目标", en: "Next year's poor headcount against the year's target"),
                              target: startPoor - personsTarget, targetLabel: LocalizedText(zh: "年度目标", en: "Year's target"),
                              distributions: distributions)
    }

    func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.squareRoot())
    }
}
