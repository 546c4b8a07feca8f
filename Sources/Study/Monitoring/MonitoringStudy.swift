import Foundation
import Planning
import Simulation
import Tabular

/// Why a monitoring run cannot start.
public enum MonitoringError: Error, Equatable, Sendable, CustomStringConvertible {
    /// county.toml has no `[monitoring]` table.
    case noRule(file: String)
    /// The year asked for is not one the draws simulate (from `simulated`, the registry's year + 1,
    /// through `last`).
    case yearNotSimulated(year: Int, simulated: Int, last: Int)

    public var description: String {
        switch self {
        case .noRule(let file):
            "\(file): expected a [monitoring] table (threshold, and optionally spending_threshold, stable_years, risk_probability, source, [[monitoring.years]]) for tuopin monitor, found none"
        case let .yearNotSimulated(year, simulated, last):
            "--year \(year): the projection simulates \(simulated) (the registry's year + 1) through \(last); expected --year from \(simulated) to \(last)"
        }
    }
}

/// One household of the monitoring result: its record, its state in the year and the decision.
public struct MonitoredHousehold: Sendable {
    /// Household id (households.csv or ordinary_households.csv).
    public var id: String
    /// Index into `CountyRegistry.villages`.
    public var village: Int
    /// From ordinary_households.csv (not on the registry).
    public var ordinary: Bool
    public var state: MonitoredHouseholdState
    public var decision: MonitoringDecision
    /// Yuan a year missing to reach the threshold in expectation: threshold × persons − (projected
    /// income − compliant spending), ≥ 0; the projection is Σ_s income_s·(1 + growth_s) + plan income.
    public var gap: Double
    /// The cheapest project assistance closing `gap` (nil when the gap is 0).
    public var assistance: CheapestAssistance?
}

extension MonitoredHousehold {
    /// A classified household with its gap to the threshold and the cheapest assistance closing it:
    /// gap = max(0, threshold × persons − (expected income − compliant spending)), yuan a year;
    /// `expectedIncome` is the household's expected income of the year (yuan).
    init(id: String, village: Int, ordinary: Bool, state: MonitoredHouseholdState, decision: MonitoringDecision,
         threshold: Double, expectedIncome: Double, returns: [ProjectTypeReturn]) {
        let gap = max(0, threshold * Double(state.persons) - (expectedIncome - state.compliantSpending))
        self.init(id: id, village: village, ordinary: ordinary, state: state, decision: decision,
                  gap: gap, assistance: CheapestAssistance.plan(gap: gap, canWork: state.labour > 0, returns: returns))
    }

    /// The listed households as reports show them: most likely below the threshold first, ties in
    /// the order given (registry order); a stable sort.
    static func ranked(_ listed: [MonitoredHousehold]) -> [MonitoredHousehold] {
        listed.enumerated().sorted {
            $0.element.state.probabilityBelowThreshold != $1.element.state.probabilityBelowThreshold
                ? $0.element.state.probabilityBelowThreshold > $1.element.state.probabilityBelowThreshold : $0.offset < $1.offset
        }.map(\.element)
    }
}

/// What `tuopin monitor` computes for one year: the classified households and the targeting quality.
public struct MonitoringResult: Sendable {
    public var county: County
    public var scenario: String
    public var draws: Int
    public var seed: UInt64
    /// The parameters in force in the year, and the poverty line used (yuan per person per year).
    public var parameters: MonitoringParameters
    public var povertyLine: Double
    /// Every household with a status other than `none`, listed ones ordered by P(below threshold)
    /// descending, then registry order (registered households before ordinary ones); eliminated last.
    public var households: [MonitoredHousehold]
    /// Households examined: those not registered poor (exited registered households and ordinary ones).
    public var examined: Int
    /// The monitoring list against who falls below the line in the draws (population: the examined).
    public var monitorTargeting: TargetingQuality
    /// The allocation's beneficiaries (plan income > 0) against who falls below the line without the
    /// plan (population: the registered poor); nil when the plan gives no income.
    public var allocationTargeting: TargetingQuality?
    /// Seconds the run took (reported on stderr, never in the data).
    public var seconds: Double
    /// A later projected year (`--year` beyond the next): Σ over every household of P(sudden
    /// hardship), the expected number of 突发严重困难户 on the year's list — the projection's mean
    /// count of the year up to rounding; nil for the next year.
    public var expectedSuddenHardship: Double? = nil
    /// A later projected year: the projection's counts of the year (mean, 5 %, 95 % over the draws)
    /// the list is drawn from; nil for the next year.
    public var projectionMonitoring: ProjectionMonitoringYear? = nil

    /// The listed households.
    public var listed: [MonitoredHousehold] { households.filter(\.decision.isListed) }
    /// Listed households of `kind`.
    public func count(_ kind: MonitoringClass) -> Int { households.reduce(0) { $0 + ($1.decision.monitoringClass == kind ? 1 : 0) } }
    public var eliminated: Int { households.reduce(0) { $0 + ($1.decision.status == .riskEliminated ? 1 : 0) } }
    /// Monitored households whose elimination was refused.
    public var refused: Int { households.reduce(0) { $0 + ($1.decision.status == .monitored ? 1 : 0) } }
}

/// The monitoring of one year: the scenario's one-year simulation of every household (registered
/// and ordinary: the ordinary households are appended after the registry's, so the registered
/// households keep their random numbers), run twice with common random numbers — once with the
/// line, once with the monitoring threshold as the line — for each household's P(y < line) and
/// P(y < threshold), then `MonitoringClassifier` on each household's state, the cheapest
/// assistance (`CheapestAssistance`) and the targeting quality (`TargetingQuality`; a third run
/// without the plan's income gives who would fall below the line without the allocation).
public enum MonitoringStudy {
    public static func run(registry: CountyRegistry, scenario: Scenario, scenarioPath: String?, year: Int?,
                           settings: StudySettings, countyFile: String = "county.toml") throws -> (result: MonitoringResult, warnings: [String]) {
        let started = Date()
        guard let rule = registry.county.monitoring else { throw MonitoringError.noRule(file: countyFile) }
        let simulated = registry.county.year + 1
        let year = year ?? simulated
        let last = simulated + YearLevers.maximumYears - 1
        guard year >= simulated && year <= last else { throw MonitoringError.yearNotSimulated(year: year, simulated: simulated, last: last) }
        if year > simulated {
            return try runProjected(registry: registry, rule: rule, scenario: scenario, scenarioPath: scenarioPath, year: year,
                                    settings: settings, started: started)
        }
        let parameters = rule.parameters(for: year)
        var warnings: [String] = []
        let study = try CountyStudy(registry: registry, transitoryShare: settings.transitoryShare, scenarios: [scenario])
        let (plan, note) = try study.plan(for: scenario, scenarioPath: scenarioPath)
        if let note { warnings.append(note) }
        let relocation = try ScenarioRunner.relocationPlan(study, scenario, path: scenarioPath, for: "scenario \(scenario.name)", warnings: &warnings)
        var input = study.input(plan: plan, relocation: relocation, effects: scenario.relocationEffects, works: scenario.policy.infrastructureWorks)
        let registered = registry.households.count
        appendOrdinary(registry, to: &input)
        let options = SimulationOptions(draws: settings.draws, seed: settings.seed, threads: settings.threads, earlyWarningCount: 0)
        let line = scenario.policy.povertyLine ?? registry.county.povertyLine
        let atLine = try Simulation.run(input: input, scenario: scenario, options: options)
        var atThreshold = scenario
        atThreshold.policy.povertyLine = parameters.threshold
        let atThresholdResult = try Simulation.run(input: input, scenario: atThreshold, options: options)
        let pLine = atLine.householdPoorProbability, pThreshold = atThresholdResult.householdPoorProbability

        let returns = ProjectReturns.estimate(registry.projects)
        var listed: [MonitoredHousehold] = [], eliminated: [MonitoredHousehold] = []
        var population: [Double] = [], onList: [Bool] = []
        let h = input.households
        for i in 0..<h.count {
            guard !h.registeredPoor[i] else { continue }
            let ordinary = i >= registered
            let table = ordinary ? registry.ordinaryHouseholds : registry.households
            let k = ordinary ? i - registered : i
            let persons = Int(table.size[k])
            let state = MonitoredHouseholdState(
                registered: table.registeredYear[k] != 0, registeredPoor: false, persons: persons, labour: Int(table.labour[k]),
                perCapitaIncome: table.perCapitaIncome(k), compliantSpending: table.compliantSpending(k), risks: table.risks(k),
                monitoredYear: table.monitoredYear(k), probabilityBelowLine: pLine[i], probabilityBelowThreshold: pThreshold[i])
            let decision = MonitoringClassifier.classify(state, year: year, parameters: parameters)
            population.append(pLine[i])
            onList.append(decision.isListed)
            guard decision.status != .none else { continue }
            var projected = h.planIncome[i]
            for s in 0..<h.incomeBySource.count { projected += h.incomeBySource[s][i] * (1 + scenario.sources[s].growth) }
            let entry = MonitoredHousehold(id: table.ids[k], village: Int(table.village[k]), ordinary: ordinary, state: state, decision: decision,
                                           threshold: parameters.threshold, expectedIncome: projected, returns: returns)
            if decision.isListed { listed.append(entry) } else { eliminated.append(entry) }
        }
        let ordered = MonitoredHousehold.ranked(listed)

        var allocation: TargetingQuality?
        if plan.income.contains(where: { $0 > 0 }) {
            var withoutPlan = input
            withoutPlan.households.planIncome = Array(repeating: 0, count: h.count)
            withoutPlan.planCost = nil
            let noPlan = try Simulation.run(input: withoutPlan, scenario: scenario, options: options)
            var probabilities: [Double] = [], beneficiaries: [Bool] = []
            for i in 0..<registered where h.registeredPoor[i] {
                probabilities.append(noPlan.householdPoorProbability[i])
                beneficiaries.append(h.planIncome[i] > 0)
            }
            allocation = TargetingQuality(probabilities: probabilities, listed: beneficiaries)
        }
        let result = MonitoringResult(
            county: registry.county, scenario: scenario.name, draws: settings.draws, seed: settings.seed, parameters: parameters,
            povertyLine: line, households: ordered + eliminated, examined: population.count,
            monitorTargeting: TargetingQuality(probabilities: population, listed: onList), allocationTargeting: allocation,
            seconds: Date().timeIntervalSince(started))
        return (result, warnings)
    }

    /// Appends the registry's ordinary households (not registered: never registered poor, no plan
    /// income) to the engine's input, after its households.
    static func appendOrdinary(_ registry: CountyRegistry, to input: inout SimulationInput) {
        let table = registry.ordinaryHouseholds
        guard table.count > 0 else { return }
        var others = registry
        others.households = table
        others.ordinaryHouseholds = HouseholdTable()
        others.sourceLines = nil
        let o = SimulationInput(registry: others).households
        input.households.persons += o.persons
        input.households.village += o.village
        input.households.township += o.township
        input.households.category += o.category
        input.households.cause += o.cause
        for s in input.households.incomeBySource.indices { input.households.incomeBySource[s] += o.incomeBySource[s] }
        input.households.guaranteesMet += o.guaranteesMet
        input.households.registeredPoor += Array(repeating: false, count: table.count)
        input.households.planIncome += Array(repeating: 0, count: table.count)
    }
}

extension CountyWorkspace {
    /// The monitoring of `year` (nil: the next year) under `scenario` (read from `scenarioPath`).
    /// - Throws: `MonitoringError`, and the errors of `simulate`.
    public func monitor(_ scenario: Scenario, scenarioPath: String?, year: Int?, settings: StudySettings = StudySettings())
        throws -> (result: MonitoringResult, warnings: [String]) {
        try MonitoringStudy.run(registry: registry, scenario: scenario, scenarioPath: scenarioPath, year: year, settings: settings,
                                countyFile: (folder as NSString).appendingPathComponent("county.toml"))
    }
}
