import Foundation
import TestSupport
import Testing
import Optimization
@testable import Planning

@Suite("Fund allocation: known optima, MPS round trip, infeasibility")
struct FundAllocationTests {
    /// Line 3,000. Village 0: a household of 2 at 2,500 a head (gap 1,000) and one of 1 at 1,000 (gap 2,000);
    /// village 1: a household of 4 at 2,000 a head (gap 4,000). Planting: 1,000 yuan a household for 5,000
    /// a year, so 5 yuan a year per yuan (capacity does not bind). 600 yuan.
    /// Persons per yuan: 2/200, 1/400, 4/800 → fund the first (200 yuan, 2 persons), then half the third
    /// (400 yuan, 2 persons): 4 persons, shadow price 4/800 = 0.005 a yuan.
    /// Even spreading: 300 yuan (1,500 of income) each: village 0 lifts 2 + 500/2000 = 2.25, village 1
    /// 1,500/4,000·4 = 1.5, together 3.75.
    static let handSolved = AllocationFixture(
        villages: [(1, true), (3, true)],
        households: [.init(village: 0, size: 2, income: 5000), .init(village: 0, size: 1, income: 1000),
                     .init(village: 1, size: 4, income: 8000)],
        projects: [(.planting, 10_000, 10, 5000)],
        funds: [AllocationFixture.fund("F1", 600)])

    @Test func handSolvedOptimumAndShadowPrice() throws {
        let result = try FundAllocation.solve(Self.handSolved.registry, options: unweightedOptions())
        #expect(result.status == .optimal)
        #expect(abs(result.objectiveValue - 4) < 1e-6)
        #expect(abs(result.personsLifted - 4) < 1e-6)
        #expect(abs(result.cost - 600) < 1e-4)
        #expect(abs(result.sources[0].shadowPrice - 0.005) < 1e-7)
        #expect(result.householdsLifted == 1)
        #expect(abs(result.baseline.personsLifted - 3.75) < 1e-9)
        #expect(abs(result.baseline.cost - 600) < 1e-9)
    }

    /// Tier-1 weight 2 on village 0 makes its second household (1 person for 400 yuan, weight 2 → 0.005)
    /// tie with village 1 (4 persons for 800 yuan): the optimum is 2·2 + 400·0.005 = 6 either way.
    @Test func tierWeightEntersTheObjective() throws {
        var options = unweightedOptions()
        options.tier1Weight = 2
        let result = try FundAllocation.solve(Self.handSolved.registry, options: options)
        #expect(abs(result.objectiveValue - 6) < 1e-6)
    }

    /// One source, one type, capacity never binding: the optimum is the greedy ratio rule over all
    /// households (persons per yuan = size·r / gap), an independent reference; checked on seeded random instances.
    @Test(arguments: [1, 2, 3, 4, 5])
    func singleBudgetMatchesGreedyRatioRule(seed: Int) throws {
        var generator = TestRandom(seed: UInt64(seed))
        var households: [AllocationFixture.Household] = []
        for v in 0..<3 {
            for _ in 0..<6 {
                households.append(.init(village: v, size: 1 + Int(generator.next() % 6), income: Double(generator.next() % 3000) * Double(1 + generator.next() % 5)))
            }
        }
        let budget = 1000 + Double(generator.next() % 4000)
        let fixture = AllocationFixture(villages: [(1, true), (2, false), (3, true)], households: households,
                                        projects: [(.breeding, 100_000, 100, 8000)], funds: [AllocationFixture.fund("F", budget)])
        let result = try FundAllocation.solve(fixture.registry, options: unweightedOptions())
        // Greedy: r = 8,000 / 1,000 = 8 yuan a year per yuan.
        let r = 8.0
        let candidates = households.compactMap { h -> (persons: Double, yuan: Double)? in
            let gap = (3000 - h.income / Double(h.size)) * Double(h.size)
            return gap > 0 ? (Double(h.size), gap / r) : nil
        }.sorted { $0.persons / $0.yuan > $1.persons / $1.yuan }
        var left = budget, persons = 0.0
        for c in candidates where left > 0 {
            let share = min(1, left / c.yuan)
            persons += share * c.persons
            left -= share * c.yuan
        }
        #expect(result.status == .optimal)
        #expect(abs(result.personsLifted - persons) < 1e-5 * max(1, persons), "seed \(seed): LP \(result.personsLifted), greedy \(persons)")
        #expect(result.personsLifted >= result.baseline.personsLifted - 1e-6)
    }

    /// Two sources and two types with eligibility, per-village maxima and capacities; the optimum is
    /// checked against enumeration on a grid of how each source splits between the two villages.
    /// Village 0: 3 households of 2 persons, per-capita income 2,000 (gap 2,000 each); village 1: 2 of 3
    /// persons at 2,500 (gap 1,500 each). Planting: 500 a household for 1,000 a year (r = 2, capacity
    /// 500 per household). Breeding: 1,000 a household for 1,000 a year (r = 1). F1 pays planting only
    /// (2,000 yuan), F2 both (1,500 yuan, at most 1,000 a village). Safety-net households are ignored.
    @Test func twoSourcesAgainstEnumeration() throws {
        let fixture = AllocationFixture(
            villages: [(2, true), (2, true)],
            households: [.init(village: 0, size: 2, income: 4000), .init(village: 0, size: 2, income: 4000),
                         .init(village: 0, size: 2, income: 4000), .init(village: 1, size: 3, income: 7500),
                         .init(village: 1, size: 3, income: 7500), .init(village: 1, size: 5, income: 0, category: .safetyNet)],
            projects: [(.planting, 5000, 10, 1000), (.breeding, 10_000, 10, 1000)],
            funds: [AllocationFixture.fund("F1", 2000, types: [.planting]),
                    AllocationFixture.fund("F2", 1500, types: [.planting, .breeding], max: 1000)])
        let result = try FundAllocation.solve(fixture.registry, options: unweightedOptions())
        // Enumeration: planting p_v, breeding b_v per village; income p_v·2 + b_v; persons from the curve.
        // Capacity: planting ≤ 500·households (1,500 / 1,000), breeding ≤ 1,000·households (3,000 / 2,000).
        func persons(_ v: Int, _ income: Double) -> Double {
            v == 0 ? min(6, income / 2000 * 2) : min(6, income / 1500 * 3)
        }
        // A split (p_v, b_v) is payable when F1 can take f1_v ∈ [max(0, p_v + b_v − 1,000), p_v] (F2 then pays
        // the rest of the village, at most 1,000) with Σ f1 ≤ 2,000 and F2's total ≤ 1,500.
        var best = 0.0
        let step = 50.0
        for p0 in stride(from: 0.0, through: 1500, by: step) {
            for p1 in stride(from: 0.0, through: 1000, by: step) {
                for b0 in stride(from: 0.0, through: 1000, by: step) {
                    for b1 in stride(from: 0.0, through: 1000, by: step) {
                        let least = max(0, p0 + b0 - 1000) + max(0, p1 + b1 - 1000)
                        let lower = max(least, p0 + p1 + b0 + b1 - 1500), upper = min(p0 + p1, 2000)
                        guard lower <= upper else { continue }
                        best = max(best, persons(0, 2 * p0 + b0) + persons(1, 2 * p1 + b1))
                    }
                }
            }
        }
        #expect(abs(best - 9) < 1e-9)  // by hand: planting to capacity in both (2,500), breeding 1,000 in village 1
        #expect(result.status == .optimal)
        #expect(abs(result.personsLifted - best) < 1e-4, "LP \(result.personsLifted), enumeration \(best)")
        #expect(result.safetyNetPersons == 5)
    }

    /// The exported model, read back by the MPS reader and solved by the engine, has the same optimum.
    @Test func exportedModelRoundTrips() throws {
        let fixture = AllocationFixture(
            villages: [(1, true), (2, false), (3, true)],
            households: (0..<12).map { .init(village: $0 % 3, size: 1 + $0 % 4, income: Double(500 + 400 * $0)) },
            projects: [(.planting, 5000, 10, 1500), (.breeding, 20_000, 10, 3000), (.machinery, 8000, 10, 900)],
            funds: [AllocationFixture.fund("F1", 3000, types: [.planting, .breeding], max: 1500),
                    AllocationFixture.fund("F2", 2500, poorOnly: true),
                    AllocationFixture.fund("F3", 1000, types: [.machinery])])
        let registry = fixture.registry
        let options = FundAllocationOptions()
        let model = try FundAllocationModel(registry: registry, options: options)
        let result = FundAllocation.solve(model, registry: registry, options: options)
        let reread = try MPSReader.parse(MPSWriter.text(model.fullModel))
        let again = LPSolver.solve(reread)
        #expect(result.status == .optimal && again.status == .optimal)
        #expect(abs(result.objectiveValue - again.objective) < 1e-6 * max(1, abs(again.objective)))
        #expect(reread.rowCount == model.base.rowCount + model.pending.count)
        #expect(result.rounds == 0 && result.solvedRows == result.fullRows)
        // Row generation reaches the same optimum; it did add rows (so the test covers it) and left some out.
        var generating = options
        generating.rowGeneration = true
        let generated = FundAllocation.solve(model, registry: registry, options: generating)
        #expect(generated.status == .optimal)
        #expect(abs(generated.objectiveValue - again.objective) < 1e-6 * max(1, abs(again.objective)))
        #expect(generated.rounds > 0, "no per-village rule was added")
        #expect(generated.solvedRows < generated.fullRows, "every rule was added")
    }

    /// A minimum per village above what the source has: infeasible, and the report says what is short.
    @Test func minimumAboveBudgetIsReported() throws {
        let fixture = AllocationFixture(
            villages: [(1, true), (2, true)],
            households: [.init(village: 0, size: 2, income: 1000), .init(village: 1, size: 3, income: 1000)],
            projects: [(.planting, 5000, 10, 1500)],
            funds: [AllocationFixture.fund("F1", 500, min: 400)])
        let result = try FundAllocation.solve(fixture.registry, options: unweightedOptions())
        #expect(result.status == .infeasible)
        #expect(result.shortfalls.contains { $0.contains("F1") && $0.contains("short 300") }, "\(result.shortfalls)")
    }

    /// Villages that cannot absorb a fund's minimum are reported in village order, the same every run
    /// (the capacities are gathered in a dictionary; the report must not follow its order).
    @Test func villagesShortOfCapacityComeInVillageOrder() throws {
        let fixture = AllocationFixture(
            villages: (0..<9).map { (1 + $0 % 3, true) },
            households: (0..<9).map { .init(village: $0, size: 2, income: 1000) },
            projects: [(.planting, 5000, 10, 1500)],
            funds: [AllocationFixture.fund("F1", 1_000_000, min: 1_000_000)])
        let first = try FundAllocation.solve(fixture.registry, options: unweightedOptions())
        #expect(first.status == .infeasible)
        let named = first.shortfalls.compactMap { line -> Int? in
            guard line.hasPrefix("village V"), let id = line.dropFirst("village V".count).split(separator: " ").first else { return nil }
            return Int(id)
        }
        #expect(named == Array(0..<9), "\(first.shortfalls)")
        for _ in 0..<3 {
            let again = try FundAllocation.solve(fixture.registry, options: unweightedOptions())
            #expect(again.shortfalls == first.shortfalls)
        }
    }

    @Test func nothingToAllocateIsAnError() {
        var fixture = Self.handSolved
        fixture.funds = []
        #expect(throws: AllocationError.noFunds) { try FundAllocation.solve(fixture.registry) }
    }
}

