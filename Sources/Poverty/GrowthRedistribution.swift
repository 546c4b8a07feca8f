/// Datt–Ravallion (1992) decomposition of a change in FGT(α) between two years into a growth
/// part (the mean changes, the Lorenz curve stays) and a redistribution part (the Lorenz curve
/// changes, the mean stays), plus the Shapley version whose two parts add up to the change.
///
/// Writing P(μ, L) for FGT(α) at mean μ and Lorenz curve L, with years 1 and 2:
///
///     growth (DR)           = P(μ₂, L₁) − P(μ₁, L₁)
///     redistribution (DR)   = P(μ₁, L₂) − P(μ₁, L₁)
///     residual (DR)         = change − growth − redistribution
///     growth (Shapley)      = ½ [P(μ₂, L₁) − P(μ₁, L₁) + P(μ₂, L₂) − P(μ₁, L₂)]
///     redistribution (Sh.)  = ½ [P(μ₁, L₂) − P(μ₁, L₁) + P(μ₂, L₂) − P(μ₂, L₁)]
///
/// P(μ₂, L₁) is year 1's distribution scaled by μ₂/μ₁; P(μ₁, L₂) is year 2's scaled by μ₁/μ₂.
public struct GrowthRedistribution: Sendable, Equatable {
    public let alpha: Double
    /// FGT(α) in year 1 and year 2 (fractions).
    public let initial: Double
    public let final: Double
    /// final − initial.
    public let change: Double
    /// The original Datt–Ravallion parts with year 1 as reference, and their residual.
    public let growth: Double
    public let redistribution: Double
    public let residual: Double
    /// The Shapley parts: shapleyGrowth + shapleyRedistribution = change.
    public let shapleyGrowth: Double
    public let shapleyRedistribution: Double

    /// Decomposes the change in FGT(α) from `initial` to `final` at one real poverty line z
    /// (deflate year 2's incomes or line beforehand so that both are in the same prices).
    /// - Throws: `.invalidLine`, `.invalidParameter` for α, `.nonPositiveMean` when either year's mean is ≤ 0.
    public init(from year1: IncomeDistribution, to year2: IncomeDistribution, alpha: Double, line z: Double) throws {
        let mu1 = try year1.positiveMean("Datt–Ravallion year 1")
        let mu2 = try year2.positiveMean("Datt–Ravallion year 2")
        let p11 = try year1.fgt(alpha: alpha, line: z)
        let p22 = try year2.fgt(alpha: alpha, line: z)
        let p21 = try year1.scaled(by: mu2 / mu1).fgt(alpha: alpha, line: z)  // year 2 mean, year 1 Lorenz
        let p12 = try year2.scaled(by: mu1 / mu2).fgt(alpha: alpha, line: z)  // year 1 mean, year 2 Lorenz
        self.alpha = alpha
        initial = p11
        final = p22
        change = p22 - p11
        growth = p21 - p11
        redistribution = p12 - p11
        residual = change - growth - redistribution
        shapleyGrowth = 0.5 * ((p21 - p11) + (p22 - p12))
        shapleyRedistribution = 0.5 * ((p12 - p11) + (p22 - p21))
    }
}
