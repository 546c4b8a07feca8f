import Foundation
import TestSupport
import Testing

@testable import Reports

/// The byte writer behind `JSON.rendered`: numbers read back to the same double, strings and nesting
/// read back through Foundation's independent parser.
@Suite("JSON writer")
struct JSONWriterTests {
    @Test func numbersRoundTripThroughDoubleParsing() throws {
        var random = TestRandom(state: 7)  // seeded: the same values on every run
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e15, 1e15 - 1, -1e15 + 1, 999_999_999_999_999.5, 5e-324,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude, 123_456.789]
        for _ in 0..<20_000 {
            let bits = random.next()
            let v = Double(bitPattern: bits)
            if v.isFinite { values.append(v) }
            // Values of the sizes reports print: yuan, persons, shares, duals.
            let scale = pow(10, Double(Int(random.next() % 24)) - 12)
            values.append((Double(random.next() >> 11) / Double(1 << 53) - 0.5) * scale)
        }
        for v in values {
            var bytes: [UInt8] = []
            JSON.writeNumber(v, into: &bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            let back = try #require(Double(text), "\(text) does not parse")
            #expect(back == v, "\(v) was written as \(text)")
            // Shortest: Swift's description is the shortest digits that read back (integers print all digits).
            if !(v == v.rounded() && abs(v) < 1e15) { #expect(text == "\(v)") }
        }
    }

    @Test func integralValuesAndNonFiniteValues() {
        func text(_ v: Double) -> String { JSON.number(v).rendered() }
        #expect(text(0) == "0")
        #expect(text(-0.0) == "0")
        #expect(text(-42) == "-42")
        #expect(text(999_999_999_999_999) == "999999999999999")
        #expect(text(1e15) == "1000000000000000.0")  // Swift prints doubles below 2^53 in full, as before
        #expect(text(1.5e300) == "1.5e+300")
        #expect(text(.nan) == "null")
        #expect(text(-.infinity) == "null")
        #expect(JSON.int(Int.min).rendered() == String(Int.min))
        #expect(JSON.int(Int.max).rendered() == String(Int.max))
    }

    @Test func documentsReadBackThroughFoundation() throws {
        let awkward = "引号\"反斜杠\\换行\n回车\r制表\t响铃\u{07}和\u{1F}结束 👍"
        let doc = JSON.object([
            ("name", .string(awkward)), ("n", .int(-7)), ("x", .number(0.1)), ("none", .null), ("yes", .bool(true)),
            ("list", .array([.number(2.5), .array([]), .object([]), .string("")])),
            ("nested", .object([("deep", .array([.object([("k", .number(1e-7))])]))])),
        ])
        let text = doc.rendered()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["name"] as? String == awkward)
        #expect((parsed["n"] as? NSNumber)?.intValue == -7)
        #expect((parsed["x"] as? NSNumber)?.doubleValue == 0.1)
        #expect(parsed["none"] is NSNull)
        let list = try #require(parsed["list"] as? [Any])
        #expect(list.count == 4)
        #expect((list[0] as? NSNumber)?.doubleValue == 2.5)
        let deep = try #require(((parsed["nested"] as? [String: Any])?["deep"] as? [[String: Any]])?.first)
        #expect((deep["k"] as? NSNumber)?.doubleValue == 1e-7)
        // The layout: two spaces a level, keys in the order given, "key": value.
        #expect(text.hasPrefix("{\n  \"name\": \""))
        #expect(text.contains("\"list\": [\n    2.5,\n    [],\n    {},\n    \"\"\n  ]"))
        #expect(JSON.quote("\u{07}") == "\"\\u0007\"")
        #expect(Array(doc.renderedBytes()) == Array(text.utf8))
    }
}
