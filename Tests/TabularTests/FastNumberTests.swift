#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import TestSupport
@testable import Tabular

/// Issue 24: the one-pass number reader (digits gathered while the CSV scanner looks for the end
/// of a field, Clinger's fast path, Eisel–Lemire, `strtod` only for long digit strings) must read
/// every text to the same bits as the C library's correctly rounded `strtod`.
@Suite("Fast numbers: Eisel–Lemire and the scanner's digits against strtod")
struct FastNumberTests {
    /// The C library's reading of `text` (the reference): nil when it does not read all of it or overflows.
    static func strtodReference(_ text: String) -> Double? {
        text.withCString { start -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(start, &end)
            guard let end, end - UnsafeMutablePointer(mutating: start) == text.utf8.count, v.isFinite else { return nil }
            return v
        }
    }

    static func expectSameBits(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let ours = try? NumberText.decimal(text).get()
        let reference = strtodReference(text)
        #expect(ours?.bitPattern == reference?.bitPattern,
                "\"\(text)\": read \(String(describing: ours)), strtod \(String(describing: reference))",
                sourceLocation: sourceLocation)
    }

    /// Random digit strings of 1 to 19 digits (some with leading zeros), a point anywhere, an exponent
    /// over the whole range and beyond it, either sign.
    @Test func randomDecimalsReadAsStrtodReadsThem() {
        var random = TestRandom(seed: 24)
        for _ in 0..<60_000 {
            let length = Int(random.next() % 19) + 1
            var digits = (0..<length).map { _ in Character(String(random.next() % 10)) }
            if random.next() % 4 == 0 { digits[0] = "0" }
            var text = String(digits)
            switch random.next() % 3 {
            case 0: break
            case 1: text.insert(".", at: text.index(text.startIndex, offsetBy: Int(random.next() % UInt64(length + 1))))
            default: text.insert(".", at: text.startIndex)
            }
            if random.next() % 3 != 0 {
                let e = Int(random.next() % 700) - 360
                text += (random.next() % 2 == 0 ? "e" : "E") + (e >= 0 && random.next() % 2 == 0 ? "+" : "") + String(e)
            }
            if random.next() % 3 == 0 { text = (random.next() % 2 == 0 ? "-" : "+") + text }
            Self.expectSameBits(text)
        }
    }

    /// Every binade, subnormals included: the shortest text of a random double reads back to it.
    @Test func shortestTextsOfRandomDoublesRoundTrip() throws {
        var random = TestRandom(seed: 2024)
        for _ in 0..<40_000 {
            let d = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF | (random.next() & 1) << 63)
            guard d.isFinite else { continue }
            let text = "\(d)"
            Self.expectSameBits(text)
            #expect(try NumberText.decimal(text).get().bitPattern == d.bitPattern, "\(text)")
            // 17 significant digits and a plain exponent, as printf writes them.
            Self.expectSameBits(String(format: "%.16e", d))
        }
    }

    /// Integers exactly halfway between two doubles (beyond 2⁵³, so not Clinger's exact case), and
    /// one above and below: ties go to the even significand.
    @Test func halfwayIntegersRoundToEven() throws {
        var random = TestRandom(seed: 7)
        for _ in 0..<20_000 {
            let shift = UInt64(random.next() % 10) + 1  // doubles in [2^53, 2^63): spacing 2^shift
            let k = (random.next() >> 12) | 1 << 52
            let low = k << shift
            let halfway = low + (1 << (shift - 1))
            for v in [halfway, halfway - 1, halfway + 1] {
                Self.expectSameBits(String(v))
                Self.expectSameBits(String(v) + ".000")
                Self.expectSameBits("-" + String(v))
            }
        }
        #expect(try NumberText.decimal("9007199254740993").get() == 9_007_199_254_740_992)
        #expect(try NumberText.decimal("9007199254740995").get() == 9_007_199_254_740_996)
    }

    /// Fixed edge cases: the ends of the range, subnormals and their halfway points, long digit
    /// strings (with and without leading and trailing zeros), signed zeros.
    @Test func edgeCasesReadAsStrtodReadsThem() throws {
        let texts = [
            "0", "-0", "+0", "0.0", "-0.0e5", "0e999", "-0e-999", "000000000000000000000000000", "0.00000000000000000000000001",
            "1e-342", "1e-343", "1e-400", "9.999999999999999999e-325", "2.4703282292062327e-324", "2.4703282292062328e-324",
            "4.9406564584124654e-324", "4.9e-324", "2.2250738585072011e-308", "2.2250738585072014e-308", "2.2250738585072009e-308",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309", "10e307",
            "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "9007199254740992", "9007199254740993", "18446744073709551615", "18446744073709551616", "9999999999999999999",
            "99999999999999999999", "1234567890123456789", "12345678901234567890", "0.1234567890123456789",
            "0000000000000000000001234.5", "1234.500000000000000000000", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126",
            "0.1", "0.2", "0.3", "1e23", "8.98846567431158e307", "1e22", "1e-22", "123456789e-30", "7.2057594037927933e16",
            "5e-324", "3e-324", "2e-324", "-2.4703282292062328e-324", "1.5e-323", "6.103515625e-05",
        ]
        for text in texts { Self.expectSameBits(text) }
        #expect(try NumberText.decimal("-0").get().sign == .minus)
    }

    /// The digits the CSV scanner gathers: `double` and `int` of every field (plain, with spaces,
    /// quoted, with an exponent, too long, not a number) equal strtod of the trimmed text and the
    /// exact integer.
    @Test func scannedFieldsEqualStrtodOfTheirText() throws {
        var random = TestRandom(seed: 99)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let length = Int(random.next() % 21) + 1
            var t = String((0..<length).map { _ in Character(String(random.next() % 10)) })
            if random.next() % 2 == 0 { t.insert(".", at: t.index(t.startIndex, offsetBy: Int(random.next() % UInt64(length + 1)))) }
            if random.next() % 4 == 0 { t = "-" + t }
            if random.next() % 8 == 0 { t += "e" + String(Int(random.next() % 60) - 30) }
            texts.append(t)
        }
        texts += ["", " 12 ", "-", ".", "1.2.3", "abc", "+5", "5.", ".5", "1e", "-0", "999999999999999999", "1000000000000000000"]
        var text = "a,b\n"
        for (k, t) in texts.enumerated() { text += k % 5 == 0 ? "\"\(t)\",\(t)\n" : "\(t),x\n" }
        let file = try csv(text, path: "n.csv")
        var k = 0
        try file.forEachRecord { r in
            let t = texts[k]
            let trimmed = t.trimmingCharacters(in: .whitespaces)
            let reference = t.isEmpty || trimmed.isEmpty ? nil : Self.strtodReference(trimmed)
            let strict = try? NumberText.decimal(trimmed).get()
            #expect(r.double(0)?.bitPattern == strict?.bitPattern, "\"\(t)\"")
            #expect(strict == nil || strict?.bitPattern == reference?.bitPattern, "\"\(t)\"")
            #expect(r.int(0) == (try? NumberText.wholeNumber(trimmed).get()), "\"\(t)\"")
            if k % 5 == 0 {
                #expect(r.double(1)?.bitPattern == strict?.bitPattern, "\"\(t)\" unquoted")
                #expect(r.int(1) == r.int(0))
            }
            k += 1
        }
        #expect(k == texts.count)
    }
}
