/// The real money and the whole quantities of a resettlement plan: what a leader reads, kept apart
/// from the model's objective, which also holds the artificial charges that steer the solver (the
/// cost per unplaced person and the charge for an empty flat).

/// Real money of a resettlement plan, yuan, without the model's penalties.
public struct ResettlementCost: Sendable, Equatable {
    /// Building subsidies: Σ over sites of persons placed there × the site's subsidy per person.
    public var subsidiesYuan: Double
    /// Moving: Σ over sites of persons placed × the site's distance from the county seat (km) ×
    /// `ResettlementOptions.yuanPerPersonKm`.
    public var travelYuan: Double
    /// Construction of the sites (sites.csv `cost`), paid whatever the plan.
    public var constructionYuan: Double
    /// The part of the construction in flats left empty: Σ over sites of empty flats × cost ÷ flats.
    /// Included in `constructionYuan`, not added to it.
    public var emptyFlatsYuan: Double

    /// subsidies + travel + construction, yuan.
    public var totalYuan: Double { subsidiesYuan + travelYuan + constructionYuan }

    /// The cost of placing `persons[s]` persons at each site, with `flatsTaken[s]` flats taken.
    /// - Parameter extraFlats: flats added to a site beyond sites.csv (the re-solves of `LimitValue`),
    ///   each costing the site's cost ÷ flats to build.
    static func of(persons: [Int], flatsTaken: [Int], sites: [Site], yuanPerPersonKm: Double, extraFlats: [Int]? = nil) -> ResettlementCost {
        var cost = ResettlementCost(subsidiesYuan: 0, travelYuan: 0, constructionYuan: 0, emptyFlatsYuan: 0)
        for (s, site) in sites.enumerated() {
            let placed = Double(persons[s])
            cost.subsidiesYuan += placed * site.subsidyPerPerson
            cost.travelYuan += placed * site.distanceKm * yuanPerPersonKm
            let perFlat = site.flatCount > 0 ? site.cost / Double(site.flatCount) : 0
            let flats = site.flatCount + (extraFlats?[s] ?? 0)
            cost.constructionYuan += site.cost + Double(extraFlats?[s] ?? 0) * perFlat
            cost.emptyFlatsYuan += Double(max(0, flats - flatsTaken[s])) * perFlat
        }
        return cost
    }
}

/// What one more unit of a limit buys — one flat, one school or kindergarten seat, or 10,000 yuan of
/// subsidy budget — found by solving the plan again with that limit raised. Each figure is in the
/// unit that moves: persons placed where placement is short, real yuan where only the cost moves.
public struct LimitValue: Sendable, Equatable {
    /// Whether the limit binds at the optimum (less than one unit left). A limit that does not bind
    /// is worth nothing: both changes are 0 and nothing is solved.
    public var binds: Bool
    /// Whether the re-solve proved its optimum within its limits; when not, both changes are NaN.
    public var solved: Bool
    /// Change of the persons placed per unit (≥ 0; positive exactly where placement is short).
    public var personsPlaced: Double
    /// Change of the real cost (`ResettlementCost.totalYuan`) per unit, yuan; negative saves. One
    /// more flat includes its construction (the site's cost ÷ flats); a seat's own cost is not in
    /// sites.csv and is not included.
    public var costYuan: Double

    public static let notBinding = LimitValue(binds: false, solved: true, personsPlaced: 0, costYuan: 0)
    public static let notSolved = LimitValue(binds: true, solved: false, personsPlaced: .nan, costYuan: .nan)
    /// Not asked for (`ResettlementOptions.marginalValues` off) or no optimal plan to start from.
    public static let notComputed = LimitValue(binds: false, solved: false, personsPlaced: .nan, costYuan: .nan)
}

/// Where a solution of the resettlement model puts the households, in whole numbers.
struct ResettlementPlacement {
    /// Site of each natural village (nil: unplaced), in `ResettlementModel.groups` order.
    var groupSites: [Int?]
    /// Scattered households placed, `[size][site]`.
    var scatteredPlaced: [[Int]]
    var persons: [Int]
    var households: [Int]
    /// Households of each size placed at each site, `[site][size]`.
    var householdsBySize: [[Int]]

    /// Reads the binary and integer columns of `x` (rounded: within the integrality tolerance of whole numbers).
    init(_ built: ResettlementModel, sites: Int, x: [Double]) {
        let sizes = built.scatteredBySize.count
        groupSites = [Int?](repeating: nil, count: built.groups.count)
        scatteredPlaced = [[Int]](repeating: [Int](repeating: 0, count: sites), count: sizes)
        persons = [Int](repeating: 0, count: sites)
        households = persons
        householdsBySize = [[Int]](repeating: [Int](repeating: 0, count: sizes), count: sites)
        for (j, role) in built.columns.enumerated() where j < x.count {
            switch role {
            case let .group(g, s) where x[j] > 0.5:
                groupSites[g] = s
                let group = built.groups[g]
                persons[s] += group.persons
                households[s] += group.members.count
                for (n, count) in group.householdsBySize.enumerated() { householdsBySize[s][n] += count }
            case let .scattered(n, s):
                let count = max(0, Int(x[j].rounded()))
                scatteredPlaced[n][s] = count
                persons[s] += n * count
                households[s] += count
                householdsBySize[s][n] += count
            default: break
            }
        }
    }

    /// Whole flats taken by type at each site: the households of each size placed at the site assigned
    /// to the flat types they may take (area ≤ 25 m² a person, or the smallest type) within each
    /// type's count, by maximum flow. The model's flat columns are continuous and their optimum is
    /// not unique (every fitting type costs the same), so the solver's values can be fractional; any
    /// whole assignment that houses every household gives the same cost. When no whole assignment
    /// houses them all (only when the solver's own values break the counts), the solver's values,
    /// rounded, are used.
    func flatsTaken(_ built: ResettlementModel, sites: [Site], x: [Double]) -> [[Int]] {
        var rounded = sites.map { [Int](repeating: 0, count: $0.flats.count) }
        for (j, role) in built.columns.enumerated() where j < x.count {
            if case let .flat(_, s, a) = role { rounded[s][a] += max(0, Int(x[j].rounded())) }
        }
        return sites.enumerated().map { s, site in
            guard !site.flats.isEmpty else { return [] }
            let smallest = site.flats.map(\.area).min() ?? 0
            let demand = householdsBySize[s]
            let allowed = demand.indices.map { n in
                site.flats.indices.filter { a in n > 0 && (site.flats[a].area <= 25 * Double(n) || site.flats[a].area == smallest) }
            }
            let assignment = FlatAssignment.maximumFlow(demand: demand, capacity: site.flats.map(\.count), allowed: allowed)
            return assignment.housed == demand.reduce(0, +) ? assignment.taken : rounded[s]
        }
    }
}

/// Households by size into flat types by capacity: a maximum flow on the small bipartite graph
/// (sizes → types), by shortest augmenting paths (Edmonds–Karp) with whole capacities, so the flow
/// is whole.
enum FlatAssignment {
    static func maximumFlow(demand: [Int], capacity: [Int], allowed: [[Int]]) -> (taken: [Int], housed: Int) {
        let sizes = demand.count, types = capacity.count
        // Nodes: 0 source, 1…sizes the sizes, then the types, then the sink.
        let sink = 1 + sizes + types
        let nodes = sink + 1
        var residual = [[Int]](repeating: [Int](repeating: 0, count: nodes), count: nodes)
        for n in 0..<sizes {
            residual[0][1 + n] = demand[n]
            for a in allowed[n] { residual[1 + n][1 + sizes + a] = demand[n] }
        }
        for a in 0..<types { residual[1 + sizes + a][sink] = capacity[a] }
        var housed = 0
        while true {
            var previous = [Int](repeating: -1, count: nodes)
            previous[0] = 0
            var queue = [0], head = 0
            while head < queue.count, previous[sink] < 0 {
                let u = queue[head]
                head += 1
                for v in 0..<nodes where previous[v] < 0 && residual[u][v] > 0 {
                    previous[v] = u
                    queue.append(v)
                }
            }
            guard previous[sink] >= 0 else { break }
            var bottleneck = Int.max
            var v = sink
            while v != 0 { bottleneck = min(bottleneck, residual[previous[v]][v]); v = previous[v] }
            v = sink
            while v != 0 {
                residual[previous[v]][v] -= bottleneck
                residual[v][previous[v]] += bottleneck
                v = previous[v]
            }
            housed += bottleneck
        }
        let taken = (0..<types).map { a in capacity[a] - residual[1 + sizes + a][sink] }
        return (taken, housed)
    }
}
