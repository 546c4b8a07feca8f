import Foundation
import Linear

/// Settings of a regression fit.
public struct RegressionOptions: Sendable {
    /// Covariance estimator for the standard errors (default classical).
    public var covariance: CovarianceType = .classical
    /// When true, collinear columns are dropped and listed in `droppedTerms`;
    /// when false (default) a rank-deficient design is an error naming them.
    public var dropCollinear = false
    /// A column is collinear when its distance from the span of the earlier columns is at most
    /// this fraction of its own norm (default 1e-10; R's `lm` uses 1e-7 with a similar rule).
    public var rankTolerance = 1e-10
    /// Relative convergence tolerance for absorbing two fixed effects (default 1e-12).
    public var absorbTolerance = 1e-12
    /// Sweep limit for absorbing two fixed effects (default 10,000).
    public var absorbMaxIterations = 10_000
    /// Confidence level of the reported intervals (default 0.95).
    public var confidenceLevel = 0.95

    public init(covariance: CovarianceType = .classical, dropCollinear: Bool = false) {
        self.covariance = covariance
        self.dropCollinear = dropCollinear
    }
}

/// One estimated coefficient.
public struct Coefficient: Sendable, Equatable {
    /// The column name (`(Intercept)` for the intercept).
    public var term: String
    public var estimate: Double
    /// Standard error (nil where the estimator gives none, e.g. ridge).
    public var standardError: Double?
    /// estimate / standard error.
    public var statistic: Double?
    /// Two-sided p-value of the t (or z) test of a zero coefficient.
    public var pValue: Double?
    /// Confidence interval at `RegressionOptions.confidenceLevel`.
    public var lower: Double?
    public var upper: Double?
}

/// The result of a linear (OLS, WLS, fixed effects, ridge) or logistic regression.
public struct RegressionResult: Sendable {
    /// `ols`, `wls`, `ridge` or `logit`.
    public var method: String
    /// Observations used.
    public var observations: Int
    /// Rows of the file not used (a missing value in a model variable, or zero weight).
    public var droppedRows: Int
    /// Rank of the design (estimated coefficients, absorbed effects not counted).
    public var rank: Int
    /// Degrees of freedom of the residuals: n − rank − absorbed degrees of freedom.
    public var dfResidual: Int
    /// Degrees of freedom absorbed by fixed effects.
    public var dfAbsorbed: Int
    /// The coefficients (collinear columns dropped when allowed).
    public var coefficients: [Coefficient]
    /// Columns dropped as collinear (empty unless `dropCollinear`).
    public var droppedTerms: [String]
    /// R² = 1 − SSR/SST (SST centred when the model has an intercept or absorbed effects, else uncentred);
    /// for logit, McFadden's pseudo-R² 1 − ℓ/ℓ₀.
    public var rSquared: Double
    /// Adjusted R² = 1 − (1 − R²)(n − c)/df_residual, c = 1 with an intercept or absorbed effects.
    public var adjustedRSquared: Double?
    /// R² of the demeaned model when effects are absorbed.
    public var withinRSquared: Double?
    /// √(SSR / df_residual) (nil for logit).
    public var residualStandardError: Double?
    /// Wald F of all coefficients except the intercept, with the chosen covariance.
    public var fStatistic: Double?
    public var fNumeratorDF: Int?
    public var fDenominatorDF: Double?
    public var fPValue: Double?
    /// Covariance of the coefficients, in `coefficients` order.
    public var covariance: Matrix?
    /// The covariance estimator used.
    public var covarianceType: CovarianceType
    /// Degrees of freedom of the t tests (`.infinity` for z tests).
    public var testDegreesOfFreedom: Double
    /// Number of clusters of each cluster factor.
    public var clusterCounts: [Int]
    /// True when a two-way cluster covariance had negative eigenvalues set to zero.
    public var covarianceAdjusted = false
    /// Residuals y − ŷ in the original scale (unweighted), one per used observation.
    public var residuals: [Double]
    /// Fitted values ŷ.
    public var fitted: [Double]
    /// Logit only: log-likelihood, null log-likelihood, iterations.
    public var logLikelihood: Double?
    public var nullLogLikelihood: Double?
    public var iterations: Int?

    /// The coefficient of a term, if estimated.
    public func coefficient(_ term: String) -> Coefficient? { coefficients.first { $0.term == term } }
}

/// Fits a linear model by (weighted) least squares through Householder QR — never the normal
/// equations — with the chosen covariance computed from R and Q₁.
///
/// With weights wᵢ the fit minimises Σ wᵢ(yᵢ − xᵢβ)². Absorbed factors are removed by the
/// within transformation first; their degrees of freedom are subtracted from df_residual.
/// - Throws: `RegressionError.collinear` (unless `dropCollinear`), `.notEnoughObservations`,
///   `.leverageOne` (HC2/HC3), `.didNotConverge` (two absorbed factors), `LinearAlgebraError`.
public func fitLinearModel(_ frame: ModelFrame, options: RegressionOptions = RegressionOptions()) throws -> RegressionResult {
    // The blocked QR runs its blocks on all cores itself; OpenBLAS threads on top of that only spin.
    try withSingleThreadedBLAS { try fitLinearModelOnOneBLASThread(frame, options: options) }
}

func fitLinearModelOnOneBLASThread(_ frame: ModelFrame, options: RegressionOptions) throws -> RegressionResult {
    // Responses or columns beyond 2^±400 are fitted rescaled by powers of two (exact), so their sums
    // of squares neither overflow nor underflow and the results scale exactly.
    let scaling = PowerOfTwoScaling(frame)
    if !scaling.isIdentity { return scaling.unscale(try fitUnscaledLinearModel(scaling.apply(frame), options: options), frame: frame) }
    return try fitUnscaledLinearModel(frame, options: options)
}

func fitUnscaledLinearModel(_ frame: ModelFrame, options: RegressionOptions) throws -> RegressionResult {
    let n = frame.observations
    var x = frame.design
    var y = frame.response
    let rootWeights = frame.weights.map { $0.map { $0.squareRoot() } }

    // Scale of each column before any demeaning, in the weighted metric.
    var reference = x
    if let rw = rootWeights { scaleRows(&reference, by: rw) }
    let referenceNorms = columnNorms(reference)
    reference = Matrix(rows: 0, columns: 0)

    var dfAbsorbed = 0
    if !frame.absorbed.isEmpty {
        _ = try FixedEffects.demean(&x, &y, factors: frame.absorbed, weights: frame.weights,
                                    tolerance: options.absorbTolerance, maxIterations: options.absorbMaxIterations)
        dfAbsorbed = FixedEffects.degreesOfFreedom(frame.absorbed)
    }
    var yWeighted = y
    if let rw = rootWeights {
        scaleRows(&x, by: rw)
        for i in 0..<n { yWeighted[i] *= rw[i] }
    }
    guard n > frame.design.columns + dfAbsorbed || (n > 0 && frame.design.columns == 0) else {
        throw RegressionError.notEnoughObservations(observations: n, parameters: frame.design.columns + dfAbsorbed)
    }

    let fit = try leastSquares(design: x, response: yWeighted, referenceNorms: referenceNorms, tolerance: options.rankTolerance)
    let dropped = (0..<frame.design.columns).filter { !fit.kept.contains($0) }.map { frame.columnNames[$0] }
    if !dropped.isEmpty && !options.dropCollinear { throw RegressionError.collinear(terms: dropped) }

    let rank = fit.rank
    let dfResidual = n - rank - dfAbsorbed
    guard dfResidual > 0 else { throw RegressionError.notEnoughObservations(observations: n, parameters: rank + dfAbsorbed) }

    // Residuals and fitted values on the original scale.
    var residuals = fit.residuals
    if let rw = rootWeights { for i in 0..<n { residuals[i] /= rw[i] } }
    let fitted = (0..<n).map { frame.response[$0] - residuals[$0] }

    // Goodness of fit.
    let ssr = fit.residuals.reduce(0) { $0 + $1 * $1 }
    let centred = frame.hasIntercept || !frame.absorbed.isEmpty
    let weightAt: (Int) -> Double = { i in frame.weights?[i] ?? 1 }
    var sst = 0.0
    if centred {
        var sw = 0.0, swy = 0.0
        for i in 0..<n { sw += weightAt(i); swy += weightAt(i) * frame.response[i] }
        let mean = swy / sw
        for i in 0..<n { sst += weightAt(i) * (frame.response[i] - mean) * (frame.response[i] - mean) }
    } else {
        for i in 0..<n { sst += weightAt(i) * frame.response[i] * frame.response[i] }
    }
    let rSquared = sst > 0 ? 1 - ssr / sst : .nan
    let adjusted = sst > 0 ? 1 - (1 - rSquared) * Double(n - (centred ? 1 : 0)) / Double(dfResidual) : nil
    var within: Double? = nil
    if !frame.absorbed.isEmpty {
        let sstWithin = yWeighted.reduce(0) { $0 + $1 * $1 }
        within = sstWithin > 0 ? 1 - ssr / sstWithin : nil
    }
    let sigma2 = ssr / Double(dfResidual)

    // Covariance from R (and Q₁ for the sandwiches).
    let rInverse = try invertTriangular(fit.r, upper: true)
    var covariance: Matrix
    var testDF = Double(dfResidual)
    var clusterCounts: [Int] = []
    var adjustedCovariance = false
    switch options.covariance {
    case .classical:
        covariance = try gemm(rInverse, rInverse, transposeB: true)
        for k in 0..<covariance.elements.count { covariance.elements[k] *= sigma2 }
    case .hc0, .hc1, .hc2, .hc3:
        var extra: [Double]? = nil
        if options.covariance == .hc2 || options.covariance == .hc3 {
            extra = try absorbedLeverage(frame)
        }
        var inputs = SandwichInputs(q1: try fit.qr.thinQ(), rInverse: rInverse, residuals: fit.residuals, extraLeverage: extra)
        let meat = try heteroskedasticMeat(&inputs, type: options.covariance, dfResidual: dfResidual, lines: frame.lines)
        covariance = try sandwich(rInverse, meat)
    case .cluster:
        let inputs = SandwichInputs(q1: try fit.qr.thinQ(), rInverse: rInverse, residuals: fit.residuals, extraLeverage: nil)
        let result = try clusterCovariance(inputs, frame: frame, parameters: rank, dfAbsorbed: dfAbsorbed)
        covariance = result.covariance
        clusterCounts = result.counts
        testDF = Double((clusterCounts.min() ?? 2) - 1)
        adjustedCovariance = result.adjusted
    }

    let names = fit.kept.map { frame.columnNames[$0] }
    let coefficients = makeCoefficients(names: names, estimates: fit.coefficients, covariance: covariance,
                                        testDF: testDF, level: options.confidenceLevel)
    let wald = waldTest(coefficients: fit.coefficients, covariance: covariance,
                        skip: frame.hasIntercept ? names.firstIndex(of: "(Intercept)") : nil, denominatorDF: testDF)
    return RegressionResult(
        method: frame.weights == nil ? "ols" : "wls",
        observations: n, droppedRows: frame.droppedRows, rank: rank, dfResidual: dfResidual, dfAbsorbed: dfAbsorbed,
        coefficients: coefficients, droppedTerms: dropped,
        rSquared: rSquared, adjustedRSquared: adjusted, withinRSquared: within,
        residualStandardError: sigma2.squareRoot(),
        fStatistic: wald?.statistic, fNumeratorDF: wald?.numeratorDF, fDenominatorDF: wald == nil ? nil : testDF, fPValue: wald?.pValue,
        covariance: covariance, covarianceType: options.covariance, testDegreesOfFreedom: testDF,
        clusterCounts: clusterCounts, covarianceAdjusted: adjustedCovariance,
        residuals: residuals, fitted: fitted)
}

/// Multiplies row i of `m` by `factors[i]`.
func scaleRows(_ m: inout Matrix, by factors: [Double]) {
    let n = m.rows, k = m.columns
    m.elements.withUnsafeMutableBufferPointer { p in
        for j in 0..<k { for i in 0..<n { p[i + j * n] *= factors[i] } }
    }
}

/// Leverage of one absorbed factor (wᵢ / Σ_{group} w), to add to the within leverage for HC2/HC3.
/// - Throws: `RegressionError.invalidSpecification` with two absorbed factors (no closed form).
func absorbedLeverage(_ frame: ModelFrame) throws -> [Double]? {
    switch frame.absorbed.count {
    case 0: return nil
    case 1:
        let f = frame.absorbed[0]
        var totals = [Double](repeating: 0, count: f.levelCount)
        for i in 0..<f.codes.count { totals[Int(f.codes[i])] += frame.weights?[i] ?? 1 }
        return (0..<f.codes.count).map { (frame.weights?[$0] ?? 1) / totals[Int(f.codes[$0])] }
    default:
        throw RegressionError.invalidSpecification("HC2 and HC3 need the leverage of the absorbed effects, which has no closed form with two absorbed factors; use hc1 or cluster")
    }
}

/// One- or two-way cluster-robust covariance with the small-sample factor G/(G−1)·(N−1)/(N−K).
///
/// K, reghdfe's convention (Correia 2016), factor by factor: the estimated coefficients, plus the
/// degrees of freedom of the absorbed factors that are not nested in a cluster factor (a factor is
/// nested when each of its levels lies within one cluster of some cluster factor; its effects vanish
/// from within-cluster scores, so it costs the cluster sums nothing), plus 1 for the constant when
/// a nested factor is left out (the constant it spanned is still estimated; this is the `+1` with
/// which reghdfe matches `xtreg, fe`, where plm's `vcovHC(type = "sss")` counts no constant):
/// - no absorbed factor nested: K = p + df_absorbed (G₁, or G₁ + G₂ − components);
/// - every absorbed factor nested: K = p + 1;
/// - two factors, the first (G₁ levels) nested and the second not: K = p + (G₁ + G₂ − components − G₁) + 1,
///   the second factor's levels beyond the span of the first, plus the constant.
/// Two-way: each of V₁, V₂ and V₁₂ takes its own G (Cameron, Gelbach and Miller 2011) and the same K.
func clusterCovariance(_ s: SandwichInputs, frame: ModelFrame, parameters: Int, dfAbsorbed: Int)
    throws -> (covariance: Matrix, counts: [Int], adjusted: Bool)
{
    let n = frame.observations
    let k = clusterCorrectionParameters(frame: frame, parameters: parameters, dfAbsorbed: dfAbsorbed)
    func factor(_ codes: [Int32], groups: Int) throws -> Matrix {
        guard groups > 1 else {
            throw RegressionError.invalidSpecification("cluster-robust errors need at least two clusters, found \(groups)")
        }
        let scale = Double(groups) / Double(groups - 1) * Double(n - 1) / Double(max(n - k, 1))
        var meat = try clusterMeat(s, codes: codes, groups: groups)
        for i in 0..<meat.elements.count { meat.elements[i] *= scale }
        return meat
    }
    let clusters = frame.clusters
    if clusters.count == 1 {
        let meat = try factor(clusters[0].codes, groups: clusters[0].levelCount)
        return (try sandwich(s.rInverse, meat), [clusters[0].levelCount], false)
    }
    let a = clusters[0], b = clusters[1]
    let both = intersectionCodes(a.codes, b.codes, bLevels: b.levelCount)
    var meat = try factor(a.codes, groups: a.levelCount)
    let meatB = try factor(b.codes, groups: b.levelCount)
    // When every observation is its own intersection cell the third term is the HC-type meat.
    let meatAB = try factor(both.codes, groups: both.groups)
    for i in 0..<meat.elements.count { meat.elements[i] += meatB.elements[i] - meatAB.elements[i] }
    let v = try sandwich(s.rInverse, meat)
    let (fixed, changed) = try positiveSemidefinitePart(v)
    return (fixed, [a.levelCount, b.levelCount], changed)
}

/// K of the cluster correction (see `clusterCovariance`): coefficients, plus the degrees of freedom
/// of the absorbed factors not nested in any cluster factor, plus 1 for the constant when one is nested.
func clusterCorrectionParameters(frame: ModelFrame, parameters: Int, dfAbsorbed: Int) -> Int {
    let nested = frame.absorbed.map { f in frame.clusters.contains { FixedEffects.isNested(f, within: $0.codes) } }
    let nestedCount = nested.filter { $0 }.count
    if nestedCount == 0 { return parameters + dfAbsorbed }
    if nestedCount == frame.absorbed.count { return parameters + 1 }
    // Two absorbed factors, one nested: what the other adds beyond the nested one's span, and the constant.
    let nestedLevels = zip(frame.absorbed, nested).filter { $0.1 }.reduce(0) { $0 + $1.0.levelCount }
    return parameters + (dfAbsorbed - nestedLevels) + 1
}

/// Coefficient rows with standard errors, t (or z) statistics, p-values and intervals.
func makeCoefficients(names: [String], estimates: [Double], covariance: Matrix?, testDF: Double, level: Double) -> [Coefficient] {
    let critical = Distributions.tQuantile(0.5 + level / 2, degreesOfFreedom: testDF)
    return names.indices.map { j in
        guard let v = covariance, v[j, j] >= 0, v[j, j].isFinite else {
            return Coefficient(term: names[j], estimate: estimates[j])
        }
        let se = v[j, j].squareRoot()
        let t: Double? = se > 0 ? estimates[j] / se : nil
        return Coefficient(
            term: names[j], estimate: estimates[j], standardError: se, statistic: t,
            pValue: t.map { Distributions.twoSidedTPValue($0, degreesOfFreedom: testDF) },
            lower: estimates[j] - critical * se, upper: estimates[j] + critical * se)
    }
}

/// Wald test that every coefficient except `skip` is zero: F = bᵀV⁻¹b / q on (q, df) degrees of freedom.
func waldTest(coefficients b: [Double], covariance v: Matrix, skip: Int?, denominatorDF: Double)
    -> (statistic: Double, numeratorDF: Int, pValue: Double)?
{
    let indices = b.indices.filter { $0 != skip }
    guard !indices.isEmpty else { return nil }
    var sub = Matrix(rows: indices.count, columns: indices.count)
    for (a, i) in indices.enumerated() { for (c, j) in indices.enumerated() { sub[a, c] = v[i, j] } }
    let bs = indices.map { b[$0] }
    guard let chol = try? choleskyFactorize(sub), let solved = try? chol.solve(bs) else { return nil }
    let q = Double(indices.count)
    let f = zip(bs, solved).reduce(0) { $0 + $1.0 * $1.1 } / q
    guard f.isFinite else { return nil }
    return (f, indices.count, Distributions.fUpperTail(f, d1: q, d2: denominatorDF))
}
