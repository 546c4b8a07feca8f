/// Decimal to binary64 by the Eisel–Lemire method (Lemire, "Number parsing at a gigabyte per
/// second", Software: Practice and Experience 51, 2021): `w × 10^q` for a decimal significand `w`
/// of at most 19 digits is correctly rounded (to nearest, ties to even) from the product of `w`
/// with a 128-bit approximation of 5^q (`powersOfFive128`) and a shift, with no division and no
/// big integers. The method knows when the truncated product cannot decide the rounding; then
/// it answers nil and the caller uses `strtod`.
enum EiselLemire {
    static let smallestPowerOfTen = -342
    static let largestPowerOfTen = 308

    /// The `Double` nearest to `w × 10^q` (`negative`: its negation), or nil when the 128-bit
    /// product cannot decide the rounding (rare; the caller then uses `strtod`). `w` must be the
    /// exact significand (not truncated digits). Underflow gives ±0 or a subnormal, overflow ±∞.
    @inline(__always)
    static func double(significand w: UInt64, power q: Int, negative: Bool) -> Double? {
        let sign: UInt64 = negative ? 1 << 63 : 0
        if w == 0 || q < smallestPowerOfTen { return Double(bitPattern: sign) }
        if q > largestPowerOfTen { return Double(bitPattern: sign | 0x7FF0_0000_0000_0000) }
        let leading = w.leadingZeroBitCount
        let normalised = w << UInt64(leading)
        let index = 2 * (q - smallestPowerOfTen)
        // 64 × 128-bit product, high 128 bits; the lower word of the power only when the high
        // product leaves the 55 bits that decide the rounding undecided.
        let (high, low) = powersOfFive128.withUnsafeBufferPointer { table -> (UInt64, UInt64) in
            var (h, l) = normalised.multipliedFullWidth(by: table[index])
            let precisionMask: UInt64 = 0xFFFF_FFFF_FFFF_FFFF >> 55
            if h & precisionMask == precisionMask {
                let (h2, _) = normalised.multipliedFullWidth(by: table[index + 1])
                let (sum, carry) = l.addingReportingOverflow(h2)
                l = sum
                if carry { h &+= 1 }
            }
            return (h, l)
        }
        // The truncated product might be one short of carrying into the decisive bits.
        if low == 0xFFFF_FFFF_FFFF_FFFF && (q < -27 || q > 55) { return nil }
        let upperBit = Int(high >> 63)
        let shift = upperBit + 64 - 52 - 3
        var mantissa = high >> UInt64(shift)
        // Binary exponent: floor(q · log2(10)) + 63, biased, from the normalised product.
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leading + 1023
        if power2 <= 0 {
            // Subnormal (or zero): shift to the fixed exponent, round half up on the shifted bits.
            if -power2 + 1 >= 64 { return Double(bitPattern: sign) }
            mantissa >>= UInt64(-power2 + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            power2 = mantissa < (1 << 52) ? 0 : 1
            return Double(bitPattern: sign | UInt64(power2) << 52 | (mantissa & ((1 << 52) - 1)))
        }
        // Exactly halfway between two doubles (only possible for small |q|): round to even.
        if low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 && (mantissa << UInt64(shift)) == high {
            mantissa &= ~1
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= (2 << 52) {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return Double(bitPattern: sign | 0x7FF0_0000_0000_0000) }
        return Double(bitPattern: sign | UInt64(power2) << 52 | mantissa)
    }
}
