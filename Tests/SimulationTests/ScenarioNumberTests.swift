import Testing
import Tabular
@testable import Simulation

/// Issue 18 for scenario files: a number is read as the file writes it or the file is rejected
/// at the value's line and column. Expected values come from Swift's `Double(String)` or by hand.
@Suite("Scenario numbers: whole values or errors")
struct ScenarioNumberTests {
    /// A scenario whose `[policy] transfer_increase_per_person` (line 4) is `value`.
    static func scenario(_ value: String) -> String {
        "name = \"n\"\n\n[policy]\ntransfer_increase_per_person = \(value)\n"
    }

    /// Values that are not numbers, as TOML text: TOMLKit rejects the syntax, or the reader
    /// rejects what TOML allows but a scenario must not hold (inf, nan, an integer beyond 2⁵³).
    static let badValues = ["-.4.4", "12abc", "1.2e", "++1", "1e999", "-1e400", "nan", "inf", "-inf", "+inf",
                            "１２３", "1,234", "\"300\"", "", "9007199254740993", "1__0", "3.", ".5"]

    @Test(arguments: badValues)
    func badValuesAreErrorsAtTheirLine(value: String) {
        do {
            let s = try Scenario.parse(toml: Self.scenario(value), file: "s.toml")
            Issue.record("\(value) read as \(s.policy.transferIncreasePerPerson)")
        } catch {
            #expect(error.file == "s.toml" && error.line == 4 && error.column >= 1, "\(error)")
            #expect(error.message.contains("expected"), "\(error)")
        }
    }

    static let goodValues: [(text: String, value: Double)] = [
        ("300", 300), ("0.1", Double("0.1") ?? .nan), ("-0.5", -0.5), ("1.5e3", 1500), ("+2", 2), ("1_000", 1000),
        ("1234567.891", Double("1234567.891") ?? .nan), ("9999999.999999999", Double("9999999.999999999") ?? .nan),
        // TOML's own integer syntax: 0x10 is the TOML integer 16 (hexadecimal is valid TOML), 1_000 is 1000.
        ("0x10", 16),
        ("0.30000000000000004", Double("0.30000000000000004") ?? .nan),
    ]

    /// An integer beyond 2⁵³ where a decimal is expected would be read as a neighbouring Double:
    /// rejected at its place (checked before the key's range).
    @Test func integersADoubleCannotHoldAreRejected() {
        do {
            _ = try Scenario.parse(toml: "[[risks]]\nname = \"r\"\nprobability = 0.1\nloss_yuan = 9007199254740993\n", file: "r.toml")
            Issue.record("2^53 + 1 must be an error")
        } catch {
            #expect(error.line == 4 && error.column == 1 && error.message.contains("2^53"), "\(error)")
        }
    }

    @Test(arguments: goodValues)
    func goodValuesParseToTheExactDouble(text: String, value: Double) throws {
        let s = try Scenario.parse(toml: Self.scenario(text), file: "s.toml")
        #expect(s.policy.transferIncreasePerPerson == value, "\(text)")
    }
}
