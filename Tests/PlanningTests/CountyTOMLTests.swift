import Foundation
import Testing
import Tabular
import Planning

/// County.parse, the text entry point of the county.toml reader (also the fuzz target
/// fuzz/Sources/FuzzCountyTOML): values, positions of errors, and inputs that once broke it.
@Suite("county.toml reader")
struct CountyTOMLTests {
    static let valid = """
        name = "代县"
        name_en = "Dai County"
        region = "central"
        year = 2018
        poverty_line = 3535
        agricultural_population = 172000

        [[targets]]
        year = 2019
        villages = 90
        persons = 14000

        """

    @Test func readsTheValuesWritten() throws {
        let county = try County.parse(toml: Self.valid)
        #expect(county.name == "代县" && county.englishName == "Dai County" && county.region == .central)
        #expect(county.year == 2018 && county.povertyLine == 3535 && county.agriculturalPopulation == 172_000)
        #expect(county.totalPopulation == nil)
        #expect(county.targets == [YearTarget(year: 2019, villages: 90, persons: 14000)])
    }

    /// A wrong value is reported on its own line also when the file has Windows line ends (CRLF).
    @Test(arguments: ["\n", "\r\n"])
    func wrongValueIsReportedOnItsLine(lineEnd: String) {
        let text = Self.valid.replacingOccurrences(of: "year = 2018", with: "year = 1800")
            .split(separator: "\n", omittingEmptySubsequences: false).joined(separator: lineEnd)
        #expect {
            _ = try County.parse(toml: text, file: "c.toml")
        } throws: { error in
            guard let errors = error as? InputErrors, errors.errors.count == 1, let e = errors.errors.first else { return false }
            return e.file == "c.toml" && e.line == 4 && e.column == 1 && e.message.contains("\"year\"")
        }
    }

    /// Fuzzer crash (scripts/fuzz, target county-toml, minimised to "[*"): a table header starting
    /// with a character that cannot start a key aborted TOMLKit's parser; now one located error.
    @Test(arguments: [("r=[}", 1, 4), ("[*", 1, 2), (valid + "[目标]\nyear = 2020\n", 12, 2)])
    func badTableHeaderIsOneLocatedError(text: String, line: Int, column: Int) {
        #expect {
            _ = try County.parse(toml: text, file: "c.toml")
        } throws: { error in
            guard let errors = error as? InputErrors, errors.errors.count == 1, let e = errors.errors.first else { return false }
            return e.line == line && e.column == column && e.message.hasPrefix("expected valid TOML")
        }
    }

}
