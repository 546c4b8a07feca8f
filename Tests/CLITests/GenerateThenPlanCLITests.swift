import Foundation
import Testing

/// `tuopin generate DIR` writes the default scenarios (baseline, optimised) so that `tuopin plan DIR`
/// works on the new folder at once; its figures agree with a count made here from households.csv.
@Suite("tuopin generate, then plan")
struct GenerateThenPlanCLITests {
    /// Registered poor persons in year `year` counted from the CSV text by hand: the sizes of the
    /// households whose `exit_year` is blank or later than `year`.
    static func registeredPoorPersons(_ csv: String, year: Int) throws -> (poor: Int, all: Int) {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let size = try #require(header.firstIndex(of: "size")), exit = try #require(header.firstIndex(of: "exit_year"))
        var poor = 0, all = 0
        for fields in lines.dropFirst() {
            let persons = try #require(Int(fields[size]))
            all += persons
            if fields[exit].isEmpty || (Int(fields[exit]) ?? 0) > year { poor += persons }
        }
        return (poor, all)
    }

    static func values(_ json: [String: Any], _ key: String) -> [Double] {
        let rows = json["rows"] as? [[String: Any]] ?? []
        return rows.first { $0["key"] as? String == key }?["values"] as? [Double] ?? []
    }

    static func mean(_ json: [String: Any]?, _ key: String) -> Double? {
        (json?[key] as? [String: Any])?["mean"] as? Double
    }

    @Test func generatedFolderPlansOutOfTheBox() throws {
        let folder = try temporaryFolder().appendingPathComponent("generated")
        let generated = try runTuopin(["generate", folder.path, "--households", "300", "--like", "daixian", "--seed", "5"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let scenarios = folder.appendingPathComponent("scenarios")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scenarios.path).sorted() == ["baseline.toml", "optimised.toml"])

        let plan = try runTuopin(["plan", folder.path, "--draws", "40", "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let json = try #require(plan.json, "\(plan.stdout)")
        #expect(json["scenarios"] as? [String] == ["baseline", "optimised"])

        let households = try String(contentsOf: folder.appendingPathComponent("households.csv"), encoding: .utf8)
        let county = try String(contentsOf: folder.appendingPathComponent("county.toml"), encoding: .utf8)
        let yearLine = try #require(county.split(separator: "\n").first { $0.hasPrefix("year = ") })
        let year = try #require(Int(yearLine.dropFirst(7)))
        let (registeredPoor, allPersons) = try Self.registeredPoorPersons(households, year: year)
        #expect(registeredPoor > 0)

        // Next year: poor = registered poor − exiting + returning, so poor + exiting ≥ today's poor.
        let poor = Self.values(json, "poor_persons"), exiting = Self.values(json, "persons_exiting")
        #expect(poor.count == 2 && exiting.count == 2, "\(plan.stdout)")
        for (p, e) in zip(poor, exiting) {
            #expect(p >= 0 && p <= Double(allPersons))
            #expect(p + e >= Double(registeredPoor) - 1e-9 && e <= Double(registeredPoor))
        }
        // Even spreading spends funds.csv's money; the optimiser at most as much (it stops where no more persons are lifted).
        let funds = Self.values(json, "funds_total")
        #expect(funds.count == 2 && funds[0] > 0 && funds[1] > 0 && funds[1] <= funds[0] * (1 + 1e-9), "\(funds)")

        // The same scenario simulated alone (same seed and draws) gives the plan's baseline figure,
        // and its exits and returns account for every one of today's registered poor persons.
        let simulated = try runTuopin(["simulate", folder.path, "--scenario", scenarios.appendingPathComponent("baseline.toml").path,
                                       "--draws", "40", "--format", "json"])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let poorMean = try #require(Self.mean(simulated.json, "poor_persons"))
        let exitingMean = try #require(Self.mean(simulated.json, "persons_exiting"))
        let returningMean = try #require(Self.mean(simulated.json, "persons_returning"))
        #expect(abs(poorMean - poor[0]) < 1e-9, "plan \(poor[0]), simulate \(poorMean)")
        #expect(abs(poorMean + exitingMean - returningMean - Double(registeredPoor)) < 1e-6,
                "\(poorMean) + \(exitingMean) − \(returningMean) against \(registeredPoor)")
    }

    /// Generating again into the folder replaces the data files but never a scenario file that exists;
    /// a missing default scenario is written again.
    @Test func generateKeepsEditedScenarios() throws {
        let folder = try temporaryFolder().appendingPathComponent("again")
        #expect(try runTuopin(["generate", folder.path, "--households", "120"]).status == 0)
        let baseline = folder.appendingPathComponent("scenarios/baseline.toml")
        let optimised = folder.appendingPathComponent("scenarios/optimised.toml")
        let edited = "name = \"baseline\"\nallocation = \"even\"\n"
        try edited.write(to: baseline, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: optimised)
        let again = try runTuopin(["generate", folder.path, "--households", "150"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: baseline, encoding: .utf8) == edited)
        #expect(FileManager.default.fileExists(atPath: optimised.path))
        let first = try Data(contentsOf: optimised)
        // Same seed, same bytes: a fresh folder gets the same optimised.toml.
        let other = try temporaryFolder().appendingPathComponent("fresh")
        #expect(try runTuopin(["generate", other.path, "--households", "150"]).status == 0)
        #expect(try Data(contentsOf: other.appendingPathComponent("scenarios/optimised.toml")) == first)
    }
}
