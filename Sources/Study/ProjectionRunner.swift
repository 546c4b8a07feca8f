import Foundation
import Planning
import Simulation
import Tabular

/// One scenario projected over several years: the engine's result and the plan of each year.
public struct ScenarioProjection: Sendable {
    public var scenario: Scenario
    public var result: ProjectionResult
    /// The plan funded in each projected year (the first is the one-year simulation's plan).
    public var plans: [PlanIncome]
    /// The engine's years (inputs with the ordinary households appended when monitoring), kept
    /// only when the projection was asked to record households (`tuopin monitor --year`).
    public var years: [ProjectionYear]? = nil
}

extension ScenarioRunner {
    /// Projects `scenarios` (files `paths`) from the registry's year + 1 through `lastYear`, every
    /// scenario with the same seed (common random numbers).
    ///
    /// The first year is the one-year simulation's: the same plan, relocation, works and random
    /// numbers, so its figures are exactly those of `compare`. Each later year k:
    /// - the scenario of the year (`Scenario.projected`: growth compounded, `[years.YYYY]` levers);
    /// - the expected state, the same for every draw: each household's deterministic income of the
    ///   year with the plans funded so far (`Projection.expectedIncome`); a registered poor
    ///   household whose expected per-capita income reaches the plan's target (line × (1 + exit
    ///   margin)) with its guarantees met counts as exited, the others stay poor with that income;
    /// - the year's plan re-solved on that state with the year's funds (`[years.YYYY] funds`, else
    ///   `funds.csv`): even spreading, or the optimised allocation (`tuopin allocate`) solved again,
    ///   at the scenario's exit margin; a fixed plan is repeated. Plans keep paying: a household's
    ///   plan income in year k is the sum of the plans of years 1…k.
    /// - the infrastructure works of the villages planned to exit by that year (`planned`);
    /// - the year's relocation (`ProjectionRelocation`): the rows scheduled for the year (and those
    ///   left unplaced before), or `[years.YYYY] relocation_count`, placed on the sites' remaining
    ///   capacity; moved households stay moved. The first year moves what the one-year simulation moves.
    ///
    /// When `county.toml` has `[monitoring]`, the registry's ordinary households are appended to
    /// every year's households (classified only, never counted in the poverty figures) and every
    /// year and draw classifies the households as the monitoring does (`ProjectionMonitoring`);
    /// `recordHouseholds` keeps every year's per-household draws and the engine's years.
    /// - Parameter relocations: the scenarios' first-year relocation plans when `compare` has solved
    ///   them already (`ScenarioComparison.relocationPlans`, one per scenario); nil: solved here.
    /// - Throws: as `compare`; `InputError` for a `[years.YYYY]` table at or before the first year.
    public func project(_ scenarios: [Scenario], paths: [String], through lastYear: Int, recordHouseholds: Bool = false,
                        relocations solved: [RelocationPlan?]? = nil)
        throws -> (projections: [ScenarioProjection], warnings: [String]) {
        var warnings: [String] = []
        let registry = study.registry
        let firstYear = registry.county.year + 1
        let relocations = try solved.flatMap { $0.count == scenarios.count ? $0 : nil }
            ?? relocationPlans(scenarios, paths: paths, warnings: &warnings)
        let monitoring = registry.county.monitoring.map {
            ProjectionMonitoring.of(registry, rule: $0, first: firstYear, years: max(1, lastYear - firstYear + 1), record: recordHouseholds)
        }
        /// The engine's input of a year: the registry's households, then (monitoring) the ordinary ones.
        func engineInput(_ input: SimulationInput) -> SimulationInput {
            guard monitoring != nil else { return input }
            var out = input
            MonitoringStudy.appendOrdinary(registry, to: &out)
            return out
        }
        var out: [ScenarioProjection] = []
        for (k, (scenario, path)) in zip(scenarios, paths).enumerated() {
            if let early = scenario.years.first(where: { $0.year <= firstYear }) {
                throw InputError(file: path, message: "years.\(early.year): the first simulated year is \(firstYear), whose levers are the scenario's own keys; [years.YYYY] tables set the years after it")
            }
            let (plan0, note) = try study.plan(for: scenario, scenarioPath: path)
            if let note { warnings.append(note) }
            var base = study.input(plan: plan0, relocation: relocations[k], effects: scenario.relocationEffects,
                                   works: scenario.policy.infrastructureWorks)
            var relocation = try ProjectionRelocation(study: study, scenario: scenario, scenarioPath: path, first: relocations[k])
            let moved0 = ProjectionRelocation.firstYear(relocations[k], registry: registry)
            var first = ProjectionYear(year: firstYear, input: engineInput(base), scenario: scenario, cost: plan0.cost,
                                       personsExitTarget: scenario.targets.personsExit ?? target(firstYear)?.persons,
                                       villagesExitTarget: scenario.targets.villagesExit ?? target(firstYear)?.villages)
            first.relocatedPersons = moved0.persons
            first.relocatedHouseholds = moved0.households
            first.relocationCost = moved0.cost
            var years = [first]
            var plans = [plan0]
            var cumulative = plan0.income
            if lastYear > firstYear {
                for offset in 1...(lastYear - firstYear) {
                    let year = firstYear + offset
                    let yearScenario = scenario.projected(offset: offset, firstYear: firstYear)
                    let moved = relocation.advance(year: year, warnings: &warnings)
                    base.relocate(moved.moved, effects: scenario.relocationEffects)
                    var input = base
                    input.households.planIncome = cumulative
                    for v in study.villagesWithInfrastructureWorks(scenario.policy.infrastructureWorks, through: year - 1) {
                        input.villages.infrastructureOK[v] = true
                    }
                    let expected = Projection.expectedIncome(input: input, scenario: yearScenario)
                    let (plan, planNote) = try replan(scenario, path: path, year: year, expected: expected,
                                                      line: yearScenario.policy.povertyLine ?? registry.county.povertyLine,
                                                      funds: scenario.projectedFunds(offset: offset, firstYear: firstYear), first: plan0)
                    if let planNote { warnings.append(planNote) }
                    for h in cumulative.indices { cumulative[h] += plan.income[h] }
                    input.households.planIncome = cumulative
                    input.planCost = plan.cost > 0 ? plan.cost : nil
                    plans.append(plan)
                    var entry = ProjectionYear(year: year, input: engineInput(input), scenario: yearScenario, cost: plan.cost,
                                               personsExitTarget: target(year)?.persons, villagesExitTarget: target(year)?.villages)
                    entry.relocatedPersons = moved.persons
                    entry.relocatedHouseholds = moved.households
                    entry.relocationCost = moved.cost
                    years.append(entry)
                }
            }
            let options = settings.options(scenario: k, of: scenarios.count, name: scenario.name, progress: progress)
            let result: ProjectionResult
            do {
                result = try Projection.run(years: years, options: options, monitoring: monitoring)
            } catch {
                throw SimulationInputLocation.locate(error, folder: folder, scenarioPath: path, strategy: scenario.allocation.key)
            }
            out.append(ScenarioProjection(scenario: scenario, result: result, plans: plans, years: recordHouseholds ? years : nil))
        }
        return (out, warnings)
    }

    /// The county's target for `year` (`county.toml` `[[targets]]`).
    private func target(_ year: Int) -> YearTarget? {
        study.registry.county.targets.first { $0.year == year }
    }

    /// The plan of a later year, re-solved on the expected state (see `project`).
    private func replan(_ scenario: Scenario, path: String?, year: Int, expected: [Double], line: Double, funds: Double?,
                        first: PlanIncome) throws -> (plan: PlanIncome, note: String?) {
        let margin = scenario.exitMargin
        switch scenario.allocation {
        case .fixed:
            return (first, nil)
        case .even, .optimised:
            let registry = expectedRegistry(year: year, expected: expected, line: line, margin: margin, funds: funds)
            let even = EvenPlan(registry, exitMargin: margin)
            let evenPlan = PlanIncome(strategy: "even", income: even.income, spentBySource: even.spentBySource,
                                      projectMix: PlanIncome.projectMix(of: registry), exitMargin: margin)
            if scenario.allocation == .even { return (evenPlan, nil) }
            do {
                return (try PlanIncome.optimised(registry, exitMargin: margin), nil)
            } catch {
                return (evenPlan, "scenario \(scenario.name), \(year): the optimised allocation could not be computed (\(error)); using even spreading")
            }
        }
    }

    /// The registry as the plans of `year` see it: the year's line, the households still expected
    /// poor (registered poor now, expected per-capita income below line × (1 + margin) or a
    /// guarantee unmet) with their expected income, the others exited; funds scaled to `funds`.
    private func expectedRegistry(year: Int, expected: [Double], line: Double, margin: Double, funds: Double?) -> CountyRegistry {
        var registry = study.registry
        let originalYear = registry.county.year
        let target = line * (1 + margin)
        var table = registry.households
        for h in 0..<table.count where !table.hasExited(h, by: originalYear) {
            let size = Double(max(1, table.size[h]))
            if expected[h] / size >= target && table.guaranteesHold(h) {
                table.exitYear[h] = Int32(year - 1)
            }
            table.income[h] = expected[h]
        }
        registry.households = table
        registry.county.year = year - 1
        registry.county.povertyLine = line
        if let funds {
            let total = registry.funds.reduce(0) { $0 + $1.amount }
            if total > 0 { for f in registry.funds.indices { registry.funds[f].amount *= funds / total } }
        }
        return registry
    }
}

/// What a multi-year projection gave: the by-year report and the run's messages.
public struct ProjectionRun: Sendable {
    public var report: ProjectionReport
    /// Messages for a person (fallbacks of a year's plan, resettlement notes), in the order they arose.
    public var warnings: [String]
}

extension CountyWorkspace {
    /// The calendar years a projection of this county can run: from the registry's year + 1 to
    /// that + `YearLevers.maximumYears` − 1.
    public var projectionYears: ClosedRange<Int> {
        let first = registry.county.year + 1
        return first...(first + YearLevers.maximumYears - 1)
    }

    /// Projects `scenarios` (parsed from `paths`) through `lastYear` (`ScenarioRunner.project`).
    /// - Parameter run: the comparison of the same scenario files with the same settings (`plan
    ///   --through` runs both): its prepared county (income model, plans) and relocation plans are
    ///   used instead of being fitted and solved again — the same values, so the same output. A run
    ///   of other files or another transitory share is not used.
    /// - Throws: as `compare`, and `InputError` for a `[years.YYYY]` table at or before the first year.
    public func project(_ scenarios: [Scenario], paths: [String], through lastYear: Int, settings: StudySettings = StudySettings(),
                        progress: StudyProgress.Handler? = nil, reusing run: ComparisonRun? = nil) throws -> ProjectionRun {
        let reusable = run.flatMap { run in
            run.scenarioPaths == paths && run.result.scenarios.count == scenarios.count
                && run.study.incomeModel.transitoryShare == min(max(settings.transitoryShare, 0), 1) ? run : nil
        }
        let study = try reusable?.study ?? CountyStudy(registry: registry, transitoryShare: settings.transitoryShare, scenarios: scenarios)
        let runner = ScenarioRunner(study: study, settings: settings, progress: progress, folder: folder)
        let (projections, warnings) = try runner.project(scenarios, paths: paths, through: lastYear,
                                                         relocations: reusable?.result.relocationPlans)
        let limit = registry.county.exitThreshold * Double(registry.county.agriculturalPopulation)
        return ProjectionRun(report: ProjectionReport(projections: projections, countyExitLimit: limit), warnings: warnings)
    }

    /// Projects the scenarios of `scenarioPaths` (default: the folder's) through `lastYear`;
    /// `run`: as in `project(_:paths:through:settings:progress:reusing:)`.
    public func project(scenarioPaths given: [String] = [], through lastYear: Int, settings: StudySettings = StudySettings(),
                        progress: StudyProgress.Handler? = nil, reusing run: ComparisonRun? = nil) throws -> ProjectionRun {
        let paths = try scenarioPaths(given)
        return try project(try ScenarioFiles.load(paths), paths: paths, through: lastYear, settings: settings, progress: progress,
                           reusing: run)
    }
}
