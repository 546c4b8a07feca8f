import Foundation
import Testing

/// A CSV file of a county folder as header → column index and records split on commas (the
/// sample files quote nothing).
private struct SampleCSV {
    var header: [String: Int]
    var records: [[Substring]]

    init(_ url: URL) throws {
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let names = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        header = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        records = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    func column(_ name: String) throws -> Int { try #require(header[name], "no column \(name)") }
}

/// The comparison's JSON rows by key (values as Double, nil where a scenario has none).
private func rowValues(_ json: [String: Any]) throws -> [String: [Double?]] {
    let rows = try #require(json["rows"] as? [[String: Any]])
    var out: [String: [Double?]] = [:]
    for row in rows {
        let key = try #require(row["key"] as? String)
        out[key] = try #require(row["values"] as? [Any]).map { ($0 as? NSNumber)?.doubleValue }
    }
    return out
}

@Suite("tuopin compare: relocation, English names, goldens")
struct CompareCLITests {
    /// Relocation rows: placed + unplaced = the relocating households and persons counted here from
    /// relocation.csv, the same for every scenario (no scenario changes relocation), and each site's
    /// occupancy = the households `tuopin resettle` assigns to it ÷ its flats summed from site_flats.csv.
    @Test func relocationRowsAddUpToTheRegistry() throws {
        let files = ["baseline.toml", "optimised.toml"].map { daiScenarios.appendingPathComponent($0).path }
        let run = try runTuopin(["compare", daiFolder.path] + files + ["--draws", "4", "--seed", "3", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try rowValues(try #require(run.json))

        let relocation = try SampleCSV(daiFolder.appendingPathComponent("relocation.csv"))
        let personsColumn = try relocation.column("persons")
        let households = Double(relocation.records.count)
        let persons = try relocation.records.reduce(0.0) { $0 + Double(try #require(Int($1[personsColumn]))) }
        #expect(persons == 9_005)  // the published plan (notebooks-data/README.md); households are drawn

        func pair(_ key: String) throws -> [Double] { try #require(rows[key], "row \(key)").map { try #require($0, "\(key) has a gap") } }
        let placed = try pair("relocation_placed"), unplaced = try pair("relocation_unplaced")
        let placedHouseholds = try pair("relocation_placed_households"), unplacedHouseholds = try pair("relocation_unplaced_households")
        for s in 0..<2 {
            #expect(placed[s] + unplaced[s] == persons)
            #expect(placedHouseholds[s] + unplacedHouseholds[s] == households)
            #expect(placed[s] == placed[0] && placedHouseholds[s] == placedHouseholds[0], "scenarios share the resettlement plan")
        }
        #expect(placed[0] > 0)

        let resettle = try runTuopin(["resettle", daiFolder.path, "--format", "json"])
        #expect(resettle.status == 0, "\(resettle.stderr)")
        let sites = try #require(resettle.json?["sites"] as? [[String: Any]])
        let flats = try SampleCSV(daiFolder.appendingPathComponent("site_flats.csv"))
        let siteColumn = try flats.column("site"), countColumn = try flats.column("flats")
        var flatsBySite: [String: Double] = [:]
        for record in flats.records { flatsBySite[String(record[siteColumn]), default: 0] += Double(record[countColumn]) ?? .nan }
        #expect(!flatsBySite.isEmpty)
        for (site, built) in flatsBySite {
            let outcome = try #require(sites.first { $0["site"] as? String == site }, "resettle lists \(site)")
            let assigned = try #require((outcome["households"] as? NSNumber)?.doubleValue)
            let occupancy = try #require(rows["occupancy:\(site)"], "occupancy row of \(site)")
            #expect(occupancy.count == 2)
            for value in occupancy { #expect(abs(try #require(value) - assigned / built) < 1e-12, "\(site): \(assigned) households in \(built) flats") }
        }
        // A dispersed site has no flats and no occupancy row.
        #expect(!rows.keys.contains("occupancy:S02"))
    }

    /// A scenario's [relocation] replaces relocation.csv for that scenario only: `count = n` takes n
    /// households of the plan, `file` the households of its file (counted here); the others share
    /// relocation.csv's plan.
    @Test func scenarioRelocationChangesOnlyThatScenario() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = try String(contentsOf: daiScenarios.appendingPathComponent("baseline.toml"), encoding: .utf8)
        func scenario(_ name: String, _ relocation: String) throws -> String {
            let path = folder.appendingPathComponent("\(name).toml").path
            try (baseline.replacingOccurrences(of: "name = \"baseline\"", with: "name = \"\(name)\"") + "\n[relocation]\n\(relocation)\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let lines = try String(contentsOf: daiFolder.appendingPathComponent("relocation.csv"), encoding: .utf8).split(separator: "\n")
        try (lines.prefix(301).joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("moves.csv"), atomically: true, encoding: .utf8)
        let files = [daiScenarios.appendingPathComponent("baseline.toml").path, try scenario("fewer", "count = 2000"),
                     try scenario("listed", "file = \"moves.csv\"")]
        let run = try runTuopin(["compare", daiFolder.path] + files + ["--draws", "2", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try rowValues(try #require(run.json))
        let placed = try #require(rows["relocation_placed_households"]), unplaced = try #require(rows["relocation_unplaced_households"])
        let households = zip(placed, unplaced).map { ($0 ?? .nan) + ($1 ?? .nan) }
        // Every row of relocation.csv (one household each), the first 2,000, the 300 listed.
        #expect(households == [Double(lines.count - 1), 2_000, 300])
    }

    /// Poor villages exiting by township and by tier (Σ of the villages' exit probabilities) add up
    /// to the county's mean villages exiting (the mean of the per-draw counts), on a scenario
    /// generous enough that villages do exit.
    @Test func villageExitsByTownshipAndTierAddUpToTheCounty() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = try String(contentsOf: daiScenarios.appendingPathComponent("baseline.toml"), encoding: .utf8)
        let generous = folder.appendingPathComponent("generous.toml")
        try baseline.replacingOccurrences(of: "name = \"baseline\"", with: "name = \"generous\"")
            .replacingOccurrences(of: "[policy]\n", with: "[policy]\ntransfer_increase_per_person = 2500\ntransfer_recipients = \"all\"\n")
            .write(to: generous, atomically: true, encoding: .utf8)
        let files = [daiScenarios.appendingPathComponent("baseline.toml").path, generous.path]
        for dimension in ["township", "tier"] {
            let run = try runTuopin(["compare", daiFolder.path] + files + ["--draws", "6", "--by", dimension, "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let json = try #require(run.json)
            let county = try #require(try rowValues(json)["villages_exiting"])
            let breakdown = try #require(json["by_\(dimension)"] as? [String: Any])
            let parts = try rowValues(breakdown).filter { $0.key.hasSuffix("/villages_exiting") }
            #expect(parts.count == (dimension == "township" ? 11 : 3))
            for s in 0..<2 {
                let sum = parts.values.reduce(0.0) { $0 + ($1[s] ?? .nan) }
                #expect(abs(sum - (county[s] ?? .nan)) < 1e-9, "\(dimension), scenario \(s): \(sum) against \(county[s] ?? .nan)")
            }
            #expect((county[1] ?? 0) > 10, "the generous scenario lets villages exit")
        }
    }

    /// With --lang en every township is named by townships.csv's name_en (read here from the file),
    /// in compare's tables and chart and in describe; with zh by its Chinese name.
    @Test func englishTownshipNamesComeFromTheCountyFile() throws {
        let townships = try SampleCSV(daiFolder.appendingPathComponent("townships.csv"))
        let english = try townships.column("name_en"), chinese = try townships.column("name")
        let names = townships.records.map { (String($0[chinese]), String($0[english])) }
        #expect(names.count == 11 && names.allSatisfy { !$0.1.isEmpty })
        let baseline = daiScenarios.appendingPathComponent("baseline.toml").path
        let run = try runTuopin(["compare", daiFolder.path, baseline, "--draws", "2", "--lang", "en", "--by", "township", "--format", "markdown"])
        #expect(run.status == 0, "\(run.stderr)")
        for (zh, en) in names {
            #expect(run.stdout.contains(en), "\(en) missing")
            #expect(!run.stdout.contains(zh), "\(zh) shown in English")
        }
        let html = try runTuopin(["compare", daiFolder.path, baseline, "--draws", "2", "--lang", "en", "--format", "html"])
        #expect(html.status == 0, "\(html.stderr)")
        for (_, en) in names { #expect(html.stdout.contains(en), "the chart lacks \(en)") }
        let described = try runTuopin(["describe", daiFolder.path, "--lang", "en"])
        #expect(described.status == 0, "\(described.stderr)")
        for (_, en) in names { #expect(described.stdout.contains(en), "describe lacks \(en)") }
        let zhRun = try runTuopin(["compare", daiFolder.path, baseline, "--draws", "2", "--by", "township", "--format", "markdown"])
        for (zh, en) in names {
            #expect(zhRun.stdout.contains(zh))
            #expect(!zhRun.stdout.contains(en))
        }
    }

    /// Golden files of `tuopin compare` on the Dai County sample for a fixed seed, in text, Markdown,
    /// CSV and JSON. Any change to a figure, a label or a layout shows up here; when the change is
    /// intended, run with TUOPIN_UPDATE_GOLDEN=1 and review `git diff Tests/CLITests/Golden`.
    @Test(arguments: [
        (["--format", "text"], "compare-daixian-zh.txt"),
        (["--format", "markdown", "--lang", "en", "--by", "tier"], "compare-daixian-en-by-tier.md"),
        (["--format", "csv", "--lang", "en", "--by", "township"], "compare-daixian-en-by-township.csv"),
        (["--format", "json"], "compare-daixian-zh.json"),
    ])
    func comparisonGoldens(options: [String], golden: String) throws {
        let files = ["baseline.toml", "optimised.toml", "bad-harvest.toml", "stable-exit.toml"].map { daiScenarios.appendingPathComponent($0).path }
        let run = try runTuopin(["compare", daiFolder.path] + files + ["--draws", "16", "--seed", "2019", "--threads", "2"] + options)
        #expect(run.status == 0, "\(run.stderr)")
        try expectCLIGolden(run.stdout, golden)
    }
}

/// Compares `actual` with `Tests/CLITests/Golden/NAME`; with TUOPIN_UPDATE_GOLDEN=1 writes it instead.
func expectCLIGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = repositoryRoot.appendingPathComponent("Tests/CLITests/Golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["TUOPIN_UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url, options: .atomic)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("golden \(name) is missing: run TUOPIN_UPDATE_GOLDEN=1 swift test --filter CompareCLITests and review it", sourceLocation: sourceLocation)
        return
    }
    if actual != expected {
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        Issue.record("\(name) differs from its golden at line \(first + 1):\n  got:  \(first < got.count ? String(got[first]) : "(end)")\n  want: \(first < want.count ? String(want[first]) : "(end)")",
                     sourceLocation: sourceLocation)
    }
}
