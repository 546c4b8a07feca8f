import Foundation
import Planning
import Simulation
@testable import Study
import Tabular
import Testing

/// Issue 25, round two: an input the engine refuses is reported against the file it came from —
/// the household's or village's row, the key of county.toml or of the scenario — never as an
/// unlocated "simulation input: …".
@Suite("Simulation input errors name their file")
struct SimulationInputLocationTests {
    /// A generated county in a fresh folder, with a scenario file; returns the folder.
    func county() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-locate-\(UUID().uuidString)").path
        try CountyWriter.write(CountyGenerator.generate(.daixian, households: 40, seed: 5), to: folder)
        return folder
    }

    func located(_ error: SimulationInputError, _ folder: String, scenario: String? = nil) throws -> InputError {
        let e = SimulationInputLocation.locate(error, folder: folder, scenarioPath: scenario, strategy: "even")
        return try #require(e as? InputError, "\(e)")
    }

    @Test func aHouseholdValueNamesItsRowAndColumn() throws {
        let folder = try county()
        let e = try located(.invalidValue(field: "persons", index: 4, message: "must be at most 1000"), folder)
        #expect(e.file == folder + "/households.csv" && e.line == 6 && e.column == 3)
        #expect(e.message == "size of the household on this row must be at most 1000 (as the simulation takes it)")
        let income = try located(.invalidValue(field: "incomeBySource[migrant]", index: 0, message: "is not a finite number"), folder)
        #expect(income.description == "\(folder)/households.csv:2:13: the migrant income of the household on this row is not a finite number")
        let plan = try located(.invalidValue(field: "planIncome", index: 1, message: "must be a finite number ≥ 0"), folder)
        #expect(plan.description == "\(folder)/households.csv:3: the income the even plan brings the household on this row must be a finite number ≥ 0 (as the simulation takes it)")
    }

    @Test func aVillageValueNamesItsRow() throws {
        let folder = try county()
        let e = try located(.invalidValue(field: "villages.agriculturalPopulation", index: 2, message: "must be at least 1"), folder)
        #expect(e.description == "\(folder)/villages.csv:4:5: agricultural_population of the village on this row must be at least 1 (as the simulation takes it)")
    }

    @Test func aCountyValueNamesItsKey() throws {
        let folder = try county()
        let e = try located(.invalidValue(field: "county.povertyLine", index: 0, message: "must be a positive number of yuan"), folder)
        #expect(e.description == "\(folder)/county.toml:7:1: poverty_line must be a positive number of yuan")
        let spread = try located(.invalidValue(field: "residualSpread", index: 0, message: "must be finite and ≥ 0"), folder)
        #expect(spread.file == folder + "/households.csv" && spread.line == 0)
        #expect(spread.message.hasPrefix("the income model fitted to the households' incomes gives a spread of unexplained income that is not a finite number ≥ 0"))
    }

    @Test func aScenarioValueNamesItsTable() throws {
        let folder = try county()
        let path = folder + "/s.toml"
        try "name = \"s\"\n[sources.planting]\ngrowth = 0.1\n  [sources.migrant]\ngrowth = 0.2\n".write(toFile: path, atomically: true, encoding: .utf8)
        // Index 1 is the migrant source.
        let e = try located(.invalidValue(field: "scenario.sources", index: 1, message: "needs growth > −1 and spread ≥ 0"), folder, scenario: path)
        #expect(e.description == "\(path):4:3: sources.migrant needs growth > −1 and spread ≥ 0")
        let shock = try located(.invalidValue(field: "scenario.shocks", index: 0, message: "needs probability and loss in [0, 1]"), folder, scenario: path)
        #expect(shock.file == path && shock.line == 0 && shock.message == "shocks[0] needs probability and loss in [0, 1]")
    }

    /// Errors that no file explains (options, array lengths) are kept as the engine's.
    @Test func programmingErrorsAreKept() throws {
        let folder = try county()
        let option = SimulationInputError.invalidOption(name: "draws", message: "must be at least 1")
        #expect(SimulationInputLocation.locate(option, folder: folder, scenarioPath: nil, strategy: "even") as? SimulationInputError == option)
    }
}
