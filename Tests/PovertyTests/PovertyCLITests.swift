import Foundation
import Testing

/// End-to-end checks of `tuopin poverty`, running the built binary (`swift build --build-tests`
/// builds it next to the test bundle; `.build/debug/tuopin` is the fallback).
@Suite("tuopin poverty (end to end)")
struct PovertyCLITests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func binary() throws -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tuopin")
        for candidate in [beside, repositoryRoot.appendingPathComponent(".build/debug/tuopin")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        struct BinaryMissing: Error, CustomStringConvertible {
            var description: String { "the tuopin binary was not found beside the tests or in .build/debug; run `swift build --build-tests` first" }
        }
        throw BinaryMissing()
    }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Writes `text` to a fresh temporary CSV file and returns its path.
    static func file(_ text: String, name: String = "data.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-poverty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func jsonMatchesTheReferenceCaseWithHouseholdsCountedByPersons() throws {
        // Case B of cases.json (100, 110, 150, 160 at line 125) as four rows of survey weight 3:
        // constant weights leave every relative measure as published.
        let reference = try #require(try loadReferenceCases().first { $0.name == "B" })
        let csv = "id,income,w\n" + reference.incomes.enumerated().map { "\($0.offset + 1),\(Int($0.element)),3" }.joined(separator: "\n") + "\n"
        let run = try Self.run(["poverty", try Self.file(csv), "--income", "income", "--line", "125", "--weight", "w", "--format", "json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for (key, value) in reference.expected {
            guard case .number(let expected) = value else { continue }
            expectClose(json[key] as? Double, expected, reference.tolerance, "JSON \(key)")
        }
        for key in ["headcount", "poverty_gap", "squared_poverty_gap", "watts", "sen", "sst", "gini", "theil", "mld", "atkinson"] {
            #expect(json[key] != nil, "JSON key \(key) is missing")
        }
        let atkinson = try #require(json["atkinson"] as? [String: Any])
        #expect(Set(atkinson.keys) == ["0.5", "1", "2"])
        #expect(json["persons"] as? Double == 12 && json["poor_persons"] as? Double == 6)
        // Aggregate gap: 3 persons each short of 25 and 15 yuan.
        expectClose(json["aggregate_gap"] as? Double, 3 * (25 + 15), 1e-9, "aggregate_gap")
    }

    @Test func breakdownsBySubgroupAndSourceAddUp() throws {
        let csv = """
            township,size,income,planting,migrant
            胡峪乡,3,900,500,400
            胡峪乡,2,2500,1000,1500
            峨口镇,4,1500,1500,0
            峨口镇,1,6000,1000,5000
            峨口镇,2,3000,800,2200

            """
        let run = try Self.run(["poverty", try Self.file(csv), "--income", "income", "--line", "2000", "--size", "size",
                                "--by", "township", "--sources", "planting,migrant", "--format", "json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let groups = try #require(json["by"] as? [[String: Any]])
        #expect(groups.compactMap { $0["group"] as? String }.sorted() == ["峨口镇", "胡峪乡"])
        let total = try #require(json["headcount"] as? Double)
        // 3 + 4 poor persons of 12.
        expectClose(total, 7.0 / 12, 1e-15, "headcount by persons")
        expectClose(groups.compactMap { $0["headcount_contribution"] as? Double }.reduce(0, +), total, 1e-15, "Σ contributions")
        let sources = try #require(json["sources"] as? [[String: Any]])
        #expect(sources.compactMap { $0["source"] as? String } == ["planting", "migrant"])
        expectClose(sources.compactMap { $0["contribution"] as? Double }.reduce(0, +), try #require(json["gini"] as? Double), 1e-12,
                    "Σ source contributions = Gini")
        #expect(run.stderr.isEmpty, "the sources add up, so no residual note: \(run.stderr)")
    }

    @Test func textTableInChineseAndEnglish() throws {
        let path = try Self.file("income\n100\n110\n150\n160\n")
        let zh = try Self.run(["poverty", path, "--income", "income", "--line", "125", "--lang", "zh"])
        #expect(zh.status == 0)
        #expect(zh.stdout.contains("贫困发生率") && zh.stdout.contains("0.5000") && zh.stdout.contains("基尼系数"))
        let en = try Self.run(["poverty", path, "--income", "income", "--line", "125"])
        #expect(en.stdout.contains("Headcount ratio (FGT0)") && en.stdout.contains("0.0800"))
        let csv = try Self.run(["poverty", path, "--income", "income", "--line", "125", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("table,row,column,value\n") && csv.stdout.contains("overall,headcount,value,0.5\n"))
    }

    @Test func badInputNamesFileLineAndColumnAndExitsOne() throws {
        let nonNumeric = try Self.file("id,income\n1,100\n2,abc\n")
        let run = try Self.run(["poverty", nonNumeric, "--income", "income", "--line", "125"])
        #expect(run.status == 1 && run.stderr.contains("\(nonNumeric):3:2:"), "stderr: \(run.stderr)")
        let missingColumn = try Self.run(["poverty", nonNumeric, "--income", "earnings", "--line", "125"])
        #expect(missingColumn.status == 1 && missingColumn.stderr.contains("earnings"))
        let empty = try Self.file("")
        let emptyRun = try Self.run(["poverty", empty, "--income", "income", "--line", "125"])
        #expect(emptyRun.status == 1 && emptyRun.stderr.contains(empty))
        let badSize = try Self.file("income,size\n100,2\n200,1.5\n")
        let sizeRun = try Self.run(["poverty", badSize, "--income", "income", "--size", "size", "--line", "125"])
        #expect(sizeRun.status == 1 && sizeRun.stderr.contains(":3:2:"), "stderr: \(sizeRun.stderr)")
        let usage = try Self.run(["poverty", nonNumeric, "--income", "income", "--line", "0"])
        #expect(usage.status == 2)
    }

    @Test func zeroIncomeGivesNullLogMeasuresAndALocatedNote() throws {
        let path = try Self.file("income\n500\n0\n3000\n")
        let run = try Self.run(["poverty", path, "--income", "income", "--line", "1000", "--format", "json"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["watts"] is NSNull && json["mld"] is NSNull)
        #expect(json["theil"] as? Double != nil && json["headcount"] as? Double != nil)
        #expect(run.stderr.contains("\(path):3:1: watts not reported"), "stderr: \(run.stderr)")
        #expect(!run.stdout.contains("nan") && !run.stdout.contains("inf"))
        // The text table shows the undefined measures as "—", never nan or inf.
        let text = try Self.run(["poverty", path, "--income", "income", "--line", "1000"])
        #expect(text.status == 0 && text.stdout.contains("—"))
        #expect(text.stdout.range(of: #"(?i)(?<![A-Za-z])[-+]?(nan|inf|infinity)(?![A-Za-z])"#, options: .regularExpression) == nil, "\(text.stdout)")
    }

    /// The example of docs/poverty.md on the committed sample runs cleanly, its breakdowns add up,
    /// and the design options change the standard errors but not the estimates.
    @Test func documentedExampleOnTheSampleFile() throws {
        let sample = repositoryRoot.appendingPathComponent("notebooks-data/samples/poverty_households.csv").path
        let common = ["poverty", sample, "--income", "income_per_capita", "--line", "2952", "--weight", "weight", "--size", "size"]
        let run = try Self.run(common + ["--by", "tier", "--sources", "planting,migrant_work,breeding,transfers", "--format", "json"])
        #expect(run.status == 0 && run.stderr.isEmpty, "stderr: \(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let groups = try #require(json["by"] as? [[String: Any]])
        #expect(groups.count == 3)
        expectClose(groups.compactMap { $0["poverty_gap_contribution"] as? Double }.reduce(0, +),
                    try #require(json["poverty_gap"] as? Double), 1e-12, "Σ group contributions to FGT1")
        let sources = try #require(json["sources"] as? [[String: Any]])
        #expect(sources.count == 4, "the sample's sources add up to its income: no residual source")
        expectClose(sources.compactMap { $0["contribution"] as? Double }.reduce(0, +), try #require(json["gini"] as? Double),
                    1e-12, "Σ source contributions")
        let split = try #require((json["between_within"] as? [String: Any])?["theil"] as? [String: Double])
        expectClose((split["within"] ?? 0) + (split["between"] ?? 0), try #require(json["theil"] as? Double), 1e-12, "Theil split")

        let designed = try Self.run(common + ["--strata", "tier", "--psu", "township", "--format", "json"])
        #expect(designed.status == 0, "stderr: \(designed.stderr)")
        let other = try #require(try JSONSerialization.jsonObject(with: Data(designed.stdout.utf8)) as? [String: Any])
        #expect(other["headcount"] as? Double == json["headcount"] as? Double)
        let se = try #require(other["std_errors"] as? [String: Double]), plain = try #require(json["std_errors"] as? [String: Double])
        #expect(se["headcount"] != nil && se["headcount"] != plain["headcount"])
    }
}
