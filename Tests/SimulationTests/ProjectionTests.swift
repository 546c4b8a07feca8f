import Foundation
import Testing
@testable import Simulation

/// The multi-year projection against closed forms on hand-made counties and against the one-year engine.
@Suite("Multi-year projection")
struct ProjectionTests {
    /// A county of one registered poor household of one person in one village of 10 agricultural
    /// persons (exit limit 0.02 × 10 = 0.2 persons): the county exits in a year exactly when the
    /// household is not poor.
    static func oneHousehold(planting: Double, line: Double = 4000) -> SimulationInput {
        makeInput([TestHousehold(persons: 1, village: 0, income: [.planting: planting], cause: .illness)],
                  villages: [TestVillage(agriculturalPopulation: 10, township: 0)], tiers: [1], line: line)
    }

    /// The same county every year, with the scenario of each year (`Scenario.projected`).
    static func years(_ input: SimulationInput, _ scenario: Scenario, count: Int, first: Int = 2019) -> [ProjectionYear] {
        (0..<count).map { k in ProjectionYear(year: first + k, input: input, scenario: scenario.projected(offset: k, firstYear: first)) }
    }

    /// |frequency − p| within 4 binomial standard errors of `draws` draws (and 1e-12 for p ∈ {0, 1}).
    static func agrees(_ frequency: Double, _ p: Double, draws: Int) -> Bool {
        abs(frequency - p) <= 4 * (p * (1 - p) / Double(draws)).squareRoot() + 1e-12
    }

    @Test func aOneYearRiskGivesOneMinusPToTheT() throws {
        // Income 5,000 above the line 4,000, no spread; an illness with p = 0.6 costs 2,000 yuan:
        // poor in a year with probability p, independently, so P(exit by year t) = 1 − p^t, and the
        // household returns in year 2 with probability (1 − p)·p.
        var scenario = Scenario(name: "risk")
        let p = 0.6
        scenario.risks = [HouseholdRisk(name: "illness", causes: [.illness], probability: p, lossYuan: 2000)]
        let draws = 20_000
        let result = try Projection.run(years: Self.years(Self.oneHousehold(planting: 5000), scenario, count: 3),
                                        options: SimulationOptions(draws: draws, seed: 11, threads: 2))
        for (t, year) in result.years.enumerated() {
            let closed = 1 - pow(p, Double(t + 1))
            #expect(Self.agrees(year.countyExitByYear, closed, draws: draws), "year \(t + 1): \(year.countyExitByYear) vs \(closed)")
            #expect(Self.agrees(year.countyExitInYear, 1 - p, draws: draws))
            #expect(Self.agrees(year.poorPersons.mean, p, draws: draws))
        }
        #expect(Self.agrees(result.years[1].returningHouseholds.mean, (1 - p) * p, draws: draws))
        #expect(Self.agrees(result.years[1].exitingHouseholds.mean, p * (1 - p), draws: draws))
        // The exit-year distribution: first exit in year t with probability p^(t−1)·(1 − p).
        for t in 0..<3 { #expect(Self.agrees(result.exitYearProbability[t], pow(p, Double(t)) * (1 - p), draws: draws)) }
        #expect(Self.agrees(result.noExitProbability, pow(p, 3), draws: draws))
    }

    @Test func aTwoYearRiskLastsIntoTheNextYear() throws {
        // duration_years = 2: poor in year t when struck in t or t − 1 (h_t independent, P = p).
        // poor₁ = h₁, poor₂ = h₁ ∨ h₂, poor₃ = h₂ ∨ h₃: P(not exited by 2) = P(h₁) = p,
        // P(not exited by 3) = P(h₁ ∧ (h₂ ∨ h₃)) = p·(1 − (1 − p)²); P(poor in year 2) = 1 − (1 − p)².
        var scenario = Scenario(name: "long illness")
        let p = 0.3
        scenario.risks = [HouseholdRisk(name: "illness", causes: [.illness], probability: p, lossYuan: 2000, durationYears: 2)]
        let draws = 20_000
        let result = try Projection.run(years: Self.years(Self.oneHousehold(planting: 5000), scenario, count: 3),
                                        options: SimulationOptions(draws: draws, seed: 5, threads: 1))
        let byYear = [1 - p, 1 - p, 1 - p * (1 - (1 - p) * (1 - p))]
        for t in 0..<3 {
            #expect(Self.agrees(result.years[t].countyExitByYear, byYear[t], draws: draws),
                    "year \(t + 1): \(result.years[t].countyExitByYear) vs \(byYear[t])")
        }
        #expect(Self.agrees(result.years[1].poorPersons.mean, 1 - (1 - p) * (1 - p), draws: draws))
        #expect(Self.agrees(result.years[2].poorPersons.mean, 1 - (1 - p) * (1 - p), draws: draws))
    }

    @Test func aGrowingNoisyIncomeGivesTheNormalClosedForm() throws {
        // Planting 3,000 growing 10 % a year with a spread of 20 %: income in year t is normal with
        // mean μ_t = 3000·1.1^t and standard deviation 0.2·μ_t, independently each year, so
        // P(not poor in t) = Φ((μ_t − 4000) / (0.2·μ_t)) and P(exit by t) = 1 − Π_{k ≤ t} (1 − that).
        var scenario = Scenario(name: "growth")
        scenario[.planting] = SourceAssumption(growth: 0.1, spread: 0.2)
        let draws = 20_000
        let result = try Projection.run(years: Self.years(Self.oneHousehold(planting: 3000), scenario, count: 4),
                                        options: SimulationOptions(draws: draws, seed: 3, threads: 2))
        var stayPoor = 1.0
        for t in 1...4 {
            let mean = 3000 * pow(1.1, Double(t))
            let notPoor = 0.5 * erfc(-((mean - 4000) / (0.2 * mean)) / 2.0.squareRoot())
            stayPoor *= 1 - notPoor
            let year = result.years[t - 1]
            #expect(Self.agrees(year.countyExitInYear, notPoor, draws: draws), "year \(t): \(year.countyExitInYear) vs \(notPoor)")
            #expect(Self.agrees(year.countyExitByYear, 1 - stayPoor, draws: draws), "year \(t): \(year.countyExitByYear) vs \(1 - stayPoor)")
        }
    }

    @Test func yearLeversChangeTheLineAndTheGrowth() {
        var scenario = Scenario(name: "levers")
        scenario[.planting] = SourceAssumption(growth: 0.1)
        scenario.years = [YearLevers(year: 2020, povertyLine: 4200, growth: [(.planting, 0.2)]),
                          YearLevers(year: 2021, transferIncreasePerPerson: 300)]
        let second = scenario.projected(offset: 1, firstYear: 2019), third = scenario.projected(offset: 2, firstYear: 2019)
        #expect(abs(second[.planting].growth - (1.1 * 1.2 - 1)) < 1e-15)
        #expect(abs(third[.planting].growth - (1.1 * 1.2 * 1.2 - 1)) < 1e-15)
        #expect(second.policy.povertyLine == 4200 && third.policy.povertyLine == 4200)
        #expect(second.policy.transferIncreasePerPerson == 0 && third.policy.transferIncreasePerPerson == 300)
        #expect(scenario.projected(offset: 0, firstYear: 2019) == scenario)
    }

    @Test func theFirstYearIsExactlyTheOneYearEngine() throws {
        // Same input, scenario and seed: the projection's first year draws the one-year engine's
        // random numbers, so every count is the same integer in every draw, hence the same intervals.
        let input = randomCounty(households: 1_500, seed: 21, withPlan: true)
        let scenario = busyScenario()
        let options = SimulationOptions(draws: 64, seed: 99, threads: 2)
        let one = try Simulation.run(input: input, scenario: scenario, options: options)
        for count in [1, 3] {
            let projection = try Projection.run(years: Self.years(input, scenario, count: count), options: options)
            let first = projection.years[0]
            #expect(first.poorPersons == one.poorPersons)
            #expect(first.poorHouseholds == one.poorHouseholds)
            #expect(first.incidence == one.incidence)
            #expect(first.exitingPersons == one.exitingPersons)
            #expect(first.exitingHouseholds == one.exitingHouseholds)
            #expect(first.returningPersons == one.returningPersons)
            #expect(first.returningHouseholds == one.returningHouseholds)
            #expect(first.villagesExiting == one.villagesExiting)
            #expect(first.countyExitInYear == one.countyExitProbability)
            #expect(first.countyExitByYear == one.countyExitProbability)
        }
    }

    @Test func resultsDoNotDependOnThreads() throws {
        let input = randomCounty(households: 1_000, seed: 4)
        var scenario = busyScenario()
        scenario.risks[0].durationYears = 2
        let years = Self.years(input, scenario, count: 3)
        let a = try Projection.run(years: years, options: SimulationOptions(draws: 42, seed: 8, threads: 1))
        let b = try Projection.run(years: years, options: SimulationOptions(draws: 42, seed: 8, threads: 2))
        let c = try Projection.run(years: years, options: SimulationOptions(draws: 42, seed: 8, threads: 3))
        #expect(a == b && a == c)
        // Later years differ from the first (new random numbers, grown incomes).
        #expect(a.years[1].poorPersons != a.years[0].poorPersons)
    }

    @Test func inconsistentYearsAreRefused() {
        let input = Self.oneHousehold(planting: 5000)
        let scenario = Scenario(name: "x")
        var years = Self.years(input, scenario, count: 2)
        years[1].year = 2022
        #expect(throws: SimulationInputError.self) { try Projection.run(years: years, options: SimulationOptions(draws: 4)) }
        #expect(throws: SimulationInputError.self) { try Projection.run(years: [], options: SimulationOptions(draws: 4)) }
    }
}
