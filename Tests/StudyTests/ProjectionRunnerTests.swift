import Foundation
import Planning
import Simulation
@testable import Study
import Testing

private let daixian = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("notebooks-data/daixian").path

/// The study's multi-year runner on the Dai sample: the first year is the one-year comparison, each
/// year's funds are the scenario's, and plans keep paying.
@Suite("Projection runner")
struct ProjectionRunnerTests {
    static func scenario(_ extra: String) throws -> Scenario {
        let text = try String(contentsOfFile: daixian + "/scenarios/baseline.toml", encoding: .utf8)
        return try Scenario.parse(toml: text + "\n" + extra, file: "baseline.toml")
    }

    @Test func yearlyFundsAndTheFirstYear() throws {
        let workspace = try CountyWorkspace(folder: daixian)
        let settings = StudySettings(draws: 8, seed: 3, threads: 2)
        let plain = try Self.scenario("")
        // Funds of 0 in 2020: even spreading of nothing.
        var none = try Self.scenario("[years.2020]\nfunds = 0\n")
        none.name = "no-funds-2020"
        let path = daixian + "/scenarios/baseline.toml"
        let run = try workspace.project([plain, none], paths: [path, path], through: 2020, settings: settings)
        let compared = try workspace.compare([plain], paths: [path], settings: settings)
        let oneYear = try #require(compared.result.runs.first?.result)
        let fundsTotal = workspace.registry.funds.reduce(0) { $0 + $1.amount }
        for projection in run.report.projections {
            let first = projection.result.years[0]
            // The first year is the one-year simulation's, whatever the later years hold.
            #expect(first.poorPersons == oneYear.poorPersons && first.exitingPersons == oneYear.exitingPersons)
            #expect(first.villagesExiting == oneYear.villagesExiting && first.countyExitInYear == oneYear.countyExitProbability)
            #expect(first.cost == projection.plans[0].cost && first.cost > 0 && first.cost <= fundsTotal * (1 + 1e-12))
        }
        let baseline = run.report.projections[0], empty = run.report.projections[1]
        // Even spreading over the same poor villages spends the same in 2020 as in 2019 with funds.csv's amounts…
        #expect(abs(baseline.result.years[1].cost - baseline.result.years[0].cost) <= 1e-6 * baseline.result.years[0].cost)
        // The cumulative cost adds the plans and the relocations (Dai's relocation.csv is all scheduled
        // before 2019: moved, sites built and paid, in the first year; nothing left for 2020).
        let y0 = baseline.result.years[0], y1 = baseline.result.years[1]
        #expect(y0.relocationCost > 0 && y1.relocationCost == 0 && y1.relocatedPersons == 0)
        let resettled = try #require(compared.result.resettlement.first ?? nil)
        #expect(y0.relocatedPersons == resettled.placedPersons && abs(y0.relocationCost - resettled.cost.totalYuan) < 1e-6)
        #expect(y1.cumulativeCost == y0.cost + y0.relocationCost + y1.cost)
        // …and nothing with no funds: no new plan income, so the 2020 incomes are those of the 2019 plan.
        #expect(empty.result.years[1].cost == 0 && empty.plans[1].income.allSatisfy { $0 == 0 })
        #expect(empty.result.years[1].cumulativeCost == empty.result.years[0].cost + empty.result.years[0].relocationCost)
        // More plan income in 2020 (the 2019 plan and the 2020 one) leaves at most as many poor, draw for draw on average.
        #expect(baseline.result.years[1].poorPersons.mean <= empty.result.years[1].poorPersons.mean)
        // Even-spread income goes only to households poor in the expected state (registered poor now).
        let registered = (0..<workspace.registry.households.count).map { workspace.registry.isPoor($0) }
        #expect(baseline.plans[1].income.indices.allSatisfy { baseline.plans[1].income[$0] == 0 || registered[$0] })
    }

    @Test func aYearTableForTheFirstYearIsRefused() throws {
        let workspace = try CountyWorkspace(folder: daixian)
        let early = try Self.scenario("[years.2019]\nfunds = 1\n")
        #expect {
            _ = try workspace.project([early], paths: ["baseline.toml"], through: 2020, settings: StudySettings(draws: 4, threads: 1))
        } throws: { error in
            String(describing: error).contains("years.2019: the first simulated year is 2019")
        }
    }
}
