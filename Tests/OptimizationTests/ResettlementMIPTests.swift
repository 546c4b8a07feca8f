import Foundation
import Testing
@testable import Optimization

/// The generated resettlement-shaped MIPs of `benchmarks/models/resettlement` (30 natural villages ×
/// 4 sites, written by `benchmarks/peers/resettlement_mip.py --generate`) solved by branch and bound,
/// against HiGHS (highspy) on the same file: the same proven optimum to 1e-7 relative, and our
/// incumbent feasible in the model's rows and integral.
@Suite("Resettlement-shaped MIPs against HiGHS")
struct ResettlementMIPTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("benchmarks/models/resettlement")

    /// HiGHS's status and optimum of the MPS file; nil with the reason when highspy cannot be imported.
    static func highs(_ path: String) throws -> (status: String, objective: Double)? {
        let script = """
        import sys, json
        try:
            import highspy
        except Exception as e:
            print(json.dumps({"skip": str(e)})); sys.exit(0)
        h = highspy.Highs(); h.setOptionValue("output_flag", False); h.setOptionValue("threads", 1)
        h.readModel(sys.argv[1]); h.run()
        print(json.dumps({"status": h.modelStatusToString(h.getModelStatus()), "objective": h.getInfo().objective_function_value}))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // HiGHS prints its banner on standard output before the answer: read the last line.
        let last = try #require(String(decoding: data, as: UTF8.self).split(separator: "\n").last)
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        if let reason = answer["skip"] as? String {
            print("skipped: highspy cannot be imported (\(reason))")
            return nil
        }
        return (try #require(answer["status"] as? String), try #require(answer["objective"] as? Double))
    }

    @Test("proven optimum equals HiGHS's, incumbent feasible and integral", arguments: ["r30x4-s1", "r30x4-s2", "r30x4-s3"])
    func againstHiGHS(name: String) throws {
        let path = Self.directory.appendingPathComponent(name + ".mps").path
        let model = try MPSReader.read(path: path)
        var options = SolverOptions()
        options.timeLimit = 120
        let solution = LPSolver.solve(model, options: options)
        guard let reference = try Self.highs(path) else { return }
        #expect(reference.status == "Optimal")
        try #require(solution.status == .optimal, "status \(solution.status) after \(solution.nodes) nodes")
        #expect(abs(solution.objective - reference.objective) <= 1e-7 * max(1, abs(reference.objective)),
                "objective \(solution.objective) against HiGHS \(reference.objective)")
        #expect(solution.primalInfeasibility <= 1e-6)
        for (j, variable) in model.variables.enumerated() where variable.isInteger {
            #expect(solution.primal[j] == solution.primal[j].rounded(), "column \(j) = \(solution.primal[j])")
        }
    }
}
