/// The even-spreading baseline (平均主义): every registered poor village that has not exited by the
/// registry's year receives the same share of every fund source (`amount / those villages`, cut to the
/// source's per-village maximum), whatever its gaps, which the programme documents name as the
/// failure the optimiser must beat. The one rule for both `tuopin allocate`'s baseline and the
/// simulation's even plan (`EvenPlan`, which turns `incomeByVillage` into household incomes with
/// `GapCurves.householdIncome`, as the optimised plan does).
///
/// Each village then spends its shares as well as it can on the same curves, returns and capacities as
/// the optimised plan (the most income first: project types by return per yuan descending, each source on
/// the types it may pay for, found by augmenting flows); persons lifted are read off its curve. The
/// baseline is thus generous to even spreading: only the split between villages is naive.
public struct EvenSpreadingResult: Sendable, Equatable {
    /// Persons lifted (the curve's value at the income delivered), summed over villages.
    public var personsLifted: Double
    /// Yuan handed out to villages (what even spreading costs).
    public var cost: Double
    /// Yuan of that which buys projects within the villages' capacities and gaps.
    public var spentOnProjects: Double
    /// Persons lifted per village (index = village).
    public var personsByVillage: [Double]
    /// Yuan handed out per village.
    public var yuanByVillage: [Double]
    /// Yearly income the village's projects deliver, yuan (Σ yuan on a type × its return per yuan).
    public var incomeByVillage: [Double]
    /// Yuan each source hands to every receiving village (index = fund; 0 for a source that pays for
    /// no estimated project type).
    public var sharePerVillage: [Double]
    /// The receiving villages: registered poor villages not exited by the registry's year.
    public var receivingVillages: [Int]

    /// Yuan spent from each source: its share × the receiving villages (index = fund).
    public var spentBySource: [Double] { sharePerVillage.map { $0 * Double(receivingVillages.count) } }
}

public enum EvenSpreading {
    /// Registered poor villages that have not exited by the registry's year (the villages even
    /// spreading pays), in registry order.
    public static func receivingVillages(_ registry: CountyRegistry) -> [Int] {
        let year = registry.county.year
        return registry.villages.indices.filter { v in
            registry.villages[v].isPoor && !(registry.villages[v].exitYear.map { $0 <= year } ?? false)
        }
    }

    /// Evaluates even spreading for `registry` with its own gap curves and project returns; persons
    /// are lifted to the target income line × (1 + `exitMargin`) (`GapCurves.build`; 0: the line).
    public static func evaluate(registry: CountyRegistry, exitMargin: Double = 0, budget: Double? = nil) -> EvenSpreadingResult {
        evaluate(registry: registry, curves: GapCurves.build(registry, exitMargin: exitMargin),
                 returns: ProjectReturns.estimate(registry.projects), budget: budget)
    }

    /// Evaluates even spreading for `registry` with the model's curves and returns (curves built with
    /// an exit margin lift persons to that target). `budget` (yuan), when given and below the sources'
    /// sum, scales every source down in proportion.
    public static func evaluate(registry: CountyRegistry, curves: [VillageGapCurve], returns: [ProjectTypeReturn], budget: Double?) -> EvenSpreadingResult {
        let poor = receivingVillages(registry)
        let none = [Double](repeating: 0, count: registry.villages.count)
        var result = EvenSpreadingResult(personsLifted: 0, cost: 0, spentOnProjects: 0, personsByVillage: none,
                                         yuanByVillage: none, incomeByVillage: none,
                                         sharePerVillage: registry.funds.map { _ in 0 }, receivingVillages: poor)
        guard !poor.isEmpty else { return result }
        let usable = registry.funds.map { fund in returns.contains { fund.mayPay(for: $0.type) } }
        let total = zip(registry.funds, usable).reduce(0) { $0 + ($1.1 ? $1.0.amount : 0) }
        let scale = budget.map { total > 0 ? min(1, $0 / total) : 0 } ?? 1
        let shares = registry.funds.enumerated().map { f, fund in
            usable[f] ? min(fund.amount * scale / Double(poor.count), fund.maxPerVillage ?? .infinity) : 0
        }
        result.sharePerVillage = shares
        let order = returns.indices.sorted { returns[$0].returnPerYuan > returns[$1].returnPerYuan }
        for v in poor {
            let curve = curves[v]
            let handedOut = shares.reduce(0, +)
            result.cost += handedOut
            result.yuanByVillage[v] = handedOut
            guard !curve.segments.isEmpty else { continue }
            var flow = SmallFlowNetwork(sources: shares, types: returns.count)
            var incomeLeft = curve.totalGap, spent = 0.0, income = 0.0
            for t in order where returns[t].returnPerYuan > 0 && incomeLeft > 0 {
                for f in registry.funds.indices where shares[f] > 0 && registry.funds[f].mayPay(for: returns[t].type) {
                    flow.connect(source: f, type: t)
                }
                let capacity = returns[t].costPerHousehold * Double(curve.workableHouseholds)
                let yuan = flow.fill(type: t, upTo: min(capacity, incomeLeft / returns[t].returnPerYuan))
                spent += yuan
                income += yuan * returns[t].returnPerYuan
                incomeLeft -= yuan * returns[t].returnPerYuan
            }
            result.incomeByVillage[v] = income
            let persons = curve.personsLifted(income: income)
            result.personsByVillage[v] = persons
            result.personsLifted += persons
            result.spentOnProjects += spent
        }
        return result
    }
}

/// Source → project type → sink flows of one village (a few nodes): how much of its shares can reach a
/// type, given which sources may pay for which types. Augmenting paths (Edmonds–Karp) on a dense matrix.
struct SmallFlowNetwork {
    private var capacity: [[Double]]
    private let sourceCount: Int
    private var sink: Int { capacity.count - 1 }

    init(sources: [Double], types: Int) {
        sourceCount = sources.count
        let n = 2 + sources.count + types
        capacity = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for (f, amount) in sources.enumerated() { capacity[0][1 + f] = amount }
    }

    mutating func connect(source f: Int, type t: Int) { capacity[1 + f][1 + sourceCount + t] = .infinity }

    /// Opens type `t` to the sink with `limit` and pushes as much as possible; returns the yuan that reached it.
    mutating func fill(type t: Int, upTo limit: Double) -> Double {
        let node = 1 + sourceCount + t
        capacity[node][sink] = max(0, limit)
        var pushed = 0.0
        while let path = augmentingPath() {
            var amount = Double.infinity
            for (a, b) in path { amount = min(amount, capacity[a][b]) }
            guard amount > 1e-9 else { break }
            for (a, b) in path {
                capacity[a][b] -= amount
                capacity[b][a] += amount
            }
            pushed += amount
        }
        return pushed
    }

    private func augmentingPath() -> [(Int, Int)]? {
        let n = capacity.count
        var previous = [Int](repeating: -1, count: n)
        previous[0] = 0
        var queue = [0], head = 0
        while head < queue.count {
            let a = queue[head]; head += 1
            for b in 0..<n where previous[b] < 0 && capacity[a][b] > 1e-9 {
                previous[b] = a
                if b == sink {
                    var path: [(Int, Int)] = [], node = b
                    while node != 0 { path.append((previous[node], node)); node = previous[node] }
                    return path.reversed()
                }
                queue.append(b)
            }
        }
        return nil
    }
}
