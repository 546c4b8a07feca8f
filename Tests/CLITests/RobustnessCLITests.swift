import Foundation
import Testing

/// True when `text` shows a non-finite number as a word: nan, inf, infinity (any case, any sign).
/// Words that merely start with "inf" (infeasible) do not count.
func showsNonFinite(_ text: String) -> Bool {
    text.range(of: #"(?i)(?<![A-Za-z])[-+]?(nan|inf|infinity)(?![A-Za-z])"#, options: .regularExpression) != nil
}

/// Every number in a parsed JSON value, wherever it is nested.
func jsonNumbers(_ value: Any) -> [Double] {
    switch value {
    case let n as NSNumber: return [n.doubleValue]
    case let a as [Any]: return a.flatMap(jsonNumbers)
    case let d as [String: Any]: return d.values.flatMap(jsonNumbers)
    default: return []
    }
}

@Suite("robustness: kill-safe output, determinism, no NaN in any table")
struct RobustnessCLITests {
    /// A `simulate --output` killed part-way leaves the destination as it was: a file that did not
    /// exist is not created, an old result is not truncated, and no temporary file is left behind.
    @Test func killedSimulateLeavesNoPartialOutput() throws {
        let folder = try temporaryFolder()
        let fresh = folder.appendingPathComponent("fresh.json"), old = folder.appendingPathComponent("old.json")
        let previous = Data("{\"previous\": \"result\"}\n".utf8)
        try previous.write(to: old)
        let scenario = daiScenarios.appendingPathComponent("baseline.toml").path
        // Far more draws than can finish before the kill (a few hundred draws per second at best).
        let arguments = ["simulate", daiFolder.path, "--scenario", scenario, "--draws", "200000", "--threads", "2", "--format", "json"]
        var processes: [Process] = []
        for path in [fresh, old] {
            let process = Process()
            process.executableURL = try tuopinBinary()
            process.arguments = arguments + ["--output", path.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        Thread.sleep(forTimeInterval: 1.5)
        for process in processes {
            #expect(process.isRunning, "still simulating when killed")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["old.json"])
        #expect(try Data(contentsOf: old) == previous)
    }

    /// The same seed gives the same plan, byte for byte, with one or two threads and run after run.
    @Test func planJSONIsTheSameWhateverTheThreadsAndRun() throws {
        let base = ["plan", daiFolder.path, "--draws", "6", "--seed", "5", "--format", "json"]
        let one = try runTuopin(base + ["--threads", "1"])
        let two = try runTuopin(base + ["--threads", "2"])
        let again = try runTuopin(base + ["--threads", "2"])
        for run in [one, two, again] { #expect(run.status == 0, "\(run.stderr)") }
        #expect(!one.stdout.isEmpty && one.json?["rows"] != nil)
        #expect(one.stdout == two.stdout)
        #expect(two.stdout == again.stdout)
    }

    /// simulate run twice with two threads gives the same bytes (threads 1 vs 2: SimulateCLITests);
    /// another seed gives other bytes, so the equality is not vacuous.
    @Test func simulateJSONIsTheSameRunAfterRun() throws {
        let scenario = daiScenarios.appendingPathComponent("bad-harvest.toml").path
        let base = ["simulate", daiFolder.path, "--scenario", scenario, "--draws", "10", "--threads", "2", "--format", "json"]
        let first = try runTuopin(base + ["--seed", "3"]), second = try runTuopin(base + ["--seed", "3"])
        let other = try runTuopin(base + ["--seed", "4"])
        #expect(first.status == 0 && second.status == 0 && other.status == 0)
        #expect(!first.stdout.isEmpty && first.stdout == second.stdout)
        #expect(other.stdout != first.stdout)
    }

    /// An infeasible LP (x ≤ 1 by its bound, x ≥ 2 by its row) and an unbounded one (minimise −x with
    /// x − y ≤ 1): exit 3, the status in the JSON, every number finite, no nan/inf in text either.
    @Test(arguments: [
        ("infeasible", "NAME NOFIT\nROWS\n N obj\n G c1\nCOLUMNS\n x obj 1 c1 1\nRHS\n rhs c1 2\nBOUNDS\n UP bnd x 1\nENDATA\n"),
        ("unbounded", "NAME NOEND\nROWS\n N obj\n L c1\nCOLUMNS\n x obj -1 c1 1\n y c1 -1\nRHS\n rhs c1 1\nENDATA\n"),
    ])
    func lpWithoutOptimumHasNoNaN(expected: String, mps: String) throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("\(expected).mps")
        try mps.write(to: file, atomically: true, encoding: .utf8)
        let json = try runTuopin(["lp", file.path, "--format", "json"])
        #expect(json.status == 3, "\(json.stderr)")
        #expect(json.stderr.contains("the model is \(expected)"), "\(json.stderr)")
        let parsed = try #require(json.json, "valid JSON: \(json.stdout)")
        #expect(parsed["status"] as? String == expected)
        let numbers = jsonNumbers(parsed)
        #expect(!numbers.isEmpty && numbers.filter { !$0.isFinite }.isEmpty)
        #expect(!showsNonFinite(json.stdout))
        for format in ["text", "csv"] {
            let run = try runTuopin(["lp", file.path, "--format", format])
            #expect(run.status == 3)
            #expect(!run.stdout.isEmpty && !showsNonFinite(run.stdout), "\(format): \(run.stdout)")
        }
    }
}
