import Optimization

/// Options of the resettlement model: one struct for every choice.
public struct ResettlementOptions: Sendable {
    /// Every relocating household must be placed (rows become equalities); infeasible when places are short.
    public var requireAll = false
    /// Cost charged per person left unplaced, yuan (large: placing comes first). Default 1,000,000.
    public var unplacedCostPerPerson: Double = 1_000_000
    /// Cost of distance, yuan per person per km from the county seat (the preference for near sites). Default 100.
    public var yuanPerPersonKm: Double = 100
    /// Cost of a flat left empty, yuan; nil: the site's construction cost ÷ its flats (the sunk money an
    /// empty flat wastes, the documented failure of low occupancy).
    public var emptyFlatCost: Double?
    /// Primary-school pupils and kindergarten children per relocated person (relocation.csv has no ages). Defaults 0.08 and 0.03.
    public var pupilsPerPerson: Double = 0.08
    public var kindergartenChildrenPerPerson: Double = 0.03
    /// Most yuan of building subsidies (Σ persons · the site's subsidy per person); nil: no limit.
    public var subsidyBudget: Double?
    /// School and kindergarten seats already taken at each site (`registry.sites` order; empty: none),
    /// by the movers of earlier years (`ResettlementResult.remainingSites`): a site's seat row allows
    /// its seats less these (at least 0). A site without seats (0 in sites.csv) still has no seat row.
    public var schoolSeatsTaken: [Double] = []
    public var kindergartenSeatsTaken: [Double] = []
    /// Compute the value of one more flat, seat or yuan of budget (the MIP solved again for each
    /// limit reached; most of the time of a large county). Default true; a caller that needs only the
    /// assignment (the scenario comparison) turns it off.
    public var marginalValues = true
    /// Each re-solve of `marginalValues` may take at most this many times the base solve's time (but
    /// at least a second, and at most a tenth of `solver.timeLimit`); when the base solve alone took
    /// longer than that, the re-solves are skipped and their values shown as not solved (null), as a
    /// re-solve that ran out of time shows them. Default 2.
    public var resolveTimeFactor: Double = 2
    /// Branch-and-bound limits: a time limit of 30 s, and a relative gap of 1e-5 (a few thousand yuan
    /// on a plan of a hundred million) by default.
    public var solver: SolverOptions = {
        var s = SolverOptions()
        s.timeLimit = 30
        s.relativeGapTolerance = 1e-5
        return s
    }()
    public init() {}
}

/// A natural village moving as a whole (整村搬迁): it goes to one site or stays unplaced.
public struct RelocationGroup: Sendable, Equatable {
    /// Index into `CountyRegistry.villages` (the administrative village) and the natural village's name.
    public var village: Int
    public var naturalVillage: String
    /// Indices into `CountyRegistry.relocation`.
    public var members: [Int]
    public var persons: Int
    /// Households by size: `householdsBySize[n]` households of n persons (index 0 unused).
    public var householdsBySize: [Int]
}

/// The role of one column of the resettlement model.
public enum ResettlementColumn: Sendable, Equatable {
    /// Binary: group `group` moves to `site`.
    case group(group: Int, site: Int)
    /// Integer: scattered households of `size` persons placed at `site`.
    case scattered(size: Int, site: Int)
    /// Continuous: households of `size` persons in flats of type `flat` (index into the site's flats) at `site`.
    case flat(size: Int, site: Int, flat: Int)
}

/// The kind of a row, to read its dual as the value of one more flat, seat or yuan.
public enum ResettlementRowKind: Sendable, Equatable {
    case assignGroup(Int)
    case scatteredSize(Int)
    /// Households of `size` placed at `site` each take a fitting flat.
    case fit(site: Int, size: Int)
    case flats(site: Int, flat: Int)
    case schoolSeats(site: Int)
    case kindergartenSeats(site: Int)
    case subsidyBudget
}

/// The resettlement MIP of DESIGN.md ("The planning models"):
///
///     minimise  Σ persons·(subsidy_s + k·km_s) placed + c_unplaced·persons unplaced + c_empty,s·flats left empty
///     subject to Σ_s x_gs ≤ 1 (= 1 with requireAll)               each natural village moves whole (x binary)
///                Σ_s y_ns ≤ scattered households of n persons      (y integer)
///                Σ_a z_nsa = Σ_g h_gn x_gs + y_ns                   at a site with flats, each household takes a flat
///                Σ_n z_nsa ≤ flats of type a at s                   flats by size type
///                ρ·persons at s ≤ school (kindergarten) seats of s
///                Σ persons·subsidy_s ≤ subsidy budget              (when given)
///
/// where a household of n persons may take a flat of area ≤ 25·n m², and always the smallest type.
/// Costs enter as `coefficient − unplaced cost` on the placing columns with the unplaced and empty-flat
/// totals as the objective constant, so the optimum is the total cost in yuan.
public struct ResettlementModel: Sendable {
    public var model: LinearModel
    public var columns: [ResettlementColumn]
    public var rowKinds: [ResettlementRowKind]
    public var groups: [RelocationGroup]
    /// Scattered households by size (index 0 unused) and the relocation indices of each size.
    public var scatteredBySize: [Int]
    public var scatteredMembers: [[Int]]
    /// Empty-flat cost used for each site, yuan.
    public var emptyFlatCost: [Double]

    /// Builds the model. Throws `ResettlementError` when there are no relocating households or no sites.
    public init(registry: CountyRegistry, options: ResettlementOptions = ResettlementOptions()) throws(ResettlementError) {
        guard !registry.relocation.isEmpty else { throw .noRelocation }
        guard !registry.sites.isEmpty else { throw .noSites }
        let sites = registry.sites
        let largest = registry.relocation.map(\.persons).max() ?? 1
        // Groups and scattered households.
        var groupIndex: [String: Int] = [:]
        var groups: [RelocationGroup] = []
        var scatteredBySize = [Int](repeating: 0, count: largest + 1)
        var scatteredMembers = [[Int]](repeating: [], count: largest + 1)
        for (k, r) in registry.relocation.enumerated() {
            if r.kind == .wholeVillage {
                let key = "\(r.village)\u{1}\(r.naturalVillage)"
                let g = groupIndex[key] ?? {
                    groups.append(RelocationGroup(village: r.village, naturalVillage: r.naturalVillage, members: [], persons: 0,
                                                  householdsBySize: [Int](repeating: 0, count: largest + 1)))
                    groupIndex[key] = groups.count - 1
                    return groups.count - 1
                }()
                groups[g].members.append(k)
                groups[g].persons += r.persons
                groups[g].householdsBySize[r.persons] += 1
            } else {
                scatteredBySize[r.persons] += 1
                scatteredMembers[r.persons].append(k)
            }
        }
        var model = LinearModel(name: "TUOPIN_RESETTLE", sense: .minimize)
        var columns: [ResettlementColumn] = []
        var kinds: [ResettlementRowKind] = []
        let emptyCost = sites.map { s in options.emptyFlatCost ?? (s.flatCount > 0 ? s.cost / Double(s.flatCount) : 0) }
        let bound: (Double, Double) = options.requireAll ? (1, 1) : (-.infinity, 1)

        let assignRows = groups.indices.map { g -> Int in
            kinds.append(.assignGroup(g))
            return model.addRow(Row(name: "move_g\(g)", lower: bound.0, upper: bound.1))
        }
        var scatteredRows = [Int?](repeating: nil, count: largest + 1)
        for n in 1...largest where scatteredBySize[n] > 0 {
            let b = Double(scatteredBySize[n])
            scatteredRows[n] = model.addRow(Row(name: "scattered_n\(n)", lower: options.requireAll ? b : -.infinity, upper: b))
            kinds.append(.scatteredSize(n))
        }
        var fitRows: [[Int?]] = []
        var flatRows: [[Int]] = []
        var schoolRows: [Int?] = [], kindergartenRows: [Int?] = []
        for (s, site) in sites.enumerated() {
            let sid = mpsName(site.id)
            var fits = [Int?](repeating: nil, count: largest + 1)
            var flats: [Int] = []
            if !site.flats.isEmpty {
                for n in 1...largest {
                    fits[n] = model.addRow(Row(name: "fit_\(sid)_n\(n)", lower: 0, upper: 0))
                    kinds.append(.fit(site: s, size: n))
                }
                for (a, flat) in site.flats.enumerated() {
                    flats.append(model.addRow(Row(name: "flats_\(sid)_\(MPSWriterName.number(flat.area))m2", lower: -.infinity, upper: Double(flat.count))))
                    kinds.append(.flats(site: s, flat: a))
                }
            }
            fitRows.append(fits)
            flatRows.append(flats)
            let concentrated = site.kind == .concentrated
            schoolRows.append(concentrated && site.schoolSeats > 0 ? {
                kinds.append(.schoolSeats(site: s))
                let taken = s < options.schoolSeatsTaken.count ? options.schoolSeatsTaken[s] : 0
                return model.addRow(Row(name: "school_\(sid)", lower: -.infinity, upper: max(0, Double(site.schoolSeats) - taken)))
            }() : nil)
            kindergartenRows.append(concentrated && site.kindergartenSeats > 0 ? {
                kinds.append(.kindergartenSeats(site: s))
                let taken = s < options.kindergartenSeatsTaken.count ? options.kindergartenSeatsTaken[s] : 0
                return model.addRow(Row(name: "kindergarten_\(sid)", lower: -.infinity, upper: max(0, Double(site.kindergartenSeats) - taken)))
            }() : nil)
        }
        var budgetRow: Int?
        if let budget = options.subsidyBudget {
            budgetRow = model.addRow(Row(name: "subsidy_budget", lower: -.infinity, upper: budget))
            kinds.append(.subsidyBudget)
        }
        var constant = 0.0
        /// Column entries shared by a placement of `persons` persons with `bySize` households at site `s`.
        func placement(_ s: Int, persons: Double, bySize: [(Int, Double)]) -> [(row: Int, value: Double)] {
            var entries: [(row: Int, value: Double)] = []
            for (n, count) in bySize { if let r = fitRows[s][n] { entries.append((r, -count)) } }
            if let r = schoolRows[s] { entries.append((r, options.pupilsPerPerson * persons)) }
            if let r = kindergartenRows[s] { entries.append((r, options.kindergartenChildrenPerPerson * persons)) }
            if let r = budgetRow { entries.append((r, sites[s].subsidyPerPerson * persons)) }
            return entries
        }
        func placingCost(_ s: Int) -> Double {
            sites[s].subsidyPerPerson + options.yuanPerPersonKm * sites[s].distanceKm - options.unplacedCostPerPerson
        }
        for (g, group) in groups.enumerated() {
            let persons = Double(group.persons)
            constant += options.unplacedCostPerPerson * persons
            let bySize = group.householdsBySize.enumerated().filter { $0.element > 0 }.map { ($0.offset, Double($0.element)) }
            for s in sites.indices {
                var entries = placement(s, persons: persons, bySize: bySize)
                entries.append((assignRows[g], 1))
                model.addVariable(Variable(name: "x_g\(g)_\(mpsName(sites[s].id))", lower: 0, upper: 1, cost: persons * placingCost(s), isInteger: true),
                                  column: entries)
                columns.append(.group(group: g, site: s))
            }
        }
        for n in 1...largest {
            guard let row = scatteredRows[n] else { continue }
            constant += options.unplacedCostPerPerson * Double(n * scatteredBySize[n])
            for s in sites.indices {
                var entries = placement(s, persons: Double(n), bySize: [(n, 1)])
                entries.append((row, 1))
                model.addVariable(Variable(name: "y_n\(n)_\(mpsName(sites[s].id))", lower: 0, upper: Double(scatteredBySize[n]),
                                           cost: Double(n) * placingCost(s), isInteger: true), column: entries)
                columns.append(.scattered(size: n, site: s))
            }
        }
        for (s, site) in sites.enumerated() where !site.flats.isEmpty {
            let smallest = site.flats.map(\.area).min() ?? 0
            constant += emptyCost[s] * Double(site.flatCount)
            for n in 1...largest {
                guard let fit = fitRows[s][n] else { continue }
                for (a, flat) in site.flats.enumerated() where flat.area <= 25 * Double(n) || flat.area == smallest {
                    model.addVariable(Variable(name: "z_n\(n)_\(mpsName(site.id))_\(MPSWriterName.number(flat.area))m2", lower: 0, upper: .infinity, cost: -emptyCost[s]),
                                      column: [(fit, 1), (flatRows[s][a], 1)])
                    columns.append(.flat(size: n, site: s, flat: a))
                }
            }
        }
        model.objectiveConstant = constant
        self.model = model
        self.columns = columns
        self.rowKinds = kinds
        self.groups = groups
        self.scatteredBySize = scatteredBySize
        self.scatteredMembers = scatteredMembers
        self.emptyFlatCost = emptyCost
    }
}

/// Why a resettlement could not be set up.
public enum ResettlementError: Error, Sendable, Equatable, CustomStringConvertible {
    case noRelocation, noSites
    public var description: String {
        switch self {
        case .noRelocation: return "no relocating households: relocation.csv is missing or empty"
        case .noSites: return "no resettlement sites: sites.csv is missing or empty"
        }
    }
}

enum MPSWriterName {
    /// A flat area as a name part: 50 → "50", 62.5 → "62p5".
    static func number(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x).replacingOccurrences(of: ".", with: "p")
    }
}
