import Linear

/// Which covariance matrix of the coefficients to report.
public enum CovarianceType: Equatable, Sendable, CustomStringConvertible {
    /// σ²(X̃ᵀX̃)⁻¹ with σ² = SSR / df_residual.
    case classical
    /// White's heteroskedasticity-consistent sandwich with squared residuals (HC0),
    /// scaled by n/df_residual (HC1), divided by 1−hᵢᵢ (HC2) or (1−hᵢᵢ)² (HC3) — MacKinnon & White (1985).
    case hc0, hc1, hc2, hc3
    /// Cluster-robust on one or two factors (Cameron, Gelbach & Miller 2011 for two), each with the
    /// small-sample factor G/(G−1)·(N−1)/(N−K); t tests on G−1 degrees of freedom (G of the smaller factor).
    case cluster([String])

    /// Parses `classical`, `hc0`…`hc3`, or `cluster:COL[,COL2]`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "classical", "ols", "iid": self = .classical
        case "hc0": self = .hc0
        case "hc1": self = .hc1
        case "hc2": self = .hc2
        case "hc3": self = .hc3
        default:
            guard argument.hasPrefix("cluster:") else { return nil }
            let names = argument.dropFirst("cluster:".count).split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard (1...2).contains(names.count), !names.contains(where: \.isEmpty) else { return nil }
            self = .cluster(names)
        }
    }

    public var description: String {
        switch self {
        case .classical: return "classical"
        case .hc0: return "hc0"
        case .hc1: return "hc1"
        case .hc2: return "hc2"
        case .hc3: return "hc3"
        case .cluster(let c): return "cluster:" + c.joined(separator: ",")
        }
    }

    /// The cluster column names (empty unless `.cluster`).
    public var clusterColumns: [String] {
        if case .cluster(let c) = self { return c }
        return []
    }
}

/// Everything the sandwich estimators need from a fit, in the weighted, demeaned space where
/// `X̃ = Q₁R`: the scores are ẽᵢ·qᵢ with qᵢ the i-th row of Q₁.
struct SandwichInputs {
    var q1: Matrix               // n × r
    var rInverse: Matrix         // r × r, upper triangular
    var residuals: [Double]      // ẽ (weighted working residuals)
    var extraLeverage: [Double]? // leverage of absorbed effects to add to ‖qᵢ‖² (one-way FE)
}

/// `R⁻¹ · M · R⁻ᵀ` for a symmetric `M` in the Q₁ basis.
func sandwich(_ rInverse: Matrix, _ meat: Matrix) throws -> Matrix {
    let left = try gemm(rInverse, meat)
    var v = try gemm(left, rInverse, transposeB: true)
    v.symmetrize(fromUpper: true)
    return v
}

/// HC0–HC3 meat `Σ ωᵢ qᵢqᵢᵀ` (ωᵢ from the squared residual and leverage), computed as `BᵀB`
/// with `B = diag(√ωᵢ)·Q₁` by one `syrk`. Scales `s.q1` in place (no copy of the n × r factor).
/// - Throws: `RegressionError.leverageOne` when HC2/HC3 meet hᵢᵢ = 1.
func heteroskedasticMeat(_ s: inout SandwichInputs, type: CovarianceType, dfResidual: Int, lines: [Int]) throws -> Matrix {
    let n = s.q1.rows, r = s.q1.columns
    var b = s.q1
    s.q1 = Matrix(rows: 0, columns: 0)
    var leverage = [Double](repeating: 0, count: n)
    if type == .hc2 || type == .hc3 {
        b.elements.withUnsafeBufferPointer { q in
            for j in 0..<r { for i in 0..<n { leverage[i] += q[i + j * n] * q[i + j * n] } }
        }
        if let extra = s.extraLeverage { for i in 0..<n { leverage[i] += extra[i] } }
        for i in 0..<n where leverage[i] >= 1 - 1e-10 { throw RegressionError.leverageOne(line: lines[i]) }
    }
    let hc1Scale = Double(n) / Double(max(dfResidual, 1))
    var root = [Double](repeating: 0, count: n)
    for i in 0..<n {
        let e2 = s.residuals[i] * s.residuals[i]
        let omega: Double
        switch type {
        case .hc1: omega = e2 * hc1Scale
        case .hc2: omega = e2 / (1 - leverage[i])
        case .hc3: omega = e2 / ((1 - leverage[i]) * (1 - leverage[i]))
        default: omega = e2
        }
        root[i] = omega.squareRoot()
    }
    b.elements.withUnsafeMutableBufferPointer { q in
        for j in 0..<r { for i in 0..<n { q[i + j * n] *= root[i] } }
    }
    return try syrk(b)
}

/// One-way cluster meat `Σ_g s_g s_gᵀ` with `s_g = Σ_{i∈g} ẽᵢqᵢ`, by accumulating a G × r score matrix
/// and one `syrk`.
func clusterMeat(_ s: SandwichInputs, codes: [Int32], groups: Int) throws -> Matrix {
    let n = s.q1.rows, r = s.q1.columns
    var scores = Matrix(rows: groups, columns: r)
    scores.elements.withUnsafeMutableBufferPointer { out in
        s.q1.elements.withUnsafeBufferPointer { q in
            for j in 0..<r {
                let column = j * n, target = j * groups
                for i in 0..<n { out[target + Int(codes[i])] += s.residuals[i] * q[column + i] }
            }
        }
    }
    return try syrk(scores)
}

/// Codes of the intersection of two factors (each pair of levels that occurs becomes one level).
func intersectionCodes(_ a: [Int32], _ b: [Int32], bLevels: Int) -> (codes: [Int32], groups: Int) {
    var map: [Int: Int32] = [:]
    var out = [Int32](repeating: 0, count: a.count)
    for i in 0..<a.count {
        let key = Int(a[i]) * bLevels + Int(b[i])
        if let c = map[key] { out[i] = c } else {
            let c = Int32(map.count)
            map[key] = c
            out[i] = c
        }
    }
    return (out, map.count)
}

/// Replaces negative eigenvalues of a symmetric matrix by zero (Cameron, Gelbach & Miller's fix for
/// a two-way cluster covariance that is not positive semi-definite). Returns the matrix and whether it changed.
func positiveSemidefinitePart(_ v: Matrix) throws -> (Matrix, Bool) {
    let (values, vectors) = try symmetricEigen(v)
    guard values.contains(where: { $0 < 0 }) else { return (v, false) }
    var scaled = vectors
    for j in 0..<values.count {
        let factor = max(values[j], 0)
        for i in 0..<v.rows { scaled[i, j] *= factor }
    }
    var fixed = try gemm(scaled, vectors, transposeB: true)
    fixed.symmetrize(fromUpper: true)
    return (fixed, true)
}

import Foundation
