import Foundation
import Testing

/// A generated province of three counties: `tuopin plan PROVINCE` against each county's own plan
/// (the same seed), and its shards merged against the single run's bytes.
@Suite("Province plan (CLI)")
struct ProvinceCLITests {
    /// Three generated counties of 1,200 households and a province.toml naming them.
    static func makeProvince() throws -> URL {
        let folder = try temporaryFolder()
        for (k, name) in ["north", "middle", "south"].enumerated() {
            let made = try runTuopin(["generate", folder.appendingPathComponent(name).path, "--households", "1200", "--seed", "\(31 + k)"])
            guard made.status == 0 else { throw CLITestError("generate failed: \(made.stderr)") }
        }
        let toml = "name = \"测试省\"\ncounties = [\"north\", \"middle\", \"south\"]\n[targets]\ncounties_exit = 2\n"
        try Data(toml.utf8).write(to: folder.appendingPathComponent("province.toml"))
        return folder
    }

    private static func rows(_ json: [String: Any]) throws -> [String: [Double?]] {
        var out: [String: [Double?]] = [:]
        for row in try #require(json["rows"] as? [[String: Any]]) {
            let key = try #require(row["key"] as? String)
            out[key] = try #require(row["values"] as? [Any]).map { ($0 as? NSNumber)?.doubleValue }
        }
        return out
    }

    @Test("the province's figures are the counties' plans summed draw by draw; shards merge to the same bytes")
    func provinceAgainstItsCounties() throws {
        let province = try Self.makeProvince()
        defer { try? FileManager.default.removeItem(at: province) }
        let command = ["plan", province.path, "--draws", "40", "--seed", "6", "--format", "json"]
        let run = try runTuopin(command)
        try #require(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        let counties = try #require(json["counties"] as? [[String: Any]])
        let scenarios = try #require(json["scenarios"] as? [[String: Any]])
        #expect(counties.count == 3)
        #expect(scenarios.map { $0["name"] as? String } == ["baseline", "optimised"])
        // Each county alone, with the seed the province gave it: its poor persons per scenario.
        var sums = [0.0, 0.0]
        var seeds = Set<String>()
        for county in counties {
            let folder = try #require(county["folder"] as? String), seed = try #require(county["seed"] as? String)
            seeds.insert(seed)
            let alone = try runTuopin(["plan", folder, "--draws", "40", "--seed", seed, "--format", "json"])
            try #require(alone.status == 0, "\(alone.stderr)")
            let aloneJSON = try #require(alone.json)
            let poor = try #require(try Self.rows(aloneJSON)["poor_persons"])
            for k in 0..<2 { sums[k] += try #require(poor[k]) }
        }
        #expect(seeds.count == 3, "counties must not share random numbers")
        // The mean of the per-draw sums is the sum of the counties' means.
        for k in 0..<2 {
            let mean = try #require((scenarios[k]["poor_persons"] as? [String: Any])?["mean"] as? Double)
            #expect(abs(mean - sums[k]) <= 1e-9 * sums[k], "scenario \(k): \(mean) against \(sums[k])")
        }
        // Counties exiting: its mean is the sum of the counties' exit probabilities (linearity, from the
        // by-county rows), and P(every county exits) is at most the smallest of them.
        let byCounty = try #require(json["by_county"] as? [[String: Any]])
        for scenario in scenarios {
            let name = try #require(scenario["name"] as? String)
            let probabilities = try byCounty.filter { $0["scenario"] as? String == name }
                .map { try #require(($0["county_exit_probability"] as? NSNumber)?.doubleValue) }
            #expect(probabilities.count == 3)
            let mean = try #require((scenario["counties_exiting"] as? [String: Any])?["mean"] as? Double)
            #expect(abs(mean - probabilities.reduce(0, +)) <= 1e-12)
            let every = try #require((scenario["every_county_exit_probability"] as? NSNumber)?.doubleValue)
            #expect(every <= (probabilities.min() ?? 0) + 1e-15)
        }
        // Shards of the province merge to the single run's bytes.
        var parts: [String] = []
        for k in 1...2 {
            let part = province.appendingPathComponent("part-\(k).json").path
            let shard = try runTuopin(command + ["--shard", "\(k)/2", "--partial-output", part])
            try #require(shard.status == 0, "\(shard.stderr)")
            parts.append(part)
        }
        let merged = try runTuopin(["merge"] + parts)
        try #require(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == run.stdout)
        // Shards of counties × draws: counties 1 and 3 in one job, county 2 in another, each in two
        // draw shards; they merge to the same bytes, and without county 2 they do not merge.
        var grid: [String] = []
        for (counties, draws) in [("1/2", "1/2"), ("1/2", "2/2"), ("2/2", "1/2"), ("2/2", "2/2")] {
            let part = province.appendingPathComponent("grid-\(grid.count).json").path
            let shard = try runTuopin(command + ["--county-shard", counties, "--shard", draws, "--partial-output", part])
            try #require(shard.status == 0, "\(shard.stderr)")
            grid.append(part)
        }
        let fromGrid = try runTuopin(["merge"] + grid.reversed())
        try #require(fromGrid.status == 0, "\(fromGrid.stderr)")
        #expect(fromGrid.stdout == run.stdout)
        let withoutMiddle = try runTuopin(["merge", grid[0], grid[1]])
        #expect(withoutMiddle.status == 1 && withoutMiddle.stderr.contains("county 2 of province.toml"), "\(withoutMiddle.stderr)")
    }

    @Test("a province.toml naming a missing county or an unknown key is bad input at its line")
    func badProvinceFile() throws {
        let province = try Self.makeProvince()
        defer { try? FileManager.default.removeItem(at: province) }
        try Data("name = \"测试省\"\ncounties = [\"north\", \"nowhere\"]\ncounty_exit = 1\n".utf8)
            .write(to: province.appendingPathComponent("province.toml"))
        let run = try runTuopin(["plan", province.path, "--draws", "8"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("province.toml:2:"), "\(run.stderr)")
        #expect(run.stderr.contains("nowhere"), "\(run.stderr)")
        #expect(run.stderr.contains("province.toml:3:") && run.stderr.contains("county_exit"), "\(run.stderr)")
    }
}
