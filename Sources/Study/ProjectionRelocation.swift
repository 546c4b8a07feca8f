import Foundation
import Planning
import Simulation

/// The relocation of one scenario carried out year by year in a projection (`tuopin plan --through`).
///
/// The schedule is the rows of `relocation.csv` (or of the scenario's `[relocation] file`), in the
/// plan's order (by `year`, then file order). The first projected year moves what the one-year
/// simulation moves (`CountyStudy.relocationRows`: the rows scheduled up to that year — earlier ones
/// count as moved by then —, the scenario's `count` first rows, or its file's rows), placed by the
/// one-year resettlement plan. Each later year Y moves the rows not moved yet that are scheduled up
/// to Y (its own rows and those earlier years left unplaced), or — when the scenario's
/// `[years.Y] relocation_count = n` says so — the first n rows not moved yet in the schedule's
/// order (bringing later moves forward, postponing, or 0: nobody that year). The resettlement model
/// (`Resettlement.solve`) places them on what the sites have left (`SiteCapacity`: flats and seats
/// taken by earlier years, construction already paid); the rows it places move, with the scenario's
/// `RelocationEffects`, from that year on; the rows it leaves unplaced wait for the next year.
struct ProjectionRelocation {
    /// What one year's relocation did.
    struct Year {
        /// Persons and households (rows) placed at a site that year, registered or not (同步搬迁).
        var persons = 0
        var households = 0
        /// Yuan: subsidies and moving, plus the sites' construction in the first year.
        var cost = 0.0
        /// The registered households moved that year (for `SimulationInput.relocate`).
        var moved: [RelocatedHousehold] = []
    }

    let study: CountyStudy
    let scenario: Scenario
    let schedule: [Relocation]
    private(set) var done: [Bool]
    private(set) var capacity: SiteCapacity

    /// The schedule of `scenario` with the first year's plan `first` (nil: nobody moved) carried out.
    init(study: CountyStudy, scenario: Scenario, scenarioPath: String?, first: RelocationPlan?) throws {
        self.study = study
        self.scenario = scenario
        let rows: [Relocation]
        if case .file? = scenario.relocation {
            rows = try study.relocationRows(for: scenario, scenarioPath: scenarioPath)
        } else {
            rows = study.registry.relocation
        }
        schedule = rows.enumerated().sorted { a, b in
            a.element.year != b.element.year ? a.element.year < b.element.year : a.offset < b.offset
        }.map(\.element)
        done = Array(repeating: false, count: schedule.count)
        capacity = SiteCapacity(sites: study.registry.sites)
        if let first {
            var placed = Set<String>()
            for (k, row) in first.rows.enumerated() where k < first.result.rowSites.count && first.result.rowSites[k] != nil {
                placed.insert(row.id)
            }
            for k in schedule.indices where placed.contains(schedule[k].id) { done[k] = true }
            capacity = capacity.after(first.result)
        }
    }

    /// The first year's figures from its plan (as the one-year simulation carries it out).
    static func firstYear(_ plan: RelocationPlan?, registry: CountyRegistry) -> Year {
        guard let plan else { return Year() }
        return Year(persons: plan.result.placedPersons, households: plan.result.placedHouseholds, cost: plan.result.cost.totalYuan,
                    moved: plan.relocatedHouseholds(in: registry))
    }

    /// The rows year `year` tries to move (see the type), in schedule order.
    func candidates(year: Int, count: Int?) -> [Int] {
        let waiting = schedule.indices.filter { !done[$0] }
        if let count { return Array(waiting.prefix(max(0, count))) }
        return waiting.filter { schedule[$0].year <= year }
    }

    /// Carries out year `year` (after the first): solves the resettlement of its candidates on the
    /// sites' remaining capacity, marks the placed rows moved, and returns what it did; a model that
    /// cannot be solved moves nobody, with a warning.
    mutating func advance(year: Int, warnings: inout [String]) -> Year {
        let count = scenario.years.first { $0.year == year }?.relocationCount
        let rows = candidates(year: year, count: count)
        guard !rows.isEmpty else { return Year() }
        var registry = study.registry
        registry.relocation = rows.map { schedule[$0] }
        registry.sites = capacity.sites
        var options = ResettlementOptions()
        options.marginalValues = false
        options.solver.timeLimit = .infinity
        options.solver.nodeLimit = ScenarioRunner.relocationNodeLimit
        options = capacity.apply(to: options)
        let result: ResettlementResult
        do {
            result = try Resettlement.solve(registry, options: options)
        } catch {
            warnings.append("scenario \(scenario.name), \(year): no relocation (\(error))")
            return Year()
        }
        if result.status != .optimal {
            warnings.append("scenario \(scenario.name), \(year): resettlement stopped with status \(result.status.rawValue) (gap \(result.gap)); its best plan is used")
        }
        let plan = RelocationPlan(rows: registry.relocation, result: result)
        for (k, row) in rows.enumerated() where k < result.rowSites.count && result.rowSites[k] != nil { done[row] = true }
        capacity = capacity.after(result)
        // Subsidies and moving only: the sites' construction was paid in the first year (cost 0 here).
        return Year(persons: result.placedPersons, households: result.placedHouseholds, cost: result.cost.totalYuan,
                    moved: plan.relocatedHouseholds(in: study.registry))
    }
}
