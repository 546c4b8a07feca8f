/// The county-level outcome of one draw (one simulated next year).
public struct DrawOutcome: Sendable, Equatable, Codable {
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
    /// yₕ the per-capita income and z the line (see `PovertyGapSums`).
    public var povertyGap: Double = 0
    /// FGT2 (squared poverty gap) over the registry's persons: Σ nₕ·max(0, 1 − yₕ/z)² ÷ Σ nₕ.
    public var squaredPovertyGap: Double = 0
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

// MARK: - Streaming poverty measures.
// The exact measures are the `Poverty` module's (`IncomeDistribution.fgt(alpha:line:)`, `.gini()`);
// the tests check these streaming forms against them. The engine cannot call them per draw without
// materialising every household's income of every draw (a million incomes sorted per draw for the
// Gini); the forms below fold each household into a few running sums in the hot loop instead.

/// The running FGT1 and FGT2 sums of one draw, one household at a time in household order.
///
/// For a household of n persons with income Y (yuan a year, any sign) and the line z (yuan per
/// person), the gap is g = max(0, z·n − Y) yuan; its persons each fall short by g/n, a ratio g/(z·n).
///
///     FGT1 = Σₕ nₕ·gₕ/(z·nₕ) ÷ N = Σₕ gₕ ÷ (z·N)
///     FGT2 = Σₕ nₕ·(gₕ/(z·nₕ))² ÷ N = Σₕ gₕ²/(z·nₕ) ÷ (z·N)
///
/// with N = Σₕ nₕ — exactly Poverty's FGT(α) of the per-capita incomes Y/n with person weights n
/// (negative incomes count a ratio above 1 there too). The hot loop already holds
/// s = B/(z·n) for the Gini histogram (the prepared model's Gini scale, B bins per line), so the squared
/// sum is kept as Σ g²·s, one multiply-add and no division per household; `fgt2` divides by B.
struct PovertyGapSums {
    /// Σ gₕ, yuan.
    var gapYuan = 0.0
    /// Σ gₕ²·sₕ with sₕ = B/(z·nₕ), yuan × bins.
    var scaledSquaredGap = 0.0

    init(gapYuan: Double = 0, scaledSquaredGap: Double = 0) {
        self.gapYuan = gapYuan
        self.scaledSquaredGap = scaledSquaredGap
    }

    /// Adds one household: `income` Y, `lineTimesPersons` z·n, `giniScale` B/(z·n).
    @inline(__always)
    mutating func add(income: Double, lineTimesPersons: Double, giniScale: Double) {
        let gap = max(0, lineTimesPersons - income)
        gapYuan += gap
        scaledSquaredGap += gap * gap * giniScale
    }

    /// FGT1 = Σ g ÷ (z·N); 0 when there are no persons.
    func fgt1(line: Double, persons: Double) -> Double {
        persons > 0 ? gapYuan / line / persons : 0
    }

    /// FGT2 = Σ g²·s ÷ (B·z·N); 0 when there are no persons.
    func fgt2(line: Double, persons: Double, binsPerLine: Int) -> Double {
        persons > 0 ? scaledSquaredGap / Double(binsPerLine) / line / persons : 0
    }
}

/// The Gini of a person-weighted histogram of per-capita income.
///
/// Bin k holds the persons `persons[k]` whose per-capita income lies in [k·width, (k+1)·width)
/// (the last bin: everything above) and their total income `income[k]`. Pairs in different bins
/// are counted exactly (every income of a lower bin is below every income of a higher one, so
/// Σ over such pairs of |yᵢ − yⱼ| needs only bin totals); pairs inside a bin are estimated as if
/// incomes were spread evenly over the bin (mean absolute difference width/3). The error is
/// below max_k(Wₖ/W)·width/(2·mean), a few 10⁻⁴ with the default bins of 1/32 of the line (the tests check it against
/// Poverty's exact `IncomeDistribution.gini()`).
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
