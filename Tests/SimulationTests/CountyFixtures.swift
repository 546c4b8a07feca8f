import Foundation
import TestSupport
@testable import Simulation

/// One household of a hand-made county.
struct TestHousehold {
    var persons: Int
    var village: Int
    var income: [IncomeSource: Double]
    var registered = true
    var guarantees = true
    var category = HouseholdCategory.meetsStandard
    var cause = PovertyCause.lackOfSkills
    var plan = 0.0
}

struct TestVillage {
    var agriculturalPopulation: Int
    var township: Int
    var poor = true
    var infrastructure = true
}

func makeInput(
    _ households: [TestHousehold], villages: [TestVillage], tiers: [Int], line: Double = 4000,
    threshold: Double = 0.02, agriculturalPopulation: Int? = nil, residual: ResidualSpread = ResidualSpread(),
    planCost: Double? = nil
) -> SimulationInput {
    let arrays = HouseholdArrays(
        persons: households.map(\.persons),
        village: households.map(\.village),
        township: households.map { villages[$0.village].township },
        category: households.map(\.category),
        cause: households.map(\.cause),
        incomeBySource: IncomeSource.allCases.map { s in households.map { $0.income[s] ?? 0 } },
        guaranteesMet: households.map(\.guarantees),
        registeredPoor: households.map(\.registered),
        planIncome: households.map(\.plan))
    let villageArrays = VillageArrays(
        agriculturalPopulation: villages.map(\.agriculturalPopulation),
        township: villages.map(\.township),
        poorVillage: villages.map(\.poor),
        infrastructureOK: villages.map(\.infrastructure))
    let county = CountyFacts(
        povertyLine: line, exitThreshold: threshold,
        agriculturalPopulation: agriculturalPopulation ?? villages.reduce(0) { $0 + $1.agriculturalPopulation },
        townshipTier: tiers)
    return SimulationInput(households: arrays, villages: villageArrays, county: county, residualSpread: residual, planCost: planCost)
}


/// A random county: `count` households in 12 villages of 4 townships (tiers 1, 1, 2, 3).
func randomCounty(households count: Int, seed: UInt64 = 7, withPlan: Bool = false) -> SimulationInput {
    var rng = TestRandom(state: seed)
    let villages = (0..<12).map { v in
        TestVillage(agriculturalPopulation: 400 + 50 * v, township: v % 4, poor: v % 3 != 2, infrastructure: v % 5 != 4)
    }
    var households: [TestHousehold] = []
    for i in 0..<count {
        let persons = rng.int(1...6)
        var income: [IncomeSource: Double] = [:]
        let perPerson = 1500 + 5000 * rng.uniform()
        income[.planting] = 0.35 * perPerson * Double(persons)
        income[.migrant] = rng.uniform() < 0.6 ? 0.5 * perPerson * Double(persons) : 0
        income[.breeding] = 0.15 * perPerson * Double(persons)
        if i % 7 == 0 { income[.pvDividend] = 3000 }
        if i % 11 == 0 { income[.transfers] = 1200 * Double(persons) }
        households.append(TestHousehold(
            persons: persons, village: i % 12, income: income,
            registered: rng.uniform() < 0.7, guarantees: rng.uniform() < 0.9,
            category: i % 11 == 0 ? .safetyNet : (i % 5 == 0 ? .missingItems : .meetsStandard),
            cause: PovertyCause.allCases[i % PovertyCause.allCases.count],
            plan: withPlan && i % 3 == 0 ? 1500 : 0))
    }
    return makeInput(households, villages: villages, tiers: [1, 1, 2, 3], planCost: withPlan ? 1_000_000 : nil)
}

/// A scenario with every kind of randomness.
func busyScenario() -> Scenario {
    var s = Scenario(name: "busy")
    s[.planting] = SourceAssumption(growth: 0.04, spread: 0.25)
    s[.migrant] = SourceAssumption(growth: 0.06, spread: 0.3)
    s[.breeding] = SourceAssumption(growth: 0.02, spread: 0.2)
    s.shocks = [
        CommonShock(name: "bad harvest", sources: [.planting], scope: .township, tiers: [1, 2], probability: 0.3, loss: 0.4),
        CommonShock(name: "migrant stop", sources: [.migrant], scope: .county, probability: 0.2, loss: 0.5),
    ]
    s.risks = [
        HouseholdRisk(name: "illness", causes: [.illness, .disability], probability: 0.1, lossFraction: 0.3, lossYuan: 2000),
        HouseholdRisk(name: "hail", probability: 0.05, lossFraction: 0.2),
    ]
    s.policy = PolicyLevers(transferIncreasePerPerson: 200, transferRecipients: .safetyNet)
    s.targets = Targets(personsExit: 300, villagesExit: 3, maximumReturningHouseholds: 20, countyExit: true)
    return s
}
