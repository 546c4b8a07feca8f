import Foundation

/// Distribution functions for test statistics: Student t, F and standard normal.
///
/// The t and F tails come from the regularised incomplete beta function
/// `I_x(a, b)`, evaluated by its continued fraction (modified Lentz), which gives
/// close to full double precision for the arguments regression produces.
public enum Distributions {
    /// Two-sided p-value `P(|T| ≥ |t|)` for Student's t with `degreesOfFreedom` (> 0; `.infinity` for the normal).
    /// Returns NaN only for a NaN statistic.
    public static func twoSidedTPValue(_ t: Double, degreesOfFreedom df: Double) -> Double {
        if t.isNaN { return .nan }
        if df.isInfinite { return erfc(abs(t) / 2.0.squareRoot()) }
        if t.isInfinite { return 0 }
        let x = df / (df + t * t)
        return regularizedIncompleteBeta(x, a: df / 2, b: 0.5)
    }

    /// Upper tail `P(F ≥ f)` of the F distribution with `(d1, d2)` degrees of freedom.
    public static func fUpperTail(_ f: Double, d1: Double, d2: Double) -> Double {
        if f.isNaN { return .nan }
        if f <= 0 { return 1 }
        if f.isInfinite { return 0 }
        if d2.isInfinite {
            // d1·F → χ²(d1): upper tail is the regularised upper gamma Q(d1/2, d1·f/2).
            return regularizedUpperGamma(d1 / 2, d1 * f / 2)
        }
        let x = d2 / (d2 + d1 * f)
        return regularizedIncompleteBeta(x, a: d2 / 2, b: d1 / 2)
    }

    /// Standard normal distribution function Φ(x).
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The `p` quantile of Student's t with `df` degrees of freedom (`.infinity` for the normal),
    /// found by bisection on the distribution function to full precision.
    public static func tQuantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        precondition(p > 0 && p < 1, "probability must be in (0, 1)")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -tQuantile(1 - p, degreesOfFreedom: df) }
        // Upper tail probability 1 − p = P(T > t) = pValue/2.
        let target = 2 * (1 - p)
        var lo = 0.0, hi = 1.0
        while twoSidedTPValue(hi, degreesOfFreedom: df) > target && hi < 1e300 { hi *= 2 }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid == lo || mid == hi { break }
            if twoSidedTPValue(mid, degreesOfFreedom: df) > target { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Regularised incomplete beta function `I_x(a, b)` for `a, b > 0`, `0 ≤ x ≤ 1`.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // Use the continued fraction where it converges fast, the symmetry relation otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// Continued fraction for the incomplete beta function (modified Lentz's method).
    static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// Regularised upper incomplete gamma `Q(a, x)` (series below `a + 1`, continued fraction above).
    public static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 1 }
        let logFront = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return 1 - sum * exp(logFront)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logFront) * h
    }
}
