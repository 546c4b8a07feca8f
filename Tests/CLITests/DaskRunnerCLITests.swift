import Foundation
import Testing

/// What the Dask runner needs: Python's `dask[distributed]` (`scripts/test` installs it with pip
/// when it can). The reason is given when it is missing.
enum DaskRunner {
    static let missing: String? = {
        let probe = try? runPython(["-c", "import dask.distributed"])
        return probe?.status == 0 ? nil : "Python's dask[distributed] is not installed (scripts/test installs it with pip when it can)"
    }()
    static var script: String { repositoryRoot.appendingPathComponent("scripts/run-shards").path }
}

/// `scripts/run-shards` on a LocalCluster of two worker processes: the shards of `tuopin plan` on a
/// province go through Dask, one worker is killed in the middle of its shard, and the merged bytes are the
/// single process's.
@Suite("Shards on Dask", .enabled(if: DaskRunner.missing == nil, "\(DaskRunner.missing ?? "")"))
struct DaskRunnerCLITests {
    @Test("plan of a generated province of three counties in 2 county × 3 draw shards on two Dask workers, one killed, gives the single run's bytes")
    func planThroughDask() throws {
        let province = try ProvinceCLITests.makeProvince()
        defer { try? FileManager.default.removeItem(at: province) }
        let command = ["plan", province.path, "--draws", "36", "--seed", "8", "--format", "json"]
        let alone = try runTuopin(command)
        try #require(alone.status == 0, "\(alone.stderr)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The first attempt of shard 2 kills its worker process; Dask must run it again.
        let marker = folder.appendingPathComponent("kill-shard").path
        try Data("2".utf8).write(to: URL(fileURLWithPath: marker))
        let parts = folder.appendingPathComponent("parts").path
        let run = try runPython(
            [DaskRunner.script, "--shards", "3", "--county-shards", "2", "--workers", "2", "--parts", parts, "--tuopin", try tuopinBinary().path, "--"] + command,
            environment: ["TUOPIN_RUNNER_KILL_MARKER": marker])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker), "no worker was killed")
        #expect(run.stdout == alone.stdout)
        let written = try FileManager.default.contentsOfDirectory(atPath: parts).sorted()
        #expect(written == ["part-c1-1.json", "part-c1-2.json", "part-c1-3.json", "part-c2-1.json", "part-c2-2.json", "part-c2-3.json"])
    }
}
