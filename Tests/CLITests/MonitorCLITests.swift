import Foundation
import Testing
import TestSupport

/// `tuopin monitor` end to end on the hand-made county of `MonitoringFixture`, and `allocate`'s
/// share rule at the command line.
@Suite("CLI: tuopin monitor")
struct MonitorCLITests {
    @Test func jsonKeysAndCountsAddUp() throws {
        let folder = try MonitoringFixture.write()
        let run = try runTuopin(["monitor", folder, "--draws", "400", "--seed", "3", "--format", "json"])
        try #require(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        for key in ["county", "year", "scenario", "draws", "seed", "poverty_line", "threshold", "spending_threshold", "risk_probability",
                    "stable_years", "source", "examined", "monitored", "by_class", "risk_eliminated", "elimination_refused", "targeting",
                    "by_township", "by_village", "households"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["year"] as? Int == 2021 && json["threshold"] as? Double == 6000 && json["examined"] as? Int == 11)
        let households = try #require(json["households"] as? [[String: Any]])
        let listed = households.filter { !($0["class"] is NSNull) }
        #expect(json["monitored"] as? Int == listed.count)
        let byClass = try #require(json["by_class"] as? [String: Int])
        #expect(byClass.values.reduce(0, +) == listed.count)
        for kind in ["unstable", "marginal", "sudden_hardship"] {
            #expect(byClass[kind] == listed.filter { $0["class"] as? String == kind }.count)
        }
        let townships = try #require(json["by_township"] as? [[String: Any]])
        #expect(townships.reduce(0) { $0 + ($1["monitored"] as? Int ?? 0) } == listed.count)
        let villages = try #require(json["by_village"] as? [[String: Any]])
        #expect(villages.reduce(0) { $0 + ($1["monitored"] as? Int ?? 0) } == listed.count)
        // The list's inclusion error, recounted from the listed households' own probabilities.
        let targeting = try #require((json["targeting"] as? [String: Any])?["monitoring"] as? [String: Any])
        let recount = listed.reduce(0.0) { $0 + 1 - ($1["p_below_line"] as? Double ?? 0) } / Double(listed.count)
        #expect(abs((targeting["inclusion_error"] as? Double ?? -1) - recount) < 1e-12)
        let e3 = try #require(households.first { $0["id"] as? String == "E3" })
        #expect(e3["elimination_refused"] as? [String] == ["cannot_work"])
    }

    @Test func everyFormatAndTheExitCodes() throws {
        let folder = try MonitoringFixture.write()
        for format in ["text", "markdown", "csv", "html"] {
            let run = try runTuopin(["monitor", folder, "--draws", "40", "--format", format, "--lang", "en"])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            #expect(run.stdout.contains("O2"), "\(format) lists no household")
        }
        let csv = try runTuopin(["monitor", folder, "--draws", "40", "--format", "csv"])
        #expect(csv.stdout.contains("# households:") && csv.stdout.contains("# by_village:") && csv.stdout.contains("# targeting:"))
        // A year the one-year draws do not simulate is a usage error; no [monitoring] table is bad input.
        let year = try runTuopin(["monitor", folder, "--year", "2051"])
        #expect(year.status == 2 && year.stderr.contains("--year 2051") && year.stderr.contains("from 2021 to 2050"))
        let bare = try MonitoringFixture.write(monitoring: false)
        let missing = try runTuopin(["monitor", bare, "--draws", "40"])
        #expect(missing.status == 1 && missing.stderr.contains("[monitoring]"))
        // Same seed, same bytes, whatever the threads.
        let one = try runTuopin(["monitor", folder, "--draws", "40", "--threads", "1", "--format", "json"])
        let two = try runTuopin(["monitor", folder, "--draws", "40", "--threads", "2", "--format", "json"])
        #expect(one.status == 0 && one.stdout == two.stdout)
    }

    /// A rule no column can meet (industry required of a fund that may pay for PV only) exits 3 with
    /// the rule's numbers; a rule that holds is reported with the share achieved.
    @Test func allocateShareRule() throws {
        let folder = try MonitoringFixture.write()
        let funds = URL(fileURLWithPath: folder).appendingPathComponent("funds.csv")
        try "id,name,kind,amount,eligible_types,min_per_village,max_per_village,poor_villages_only,share_category,min_share\nF1,衔接资金,central,30000,pv,,,0,industry,0.55\n"
            .write(to: funds, atomically: true, encoding: .utf8)
        let refused = try runTuopin(["allocate", folder, "--format", "json"])
        #expect(refused.status == 3 && refused.stderr.contains("share rule of fund F1") && refused.stderr.contains("16500"), "\(refused.stderr)")
        try "id,name,kind,amount,eligible_types,min_per_village,max_per_village,poor_villages_only,share_category,min_share\nF1,衔接资金,central,30000,*,,,0,industry,0.55\n"
            .write(to: funds, atomically: true, encoding: .utf8)
        let run = try runTuopin(["allocate", folder, "--format", "json"])
        try #require(run.status == 0, "\(run.stderr)")
        let rules = try #require(run.json?["share_rules"] as? [[String: Any]])
        #expect(rules.count == 1 && rules[0]["category"] as? String == "industry")
        #expect((rules[0]["share"] as? Double ?? 0) >= 0.55 - 1e-6)
    }
}
