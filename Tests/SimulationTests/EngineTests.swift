import Foundation
import TestSupport
import Poverty
import Testing
@testable import Simulation
import SimulationAVX2

@Suite("Simulation engine")
struct EngineTests {
    /// No uncertainty: every draw equals the deterministic projection, computed here on its own.
    @Test func zeroSpreadEqualsTheDeterministicProjection() throws {
        let input = randomCounty(households: 400, withPlan: true)
        var scenario = Scenario(name: "certain")
        let growth: [IncomeSource: Double] = [.planting: 0.05, .migrant: 0.1, .breeding: -0.02, .pvDividend: 0, .transfers: 0.03]
        for (source, g) in growth { scenario[source] = SourceAssumption(growth: g, spread: 0) }
        scenario.policy = PolicyLevers(povertyLine: 4200, transferIncreasePerPerson: 250, transferRecipients: .safetyNet)
        let result = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: 9, seed: 1, threads: 2))

        // The projection, by hand.
        let h = input.households
        let line = 4200.0
        var expected = DrawOutcome()
        var perCapita: [Double] = [], nonNegative: [Double] = [], weights: [Double] = []
        var villagePoor = [Int](repeating: 0, count: input.villages.count)
        var gapYuan = 0.0
        for i in 0..<h.count {
            var income = h.planIncome[i] + (h.category[i] == .safetyNet ? 250 * Double(h.persons[i]) : 0)
            for s in IncomeSource.allCases { income += h.incomeBySource[s.rawValue][i] * (1 + (growth[s] ?? 0)) }
            let n = h.persons[i]
            let poor = income < line * Double(n) || (h.registeredPoor[i] && !h.guaranteesMet[i])
            let poorWithoutPlan = income - h.planIncome[i] < line * Double(n) || (h.registeredPoor[i] && !h.guaranteesMet[i])
            if poor {
                expected.poorPersons += n; expected.poorHouseholds += 1; villagePoor[h.village[i]] += n
                if !h.registeredPoor[i] { expected.returningHouseholds += 1; expected.returningPersons += n }
            } else if h.registeredPoor[i] {
                expected.exitingPersons += n; expected.exitingHouseholds += 1
            }
            if poorWithoutPlan && !poor { expected.personsLiftedByPlan += n }
            gapYuan += max(0, line * Double(n) - income)
            perCapita.append(income / Double(n)); nonNegative.append(max(income, 0) / Double(n)); weights.append(Double(n))
        }
        for v in 0..<input.villages.count where input.villages.poorVillage[v] && input.villages.infrastructureOK[v]
            && Double(villagePoor[v]) < 0.02 * Double(input.villages.agriculturalPopulation[v]) {
            expected.villagesExiting += 1
        }
        let totalPersons = weights.reduce(0, +)
        // Poverty's exact measures of the projection (per-capita incomes, person weights).
        let projection = try IncomeDistribution(incomes: perCapita, weights: weights)
        let fgt1 = try projection.povertyGap(line: line)
        let fgt2 = try projection.squaredPovertyGap(line: line)
        #expect(abs(gapYuan / line / totalPersons - fgt1) < 1e-12)
        #expect(fgt2 > 0 && fgt2 < fgt1)
        let gini = try IncomeDistribution(incomes: nonNegative, weights: weights).gini()
        #expect(expected.poorPersons > 0 && expected.exitingPersons > 0 && expected.personsLiftedByPlan > 0)

        for outcome in result.perDraw {
            #expect(outcome.poorPersons == expected.poorPersons)
            #expect(outcome.poorHouseholds == expected.poorHouseholds)
            #expect(outcome.exitingPersons == expected.exitingPersons)
            #expect(outcome.exitingHouseholds == expected.exitingHouseholds)
            #expect(outcome.returningHouseholds == expected.returningHouseholds)
            #expect(outcome.returningPersons == expected.returningPersons)
            #expect(outcome.villagesExiting == expected.villagesExiting)
            #expect(outcome.personsLiftedByPlan == expected.personsLiftedByPlan)
            #expect(abs(outcome.povertyGap - fgt1) < 1e-12)
            #expect(abs(outcome.squaredPovertyGap - fgt2) < 1e-12)
            #expect(abs(outcome.gini - gini) < 1e-3)
            #expect(outcome.incidence == Double(expected.poorPersons) / Double(input.county.agriculturalPopulation))
        }
        #expect(result.poorPersons.p05 == Double(expected.poorPersons) && result.poorPersons.p95 == Double(expected.poorPersons))
        #expect(abs(result.squaredPovertyGap.mean - fgt2) < 1e-12 && result.squaredPovertyGap.p95 - result.squaredPovertyGap.p05 < 1e-15)
        #expect(result.costPerPersonLifted == 1_000_000 / Double(expected.personsLiftedByPlan))
        #expect(result.householdPoorProbability.allSatisfy { $0 == 0 || $0 == 1 })
    }

    /// All incomes doubled, no uncertainty: exactly the registered households with per-capita
    /// income ≥ line/2 and the guarantees met exit.
    @Test func doubledIncomesGiveTheKnownExits() throws {
        let perCapita: [Double] = [1000, 1500, 1999, 2001, 2500, 3000, 4500, 6000, 2200, 1900]
        let guarantees = [true, true, true, true, true, false, true, true, true, true]
        let registered = [true, true, true, true, true, true, true, false, true, false]
        let persons = [1, 2, 3, 4, 5, 2, 3, 4, 2, 3]
        var households: [TestHousehold] = []
        for i in perCapita.indices {
            let total = perCapita[i] * Double(persons[i])
            households.append(TestHousehold(
                persons: persons[i], village: i % 2,
                income: [.planting: 0.3 * total, .migrant: 0.5 * total, .transfers: 0.2 * total],
                registered: registered[i], guarantees: guarantees[i]))
        }
        let input = makeInput(households, villages: [TestVillage(agriculturalPopulation: 100, township: 0),
                                                     TestVillage(agriculturalPopulation: 1000, township: 0)], tiers: [1])
        var scenario = Scenario(name: "doubled")
        for s in IncomeSource.allCases { scenario[s] = SourceAssumption(growth: 1, spread: 0) }
        let result = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: 4, seed: 3))
        // Exits: 2001 (4 p), 2500 (5 p), 4500 (3 p), 2200 (2 p); 3000 has a guarantee unmet;
        // 6000 and 1900 are not registered (1900 → 3800 < 4000: returns to poverty).
        let exits: Set = [3, 4, 6, 8]
        for outcome in result.perDraw {
            #expect(outcome.exitingHouseholds == 4 && outcome.exitingPersons == 14)
            #expect(outcome.returningHouseholds == 1 && outcome.returningPersons == 3)
            #expect(outcome.poorHouseholds == 5 && outcome.poorPersons == 1 + 2 + 3 + 2 + 3)
        }
        for i in perCapita.indices where registered[i] {
            #expect(result.householdPoorProbability[i] == (exits.contains(i) ? 0 : 1))
        }
        #expect(result.earlyWarning.map(\.household) == [9])
        #expect(result.earlyWarning.first?.projectedPerCapitaIncome == 3800)
    }

    /// Same seed → identical results with 1 or 2 threads and any batch size; the first draws of
    /// a long run are the draws of a short one.
    @Test func resultsDoNotDependOnThreadsOrBatches() throws {
        let input = randomCounty(households: 300, withPlan: true)
        let scenario = busyScenario()
        let reference = try Simulation.run(input: input, scenario: scenario,
                                           options: SimulationOptions(draws: 50, seed: 99, threads: 1, drawsPerBatch: 4))
        for (threads, batch) in [(2, 4), (2, 8), (1, 12), (2, 48), (3, 16)] {
            let other = try Simulation.run(input: input, scenario: scenario,
                                           options: SimulationOptions(draws: 50, seed: 99, threads: threads, drawsPerBatch: batch))
            #expect(other == reference, "threads \(threads), batch \(batch)")
        }
        let shorter = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: 21, seed: 99, threads: 2))
        #expect(Array(reference.perDraw.prefix(21)) == shorter.perDraw)
        let reseeded = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: 50, seed: 100))
        #expect(reseeded.perDraw != reference.perDraw)
        // The scenario's randomness really moves the outcome.
        #expect(reference.poorPersons.p95 > reference.poorPersons.p05)
    }

    /// The AVX2 kernels (Philox rounds and the household rule, `SimulationAVX2`) give the
    /// portable loop's results bit for bit: on a county whose groups of four mix villages and on
    /// one whose households come village by village (runs of groups in one village), with every
    /// kind of randomness, a plan and a partial last group. The household rule is compiled for
    /// AVX2 only where it is inlined, in optimised builds (`swift test -c release -Xswiftc
    /// -enable-testing`); unoptimised, both paths call `HouseholdRule.block`'s portable code.
    @Test(.enabled(if: PhiloxAVX2.isSupported)) func avx2KernelsGiveThePortableBits() throws {
        let mixed = randomCounty(households: 301, withPlan: true)
        var households: [TestHousehold] = []
        var rng = TestRandom(state: 5)
        for i in 0..<398 {
            let persons = rng.int(1...6)
            let perPerson = 1200 + 5000 * rng.uniform()
            households.append(TestHousehold(
                persons: persons, village: i / 37,
                income: [.planting: 0.4 * perPerson * Double(persons), .migrant: 0.6 * perPerson * Double(persons)],
                registered: rng.uniform() < 0.6, guarantees: rng.uniform() < 0.9,
                cause: PovertyCause.allCases[i % PovertyCause.allCases.count], plan: i % 4 == 0 ? 900 : 0))
        }
        let villages = (0..<11).map { v in TestVillage(agriculturalPopulation: 300 + 40 * v, township: v % 3) }
        let byVillage = makeInput(households, villages: villages, tiers: [1, 2, 3], planCost: 500_000)
        for input in [mixed, byVillage] {
            for threads in [1, 2] {
                var portable = SimulationOptions(draws: 37, seed: 11, threads: threads, drawsPerBatch: 8)
                portable.portableKernels = true
                let reference = try Simulation.run(input: input, scenario: busyScenario(), options: portable)
                let fast = try Simulation.run(input: input, scenario: busyScenario(),
                                              options: SimulationOptions(draws: 37, seed: 11, threads: threads, drawsPerBatch: 8))
                #expect(fast == reference)
                #expect(reference.poorPersons.p95 > reference.poorPersons.p05)
            }
        }
    }

    /// The batch plan covers every draw once, in order, in batches of whole quadruples (the last
    /// may end early) of at most the given size, a multiple of `threads` in number when there
    /// are enough quadruples, their sizes differing by at most 4.
    @Test func batchPlanCoversTheDrawsEvenly() {
        for draws in [1, 3, 4, 5, 31, 32, 33, 200, 1000, 1001] {
            for maximum in [4, 8, 32] {
                for threads in [1, 2, 3] {
                    let plan = BatchPlan(draws: draws, maximumBatch: maximum, threads: threads)
                    var next = 0
                    var sizes: [Int] = []
                    for b in 0..<plan.count {
                        let (first, count) = plan.batch(b)
                        #expect(first == next && first % 4 == 0 && count >= 1 && count <= maximum)
                        if b < plan.count - 1 { #expect(count % 4 == 0) }
                        next = first + count
                        sizes.append((count + 3) / 4 * 4)
                    }
                    #expect(next == draws, "draws \(draws), maximum \(maximum), threads \(threads)")
                    #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 4)
                    let quads = (draws + 3) / 4
                    if quads >= plan.count + threads { #expect(plan.count % threads == 0) }
                    #expect(plan.count >= (draws + maximum - 1) / maximum)
                }
            }
        }
        // 1,000 draws on two threads: 32 batches, 500 draws a worker when they alternate.
        let plan = BatchPlan(draws: 1000, maximumBatch: 32, threads: 2)
        #expect(plan.count == 32)
        #expect(stride(from: 0, to: 32, by: 2).map { plan.batch($0).count }.reduce(0, +) == 500)
    }

    /// Three households whose exits are independent (own risks, no other randomness): the target
    /// probabilities are closed-form products.
    @Test func targetProbabilitiesOfAHandCheckableCounty() throws {
        let households = [
            TestHousehold(persons: 2, village: 0, income: [.migrant: 10_000], cause: .illness),
            TestHousehold(persons: 3, village: 1, income: [.migrant: 15_000], cause: .disability),
            TestHousehold(persons: 4, village: 2, income: [.migrant: 20_000], cause: .disaster),
        ]
        let villages = (0..<3).map { _ in TestVillage(agriculturalPopulation: 100, township: 0) }
        let input = makeInput(households, villages: villages, tiers: [1])  // county limit 0.02·300 = 6 persons
        var scenario = Scenario(name: "three")
        scenario.risks = [
            HouseholdRisk(name: "illness", causes: [.illness], probability: 0.1, lossFraction: 1),
            HouseholdRisk(name: "disability", causes: [.disability], probability: 0.2, lossFraction: 1),
            HouseholdRisk(name: "disaster", causes: [.disaster], probability: 0.3, lossFraction: 1),
        ]
        scenario.targets = Targets(personsExit: 9, villagesExit: 2, maximumReturningHouseholds: 0, countyExit: true)
        let draws = 40_000
        let result = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: draws, seed: 5, threads: 2))
        let (a, b, c) = (0.9, 0.8, 0.7)  // P(exit) of each household
        let allExit = a * b * c
        let atLeastTwo = a * b * c + a * b * (1 - c) + a * (1 - b) * c + (1 - a) * b * c
        // County exit ⇔ poor persons < 6: nobody poor, one household poor, or households 1 and 2 (5 persons).
        let county = allExit + (1 - a) * b * c + a * (1 - b) * c + a * b * (1 - c) + (1 - a) * (1 - b) * c
        let tolerance = 4.5 * (0.25 / Double(draws)).squareRoot()
        #expect(result.targets.map(\.kind) == [.personsExit, .villagesExit, .maximumReturningHouseholds, .countyExit])
        #expect(abs(result.targets[0].probability - allExit) < tolerance)
        #expect(abs(result.targets[1].probability - atLeastTwo) < tolerance)
        #expect(result.targets[2].probability == 1)
        #expect(abs(result.targets[3].probability - county) < tolerance)
        #expect(result.countyExitProbability == result.targets[3].probability)
        #expect(abs((result.allTargetsProbability ?? -1) - allExit) < tolerance)
        for (i, p) in [0.1, 0.2, 0.3].enumerated() {
            #expect(abs(result.householdPoorProbability[i] - p) < tolerance)
            #expect(abs(result.villageExitProbability[i] - (1 - p)) < tolerance)
            #expect(abs(result.villageMeanPoorPersons[i] - p * Double(households[i].persons)) < tolerance * 4)
        }
        #expect(abs(result.townshipMeanPoorPersons[0] - (0.1 * 2 + 0.2 * 3 + 0.3 * 4)) < 0.05)
    }

    /// The income model's residual scales with earned income: σ_h = c · earned_h, earned being
    /// planting, migrant, breeding and forestry after growth. With no other randomness a
    /// household is poor with probability Φ((line · persons − mean) / σ_h) (closed form via erfc);
    /// one living on transfers and dividends is never moved by it.
    @Test func residualSpreadScalesWithEarnedIncome() throws {
        let households = [
            TestHousehold(persons: 2, village: 0, income: [.planting: 6000, .migrant: 4000]),
            TestHousehold(persons: 2, village: 0, income: [.transfers: 8001]),
            TestHousehold(persons: 2, village: 1, income: [.breeding: 2500, .forestry: 2500, .pvDividend: 5000]),
            TestHousehold(persons: 1, village: 1, income: [.migrant: 4000, .ecologicalPost: 100]),
        ]
        let villages = (0..<2).map { _ in TestVillage(agriculturalPopulation: 100, township: 0) }
        let c = 0.2
        let input = makeInput(households, villages: villages, tiers: [1], line: 4000,
                              residual: ResidualSpread(perYuanEarned: c))
        var scenario = Scenario(name: "residual")
        scenario[.migrant] = SourceAssumption(growth: 0.25)
        let draws = 40_000
        let result = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: draws, seed: 3, threads: 2))
        func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        // Means and earned incomes after growth (migrant × 1.25).
        let expected = [
            normalCDF((8000 - 11_000) / (c * 11_000)),
            0,
            normalCDF((8000 - 10_000) / (c * 5000)),
            normalCDF((4000 - 5100) / (c * 5000)),
        ]
        for (i, p) in expected.enumerated() {
            let tolerance = 4.5 * (max(p * (1 - p), 1e-6) / Double(draws)).squareRoot()
            #expect(abs(result.householdPoorProbability[i] - p) < tolerance, "household \(i): \(result.householdPoorProbability[i]) vs \(p)")
        }
    }

    /// A county-wide shock hits every exposed household in the same draws; a township shock
    /// hits townships independently and spares unexposed tiers.
    @Test func commonShocksAreCommon() throws {
        var households: [TestHousehold] = []
        for i in 0..<30 {
            households.append(TestHousehold(persons: 1, village: i % 3, income: [.migrant: 3000, .planting: 3000]))
        }
        let villages = (0..<3).map { TestVillage(agriculturalPopulation: 100, township: $0) }
        let input = makeInput(households, villages: villages, tiers: [1, 1, 2])
        var scenario = Scenario(name: "shocks")
        scenario.shocks = [CommonShock(name: "migrant stop", sources: [.migrant], scope: .county, probability: 0.25, loss: 1)]
        let draws = 4000
        let county = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: draws, seed: 11))
        #expect(county.perDraw.allSatisfy { $0.poorHouseholds == 0 || $0.poorHouseholds == 30 })
        let hit = Double(county.perDraw.filter { $0.poorHouseholds == 30 }.count) / Double(draws)
        #expect(abs(hit - 0.25) < 4.5 * (0.25 * 0.75 / Double(draws)).squareRoot())

        scenario.shocks = [CommonShock(name: "harvest", sources: [.planting], scope: .township, tiers: [1], probability: 0.5, loss: 1)]
        let local = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: draws, seed: 11))
        // Townships 0 and 1 (tier 1) are hit independently, township 2 (tier 2) never.
        #expect(local.villageMeanPoorPersons[2] == 0)
        let both = Double(local.perDraw.filter { $0.poorHouseholds == 20 }.count) / Double(draws)
        #expect(abs(both - 0.25) < 4.5 * (0.25 * 0.75 / Double(draws)).squareRoot())
        #expect(local.perDraw.allSatisfy { [0, 10, 20].contains($0.poorHouseholds) })
    }

    /// Law of large numbers: the standard error of the mean shrinks as 1/√N.
    @Test func standardErrorShrinksAsOneOverRootN() throws {
        let input = randomCounty(households: 200)
        let scenario = busyScenario()
        let small = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: 400, seed: 8, threads: 2))
        let large = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: 1600, seed: 8, threads: 2))
        let ratio = small.poorPersons.standardError / large.poorPersons.standardError
        #expect(abs(ratio - 2) < 0.2, "ratio \(ratio)")
        // The spread of the mean across independent seeds shrinks the same way.
        func spreadOfMeans(draws: Int) throws -> Double {
            let means = try (0..<24).map { seed in
                try Simulation.run(input: input, scenario: scenario,
                                   options: SimulationOptions(draws: draws, seed: UInt64(1000 + seed), threads: 2)).poorPersons.mean
            }
            let mean = means.reduce(0, +) / Double(means.count)
            return (means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(means.count - 1)).squareRoot()
        }
        let empirical = try spreadOfMeans(draws: 25) / spreadOfMeans(draws: 100)
        #expect(empirical > 1.4 && empirical < 2.8, "empirical ratio \(empirical)")
    }

    @Test func earlyWarningListsUnregisteredHouseholdsMostAtRiskFirst() throws {
        let input = randomCounty(households: 300)
        let result = try Simulation.run(input: input, scenario: busyScenario(),
                                        options: SimulationOptions(draws: 64, seed: 4, earlyWarningCount: 15, earlyWarningMinimumProbability: 0.1))
        let list = result.earlyWarning
        #expect(list.count == 15)
        #expect(list.allSatisfy { !input.households.registeredPoor[$0.household] && $0.probability >= 0.1 })
        for (a, b) in zip(list, list.dropFirst()) {
            #expect(a.probability > b.probability || (a.probability == b.probability && a.household < b.household))
        }
        // Nobody unregistered and riskier was left out.
        let cutoff = list.last?.probability ?? 1
        let listed = Set(list.map(\.household))
        for h in 0..<input.households.count where !input.households.registeredPoor[h] && !listed.contains(h) {
            #expect(result.householdPoorProbability[h] <= cutoff)
        }
    }

    @Test func groupedGiniIsCloseToTheExactGini() throws {
        var rng = TestRandom(state: 12)
        let line = 4000.0, binsPerLine = 32, bins = 1024
        var histogram = [SIMD2<Double>](repeating: .zero, count: bins)
        var values: [Double] = [], weights: [Double] = []
        for _ in 0..<5000 {
            let pc = exp(log(5000) + 0.7 * RandomVariates.inverseNormalCDF(rng.uniform() * 0.999 + 0.0005))
            let n = rng.int(1...6)
            values.append(pc); weights.append(Double(n))
            let bin = min(Int(pc / line * Double(binsPerLine)), bins - 1)
            histogram[bin] += SIMD2(Double(n), pc * Double(n))
        }
        let grouped = histogram.withUnsafeBufferPointer { GroupedGini.gini($0, width: line / Double(binsPerLine)) }
        let exact = try IncomeDistribution(incomes: values, weights: weights).gini()
        #expect(exact > 0.3 && exact < 0.45)
        #expect(abs(grouped - exact) < 5e-4)
    }

    /// The draw loop's bin arithmetic (`GiniBins`: a minimum, an add into the binade [P, 2P), a
    /// shift and a mask) gives 16·min(⌊x⌋, bins − 1), the byte offset of the bin, for bin counts
    /// that are and are not powers of two; checked against `Int(x)` at and near every kind of
    /// edge and on random values. x within P·2⁻⁵² below an integer (P the power of two ≥ bins)
    /// may round up into the next bin, as `GiniBins` documents — and nothing else may.
    @Test func giniBinOffsetsAreTheFlooredScaledIncome() {
        var rng = TestRandom(state: 5)
        for bins in [2, 3, 1000, 1024, 1025, 4096] {
            let binning = GiniBins(count: bins)
            var values: [Double] = [0, 0.5, 1, 1.5, 2, Double(bins) - 2, Double(bins) - 1.5, Double(bins) - 1,
                                    Double(bins) - 0.5, Double(bins), Double(bins) + 0.25, 1e9, 1e300, .infinity,
                                    Double(bins - 1).nextDown, 1.0.nextDown, 1.0.nextUp, 0x1p-1074]
            for _ in 0..<2000 { values.append(rng.uniform() * Double(bins) * 1.2) }
            values += values.map { $0.rounded(.down) }
            for start in Swift.stride(from: 0, to: values.count - 3, by: 4) {
                let x = SIMD4(values[start], values[start + 1], values[start + 2], values[start + 3])
                let offsets = binning.byteOffsets(x)
                for lane in 0..<4 {
                    let expected = x[lane] >= Double(bins - 1) ? bins - 1 : Int(x[lane])
                    let power = Double(1 << ((bins - 1).bitWidth - (bins - 1).leadingZeroBitCount))
                    let roundsUp = x[lane] < Double(bins - 1) && x[lane].rounded(.up) - x[lane] <= power * 0x1p-52
                    #expect(offsets[lane] == UInt64(16 * expected) || (roundsUp && offsets[lane] == UInt64(16 * (expected + 1))),
                            "bins \(bins), x \(x[lane])")
                }
            }
        }
    }

    /// The streaming FGT sums of the hot loop equal Poverty's FGT(1) and FGT(2) of the same
    /// households (per-capita income, person weights), negative and zero incomes included.
    @Test func streamingGapSumsEqualPovertysFGT() throws {
        var rng = TestRandom(state: 31)
        let line = 3535.0, binsPerLine = 32
        var sums = PovertyGapSums()
        var perCapita: [Double] = [], weights: [Double] = []
        for i in 0..<3000 {
            let n = rng.int(1...7)
            let lineTimesPersons = line * Double(n)
            // Mostly around the line; every 50th household at zero or below (a loss year).
            let income = i % 50 == 0 ? -500 * rng.uniform() * Double(n) : lineTimesPersons * (0.3 + 1.4 * rng.uniform())
            sums.add(income: income, lineTimesPersons: lineTimesPersons, giniScale: Double(binsPerLine) / lineTimesPersons)
            perCapita.append(income / Double(n)); weights.append(Double(n))
        }
        let distribution = try IncomeDistribution(incomes: perCapita, weights: weights)
        let persons = weights.reduce(0, +)
        let fgt1 = try distribution.povertyGap(line: line), fgt2 = try distribution.squaredPovertyGap(line: line)
        #expect(fgt1 > 0.1 && fgt2 > 0.02)
        #expect(abs(sums.fgt1(line: line, persons: persons) - fgt1) < 1e-13)
        #expect(abs(sums.fgt2(line: line, persons: persons, binsPerLine: binsPerLine) - fgt2) < 1e-13)
        #expect(PovertyGapSums().fgt2(line: line, persons: 0, binsPerLine: binsPerLine) == 0)
    }

    @Test func progressIsReportedUpToTheLastDraw() throws {
        final class Log: @unchecked Sendable { var calls: [(Int, Int)] = []; let lock = NSLock() }
        let log = Log()
        let options = SimulationOptions(draws: 30, seed: 1, threads: 2, drawsPerBatch: 8) { done, total in
            log.lock.lock(); log.calls.append((done, total)); log.lock.unlock()
        }
        _ = try Simulation.run(input: randomCounty(households: 50), scenario: busyScenario(), options: options)
        #expect(log.calls.count == 4)
        #expect(log.calls.map(\.0) == log.calls.map(\.0).sorted())
        #expect(log.calls.last.map { $0 == (30, 30) } == true)
    }

    @Test func inconsistentInputIsRefused() {
        var input = randomCounty(households: 20)
        input.households.persons[3] = 0
        #expect(throws: SimulationInputError.invalidValue(field: "persons", index: 3, message: "must be at least 1")) {
            try Simulation.run(input: input, scenario: Scenario(name: "x"), options: SimulationOptions(draws: 4))
        }
        #expect(throws: SimulationInputError.self) {
            try Simulation.run(input: randomCounty(households: 20), scenario: Scenario(name: "x"), options: SimulationOptions(draws: 4, drawsPerBatch: 6))
        }
        var scenario = busyScenario()
        scenario.shocks[1].probability = 1.2
        #expect(throws: SimulationInputError.invalidValue(field: "scenario.shocks", index: 1, message: "needs probability and loss in [0, 1]")) {
            try Simulation.run(input: randomCounty(households: 20), scenario: scenario, options: SimulationOptions(draws: 4))
        }
    }
}
