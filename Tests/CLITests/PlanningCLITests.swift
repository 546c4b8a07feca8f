import Foundation
import Testing

@Suite("tuopin allocate and resettle")
struct PlanningCLITests {
    static var daixian: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("notebooks-data/daixian")
    }

    /// A copy of the Dai sample with one file's text changed.
    static func alteredCopy(_ file: String, _ change: (String) -> String) throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("daixian")
        try FileManager.default.copyItem(at: daixian, to: folder)
        let path = folder.appendingPathComponent(file)
        try change(try String(contentsOf: path, encoding: .utf8)).write(to: path, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func allocateJSONHasTheContractKeysAndBeatsEvenSpreading() throws {
        let run = try runTuopin(["allocate", Self.daixian.path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        for key in ["status", "objective", "gap", "persons_lifted", "cost", "baseline", "sources"] { #expect(json[key] != nil, "missing \(key)") }
        let baseline = try #require(json["baseline"] as? [String: Any])
        #expect((json["persons_lifted"] as? Double ?? 0) > (baseline["persons_lifted"] as? Double ?? .infinity))
        let sources = try #require(json["sources"] as? [[String: Any]])
        #expect(sources.count == 6)
        for s in sources {
            for key in ["source", "amount", "used", "shadow_price"] { #expect(s[key] != nil, "source key \(key)") }
            #expect((s["used"] as? Double ?? .infinity) <= (s["amount"] as? Double ?? 0) * (1 + 1e-9))
        }
    }

    /// `--exit-margin 0.1`: JSON gains exit_margin and target_income (line 3,535 of county.toml × 1.1),
    /// the exported model solved by `tuopin lp` has the optimum allocate reports, and the text says
    /// the target. A margin outside 0…1 is a usage error that names the option.
    @Test func allocateWithAnExitMargin() throws {
        let mps = try temporaryFolder().appendingPathComponent("allocate.mps")
        let run = try runTuopin(["allocate", Self.daixian.path, "--exit-margin", "0.1", "--format", "json", "--export-mps", mps.path])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["exit_margin"] as? Double == 0.1)
        #expect(abs((json["target_income"] as? Double ?? 0) - 3535 * 1.1) < 1e-9)
        for key in ["status", "objective", "gap", "persons_lifted", "cost", "baseline", "sources"] { #expect(json[key] != nil, "missing \(key)") }
        let lp = try runTuopin(["lp", mps.path, "--format", "json"])
        #expect(lp.status == 0, "\(lp.stderr)")
        let a = try #require(json["objective"] as? Double), b = try #require(lp.json?["objective"] as? Double)
        #expect(abs(a - b) <= 1e-6 * abs(a))
        let text = try runTuopin(["allocate", Self.daixian.path, "--exit-margin", "0.1", "--lang", "en"])
        #expect(text.stdout.contains("lifted to 3,889 yuan a person = line × 1.10"), "\(text.stdout)")
        let plain = try runTuopin(["allocate", Self.daixian.path, "--lang", "en"])
        #expect(!plain.stdout.contains("line ×"))
        for bad in ["1.5", "-0.1"] {
            let refused = try runTuopin(["allocate", Self.daixian.path, "--exit-margin=\(bad)"])
            #expect(refused.status == 2 && refused.stderr.contains("--exit-margin must be a fraction"), "\(refused.stderr)")
        }
    }

    /// The exported resettlement model, solved by `tuopin lp`, has the optimum `resettle` reports.
    @Test func resettleExportSolvesToTheReportedObjective() throws {
        let mps = try temporaryFolder().appendingPathComponent("resettle.mps")
        let run = try runTuopin(["resettle", Self.daixian.path, "--format", "json", "--export-mps", mps.path])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        for key in ["status", "objective", "gap", "placed_persons", "unplaced_persons", "sites"] { #expect(json[key] != nil, "missing \(key)") }
        #expect(json["placed_persons"] as? Int == 9005)
        let lp = try runTuopin(["lp", mps.path, "--format", "json"])
        #expect(lp.status == 0, "\(lp.stderr)")
        let a = try #require(json["objective"] as? Double), b = try #require(lp.json?["objective"] as? Double)
        #expect(abs(a - b) <= 1e-6 * abs(a))
    }

    /// A minimum per village of 1,000,000 yuan from a 12-million source: exit 3 and the shortfall on stderr.
    @Test func allocateMinimumOverBudgetExitsThree() throws {
        let folder = try Self.alteredCopy("funds.csv") { $0.replacingOccurrences(of: "F03,县级财政扶贫资金,county,12000000,*,,,0", with: "F03,县级财政扶贫资金,county,12000000,*,1000000,,0") }
        let run = try runTuopin(["allocate", folder.path, "--format", "json"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("F03") && run.stderr.contains("short"), "\(run.stderr)")
        #expect(run.json?["status"] as? String == "infeasible")
    }

    /// Without dispersed resettlement, the relocating households cannot all take Binhe's flats: exit 3, flats short.
    @Test func resettleRequireAllWithTooFewFlatsExitsThree() throws {
        let folder = try Self.alteredCopy("sites.csv") { text in
            text.split(separator: "\n").filter { !$0.hasPrefix("S02,") }.joined(separator: "\n") + "\n"
        }
        let run = try runTuopin(["resettle", folder.path, "--require-all", "--format", "json"])
        #expect(run.status == 3)
        // Households needing a flat = rows of relocation.csv; flats = S01's flats in site_flats.csv.
        let relocation = try String(contentsOf: folder.appendingPathComponent("relocation.csv"), encoding: .utf8)
        let households = relocation.split(separator: "\n").count - 1
        let flatsFile = try String(contentsOf: folder.appendingPathComponent("site_flats.csv"), encoding: .utf8)
        let flatRows = flatsFile.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = flatRows.first ?? []
        let siteColumn = header.firstIndex(of: "site") ?? 0
        let countColumn = header.firstIndex(of: "count") ?? header.firstIndex(of: "flats") ?? 1
        let flats = flatRows.dropFirst().filter { $0.count > countColumn && $0[siteColumn] == "S01" }.reduce(0) { $0 + (Int($1[countColumn]) ?? 0) }
        #expect(run.stderr.contains("\(households) households need a flat, the sites have \(flats): short \(households - flats) flats"), "\(run.stderr)")
    }
}
