import Foundation
import Testing
import Tabular
import Planning

/// Issue 18 for the county folder: every number cell of the registry and every number of
/// county.toml is read in full or reported at its file, line and column with what was expected.
@Suite("County folder numbers: whole cells or errors")
struct RegistryNumberTests {
    /// Bad texts for the `income` cell (column 11) of the first household (line 2), as written in the file.
    static let badIncomes = ["12abc", "-.4.4", "1.2e", "++1", "1e999", "nan", "NaN", "inf", "１２３", "\"1,234\"", "0x1p3", "", "1 234"]

    @Test(arguments: badIncomes)
    func badIncomeCellsAreErrorsAtTheirPlace(cell: String) throws {
        let folder = try smallCounty(households: 60)
        try setField(folder + "/households.csv", line: 2, column: 11, to: cell)
        let (registry, errors) = loadOrErrors(folder)
        #expect(registry == nil)
        let here = errors.filter { $0.hasPrefix(folder + "/households.csv:2:11: ") }
        #expect(here.count == 1, "\(errors)")
        #expect(here.first?.contains("expected a finite number in \"income\", found ") == true, "\(here)")
    }

    /// Bad texts for the `size` cell (column 3), a whole number of persons.
    static let badSizes = ["3.0", "3e0", "１", "+-3", "3 persons", "\"3,0\"", "99999999999999999999"]

    @Test(arguments: badSizes)
    func badSizeCellsAreErrorsAtTheirPlace(cell: String) throws {
        let folder = try smallCounty(households: 60)
        try setField(folder + "/households.csv", line: 2, column: 3, to: cell)
        let (_, errors) = loadOrErrors(folder)
        let here = errors.filter { $0.hasPrefix(folder + "/households.csv:2:3: ") }
        #expect(here.count == 1, "\(errors)")
        #expect(here.first?.contains("expected a whole number") == true, "\(here)")
    }

    @Test func goodCellsParseToTheExactValue() throws {
        let folder = try smallCounty(households: 60)
        let original = try RawCSV(folder + "/households.csv")
        let income = try #require(Double(original.column("income")[0]))
        // The same income spelt with spaces, a quote, an exponent; the expected value is by hand.
        let spelt = "\" \(Int(income)).25 \""
        try setField(folder + "/households.csv", line: 2, column: 11, to: spelt)
        try setField(folder + "/households.csv", line: 2, column: 3, to: " +\(original.column("size")[0]) ")
        let registry = try CountyFolder.load(folder)
        #expect(registry.households.income[0] == income + 0.25)
        #expect(Int(registry.households.size[0]) == Int(original.column("size")[0]))
    }

    static let badLines = ["-.4.4", "1e999", "inf", "nan", "１２３", "1,234", "9007199254740993", "\"3535\"", "0", "-3535"]

    @Test(arguments: badLines)
    func badPovertyLinesInCountyTOMLAreErrorsAtTheirPlace(value: String) {
        let text = "name = \"代县\"\nregion = \"central\"\nyear = 2018\npoverty_line = \(value)\nagricultural_population = 172000\n"
        do {
            let county = try County.parse(toml: text, file: "county.toml")
            Issue.record("\(value) read as \(county.povertyLine)")
        } catch {
            let e = error.errors.first
            #expect(error.errors.count == 1 && e?.file == "county.toml" && e?.line == 4 && (e?.column ?? 0) >= 1, "\(error)")
            #expect(e?.message.hasPrefix("expected") == true, "\(error)")
        }
    }

    @Test(arguments: [("3535", 3535.0), ("2952.5", 2952.5), ("0.1e5", 10_000), ("4_000", 4000)])
    func goodPovertyLinesAreExact(value: String, expected: Double) throws {
        let text = "name = \"代县\"\nregion = \"central\"\nyear = 2018\npoverty_line = \(value)\nagricultural_population = 172000\n"
        #expect(try County.parse(toml: text, file: "county.toml").povertyLine == expected)
    }
}
