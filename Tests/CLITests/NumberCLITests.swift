import Foundation
import Testing

/// Issue 18 through the CLI: numeric options, CSV cells, MPS fields and scenario values are read
/// in full or the command stops naming the place (file:line:column, or the option) and what was
/// expected. Expected values are worked out by hand.
@Suite("tuopin: numbers in options and files are read in full or refused")
struct NumberCLITests {
    static let badOptionValues = ["-.4.4", "12abc", "1.2e", "++1", "1e999", "nan", "inf", "-inf", "１２３", "1,234", " 12", "12 ", "", "0x1p3"]

    /// A small income file: three persons with incomes 1, 2 and 3 yuan.
    static func incomes(_ cells: [String] = ["1", "2", "3"]) throws -> URL {
        let file = try temporaryFolder().appendingPathComponent("incomes.csv")
        try ("id,income\n" + cells.enumerated().map { "\($0.offset + 1),\($0.element)\n" }.joined()).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(arguments: badOptionValues)
    func aBadDecimalOptionIsAUsageErrorNamingTheOption(value: String) throws {
        let run = try runTuopin(["poverty", try Self.incomes().path, "--income", "income", "--line=\(value)"])
        #expect(run.status == 2, "\(run.stderr)")
        // An empty `--line=` is refused by the argument parser itself as a missing value.
        let expectation = value.isEmpty ? "Missing value" : "expected a number"
        #expect(run.stderr.contains("--line") && run.stderr.contains(expectation), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test(arguments: ["1.5", "1e3", "１０", "+-5", "10x", "1_000", "nan"])
    func aBadWholeNumberOptionIsAUsageErrorNamingTheOption(value: String) throws {
        let run = try runTuopin(["simulate", "notebooks-data-absent", "--scenario", "s.toml", "--draws=\(value)"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("--draws") && run.stderr.contains("expected a whole number"), "\(run.stderr)")
    }

    /// `--seed` (up to 2⁶⁴ − 1) keeps the standard library's UInt64 reading, as strict: refused with the option's name.
    @Test(arguments: [" 5", "５", "1e3", "-1", "18446744073709551616"])
    func aBadSeedIsAUsageError(value: String) throws {
        let run = try runTuopin(["simulate", "notebooks-data-absent", "--scenario", "s.toml", "--seed=\(value)"])
        #expect(run.status == 2 && run.stderr.contains("--seed"), "\(run.stderr)")
    }

    /// The line is read exactly: 2.0000000000000004 is the Double just above 2, so the person with
    /// income 2 is poor under it and not under 2 (headcounts 2/3 and 1/3).
    @Test func aGoodDecimalOptionIsReadExactly() throws {
        let data = try Self.incomes().path
        let above = try runTuopin(["poverty", data, "--income", "income", "--line", "2.0000000000000004", "--format", "json"])
        let at = try runTuopin(["poverty", data, "--income", "income", "--line", "0.2e1", "--format", "json"])
        #expect(above.status == 0 && at.status == 0, "\(above.stderr)\(at.stderr)")
        #expect(above.json?["headcount"] as? Double == 2.0 / 3.0, "\(above.stdout)")
        #expect(at.json?["headcount"] as? Double == 1.0 / 3.0, "\(at.stdout)")
    }

    @Test(arguments: ["-.4.4", "1e999", "inf", "１２３", "\"1,234\"", "12abc"])
    func aBadCSVCellStopsTheCommandAtItsPlace(cell: String) throws {
        let data = try Self.incomes(["1", cell, "3"])
        let run = try runTuopin(["poverty", data.path, "--income", "income", "--line", "2"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("\(data.path):3:2: expected a number in column \"income\""), "\(run.stderr)")
    }

    @Test func theMPSCaseOfTheIssueIsRefusedAtItsColumn() throws {
        let file = try temporaryFolder().appendingPathComponent("spill.mps")
        try ["NAME          SPILL", "ROWS", " N  COST", " L  LIM1", "COLUMNS",
             "    X1        COST               -.4.4   LIM1      1.0", "RHS", "    RHS       LIM1      4", "ENDATA", ""]
            .joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try runTuopin(["lp", file.path, "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("\(file.path):6:37: expected a number"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func aBadScenarioValueStopsTheCommandAtItsPlace() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("notebooks-data/daixian")
        let scenario = try temporaryFolder().appendingPathComponent("s.toml")
        try "name = \"s\"\n\n[policy]\ntransfer_increase_per_person = inf\n".write(to: scenario, atomically: true, encoding: .utf8)
        let run = try runTuopin(["simulate", sample.path, "--scenario", scenario.path, "--draws", "10"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("\(scenario.path):4:1: policy.transfer_increase_per_person: expected"), "\(run.stderr)")
    }
}
