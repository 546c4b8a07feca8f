/// One income source's row in the Lerman–Yitzhaki decomposition of the Gini (DASP's `diginis` table).
public struct SourceGini: Sendable, Equatable {
    /// Position of the source in the input.
    public let source: Int
    /// Weighted mean of the source, yuan per person.
    public let mean: Double
    /// S_k = μ_k / μ, the source's share of total income.
    public let share: Double
    /// G_k, the Gini of the source itself; nil when its mean is 0.
    public let gini: Double?
    /// R_k = cov(x_k, F(y)) / cov(x_k, F(x_k)), the Gini correlation of the source with total
    /// income (ranks by total income vs by the source); nil when the source is constant or its mean is 0.
    public let giniCorrelation: Double?
    /// S_k · G_k · R_k = 2 cov(x_k, F(y)) / μ, the source's absolute contribution; these add up to the total Gini.
    public let contribution: Double
    /// contribution / G (relative contribution); nil when G = 0.
    public let contributionShare: Double?
    /// Relative marginal effect: the change in G, as a fraction of G, when source k grows by 1 %
    /// (per 1 % of it): S_k (G_k R_k / G − 1) = contribution / G − S_k. Nil when G = 0.
    public let marginalEffect: Double?
}

/// Gini of total income (the sum of the sources) and each source's part in it.
public struct GiniBySource: Sendable, Equatable {
    /// Gini of total income.
    public let gini: Double
    /// Weighted mean of total income, yuan per person.
    public let mean: Double
    public let sources: [SourceGini]
}

extension IncomeDistribution {
    /// Lerman–Yitzhaki (1985) decomposition of the Gini by income source, G = Σ_k S_k G_k R_k.
    ///
    /// Total income is y_i = Σ_k x_ki (the sources must add up to the income studied: include a
    /// residual source if they do not). Ranks are the weighted mid-point ranks
    /// F_i = (C_{i−1} + C_i) / 2W, averaged over ties, so that G = 2 cov(y, F(y)) / μ equals the
    /// pairwise Gini of `gini()`. Sources may be negative (e.g. losses); total income needs a
    /// positive mean. 1 + K sorts (one per source with a non-zero mean).
    /// - Parameters:
    ///   - sources: K arrays, one per source, each with one value per observation (yuan per person).
    ///   - weights: person weights; nil means 1 each.
    /// - Throws: `.emptyDistribution` when no source is given, `.lengthMismatch`, `.nonFinite`, weight errors,
    ///   `.nonPositiveMean(measure: "Gini", …)` for total income.
    public static func giniBySource(sources: [[Double]], weights: [Double]? = nil) throws -> GiniBySource {
        guard let first = sources.first else { throw PovertyError.emptyDistribution }
        let n = first.count
        var totals = [Double](repeating: 0, count: n)
        for (k, source) in sources.enumerated() {
            guard source.count == n else {
                throw PovertyError.lengthMismatch(what: "income source \(k + 1)", expected: n, found: source.count)
            }
            for i in 0..<n {
                guard source[i].isFinite else { throw PovertyError.nonFinite(what: "income source \(k + 1)", index: i) }
                totals[i] += source[i]
            }
        }
        let total = try IncomeDistribution(incomes: totals, weights: weights)
        let mu = try total.positiveMean("Gini")
        let W = total.totalWeight
        let w = total.weights
        let rankByTotal = midpointRanks(of: totals, weights: w, totalWeight: W)
        // G = 2 cov(y, F(y)) / μ: the pairwise Gini, from the ranks already at hand (no second sort).
        var covarianceOfTotal = 0.0
        for i in 0..<n { covarianceOfTotal += w[i] * totals[i] * (rankByTotal[i] - 0.5) }
        let g = 2 * (covarianceOfTotal / W) / mu
        let rows = try sources.enumerated().map { k, x -> SourceGini in
            var sumX = 0.0
            var covarianceWithTotal = 0.0
            for i in 0..<n {
                sumX += w[i] * x[i]
                covarianceWithTotal += w[i] * x[i] * (rankByTotal[i] - 0.5)
            }
            let muK = sumX / W
            covarianceWithTotal /= W
            let contribution = 2 * covarianceWithTotal / mu
            var giniK: Double? = nil
            var correlation: Double? = nil
            if muK != 0 {
                let ownRank = midpointRanks(of: x, weights: w, totalWeight: W)
                var covarianceWithOwn = 0.0
                for i in 0..<n { covarianceWithOwn += w[i] * x[i] * (ownRank[i] - 0.5) }
                covarianceWithOwn /= W
                giniK = try finite(2 * covarianceWithOwn / muK, "Gini of income source \(k + 1)", parameter: "mean", muK)
                if covarianceWithOwn != 0 { correlation = covarianceWithTotal / covarianceWithOwn }
            }
            let share = muK / mu
            return SourceGini(source: k, mean: muK, share: share, gini: giniK, giniCorrelation: correlation,
                              contribution: contribution,
                              contributionShare: g != 0 ? contribution / g : nil,
                              marginalEffect: g != 0 ? contribution / g - share : nil)
        }
        return GiniBySource(gini: g, mean: mu, sources: rows)
    }
}

/// Weighted mid-point ranks F_i = (C_before + C_through) / 2W in ascending order of `values`,
/// the same F for tied values (the mid-point of the whole tie block). One sort.
func midpointRanks(of values: [Double], weights: [Double], totalWeight W: Double) -> [Double] {
    let order = ascendingOrder(values)
    var ranks = [Double](repeating: 0, count: values.count)
    var cumulative = 0.0
    var start = 0
    while start < order.count {
        var end = start
        var blockWeight = 0.0
        while end < order.count && values[order[end]] == values[order[start]] {
            blockWeight += weights[order[end]]
            end += 1
        }
        let rank = (2 * cumulative + blockWeight) / (2 * W)
        for j in start..<end { ranks[order[j]] = rank }
        cumulative += blockWeight
        start = end
    }
    return ranks
}
