import Foundation
import Testing
import Tabular
@testable import Simulation

/// Issue 25, round two, for scenario files: what the simulation would refuse is refused by the
/// parser, at its file and line; NUL bytes; unknown keys with the closest known one.
@Suite("Hostile scenario files")
struct HostileScenarioTests {
    static let text = """
        name = "s"

        [sources.planting]
        growth = 0.04
        spread = 0.2

        [sources.migrant]
        growth = GROWTH
        spread = 0.1

        """

    /// −1 passed the parser's range and then failed in the engine without a place: now refused at its line.
    @Test func aGrowthOfMinusOneIsRefusedAtItsLine() throws {
        #expect(throws: InputError(file: "s.toml", line: 8, column: 1,
                                   message: "sources.migrant.growth: expected a growth fraction above -1 and at most 10, found -1 (the simulation models growth > -1 only; a source lost for certain is a shock with probability = 1 and loss = 1)")) {
            try Scenario.parse(toml: Self.text.replacingOccurrences(of: "GROWTH", with: "-1"), file: "s.toml")
        }
        #expect(throws: InputError.self) {
            try Scenario.parse(toml: Self.text.replacingOccurrences(of: "GROWTH", with: "-1.5"), file: "s.toml")
        }
        // Just above −1 is a growth the engine takes: the parsed scenario runs its validation.
        let s = try Scenario.parse(toml: Self.text.replacingOccurrences(of: "GROWTH", with: "-0.999"), file: "s.toml")
        #expect(s[.migrant].growth == -0.999)
        #expect(throws: Never.self) { try Simulation.validate(s) }
    }

    @Test func aNULByteIsRefusedAtItsPlace() {
        let text = Self.text.replacingOccurrences(of: "GROWTH", with: "0.1 # \u{0}")
        #expect(throws: InputError(file: "s.toml", line: 8, column: 16,
                                   message: "TOML syntax: expected a character other than NUL (TOML text cannot contain U+0000), found U+0000")) {
            try Scenario.parse(toml: text, file: "s.toml")
        }
    }

    @Test func anUnknownKeyNamesTheClosestKnownOne() {
        let text = Self.text.replacingOccurrences(of: "GROWTH", with: "0.1").replacingOccurrences(of: "spread = 0.1", with: "sprad = 0.1")
        #expect(throws: InputError(file: "s.toml", line: 9, column: 1,
                                   message: "sources.migrant.sprad: unknown key (expected one of: growth, spread; did you mean \"spread\"?)")) {
            try Scenario.parse(toml: text, file: "s.toml")
        }
    }

    /// 2,000 nested headers define the unknown key `a` only through headers: located at the first.
    @Test func nestedTableHeadersGiveALine() {
        let headers = (1...2000).map { "[" + Array(repeating: "a", count: $0).joined(separator: ".") + "]" }.joined(separator: "\n")
        #expect(throws: InputError(file: "n.toml", line: 2, column: 1,
                                   message: "a: unknown key (expected one of: name, sources, shocks, risks, policy, allocation, relocation, targets, years)")) {
            try Scenario.parse(toml: "name = \"n\"\n" + headers + "\n", file: "n.toml")
        }
    }
}
