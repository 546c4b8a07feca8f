import Foundation
import Planning
import Tabular

/// A plan's extra income by household and what it spends, as the simulation receives it.
public struct PlanIncome: Sendable, Equatable {
    /// The strategy that produced it (`even`, `optimised`, `none`).
    public var strategy: String
    /// Extra income next year by household, yuan a year (`HouseholdArrays.planIncome`).
    public var income: [Double]
    /// Yuan spent from each fund source, in the order of `CountyRegistry.funds`.
    public var spentBySource: [Double]
    /// Share of every source's money going to each project type (adding up to 1), when the plan
    /// knows it; empty otherwise. Even spreading and fixed plans fund the county's project mix.
    public var projectMix: [(type: ProjectType, share: Double)]
    /// The stable-exit margin the plan lifts households with (to line × (1 + exitMargin)); 0 for a
    /// plan lifting to the line and for fixed plans.
    public var exitMargin: Double

    public init(strategy: String, income: [Double], spentBySource: [Double], projectMix: [(type: ProjectType, share: Double)] = [],
                exitMargin: Double = 0) {
        self.strategy = strategy
        self.income = income
        self.spentBySource = spentBySource
        self.projectMix = projectMix
        self.exitMargin = exitMargin
    }

    public static func == (a: PlanIncome, b: PlanIncome) -> Bool {
        a.strategy == b.strategy && a.income == b.income && a.spentBySource == b.spentBySource && a.exitMargin == b.exitMargin
            && a.projectMix.map(\.type) == b.projectMix.map(\.type) && a.projectMix.map(\.share) == b.projectMix.map(\.share)
    }

    /// The county's project mix: each project type's share of the cost of `projects.csv`, in the
    /// order of `ProjectType.allCases` (the mix whose average return fixed plans earn).
    public static func projectMix(of registry: CountyRegistry) -> [(type: ProjectType, share: Double)] {
        let total = registry.projects.reduce(0) { $0 + max(0, $1.cost) }
        guard total > 0 else { return [] }
        return ProjectType.allCases.compactMap { type in
            let cost = registry.projects.filter { $0.type == type }.reduce(0) { $0 + max(0, $1.cost) }
            return cost > 0 ? (type, cost / total) : nil
        }
    }

    /// Yuan spent in all.
    public var cost: Double { spentBySource.reduce(0, +) }
}

/// The even and optimised plans of one non-zero stable-exit margin (`Scenario.exitMargin`).
public struct ExitMarginPlans: Sendable {
    /// The even plan lifting to line × (1 + margin) (`EvenPlan(_:exitMargin:)`).
    public var even: PlanIncome
    /// The optimiser's plan at the margin (`PlanIncome.optimised(_:exitMargin:)`): nil when no
    /// scenario asked for it, a failure when the allocation model could not be solved.
    public var optimised: Result<PlanIncome, AllocationError>?

    /// Builds the even plan of `registry` at `exitMargin` and, when `optimise` is true, solves the
    /// allocation model at that margin.
    public init(_ registry: CountyRegistry, exitMargin: Double, optimise: Bool) {
        even = CountyStudy.evenPlan(EvenPlan(registry, exitMargin: exitMargin), registry: registry, exitMargin: exitMargin)
        optimised = optimise ? Result { () throws(AllocationError) in try PlanIncome.optimised(registry, exitMargin: exitMargin) } : nil
    }
}

/// One county prepared for simulation: its registry, the income model fitted on it, and the plans
/// the scenarios may choose. `simulate` runs one scenario; every scenario of a comparison runs with
/// the same seed (common random numbers), so differences between scenarios come from the
/// scenarios, not from the luck of the draws.
public struct CountyStudy: Sendable {
    public let registry: CountyRegistry
    public let incomeModel: IncomeModel
    /// The even-spreading plan (平均主义), the placeholder strategy and the optimiser's baseline.
    public let evenPlan: PlanIncome
    /// How the even plan was built (`EvenSpreading`: villages, yuan per village, income by village).
    public let evenRule: EvenPlan
    /// The optimiser's plan (`tuopin allocate`, see `PlanIncome.optimised`), used by scenarios with
    /// `allocation = "optimised"`; nil when the allocation model could not be solved (they then
    /// fall back to the even plan, with a note).
    public var optimisedPlan: PlanIncome?
    /// The plans of the scenarios' non-zero stable-exit margins (`Scenario.exitMargin`), by margin,
    /// each built once (`init(registry:transitoryShare:scenarios:)`). `evenPlan` and `optimisedPlan`
    /// are the plans of margin 0. A margin missing here is built when a scenario asks for it.
    public var exitMarginPlans: [Double: ExitMarginPlans] = [:]

    /// Fits the income model, builds the even plan and, when `optimise` is true, solves the
    /// allocation model for the optimised plan (pass false when no scenario selects
    /// `allocation = "optimised"`: the solve is the largest cost of a big county, in time and memory).
    /// The plans lift households to the line (exit margin 0).
    /// - Throws: the regression's errors when the registry cannot identify the income model.
    public init(registry: CountyRegistry, transitoryShare: Double = IncomeModel.defaultTransitoryShare,
                optimise: Bool = true) throws {
        self.registry = registry
        incomeModel = try IncomeModel.fit(registry, transitoryShare: transitoryShare)
        let even = EvenPlan(registry)
        evenRule = even
        evenPlan = Self.evenPlan(even, registry: registry, exitMargin: 0)
        optimisedPlan = optimise ? try? PlanIncome.optimised(registry) : nil
    }

    /// The study for `scenarios`: the even plan of margin 0 always, and the plans the scenarios
    /// select, each once: the optimised plan of margin 0 when a scenario asks for it, and for every
    /// distinct non-zero `exitMargin` of an even or optimised scenario its even plan (also the
    /// fallback of a failed solve) and, when an optimised scenario uses the margin, its optimised plan.
    /// - Throws: the regression's errors when the registry cannot identify the income model.
    public init(registry: CountyRegistry, transitoryShare: Double = IncomeModel.defaultTransitoryShare,
                scenarios: [Scenario]) throws {
        let planned = scenarios.filter { $0.allocation == .optimised || $0.allocation == .even }
        try self.init(registry: registry, transitoryShare: transitoryShare,
                      optimise: planned.contains { $0.allocation == .optimised && $0.exitMargin == 0 })
        for margin in Set(planned.map(\.exitMargin)) where margin != 0 {
            let optimise = planned.contains { $0.allocation == .optimised && $0.exitMargin == margin }
            exitMarginPlans[margin] = ExitMarginPlans(registry, exitMargin: margin, optimise: optimise)
        }
    }

    /// The simulation's even plan from the even-spreading rule: its income and spending, funding the
    /// county's project mix.
    static func evenPlan(_ even: EvenPlan, registry: CountyRegistry, exitMargin: Double) -> PlanIncome {
        PlanIncome(strategy: "even", income: even.income, spentBySource: even.spentBySource,
                   projectMix: PlanIncome.projectMix(of: registry), exitMargin: exitMargin)
    }

    /// The plan a scenario's allocation strategy selects, at the scenario's exit margin, and a note
    /// when a fallback was used. Plans of a non-zero margin come from `exitMarginPlans`, or are built
    /// on the spot (not kept) when the study was not prepared for that margin.
    /// - Parameter scenarioPath: the scenario's file; a fixed plan's file is relative to its folder.
    /// - Throws: `InputError` for a fixed plan file that cannot be read or is not valid.
    public func plan(for scenario: Scenario, scenarioPath: String? = nil) throws -> (plan: PlanIncome, note: String?) {
        let margin = scenario.exitMargin
        switch scenario.allocation {
        case .even where margin == 0:
            return (evenPlan, nil)
        case .even:
            return ((exitMarginPlans[margin] ?? ExitMarginPlans(registry, exitMargin: margin, optimise: false)).even, nil)
        case .optimised where margin == 0:
            if let optimisedPlan { return (optimisedPlan, nil) }
            return (evenPlan, "scenario \(scenario.name): the optimised allocation could not be computed (run tuopin allocate to see why); using even spreading")
        case .optimised:
            let plans: ExitMarginPlans
            if let cached = exitMarginPlans[margin], cached.optimised != nil { plans = cached }
            else { plans = ExitMarginPlans(registry, exitMargin: margin, optimise: true) }
            if case .success(let plan)? = plans.optimised { return (plan, nil) }
            return (plans.even, "scenario \(scenario.name): the optimised allocation with exit margin \(margin) could not be computed (run tuopin allocate --exit-margin \(margin) to see why); using even spreading with the same margin")
        case .fixed(let file):
            let path = Self.path(of: file, besideScenario: scenarioPath)
            return (try PlanIncome.fixed(path: path, registry: registry, returnPerYuan: evenRule.returnPerYuan), nil)
        }
    }

    /// A file a scenario names (fixed plan, relocation schedule): absolute as given, else relative
    /// to the scenario file's folder (as given when the scenario has no path).
    static func path(of file: String, besideScenario scenarioPath: String?) -> String {
        let folder = scenarioPath.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        return file.hasPrefix("/") || folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
    }

    /// The engine's input for a plan: registry arrays, the model's residual spread, the plan's income
    /// and cost, the households `relocation` places moved with `effects` (`SimulationInput.relocate`),
    /// and the infrastructure of the villages `works` selects completed.
    public func input(plan: PlanIncome, relocation: RelocationPlan? = nil, effects: RelocationEffects = RelocationEffects(),
                      works: PolicyLevers.InfrastructureWorks = .none) -> SimulationInput {
        var input = SimulationInput(registry: registry, residualSpread: incomeModel.residualSpread,
                                    plan: plan.income, planCost: plan.cost > 0 ? plan.cost : nil)
        if let relocation { input.relocate(relocation.relocatedHouseholds(in: registry), effects: effects) }
        for v in villagesWithInfrastructureWorks(works) { input.villages.infrastructureOK[v] = true }
        return input
    }

    /// The registered poor villages (indices into `registry.villages`, not exited by the
    /// registry's year) whose infrastructure gaps `works` closes by the year after `through`
    /// (default: the registry's year, i.e. next year), in file order; only those with a gap are
    /// listed. A projection passes the registry's year + k for its (k + 1)-th year, so `planned`
    /// works follow the villages' planned exit years.
    public func villagesWithInfrastructureWorks(_ works: PolicyLevers.InfrastructureWorks, through: Int? = nil) -> [Int] {
        let year = registry.county.year
        let horizon = through ?? year
        return registry.villages.indices.filter { v in
            let village = registry.villages[v]
            guard village.isPoor, (village.exitYear ?? .max) > year, !village.missingInfrastructure.isEmpty else { return false }
            switch works {
            case .none: return false
            case .planned: return (village.plannedExitYear ?? .max) <= horizon + 1
            case .all: return true
            }
        }
    }

    /// Simulates one scenario; the households `relocation` places (the scenario's resettlement
    /// plan, nil for none) move with the scenario's `relocationEffects`.
    /// - Throws: `InputError` (a bad fixed plan file) or `SimulationInputError` (inconsistent input).
    public func simulate(_ scenario: Scenario, scenarioPath: String? = nil, relocation: RelocationPlan? = nil,
                         options: SimulationOptions) throws -> (result: SimulationResult, plan: PlanIncome, note: String?) {
        let (plan, note) = try plan(for: scenario, scenarioPath: scenarioPath)
        let input = input(plan: plan, relocation: relocation, effects: scenario.relocationEffects,
                          works: scenario.policy.infrastructureWorks)
        let result = try Simulation.run(input: input, scenario: scenario, options: options)
        return (result, plan, note)
    }
}
