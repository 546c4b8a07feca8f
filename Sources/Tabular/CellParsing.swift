/// Typed cell parsing beyond numbers: whole numbers and yes/no flags, working on the field's
/// bytes without making a `String`, so loaders of 10⁶ rows stay fast.
extension CSVRecord {
    /// Field `i` as a whole number by the rules of `NumberText` (optional sign, at most 18 ASCII
    /// digits; surrounding ASCII spaces and tabs ignored), or nil when it is not one (empty, a
    /// decimal point or exponent, letters, thousands separators, full-width digits, beyond ±10¹⁸).
    public func int(_ i: Int) -> Int? {
        precondition(i >= 0 && i < count, "field index out of range")
        let f = fields[i]
        if f.flags & CSVField.whole != 0 {
            // Digits gathered by the scanner (at most 18, so no overflow).
            let magnitude = Int(f.significand)
            return f.flags & CSVField.negative != 0 ? -magnitude : magnitude
        }
        return parseInteger(rawBytes(i))
    }

    /// Field `i` as a yes/no flag, or nil when it is not one. Accepted (case-insensitive for
    /// the Latin words): `1`/`0`, `true`/`false`, `yes`/`no`, `y`/`n`, `是`/`否`.
    public func bool(_ i: Int) -> Bool? {
        parseFlag(rawBytes(i))
    }
}

private let trueWords: [[UInt8]] = ["1", "true", "yes", "y", "是"].map { Array($0.utf8) }
private let falseWords: [[UInt8]] = ["0", "false", "no", "n", "否"].map { Array($0.utf8) }

/// Parses a yes/no flag; nil when the text is not one of the accepted words.
func parseFlag(_ raw: UnsafeBufferPointer<UInt8>) -> Bool? {
    var lo = 0, hi = raw.count
    while lo < hi && (raw[lo] == 0x20 || raw[lo] == 0x09) { lo += 1 }
    while hi > lo && (raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09) { hi -= 1 }
    if hi - lo == 1 {
        if raw[lo] == 0x31 { return true }
        if raw[lo] == 0x30 { return false }
    }
    func matches(_ word: [UInt8]) -> Bool {
        guard word.count == hi - lo else { return false }
        for k in 0..<word.count {
            var b = raw[lo + k]
            if b >= 0x41 && b <= 0x5A { b += 0x20 }  // ASCII lower case
            if b != word[k] { return false }
        }
        return true
    }
    if trueWords.contains(where: matches) { return true }
    if falseWords.contains(where: matches) { return false }
    return nil
}

extension CSVRecord {
    /// Field `i` as a string with surrounding spaces and tabs removed, without Foundation (fast for
    /// the 10⁶-row loaders).
    public func trimmedString(_ i: Int) -> String {
        if !isQuoted(i) {
            let raw = rawBytes(i)
            var lo = 0, hi = raw.count
            while lo < hi && (raw[lo] == 0x20 || raw[lo] == 0x09) { lo += 1 }
            while hi > lo && (raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09) { hi -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: raw[lo..<hi]), as: UTF8.self)
        }
        return string(i).trimmingSpaces
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs; `self` unchanged (no copy) when there are none.
    public var trimmingSpaces: String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return self }
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return self }
        let scalars = unicodeScalars
        var lo = scalars.startIndex, hi = scalars.endIndex
        while lo < hi && (scalars[lo] == " " || scalars[lo] == "\t") { lo = scalars.index(after: lo) }
        while hi > lo && (scalars[scalars.index(before: hi)] == " " || scalars[scalars.index(before: hi)] == "\t") { hi = scalars.index(before: hi) }
        return String(scalars[lo..<hi])
    }
}
