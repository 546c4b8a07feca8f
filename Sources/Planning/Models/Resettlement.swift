import Foundation
import Optimization

/// One flat type of a site after the solve.
public struct FlatOutcome: Sendable, Equatable {
    /// m².
    public var area: Double
    public var flats: Int
    public var taken: Double
    /// taken ÷ flats.
    public var occupancy: Double
    /// Change of the total cost (yuan) with one more flat of this type (the MIP solved again; negative saves).
    public var valueOfOneMore: Double
}

/// One site after the solve.
public struct SiteOutcome: Sendable, Equatable {
    public var site: Int
    public var households: Int
    public var persons: Int
    /// Building subsidies paid, yuan.
    public var subsidy: Double
    /// Flats taken ÷ flats (NaN for a site without flats, e.g. dispersed resettlement).
    public var occupancy: Double
    public var flats: [FlatOutcome]
    /// Estimated pupils and kindergarten children placed, with the value of one more seat (yuan; 0 when seats are not short).
    public var pupils: Double
    public var schoolSeatValue: Double
    public var kindergartenChildren: Double
    public var kindergartenSeatValue: Double
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
    /// Total cost of the plan, yuan (subsidies, distance, empty flats, unplaced persons at their cost):
    /// the optimum of the exported MPS.
    public var objective: Double
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
    /// Change of the total cost per one more yuan of subsidy budget (when a budget is given).
    public var budgetValue: Double?
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
        let sites = registry.sites
        var result = ResettlementResult(
            status: solution.status, objective: solution.objective, gap: solution.gap, bound: solution.bound, nodes: solution.nodes,
            placedPersons: 0, unplacedPersons: 0, placedHouseholds: 0, unplacedHouseholds: 0,
            groupSites: [Int?](repeating: nil, count: built.groups.count),
            scatteredPlaced: [[Int]](repeating: [Int](repeating: 0, count: sites.count), count: built.scatteredBySize.count),
            rowSites: [Int?](repeating: nil, count: registry.relocation.count),
            sites: [], unplaced: [], budgetValue: nil, seconds: 0)
        let total = registry.relocation.reduce(0) { $0 + $1.persons }
        let haveSolution = !solution.primal.isEmpty && (solution.status == .optimal || solution.status == .timeLimit || solution.status == .iterationLimit)
        var persons = [Int](repeating: 0, count: sites.count), households = persons
        var taken = sites.map { [Double](repeating: 0, count: $0.flats.count) }
        if haveSolution {
            let x = solution.primal
            for (j, role) in built.columns.enumerated() {
                switch role {
                case let .group(g, s) where x[j] > 0.5:
                    result.groupSites[g] = s
                    persons[s] += built.groups[g].persons
                    households[s] += built.groups[g].members.count
                case let .scattered(n, s):
                    let count = Int(x[j].rounded())
                    result.scatteredPlaced[n][s] = count
                    persons[s] += n * count
                    households[s] += count
                case let .flat(_, s, a):
                    taken[s][a] += max(0, x[j])
                default: break
                }
            }
        }
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
        result.placedPersons = persons.reduce(0, +)
        result.placedHouseholds = households.reduce(0, +)
        result.unplacedPersons = total - result.placedPersons
        result.unplacedHouseholds = registry.relocation.count - result.placedHouseholds
        // The value of one more flat, seat or yuan: the MIP solved again with that row's limit raised
        // (an exact finite difference; the final node's LP duals are zero once the integers are fixed).
        var flatValue = sites.map { [Double](repeating: 0, count: $0.flats.count) }
        var schoolValue = [Double](repeating: 0, count: sites.count), kindergartenValue = schoolValue
        var shortages: [String] = []
        let duals = solution.status == .optimal && options.marginalValues
            ? marginalValues(built, options: options, optimum: solution.objective, activities: solution.rowActivities, sites: sites) : []
        for (i, kind) in built.rowKinds.enumerated() where i < duals.count {
            let d = abs(duals[i]) > 1e-6 || duals[i].isNaN ? duals[i] : 0
            switch kind {
            case let .flats(s, a):
                flatValue[s][a] = d
                if taken[s][a] >= Double(sites[s].flats[a].count) - 1e-6 { shortages.append("every \(MPSWriterName.number(sites[s].flats[a].area)) m² flat at \(sites[s].id) is taken") }
            case let .schoolSeats(s):
                schoolValue[s] = d
                if d != 0 { shortages.append("school seats at \(sites[s].id) are full") }
            case let .kindergartenSeats(s):
                kindergartenValue[s] = d
                if d != 0 { shortages.append("kindergarten seats at \(sites[s].id) are full") }
            case .subsidyBudget:
                result.budgetValue = d
                if d != 0 { shortages.append("the subsidy budget is spent") }
            default: break
            }
        }
        result.sites = sites.enumerated().map { s, site in
            let flats = site.flats.enumerated().map { a, flat in
                FlatOutcome(area: flat.area, flats: flat.count, taken: taken[s][a],
                            occupancy: flat.count > 0 ? taken[s][a] / Double(flat.count) : .nan, valueOfOneMore: flatValue[s][a])
            }
            let flatsTaken = taken[s].reduce(0, +)
            return SiteOutcome(site: s, households: households[s], persons: persons[s], subsidy: Double(persons[s]) * site.subsidyPerPerson,
                               occupancy: site.flatCount > 0 ? flatsTaken / Double(site.flatCount) : .nan, flats: flats,
                               pupils: options.pupilsPerPerson * Double(persons[s]), schoolSeatValue: schoolValue[s],
                               kindergartenChildren: options.kindergartenChildrenPerPerson * Double(persons[s]),
                               kindergartenSeatValue: kindergartenValue[s])
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

    /// Change of the optimum per unit of each flat, seat and budget row's limit (other rows: 0), by
    /// re-solving with the limit raised by one flat or seat, or by the largest subsidy of one person for
    /// the budget (then divided by it, so the value is per yuan). A limit not reached at the optimum
    /// (more than one unit left) counts 0 without a solve; each re-solve gets a tenth of the time limit
    /// (at least a second) and gives NaN when it cannot prove its optimum in that time.
    static func marginalValues(_ built: ResettlementModel, options: ResettlementOptions, optimum: Double, activities: [Double],
                               sites: [Site]) -> [Double] {
        var values = [Double](repeating: 0, count: built.rowKinds.count)
        var solver = options.solver
        solver.timeLimit = max(1, options.solver.timeLimit / 10)
        for (i, kind) in built.rowKinds.enumerated() {
            if i < activities.count, activities[i] < built.model.rows[i].upper - 1 { continue }
            let step: Double
            switch kind {
            case .flats, .schoolSeats, .kindergartenSeats: step = 1
            case .subsidyBudget: step = max(1, sites.map(\.subsidyPerPerson).max() ?? 1)
            default: continue
            }
            var model = built.model
            var row = model.rows[i]
            row.upper += step
            model.updateRow(i, row)
            let again = LPSolver.solve(model, options: solver)
            values[i] = again.status == .optimal ? (again.objective - optimum) / step : .nan
        }
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
            parts.append("school seats \(site.schoolSeats) at \(site.id) for an estimated \(Int((options.pupilsPerPerson * Double(persons)).rounded())) pupils")
        }
        if let budget = options.subsidyBudget {
            let least = Double(persons) * (registry.sites.map(\.subsidyPerPerson).min() ?? 0)
            if least > budget { parts.append("subsidies need at least \(Int(least)) yuan, the budget is \(Int(budget)): short \(Int(least - budget))") }
        }
        return parts.isEmpty ? "the rules conflict in combination (no single one is short)" : parts.joined(separator: "; ")
    }
}
