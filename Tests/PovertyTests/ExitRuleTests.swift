import Testing
@testable import Poverty

@Suite("Exit rules")
struct ExitRuleTests {
    static let allMet = Guarantees(compulsoryEducation: true, basicMedical: true, safeHousing: true, safeDrinkingWater: true)

    @Test func householdExitsOnCountedIncomeAndGuarantees() throws {
        // 4 persons; counting planting + migrant work only: (5,000 + 7,000)/4 = 3,000 ≥ 2,952 (2016 line).
        let household = HouseholdRecord(size: 4, incomeItems: ["planting": 5000, "migrant_work": 7000, "dibao": 2400],
                                        guarantees: Self.allMet)
        let rule = try HouseholdExitRule(line: 2952, countedItems: ["planting", "migrant_work"])
        let assessment = try rule.assess(household)
        #expect(assessment.perCapitaIncome == 3000 && assessment.exits)
        // A higher line (a later year) keeps it in: the line is a parameter.
        #expect(try !HouseholdExitRule(line: 4000, countedItems: ["planting", "migrant_work"]).assess(household).exits)
        // Counting every item: (5,000 + 7,000 + 2,400)/4 = 3,600.
        #expect(try HouseholdExitRule(line: 4000).countedPerCapitaIncome(household) == 3600)
        // Income at exactly the line meets it (poor means below the line).
        #expect(try HouseholdExitRule(line: 3000, countedItems: ["planting", "migrant_work"]).assess(household).incomeMeetsLine)
        // Income enough but unsafe housing and no safe water: no exit, and the check says why.
        var unsafe = household
        unsafe.guarantees.safeHousing = false
        unsafe.guarantees.safeDrinkingWater = false
        let refused = try rule.assess(unsafe)
        #expect(!refused.exits && refused.incomeMeetsLine && refused.unmetGuarantees == ["safe_housing", "safe_drinking_water"])
        #expect(throws: PovertyError.invalidLine(0)) { try HouseholdExitRule(line: 0) }
    }

    @Test func villageThresholdDependsOnRegion() throws {
        let rules = AreaExitRules()
        // 25 poor of 1,000: 2.5 % — above 2 % (east, central) but below 3 % (west).
        let village = VillageRecord(poorPersons: 25, agriculturalPopulation: 1000, infrastructure: ["road": true, "clinic": true])
        #expect(try !rules.assess(village, region: .central).exits)
        #expect(try rules.assess(village, region: .west).exits)
        #expect(try rules.assess(village, region: .west).incidence == 0.025)
        // Exactly at the threshold does not pass: incidence must be below it.
        #expect(try !rules.assess(VillageRecord(poorPersons: 20, agriculturalPopulation: 1000), region: .east).incidenceBelowThreshold)
        // Infrastructure not met blocks exit even at low incidence.
        let noWater = VillageRecord(poorPersons: 1, agriculturalPopulation: 1000, infrastructure: ["road": true, "water": false, "clinic": false])
        let assessment = try rules.assess(noWater, region: .east)
        #expect(!assessment.exits && assessment.unmetInfrastructure == ["clinic", "water"])
        #expect(throws: PovertyError.self) { try rules.assess(VillageRecord(poorPersons: 1, agriculturalPopulation: 0), region: .east) }
        #expect(throws: PovertyError.self) { try rules.assess(VillageRecord(poorPersons: 11, agriculturalPopulation: 10), region: .east) }
    }

    @Test func countyExitChecksIncidenceAndAssessment() throws {
        let rules = AreaExitRules()
        // Dai County at registration: 49,417 of 172,000 agricultural people, 28.7 %: far from exit.
        let start = try rules.assessCounty(poorPersons: 49_417, agriculturalPopulation: 172_000, region: .central)
        expectClose(start.incidence, 0.2873, 5e-5, "Dai incidence at registration")
        #expect(!start.exits && start.notAssessed.count == 3)
        // 3,000 left (1.74 %), assessment within limits: exits.
        let good = CountyAssessmentSurvey(wrongExitRate: 0.005, missedRegistrationRate: 0.01, satisfaction: 0.95)
        #expect(try rules.assessCounty(poorPersons: 3000, agriculturalPopulation: 172_000, region: .central, survey: good).exits)
        // Satisfaction at exactly 90 % fails (it must be above 90 %), and a 2 % wrong-exit rate fails (below 2 %).
        let weak = CountyAssessmentSurvey(wrongExitRate: 0.02, missedRegistrationRate: 0.01, satisfaction: 0.90)
        let assessment = try rules.assessCounty(poorPersons: 3000, agriculturalPopulation: 172_000, region: .central, survey: weak)
        #expect(!assessment.exits && assessment.failedChecks == ["wrong_exit_rate", "satisfaction"])
        #expect(throws: PovertyError.self) {
            try rules.assessCounty(poorPersons: 0, agriculturalPopulation: 10, region: .east, survey: .init(satisfaction: 1.2))
        }
    }

    @Test func wrongExitRateFromHouseholdChecks() throws {
        let rule = try HouseholdExitRule(line: 4000)
        let fine = HouseholdRecord(size: 2, incomeItems: ["migrant_work": 10000], guarantees: Self.allMet)
        let relapsed = HouseholdRecord(size: 2, incomeItems: ["migrant_work": 6000], guarantees: Self.allMet)
        let rate = try CountyAssessmentSurvey.wrongExitRate(exitedHouseholds: [fine, fine, fine, relapsed], rule: rule)
        #expect(rate == 0.25)
    }
}
