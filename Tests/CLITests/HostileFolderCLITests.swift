import Foundation
import Testing

/// Issue 25, round two, end to end: a county folder with amounts no registry holds is bad input
/// (exit 1) naming the file, line and key or column, for describe, allocate and plan alike; the
/// largest accepted values run to the end.
@Suite("hostile county folders on the command line")
struct HostileFolderCLITests {
    /// A generated county of 300 households; `edit` changes it before the verbs run.
    func county(_ edit: (URL) throws -> Void) throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("c")
        let generated = try runTuopin(["generate", folder.path, "--households", "300", "--like", "daixian", "--seed", "1"])
        #expect(generated.status == 0, "\(generated.stderr)")
        try edit(folder)
        return folder
    }

    func replace(_ file: URL, _ old: String, _ new: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }

    /// Line 2 of households.csv with its income (column 11) set to `income`.
    func setFirstIncome(_ folder: URL, _ income: String) throws {
        let file = folder.appendingPathComponent("households.csv")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[1].components(separatedBy: ",")
        fields[10] = income
        lines[1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    @Test func aPovertyLineOf1e300IsBadInputAtItsKey() throws {
        let folder = try county { try replace($0.appendingPathComponent("county.toml"), "poverty_line = 3535", "poverty_line = 1e300") }
        let expected = "\(folder.path)/county.toml:7:1: expected a number of yuan per person per year above 0 and at most 1e5 (100,000) for \"poverty_line\", found 1e+300"
        for verb in [["describe"], ["allocate"], ["plan", "--draws", "20"]] {
            let run = try runTuopin([verb[0], folder.path] + verb.dropFirst())
            #expect(run.status == 1, "\(verb): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains(expected), "\(verb): \(run.stderr)")
        }
    }

    @Test func anIncomeOf1e308IsBadInputAtItsCell() throws {
        let folder = try county { try setFirstIncome($0, "1e308") }
        let expected = "\(folder.path)/households.csv:2:11: expected a finite number of magnitude at most 1e12 in \"income\" (the largest a county folder takes), found \"1e308\""
        for verb in [["describe", "--format", "json"], ["allocate"], ["plan", "--draws", "20"]] {
            let run = try runTuopin([verb[0], folder.path] + verb.dropFirst())
            #expect(run.status == 1 && run.stderr.contains(expected), "\(verb): \(run.status) \(run.stderr)")
            #expect(!run.stderr.contains("simulation input"), "\(run.stderr)")
        }
    }

    /// The largest values taken run through describe, allocate and plan: an income of 1e12 and a
    /// line of 1e5 are a county like any other, not a trap or an unlocated failure.
    @Test func theLargestValuesTakenRunToTheEnd() throws {
        let rich = try county { try setFirstIncome($0, "1e12") }
        let highLine = try county { try replace($0.appendingPathComponent("county.toml"), "poverty_line = 3535", "poverty_line = 1e5") }
        for folder in [rich, highLine] {
            let describe = try runTuopin(["describe", folder.path])
            #expect(describe.status == 0, "\(describe.stderr)")
            let allocate = try runTuopin(["allocate", folder.path, "--format", "json"])
            #expect(allocate.status == 0 && allocate.stdout.contains("\"status\": \"optimal\""), "\(allocate.stderr)")
            let plan = try runTuopin(["plan", folder.path, "--draws", "20", "--format", "json"])
            #expect(plan.status == 0, "\(plan.stderr)")
        }
        let text = try runTuopin(["describe", highLine.path, "--lang", "en"])
        #expect(text.stdout.contains("line 100000 yuan"), "\(text.stdout)")
    }
}
