import Foundation
import Planning
import Reports
import Simulation
@testable import Study
import Tabular
import Testing

/// The repository root, found from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let daixian = repositoryRoot.appendingPathComponent("notebooks-data/daixian").path

/// The rows of a CSV file without quoted fields (as the samples are), header first.
private func plainCSV(_ path: String) throws -> (header: [String], rows: [[String]]) {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
    let split = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    return (split.first ?? [], Array(split.dropFirst()))
}

/// A folder in the temporary directory with `scenarios/` holding the given files (name → text).
private func scenarioFolder(_ files: [String: String]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-study-\(UUID().uuidString)")
    let scenarios = folder.appendingPathComponent("scenarios")
    try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(to: scenarios.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    return folder.path
}

/// The Dai baseline scenario's text with another `name`.
private func baselineText(named name: String) throws -> String {
    let text = try String(contentsOfFile: daixian + "/scenarios/baseline.toml", encoding: .utf8)
    return text.replacingOccurrences(of: "name = \"baseline\"", with: "name = \"\(name)\"")
}

/// Collects progress reports from the simulating threads.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [StudyProgress] = []
    func add(_ report: StudyProgress) { lock.lock(); reports.append(report); lock.unlock() }
    var all: [StudyProgress] { lock.lock(); defer { lock.unlock() }; return reports }
}

@Suite("Study: the county study as a library")
struct CountyWorkspaceTests {
    static let settings = StudySettings(draws: 24, seed: 11, threads: 2)

    /// The profile's headline counts against a recount of households.csv and villages.csv made here:
    /// poor persons are registered persons whose exit year is empty or after the registry's year.
    @Test func profileCountsAreThoseOfTheFiles() throws {
        let workspace = try CountyWorkspace(folder: daixian)
        let year = workspace.registry.county.year
        let (header, rows) = try plainCSV(daixian + "/households.csv")
        let size = try #require(header.firstIndex(of: "size")), exit = try #require(header.firstIndex(of: "exit_year"))
        var poorPersons = 0, poorHouseholds = 0, registeredPersons = 0
        for row in rows {
            let persons = try #require(Int(row[size]))
            registeredPersons += persons
            if row[exit].isEmpty || (Int(row[exit]) ?? 0) > year { poorPersons += persons; poorHouseholds += 1 }
        }
        let profile = workspace.profile(language: .en).profile
        #expect(profile.households == rows.count)
        #expect(profile.registeredPersons == registeredPersons)
        #expect(profile.poorPersons == poorPersons)
        #expect(profile.poorHouseholds == poorHouseholds)
        #expect(profile.byTownship.reduce(0) { $0 + $1.poorPersons } == poorPersons)
        let villages = try plainCSV(daixian + "/villages.csv")
        #expect(profile.villages == villages.rows.count)
        // The JSON of the CLI contract carries the same integers.
        let json = workspace.profile(language: .en).rendered(as: .json)
        #expect(json.contains("\"poor_persons\": \(poorPersons),"))
        #expect(json.contains("\"households\": \(rows.count),"))
    }

    /// Two scenarios that differ only by name draw the same random numbers (common random numbers),
    /// so every figure of the comparison is the same in both columns; a third, harsher scenario differs.
    @Test func identicalScenariosGiveIdenticalColumns() throws {
        let harsh = try baselineText(named: "harsh").replacingOccurrences(of: "probability = 0.10\nloss = 0.30", with: "probability = 0.90\nloss = 0.60")
        let folder = try scenarioFolder(["baseline.toml": try baselineText(named: "baseline"), "again.toml": try baselineText(named: "again"),
                                         "harsh.toml": harsh])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = CountyWorkspace(folder: folder, registry: try CountyWorkspace(folder: daixian).registry)
        let paths = try workspace.scenarioPaths()
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["baseline.toml", "again.toml", "harsh.toml"])
        let run = try workspace.compare(scenarioPaths: paths, settings: Self.settings)
        #expect(run.comparison.scenarios.map(\.name) == ["baseline", "again", "harsh"])
        for row in run.comparison.table.rows {
            #expect(row.values[0] == row.values[1], "\(row.key)")
        }
        let poor = try #require(run.comparison.table.rows.first { $0.key == "poor_persons" })
        let baselinePoor = try #require(poor.values[0]?.value), harshPoor = try #require(poor.values[2]?.value)
        #expect(harshPoor > baselinePoor)
        #expect(run.warnings.isEmpty)
    }

    /// The comparison's poor persons are the mean of the draws' counts, and one scenario simulated
    /// alone gives the same result as its column in a comparison (the same seed, the same draws).
    @Test func simulateAloneEqualsItsColumnInTheComparison() throws {
        let workspace = try CountyWorkspace(folder: daixian)
        let baseline = daixian + "/scenarios/baseline.toml"
        let migrant = daixian + "/scenarios/migrant-stop.toml"
        let run = try workspace.compare(scenarioPaths: [baseline, migrant], settings: Self.settings)
        let alone = try workspace.simulate(try Scenario.load(path: migrant), scenarioPath: migrant, settings: Self.settings)
        let column = run.result.runs[1].result
        #expect(alone.report.result == column)
        let draws = column.perDraw.map { Double($0.poorPersons) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let poor = try #require(run.comparison.table.rows.first { $0.key == "poor_persons" }?.values[1]?.value)
        #expect(abs(poor - mean) <= 1e-9 * mean)
        // The subtitle's persons poor at the start are those of the profile.
        let start = workspace.profile(language: .en).profile.poorPersons
        let subtitle = try #require(run.comparison.subtitle?.en)
        let expected = NumberFormat(language: .en).value(Double(start), unit: .persons) + " poor at the start"
        #expect(subtitle.contains(expected), "\(subtitle)")
    }

    /// The thread count changes nothing (the random numbers are keyed by seed, household and draw).
    @Test func threadsDoNotChangeTheComparison() throws {
        let workspace = try CountyWorkspace(folder: daixian)
        let paths = [daixian + "/scenarios/baseline.toml", daixian + "/scenarios/optimised.toml"]
        var one = Self.settings
        one.threads = 1
        let a = try workspace.compare(scenarioPaths: paths, settings: one)
        let b = try workspace.compare(scenarioPaths: paths, settings: Self.settings)
        #expect(a.comparison == b.comparison)
        #expect(try a.comparison.rendered(as: .json, language: .zh) == b.comparison.rendered(as: .json, language: .zh))
    }

    /// Progress comes scenario by scenario, never goes back, and ends with every draw of the last one.
    @Test func progressReachesTheEndOfEveryScenario() throws {
        let workspace = try CountyWorkspace(folder: daixian)
        let paths = [daixian + "/scenarios/baseline.toml", daixian + "/scenarios/bad-harvest.toml"]
        let log = ProgressLog()
        _ = try workspace.compare(scenarioPaths: paths, settings: Self.settings, progress: { log.add($0) })
        let reports = log.all
        #expect(!reports.isEmpty)
        let fractions = reports.map(\.fraction)
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 })
        for k in 0..<2 {
            let last = try #require(reports.last { $0.scenarioIndex == k })
            #expect(last.completedDraws == Self.settings.draws && last.totalDraws == Self.settings.draws)
            #expect(last.scenarioCount == 2)
        }
        #expect(reports.last?.fraction == 1)
        #expect(reports.first { $0.scenarioIndex == 1 }?.scenario == "bad-harvest")
    }

    /// Scenario files: baseline first, then by name; two files with one name are refused, naming the second.
    @Test func scenarioFilesAreOrderedAndNamesMustDiffer() throws {
        let folder = try scenarioFolder(["a.toml": try baselineText(named: "a"), "baseline.toml": try baselineText(named: "baseline"),
                                         "z.toml": try baselineText(named: "a")])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let paths = try ScenarioFiles.paths(folder: folder, given: [])
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["baseline.toml", "a.toml", "z.toml"])
        #expect {
            try ScenarioFiles.load(paths)
        } throws: { error in
            (error as? InputError).map { $0.file.hasSuffix("z.toml") && $0.message.contains("\"a\"") } ?? false
        }
        let empty = try scenarioFolder([:])
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: InputError.self) { try ScenarioFiles.paths(folder: empty, given: []) }
    }

    /// `tuopin poverty`'s analysis through the library: the headcount of the sample survey against
    /// Σ weight·size·[income < line] ÷ Σ weight·size recounted here.
    @Test func povertyHeadcountIsTheWeightedShareBelowTheLine() throws {
        let path = repositoryRoot.appendingPathComponent("notebooks-data/samples/poverty_households.csv").path
        let input = try PovertyInput.load(path: path, columns: PovertyInput.Columns(income: "income_per_capita", weight: "weight", size: "size"))
        let line = 3535.0
        let analysis = try PovertyAnalysis(input, line: line, atkinsonEpsilons: [1])
        let (header, rows) = try plainCSV(path)
        let income = try #require(header.firstIndex(of: "income_per_capita"))
        let size = try #require(header.firstIndex(of: "size")), weight = try #require(header.firstIndex(of: "weight"))
        var poor = 0.0, all = 0.0
        for row in rows {
            let persons = try #require(Double(row[weight])) * (try #require(Double(row[size])))
            all += persons
            if try #require(Double(row[income])) < line { poor += persons }
        }
        #expect(abs(analysis.profile.headcount - poor / all) < 1e-12)
        let json = PovertyReport.render(analysis, format: .json, language: .en)
        #expect(json.contains("\"headcount\": "))
    }
}
