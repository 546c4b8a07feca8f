import Foundation
import Testing
import Optimization
@testable import Planning

/// Fund allocation on generated counties (20,000 households, ≈ 350 villages; 8,000 where the dense
/// normal equations serve as a second method): the interior-point method's sparse path on the real
/// model shape.
@Suite("Fund allocation on a generated county")
struct GeneratedAllocationTests {
    @Test func sparseAndDensePathsAgreeAndEveryRuleHolds() throws {
        let registry = CountyGenerator.generate(.daixian, households: 8_000, seed: 7)
        let options = FundAllocationOptions()
        let model = try FundAllocationModel(registry: registry, options: options)
        var sparseOptions = options
        sparseOptions.solver.normalEquations = .sparse
        var denseOptions = options
        denseOptions.solver.normalEquations = .dense
        let sparse = FundAllocation.solve(model, registry: registry, options: sparseOptions)
        let dense = FundAllocation.solve(model, registry: registry, options: denseOptions)
        try #require(sparse.status == .optimal && dense.status == .optimal)
        #expect(abs(sparse.objectiveValue - dense.objectiveValue) <= 1e-7 * (1 + abs(dense.objectiveValue)),
                "sparse \(sparse.objectiveValue), dense \(dense.objectiveValue)")
        for (s, d) in zip(sparse.sources, dense.sources) {
            #expect(abs(s.shadowPrice - d.shadowPrice) <= 1e-6 * (1 + abs(d.shadowPrice)), "source \(s.source)")
        }
        checkAllocationInvariants(sparse, model: model, registry: registry)
        #expect(sparse.personsLifted > sparse.baseline.personsLifted)
    }

    /// One source paying for the best project type only, no per-village rules: the model is a
    /// fractional knapsack whose items are the households (weighted persons per yuan
    /// `w_v·n_h·r / g_h`), each village truncated to the income its project capacity can deliver
    /// (`income per household × workable households`). The greedy ratio rule solves it exactly, and
    /// the source's shadow price is the ratio of the marginal (partly lifted) household.
    @Test func singleSourceMatchesGreedyRatioRule() throws {
        var registry = CountyGenerator.generate(.daixian, households: 20_000, seed: 8)
        let returns = ProjectReturns.estimate(registry.projects)
        let best = try #require(returns.max { $0.returnPerYuan < $1.returnPerYuan })
        let r = best.returnPerYuan
        let curves = GapCurves.build(registry)
        var items: [(ratio: Double, value: Double, yuan: Double)] = []
        var weights: [Double] = []
        let options = FundAllocationOptions()
        var need = 0.0
        for (v, village) in registry.villages.enumerated() {
            let w = (registry.townships[village.township].tier == 1 ? options.tier1Weight : 1) * (village.isPoor ? options.poorVillageWeight : 1)
            weights.append(w)
            var capacity = best.incomePerHousehold * Double(curves[v].workableHouseholds)
            for s in curves[v].segments where capacity > 0 {
                let share = min(1, capacity / s.gap)
                capacity -= share * s.gap
                let yuan = share * s.gap / r
                items.append((w * Double(s.persons) * r / s.gap, share * w * Double(s.persons), yuan))
                need += yuan
            }
        }
        let amount = (0.3 * need).rounded()
        registry.funds = [Fund(id: "ONE", name: "one source", kind: registry.funds[0].kind, amount: amount,
                               eligibleTypes: [best.type], minPerVillage: nil, maxPerVillage: nil, poorVillagesOnly: false)]
        var left = amount, expected = 0.0, marginal = 0.0
        for item in items.sorted(by: { $0.ratio > $1.ratio }) where left > 0 {
            let take = min(1, left / item.yuan)
            expected += take * item.value
            left -= take * item.yuan
            marginal = item.ratio
        }
        let result = try FundAllocation.solve(registry, options: options)
        try #require(result.status == .optimal)
        #expect(abs(result.objectiveValue - expected) <= 1e-6 * expected, "LP \(result.objectiveValue), greedy \(expected)")
        #expect(abs(result.sources[0].shadowPrice - marginal) <= 1e-5 * marginal,
                "shadow price \(result.sources[0].shadowPrice), marginal ratio \(marginal)")
        #expect(abs(result.cost - amount) <= 1e-6 * amount)
    }
}
