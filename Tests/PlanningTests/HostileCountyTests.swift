import Foundation
import Testing
import Tabular
import Planning

/// Issue 25, round two, for the county folder: amounts no registry holds, NUL bytes, unknown keys
/// in [[targets]], and errors on the right line — each a located error, never a trap later on.
@Suite("Hostile county folders")
struct HostileCountyTests {
    static let valid = CountyTOMLTests.valid

    /// The one error of parsing `text`, or nil when there is not exactly one.
    func onlyError(_ text: String) -> InputError? {
        do {
            _ = try County.parse(toml: text, file: "c.toml")
            return nil
        } catch {
            return error.errors.count == 1 ? error.errors.first : nil
        }
    }

    @Test(arguments: ["1e300", "1e6", "100000.5", "-3535", "0"])
    func aPovertyLineNoRegistryHasIsRefusedOnItsLine(value: String) throws {
        let text = Self.valid.replacingOccurrences(of: "poverty_line = 3535", with: "poverty_line = \(value)")
        let e = try #require(onlyError(text))
        #expect(e.line == 5 && e.column == 1)
        #expect(e.message.hasPrefix("expected a number of yuan per person per year above 0 and at most 1e5 (100,000) for \"poverty_line\""), "\(e)")
    }

    @Test func thePovertyLineMaySitOnTheBound() throws {
        let text = Self.valid.replacingOccurrences(of: "poverty_line = 3535", with: "poverty_line = 1e5")
        #expect(try County.parse(toml: text).povertyLine == 100_000)
        #expect(RegistryLimits.maximumPovertyLine == 1e5 && RegistryLimits.maximumMagnitude == 1e12)
    }

    /// A NUL would end the text TOMLKit hands to C++: the rest of the file (here a wrong year)
    /// would be silently dropped. It is refused at its line and column, in a comment too.
    @Test(arguments: [("name = \"代\u{0}县\"", 1, 10), ("region = \"central\" # \u{0} then nothing", 3, 22)])
    func aNULByteIsRefusedAtItsPlace(line text: String, line: Int, column: Int) throws {
        let original = line == 1 ? "name = \"代县\"" : "region = \"central\""
        let e = try #require(onlyError(Self.valid.replacingOccurrences(of: original, with: text)))
        #expect(e.line == line && e.column == column, "\(e)")
        #expect(e.message.hasPrefix("expected valid TOML: a character other than NUL (TOML text cannot contain U+0000), found "), "\(e)")
    }

    @Test func anUnknownKeyInTargetsIsRefusedWithTheClosestKnownKey() throws {
        let text = Self.valid.replacingOccurrences(of: "persons = 14000", with: "persons = 14000\nperson = 3")
        let e = try #require(onlyError(text))
        #expect(e.line == 12 && e.column == 1)
        #expect(e.message == "expected one of the keys persons, villages, year in [[targets]], found \"person\" (did you mean \"persons\"?)")
        // Top-level keys get the hint too; a key far from every known one gets none.
        #expect(throws: InputErrors.self) { try County.parse(toml: Self.valid.replacingOccurrences(of: "region =", with: "regoin =")) }
        do {
            _ = try County.parse(toml: Self.valid.replacingOccurrences(of: "region =", with: "regoin ="), file: "c.toml")
        } catch {
            // The unknown key, with the hint, and the missing region.
            #expect(error.errors.map(\.description).contains("c.toml:3:1: expected one of the keys agricultural_population, monitoring, name, name_en, poverty_line, province, region, targets, total_population, year, found \"regoin\" (did you mean \"region\"?)"))
            #expect(error.errors.count == 2)
        }
        let far = try #require(onlyError(Self.valid + "population_total = 3\n"))
        #expect(far.message.hasSuffix("found \"population_total\"") && far.line == 12)
    }

    /// The error of the second [[targets]] table is on that table's own line (it was one table early).
    @Test func aBadTargetIsReportedInItsOwnTable() throws {
        let text = Self.valid + "\n[[targets]]\nyear = 2020\nvillages = -1\npersons = 6612\n"
        let e = try #require(onlyError(text))
        #expect(e.line == 15 && e.column == 1, "\(e)")
        #expect(e.message == "expected a whole number of villages ≥ 0 for \"villages\" in [[targets]] number 2, found -1")
        // A missing key points at the table's header.
        let missing = try #require(onlyError(Self.valid + "\n[[targets]]\nyear = 2020\nvillages = 4\n"))
        #expect(missing.line == 13 && missing.message.hasSuffix("found nothing (the key is missing)"), "\(missing)")
    }

    /// 2,000 nested table headers define an unknown key `a` only through headers: the error has
    /// the line of the first one (it had none).
    @Test func nestedTableHeadersGiveALine() throws {
        let headers = (1...2000).map { "[" + Array(repeating: "a", count: $0).joined(separator: ".") + "]" }.joined(separator: "\n")
        let e = try #require(onlyError(Self.valid + headers + "\n"))
        #expect(e.line == 12 && e.column == 1, "\(e)")
        #expect(e.message.hasSuffix("found \"a\""))
    }

    /// Incomes of 1e308 (and any amount beyond 10¹²) are refused at their cell; 10¹² itself is read.
    @Test(arguments: ["1e308", "1.0000001e12", "-2e12"])
    func anIncomeNoRegistryHasIsRefusedAtItsCell(cell: String) throws {
        let folder = try smallCounty(households: 60)
        try setField(folder + "/households.csv", line: 2, column: 11, to: cell)
        let (registry, errors) = loadOrErrors(folder)
        #expect(registry == nil)
        #expect(errors == ["\(folder)/households.csv:2:11: expected a finite number of magnitude at most 1e12 in \"income\" (the largest a county folder takes), found \"\(cell)\""])
    }

    @Test func anIncomeOnTheBoundIsRead() throws {
        let folder = try smallCounty(households: 60)
        try setField(folder + "/households.csv", line: 2, column: 11, to: "1e12")
        let registry = try CountyFolder.load(folder)
        #expect(registry.households.income[0] == 1e12)
    }

    /// The bound holds for every decimal cell of the folder, a source income and a fund amount alike.
    @Test func everyDecimalCellIsBounded() throws {
        let folder = try smallCounty(households: 60)
        try setField(folder + "/households.csv", line: 3, column: 12, to: "5e12")
        try setField(folder + "/funds.csv", line: 2, column: 4, to: "1e13")
        let (_, errors) = loadOrErrors(folder)
        #expect(errors.contains("\(folder)/households.csv:3:12: expected a finite number ≥ 0 of magnitude at most 1e12 in \"planting\" (the largest a county folder takes), found \"5e12\""), "\(errors)")
        #expect(errors.contains("\(folder)/funds.csv:2:4: expected a finite number ≥ 0 of magnitude at most 1e12 in \"amount\" (the largest a county folder takes), found \"1e13\""), "\(errors)")
    }
}
