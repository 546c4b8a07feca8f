import Foundation
import Planning
import Reports
import Simulation

/// The printed result of `tuopin simulate`: the JSON of the CLI contract and a text summary.
public struct SimulationReport: Sendable {
    /// The engine's result for the scenario.
    public var result: SimulationResult
    /// The plan whose income the scenario's households received.
    public var plan: PlanIncome
    /// The county as prepared for the simulation (registry, income model, plans).
    public var study: CountyStudy
    /// The scenario's relocation plan (nil: nobody moves) and what moving does.
    public var relocation: RelocationPlan?
    public var effects: RelocationEffects
    /// The scenario's infrastructure works (`[policy] infrastructure_works`).
    public var works: PolicyLevers.InfrastructureWorks

    public init(result: SimulationResult, plan: PlanIncome, study: CountyStudy, relocation: RelocationPlan?, effects: RelocationEffects,
                works: PolicyLevers.InfrastructureWorks) {
        self.result = result
        self.plan = plan
        self.study = study
        self.relocation = relocation
        self.effects = effects
        self.works = works
    }

    /// Registered households moved next year, and their persons.
    private var moved: (households: Int, persons: Int) {
        let moves = relocation?.relocatedHouseholds(in: study.registry) ?? []
        return (moves.count, moves.reduce(0) { $0 + Int(study.registry.households.size[$1.household]) })
    }

    private func interval(_ i: Interval) -> JSON {
        .object([("mean", .finite(i.mean)), ("p05", .finite(i.p05)), ("p95", .finite(i.p95)), ("std_error", .finite(i.standardError))])
    }

    /// JSON: `scenario`, `draws`, `seed`, `households`, `poor_persons` {mean, p05, p95, std_error},
    /// `p_county_exit`, `targets` [{name, kind, value, probability}], then the other intervals, the
    /// plan, the income model, mean poor persons by township and the early-warning list.
    public func json() -> JSON {
        let r = result
        let relocated = moved
        let registry = study.registry
        let h = registry.households
        let townships: [JSON] = registry.townships.enumerated().map { t, township in
            .object([("township", .string(township.name)), ("tier", .int(township.tier)),
                     ("poor_persons", .finite(r.townshipMeanPoorPersons[t]))])
        }
        let warning: [JSON] = r.earlyWarning.map { entry in
            let village = registry.villages[Int(h.village[entry.household])]
            return .object([
                ("household", .string(h.ids[entry.household])),
                ("village", .string(village.name)),
                ("township", .string(registry.townships[village.township].name)),
                ("probability", .finite(entry.probability)),
                ("projected_per_capita_income", .finite(entry.projectedPerCapitaIncome)),
            ])
        }
        let model = study.incomeModel
        return .object([
            ("scenario", .string(r.scenario)),
            ("draws", .int(r.draws)),
            ("seed", r.seed <= UInt64(Int.max) ? .int(Int(r.seed)) : .string(String(r.seed))),
            ("households", .int(r.households)),
            ("poor_persons", interval(r.poorPersons)),
            ("p_county_exit", .finite(r.countyExitProbability)),
            ("targets", .array(r.targets.map { t in
                .object([("name", .string(t.name)), ("kind", .string(t.kind.rawValue)), ("value", .int(t.value)),
                         ("probability", .finite(t.probability))])
            })),
            ("p_all_targets", .finite(r.allTargetsProbability)),
            ("poverty_line", .finite(r.povertyLine)),
            ("poor_households", interval(r.poorHouseholds)),
            ("incidence", interval(r.incidence)),
            ("persons_exiting", interval(r.exitingPersons)),
            ("households_exiting", interval(r.exitingHouseholds)),
            ("households_returning", interval(r.returningHouseholds)),
            ("persons_returning", interval(r.returningPersons)),
            ("villages_exiting", interval(r.villagesExiting)),
            ("fgt1", interval(r.povertyGap)),
            ("fgt2", interval(r.squaredPovertyGap)),
            ("gini", interval(r.gini)),
            ("persons_lifted_by_plan", interval(r.personsLiftedByPlan)),
            ("cost_per_person_lifted", .finite(r.costPerPersonLifted)),
            ("plan", .object([("strategy", .string(plan.strategy)), ("cost", .finite(plan.cost)), ("exit_margin", .finite(plan.exitMargin)),
                              ("spent_by_source", .array(zip(registry.funds, plan.spentBySource).map { fund, spent in
                                  .object([("source", .string(fund.id)), ("name", .string(fund.name)), ("amount", .finite(spent))])
                              }))])),
            ("relocation", .object([("households_moved", .int(relocated.households)), ("persons_moved", .int(relocated.persons)),
                                    ("farm_income_kept", .finite(effects.farmIncomeKept)),
                                    ("support_income", .finite(effects.supportIncome))])),
            ("infrastructure_works", .object([("scope", .string(works.rawValue)),
                                              ("villages", .int(study.villagesWithInfrastructureWorks(works).count))])),
            ("income_model", .object([("formula", .string(IncomeModel.formula)),
                                      ("residual_std_error", .finite(model.residualStandardError)),
                                      ("transitory_share", .finite(model.transitoryShare)),
                                      ("spread", .finite(model.meanTransitorySpread)),
                                      ("spread_per_yuan_earned", .finite(model.residualSpread.perYuanEarned))])),
            ("townships", .array(townships)),
            ("early_warning", .array(warning)),
        ])
    }

    /// A plain-text summary: the indicators with their 5 %–95 % ranges, the targets, the early-warning list.
    public func text(_ lang: Language) -> String {
        let r = result
        let zh = lang == .zh
        func row(_ zhLabel: String, _ enLabel: String, _ i: Interval, decimals: Int = 0, percent: Bool = false) -> [Cell] {
            let cell: (Double) -> Cell = { percent ? .percent($0, 2) : .number($0, decimals) }
            return [.text(zh ? zhLabel : enLabel), cell(i.mean), cell(i.p05), cell(i.p95)]
        }
        let main = ReportTable(
            key: "simulation", title: (zh: "情景 \(r.scenario)：\(r.draws) 次模拟（种子 \(r.seed)）",
                                        en: "Scenario \(r.scenario): \(r.draws) draws (seed \(r.seed))"),
            columns: [(zh: "指标", en: "indicator"), (zh: "均值", en: "mean"), (zh: "5%", en: "5 %"), (zh: "95%", en: "95 %")],
            rows: [
                row("年末贫困人口", "poor persons", r.poorPersons),
                row("贫困发生率", "incidence", r.incidence, percent: true),
                row("脱贫人口", "persons exiting", r.exitingPersons),
                row("贫困村出列", "villages exiting", r.villagesExiting),
                row("返贫户", "households returning", r.returningHouseholds),
                row("贫困距指数 FGT1", "poverty gap FGT1", r.povertyGap, decimals: 4),
                row("平方贫困距 FGT2", "squared poverty gap FGT2", r.squaredPovertyGap, decimals: 4),
                row("基尼系数", "Gini", r.gini, decimals: 3),
                row("方案带动脱贫人口", "persons lifted by the plan", r.personsLiftedByPlan),
            ])
        var targetRows: [[Cell]] = r.targets.contains { $0.kind == .countyExit } ? []
            : [[.text(zh ? "全县摘帽" : "county exits"), .percent(r.countyExitProbability, 1)]]
        targetRows += r.targets.map { [.text($0.name), .percent($0.probability, 1)] }
        if let all = r.allTargetsProbability { targetRows.append([.text(zh ? "全部目标" : "all targets"), .percent(all, 1)]) }
        let targets = ReportTable(key: "targets", title: (zh: "目标达成概率", en: "Chance of meeting the targets"),
                                  columns: [(zh: "目标", en: "target"), (zh: "概率", en: "probability")], rows: targetRows)
        let h = study.registry.households
        let warning = ReportTable(
            key: "early_warning", title: (zh: "监测户（未在册、最可能致贫）", en: "Early-warning list (not registered, most likely to fall poor)"),
            columns: [(zh: "户", en: "household"), (zh: "村", en: "village"), (zh: "致贫概率", en: "probability"), (zh: "预计人均收入", en: "projected per-capita income")],
            rows: r.earlyWarning.map { e in
                [.text(h.ids[e.household]), .text(study.registry.villages[Int(h.village[e.household])].name),
                 .percent(e.probability, 1), .number(e.projectedPerCapitaIncome, 0)]
            })
        var out = main.text(lang) + "\n" + targets.text(lang)
        if let cost = r.costPerPersonLifted {
            out += "\n" + (zh ? "每脱贫一人成本：\(NumberFormat.whole(cost)) 元\n" : "cost per person lifted: \(NumberFormat.whole(cost)) yuan\n")
        }
        if plan.exitMargin != 0 {
            let target = StableExitTarget(line: study.registry.county.povertyLine, exitMargin: plan.exitMargin)
            out += zh ? "稳定脱贫：方案帮扶至人均 \(target.income) 元 = 贫困线 × \(target.factor)\n"
                : "stable exit: the plan lifts households to \(target.income) yuan a person = line × \(target.factor)\n"
        }
        let relocated = moved
        if relocated.households > 0 {
            out += zh ? "易地搬迁：\(relocated.households) 户 \(relocated.persons) 人入住安置点\n"
                : "relocation: \(relocated.households) registered households (\(relocated.persons) persons) move into resettlement homes\n"
        }
        let worked = study.villagesWithInfrastructureWorks(works).count
        if worked > 0 {
            out += zh ? "基础设施：\(worked) 个贫困村年内补齐道路、饮水等短板\n"
                : "infrastructure: the gaps (road, water, …) of \(worked) poor villages are closed during the year\n"
        }
        if !r.earlyWarning.isEmpty { out += "\n" + warning.text(lang) }
        return out
    }
}
