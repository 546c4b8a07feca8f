import Foundation
import Testing

/// `--through YEAR` beyond `plan`: `compare --through` against `plan --through` (the second
/// program run is the reference: the same scenarios, seed and draws must give the same by-year
/// section), shards of a projection merged against the unsharded run's bytes, and a county folder
/// holding an xlsx workbook against its CSV folder.
@Suite("--through in compare, shards and workbook folders (CLI)")
struct ThroughEverywhereCLITests {
    static let daixian = repositoryRoot.appendingPathComponent("notebooks-data/daixian")
    static let workbook = repositoryRoot.appendingPathComponent("notebooks-data/daixian-workbook/代县建档立卡.xlsx")

    /// The file `--output` wrote.
    static func written(_ arguments: [String], to file: URL) throws -> Data {
        let run = try runTuopin(arguments + ["--output", file.path])
        try #require(run.status == 0, "\(arguments): \(run.stderr)")
        return try Data(contentsOf: file)
    }

    @Test("compare --through prints plan --through's by-year section in every format, the same bytes for 1 and 2 threads")
    func compareThroughEqualsPlanThrough() throws {
        let (folder, year) = try ProjectionCLITests.county()
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let through = String(year + 3)
        let common = ["--draws", "24", "--seed", "3", "--through", through, "--lang", "en"]
        // plan compares every scenario of the folder, baseline first; compare with no files does the same.
        for format in ["json", "csv", "html", "xlsx"] {
            let plan = try Self.written(["plan", folder.path, "--format", format] + common, to: out.appendingPathComponent("plan.\(format)"))
            let compare = try Self.written(["compare", folder.path, "--format", format, "--threads", "1"] + common,
                                           to: out.appendingPathComponent("compare.\(format)"))
            #expect(compare == plan, "\(format): compare --through and plan --through differ")
            let two = try Self.written(["compare", folder.path, "--format", format, "--threads", "2"] + common,
                                       to: out.appendingPathComponent("compare2.\(format)"))
            #expect(two == compare, "\(format): 1 and 2 threads differ")
        }
        // The JSON's by-year rows: every scenario, every year, and the first year is the comparison's.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("compare.json"))) as? [String: Any])
        #expect(json["through"] as? Int == year + 3)
        let years = try #require(json["years"] as? [[String: Any]])
        #expect(years.map { $0["year"] as? Int ?? 0 } == [year + 1, year + 2, year + 3, year + 1, year + 2, year + 3])
        let poor = ProjectionCLITests.values(json, "poor_persons")
        #expect((years[0]["poor_persons"] as? [String: Any])?["mean"] as? Double == poor[0])
        #expect((years[3]["poor_persons"] as? [String: Any])?["mean"] as? Double == poor[1])
        // Text: the comparison without --through, then the by-year tables (plan prints its income model first).
        let plain = try runTuopin(["compare", folder.path, "--draws", "24", "--seed", "3", "--lang", "en"])
        let text = try runTuopin(["compare", folder.path, "--format", "text"] + common)
        try #require(plain.status == 0 && text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix(plain.stdout))
        #expect(text.stdout.contains("Year by year") && text.stdout.contains("not by \(through)"))
        let planText = try runTuopin(["plan", folder.path, "--format", "text"] + common)
        #expect(planText.stdout.hasSuffix(text.stdout))
        // Given scenario files (one here): the years of that scenario only, equal to plan's for it.
        let one = try runTuopin(["compare", folder.path, folder.appendingPathComponent("scenarios/optimised.toml").path, "--format", "json"] + common)
        try #require(one.status == 0, "\(one.stderr)")
        let oneYears = try #require(one.json?["years"] as? [[String: Any]])
        #expect(oneYears.count == 3 && oneYears.allSatisfy { $0["scenario"] as? String == "optimised" })
        // The same scenario, the same draws: the same figures as plan's optimised rows.
        #expect(NSArray(array: oneYears) == NSArray(array: Array(years[3...])))
        // A year outside the projection is a usage error.
        let early = try runTuopin(["compare", folder.path, "--draws", "4", "--through", String(year)])
        #expect(early.status == 2 && early.stderr.contains("--through must be a year from \(year + 1)"), "\(early.stderr)")
    }

    @Test("plan, compare and simulate --through in shards merge to the unsharded run's bytes")
    func shardsOfAProjectionMerge() throws {
        let (folder, year) = try ProjectionCLITests.county()
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let through = String(year + 2)
        // 30 draws: shards of whole quadruples, the last one short (28..30).
        let plan = ["plan", folder.path, "--draws", "30", "--seed", "8", "--through", through, "--format", "json", "--threads", "2"]
        let whole = try runTuopin(plan)
        try #require(whole.status == 0, "\(whole.stderr)")
        var parts: [String] = []
        for k in 1...3 {
            let part = out.appendingPathComponent("plan-\(k).json").path
            let shard = try runTuopin(plan + ["--shard", "\(k)/3", "--partial-output", part])
            try #require(shard.status == 0, "\(shard.stderr)")
            #expect(shard.stdout.isEmpty)
            parts.append(part)
        }
        // The shard file carries every draw's counts of every year: 3 years × its draws.
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: parts[2]))) as? [String: Any])
        let projections = try #require(file["projections"] as? [[String: Any]])
        #expect(projections.count == 2)
        let counts = try #require(projections[0]["counts"] as? [[String: Any]])
        #expect(counts.count == 2 && (counts[0]["poorPersons"] as? [Int])?.count == 30 - 20)
        let merged = try runTuopin(["merge"] + parts.reversed())
        try #require(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == whole.stdout)
        // A part left out is named; a one-year shard's file has no projections key.
        let missing = try runTuopin(["merge", parts[0], parts[2]])
        #expect(missing.status == 1 && missing.stderr.contains("no part holds draws"), "\(missing.stderr)")
        let oneYear = out.appendingPathComponent("one-year.json").path
        #expect(try runTuopin(Array(plan.prefix(6)) + ["--shard", "1/2", "--partial-output", oneYear]).status == 0)
        let oneYearFile = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: oneYear))) as? [String: Any])
        #expect(oneYearFile["projections"] == nil)

        // compare --through in draw ranges, as CSV (the by-year blocks), and simulate --through.
        let compare = ["compare", folder.path, "--draws", "26", "--through", through, "--format", "csv"]
        let alone = try runTuopin(compare)
        let low = out.appendingPathComponent("low.json").path, high = out.appendingPathComponent("high.json").path
        #expect(try runTuopin(compare + ["--draws-range", "0..12", "--partial-output", low]).status == 0)
        #expect(try runTuopin(compare + ["--draws-range", "12..26", "--partial-output", high]).status == 0)
        let joined = try runTuopin(["merge", high, low])
        try #require(joined.status == 0, "\(joined.stderr)")
        #expect(joined.stdout == alone.stdout && joined.stdout.contains("# by_year"))
        let simulate = ["simulate", folder.path, "--scenario", folder.appendingPathComponent("scenarios/baseline.toml").path,
                        "--draws", "20", "--through", through, "--format", "json"]
        let single = try runTuopin(simulate)
        let a = out.appendingPathComponent("a.json").path, b = out.appendingPathComponent("b.json").path
        #expect(try runTuopin(simulate + ["--shard", "1/2", "--partial-output", a]).status == 0)
        #expect(try runTuopin(simulate + ["--shard", "2/2", "--partial-output", b]).status == 0)
        let both = try runTuopin(["merge", a, b])
        try #require(both.status == 0, "\(both.stderr)")
        #expect(both.stdout == single.stdout)
    }

    @Test("plan --through on a folder holding the registry as an xlsx workbook equals plan --through on the Dai CSV folder it was written from")
    func throughReadsAWorkbookFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inPlace = folder.appendingPathComponent("in-place"), original = folder.appendingPathComponent("original")
        try FileManager.default.createDirectory(at: inPlace, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: original, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.workbook, to: inPlace.appendingPathComponent("registry.xlsx"))
        // The original CSV folder the workbook was written from (scripts/make-sample-workbook), every
        // table, ordinary households included (the workbook's 一般农户 sheet).
        let tables = try FileManager.default.contentsOfDirectory(atPath: Self.daixian.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(tables.contains("ordinary_households.csv"))
        for table in tables {
            try FileManager.default.copyItem(at: Self.daixian.appendingPathComponent(table), to: original.appendingPathComponent(table))
        }
        // Only the baseline scenario (even spreading), to keep the debug-build test short.
        let baseline = Self.daixian.appendingPathComponent("scenarios/baseline.toml")
        for target in [inPlace, original] {
            try FileManager.default.copyItem(at: Self.daixian.appendingPathComponent("county.toml"), to: target.appendingPathComponent("county.toml"))
            try FileManager.default.createDirectory(at: target.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: baseline, to: target.appendingPathComponent("scenarios/baseline.toml"))
        }
        let options = ["--draws", "8", "--through", "2020", "--format", "json"]
        let workbookPlan = try runTuopin(["plan", inPlace.path] + options)
        let csvPlan = try runTuopin(["plan", original.path] + options)
        try #require(csvPlan.status == 0 && workbookPlan.status == 0, "\(workbookPlan.stderr) \(csvPlan.stderr)")
        #expect(workbookPlan.stdout == csvPlan.stdout)
        #expect((workbookPlan.json?["years"] as? [Any])?.count == 2)
        // The monitoring of the years counts the ordinary households of both alike.
        #expect(workbookPlan.stdout.contains("\"marginal\""))
        let monitorWorkbook = try runTuopin(["monitor", inPlace.path, "--draws", "8", "--format", "json"])
        let monitorCSV = try runTuopin(["monitor", original.path, "--draws", "8", "--format", "json"])
        try #require(monitorWorkbook.status == 0 && monitorCSV.status == 0, "\(monitorWorkbook.stderr) \(monitorCSV.stderr)")
        #expect(monitorWorkbook.stdout == monitorCSV.stdout)
    }

}
