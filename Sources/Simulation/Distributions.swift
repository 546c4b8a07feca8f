import Foundation

/// Conversions from 32-bit random words to the distributions the simulation needs.
public enum RandomVariates {
    /// A uniform number in the open interval (0, 1): (w + ½)·2⁻³², never 0 or 1, so its normal
    /// quantile is finite (|z| ≤ 6.3).
    @inlinable @inline(__always)
    public static func openUniform(_ word: UInt32) -> Double {
        (Double(word) + 0.5) * 0x1p-32
    }

    /// The probability `p` as a 32-bit threshold: `word < threshold` happens with probability
    /// `threshold / 2³²`, which is `p` rounded to the nearest multiple of 2⁻³² (p = 1 gives 2³²,
    /// always true; p = 0 gives 0, never true).
    @inlinable
    public static func threshold(probability p: Double) -> UInt64 {
        let clamped = min(max(p, 0), 1)
        return UInt64((clamped * 0x1p32).rounded())
    }

    /// A standard normal variate from one 32-bit word, by the inverse of the normal
    /// distribution function at `openUniform(word)` (accurate; the engine uses `tableNormal`).
    @inlinable @inline(__always)
    public static func standardNormal(_ word: UInt32) -> Double {
        inverseNormalCDF(openUniform(word))
    }

    /// Φ⁻¹(p), the standard normal quantile, by P. J. Acklam's rational approximation
    /// (relative error below 1.15·10⁻⁹ over (0, 1)): a rational function of (p − ½) in the
    /// central region 0.02425 ≤ p ≤ 0.97575, and of √(−2 ln p) in the tails.
    /// `p` must lie in (0, 1).
    @inlinable @inline(__always)
    public static func inverseNormalCDF(_ p: Double) -> Double {
        let lowBreak = 0.02425
        if p >= lowBreak && p <= 1 - lowBreak {
            let q = p - 0.5
            let r = q * q
            var numerator = -3.969683028665376e+01
            numerator = numerator * r + 2.209460984245205e+02
            numerator = numerator * r - 2.759285104469687e+02
            numerator = numerator * r + 1.383577518672690e+02
            numerator = numerator * r - 3.066479806614716e+01
            numerator = numerator * r + 2.506628277459239e+00
            var denominator = -5.447609879822406e+01
            denominator = denominator * r + 1.615858368580409e+02
            denominator = denominator * r - 1.556989798598866e+02
            denominator = denominator * r + 6.680131188771972e+01
            denominator = denominator * r - 1.328068155288572e+01
            denominator = denominator * r + 1
            return numerator * q / denominator
        }
        return inverseNormalTail(p)
    }

    /// Four standard normals from four words at once, lane for lane `tableNormal`.
    @inlinable @inline(__always)
    public static func standardNormals(_ words: SIMD4<UInt32>, knots: UnsafePointer<SIMD2<Double>> = NormalTable.knots) -> SIMD4<Double> {
        SIMD4(tableNormal(words[0], knots: knots), tableNormal(words[1], knots: knots),
              tableNormal(words[2], knots: knots), tableNormal(words[3], knots: knots))
    }

    /// A standard normal from one 32-bit word, fast: the engine's transform.
    ///
    /// The top 12 bits of the word pick one of 4,096 equal-probability segments of (0, 1); inside
    /// a segment Φ⁻¹ is interpolated linearly between its ends (knots computed once with
    /// `inverseNormalCDF`). The 32 outermost segments on each side (p < 1/128 or p > 127/128,
    /// |z| > 2.42, 1.6 % of words) use `inverseNormalCDF` itself. Error against `standardNormal`:
    /// below 5·10⁻⁵ in z (the tests check it), far below any income spread it scales.
    @inlinable @inline(__always)
    public static func tableNormal(_ word: UInt32, knots: UnsafePointer<SIMD2<Double>> = NormalTable.knots) -> Double {
        let segment = Int(word >> 20)
        if segment < NormalTable.exactSegments || segment >= NormalTable.segments - NormalTable.exactSegments {
            return standardNormal(word)
        }
        let fraction = (Double(word & 0xF_FFFF) + 0.5) * 0x1p-20
        let knot = knots[segment]
        return knot.x + fraction * knot.y
    }

    /// The tails of `inverseNormalCDF` (p < 0.02425 or p > 0.97575), kept out of line because
    /// they are rare (4.85 % of draws) and need a logarithm.
    @usableFromInline @inline(never)
    static func inverseNormalTail(_ p: Double) -> Double {
        let lower = p < 0.5
        let q = (-2 * log(lower ? p : 1 - p)).squareRoot()
        var numerator = -7.784894002430293e-03
        numerator = numerator * q - 3.223964580411365e-01
        numerator = numerator * q - 2.400758277161838e+00
        numerator = numerator * q - 2.549732539343734e+00
        numerator = numerator * q + 4.374664141464968e+00
        numerator = numerator * q + 2.938163982698783e+00
        var denominator = 7.784695709041462e-03
        denominator = denominator * q + 3.224671290700398e-01
        denominator = denominator * q + 2.445134137142996e+00
        denominator = denominator * q + 3.754408661907416e+00
        denominator = denominator * q + 1
        let x = numerator / denominator
        return lower ? x : -x
    }

    /// Φ(x), the standard normal distribution function, from the C library's `erfc`.
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }
}

/// The knots of `RandomVariates.tableNormal`: for segment i, (Φ⁻¹(i/4096), Φ⁻¹((i+1)/4096) − Φ⁻¹(i/4096)).
public enum NormalTable {
    @usableFromInline static let segments = 4096
    @usableFromInline static let exactSegments = 32
    /// Allocated once, never freed (64 KiB).
    public nonisolated(unsafe) static let knots: UnsafePointer<SIMD2<Double>> = {
        let table = UnsafeMutablePointer<SIMD2<Double>>.allocate(capacity: segments)
        for i in 0..<segments {
            let low = i == 0 ? -40 : RandomVariates.inverseNormalCDF(Double(i) / Double(segments))
            let high = i == segments - 1 ? 40 : RandomVariates.inverseNormalCDF(Double(i + 1) / Double(segments))
            table[i] = SIMD2(low, high - low)
        }
        return UnsafePointer(table)
    }()
}

extension RandomVariates {
    /// Four standard normals from four 32-bit words held in 64-bit lanes (as `PhiloxLanes` gives
    /// them): lane for lane, bit for bit `tableNormal`.
    ///
    /// The central segments are computed in vector registers: the four knots are loaded by
    /// segment number, and the 20 low bits become a Double exactly by the 2⁵² trick
    /// (bits 0x4330… | v, minus 2⁵², is v). When any lane falls in the 32 outermost segments on
    /// either side (about 6 % of quadruples) all four go through `tableNormal`.
    @inlinable @inline(__always)
    public static func tableNormals(_ words: SIMD4<UInt64>, knots: UnsafePointer<SIMD2<Double>> = NormalTable.knots) -> SIMD4<Double> {
        let segment = words &>> 20
        // Bits 6…11 of segment + 32 are all zero exactly when segment < 32 or segment ≥ 4064.
        let central = (segment &+ 32) & 0xFC0
        let outer = unsafeBitCast(central .== 0, to: SIMD4<UInt64>.self)
        if (outer[0] | outer[1] | outer[2] | outer[3]) != 0 {
            return tableNormalsOneByOne(words, knots: knots)
        }
        let k0 = knots[Int(truncatingIfNeeded: segment[0])]
        let k1 = knots[Int(truncatingIfNeeded: segment[1])]
        let k2 = knots[Int(truncatingIfNeeded: segment[2])]
        let k3 = knots[Int(truncatingIfNeeded: segment[3])]
        let low = SIMD4(k0.x, k1.x, k2.x, k3.x)
        let width = SIMD4(k0.y, k1.y, k2.y, k3.y)
        let bits = (words & 0xF_FFFF) | 0x4330_0000_0000_0000
        let value = unsafeBitCast(bits, to: SIMD4<Double>.self) - 0x1p52
        let fraction = (value + 0.5) * 0x1p-20
        return low + fraction * width
    }

    /// `tableNormals` lane by lane, for quadruples with a word in the tails (kept out of line).
    @usableFromInline @inline(never)
    static func tableNormalsOneByOne(_ words: SIMD4<UInt64>, knots: UnsafePointer<SIMD2<Double>>) -> SIMD4<Double> {
        SIMD4(tableNormal(UInt32(truncatingIfNeeded: words[0]), knots: knots),
              tableNormal(UInt32(truncatingIfNeeded: words[1]), knots: knots),
              tableNormal(UInt32(truncatingIfNeeded: words[2]), knots: knots),
              tableNormal(UInt32(truncatingIfNeeded: words[3]), knots: knots))
    }
}
