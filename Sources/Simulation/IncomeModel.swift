import Planning
import Regression
import Tabular

/// The income-structure regression fitted on a county registry, and the residual spread the
/// simulation draws from it.
///
/// **Model.** Household net income (yuan a year) on the household's labour endowment —
/// `income ~ labour + migrant_workers + size | village` — by OLS with village fixed effects
/// absorbed and standard errors clustered by village:
///
/// - `labour`: yuan a year one more person able to work adds (at equal size and migrants);
/// - `migrant_workers`: what sending one of them away to work adds on top (务工 premium);
/// - `size`: the cost of one more dependant member (usually small or negative);
/// - village effects absorb land, water, market access and the village's own programmes, so
///   the coefficients compare households within the same village.
///
/// The regressors are endowments, not income sources: regressing income on its own components is
/// an identity. Clustering by village allows for common shocks within a village.
///
/// **Residual spread.** The residual standard error measures the income that the endowments and
/// the village do not explain. The registry is one cross-section, so that variance mixes
/// permanent differences (skills, land quality, the transfers and dividends policy pays —
/// already in each household's observed income, which the simulation starts from) and
/// year-to-year (transitory) changes. Only the transitory part should be drawn again next year,
/// and only on the income that can move from one year to the next by itself: the earned income
/// (planting, migrant work, breeding, forestry). Dividends, ecological posts and 低保/五保
/// transfers are set by policy; their uncertainty is the scenario's own (spread by source,
/// transfer lever). So the simulation draws, for household h,
///
///     σ_h = c · earned_h,   c² = transitoryShare · Σ ε_h² / Σ earned_h²
///
/// (ε the fitted residuals, earned_h this year's earned income, sums over the fitted
/// households): a spread proportional to earned income — multiplicative shocks to market
/// income, the usual assumption for income dynamics — whose mean variance over the households
/// is exactly `transitoryShare` × the mean squared residual. A household living on transfers
/// alone gets no residual spread; one earning twice as much gets twice the spread.
/// The transitory share cannot be estimated from one cross-section; the default 0.5 follows
/// panel evidence for rural China (Jalan and Ravallion, 1998, "Transient poverty in postreform
/// rural China", attribute about half of poverty to transient income variation). Scenarios add
/// their own spread by source and common shocks on top. When no household has earned income the
/// spread falls back to the same √share × residual SE for every household.
public struct IncomeModel: Sendable {
    /// The formula fitted.
    public static let formula = "income ~ labour + migrant_workers + size | village"
    /// Default share of the residual variance treated as year-to-year variation.
    public static let defaultTransitoryShare = 0.5

    /// The full regression (coefficients with village-clustered standard errors).
    public var regression: RegressionResult
    /// Share of the residual variance drawn again next year (0…1).
    public var transitoryShare: Double

    /// Fits the model on every household of the registry (exited or not).
    /// - Throws: `RegressionError` or `LinearAlgebraError` when the registry cannot identify the
    ///   model (e.g. fewer households than villages plus regressors, or collinear regressors).
    public static func fit(_ registry: CountyRegistry, transitoryShare: Double = defaultTransitoryShare) throws -> IncomeModel {
        let h = registry.households
        let villageIDs = registry.villages.map(\.id)
        let table = DataTable(
            path: "households.csv",
            lines: (0..<h.count).map { $0 + 2 },
            columns: [
                "income": .numeric(h.income),
                "labour": .numeric(h.labour.map(Double.init)),
                "migrant_workers": .numeric(h.migrantWorkers.map(Double.init)),
                "size": .numeric(h.size.map(Double.init)),
                "village": .categorical(codes: h.village, levels: villageIDs),
            ],
            header: ["income", "labour", "migrant_workers", "size", "village"])
        let frame = try ModelFrame.build(formula: try Formula(formula), table: table, weights: nil, clusters: ["village"])
        let result = try fitLinearModel(frame, options: RegressionOptions(covariance: .cluster(["village"])))
        // Every household is fitted (the registry has no missing values), so residual i is household i.
        let earnedColumns = Planning.IncomeSource.allCases
            .filter { stored in IncomeSource(key: stored.column)?.isEarned == true }
            .map { h.sourceIncome[$0.rawValue] }
        var squaredResiduals = 0.0, squaredEarned = 0.0
        for (i, residual) in result.residuals.enumerated() where i < h.count {
            let earned = earnedColumns.reduce(0.0) { $0 + $1[i] }
            squaredResiduals += residual * residual
            squaredEarned += earned * earned
        }
        let n = Double(max(result.residuals.count, 1))
        return IncomeModel(regression: result, transitoryShare: min(max(transitoryShare, 0), 1),
                           meanSquaredResidual: squaredResiduals / n,
                           residualPerEarnedSquared: squaredEarned > 0 ? squaredResiduals / squaredEarned : nil)
    }

    /// The residual standard error of the fit, yuan per household per year.
    public var residualStandardError: Double { regression.residualStandardError ?? 0 }

    /// The spread the simulation draws for each household: `perYuanEarned` = c above (or, with no
    /// earned income in the registry, `total` = √share × residual SE for every household).
    public var residualSpread: ResidualSpread {
        guard let ratio = residualPerEarnedSquared else {
            return ResidualSpread(total: (transitoryShare * residualStandardError * residualStandardError).squareRoot())
        }
        return ResidualSpread(perYuanEarned: (transitoryShare * ratio).squareRoot())
    }

    /// Root mean square over the fitted households of the spread drawn, yuan per household a
    /// year: √(share × Σ ε² / n).
    public var meanTransitorySpread: Double { (transitoryShare * meanSquaredResidual).squareRoot() }

    /// Σ ε_h² / n over the fitted households, yuan².
    let meanSquaredResidual: Double
    /// c² without the share: Σ ε_h² / Σ earned_h² (nil when no household has earned income).
    let residualPerEarnedSquared: Double?
}
