import Foundation
import Planning
import Simulation
@testable import Study
import TestSupport
import Testing

/// Sudden hardship (突发严重困难户) of `tuopin monitor --year Y` beyond the next year, on
/// `MonitoringFixture`'s county with a scenario of known shocks: illness (O1, E5) strikes with
/// probability p a year and lasts L = 2 years, disability (E6) with probability q, one year; each
/// costs 40 % of the income (O1 7,000 → 4,200, E5 8,000 → 4,800, E6 12,000 → 7,200 a person; with
/// q's loss of 60 %, E6 falls to 4,800), above the line 4,000, below the threshold 6,000. No spread
/// (transitory share 0, no growth), so a household is in sudden hardship in year t exactly when its
/// shock is in force in t and was not in t − 1 (the start of t is the draw's income of t − 1 ÷ n,
/// at least the threshold only when no shock was in force then):
/// P(sudden in year index t) = p·(1 − p)^min(L, t) — the strike of t and none in the L years before.
@Suite("Monitoring: sudden hardship in later years")
struct LaterYearSuddenHardshipTests {
    static let draws = 2000
    static let settings = StudySettings(draws: draws, seed: 11, threads: 2, transitoryShare: 0)
    static let p = 0.1, q = 0.5

    static func folder() throws -> String {
        let folder = try MonitoringFixture.write()
        try """
            name = "shocks"
            allocation = "even"

            [[risks]]
            name = "serious illness"
            causes = ["illness"]
            probability = \(p)
            loss_fraction = 0.4
            duration_years = 2

            [[risks]]
            name = "disability"
            causes = ["disability"]
            probability = \(q)
            loss_fraction = 0.6

            """.write(toFile: folder + "/scenarios/shocks.toml", atomically: true, encoding: .utf8)
        return folder
    }

    /// P(sudden hardship in year index t) for a shock of probability `p` lasting `years` years.
    static func closedForm(_ p: Double, years: Int, t: Int) -> Double { p * pow(1 - p, Double(min(years, t))) }
    static func tolerance(_ p: Double) -> Double { 4 * (p * (1 - p) / Double(draws)).squareRoot() }

    static func monitor(_ folder: String, year: Int?) throws -> MonitoringResult {
        let workspace = try CountyWorkspace(folder: folder)
        let path = folder + "/scenarios/shocks.toml"
        return try workspace.monitor(try Scenario.load(path: path), scenarioPath: path, year: year, settings: settings).result
    }

    @Test(arguments: [2022, 2023, 2024])
    func suddenHardshipOfTheListIsTheClosedFormAndTheProjectionsCount(year: Int) throws {
        let folder = try Self.folder()
        let result = try Self.monitor(folder, year: year)
        let t = year - 2021
        // The projection of the same scenario, seed and draws through the year, without the records.
        let workspace = try CountyWorkspace(folder: folder)
        let run = try workspace.project(scenarioPaths: [folder + "/scenarios/shocks.toml"], through: year, settings: Self.settings)
        let counts = try #require(run.report.projections.first?.result.years[t].monitoring)
        let expected = try #require(result.expectedSuddenHardship)
        #expect(abs(expected - counts.suddenHardship.mean) <= 1e-9 * max(1, expected), "list \(expected) vs projection \(counts.suddenHardship.mean)")
        #expect(result.projectionMonitoring == counts)
        // The closed form: O1 and E5 (illness, p, 2 years), E6 (disability, q, 1 year); nobody else.
        let illness = Self.closedForm(Self.p, years: 2, t: t), disability = Self.closedForm(Self.q, years: 1, t: t)
        let total = 2 * illness + disability
        let spread = (2 * illness * (1 - illness) + disability * (1 - disability)).squareRoot() / Double(Self.draws).squareRoot()
        #expect(abs(expected - total) <= 4 * spread, "Σ P \(expected) vs closed form \(total)")
        // E6's P(sudden) = q(1 − q) = 0.25 ≥ the cut-off 0.2: on the list as sudden hardship, for its shock.
        let e6 = try #require(result.households.first { $0.id == "E6" }, "E6 not listed in \(year)")
        let pE6 = try #require(e6.state.probabilitySuddenHardship)
        #expect(abs(pE6 - disability) <= Self.tolerance(disability), "E6 \(pE6) vs \(disability)")
        #expect(e6.decision.monitoringClass == .suddenHardship)
        #expect(e6.decision.reasons.contains(.suddenShock))
        // Listed households carry their draws' probability; those never thrown down carry 0.
        for m in result.households where ["P5", "O2"].contains(m.id) { #expect(m.state.probabilitySuddenHardship == 0, "\(m.id)") }
        let json = MonitoringReport(result: result, registry: workspace.registry, lang: .en).json().rendered()
        #expect(json.contains("\"expected_sudden_hardship\"") && json.contains("\"p_sudden_hardship\""))
    }

    /// `--year` the next year is the one-year code: no draw-based sudden hardship, E6 (P = q, its
    /// shock's probability, sudden by the line rule only when q ≥ cut-off and income below the line:
    /// not here) as the one-year rule has it, and the JSON without the later years' keys.
    @Test func theNextYearIsTheOneYearCode() throws {
        let folder = try Self.folder()
        let next = try Self.monitor(folder, year: 2021), plain = try Self.monitor(folder, year: nil)
        #expect(next.expectedSuddenHardship == nil && next.projectionMonitoring == nil)
        #expect(next.households.allSatisfy { $0.state.probabilitySuddenHardship == nil })
        #expect(next.households.map(\.state) == plain.households.map(\.state))
        #expect(next.households.map(\.decision) == plain.households.map(\.decision))
        let workspace = try CountyWorkspace(folder: folder)
        let json = MonitoringReport(result: next, registry: workspace.registry, lang: .en).json().rendered()
        #expect(!json.contains("expected_sudden_hardship") && !json.contains("p_sudden_hardship") && !json.contains("\"projection\""))
        // In 2021 a shock of probability q = 0.5 ≥ 0.2 puts E6 below the threshold (not the line): listed
        // by its registration's class, P(below threshold) = q.
        let e6 = try #require(next.households.first { $0.id == "E6" })
        #expect(abs(e6.state.probabilityBelowThreshold - Self.q) <= Self.tolerance(Self.q))
        #expect(e6.decision.monitoringClass == .unstable)
    }
}
