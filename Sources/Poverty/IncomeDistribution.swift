/// Per-capita incomes (yuan a year) with one weight per observation, the input of every measure.
///
/// Weights are *person* weights: a household drawn with survey weight w that has m members
/// counts as w·m persons (see `init(perCapitaIncomes:householdSizes:householdWeights:)`), so
/// every measure counts persons, not households. Weights are only relative except for
/// `totalWeight`, which is the number of persons represented.
///
/// Construction checks every value once (O(n)): incomes and weights finite, weights ≥ 0, at least
/// one positive weight. Zero and negative incomes are accepted here; each measure documents what
/// it does with them.
public struct IncomeDistribution: Sendable {
    /// Per-capita incomes, yuan a year.
    public let incomes: [Double]
    /// Person weights (≥ 0).
    public let weights: [Double]
    /// Σ weights: persons represented.
    public let totalWeight: Double
    /// Weighted mean income Σ w·y / Σ w, yuan.
    public let mean: Double
    /// True when `incomes` are in ascending order (as made by `sortedByIncome()`).
    public let isSortedByIncome: Bool

    /// Number of observations (including any with zero weight).
    public var count: Int { incomes.count }

    /// One observation per person (or per unit of weight).
    /// - Parameters:
    ///   - incomes: per-capita incomes, yuan.
    ///   - weights: person weights, one per income; nil means every weight is 1.
    /// - Throws: `PovertyError.emptyDistribution`, `.lengthMismatch`, `.nonFinite`, `.negativeWeight`, `.zeroTotalWeight`.
    public init(incomes: [Double], weights: [Double]? = nil) throws {
        guard !incomes.isEmpty else { throw PovertyError.emptyDistribution }
        let w = weights ?? [Double](repeating: 1, count: incomes.count)
        guard w.count == incomes.count else {
            throw PovertyError.lengthMismatch(what: "weights", expected: incomes.count, found: w.count)
        }
        var total = 0.0
        var weightedSum = 0.0
        var sorted = true
        var previous = -Double.infinity
        for i in incomes.indices {
            let y = incomes[i]
            guard y.isFinite else { throw PovertyError.nonFinite(what: "income", index: i) }
            guard w[i].isFinite else { throw PovertyError.nonFinite(what: "weight", index: i) }
            guard w[i] >= 0 else { throw PovertyError.negativeWeight(index: i, value: w[i]) }
            total += w[i]
            weightedSum += w[i] * y
            if y < previous { sorted = false }
            previous = y
        }
        guard total > 0 else { throw PovertyError.zeroTotalWeight }
        guard total.isFinite, weightedSum.isFinite else {
            throw PovertyError.invalidParameter(name: "total weight or income", value: total,
                                                expected: "sums within the range of Double")
        }
        self.incomes = incomes
        self.weights = w
        self.totalWeight = total
        self.mean = weightedSum / total
        self.isSortedByIncome = sorted
    }

    /// Households with their per-capita income, size and survey weight, counted by persons:
    /// each household gets person weight `householdWeight × householdSize`.
    /// - Parameters:
    ///   - perCapitaIncomes: household income ÷ household size, yuan a year.
    ///   - householdSizes: persons in each household (≥ 1).
    ///   - householdWeights: survey weights (households represented); nil means 1 each.
    /// - Throws: as `init(incomes:weights:)`, and `.invalidHouseholdSize` for a size below 1.
    public init(perCapitaIncomes: [Double], householdSizes: [Int], householdWeights: [Double]? = nil) throws {
        guard householdSizes.count == perCapitaIncomes.count else {
            throw PovertyError.lengthMismatch(what: "household sizes", expected: perCapitaIncomes.count,
                                              found: householdSizes.count)
        }
        if let hw = householdWeights, hw.count != perCapitaIncomes.count {
            throw PovertyError.lengthMismatch(what: "household weights", expected: perCapitaIncomes.count, found: hw.count)
        }
        var personWeights = [Double](repeating: 0, count: householdSizes.count)
        for i in householdSizes.indices {
            guard householdSizes[i] >= 1 else {
                throw PovertyError.invalidHouseholdSize(index: i, value: householdSizes[i])
            }
            personWeights[i] = (householdWeights?[i] ?? 1) * Double(householdSizes[i])
        }
        try self.init(incomes: perCapitaIncomes, weights: personWeights)
    }

    /// Internal initialiser for values already known to be valid.
    init(checkedIncomes incomes: [Double], weights: [Double], totalWeight: Double, mean: Double, sorted: Bool) {
        self.incomes = incomes
        self.weights = weights
        self.totalWeight = totalWeight
        self.mean = mean
        self.isSortedByIncome = sorted
    }

    /// The same observations in ascending order of income (one stable sort, O(n) by radix for large
    /// inputs; free when already sorted).
    /// Rank-based measures (Gini, Sen, SST) sort through this, so compute it once and pass it to them
    /// when you need several.
    public func sortedByIncome() -> IncomeDistribution {
        if isSortedByIncome { return self }
        let order = ascendingOrder(incomes)
        return IncomeDistribution(checkedIncomes: order.map { incomes[$0] }, weights: order.map { weights[$0] },
                                  totalWeight: totalWeight, mean: mean, sorted: true)
    }

    /// Every income multiplied by `factor` (> 0), weights unchanged.
    func scaled(by factor: Double) -> IncomeDistribution {
        IncomeDistribution(checkedIncomes: incomes.map { $0 * factor }, weights: weights,
                           totalWeight: totalWeight, mean: mean * factor, sorted: isSortedByIncome)
    }

    /// The observations at `indices` (in that order); nil when they carry no positive weight.
    func subset(_ indices: [Int]) -> IncomeDistribution? {
        var y = [Double](), w = [Double]()
        y.reserveCapacity(indices.count)
        w.reserveCapacity(indices.count)
        var total = 0.0, sum = 0.0
        var sorted = true
        var previous = -Double.infinity
        for i in indices {
            y.append(incomes[i]); w.append(weights[i])
            total += weights[i]; sum += weights[i] * incomes[i]
            if incomes[i] < previous { sorted = false }
            previous = incomes[i]
        }
        guard total > 0 else { return nil }
        return IncomeDistribution(checkedIncomes: y, weights: w, totalWeight: total, mean: sum / total, sorted: sorted)
    }
}

/// Checks a poverty line: finite and above zero.
func checkLine(_ z: Double) throws {
    guard z.isFinite, z > 0 else { throw PovertyError.invalidLine(z) }
}
