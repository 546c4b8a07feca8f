extension IncomeDistribution {
    /// Gini coefficient: Σ_i Σ_j w_i w_j |y_i − y_j| / (2 W² μ), a fraction (0 = equality).
    ///
    /// Computed after one sort as Σ_i w_i y_i (2 C_i − w_i − W) / (W · Σ w y), with C_i the cumulative
    /// weight through the i-th smallest income; ties need no special care. Negative incomes are
    /// allowed (the Gini may then exceed 1) as long as the mean is positive. Pass a distribution
    /// already `sortedByIncome()` to skip the sort.
    /// - Throws: `PovertyError.nonPositiveMean` when the weighted mean income is ≤ 0.
    public func gini() throws -> Double {
        guard mean > 0 else { throw PovertyError.nonPositiveMean(measure: "Gini", mean: mean) }
        let sorted = sortedByIncome()
        return sorted.meanAbsoluteDifference() / (2 * mean)
    }

    /// Gini mean difference Σ_i Σ_j w_i w_j |y_i − y_j| / W² of an ascending distribution.
    func meanAbsoluteDifference() -> Double {
        precondition(isSortedByIncome)
        let W = totalWeight
        var cumulative = 0.0
        var sum = 0.0
        for i in incomes.indices {
            let w = weights[i]
            let before = cumulative
            cumulative += w
            sum += w * incomes[i] * (before + cumulative - W)
        }
        return 2 * sum / (W * W)
    }

    /// Sen index: S = H · (I + (1 − I) · G_p), with H the headcount, I the mean gap ratio of the
    /// poor and G_p the Gini of the poor's incomes (same definition as `gini()`, weights of the poor).
    ///
    /// Since (1 − I)·G_p = Δ_p / (2z), with Δ_p the Gini mean difference among the poor, it is
    /// computed as S = FGT(1) + H · Δ_p / (2z), which stays defined when the poor have zero or
    /// negative incomes (their mean may then be ≤ 0). 0 when nobody is poor. One sort (skipped
    /// when the distribution is already sorted).
    /// - Throws: `PovertyError.invalidLine`.
    public func sen(line z: Double) throws -> Double {
        try checkLine(z)
        let sorted = sortedByIncome()
        let W = sorted.totalWeight
        var poorWeight = 0.0
        var gapSum = 0.0
        var differenceSum = 0.0
        // First pass: the poor are a prefix of the sorted incomes.
        var end = 0
        while end < sorted.count && sorted.incomes[end] < z {
            poorWeight += sorted.weights[end]
            gapSum += sorted.weights[end] * (z - sorted.incomes[end]) / z
            end += 1
        }
        guard poorWeight > 0 else { return 0 }
        var cumulative = 0.0
        for i in 0..<end {
            let w = sorted.weights[i]
            let before = cumulative
            cumulative += w
            differenceSum += w * sorted.incomes[i] * (before + cumulative - poorWeight)
        }
        let meanDifferencePoor = 2 * differenceSum / (poorWeight * poorWeight)
        let headcount = poorWeight / W
        return gapSum / W + headcount * meanDifferencePoor / (2 * z)
    }

    /// Sen–Shorrocks–Thon index: SST = FGT(1) · (1 + G_g), with G_g the Gini of the poverty-gap
    /// ratios g_i = max(0, (z − y_i)/z) over the whole population (non-poor counting 0).
    ///
    /// Since FGT(1) is the mean of g, FGT(1)·G_g = Δ_g / 2 (Δ_g the Gini mean difference of g), so
    /// SST = FGT(1) + Δ_g / 2; 0 when nobody is poor. Gaps fall as incomes rise, so the income sort
    /// orders them. Zero and negative incomes are allowed.
    /// - Throws: `PovertyError.invalidLine`.
    public func sst(line z: Double) throws -> Double {
        try checkLine(z)
        let sorted = sortedByIncome()
        let W = sorted.totalWeight
        var gapSum = 0.0
        var differenceSum = 0.0
        var cumulative = 0.0
        for i in 0..<sorted.count {
            let y = sorted.incomes[i]
            guard y < z else { break }
            let w = sorted.weights[i]
            let g = (z - y) / z
            let before = cumulative
            cumulative += w
            gapSum += w * g
            // In ascending order of g, the weight at or below this gap is W − before.
            differenceSum += w * g * (W - before - cumulative)
        }
        return gapSum / W + differenceSum / (W * W)
    }
}
