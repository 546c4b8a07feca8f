/// How well a list targets the households that fall below the line, against the simulated outcome
/// (as targeting studies report it): inclusion error, exclusion error and coverage.
///
/// With a population U, a list L ⊆ U and, for each household h of U, p_h = P(h falls below the
/// line in the draws) — the share of draws in which its per-capita income is below the line — the
/// counts are expectations over the draws (each draw's counts, averaged, as the draws are pooled):
///
///     inclusion error = Σ_{h∈L} (1 − p_h) / |L|        listed but not falling below the line
///     exclusion error = Σ_{h∈U∖L} p_h / Σ_{h∈U} p_h   falling below the line but not listed
///     coverage        = Σ_{h∈L} p_h / Σ_{h∈U} p_h = 1 − exclusion error
///
/// A ratio is NaN when its denominator is 0 (an empty list, nobody falling below the line).
public struct TargetingQuality: Sendable, Equatable {
    /// Households in the population and on the list.
    public var population: Int
    public var listed: Int
    /// Expected households of the population falling below the line (Σ_U p_h), and of the list (Σ_L p_h).
    public var expectedPoor: Double
    public var expectedPoorListed: Double

    public init(population: Int, listed: Int, expectedPoor: Double, expectedPoorListed: Double) {
        self.population = population
        self.listed = listed
        self.expectedPoor = expectedPoor
        self.expectedPoorListed = expectedPoorListed
    }

    /// The counts of `probabilities` (one per household of the population) and `listed` (same order).
    public init(probabilities: [Double], listed: [Bool]) {
        var all = 0.0, onList = 0.0, count = 0
        for (p, l) in zip(probabilities, listed) {
            all += p
            if l { onList += p; count += 1 }
        }
        self.init(population: probabilities.count, listed: count, expectedPoor: all, expectedPoorListed: onList)
    }

    public var inclusionError: Double { listed > 0 ? (Double(listed) - expectedPoorListed) / Double(listed) : .nan }
    public var exclusionError: Double { expectedPoor > 0 ? (expectedPoor - expectedPoorListed) / expectedPoor : .nan }
    public var coverage: Double { expectedPoor > 0 ? expectedPoorListed / expectedPoor : .nan }
}
