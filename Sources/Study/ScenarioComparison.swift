import Foundation
import Planning
import Reports
import Simulation

/// Fills the Reports `Comparison` from simulated scenarios (baseline first). Every figure comes
/// from a `SimulationResult` or the registry; the renderers only format.
public struct ScenarioComparison: Sendable {
    /// The county as prepared for the simulations.
    public var study: CountyStudy
    /// The scenarios, baseline first.
    public var scenarios: [Scenario]
    /// Each scenario's result and plan, in the order of `scenarios`.
    public var runs: [(result: SimulationResult, plan: PlanIncome)]
    /// The resettlement plan behind each scenario (nil: the county has no relocation or no sites).
    public var resettlement: [ResettlementResult?]
    /// Each scenario's relocation plan, rows and result, as `ScenarioRunner.compare` solved it (empty
    /// when the comparison was filled otherwise): a projection of the same scenarios reuses them.
    public var relocationPlans: [RelocationPlan?] = []
    /// Draws per scenario and the seed they shared.
    public var draws: Int
    public var seed: UInt64

    public init(study: CountyStudy, scenarios: [Scenario], runs: [(result: SimulationResult, plan: PlanIncome)],
                resettlement: [ResettlementResult?], draws: Int, seed: UInt64) {
        self.study = study
        self.scenarios = scenarios
        self.runs = runs
        self.resettlement = resettlement
        self.draws = draws
        self.seed = seed
    }

    private var registry: CountyRegistry { study.registry }

    private func estimate(_ i: Interval) -> Estimate { Estimate(i.mean, low: i.p05, high: i.p95) }
    private func estimates(_ key: (SimulationResult) -> Interval) -> [Estimate?] { runs.map { estimate(key($0.result)) } }

    /// Persons registered poor now (the start of the simulated year).
    private var registeredPersons: Int {
        let h = registry.households
        return (0..<h.count).reduce(0) { $0 + (h.hasExited($1, by: registry.county.year) ? 0 : Int(h.size[$1])) }
    }

    /// The comparison model: main indicators with ranges, target chances, depth and inequality,
    /// funds, relocation, the breakdowns by township and tier, the charts and the notes.
    public func comparison() -> Comparison {
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
        rows += [.povertyGap(estimates(\.povertyGap)), .squaredPovertyGap(estimates(\.squaredPovertyGap)), .gini(estimates(\.gini))]
        for (f, fund) in registry.funds.enumerated() {
            rows.append(.fundsSpent(source: fund.id, label: LocalizedText(zh: fund.name, en: fund.kind.english),
                                    runs.map { Estimate($0.plan.spentBySource[f]) }))
        }
        if !registry.funds.isEmpty { rows.append(.fundsTotal(runs.map { Estimate($0.plan.cost) })) }
        rows.append(.costPerPersonLifted(runs.map { $0.result.costPerPersonLifted.map { Estimate($0) } }))
        rows += relocationRows()
        let names = scenarios.map { ScenarioName(name: $0.name, label: LocalizedText($0.name)) }
        let start = registeredPersons
        return Comparison(
            title: LocalizedText(zh: "\(county.name) \(nextYear) 年脱贫方案比较", en: "\(english), \(nextYear): the scenarios compared"),
            subtitle: LocalizedText(
                zh: "每个方案模拟 \(draws) 次（种子 \(seed)，各方案同一组随机数）；农业人口 \(persons(county.agriculturalPopulation, .zh))，年初贫困人口 \(persons(start, .zh))；区间为 5%～95%",
                en: "\(persons(draws, .en)) draws per scenario (seed \(seed), the same random numbers for every scenario); \(persons(county.agriculturalPopulation, .en)) agricultural residents, \(persons(start, .en)) poor at the start of the year; ranges are 5 %–95 %"),
            scenarios: names,
            table: ComparisonTable(title: LocalizedText(zh: "主要指标", en: "Main indicators"), sections: ComparisonSection.standard, rows: rows),
            byTownship: townshipTable(),
            byTier: tierTable(),
            charts: ComparisonCharts(poorPersonsByTownship: townshipSeries(), headcount: headcountChart(start: start), funds: fundsChart()),
            notes: notes(),
            headline: ["poor_persons", "target:persons", "p_county_exit", "cost_per_person_lifted"])
    }

    /// A count of persons as the reader's language writes it: 17.2万人, 172,000 (other counts in English: the same digits).
    private func persons(_ count: Int, _ language: Language) -> String {
        NumberFormat(language: language).value(Double(count), unit: .persons)
    }

    /// One row per target kind any scenario tracks (nil for scenarios that do not track it).
    /// Then, when a scenario tracks two targets or more (the county's exit counts), the chance that
    /// all of them are met in the same draw (key `target:all`).
    private func targetRows() -> [ComparisonRow] {
        let kinds: [(TargetOutcome.Kind, String)] = [(.personsExit, "persons"), (.villagesExit, "villages"),
                                                     (.maximumReturningHouseholds, "returning")]
        // Targets keep their exact figure in Chinese (脱贫14000人, as the yearly plan writes it); English groups digits.
        var rows: [ComparisonRow] = kinds.compactMap { kind, name in
            let outcomes = runs.map { run in run.result.targets.first { $0.kind == kind } }
            guard let first = outcomes.compactMap({ $0 }).first else { return nil }
            let label: LocalizedText
            switch kind {
            case .personsExit: label = LocalizedText(zh: "脱贫\(first.value)人", en: "\(persons(first.value, .en)) persons exit")
            case .villagesExit: label = LocalizedText(zh: "出列\(first.value)个村", en: "\(persons(first.value, .en)) villages exit")
            default: label = LocalizedText(zh: "返贫不超过\(first.value)户", en: "at most \(persons(first.value, .en)) households return")
            }
            return .targetProbability(name: name, label: label, outcomes.map { $0.map { Estimate($0.probability) } })
        }
        if runs.contains(where: { $0.result.targets.count > 1 }) {
            rows.append(.targetProbability(name: "all", label: LocalizedText(zh: "全部（同时）", en: "all at once"),
                                           runs.map { run in run.result.targets.count > 1 ? run.result.allTargetsProbability.map { Estimate($0) } : nil }))
        }
        return rows
    }

    /// Persons and households placed and unplaced, the plan's real cost in yuan, and the occupancy of every site with flats,
    /// from each scenario's resettlement plan; none when no scenario has one. Occupancy is the
    /// households placed at the site ÷ its flats: every household placed at a site with flats takes
    /// one, and the integer count avoids the solver's round-off in the continuous flat columns
    /// (which can read 100.0000001 %).
    private func relocationRows() -> [ComparisonRow] {
        guard resettlement.contains(where: { $0 != nil }) else { return [] }
        func values(_ value: (ResettlementResult) -> Double?) -> [Estimate?] {
            resettlement.map { result in result.flatMap(value).map { Estimate($0) } }
        }
        var rows: [ComparisonRow] = [
            .relocationPlaced(values { Double($0.placedPersons) }),
            .relocationUnplaced(values { Double($0.unplacedPersons) }),
            .relocationPlacedHouseholds(values { Double($0.placedHouseholds) }),
            .relocationUnplacedHouseholds(values { Double($0.unplacedHouseholds) }),
            .relocationCost(values { $0.cost.totalYuan }),
        ]
        for (s, site) in registry.sites.enumerated() where site.flatCount > 0 {
            let place = site.township.map { " in \(townshipName($0).en)" } ?? ""
            rows.append(.siteOccupancy(site: site.id, label: LocalizedText(zh: site.name, en: "site \(site.id)\(place)"),
                                       values { result in result.sites.first { $0.site == s }.map { Double($0.households) / Double(site.flatCount) } }))
        }
        return rows
    }

    /// A township's name: Chinese, and English from townships.csv's `name_en` (the Chinese name when absent).
    private func townshipName(_ t: Int) -> LocalizedText {
        let township = registry.townships[t]
        return LocalizedText(zh: township.name, en: township.englishName ?? township.name)
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

    /// Mean poor villages exiting in the given townships, per scenario: Σ P(village exits) over
    /// their villages (the probability is 0 for villages that are not registered poor).
    private func expectedVillageExits(_ townships: Set<Int>) -> [Estimate?] {
        runs.map { run in
            Estimate(registry.villages.indices.reduce(0.0) { sum, v in
                townships.contains(registry.villages[v].township) ? sum + run.result.villageExitProbability[v] : sum
            })
        }
    }

    private func townshipTable() -> ComparisonTable {
        let population = townshipPopulation
        var sections: [ComparisonSection] = [], rows: [ComparisonRow] = []
        for (t, township) in registry.townships.enumerated() {
            let name = townshipName(t)
            sections.append(ComparisonSection(key: township.name, label: LocalizedText(
                zh: "\(name.zh)（\(tierName(township.tier).zh)）", en: "\(name.en) (\(tierName(township.tier).en.lowercased()))")))
            let poor = runs.map { Estimate($0.result.townshipMeanPoorPersons[t]) }
            rows.append(ComparisonRow.poorPersonsRemaining(poor).forEntity(township.name))
            rows.append(ComparisonRow.incidence(poor.map { Estimate(population[t] > 0 ? $0.value / population[t] : 0) }).forEntity(township.name))
            rows.append(ComparisonRow.villagesExiting(expectedVillageExits([t])).forEntity(township.name))
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
            rows.append(ComparisonRow.villagesExiting(expectedVillageExits(Set(members))).forEntity(key))
        }
        return ComparisonTable(title: LocalizedText(zh: "分类别乡镇（均值）", en: "By tier of township (means)"), sections: sections, rows: rows)
    }

    private func townshipSeries() -> CategorySeries {
        CategorySeries(title: LocalizedText(zh: "各乡镇年末剩余贫困人口（均值）", en: "Poor persons remaining by township (means)"),
                       unit: .persons, categories: registry.townships.indices.map(townshipName),
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
            zh: "收入模型：\(IncomeModel.formula)（村固定效应，按村聚类标准误）；残差标准差 \(NumberFormat.whole(model.residualStandardError)) 元/户，其中 \(NumberFormat.whole(model.transitoryShare * 100))% 的方差作为逐年波动，按各户劳动经营收入（种植、务工、养殖、林果）成比例抽取（每元收入 \(String(format: "%.2f", model.residualSpread.perYuanEarned)) 元标准差）。",
            en: "Income model: \(IncomeModel.formula) (village fixed effects, standard errors clustered by village); residual SD \(NumberFormat.whole(model.residualStandardError)) yuan per household, \(NumberFormat.whole(model.transitoryShare * 100)) % of its variance drawn as year-to-year variation, in proportion to each household's earned income (planting, migrant work, breeding, forestry: SD \(String(format: "%.2f", model.residualSpread.perYuanEarned)) yuan per yuan earned).")]
        let worked = scenarios.filter { $0.policy.infrastructureWorks != .none }
        if !worked.isEmpty {
            let counts = worked.map { "\($0.name) \(study.villagesWithInfrastructureWorks($0.policy.infrastructureWorks).count)" }
                .joined(separator: ", ")
            notes.append(LocalizedText(
                zh: "基础设施短板（道路、饮水、卫生室等）年内补齐的贫困村数：\(counts)；其余缺项村不能出列。",
                en: "Poor villages whose infrastructure gaps (road, water, clinic, …) are closed during the year: \(counts); other villages with a gap cannot exit."))
        }
        if runs.contains(where: { $0.plan.strategy == "even" }) {
            notes.append(LocalizedText(
                zh: "平均分配方案：各贫困村同额，按项目类型的回报率投入（即 tuopin allocate 的基准）；“优化”方案采用 tuopin allocate 的资金分配。",
                en: "Even spreading gives the same amount to every poor village, spent at each project type's return (the baseline of tuopin allocate); \"optimised\" scenarios use the allocation of tuopin allocate."))
        }
        let margins = zip(scenarios, runs).filter { $0.1.plan.exitMargin != 0 }
        if !margins.isEmpty {
            let line = registry.county.povertyLine
            func each(_ zh: Bool) -> String {
                margins.map { scenario, run in
                    let target = StableExitTarget(line: line, exitMargin: run.plan.exitMargin)
                    return zh ? "\(scenario.name) 帮扶至人均 \(target.income) 元（贫困线 × \(target.factor)）"
                        : "\(scenario.name) lifts households to \(target.income) yuan a person (line × \(target.factor))"
                }.joined(separator: zh ? "；" : "; ")
            }
            notes.append(LocalizedText(
                zh: "稳定脱贫（[allocation] exit_margin）：\(each(true))，而非恰好达到贫困线，使明年收入波动后仍在线上。",
                en: "Stable exit ([allocation] exit_margin): \(each(false)), not just to the line, so that next year's ups and downs leave them above it."))
        }
        let plans = resettlement.compactMap { $0 }
        if !plans.isEmpty {
            var gap = LocalizedText(zh: "", en: "")
            if let stopped = plans.first(where: { $0.status != .optimal }) {
                gap = LocalizedText(zh: "（求解未完成，状态 \(stopped.status.rawValue)，相对差距 \(String(format: "%.2g", stopped.gap))）",
                                    en: " (a solve stopped with status \(stopped.status.rawValue), relative gap \(String(format: "%.2g", stopped.gap)))")
            }
            let own = scenarios.contains { $0.relocation != nil }
            let scope = own
                ? LocalizedText(zh: "设定了 [relocation] 的方案按其自身的搬迁户求解，其余方案用 relocation.csv", en: "scenarios with [relocation] are solved for their own relocating households, the others for relocation.csv")
                : LocalizedText(zh: "各方案均未改变 relocation.csv 和安置点，故各方案相同", en: "no scenario changes relocation.csv or the sites, so it is the same for each")
            notes.append(LocalizedText(
                zh: "易地扶贫搬迁：tuopin resettle 的安置方案（默认成本与限制）\(gap.zh)；\(scope.zh)。入住率 = 已分配住房 ÷ 安置点住房套数（每户一套）。",
                en: "Relocation: the resettlement plan of tuopin resettle (default costs and limits)\(gap.en); \(scope.en). Occupancy = flats assigned ÷ flats built at the site (one per household)."))
        }
        return notes
    }
}
