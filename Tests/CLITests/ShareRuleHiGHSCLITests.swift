import Foundation
import Testing

/// The transition-period fund share rule (funds.csv `share_category`/`min_share`) against HiGHS:
/// `allocate --export-mps` on the Dai sample with share rules, the exported model solved by highspy,
/// must have the optimum allocate reports; the rules' rows must be in the model and bind (HiGHS,
/// dropping them, finds a better optimum).
@Suite("Fund share rules against HiGHS (CLI)")
struct ShareRuleHiGHSCLITests {
    static let daixian = repositoryRoot.appendingPathComponent("notebooks-data/daixian")

    /// Solves the MPS file with HiGHS; with `dropping` row-name prefixes, also the model without those
    /// rows. Prints {"status", "objective", "sense", "relaxed", "rows" [names starting with a prefix]}.
    static let highsScript = """
    import sys, json
    try:
        import highspy, numpy as np
    except Exception as e:
        print(json.dumps({"skip": "highspy cannot be imported: %s" % e})); sys.exit(0)
    path, prefixes = sys.argv[1], sys.argv[2].split(",")
    def solve(drop):
        h = highspy.Highs(); h.setOptionValue("output_flag", False)
        h.readModel(path)
        lp = h.getLp()
        names = list(lp.row_names_)
        ruled = [i for i, n in enumerate(names) if any(n.startswith(p) for p in prefixes)]
        if drop and ruled:
            h.deleteRows(len(ruled), np.array(ruled, dtype=np.int32))
        h.run()
        return h, ruled, names
    h, ruled, names = solve(False)
    status = h.modelStatusToString(h.getModelStatus())
    objective = h.getInfo().objective_function_value
    sense = str(h.getLp().sense_)
    relaxed, _, _ = solve(True)
    print(json.dumps({"status": status, "objective": objective, "sense": sense,
                      "relaxed": relaxed.getInfo().objective_function_value,
                      "rows": [names[i] for i in ruled]}))
    """

    @Test("allocate with share rules: the exported model's optimum by HiGHS is allocate's objective to 1e-7")
    func shareRulesAgainstHiGHS() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let county = folder.appendingPathComponent("daixian")
        try FileManager.default.copyItem(at: Self.daixian, to: county)
        // The funds cut to a fifth (so that money is scarce: at the sample's amounts every liftable
        // person is lifted and no rule can cost anything) and two rules: at least 80 % of the
        // central fund to asset-income projects (PV), at least 90 % of the county fund to industry.
        let funds = try String(contentsOf: county.appendingPathComponent("funds.csv"), encoding: .utf8)
        var lines = funds.split(separator: "\n").map(String.init)
        lines[0] += ",share_category,min_share"
        for k in 1..<lines.count {
            var fields = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[3] = String(try #require(Int(fields[3])) / 5)
            lines[k] = fields.joined(separator: ",")
            if lines[k].hasPrefix("F01,") { lines[k] += ",asset_income,0.8" }
            else if lines[k].hasPrefix("F03,") { lines[k] += ",industry,0.9" }
            else { lines[k] += ",," }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: county.appendingPathComponent("funds.csv"), atomically: true, encoding: .utf8)
        let mps = folder.appendingPathComponent("allocate.mps")
        let run = try runTuopin(["allocate", county.path, "--format", "json", "--export-mps", mps.path])
        try #require(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        let rules = try #require(json["share_rules"] as? [[String: Any]])
        #expect(rules.count == 2)
        for rule in rules {
            let share = try #require(rule["share"] as? Double), minimum = try #require(rule["min_share"] as? Double)
            #expect(share >= minimum - 1e-6, "\(rule)")
        }
        let objective = try #require(json["objective"] as? Double)

        let script = folder.appendingPathComponent("highs_share.py")
        try Self.highsScript.write(to: script, atomically: true, encoding: .utf8)
        let ruleRows = try Self.ruleRowPrefix(mps)
        let highs = try runPython([script.path, mps.path, ruleRows])
        try #require(highs.status == 0, "\(highs.stderr)")
        // HiGHS prints its banner before the output flag takes effect: the answer is the last line.
        let last = highs.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let answer = try #require((try? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any], "\(highs.stdout)")
        if let skip = answer["skip"] as? String { Issue.record("HiGHS unavailable: \(skip)"); return }
        #expect(answer["status"] as? String == "Optimal")
        let reference = try #require(answer["objective"] as? Double)
        // allocate's objective equals the exported model's optimum up to sign.
        #expect(abs(abs(objective) - abs(reference)) <= 1e-7 * max(1, abs(reference)), "allocate \(objective), HiGHS \(reference)")
        // The rules are rows of the model and they bind: without them HiGHS finds a strictly better optimum.
        #expect((answer["rows"] as? [String])?.count == 2, "\(answer)")
        let relaxed = try #require(answer["relaxed"] as? Double)
        #expect(abs(relaxed) > abs(reference) * (1 + 1e-6), "the share rules do not change the optimum: \(relaxed) vs \(reference)")
    }

    /// The common prefix of the share rules' row names in the exported model (ROWS section).
    static func ruleRowPrefix(_ mps: URL) throws -> String {
        let text = try String(contentsOf: mps, encoding: .utf8)
        var inRows = false
        var names: [String] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("ROWS") { inRows = true; continue }
            if inRows && !line.hasPrefix(" ") { break }
            if inRows, let name = line.split(separator: " ").last { names.append(String(name)) }
        }
        let share = names.filter { $0.lowercased().contains("share") }
        try #require(!share.isEmpty, "no share-rule row in the exported model; rows: \(names.prefix(20))")
        return share.joined(separator: ",")
    }
}
