import Foundation
import Planning
import Testing
@testable import Simulation

/// Plans with a stable-exit margin (`[allocation] exit_margin`) in the simulation, on the Dai sample.
@Suite("Stable exit in the simulation")
struct ExitMarginSimulationTests {
    /// No uncertainty (no spread, no growth, no transitory residual): next year's income is this
    /// year's plus the plan's. Every household the margin-0.15 plan lifts — found from the registry
    /// alone: registered poor, not 兜底, and plan income covering (line × 1.15 − income/size) × size —
    /// ends at or above line × 1.15 (tested with the line raised to the target, less a hundredth of a
    /// yuan for the rounding of sums), unless it lacks a guarantee. The margin-0 plan, lifting to the
    /// line only, leaves some of its lifted households below that target.
    @Test func liftedHouseholdsEndAtOrAboveTheTarget() throws {
        let registry = try CountyFolder.load(RegistryInputTests.folder)
        let margin = 0.15
        let target = registry.county.povertyLine * (1 + margin)
        let atLine = Scenario(name: "at the line", allocation: .optimised)
        var stable = Scenario(name: "stable", allocation: .optimised, exitMargin: margin)
        let study = try CountyStudy(registry: registry, transitoryShare: 0, scenarios: [atLine, stable, stable])
        // One plan per distinct margin, built up front; plan(for:) hands out the cached one.
        #expect(Array(study.exitMarginPlans.keys) == [margin])
        let cached = try #require(try study.exitMarginPlans[margin]?.optimised?.get())
        let (plan, note) = try study.plan(for: stable)
        #expect(note == nil && plan == cached && plan.exitMargin == margin && plan.strategy == "optimised")
        let (plainPlan, plainNote) = try study.plan(for: atLine)
        #expect(plainNote == nil && plainPlan == study.optimisedPlan && plainPlan.exitMargin == 0)

        stable.policy.povertyLine = target - 0.01
        let options = SimulationOptions(draws: 2, seed: 1, threads: 2)
        let h = registry.households
        func lifted(_ plan: PlanIncome, to line: Double) -> [Int] {
            (0..<h.count).filter { i in
                guard registry.isPoor(i), h.category[i] != .safetyNet else { return false }
                let gap = (line - h.perCapitaIncome(i)) * Double(h.size[i])
                return gap > 0 && plan.income[i] >= gap
            }
        }
        let input = study.input(plan: plan)
        let result = try Simulation.run(input: input, scenario: stable, options: options)
        let liftedToTarget = lifted(plan, to: target)
        #expect(liftedToTarget.count > 100)
        for i in liftedToTarget where input.households.guaranteesMet[i] {
            #expect(result.householdPoorProbability[i] == 0, "household \(h.ids[i])")
        }

        let plainInput = study.input(plan: plainPlan)
        let plainResult = try Simulation.run(input: plainInput, scenario: stable, options: options)
        let liftedToLine = lifted(plainPlan, to: registry.county.povertyLine)
        let shortOfTarget = liftedToLine.filter { plainInput.households.guaranteesMet[$0] && plainResult.householdPoorProbability[$0] == 1 }
        #expect(shortOfTarget.count > 0)
    }

    /// The even plan of a margin, built on demand by a study prepared for none: its household incomes
    /// lift exactly the persons even spreading counts at that target (recounted here: Σ persons ·
    /// min(1, income / gap) with the gap to line × 1.1 from the household table), and it spends what
    /// even spreading hands out whatever the margin (the split between villages does not look at gaps).
    @Test func evenPlanOfAMarginLiftsTheBaselinesPersons() throws {
        let registry = try CountyFolder.load(RegistryInputTests.folder)
        let margin = 0.1
        let study = try CountyStudy(registry: registry, transitoryShare: 0, optimise: false)
        let (plan, note) = try study.plan(for: Scenario(name: "even", allocation: .even, exitMargin: margin))
        #expect(note == nil && plan.exitMargin == margin && plan.strategy == "even")
        #expect(study.exitMarginPlans.isEmpty)
        let baseline = EvenSpreading.evaluate(registry: registry, exitMargin: margin)
        let h = registry.households, target = registry.county.povertyLine * (1 + margin)
        var lifted = 0.0
        for i in 0..<h.count where registry.isPoor(i) && h.category[i] != .safetyNet {
            let gap = (target - h.perCapitaIncome(i)) * Double(h.size[i])
            if gap > 0 { lifted += Double(h.size[i]) * min(1, plan.income[i] / gap) }
        }
        #expect(abs(lifted - baseline.personsLifted) <= 1e-6 * lifted && lifted > 0)
        #expect(plan.spentBySource == study.evenPlan.spentBySource)
        #expect(baseline.personsLifted > EvenSpreading.evaluate(registry: registry).personsLifted)
    }
}
