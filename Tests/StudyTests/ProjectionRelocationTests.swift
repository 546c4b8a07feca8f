import Foundation
import Planning
import Simulation
@testable import Study
import Testing

/// Relocation by its schedule in the multi-year projection, on a hand-made county whose incomes
/// move only by relocation and one risk, so P(county exit by year) has a closed form.
///
/// Registry year 2019 (first projected year 2020), line 4,000, agricultural population 40 (exit
/// limit 0.8 persons: the county exits in a year exactly when no registered household is poor).
/// Two registered poor households of one person, able to work, each with 3,000 yuan of transfers
/// (below the line, no earned income, so no residual spread): A is scheduled to move in 2019
/// (before the first projected year: moved from 2020 on), B in 2021. Moving adds the scenario's
/// `support_income` of 2,000 yuan (wage income, for a household with a worker): 5,000, above the
/// line. B's cause is illness, a risk of probability p costing 2,000 yuan a year (poor again once
/// moved, independently each year); A has no risk. Eight rich households (exited in 2016, never poor) in two villages
/// give the income regression its data. One site: ten 50 m² flats, 20,000 yuan a person, 5 km, built for
/// 1,000,000 yuan.
///
/// B is poor in 2020 in every draw (not moved yet), poor in 2021 and 2022 with probability p each:
/// P(exit by 2020) = 0, by 2021 = 1 − p, by 2022 = 1 − p²; P(the county's rule holds) = 0, 1 − p,
/// 1 − p. The relocation's cost: 2020 the construction plus A's subsidy and moving (1,000,000 +
/// 20,000 + 5 × 100), 2021 B's (20,500), 2022 nothing.
@Suite("Projection: relocation by its schedule")
struct ProjectionRelocationTests {
    static let p = 0.3
    static let draws = 4000

    static func county(relocationYearOfB: Int = 2021, extraScenario: String = "") throws -> (folder: String, scenario: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-relocation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try put("county.toml", """
            name = "搬迁县"
            name_en = "Relocation County"
            region = "central"
            year = 2019
            poverty_line = 4000
            agricultural_population = 40

            """)
        try put("townships.csv", "name,tier,name_en\n一乡,1,Yi Township\n")
        try put("villages.csv", """
            id,township,name,poor,agricultural_population,natural_villages,road,water,electricity,broadband,clinic,school,collective_income,planned_exit_year,exit_year
            V1,一乡,一村,1,30,2,1,1,1,1,1,1,0,2022,
            V2,一乡,二村,0,10,1,1,1,1,1,1,1,0,,

            """)
        var households = "id,village,size,labour,migrant_workers,category,cause,welfare,registered_year,exit_year,income,planting,migrant,breeding,forestry,pv_dividend,ecological_post,asset_dividend,transfers,education,medical,housing,water\n"
        households += "A,V1,1,1,0,standard,lack_skills,none,2016,,3000,0,0,0,0,0,0,0,3000,1,1,1,1\n"
        households += "B,V1,1,1,0,standard,illness,none,2016,,3000,0,0,0,0,0,0,0,3000,1,1,1,1\n"
        for k in 0..<8 {
            let planting = 8000 + 1500 * k, migrant = 20000 - 1000 * k * k % 7000, transfers = 500 * (k % 3)
            let size = 2 + k % 3
            households += "R\(k),V\(1 + k % 2),\(size),\(1 + (k / 2) % 2),\(k % 3 == 0 ? 0 : 1),standard,lack_skills,none,2014,2016,\(planting + migrant + transfers),\(planting),\(migrant),0,0,0,0,0,\(transfers),1,1,1,1\n"
        }
        try put("households.csv", households)
        try put("sites.csv", """
            id,name,township,kind,land_mu,building_area_m2,cost,subsidy_per_person,school_seats,kindergarten_seats,clinic,distance_km
            S1,安置点,一乡,concentrated,10,800,1000000,20000,100,50,1,5

            """)
        try put("site_flats.csv", "site,flat_area_m2,flats\nS1,50,10\n")
        try put("relocation.csv", """
            id,kind,village,natural_village,household,persons,poor,year
            M1,scattered,V1,上庄,A,1,1,2019
            M2,scattered,V1,下庄,B,1,1,\(relocationYearOfB)

            """)
        let scenario = folder.appendingPathComponent("scenarios/moving.toml").path
        try put("scenarios/moving.toml", """
            name = "moving"
            allocation = "even"

            [relocation]
            support_income = 2000

            [[risks]]
            name = "serious illness"
            causes = ["illness"]
            probability = \(p)
            loss_yuan = 2000

            \(extraScenario)
            """)
        return (folder.path, scenario)
    }

    static func project(_ county: (folder: String, scenario: String), through: Int = 2022, threads: Int = 2) throws -> ProjectionResult {
        let workspace = try CountyWorkspace(folder: county.folder)
        let settings = StudySettings(draws: draws, seed: 17, threads: threads, transitoryShare: 0)
        let run = try workspace.project(scenarioPaths: [county.scenario], through: through, settings: settings)
        return try #require(run.report.projections.first).result
    }

    /// |frequency − q| within 4 binomial standard errors (exact for q ∈ {0, 1}).
    static func agrees(_ frequency: Double, _ q: Double) -> Bool {
        abs(frequency - q) <= 4 * (q * (1 - q) / Double(draws)).squareRoot() + 1e-12
    }

    @Test func eachHouseholdMovesInItsYear() throws {
        let result = try Self.project(try Self.county())
        let p = Self.p
        let byYear = [0, 1 - p, 1 - p * p], holds = [0, 1 - p, 1 - p]
        for (t, year) in result.years.enumerated() {
            #expect(Self.agrees(year.countyExitByYear, byYear[t]), "\(year.year): \(year.countyExitByYear) vs \(byYear[t])")
            #expect(Self.agrees(year.countyExitInYear, holds[t]), "\(year.year): \(year.countyExitInYear) vs \(holds[t])")
        }
        // B is the only household that can be poor after 2020: poor persons = P(B poor).
        #expect(result.years[0].poorPersons.mean == 1)
        #expect(Self.agrees(result.years[1].poorPersons.mean, p) && Self.agrees(result.years[2].poorPersons.mean, p))
        #expect(result.years.map(\.relocatedPersons) == [1, 1, 0])
        #expect(result.years.map(\.relocatedHouseholds) == [1, 1, 0])
        let costs = [1_000_000 + 20_000 + 5.0 * 100, 20_000 + 5.0 * 100, 0]
        for (year, cost) in zip(result.years, costs) { #expect(abs(year.relocationCost - cost) < 1e-6, "\(year.year): \(year.relocationCost)") }
        #expect(abs(result.years[2].cumulativeCost - costs.reduce(0, +)) < 1e-6)
    }

    @Test func aYearTableMayPostponeOrBringForward() throws {
        let p = Self.p
        // relocation_count = 0 in 2021: B waits; 2022 moves the rows scheduled by then (B).
        let postponed = try Self.project(try Self.county(extraScenario: "[years.2021]\nrelocation_count = 0\n"))
        #expect(postponed.years.map(\.relocatedPersons) == [1, 0, 1])
        #expect(postponed.years[1].countyExitByYear == 0)
        #expect(Self.agrees(postponed.years[2].countyExitByYear, 1 - p))
        // B scheduled for 2023, brought forward to 2021 by relocation_count = 1.
        let forward = try Self.project(try Self.county(relocationYearOfB: 2023, extraScenario: "[years.2021]\nrelocation_count = 1\n"))
        #expect(forward.years.map(\.relocatedPersons) == [1, 1, 0])
        #expect(Self.agrees(forward.years[2].countyExitByYear, 1 - p * p))
        // Without the table it stays in 2023: nobody moves in 2021 or 2022, the county never exits.
        let late = try Self.project(try Self.county(relocationYearOfB: 2023))
        #expect(late.years.map(\.relocatedPersons) == [1, 0, 0])
        #expect(late.noExitProbability == 1)
    }

    @Test func theFirstYearIsTheOneYearSimulationAndThreadsDoNotMatter() throws {
        let county = try Self.county()
        let workspace = try CountyWorkspace(folder: county.folder)
        let settings = StudySettings(draws: 64, seed: 17, threads: 2, transitoryShare: 0)
        let oneYear = try #require(try workspace.compare(scenarioPaths: [county.scenario], settings: settings).result.runs.first?.result)
        let one = try Self.project(county, threads: 1), two = try Self.project(county, threads: 2)
        #expect(one == two)
        let first = try #require(try workspace.project(scenarioPaths: [county.scenario], through: 2022, settings: settings).report.projections.first).result.years[0]
        #expect(first.poorPersons == oneYear.poorPersons && first.exitingPersons == oneYear.exitingPersons)
        #expect(first.countyExitInYear == oneYear.countyExitProbability)
    }
}
