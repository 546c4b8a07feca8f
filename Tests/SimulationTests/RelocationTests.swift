import Foundation
import Tabular
import TestSupport
import Testing
@testable import Simulation

@Suite("Relocation in the simulation")
struct RelocationTests {
    /// No uncertainty: moved households follow the effects, projected here on the original arrays.
    @Test func movedHouseholdsFollowTheEffects() throws {
        let input = randomCounty(households: 500, seed: 23)
        var rng = TestRandom(state: 5)
        var moves: [RelocatedHousehold] = []
        for i in stride(from: 0, to: input.households.count, by: 4) {
            moves.append(RelocatedHousehold(household: i, hasWorker: rng.uniform() < 0.7, otherGuaranteesMet: rng.uniform() < 0.9))
        }
        let effects = RelocationEffects(farmIncomeKept: 0.6, supportIncome: 2500)
        var moved = input
        moved.relocate(moves, effects: effects)
        var scenario = Scenario(name: "certain")
        scenario[.planting] = SourceAssumption(growth: 0.05, spread: 0)
        scenario[.migrant] = SourceAssumption(growth: 0.1, spread: 0)
        let options = SimulationOptions(draws: 3, seed: 9, threads: 2)
        let before = try Simulation.run(input: input, scenario: scenario, options: options)
        let after = try Simulation.run(input: moved, scenario: scenario, options: options)

        // The projection by hand, from the unmoved arrays.
        let h = input.households
        let line = input.county.povertyLine
        let byHousehold = Dictionary(uniqueKeysWithValues: moves.map { ($0.household, $0) })
        var poorPersons = 0, exitingPersons = 0
        for i in 0..<h.count {
            let move = byHousehold[i]
            let kept = move == nil ? 1.0 : 0.6
            var income = 0.0
            for s in IncomeSource.allCases {
                var x = h.incomeBySource[s.rawValue][i]
                if s == .planting || s == .breeding || s == .forestry { x *= kept }
                if s == .migrant, move?.hasWorker == true { x += 2500 }
                income += x * (s == .planting ? 1.05 : s == .migrant ? 1.1 : 1)
            }
            let guarantees = move.map(\.otherGuaranteesMet) ?? h.guaranteesMet[i]
            let poor = income < line * Double(h.persons[i]) || (h.registeredPoor[i] && !guarantees)
            if poor { poorPersons += h.persons[i] } else if h.registeredPoor[i] { exitingPersons += h.persons[i] }
        }
        for outcome in after.perDraw {
            #expect(outcome.poorPersons == poorPersons)
            #expect(outcome.exitingPersons == exitingPersons)
        }
        #expect(before.perDraw[0].poorPersons != poorPersons)
    }

    /// The defaults change no income: only the guarantees move with the household.
    @Test func defaultEffectsOnlyMeetHousingAndWater() {
        let input = randomCounty(households: 60, seed: 3)
        var moved = input
        let moves = (0..<60).filter { !input.households.guaranteesMet[$0] }.map {
            RelocatedHousehold(household: $0, hasWorker: true, otherGuaranteesMet: true)
        }
        #expect(!moves.isEmpty)
        moved.relocate(moves + [RelocatedHousehold(household: 999, hasWorker: true, otherGuaranteesMet: true)], effects: RelocationEffects())
        #expect(moved.households.incomeBySource == input.households.incomeBySource)
        #expect(moved.households.guaranteesMet.allSatisfy { $0 })
    }

    /// Scenario keys: effects with or without a schedule, and out-of-range values located.
    @Test func scenarioKeysParse() throws {
        let only = try Scenario.parse(toml: "[relocation]\nfarm_income_kept = 0.7\nsupport_income = 3000\n", file: "s.toml")
        #expect(only.relocation == nil)
        #expect(only.relocationEffects == RelocationEffects(farmIncomeKept: 0.7, supportIncome: 3000))
        let counted = try Scenario.parse(toml: "[relocation]\ncount = 12\n", file: "s.toml")
        #expect(counted.relocation == .count(12) && counted.relocationEffects == RelocationEffects())
        #expect(throws: InputError.self) { try Scenario.parse(toml: "[relocation]\nfarm_income_kept = 1.5\n", file: "s.toml") }
        do {
            _ = try Scenario.parse(toml: "name = \"x\"\n[relocation]\nsupport_income = -1\n", file: "s.toml")
            Issue.record("a negative support income was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.contains("relocation.support_income"))
        }
    }
}
