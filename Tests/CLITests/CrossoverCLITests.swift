import Foundation
import Testing

/// `tuopin lp --crossover`, `--write-basis` and the basis checked by HiGHS (highspy).
@Suite("tuopin lp crossover")
struct CrossoverCLITests {
    /// HiGHS reads the model, takes our basis file (MPS basis format, parsed here into a HighsBasis)
    /// and solves: it must need (almost) no simplex iterations and reach the same objective.
    static let highsScript = """
    import sys, json
    try:
        import highspy
    except Exception as e:
        print(json.dumps({"skip": "highspy cannot be imported: %s" % e})); sys.exit(0)
    model_path, basis_path = sys.argv[1], sys.argv[2]
    h = highspy.Highs(); h.setOptionValue("output_flag", False)
    h.readModel(model_path)
    lp = h.getLp()
    cols = {n: j for j, n in enumerate(lp.col_names_)}
    rows = {n: i for i, n in enumerate(lp.row_names_)}
    S = highspy.HighsBasisStatus
    b = h.getBasis()
    col_status = [S.kLower] * lp.num_col_
    row_status = [S.kBasic] * lp.num_row_
    for line in open(basis_path):
        f = line.split()
        if not f or f[0] in ("NAME", "ENDATA"): continue
        if f[0] in ("XU", "XL"):
            col_status[cols[f[1]]] = S.kBasic
            row_status[rows[f[2]]] = S.kUpper if f[0] == "XU" else S.kLower
        elif f[0] == "UL": col_status[cols[f[1]]] = S.kUpper
        elif f[0] == "LL":
            j = cols[f[1]]
            col_status[j] = S.kLower if lp.col_lower_[j] > -highspy.kHighsInf else S.kZero
    b.col_status = col_status; b.row_status = row_status
    b.valid = True
    h.setBasis(b)
    h.setOptionValue("presolve", "off")
    h.run()
    info = h.getInfo()
    print(json.dumps({"status": h.modelStatusToString(h.getModelStatus()),
                      "objective": info.objective_function_value,
                      "iterations": info.simplex_iteration_count}))
    """

    static func modelPath(_ name: String) throws -> String {
        try referenceFolder("netlib").appendingPathComponent("\(name).mps").path
    }

    @Test("HiGHS from our basis file: no pivots, same objective", arguments: ["afiro", "adlittle", "share2b", "25fv47"])
    func highsAcceptsBasis(name: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Self.modelPath(name)
        let basisPath = folder.appendingPathComponent("\(name).bas").path
        let run = try runTuopin(["lp", model, "--format", "json", "--write-basis", basisPath])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        let crossover = try #require(json["crossover"] as? [String: Any])
        #expect(crossover["status"] as? String == "optimal")
        let basis = try #require(json["basis"] as? [String: Any])
        let columns = try #require(basis["columns"] as? [String]), rows = try #require(basis["rows"] as? [String])
        let modelInfo = try #require(json["model"] as? [String: Any])
        #expect(columns.count == modelInfo["columns"] as? Int && rows.count == modelInfo["rows"] as? Int)
        #expect((columns + rows).filter { $0 == "basic" }.count == rows.count)
        let script = folder.appendingPathComponent("highs_basis.py")
        try Self.highsScript.write(to: script, atomically: true, encoding: .utf8)
        let highs = try runPython([script.path, model, basisPath])
        #expect(highs.status == 0, "\(highs.stderr)")
        // highspy prints its banner first: the answer is the last line.
        let last = highs.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let answer = try #require((try? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any], "\(highs.stdout) \(highs.stderr)")
        if let reason = answer["skip"] as? String {
            print("skipped HiGHS comparison: \(reason)")
            return
        }
        let ours = try #require(json["objective"] as? Double)
        let theirs = try #require(answer["objective"] as? Double)
        let iterations = try #require(answer["iterations"] as? Int)
        print("\(name): HiGHS from our basis: \(iterations) simplex iterations, objective \(theirs) vs ours \(ours)")
        #expect(answer["status"] as? String == "Optimal")
        #expect(iterations <= 2, "HiGHS needed \(iterations) iterations from our basis")
        #expect(abs(theirs - ours) <= 1e-9 * max(1, abs(ours)))
    }

    /// `--crossover off`: the output keys and text of the interior point only, as before the crossover.
    @Test func crossoverOffKeepsTheOldOutput() throws {
        let model = try Self.modelPath("afiro")
        let off = try runTuopin(["lp", model, "--format", "json", "--crossover", "off"])
        #expect(off.status == 0, "\(off.stderr)")
        // The keys in order, exactly as the CLI contract listed them before the crossover.
        let keys = off.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(keys.map(String.init) == ["status", "objective", "iterations", "solve_seconds", "primal", "dual", "reduced_costs",
                                          "primal_infeasibility", "dual_infeasibility", "gap", "bound", "nodes", "model"])
        let text = try runTuopin(["lp", model, "--crossover", "off", "--lang", "en"])
        #expect(!text.stdout.contains("crossover"))
        let on = try runTuopin(["lp", model, "--lang", "en"])
        #expect(on.stdout.contains("crossover              optimal"), "\(on.stdout)")
        let refused = try runTuopin(["lp", model, "--crossover", "off", "--write-basis", "/tmp/never.bas"])
        #expect(refused.status == 2 && refused.stderr.contains("--write-basis needs the crossover"), "\(refused.stderr)")
    }
}
