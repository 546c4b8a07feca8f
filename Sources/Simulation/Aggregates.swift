/// The county-level outcome of one draw (one simulated next year).
public struct DrawOutcome: Sendable, Equatable {
    /// Persons in households poor next year: registered households that do not exit plus
    /// households that fall below the line (返贫).
    public var poorPersons: Int = 0
    /// Households poor next year (same rule).
    public var poorHouseholds: Int = 0
    /// Persons in registered poor households that exit (per-capita income ≥ line, guarantees met).
    public var exitingPersons: Int = 0
    public var exitingHouseholds: Int = 0
    /// Households not registered poor now whose per-capita income falls below the line (返贫).
    public var returningHouseholds: Int = 0
    public var returningPersons: Int = 0
    /// Registered poor villages that exit: incidence < threshold and infrastructure met.
    public var villagesExiting: Int = 0
    /// Persons poor without the plan's income but not with it (same random numbers).
    public var personsLiftedByPlan: Int = 0
    /// Poor persons ÷ county agricultural population.
    public var incidence: Double = 0
    /// FGT1 (poverty gap index) over the registry's persons: Σ nₕ·max(0, 1 − yₕ/z) ÷ Σ nₕ, with
    /// yₕ the per-capita income and z the line.
    public var povertyGap: Double = 0
    /// Person-weighted Gini of per-capita income over the registry (negative incomes as 0),
    /// from a fine histogram (see `GroupedGini`).
    public var gini: Double = 0
    /// County exit (摘帽): incidence below the exit threshold.
    public var countyExit: Bool = false

    public init() {}
}

/// Mean and 5 % / 95 % quantiles of an aggregate over the draws.
public struct Interval: Sendable, Equatable {
    public var mean: Double
    /// 5 % quantile (linear interpolation between order statistics, numpy's default).
    public var p05: Double
    /// 95 % quantile.
    public var p95: Double
    /// Standard error of the mean: sample standard deviation ÷ √draws.
    public var standardError: Double

    public init(mean: Double, p05: Double, p95: Double, standardError: Double) {
        self.mean = mean
        self.p05 = p05
        self.p95 = p95
        self.standardError = standardError
    }

    /// The interval of `values` (one per draw, in draw order).
    public init(_ values: [Double]) {
        let n = values.count
        guard n > 0 else {
            self.init(mean: .nan, p05: .nan, p95: .nan, standardError: .nan)
            return
        }
        var sum = 0.0
        for v in values { sum += v }
        let mean = sum / Double(n)
        var squares = 0.0
        for v in values { squares += (v - mean) * (v - mean) }
        let sd = n > 1 ? (squares / Double(n - 1)).squareRoot() : 0
        let sorted = values.sorted()
        self.init(mean: mean, p05: Interval.quantile(sorted, 0.05), p95: Interval.quantile(sorted, 0.95),
                  standardError: sd / Double(n).squareRoot())
    }

    /// Quantile `q` of sorted values: position q·(n − 1), linear between neighbours (type 7).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + fraction * (sorted[above] - sorted[below])
    }
}

// MARK: - Local poverty measures.
// TEMPORARY: small local helpers until the `Poverty` module is merged; replace the exact
// versions by Poverty's FGT and Gini then. `GroupedGini` stays: it is the streaming form the
// engine needs (no sorting of a million incomes per draw).

/// FGT1, the poverty gap index: Σ wᵢ·max(0, 1 − yᵢ/z) ÷ Σ wᵢ (yᵢ per-capita income, wᵢ persons).
func localPovertyGap(perCapita: [Double], weights: [Double], line: Double) -> Double {
    var gap = 0.0, total = 0.0
    for i in perCapita.indices {
        gap += weights[i] * max(0, 1 - perCapita[i] / line)
        total += weights[i]
    }
    return gap / total
}

/// The exact weighted Gini, Σᵢ Σⱼ wᵢwⱼ|yᵢ − yⱼ| ÷ (2·W·Σ wᵢyᵢ), by sorting (O(n log n)).
func localExactGini(_ values: [Double], weights: [Double]) -> Double {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var cumulativeWeight = 0.0, cumulativeIncome = 0.0, pairSum = 0.0
    for i in order {
        // Pairs (j before i): Σ wᵢwⱼ(yᵢ − yⱼ) = wᵢ·(yᵢ·Wbefore − Ibefore).
        pairSum += weights[i] * (values[i] * cumulativeWeight - cumulativeIncome)
        cumulativeWeight += weights[i]
        cumulativeIncome += weights[i] * values[i]
    }
    return cumulativeIncome > 0 ? pairSum / (cumulativeWeight * cumulativeIncome) : 0
}

/// The Gini of a person-weighted histogram of per-capita income.
///
/// Bin k holds the persons `persons[k]` whose per-capita income lies in [k·width, (k+1)·width)
/// (the last bin: everything above) and their total income `income[k]`. Pairs in different bins
/// are counted exactly (every income of a lower bin is below every income of a higher one, so
/// Σ over such pairs of |yᵢ − yⱼ| needs only bin totals); pairs inside a bin are estimated as if
/// incomes were spread evenly over the bin (mean absolute difference width/3). The error is
/// below max_k(Wₖ/W)·width/(2·mean), a few 10⁻⁴ with the default bins of 1/32 of the line (the tests check it against the exact Gini).
enum GroupedGini {
    /// `bins[k]` = (persons, total income) of bin k; `width` in yuan per person.
    static func gini(_ bins: UnsafeBufferPointer<SIMD2<Double>>, width: Double) -> Double {
        var cumulativePersons = 0.0, cumulativeIncome = 0.0, pairSum = 0.0
        let last = bins.count - 1
        for k in 0...last where bins[k].x != 0 {
            let w = bins[k].x, s = bins[k].y
            pairSum += 2 * (cumulativePersons * s - w * cumulativeIncome)
            if k < last { pairSum += w * w * width / 3 }
            cumulativePersons += w
            cumulativeIncome += s
        }
        return cumulativeIncome > 0 ? pairSum / (2 * cumulativePersons * cumulativeIncome) : 0
    }
}
