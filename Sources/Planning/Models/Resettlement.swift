import Foundation
import Optimization

/// One flat type of a site after the solve.
public struct FlatOutcome: Sendable, Equatable {
    /// m².
    public var area: Double
    public var flats: Int
    /// Flats of this type taken, a whole number (see `ResettlementPlacement.flatsTaken`).
    public var taken: Int
    /// taken ÷ flats (NaN for a type with no flats).
    public var occupancy: Double
    /// What one more flat of this type buys: persons placed and real yuan (the MIP solved again).
    public var oneMore: LimitValue
}

/// One site after the solve.
public struct SiteOutcome: Sendable, Equatable {
    public var site: Int
    public var households: Int
    public var persons: Int
    /// Building subsidies paid, yuan.
    public var subsidy: Double
    /// Moving cost of the persons placed here, yuan (persons × km × yuan per person-km).
    public var travelYuan: Double
    /// Flats taken ÷ flats (NaN for a site without flats, e.g. dispersed resettlement).
    public var occupancy: Double
    public var flats: [FlatOutcome]
    /// Estimated pupils and kindergarten children placed, with what one more seat buys (nothing when seats are not short).
    public var pupils: Double
    public var oneMoreSchoolSeat: LimitValue
    public var kindergartenChildren: Double
    public var oneMoreKindergartenSeat: LimitValue
}

/// Households left unplaced, by natural village or by size for scattered households, with the reason.
public struct UnplacedUnit: Sendable, Equatable {
    public var label: String
    public var households: Int
    public var persons: Int
    public var reason: String
}

/// Everything `tuopin resettle` reports.
public struct ResettlementResult: Sendable {
    public var status: SolveStatus
    /// The model's objective: real costs plus its steering charges (unplaced persons at
    /// `unplacedCostPerPerson`, empty flats at their share of the construction) — the optimum of the
    /// exported MPS, not an amount of money. The money is `cost`.
    public var objective: Double
    /// The plan's real money, yuan: subsidies, travel and construction, without penalties.
    public var cost: ResettlementCost
    /// Relative optimality gap of branch and bound, and its best bound.
    public var gap: Double
    public var bound: Double
    public var nodes: Int
    public var placedPersons: Int
    public var unplacedPersons: Int
    public var placedHouseholds: Int
    public var unplacedHouseholds: Int
    /// Site index per natural village (nil: unplaced), in `model.groups` order.
    public var groupSites: [Int?]
    /// Scattered households placed, `[size][site]`.
    public var scatteredPlaced: [[Int]]
    /// Site index of every relocation row (`CountyRegistry.relocation` order; nil: not placed).
    /// A natural village's rows take its group's site. The model places scattered households by
    /// size only (`scatteredPlaced`), so the rows of n persons are handed out in file order: the
    /// first `scatteredPlaced[n][0]` to site 0, the next ones to site 1, and so on; the rest stay unplaced.
    public var rowSites: [Int?]
    public var sites: [SiteOutcome]
    public var unplaced: [UnplacedUnit]
    /// What 10,000 more yuan of subsidy budget buy (when a budget is given).
    public var oneMoreBudget: LimitValue?
    public var seconds: Double
}

public enum Resettlement {
    /// Builds and solves the resettlement model of `registry` by branch and bound.
    public static func solve(_ registry: CountyRegistry, options: ResettlementOptions = ResettlementOptions()) throws(ResettlementError) -> ResettlementResult {
        let model = try ResettlementModel(registry: registry, options: options)
        return solve(model, registry: registry, options: options)
    }

    public static func solve(_ built: ResettlementModel, registry: CountyRegistry, options: ResettlementOptions) -> ResettlementResult {
        let started = Date()
        let solution = LPSolver.solve(built.model, options: options.solver)
        let baseSeconds = Date().timeIntervalSince(started)
        let sites = registry.sites
        let total = registry.relocation.reduce(0) { $0 + $1.persons }
        let haveSolution = !solution.primal.isEmpty && (solution.status == .optimal || solution.status == .timeLimit || solution.status == .iterationLimit)
        let placement = ResettlementPlacement(built, sites: sites.count, x: haveSolution ? solution.primal : [])
        let taken = haveSolution ? placement.flatsTaken(built, sites: sites, x: solution.primal) : sites.map { [Int](repeating: 0, count: $0.flats.count) }
        let cost = ResettlementCost.of(persons: placement.persons, flatsTaken: taken.map { $0.reduce(0, +) }, sites: sites,
                                       yuanPerPersonKm: options.yuanPerPersonKm)
        var result = ResettlementResult(
            status: solution.status, objective: solution.objective, cost: cost, gap: solution.gap, bound: solution.bound, nodes: solution.nodes,
            placedPersons: placement.persons.reduce(0, +), unplacedPersons: 0,
            placedHouseholds: placement.households.reduce(0, +), unplacedHouseholds: 0,
            groupSites: placement.groupSites, scatteredPlaced: placement.scatteredPlaced,
            rowSites: [Int?](repeating: nil, count: registry.relocation.count),
            sites: [], unplaced: [], oneMoreBudget: nil, seconds: 0)
        let persons = placement.persons, households = placement.households
        for (g, group) in built.groups.enumerated() {
            for k in group.members { result.rowSites[k] = result.groupSites[g] }
        }
        for (n, members) in built.scatteredMembers.enumerated() where n < result.scatteredPlaced.count {
            var next = 0
            for (s, count) in result.scatteredPlaced[n].enumerated() {
                for k in members[next..<min(members.count, next + max(0, count))] { result.rowSites[k] = s }
                next = min(members.count, next + max(0, count))
            }
        }
        result.unplacedPersons = total - result.placedPersons
        result.unplacedHouseholds = registry.relocation.count - result.placedHouseholds
        // What one more flat, seat or 10,000 yuan buys: the MIP solved again with that row's limit
        // raised (an exact finite difference; the final node's LP duals are zero once the integers are fixed).
        let unknown: LimitValue = options.marginalValues && solution.status == .optimal ? .notBinding : .notComputed
        var flatValue = sites.map { [LimitValue](repeating: unknown, count: $0.flats.count) }
        var schoolValue = [LimitValue](repeating: unknown, count: sites.count), kindergartenValue = schoolValue
        var shortages: [String] = []
        let values = solution.status == .optimal && options.marginalValues
            ? limitValues(built, options: options, base: result, baseSeconds: baseSeconds, activities: solution.rowActivities, sites: sites) : []
        for (i, kind) in built.rowKinds.enumerated() {
            let value = i < values.count ? values[i] : .notComputed
            switch kind {
            case let .flats(s, a):
                flatValue[s][a] = value
                if taken[s][a] >= sites[s].flats[a].count { shortages.append("every \(MPSWriterName.number(sites[s].flats[a].area)) m² flat at \(sites[s].id) is taken") }
            case let .schoolSeats(s):
                schoolValue[s] = value
                if value.binds { shortages.append("school seats at \(sites[s].id) are full") }
            case let .kindergartenSeats(s):
                kindergartenValue[s] = value
                if value.binds { shortages.append("kindergarten seats at \(sites[s].id) are full") }
            case .subsidyBudget:
                result.oneMoreBudget = i < values.count ? value : nil
                if value.binds { shortages.append("the subsidy budget is spent") }
            default: break
            }
        }
        result.sites = sites.enumerated().map { s, site in
            let flats = site.flats.enumerated().map { a, flat in
                FlatOutcome(area: flat.area, flats: flat.count, taken: taken[s][a],
                            occupancy: flat.count > 0 ? Double(taken[s][a]) / Double(flat.count) : .nan, oneMore: flatValue[s][a])
            }
            let flatsTaken = taken[s].reduce(0, +)
            return SiteOutcome(site: s, households: households[s], persons: persons[s], subsidy: Double(persons[s]) * site.subsidyPerPerson,
                               travelYuan: Double(persons[s]) * site.distanceKm * options.yuanPerPersonKm,
                               occupancy: site.flatCount > 0 ? Double(flatsTaken) / Double(site.flatCount) : .nan, flats: flats,
                               pupils: options.pupilsPerPerson * Double(persons[s]), oneMoreSchoolSeat: schoolValue[s],
                               kindergartenChildren: options.kindergartenChildrenPerPerson * Double(persons[s]),
                               oneMoreKindergartenSeat: kindergartenValue[s])
        }
        if haveSolution {
            let reason = shortages.isEmpty ? "placing costs more than the unplaced cost per person" : shortages.joined(separator: "; ")
            for (g, group) in built.groups.enumerated() where result.groupSites[g] == nil {
                result.unplaced.append(UnplacedUnit(label: "\(registry.villages[group.village].name) \(group.naturalVillage)",
                                                    households: group.members.count, persons: group.persons, reason: reason))
            }
            for n in built.scatteredBySize.indices where built.scatteredBySize[n] > 0 {
                let left = built.scatteredBySize[n] - result.scatteredPlaced[n].reduce(0, +)
                if left > 0 { result.unplaced.append(UnplacedUnit(label: "scattered households of \(n)", households: left, persons: left * n, reason: reason)) }
            }
        } else {
            result.unplaced = [UnplacedUnit(label: "all", households: registry.relocation.count, persons: total,
                                            reason: shortfall(built: built, registry: registry, options: options))]
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// The time limit of each re-solve of `limitValues`, seconds: a tenth of the options' time limit,
    /// and at most `resolveTimeFactor` × `baseSeconds` (the base solve's time), but never below one
    /// second. With the default 30 s limit and factor 2: 1 s for a base solve under half a second,
    /// up to 3 s from a base solve of 1.5 s.
    static func resolveTimeLimit(_ options: ResettlementOptions, baseSeconds: Double) -> Double {
        max(1, min(options.solver.timeLimit / 10, options.resolveTimeFactor * baseSeconds))
    }

    /// Subsidy budget added by the budget's re-solve, yuan: 10,000 (万元), the unit planners budget in,
    /// or the largest subsidy of one person when that is more (so that one more person can be paid for).
    static func budgetStep(_ sites: [Site]) -> Double { max(10_000, sites.map(\.subsidyPerPerson).max() ?? 0) }

    /// What one more unit of each flat, seat and budget row's limit buys (other rows: not binding), by
    /// solving again with the limit raised by one flat or seat, or by `budgetStep` yuan for the budget
    /// (then scaled to 10,000 yuan): the change of the persons placed and of the real cost between the
    /// two optimal plans. A limit not reached at the optimum (more than one unit left) is not binding
    /// and costs no solve. Each re-solve has the options' node limit and `resolveTimeLimit` (at most a
    /// tenth of the time limit, and `ResettlementOptions.resolveTimeFactor` times the base solve's
    /// time, at least a second); one that cannot prove its optimum gives `LimitValue.notSolved`. When
    /// the base solve alone took longer than that limit, the same MIP with one limit raised cannot
    /// be expected to finish within it: nothing is solved again and every binding limit gives
    /// `LimitValue.notSolved` at once — what the re-solves would have shown after running out of time.
    ///
    /// The re-solves are independent: they run side by side, one per core, each with OpenBLAS on one
    /// thread (`SolverOptions.singleThreadBelowRows`), so that they share the process's BLAS lease
    /// instead of taking turns on the exclusive one. Each result lands at its row, so the values do
    /// not depend on the order in which the solves finish.
    static func limitValues(_ built: ResettlementModel, options: ResettlementOptions, base: ResettlementResult, baseSeconds: Double,
                            activities: [Double], sites: [Site]) -> [LimitValue] {
        struct Resolve: Sendable {
            var row: Int, step: Double, perUnit: Double, extraFlats: [Int]
        }
        var resolves: [Resolve] = []
        for (i, kind) in built.rowKinds.enumerated() {
            if i < activities.count, activities[i] < built.model.rows[i].upper - 1 { continue }
            var extraFlats = [Int](repeating: 0, count: sites.count)
            switch kind {
            case let .flats(s, _):
                extraFlats[s] = 1
                resolves.append(Resolve(row: i, step: 1, perUnit: 1, extraFlats: extraFlats))
            case .schoolSeats, .kindergartenSeats:
                resolves.append(Resolve(row: i, step: 1, perUnit: 1, extraFlats: extraFlats))
            case .subsidyBudget:
                resolves.append(Resolve(row: i, step: budgetStep(sites), perUnit: 10_000, extraFlats: extraFlats))
            default: continue
            }
        }
        var solver = options.solver
        solver.timeLimit = resolveTimeLimit(options, baseSeconds: baseSeconds)
        if baseSeconds > solver.timeLimit {
            var values = [LimitValue](repeating: .notBinding, count: built.rowKinds.count)
            for job in resolves { values[job.row] = .notSolved }
            return values
        }
        let lanes = min(resolves.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        if lanes > 1 {
            solver.singleThreadBelowRows = .max
            solver.threads = 1
        }
        let parallelSolver = solver, jobs = resolves
        let found = ResolveResults(count: resolves.count)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for k in stride(from: lane, to: jobs.count, by: lanes) {
                let job = jobs[k]
                var model = built.model
                var row = model.rows[job.row]
                row.upper += job.step
                model.updateRow(job.row, row)
                let again = LPSolver.solve(model, options: parallelSolver)
                guard again.status == .optimal, !again.primal.isEmpty else {
                    found.set(k, .notSolved)
                    continue
                }
                let placement = ResettlementPlacement(built, sites: sites.count, x: again.primal)
                let taken = placement.flatsTaken(built, sites: sites, x: again.primal).map { $0.reduce(0, +) }
                let cost = ResettlementCost.of(persons: placement.persons, flatsTaken: taken, sites: sites,
                                               yuanPerPersonKm: options.yuanPerPersonKm, extraFlats: job.extraFlats)
                let scale = job.perUnit / job.step
                found.set(k, LimitValue(binds: true, solved: true,
                                        personsPlaced: Double(placement.persons.reduce(0, +) - base.placedPersons) * scale,
                                        costYuan: (cost.totalYuan - base.cost.totalYuan) * scale))
            }
        }
        var values = [LimitValue](repeating: .notBinding, count: built.rowKinds.count)
        for (k, job) in resolves.enumerated() { values[job.row] = found.value(k) }
        return values
    }

    /// What is short when every household must be placed: persons against places, households against flats.
    static func shortfall(built: ResettlementModel, registry: CountyRegistry, options: ResettlementOptions) -> String {
        let persons = registry.relocation.reduce(0) { $0 + $1.persons }
        let households = registry.relocation.count
        let open = registry.sites.contains { $0.flats.isEmpty }
        var parts: [String] = []
        if !open {
            let flats = registry.sites.reduce(0) { $0 + $1.flatCount }
            if flats < households { parts.append("\(households) households need a flat, the sites have \(flats): short \(households - flats) flats") }
        }
        for site in registry.sites where site.kind == .concentrated && site.schoolSeats > 0 && !open {
            parts.append("school seats \(site.schoolSeats) at \(site.id) for an estimated \(wholeText(options.pupilsPerPerson * Double(persons))) pupils")
        }
        if let budget = options.subsidyBudget {
            let least = Double(persons) * (registry.sites.map(\.subsidyPerPerson).min() ?? 0)
            if least > budget { parts.append("subsidies need at least \(wholeText(least)) yuan, the budget is \(wholeText(budget)): short \(wholeText(least - budget))") }
        }
        return parts.isEmpty ? "the rules conflict in combination (no single one is short)" : parts.joined(separator: "; ")
    }
}

/// A computed amount as a whole number for a message, without the trap of `Int(_:)` beyond ±2⁶³
/// (a budget of 10¹² yuan per person times many persons) or on a value that is not finite.
func wholeText(_ x: Double) -> String {
    guard x.isFinite else { return "—" }
    return String(format: "%.0f", x.rounded())
}

/// The re-solves' values, written by the threads of `Resettlement.limitValues`, each at its own index.
private final class ResolveResults: @unchecked Sendable {
    private var values: [LimitValue]
    private let lock = NSLock()

    init(count: Int) { values = [LimitValue](repeating: .notSolved, count: count) }

    func set(_ k: Int, _ value: LimitValue) { lock.withLock { values[k] = value } }
    func value(_ k: Int) -> LimitValue { lock.withLock { values[k] } }
}
