import Foundation
import Testing

/// `--shard K/N --partial-output` and `tuopin merge`: the merged output against the single run's
/// bytes (the second method is the whole run itself).
@Suite("Shards and merge (CLI)")
struct ShardMergeCLITests {
    static let daixian = repositoryRoot.appendingPathComponent("notebooks-data/daixian").path

    @Test("compare in three shards merges to the single run's bytes; simulate in two draw ranges likewise")
    func mergedBytesEqualTheSingleRun() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenarios = [Self.daixian + "/scenarios/baseline.toml", Self.daixian + "/scenarios/optimised.toml"]
        // The same command line in every shard (threads included): the merge reruns it.
        let command = ["compare", Self.daixian] + scenarios + ["--draws", "30", "--seed", "17", "--format", "json", "--threads", "2"]
        let whole = try runTuopin(command)
        var parts: [String] = []
        for k in 1...3 {
            let part = folder.appendingPathComponent("part-\(k).json").path
            let shard = try runTuopin(command + ["--shard", "\(k)/3", "--partial-output", part])
            try #require(shard.status == 0, "\(shard.stderr)")
            parts.append(part)
        }
        let merged = try runTuopin(["merge"] + parts.reversed())
        try #require(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == whole.stdout)

        let simulate = ["simulate", Self.daixian, "--scenario", Self.daixian + "/scenarios/bad-harvest.toml", "--draws", "26", "--seed", "5", "--format", "json"]
        let alone = try runTuopin(simulate)
        let low = folder.appendingPathComponent("low.json").path, high = folder.appendingPathComponent("high.json").path
        #expect(try runTuopin(simulate + ["--draws-range", "0..12", "--partial-output", low]).status == 0)
        #expect(try runTuopin(simulate + ["--draws-range", "12..26", "--partial-output", high]).status == 0)
        let joined = try runTuopin(["merge", low, high])
        #expect(joined.status == 0)
        #expect(joined.stdout == alone.stdout)
        // Parts that leave draws out, or come from another command line, do not merge.
        let missing = try runTuopin(["merge", low])
        #expect(missing.status == 1 && missing.stderr.contains("no part holds draws 12..26"), "\(missing.stderr)")
        let mixed = try runTuopin(["merge", low, parts[0]])
        #expect(mixed.status == 1 && mixed.stderr.contains("not of"), "\(mixed.stderr)")
    }

    @Test("malformed shards are usage errors")
    func badShardOptions() throws {
        let base = ["simulate", Self.daixian, "--scenario", Self.daixian + "/scenarios/baseline.toml", "--draws", "8"]
        for extra in [["--shard", "3/2", "--partial-output", "/tmp/x.json"], ["--shard", "1/2"],
                      ["--draws-range", "2..8", "--partial-output", "/tmp/x.json"], ["--draws-range", "0..9", "--partial-output", "/tmp/x.json"],
                      ["--shard", "1/3", "--partial-output", "/tmp/x.json"], ["--partial-output", "/tmp/x.json"]] {
            let run = try runTuopin(base + extra)
            #expect(run.status == 2, "\(extra): \(run.stderr)")
        }
    }
}
