import Foundation
import Linear
import Tabular

/// Ridge regression: minimises Σ wᵢ(yᵢ − xᵢβ)² + λ‖β‖² over the coefficients other than the
/// intercept (which is never penalised), solved as the least-squares problem
/// `[X̃_c; √λ·I] β = [ỹ_c; 0]` by QR on centred data — not through (XᵀX + λI)⁻¹.
/// Coefficients are on the scale of the data (no standardisation). Standard errors are not
/// reported (a penalised estimator has no unbiased sampling covariance of this form).
/// - Throws: `RegressionError.invalidSpecification` for λ < 0, `.notEnoughObservations`.
public func fitRidge(_ frame: ModelFrame, penalty lambda: Double, options: RegressionOptions = RegressionOptions()) throws -> RegressionResult {
    guard lambda >= 0, lambda.isFinite else { throw RegressionError.invalidSpecification("the ridge penalty must be a finite number ≥ 0, found \(lambda)") }
    let n = frame.observations
    var x = frame.design
    var y = frame.response
    let weights = frame.weights ?? [Double](repeating: 1, count: n)
    let interceptIndex = frame.hasIntercept ? frame.columnNames.firstIndex(of: "(Intercept)") : nil
    var dfAbsorbed = 0
    if !frame.absorbed.isEmpty {
        _ = try FixedEffects.demean(&x, &y, factors: frame.absorbed, weights: frame.weights,
                                    tolerance: options.absorbTolerance, maxIterations: options.absorbMaxIterations)
        dfAbsorbed = FixedEffects.degreesOfFreedom(frame.absorbed)
    }
    let penalised = (0..<x.columns).filter { $0 != interceptIndex }
    let k = penalised.count
    guard n > k + dfAbsorbed else { throw RegressionError.notEnoughObservations(observations: n, parameters: k + dfAbsorbed) }
    // Weighted centring when there is an intercept.
    let totalWeight = weights.reduce(0, +)
    var means = [Double](repeating: 0, count: x.columns)
    var meanY = 0.0
    if interceptIndex != nil {
        for j in penalised { for i in 0..<n { means[j] += weights[i] * x[i, j] }; means[j] /= totalWeight }
        for i in 0..<n { meanY += weights[i] * y[i] }
        meanY /= totalWeight
    }
    var augmented = Matrix(rows: n + k, columns: k)
    var target = [Double](repeating: 0, count: n + k)
    for i in 0..<n { target[i] = weights[i].squareRoot() * (y[i] - meanY) }
    for (c, j) in penalised.enumerated() {
        for i in 0..<n { augmented[i, c] = weights[i].squareRoot() * (x[i, j] - means[j]) }
        augmented[n + c, c] = lambda.squareRoot()
    }
    let qr = try qrFactorize(augmented)
    let beta = try qr.solveR(try qr.applyQ(to: target), leading: k)
    var estimates = [Double](repeating: 0, count: x.columns)
    for (c, j) in penalised.enumerated() { estimates[j] = beta[c] }
    if let ic = interceptIndex { estimates[ic] = meanY - penalised.enumerated().reduce(0) { $0 + means[$1.1] * beta[$1.0] } }
    // Fitted values on the original (not demeaned) data when nothing is absorbed.
    let fittedDesign = frame.absorbed.isEmpty ? frame.design : x
    let fittedCore = try gemv(fittedDesign, estimates)
    let response = frame.absorbed.isEmpty ? frame.response : y
    let residuals = (0..<n).map { response[$0] - fittedCore[$0] }
    let ssr = (0..<n).reduce(0) { $0 + weights[$1] * residuals[$1] * residuals[$1] }
    var sst = 0.0
    let centredMean = interceptIndex != nil || !frame.absorbed.isEmpty
        ? (0..<n).reduce(0) { $0 + weights[$1] * response[$1] } / totalWeight : 0
    for i in 0..<n { sst += weights[i] * (response[i] - centredMean) * (response[i] - centredMean) }
    let dfResidual = n - x.columns - dfAbsorbed
    return RegressionResult(
        method: "ridge", observations: n, droppedRows: frame.droppedRows, rank: x.columns,
        dfResidual: dfResidual, dfAbsorbed: dfAbsorbed,
        coefficients: frame.columnNames.indices.map { Coefficient(term: frame.columnNames[$0], estimate: estimates[$0]) },
        droppedTerms: [], rSquared: sst > 0 ? 1 - ssr / sst : .nan, adjustedRSquared: nil, withinRSquared: nil,
        residualStandardError: dfResidual > 0 ? (ssr / Double(dfResidual)).squareRoot() : nil,
        covariance: nil, covarianceType: options.covariance, testDegreesOfFreedom: Double(max(dfResidual, 1)),
        clusterCounts: [], residuals: residuals, fitted: (0..<n).map { frame.response[$0] - residuals[$0] })
}

/// Settings of the logistic IRLS iteration.
public struct LogitOptions: Sendable {
    /// Stop when |Δdeviance| / (|deviance| + 0.1) falls below this (default 1e-10; R's glm uses 1e-8).
    public var tolerance = 1e-10
    /// Iteration limit (default 100).
    public var maxIterations = 100
    public init() {}
}

/// Logistic regression P(yᵢ = 1) = 1 / (1 + e^{−xᵢβ}) by iteratively reweighted least squares, each
/// step a weighted QR least-squares fit of the working response on X with weights μ(1 − μ) (times
/// the prior weights, if any). Standard errors from R of the final weighted QR (covariance
/// (XᵀWX)⁻¹, dispersion 1) or the chosen sandwich on the Pearson residuals; tests are z tests.
/// - Throws: `InputError` when y is not 0/1, `RegressionError.perfectSeparation` when some fitted
///   probabilities reach 0 or 1 (no finite maximum), `.didNotConverge`, `.collinear`.
public func fitLogit(_ frame: ModelFrame, options: RegressionOptions = RegressionOptions(), logit: LogitOptions = LogitOptions(),
                     file: String = "") throws -> RegressionResult {
    try withSingleThreadedBLAS { try fitLogitOnOneBLASThread(frame, options: options, logit: logit, file: file) }
}

func fitLogitOnOneBLASThread(_ frame: ModelFrame, options: RegressionOptions, logit: LogitOptions, file: String) throws -> RegressionResult {
    let n = frame.observations
    let y = frame.response
    for i in 0..<n where y[i] != 0 && y[i] != 1 {
        throw InputError(file: file, line: frame.lines[i], message: "logistic regression needs a 0/1 response, found \(y[i])")
    }
    guard frame.absorbed.isEmpty else {
        throw RegressionError.invalidSpecification("absorbed fixed effects are not supported in logistic regression (the incidental-parameter problem); use C(factor) terms")
    }
    let prior = frame.weights ?? [Double](repeating: 1, count: n)
    let referenceNorms = columnNorms(frame.design)
    var mu = (0..<n).map { (y[$0] + 0.5) / 2 }
    var eta = mu.map { log($0 / (1 - $0)) }
    var deviance = Double.infinity
    var fit: LeastSquaresFit? = nil
    var iterations = 0
    var converged = false
    var rootW = [Double](repeating: 0, count: n)
    for iteration in 1...logit.maxIterations {
        iterations = iteration
        var xw = frame.design
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let variance = max(mu[i] * (1 - mu[i]), 1e-300)
            rootW[i] = (prior[i] * variance).squareRoot()
            z[i] = rootW[i] * (eta[i] + (y[i] - mu[i]) / variance)
        }
        scaleRows(&xw, by: rootW)
        let step = try leastSquares(design: xw, response: z, referenceNorms: referenceNorms, tolerance: 1e-10)
        var full = [Double](repeating: 0, count: frame.design.columns)
        for (c, j) in step.kept.enumerated() { full[j] = step.coefficients[c] }
        eta = try gemv(frame.design, full)
        mu = eta.map { 1 / (1 + exp(-$0)) }
        let newDeviance = binomialDeviance(y: y, mu: mu, prior: prior)
        fit = step
        if abs(newDeviance - deviance) / (abs(newDeviance) + 0.1) < logit.tolerance {
            deviance = newDeviance
            converged = true
            break
        }
        deviance = newDeviance
    }
    guard let final = fit else { throw RegressionError.didNotConverge("logistic regression made no step") }
    let saturated = (0..<n).filter { abs(eta[$0]) > 30 }
    if !saturated.isEmpty {
        throw RegressionError.perfectSeparation("fitted probabilities are 0 or 1 for \(saturated.count) observation(s), first on line \(frame.lines[saturated[0]]); the estimates diverge")
    }
    guard converged else { throw RegressionError.didNotConverge("logistic regression after \(iterations) iterations") }
    let dropped = (0..<frame.design.columns).filter { !final.kept.contains($0) }.map { frame.columnNames[$0] }
    if !dropped.isEmpty && !options.dropCollinear { throw RegressionError.collinear(terms: dropped) }

    // Recompute the weighted QR at the final μ for the covariance.
    var xw = frame.design
    var pearson = [Double](repeating: 0, count: n)
    for i in 0..<n {
        let variance = mu[i] * (1 - mu[i])
        rootW[i] = (prior[i] * variance).squareRoot()
        pearson[i] = prior[i].squareRoot() * (y[i] - mu[i]) / variance.squareRoot()
    }
    scaleRows(&xw, by: rootW)
    let kept = final.kept
    let q = try TallSkinnyQR(xw.selectingColumns(kept))
    let rank = kept.count
    let r = q.r
    let rInverse = try invertTriangular(r, upper: true)
    let dfResidual = n - rank
    var covariance: Matrix
    var clusterCounts: [Int] = []
    var adjusted = false
    switch options.covariance {
    case .classical:
        covariance = try gemm(rInverse, rInverse, transposeB: true)
    case .hc0, .hc1, .hc2, .hc3:
        var inputs = SandwichInputs(q1: try q.thinQ(), rInverse: rInverse, residuals: pearson, extraLeverage: nil)
        covariance = try sandwich(rInverse, try heteroskedasticMeat(&inputs, type: options.covariance, dfResidual: dfResidual, lines: frame.lines))
    case .cluster:
        let inputs = SandwichInputs(q1: try q.thinQ(), rInverse: rInverse, residuals: pearson, extraLeverage: nil)
        let c = try clusterCovariance(inputs, frame: frame, parameters: rank, dfAbsorbed: 0)
        covariance = c.covariance
        clusterCounts = c.counts
        adjusted = c.adjusted
    }
    let estimates = final.coefficients
    let names = kept.map { frame.columnNames[$0] }
    let coefficients = makeCoefficients(names: names, estimates: estimates, covariance: covariance, testDF: .infinity, level: options.confidenceLevel)
    let logLikelihood = -deviance / 2
    let totalPrior = prior.reduce(0, +)
    let meanY = frame.hasIntercept ? zip(prior, y).reduce(0) { $0 + $1.0 * $1.1 } / totalPrior : 0.5
    let nullLL = -binomialDeviance(y: y, mu: [Double](repeating: meanY, count: n), prior: prior) / 2
    let wald = waldTest(coefficients: estimates, covariance: covariance,
                        skip: frame.hasIntercept ? names.firstIndex(of: "(Intercept)") : nil, denominatorDF: .infinity)
    return RegressionResult(
        method: "logit", observations: n, droppedRows: frame.droppedRows, rank: rank, dfResidual: dfResidual, dfAbsorbed: 0,
        coefficients: coefficients, droppedTerms: dropped,
        rSquared: nullLL != 0 ? 1 - logLikelihood / nullLL : .nan, adjustedRSquared: nil, withinRSquared: nil,
        residualStandardError: nil,
        fStatistic: wald?.statistic, fNumeratorDF: wald?.numeratorDF, fDenominatorDF: wald == nil ? nil : .infinity, fPValue: wald?.pValue,
        covariance: covariance, covarianceType: options.covariance, testDegreesOfFreedom: .infinity,
        clusterCounts: clusterCounts, covarianceAdjusted: adjusted,
        residuals: (0..<n).map { y[$0] - mu[$0] }, fitted: mu,
        logLikelihood: logLikelihood, nullLogLikelihood: nullLL, iterations: iterations)
}

/// Binomial deviance −2 Σ pᵢ [yᵢ log μᵢ + (1 − yᵢ) log(1 − μᵢ)] (terms with y log y = 0 dropped).
func binomialDeviance(y: [Double], mu: [Double], prior: [Double]) -> Double {
    var d = 0.0
    for i in 0..<y.count {
        if y[i] > 0 { d -= 2 * prior[i] * y[i] * log(mu[i]) }
        if y[i] < 1 { d -= 2 * prior[i] * (1 - y[i]) * log1p(-mu[i]) }
    }
    return d
}
