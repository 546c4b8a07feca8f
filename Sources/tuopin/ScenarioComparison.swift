import Foundation
import Planning
import Reports
import Simulation

/// Fills the Reports `Comparison` from simulated scenarios (baseline first). Every figure comes
/// from a `SimulationResult` or the registry; the renderers only format.
struct ScenarioComparison {
    var study: CountyStudy
    var scenarios: [Scenario]
    var runs: [(result: SimulationResult, plan: PlanIncome)]
    var draws: Int
    var seed: UInt64

    private var registry: CountyRegistry { study.registry }

    private func estimate(_ i: Interval) -> Estimate { Estimate(i.mean, low: i.p05, high: i.p95) }
    private func estimates(_ key: (SimulationResult) -> Interval) -> [Estimate?] { runs.map { estimate(key($0.result)) } }

    /// Persons registered poor now (the start of the simulated year).
    private var registeredPersons: Int {
        let h = registry.households
        return (0..<h.count).reduce(0) { $0 + (h.hasExited($1, by: registry.county.year) ? 0 : Int(h.size[$1])) }
    }

    func comparison() -> Comparison {
        let county = registry.county
        let nextYear = county.year + 1
        let english = county.englishName ?? county.name
        var rows: [ComparisonRow] = [
            .poorPersonsRemaining(estimates(\.poorPersons)),
            .personsExiting(estimates(\.exitingPersons)),
            .incidence(estimates(\.incidence)),
            .villagesExiting(estimates(\.villagesExiting)),
            .householdsReturning(estimates(\.returningHouseholds)),
            .countyExitProbability(runs.map { Estimate($0.result.countyExitProbability) }),
        ]
        rows += targetRows()
        rows += [.povertyGap(estimates(\.povertyGap)), .gini(estimates(\.gini))]
        for (f, fund) in registry.funds.enumerated() {
            rows.append(.fundsSpent(source: fund.id, label: LocalizedText(zh: fund.name, en: fund.kind.english),
                                    runs.map { Estimate($0.plan.spentBySource[f]) }))
        }
        if !registry.funds.isEmpty { rows.append(.fundsTotal(runs.map { Estimate($0.plan.cost) })) }
        rows.append(.costPerPersonLifted(runs.map { $0.result.costPerPersonLifted.map { Estimate($0) } }))
        let names = scenarios.map { ScenarioName(name: $0.name, label: LocalizedText($0.name)) }
        let start = registeredPersons
        return Comparison(
            title: LocalizedText(zh: "\(county.name) \(nextYear) 年脱贫方案比较", en: "\(english), \(nextYear): the scenarios compared"),
            subtitle: LocalizedText(
                zh: "每个方案模拟 \(draws) 次（种子 \(seed)，各方案同一组随机数）；农业人口 \(county.agriculturalPopulation) 人，年初贫困人口 \(start) 人；区间为 5%～95%",
                en: "\(draws) draws per scenario (seed \(seed), the same random numbers for every scenario); \(county.agriculturalPopulation) agricultural residents, \(start) poor at the start of the year; ranges are 5 %–95 %"),
            scenarios: names,
            table: ComparisonTable(title: LocalizedText(zh: "主要指标", en: "Main indicators"), sections: ComparisonSection.standard, rows: rows),
            byTownship: townshipTable(),
            byTier: tierTable(),
            charts: ComparisonCharts(poorPersonsByTownship: townshipSeries(), headcount: headcountChart(start: start), funds: fundsChart()),
            notes: notes(),
            headline: ["poor_persons", "target:persons", "p_county_exit", "cost_per_person_lifted"])
    }

    /// One row per target kind any scenario tracks (nil for scenarios that do not track it).
    private func targetRows() -> [ComparisonRow] {
        let kinds: [(TargetOutcome.Kind, String)] = [(.personsExit, "persons"), (.villagesExit, "villages"),
                                                     (.maximumReturningHouseholds, "returning")]
        return kinds.compactMap { kind, name in
            let outcomes = runs.map { run in run.result.targets.first { $0.kind == kind } }
            guard let first = outcomes.compactMap({ $0 }).first else { return nil }
            let label: LocalizedText
            switch kind {
            case .personsExit: label = LocalizedText(zh: "脱贫\(first.value)人", en: "\(first.value) persons exit")
            case .villagesExit: label = LocalizedText(zh: "出列\(first.value)个村", en: "\(first.value) villages exit")
            default: label = LocalizedText(zh: "返贫不超过\(first.value)户", en: "at most \(first.value) households return")
            }
            return .targetProbability(name: name, label: label, outcomes.map { $0.map { Estimate($0.probability) } })
        }
    }

    private func tierName(_ tier: Int) -> LocalizedText {
        LocalizedText(zh: ["一类", "二类", "三类"][max(0, min(2, tier - 1))] + "乡镇", en: "Tier \(tier)")
    }

    /// Agricultural population by township (sum of its villages).
    private var townshipPopulation: [Double] {
        var population = [Double](repeating: 0, count: registry.townships.count)
        for village in registry.villages { population[village.township] += Double(village.agriculturalPopulation) }
        return population
    }

    private func townshipTable() -> ComparisonTable {
        let population = townshipPopulation
        var sections: [ComparisonSection] = [], rows: [ComparisonRow] = []
        for (t, township) in registry.townships.enumerated() {
            sections.append(ComparisonSection(key: township.name, label: LocalizedText(
                zh: "\(township.name)（\(tierName(township.tier).zh)）", en: "\(township.name) (\(tierName(township.tier).en.lowercased()))")))
            let poor = runs.map { Estimate($0.result.townshipMeanPoorPersons[t]) }
            rows.append(ComparisonRow.poorPersonsRemaining(poor).forEntity(township.name))
            rows.append(ComparisonRow.incidence(poor.map { Estimate(population[t] > 0 ? $0.value / population[t] : 0) }).forEntity(township.name))
        }
        return ComparisonTable(title: LocalizedText(zh: "分乡镇（均值）", en: "By township (means)"), sections: sections, rows: rows)
    }

    private func tierTable() -> ComparisonTable {
        let population = townshipPopulation
        var sections: [ComparisonSection] = [], rows: [ComparisonRow] = []
        for tier in Set(registry.townships.map(\.tier)).sorted() {
            let members = registry.townships.indices.filter { registry.townships[$0].tier == tier }
            let key = "tier\(tier)"
            sections.append(ComparisonSection(key: key, label: tierName(tier)))
            let people = members.reduce(0) { $0 + population[$1] }
            let poor = runs.map { run in Estimate(members.reduce(0) { $0 + run.result.townshipMeanPoorPersons[$1] }) }
            rows.append(ComparisonRow.poorPersonsRemaining(poor).forEntity(key))
            rows.append(ComparisonRow.incidence(poor.map { Estimate(people > 0 ? $0.value / people : 0) }).forEntity(key))
        }
        return ComparisonTable(title: LocalizedText(zh: "分类别乡镇（均值）", en: "By tier of township (means)"), sections: sections, rows: rows)
    }

    private func townshipSeries() -> CategorySeries {
        CategorySeries(title: LocalizedText(zh: "各乡镇年末剩余贫困人口（均值）", en: "Poor persons remaining by township (means)"),
                       unit: .persons, categories: registry.townships.map { LocalizedText($0.name) },
                       values: runs.map { $0.result.townshipMeanPoorPersons.map { Estimate($0) } })
    }

    /// The headcount over the draws, 24 common bins; the target line is the poor at the start of
    /// the year less the persons target (the headcount at which the persons target is just met
    /// when no one returns to poverty).
    private func headcountChart(start: Int) -> HeadcountChart {
        let all = runs.flatMap { $0.result.perDraw.map { Double($0.poorPersons) } }
        let low = (all.min() ?? 0).rounded(.down), high = (all.max() ?? 0).rounded(.up)
        let bins = 24
        let width = max(1, ((high - low) / Double(bins)).rounded(.up))
        let edges = (0...bins).map { low + Double($0) * width }
        let distributions = runs.map { run in
            var counts = [Int](repeating: 0, count: bins)
            for draw in run.result.perDraw {
                counts[min(bins - 1, Int((Double(draw.poorPersons) - low) / width))] += 1
            }
            let sorted = run.result.perDraw.map { Double($0.poorPersons) }.sorted()
            return HeadcountDistribution(binEdges: edges, counts: counts, draws: sorted.count,
                                         p05: Interval.quantile(sorted, 0.05), median: Interval.quantile(sorted, 0.5),
                                         p95: Interval.quantile(sorted, 0.95),
                                         probabilityTargetMet: run.result.targets.first { $0.kind == .personsExit }?.probability)
        }
        let target = runs.compactMap { $0.result.targets.first { $0.kind == .personsExit }?.value }.first
        return HeadcountChart(title: LocalizedText(zh: "明年贫困人口的分布与年度目标", en: "Next year's poor headcount against the year's target"),
                              target: target.map { Double(start - $0) }, targetLabel: LocalizedText(zh: "年度目标", en: "Year's target"),
                              distributions: distributions)
    }

    /// Funds by source and project type: each source's spending split by the plan's project mix;
    /// nil when a plan does not know its mix or there are no funds.
    private func fundsChart() -> FundsChart? {
        guard !registry.funds.isEmpty, runs.allSatisfy({ !$0.plan.projectMix.isEmpty }) else { return nil }
        let types = ProjectType.allCases.filter { type in runs.contains { $0.plan.projectMix.contains { $0.type == type } } }
        let amounts = runs.map { run in
            run.plan.spentBySource.map { spent in
                types.map { type in spent * (run.plan.projectMix.first { $0.type == type }?.share ?? 0) }
            }
        }
        return FundsChart(title: LocalizedText(zh: "扶贫资金：按来源和项目类型", en: "Funds by source and project type"),
                          sources: registry.funds.map { LocalizedText(zh: $0.name, en: $0.kind.english) },
                          projectTypes: types.map { LocalizedText(zh: $0.chinese, en: $0.english) }, amounts: amounts)
    }

    private func notes() -> [LocalizedText] {
        let model = study.incomeModel
        var notes = [LocalizedText(
            zh: "收入模型：\(IncomeModel.formula)（村固定效应，按村聚类标准误）；残差标准差 \(Int(model.residualStandardError.rounded())) 元/户，其中 \(Int((model.transitoryShare * 100).rounded()))% 的方差作为逐年波动。",
            en: "Income model: \(IncomeModel.formula) (village fixed effects, standard errors clustered by village); residual SD \(Int(model.residualStandardError.rounded())) yuan per household, \(Int((model.transitoryShare * 100).rounded())) % of its variance drawn as year-to-year variation.")]
        if runs.contains(where: { $0.plan.strategy == "even" }) {
            notes.append(LocalizedText(
                zh: "平均分配方案：各贫困村同额，按项目类型的回报率投入（即 tuopin allocate 的基准）；“优化”方案采用 tuopin allocate 的资金分配。",
                en: "Even spreading gives the same amount to every poor village, spent at each project type's return (the baseline of tuopin allocate); \"optimised\" scenarios use the allocation of tuopin allocate."))
        }
        return notes
    }
}
