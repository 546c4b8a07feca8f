import Foundation
import Linear

/// Exact rescaling of a model whose response or columns are so large or small that their sums of
/// squares would overflow or underflow (|values| beyond 2^±400): the response and every design
/// column are multiplied by powers of two, which is exact, the model is fitted, and the results are
/// scaled back. Least squares is scale-equivariant, so a response scaled by 2^k gives coefficients,
/// standard errors, residuals and σ scaled by 2^k and the same R², t, F and p, to the bit.
struct PowerOfTwoScaling {
    /// Exponent applied to the response, and to each design column (values are multiplied by 2^−e).
    let responseExponent: Int
    let columnExponents: [Int]

    /// Magnitudes within 2^±400 are left alone: their squares and sums of n ≤ 2^100 of them stay finite and normal.
    static let safeExponent = 400

    init(_ frame: ModelFrame) {
        func exponent(_ largest: Double) -> Int {
            guard largest.isFinite, largest > 0 else { return 0 }
            let e = Int(largest.exponent)
            return abs(e) > Self.safeExponent ? e : 0
        }
        responseExponent = exponent(frame.response.reduce(0) { max($0, abs($1)) })
        let n = frame.design.rows
        columnExponents = (0..<frame.design.columns).map { j in
            var largest = 0.0
            for i in 0..<n { largest = max(largest, abs(frame.design[i, j])) }
            return exponent(largest)
        }
    }

    var isIdentity: Bool { responseExponent == 0 && columnExponents.allSatisfy { $0 == 0 } }

    /// The frame with the response and columns multiplied by 2^−e.
    func apply(_ frame: ModelFrame) -> ModelFrame {
        var scaled = frame
        if responseExponent != 0 { scaled.response = frame.response.map { Foundation.scalbn($0, -responseExponent) } }
        let n = frame.design.rows
        for (j, e) in columnExponents.enumerated() where e != 0 {
            for i in 0..<n { scaled.design[i, j] = Foundation.scalbn(frame.design[i, j], -e) }
        }
        return scaled
    }

    /// The fit of the scaled frame in the units of `frame`: coefficient j (column c) times
    /// 2^(e_y − e_c), covariance entries times 2^(2e_y − e_c − e_d), residuals, fitted values and σ
    /// times 2^e_y; R², t, F and p unchanged.
    func unscale(_ result: RegressionResult, frame: ModelFrame) -> RegressionResult {
        var out = result
        let columnOf = Dictionary(frame.columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let exponents = result.coefficients.map { responseExponent - (columnOf[$0.term].map { columnExponents[$0] } ?? 0) }
        func scale(_ x: Double?, _ e: Int) -> Double? { x.map { Foundation.scalbn($0, e) } }
        for (k, e) in exponents.enumerated() {
            out.coefficients[k].estimate = Foundation.scalbn(result.coefficients[k].estimate, e)
            out.coefficients[k].standardError = scale(result.coefficients[k].standardError, e)
            out.coefficients[k].lower = scale(result.coefficients[k].lower, e)
            out.coefficients[k].upper = scale(result.coefficients[k].upper, e)
        }
        if var v = result.covariance {
            for a in 0..<min(v.rows, exponents.count) {
                for b in 0..<min(v.columns, exponents.count) { v[a, b] = Foundation.scalbn(v[a, b], exponents[a] + exponents[b]) }
            }
            out.covariance = v
        }
        out.residuals = result.residuals.map { Foundation.scalbn($0, responseExponent) }
        out.fitted = result.fitted.map { Foundation.scalbn($0, responseExponent) }
        out.residualStandardError = scale(result.residualStandardError, responseExponent)
        return out
    }
}
