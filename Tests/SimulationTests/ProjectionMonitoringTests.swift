import Foundation
import Testing
@testable import Simulation

/// The monitoring classified in every year and draw of the projection (`ProjectionMonitoring`),
/// against closed forms on a hand-made county whose incomes move only by one risk.
///
/// Line 4,000, monitoring threshold 6,000 yuan a person, stable years 2, five one-person households
/// not registered poor now, with transfers only (no spread):
/// - H0, exited (ever registered), 7,000 yuan, cause illness: the illness (probability p, 2,000 yuan)
///   leaves 5,000 — below the threshold, above the line. With r_t the strike of year t (independent),
///   it is at risk exactly when r_t; it is identified the first year r_t; its risk is eliminated after
///   two calm years in a row. Sudden hardship in year t ⇔ r_t and its income of the year before (the
///   registry's in year 1) was 7,000 ≥ 6,000, i.e. r_t ∧ ¬r_{t−1}. So:
///   P(monitored in 1) = p, in 2 = 1 − (1 − p)², in 3 = 1 − (1 − p)³ − p(1 − p)² (never identified,
///   or identified in year 1 and eliminated in 3); P(eliminated by 1) = P(by 2) = 0, by 3 = p(1 − p)²;
///   P(sudden in 1) = p, in t ≥ 2 = p(1 − p).
/// - H3, exited, monitored since two years before the first year, 7,000, no risk, can work: eliminated
///   in year 1 (two calm years by then), never listed again.
/// - H4, as H3 but nobody can work: monitored and unstable every year, never eliminated.
/// - H1, ordinary (never registered), as H0: the same laws, in the marginal class instead of unstable.
/// - H2, ordinary, 3,000 yuan, no risk: poor in every draw; examined in year 1 only (poor at the start
///   afterwards): identified, marginal (its income is below the threshold before the year). H1 and H2
///   come after `countedHouseholds` = 3: never counted in the poverty figures (poor persons are 0).
@Suite("Projection: monitoring each year")
struct ProjectionMonitoringTests {
    static let p = 0.3
    static let draws = 20_000
    static let firstYear = 2019

    static func county() -> SimulationInput {
        func household(_ income: Double, _ cause: PovertyCause) -> TestHousehold {
            TestHousehold(persons: 1, village: 0, income: [.transfers: income], registered: false, cause: cause)
        }
        return makeInput([household(7000, .illness), household(7000, .lackOfSkills), household(7000, .lackOfSkills),
                          household(7000, .illness), household(3000, .lackOfSkills)],
                         villages: [TestVillage(agriculturalPopulation: 100, township: 0)], tiers: [1])
    }

    static func monitoring(years: Int, counted: Int? = 3, record: Bool = false) -> ProjectionMonitoring {
        ProjectionMonitoring(thresholds: Array(repeating: 6000, count: years), stableYears: Array(repeating: 2, count: years),
                             everRegistered: [true, true, true, false, false], canWork: [true, true, false, true, true],
                             startPerCapitaIncome: [7000, 7000, 7000, 7000, 3000], firstYearRisk: Array(repeating: false, count: 5),
                             firstYearSudden: Array(repeating: false, count: 5),
                             monitoredSince: [nil, firstYear - 2, firstYear - 2, nil, nil], countedHouseholds: counted,
                             recordHouseholds: record)
    }

    static func scenario() -> Scenario {
        var scenario = Scenario(name: "monitoring")
        scenario.risks = [HouseholdRisk(name: "illness", causes: [.illness], probability: p, lossYuan: 2000)]
        return scenario
    }

    static func run(years: Int = 3, threads: Int = 2, record: Bool = false) throws -> ProjectionResult {
        let input = county(), scenario = scenario()
        let list = (0..<years).map { k in
            ProjectionYear(year: firstYear + k, input: input, scenario: scenario.projected(offset: k, firstYear: firstYear))
        }
        return try Projection.run(years: list, options: SimulationOptions(draws: draws, seed: 41, threads: threads),
                                  monitoring: monitoring(years: years, record: record))
    }

    /// |mean − expected| within 4 standard errors, from the variance of the random part.
    static func agrees(_ mean: Double, _ expected: Double, variance: Double) -> Bool {
        abs(mean - expected) <= 4 * (variance / Double(draws)).squareRoot() + 1e-12
    }

    @Test func classesAndEliminationFollowTheClosedForm() throws {
        let result = try Self.run()
        let p = Self.p, q = 1 - p
        let monitored = [p, 1 - q * q, 1 - q * q * q - p * q * q]
        let sudden = [p, p * q, p * q]
        let eliminatedBy = [0, 0, p * q * q]
        for t in 0..<3 {
            let m = try #require(result.years[t].monitoring)
            let (P, S) = (monitored[t], sudden[t])
            let first = t == 0 ? 1.0 : 0.0
            // H0 and H1 each on the list with probability P; H4 always; H2 in the first year only.
            #expect(Self.agrees(m.monitored.mean, 2 * P + 1 + first, variance: 2 * P * (1 - P)), "\(t): \(m.monitored.mean)")
            #expect(Self.agrees(m.suddenHardship.mean, 2 * S, variance: 2 * S * (1 - S)), "\(t): \(m.suddenHardship.mean)")
            #expect(Self.agrees(m.unstable.mean, (P - S) + 1, variance: (P - S) * (1 - P + S)), "\(t): \(m.unstable.mean)")
            #expect(Self.agrees(m.marginal.mean, (P - S) + first, variance: (P - S) * (1 - P + S)), "\(t): \(m.marginal.mean)")
            // H3's risk is eliminated in the first year, in every draw.
            let E = eliminatedBy[t]
            #expect(Self.agrees(m.riskEliminatedByYear.mean, 2 * E + 1, variance: 2 * E * (1 - E)), "\(t): \(m.riskEliminatedByYear.mean)")
            // Nobody counted is ever poor (H2 is, and is not counted).
            #expect(result.years[t].poorPersons.mean == 0)
        }
        let first = try #require(result.years[0].monitoring)
        #expect(Self.agrees(first.identified.mean, 2 * p + 1, variance: 2 * p * q))
        #expect(first.riskEliminated.mean == 1 && first.riskEliminated.p05 == 1)
        #expect(Self.agrees(try #require(result.years[2].monitoring).riskEliminated.mean, 2 * p * q * q, variance: 2 * p * q * q))
    }

    @Test func householdRecordsAndThreads() throws {
        let one = try Self.run(threads: 1, record: true), two = try Self.run(threads: 2, record: true)
        #expect(one == two)
        let draws = try #require(one.householdDraws)
        for t in 0..<3 {
            // H0's income is below the threshold exactly when the illness strikes; H2 is poor in every draw.
            let share = Double(draws.belowThreshold[t][0]) / Double(Self.draws)
            #expect(Self.agrees(share, Self.p, variance: Self.p * (1 - Self.p)))
            #expect(draws.poor[t][0] == 0 && draws.poor[t][4] == UInt32(Self.draws) && draws.belowThreshold[t][1] == 0)
        }
        // Without records, the same figures.
        let plain = try Self.run(threads: 2)
        #expect(plain.years == one.years && plain.householdDraws == nil)
    }

    @Test func householdsClassifiedOnlyLeaveThePovertyFiguresAsTheyWere() throws {
        // The county of the first three households alone, without monitoring, gives the same
        // poverty figures: the appended households keep out of them and take nobody's random numbers.
        var input = Self.county()
        let keep = 0..<3
        input.households.persons = Array(input.households.persons[keep])
        input.households.village = Array(input.households.village[keep])
        input.households.township = Array(input.households.township[keep])
        input.households.category = Array(input.households.category[keep])
        input.households.cause = Array(input.households.cause[keep])
        input.households.incomeBySource = input.households.incomeBySource.map { Array($0[keep]) }
        input.households.guaranteesMet = Array(input.households.guaranteesMet[keep])
        input.households.registeredPoor = Array(input.households.registeredPoor[keep])
        input.households.planIncome = Array(input.households.planIncome[keep])
        let scenario = Self.scenario()
        let years = (0..<3).map { k in
            ProjectionYear(year: Self.firstYear + k, input: input, scenario: scenario.projected(offset: k, firstYear: Self.firstYear))
        }
        let alone = try Projection.run(years: years, options: SimulationOptions(draws: Self.draws, seed: 41, threads: 2))
        let monitored = try Self.run()
        for (a, b) in zip(alone.years, monitored.years) {
            #expect(a.poorPersons == b.poorPersons && a.exitingHouseholds == b.exitingHouseholds && a.returningHouseholds == b.returningHouseholds)
            #expect(a.countyExitInYear == b.countyExitInYear && a.monitoring == nil && b.monitoring != nil)
        }
        #expect(monitored.households == 3)
    }

    @Test func badColumnsAreRefused() {
        let input = Self.county()
        let years = [ProjectionYear(year: Self.firstYear, input: input, scenario: Self.scenario())]
        var short = Self.monitoring(years: 1)
        short.canWork = [true]
        #expect(throws: SimulationInputError.self) { try Projection.run(years: years, options: SimulationOptions(draws: 4), monitoring: short) }
        var threshold = Self.monitoring(years: 1)
        threshold.thresholds = [0]
        #expect(throws: SimulationInputError.self) { try Projection.run(years: years, options: SimulationOptions(draws: 4), monitoring: threshold) }
        #expect(throws: SimulationInputError.self) {
            try Projection.run(years: years, options: SimulationOptions(draws: 4), monitoring: Self.monitoring(years: 2))
        }
    }
}
