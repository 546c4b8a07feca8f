import Testing
import TestSupport
@testable import Optimization

@Suite("planning-shaped LP (few rows, many bounded columns)")
struct PlanningShapeTests {
    /// Fund allocation in the shape DESIGN.md describes: per village, households with gaps g (yuan)
    /// and weights w; column h ∈ [0, 1] lifts a household, money m_v ≥ 0 goes to the village; rows
    /// Σ_k g_vk·h_vk − m_v ≤ 0 per village and Σ_v m_v ≤ budget. This is a fractional knapsack over
    /// all households, so the optimum is the greedy one by w/g.
    @Test("fund allocation equals the greedy fractional knapsack")
    func fundAllocation() {
        let instance = KnapsackAllocation(villages: 40, householdsPerVillage: 60, budget: 2_000_000, seed: 7)
        let (model, budgetRow, expected, marginalRatio) = (instance.model, instance.budgetRow, instance.greedyOptimum, instance.marginalRatio)
        let s = LPSolver.solve(model)
        #expect(s.status == .optimal)
        #expect(abs(s.objective - expected) <= 1e-7 * expected, "objective \(s.objective), greedy \(expected)")
        // The budget's shadow price is the ratio w/g of the marginal (fractional) household.
        let check = DualityCheck(model: model, solution: s)
        #expect(check.relativeDualityGap < 1e-7)
        #expect(abs(s.rowDuals[budgetRow] - marginalRatio) <= 1e-6 * marginalRatio)
    }
}

/// The fund-allocation shape as a fractional knapsack: `villages` villages of `householdsPerVillage`
/// households with random gaps g ∈ (500, 8,000) yuan and weights w ∈ (2, 5) (× 1.3 in every third
/// village); columns h ∈ [0, 1] per household and money m_v ≥ 0 per village; rows
/// Σ_k g_vk·h_vk − m_v ≤ 0 per village and Σ_v m_v ≤ budget. The independent answer is the greedy
/// rule by w/g: its optimum and the ratio of the marginal household (the budget's shadow price).
struct KnapsackAllocation {
    var model = LinearModel(name: "ALLOC", sense: .maximize)
    let budgetRow: Int
    var greedyOptimum = 0.0
    var marginalRatio = 0.0

    init(villages: Int, householdsPerVillage: Int, budget: Double, seed: UInt64) {
        var random = TestRandom(state: seed)
        budgetRow = model.addRow(Row(name: "budget", lower: -.infinity, upper: budget))
        var items: [(weight: Double, gap: Double)] = []
        for v in 0..<villages {
            let villageRow = model.addRow(Row(name: "village\(v)", lower: -.infinity, upper: 0))
            model.addVariable(Variable(name: "money\(v)"), column: [(villageRow, -1), (budgetRow, 1)])
            for k in 0..<householdsPerVillage {
                let gap = 500 + 7_500 * random.uniform()
                let weight = (v % 3 == 0 ? 1.3 : 1.0) * (2 + 3 * random.uniform())
                items.append((weight, gap))
                model.addVariable(Variable(name: "h\(v)_\(k)", lower: 0, upper: 1, cost: weight), column: [(villageRow, gap)])
            }
        }
        var remaining = budget
        for item in items.sorted(by: { $0.weight / $0.gap > $1.weight / $1.gap }) {
            let take = min(1, remaining / item.gap)
            marginalRatio = item.weight / item.gap
            greedyOptimum += take * item.weight
            remaining -= take * item.gap
            if remaining <= 0 { break }
        }
    }
}
