#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one rule by which tuopin turns text from a user's file or command line into a number: a
/// number is read in full, to the correctly rounded `Double` (or exact `Int`) of the whole text,
/// or it is rejected with what was found. No reader may read a different number than the text
/// holds — not a prefix of it (`-.4.4` is not −0.4), not an overflow (`1e999` is not ∞).
///
/// Every reader uses these functions: CSV cells (`CSVRecord.double`, `CSVRecord.int`, hence
/// `DataTable` and the county importer), MPS fields (`MPSReader`), numbers in scenario and
/// `county.toml` files (TOMLKit reads the TOML grammar; the readers apply the finiteness and
/// exactness rules below), and the numeric options of the `tuopin` CLI.
///
/// | text | decimal | whole number |
/// | --- | --- | --- |
/// | `12`, `-3`, `+4`, `007` | accepted | accepted |
/// | `0.5`, `.5`, `5.`, `-0.0`, `1.5e3`, `1E-3`, `2e+2` | accepted, correctly rounded | rejected: not whole |
/// | `1e-400` (below the smallest subnormal) | accepted as the nearest `Double` (0 or a subnormal) | rejected |
/// | `1e999`, `-1e400` (beyond ±1.8 × 10³⁰⁸) | rejected: overflow | rejected |
/// | `nan`, `inf`, `infinity`, `-Inf` (any case) | rejected: not finite | rejected |
/// | `0x1p3` (hexadecimal) | rejected | rejected |
/// | `-.4.4`, `1.2.3` (a second decimal point), `12abc` (trailing text) | rejected | rejected |
/// | `1.2e`, `1e+` (an exponent without digits) | rejected | rejected |
/// | `++1`, `+-1`, `--1` (two signs) | rejected | rejected |
/// | `1,234`, `1 234`, `1_234` (thousands separators) | rejected | rejected |
/// | `１２３`, `－１` (full-width 全角 digits and signs) | rejected | rejected |
/// | `1.5D+03` (Fortran exponent) | rejected here; `MPSReader` reads `D` as `E` before calling | — |
/// | `` (empty) | rejected | rejected |
/// | ` 12 ` (surrounding ASCII spaces or tabs) | rejected here; CSV cells are trimmed before | — |
/// | beyond ±(10¹⁸ − 1) | — | rejected: too large |
///
/// Readers add their own conventions on top, each documented where it applies: CSV cells are
/// trimmed of ASCII spaces and tabs (also inside quotes) and `DataTable` counts empty, `NA`,
/// `NaN`, `nan`, `N/A` and `.` as a missing value (not as a number); MPS reads `Inf`, `Infinity`,
/// `1e30` and their negatives as infinite right-hand sides, ranges and bounds; TOML's own `inf` and
/// `nan` values and integers beyond ±2⁵³ where a decimal is expected are rejected by the scenario
/// and county readers.
public enum NumberText {
    /// The decimal number `text` spells, correctly rounded, or why it is not one (see the table of
    /// `NumberText`). Surrounding spaces are not removed.
    public static func decimal(_ text: some StringProtocol) -> Result<Double, NumberTextProblem> {
        var copy = String(text)
        return copy.withUTF8 { decimal(bytes: $0) }
    }

    /// The decimal number the UTF-8 `bytes` spell, correctly rounded, or why they are not one.
    public static func decimal(bytes: UnsafeBufferPointer<UInt8>) -> Result<Double, NumberTextProblem> {
        if let value = scanDecimal(bytes, 0, bytes.count) { return .success(value) }
        return .failure(diagnose(bytes, whole: false))
    }

    /// The whole number `text` spells (optional sign, ASCII digits, at most 18 of them), or why it
    /// is not one. Surrounding spaces are not removed.
    public static func wholeNumber(_ text: some StringProtocol) -> Result<Int, NumberTextProblem> {
        var copy = String(text)
        return copy.withUTF8 { wholeNumber(bytes: $0) }
    }

    /// The whole number the UTF-8 `bytes` spell, or why they are not one.
    public static func wholeNumber(bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, NumberTextProblem> {
        if let value = scanInteger(bytes, 0, bytes.count) { return .success(value) }
        return .failure(diagnose(bytes, whole: true))
    }

    /// What a decimal number looks like, for the "expected …" part of messages.
    public static let expectedDecimal = "a number (ASCII digits with an optional sign, decimal point and exponent, such as 12, -0.5 or 1.5e3)"
    /// What a whole number looks like, for the "expected …" part of messages.
    public static let expectedWholeNumber = "a whole number (ASCII digits with an optional sign, such as 12 or -3)"
}

/// Why a text is not a number under the rules of `NumberText`, and where in the text the problem starts.
public struct NumberTextProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of text that are not numbers.
    public enum Kind: Equatable, Sendable {
        case empty
        case surroundingSpace
        case innerSpace
        case thousandsSeparator
        case fullWidth
        case otherCharacter
        case notFinite
        case hexadecimal
        case repeatedSign
        case secondDecimalPoint
        case incompleteExponent
        case noDigits
        case trailingText
        case overflow
        case notWhole
        case tooLarge
    }

    /// What is wrong.
    public var kind: Kind
    /// Zero-based position (in Unicode scalars) in the text where the problem starts.
    public var offset: Int
    /// The text as found.
    public var text: String

    /// A short explanation, without the text itself (callers say `found "…"`).
    public var description: String {
        switch kind {
        case .empty: return "nothing"
        case .surroundingSpace: return "a space before or after the number"
        case .innerSpace: return "a space inside the number"
        case .thousandsSeparator: return "a thousands separator or decimal comma (write 1234.5, not 1,234.5)"
        case .fullWidth: return "full-width (全角) characters (write ASCII digits 0-9)"
        case .otherCharacter: return "a character that is not part of a number"
        case .notFinite: return "nan or infinity, which is not a finite number"
        case .hexadecimal: return "a hexadecimal number"
        case .repeatedSign: return "more than one sign"
        case .secondDecimalPoint: return "a second decimal point"
        case .incompleteExponent: return "an exponent without digits"
        case .noDigits: return "no digits"
        case .trailingText: return "text after the number"
        case .overflow: return "a number beyond the largest finite one (±1.8e308)"
        case .notWhole: return "a decimal point or exponent, which a whole number has not"
        case .tooLarge: return "a whole number with more than 18 digits"
        }
    }
}

// MARK: - scanning (the hot path: no allocation, nil on anything not accepted)

/// 10⁰ … 10²², every one exact in a `Double` (a literal, so the table is laid out at compile time
/// and read without a lazy-initialisation check).
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// A CSV cell as a decimal number: ASCII spaces and tabs around it removed, then `scanDecimal`.
func parseDecimal(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    var lo = 0, hi = raw.count
    while lo < hi && (raw[lo] == 0x20 || raw[lo] == 0x09) { lo += 1 }
    while hi > lo && (raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09) { hi -= 1 }
    return scanDecimal(raw, lo, hi)
}

/// A CSV cell as a whole number: ASCII spaces and tabs around it removed, then `scanInteger`.
func parseInteger(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
    var lo = 0, hi = raw.count
    while lo < hi && (raw[lo] == 0x20 || raw[lo] == 0x09) { lo += 1 }
    while hi > lo && (raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09) { hi -= 1 }
    return scanInteger(raw, lo, hi)
}

/// `raw[lo..<hi]` as a whole number `[+-]?[0-9]{1,18}`, or nil.
func scanInteger(_ raw: UnsafeBufferPointer<UInt8>, _ start: Int, _ hi: Int) -> Int? {
    var lo = start
    if lo == hi { return nil }
    var negative = false
    if raw[lo] == 0x2D || raw[lo] == 0x2B { negative = raw[lo] == 0x2D; lo += 1 }
    if lo == hi || hi - lo > 18 { return nil }
    var value = 0
    for p in lo..<hi {
        let b = raw[p]
        guard b >= 0x30 && b <= 0x39 else { return nil }
        value = value * 10 + Int(b - 0x30)
    }
    return negative ? -value : value
}

/// `raw[lo..<hi]` as a decimal number `[+-]?(D+(.D*)?|.D+)([eE][+-]?D+)?`, correctly rounded and
/// finite, or nil. One pass gathers the digits into a 64-bit significand; at most 19 digits are
/// converted by Clinger's exact fast path (significand at most 2⁵³, power of ten at most 22: one
/// exact multiplication or division) or else by Eisel–Lemire (`EiselLemire`); longer digit strings,
/// and the rare products Eisel–Lemire cannot round, by `strtod` after the grammar has accepted the text.
func scanDecimal(_ raw: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Double? {
    if lo == hi { return nil }
    var p = lo
    var negative = false
    if raw[p] == 0x2D || raw[p] == 0x2B { negative = raw[p] == 0x2D; p += 1 }
    let digitsStart = p
    var w: UInt64 = 0
    while p < hi {
        let d = raw[p] &- 0x30
        if d > 9 { break }
        w = w &* 10 &+ UInt64(d)
        p += 1
    }
    var digits = p - digitsStart
    var fractionDigits = 0
    if p < hi && raw[p] == 0x2E {
        p += 1
        let fractionStart = p
        while p < hi {
            let d = raw[p] &- 0x30
            if d > 9 { break }
            w = w &* 10 &+ UInt64(d)
            p += 1
        }
        fractionDigits = p - fractionStart
        digits += fractionDigits
    }
    guard digits > 0 else { return nil }
    var exponent = 0
    if p < hi && (raw[p] == 0x65 || raw[p] == 0x45) {
        p += 1
        var expNegative = false
        if p < hi && (raw[p] == 0x2D || raw[p] == 0x2B) { expNegative = raw[p] == 0x2D; p += 1 }
        let expStart = p
        while p < hi {
            let d = raw[p] &- 0x30
            if d > 9 { break }
            if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
            p += 1
        }
        guard p > expStart else { return nil }
        if expNegative { exponent = -exponent }
    }
    guard p == hi else { return nil }
    if digits > 19 {
        // Possibly more than 19 significant digits: count them without the leading zeros.
        return scanLongDecimal(raw, lo, hi, digitsStart: digitsStart, exponent: exponent, negative: negative)
    }
    return decimalToDouble(significand: w, power: exponent - fractionDigits, negative: negative)
        ?? strtodChecked(raw, lo, hi)
}

/// `w × 10^q` (negated when `negative`) for an exact significand of at most 19 digits, correctly
/// rounded; nil when it overflows or when Eisel–Lemire cannot decide (the caller uses `strtod`).
@inline(__always)
func decimalToDouble(significand w: UInt64, power q: Int, negative: Bool) -> Double? {
    if w <= 1 << 53 && q >= -22 && q <= 22 {
        var v = Double(w)
        if q >= 0 { v *= exactPowersOfTen[q] } else { v /= exactPowersOfTen[-q] }
        return negative ? -v : v
    }
    guard let v = EiselLemire.double(significand: w, power: q, negative: negative) else { return nil }
    return v.isFinite ? v : nil
}

/// A decimal with more than 19 digits (grammar already checked): leading zeros do not count; when
/// at most 19 significant digits remain the exact path is taken, otherwise `strtod`.
private func scanLongDecimal(_ raw: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int,
                             digitsStart: Int, exponent: Int, negative: Bool) -> Double? {
    var p = digitsStart
    var w: UInt64 = 0
    var significant = 0
    var q = exponent
    var afterPoint = false
    while p < hi {
        let b = raw[p]
        if b == 0x2E { afterPoint = true; p += 1; continue }
        let d = b &- 0x30
        if d > 9 { break }
        if significant > 0 || d != 0 {
            if significant == 19 { return strtodChecked(raw, lo, hi) }
            w = w * 10 + UInt64(d)
            significant += 1
        }
        if afterPoint { q -= 1 }
        p += 1
    }
    if w == 0 { return negative ? -0.0 : 0.0 }
    return decimalToDouble(significand: w, power: q, negative: negative) ?? strtodChecked(raw, lo, hi)
}

/// `strtod` of `raw[lo..<hi]` (a text the grammar accepted) on a NUL-terminated copy; nil when it
/// overflows (±HUGE_VAL) or does not read the whole text.
private func strtodChecked(_ raw: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Double? {
    let length = hi - lo
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { c -> Double? in
        guard let start = c.baseAddress else { return nil }
        for k in 0..<length { c[k] = CChar(bitPattern: raw[lo + k]) }
        c[length] = 0
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(start, &end)
        guard let e = end, e - start == length, v.isFinite else { return nil }
        return v
    }
}

// MARK: - diagnosis (only after the scanner said no)

/// Why `raw` is not a number (a decimal, or a whole number when `whole`). Called only on failure.
func diagnose(_ raw: UnsafeBufferPointer<UInt8>, whole: Bool) -> NumberTextProblem {
    let text = String(decoding: raw, as: UTF8.self)
    let scalars = Array(text.unicodeScalars)
    func problem(_ kind: NumberTextProblem.Kind, at offset: Int) -> NumberTextProblem {
        NumberTextProblem(kind: kind, offset: offset, text: text)
    }
    if scalars.isEmpty { return problem(.empty, at: 0) }
    func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\u{3000}" || s == "\u{A0}" }
    if isSpace(scalars[0]) { return problem(.surroundingSpace, at: 0) }
    if let last = scalars.last, isSpace(last) { return problem(.surroundingSpace, at: scalars.count - 1) }
    if let k = scalars.firstIndex(where: { (0xFF01...0xFF5E).contains($0.value) }) { return problem(.fullWidth, at: k) }
    let lower = text.lowercased()
    let unsigned = lower.hasPrefix("+") || lower.hasPrefix("-") ? String(lower.dropFirst()) : lower
    if ["nan", "inf", "infinity", "nan(ind)", "1.#inf", "1.#qnan"].contains(unsigned) { return problem(.notFinite, at: 0) }
    var k = 0
    var signs = 0
    while k < scalars.count, scalars[k] == "+" || scalars[k] == "-" { signs += 1; k += 1 }
    if signs > 1 { return problem(.repeatedSign, at: 1) }
    if k + 1 < scalars.count, scalars[k] == "0", scalars[k + 1] == "x" || scalars[k + 1] == "X" { return problem(.hexadecimal, at: k) }
    // Walk the grammar; the first scalar it cannot take says what is wrong.
    var digits = 0
    var sawPoint = false
    var inExponent = false
    var exponentDigits = 0
    while k < scalars.count {
        let s = scalars[k]
        switch s {
        case "0"..."9":
            if inExponent { exponentDigits += 1 } else { digits += 1 }
        case ".":
            if whole { return problem(.notWhole, at: k) }
            if sawPoint || inExponent { return problem(.secondDecimalPoint, at: k) }
            sawPoint = true
        case "e", "E":
            if whole && digits > 0 { return problem(.notWhole, at: k) }
            if inExponent || digits == 0 { return problem(digits == 0 ? .noDigits : .trailingText, at: k) }
            inExponent = true
            if k + 1 < scalars.count, scalars[k + 1] == "+" || scalars[k + 1] == "-" { k += 1 }
        case ",", "_", "'", "\u{2009}", "\u{202F}":
            return problem(.thousandsSeparator, at: k)
        case " ", "\t", "\u{3000}", "\u{A0}":
            // A space between digit groups (1 234) is a thousands separator; elsewhere, a space.
            let groupsFollow = digits > 0 && k + 1 < scalars.count && ("0"..."9").contains(scalars[k + 1])
            return problem(groupsFollow && !inExponent && !sawPoint ? .thousandsSeparator : .innerSpace, at: k)
        case "+", "-":
            return problem(digits > 0 ? .trailingText : .repeatedSign, at: k)
        default:
            if digits == 0 && !sawPoint { return problem(s.isASCII ? .noDigits : .otherCharacter, at: k) }
            return problem(s.isASCII ? .trailingText : .otherCharacter, at: k)
        }
        k += 1
    }
    if digits == 0 { return problem(.noDigits, at: 0) }
    if inExponent && exponentDigits == 0 { return problem(.incompleteExponent, at: scalars.count - 1) }
    if whole { return problem(.tooLarge, at: 0) }
    return problem(.overflow, at: 0)
}
