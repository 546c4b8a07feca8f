import Foundation
import Testing

/// Outputs that would destroy what the command reads are refused; outputs that are not regular
/// files are written through; a failed write to standard output is reported.
@Suite("outputs never replace the command's inputs")
struct OwnInputsCLITests {
    /// A copy of the Dai folder to overwrite in vain.
    private func daiCopy() throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("daixian")
        try FileManager.default.copyItem(at: daiFolder, to: folder)
        return folder
    }

    @Test func anOutputOverAnInputIsRefusedAndNothingIsTouched() throws {
        let county = try daiCopy()
        let households = county.appendingPathComponent("households.csv"), scenario = county.appendingPathComponent("scenarios/baseline.toml")
        let before = try Data(contentsOf: households), scenarioBefore = try Data(contentsOf: scenario)
        try FileManager.default.createSymbolicLink(at: county.appendingPathComponent("link.csv"), withDestinationURL: households)
        let attempts: [[String]] = [
            ["describe", county.path, "--format", "csv", "--output", households.path],
            ["describe", county.path, "--output", county.appendingPathComponent("link.csv").path],
            ["describe", county.path, "--output", county.path + "/../daixian/households.csv"],
            ["describe", county.path, "--output", county.appendingPathComponent("funds.csv").path],
            ["resettle", county.path, "--export-mps", county.appendingPathComponent("sites.csv").path],
            ["simulate", county.path, "--scenario", scenario.path, "--draws", "8", "--output", scenario.path],
            ["regress", households.path, "--formula", "income ~ size", "--output", households.path],
        ]
        for arguments in attempts {
            let run = try runTuopin(arguments)
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("is one of this command's own inputs"), "\(arguments): \(run.stderr)")
        }
        let after = try Data(contentsOf: households), scenarioAfter = try Data(contentsOf: scenario)
        #expect(after == before && scenarioAfter == scenarioBefore)
        // An LP's solution written over its model.
        let mps = county.appendingPathComponent("model.mps")
        #expect(try runTuopin(["resettle", county.path, "--export-mps", mps.path]).status == 0)
        let model = try Data(contentsOf: mps)
        let lp = try runTuopin(["lp", mps.path, "--write-solution", mps.path])
        let modelAfter = try Data(contentsOf: mps)
        #expect(lp.status == 1 && modelAfter == model, "\(lp.stderr)")
        // A report beside the data is fine.
        let report = county.appendingPathComponent("profile.txt")
        #expect(try runTuopin(["describe", county.path, "--output", report.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: report.path))
    }

    /// `/dev/full` is written through (not replaced by a rename) and its error reported; a FIFO
    /// stays a FIFO and receives the same bytes as standard output.
    @Test func nonRegularOutputsAreWrittenThrough() throws {
        let folder = try temporaryFolder()
        let full = try runTuopin(["describe", daiFolder.path, "--output", "/dev/full"])
        #expect(full.status == 1 && full.stderr.contains("/dev/full"), "\(full.stderr)")
        var information = stat()
        #expect(stat("/dev/full", &information) == 0 && (information.st_mode & S_IFMT) == S_IFCHR)

        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo.path]
        let received = Pipe()
        reader.standardOutput = received
        try reader.run()
        let run = try runTuopin(["describe", daiFolder.path, "--format", "json", "--output", fifo.path])
        let bytes = received.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        #expect(run.status == 0, "\(run.stderr)")
        let direct = try runTuopin(["describe", daiFolder.path, "--format", "json"])
        #expect(String(decoding: bytes, as: UTF8.self) == direct.stdout)
        #expect(stat(fifo.path, &information) == 0 && (information.st_mode & S_IFMT) == S_IFIFO)
    }

    /// Standard output on a full device: the error is reported, exit 1 (no trap).
    @Test func aFailedWriteToStandardOutputIsReported() throws {
        let process = Process()
        process.executableURL = try tuopinBinary()
        process.arguments = ["describe", daiFolder.path]
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }
        process.standardOutput = full
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1 && message.contains("cannot write to standard output"), "\(process.terminationStatus) \(message)")
    }
}
