import Foundation
import Testing
@testable import Simulation

@Suite("Prepared-model export")
struct PreparedExportTests {
    /// The exported columns are the model's numbers, recomputed here from the input and the
    /// scenario: mean = Σₛ incomeₛ·(1 + growthₛ) + plan + lever, line × persons, persons, flags.
    @Test func columnsAreTheModelsNumbers() throws {
        let input = randomCounty(households: 60, withPlan: true)
        var scenario = Scenario(name: "export")
        scenario[.planting] = SourceAssumption(growth: 0.05, spread: 0.2)
        scenario[.migrant] = SourceAssumption(growth: -0.1, spread: 0.3)
        scenario.policy = PolicyLevers(povertyLine: 4100, transferIncreasePerPerson: 200, transferRecipients: .registeredPoor)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try PreparedExport.write(input: input, scenario: scenario, options: SimulationOptions(), to: folder)

        func doubles(_ name: String) throws -> [Double] {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        }
        func integers(_ name: String) throws -> [Int64] {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            return data.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)) }
        }
        let h = input.households
        let growth: [IncomeSource: Double] = [.planting: 0.05, .migrant: -0.1]
        let mean = try doubles("base_mean.f64")
        let line = try doubles("line_times_persons.f64")
        let persons = try integers("persons.i64")
        let registered = try Data(contentsOf: folder.appendingPathComponent("registered.u8"))
        #expect(mean.count == h.count && line.count == h.count && persons.count == h.count && registered.count == h.count)
        for i in 0..<h.count {
            var expected = h.planIncome[i] + (h.registeredPoor[i] ? 200 * Double(h.persons[i]) : 0)
            for s in IncomeSource.allCases { expected += h.incomeBySource[s.rawValue][i] * (1 + (growth[s] ?? 0)) }
            #expect(abs(mean[i] - expected) <= 1e-9 * max(1, abs(expected)), "household \(i)")
            #expect(line[i] == 4100 * Double(h.persons[i]))
            #expect(persons[i] == Int64(h.persons[i]))
            #expect(registered[i] == (h.registeredPoor[i] ? 1 : 0))
        }
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("meta.json"))) as? [String: Any]
        #expect(meta?["households"] as? Int == h.count)
        #expect(meta?["line"] as? Double == 4100)
        #expect(meta?["shocked_sources"] as? Int == 0)
    }
}
