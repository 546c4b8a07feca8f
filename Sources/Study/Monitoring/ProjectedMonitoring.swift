import Foundation
import Planning
import Simulation

extension ProjectionMonitoring {
    /// The monitoring columns of a projection of `registry` over the years `first…first + years − 1`
    /// (`county.toml` `[monitoring]` gives each year's threshold and stable years): the registry's
    /// households, then its ordinary households (classified only: `countedHouseholds` is the
    /// registry's count), with the first year's recorded reasons as `MonitoringClassifier` reads
    /// them (with m the first year's threshold: a recorded risk; rigid spending, compliant spending
    /// at least the spending threshold; income after the spending below m a person).
    /// - Parameter record: keep every year's per-household draws (`tuopin monitor --year`).
    static func of(_ registry: CountyRegistry, rule: MonitoringRule, first: Int, years: Int, record: Bool) -> ProjectionMonitoring {
        let parameters = (0..<years).map { rule.parameters(for: first + $0) }
        let p0 = parameters[0]
        var everRegistered: [Bool] = [], canWork: [Bool] = [], start: [Double] = []
        var risk: [Bool] = [], sudden: [Bool] = [], since: [Int?] = []
        for table in [registry.households, registry.ordinaryHouseholds] {
            for k in 0..<table.count {
                let persons = Double(max(1, table.size[k]))
                let perCapita = table.perCapitaIncome(k), spending = table.compliantSpending(k)
                let below = spending > 0 && perCapita - spending / persons < p0.threshold
                let rigid = p0.spendingThreshold.map { spending >= $0 && spending > 0 } ?? false
                let recorded = table.risks(k) != 0
                everRegistered.append(table.registeredYear[k] != 0)
                canWork.append(table.labour[k] > 0)
                start.append(perCapita)
                risk.append(below || rigid || recorded)
                sudden.append(rigid || recorded)
                since.append(table.monitoredYear(k))
            }
        }
        return ProjectionMonitoring(thresholds: parameters.map(\.threshold), stableYears: parameters.map(\.stableYears),
                                    everRegistered: everRegistered, canWork: canWork, startPerCapitaIncome: start,
                                    firstYearRisk: risk, firstYearSudden: sudden, monitoredSince: since,
                                    countedHouseholds: registry.households.count, recordHouseholds: record)
    }
}

extension MonitoringStudy {
    /// The monitoring of a later year Y (after the registry's year + 1 = F) inside the projection of
    /// `scenario` through Y (`ScenarioRunner.project`, with the ordinary households and every year's
    /// per-household draws): `MonitoringClassifier` applied year after year, F … Y, each year t to
    /// every household's state in t —
    /// - registered poor in t (the assistance's, not examined): for F the registry's; later, poor at
    ///   the end of t − 1 in more than half of the draws;
    /// - per-capita income at the start of t: the registry's for F, else the expected income of
    ///   t − 1 (`Projection.expectedIncome` of that year's input and scenario: grown, plans, relocation)
    ///   ÷ persons;
    /// - compliant spending and recorded risks: the registry's for F (its last 12 months), none later;
    /// - P(below the line) and P(below the threshold) in t: the shares of the projection's draws;
    /// - P(sudden hardship) in t > F: the share of the draws in which the projection lists it as
    ///   突发严重困难户 that year (the scenario's risks struck that year or still in force, with the
    ///   draw's income of t − 1 as the start: `ProjectionMonitoring`), so Σ over the households is
    ///   the projection's mean count of the year (`MonitoringResult.expectedSuddenHardship`);
    /// - the monitored year carried from year to year: set the year a household is identified,
    ///   cleared the year its risk is eliminated (the registry's `monitored_year` to start with);
    /// with the parameters of t (`[monitoring]`, `[[monitoring.years]]`). The result is year Y's:
    /// the gap and assistance from Y's expected income, the list's targeting against Y's draws; the
    /// allocation's targeting (a run without the plan) is the first year's only, so nil here.
    static func runProjected(registry: CountyRegistry, rule: MonitoringRule, scenario: Scenario, scenarioPath: String?, year: Int,
                             settings: StudySettings, started: Date) throws -> (result: MonitoringResult, warnings: [String]) {
        let study = try CountyStudy(registry: registry, transitoryShare: settings.transitoryShare, scenarios: [scenario])
        let runner = ScenarioRunner(study: study, settings: settings, progress: nil, folder: nil)
        let (projections, warnings) = try runner.project([scenario], paths: [scenarioPath ?? ""], through: year, recordHouseholds: true)
        guard let projection = projections.first, let draws = projection.result.householdDraws, let years = projection.years else {
            throw MonitoringError.yearNotSimulated(year: year, simulated: registry.county.year + 1, last: year)
        }
        let first = registry.county.year + 1
        let registered = registry.households.count
        let d = Double(projection.result.draws)
        let tables = [registry.households, registry.ordinaryHouseholds]
        let total = registered + registry.ordinaryHouseholds.count
        func record(_ i: Int) -> (table: HouseholdTable, k: Int, ordinary: Bool) {
            i < registered ? (tables[0], i, false) : (tables[1], i - registered, true)
        }
        var since: [Int?] = (0..<total).map { i in let r = record(i); return r.table.monitoredYear(r.k) }
        var expectedBefore: [Double] = []
        var decisions: [MonitoringDecision] = []
        var states: [MonitoredHouseholdState] = []
        for t in 0...(year - first) {
            let parameters = rule.parameters(for: first + t)
            let input = years[t].input
            decisions = []
            states = []
            decisions.reserveCapacity(total)
            states.reserveCapacity(total)
            for i in 0..<total {
                let (table, k, _) = record(i)
                let persons = Int(table.size[k])
                let poorBefore = t == 0 ? input.households.registeredPoor[i] : 2 * Int(draws.poor[t - 1][i]) > projection.result.draws
                let state = MonitoredHouseholdState(
                    registered: table.registeredYear[k] != 0, registeredPoor: poorBefore, persons: persons, labour: Int(table.labour[k]),
                    perCapitaIncome: t == 0 ? table.perCapitaIncome(k) : expectedBefore[i] / Double(max(1, persons)),
                    compliantSpending: t == 0 ? table.compliantSpending(k) : 0, risks: t == 0 ? table.risks(k) : 0,
                    monitoredYear: since[i], probabilityBelowLine: Double(draws.poor[t][i]) / d,
                    probabilityBelowThreshold: Double(draws.belowThreshold[t][i]) / d,
                    probabilitySuddenHardship: t == 0 ? nil : Double(draws.suddenHardship[t][i]) / d)
                let decision = MonitoringClassifier.classify(state, year: first + t, parameters: parameters)
                switch decision.status {
                case .identified: since[i] = first + t
                case .riskEliminated: since[i] = nil
                case .monitored, .none: break
                }
                decisions.append(decision)
                states.append(state)
            }
            expectedBefore = Projection.expectedIncome(input: input, scenario: years[t].scenario)
        }
        let parameters = rule.parameters(for: year)
        let expected = expectedBefore
        let returns = ProjectReturns.estimate(registry.projects)
        var listed: [MonitoredHousehold] = [], eliminated: [MonitoredHousehold] = []
        var population: [Double] = [], onList: [Bool] = []
        for i in 0..<total where !states[i].registeredPoor {
            let (table, k, ordinary) = record(i)
            let state = states[i], decision = decisions[i]
            population.append(state.probabilityBelowLine)
            onList.append(decision.isListed)
            guard decision.status != .none else { continue }
            let entry = MonitoredHousehold(id: table.ids[k], village: Int(table.village[k]), ordinary: ordinary, state: state, decision: decision,
                                           threshold: parameters.threshold, expectedIncome: expected[i], returns: returns)
            if decision.isListed { listed.append(entry) } else { eliminated.append(entry) }
        }
        let ordered = MonitoredHousehold.ranked(listed)
        let line = years[year - first].scenario.policy.povertyLine ?? registry.county.povertyLine
        // Summed in household order over every household (registered poor ones included: a household
        // poor at the start in some draws may be thrown into sudden hardship in others).
        let expectedSudden = year == first ? nil : draws.suddenHardship[year - first].reduce(0.0) { $0 + Double($1) } / d
        let result = MonitoringResult(
            county: registry.county, scenario: scenario.name, draws: settings.draws, seed: settings.seed, parameters: parameters,
            povertyLine: line, households: ordered + eliminated, examined: population.count,
            monitorTargeting: TargetingQuality(probabilities: population, listed: onList), allocationTargeting: nil,
            seconds: Date().timeIntervalSince(started), expectedSuddenHardship: expectedSudden,
            projectionMonitoring: projection.result.years[year - first].monitoring)
        return (result, warnings)
    }
}
