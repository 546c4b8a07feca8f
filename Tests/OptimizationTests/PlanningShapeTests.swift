import Testing
@testable import Optimization

@Suite("planning-shaped LP (few rows, many bounded columns)")
struct PlanningShapeTests {
    /// Fund allocation in the shape DESIGN.md describes: per village, households with gaps g (yuan)
    /// and weights w; column h ∈ [0, 1] lifts a household, money m_v ≥ 0 goes to the village; rows
    /// Σ_k g_vk·h_vk − m_v ≤ 0 per village and Σ_v m_v ≤ budget. This is a fractional knapsack over
    /// all households, so the optimum is the greedy one by w/g.
    @Test("fund allocation equals the greedy fractional knapsack")
    func fundAllocation() {
        var random = SplitMix(state: 7)
        let villages = 40, households = 60
        let budget = 2_000_000.0
        var model = LinearModel(name: "ALLOC", sense: .maximize)
        let budgetRow = model.addRow(Row(name: "budget", lower: -.infinity, upper: budget))
        var items: [(weight: Double, gap: Double)] = []
        for v in 0..<villages {
            let villageRow = model.addRow(Row(name: "village\(v)", lower: -.infinity, upper: 0))
            model.addVariable(Variable(name: "money\(v)"), column: [(villageRow, -1), (budgetRow, 1)])
            for k in 0..<households {
                let gap = 500 + 7_500 * random.next()
                let weight = (v % 3 == 0 ? 1.3 : 1.0) * (2 + 3 * random.next())
                items.append((weight, gap))
                model.addVariable(Variable(name: "h\(v)_\(k)", lower: 0, upper: 1, cost: weight),
                                  column: [(villageRow, gap)])
            }
        }
        var remaining = budget, expected = 0.0, marginalRatio = 0.0
        for item in items.sorted(by: { $0.weight / $0.gap > $1.weight / $1.gap }) {
            let take = min(1, remaining / item.gap)
            marginalRatio = item.weight / item.gap
            expected += take * item.weight
            remaining -= take * item.gap
            if remaining <= 0 { break }
        }
        let s = LPSolver.solve(model)
        #expect(s.status == .optimal)
        #expect(abs(s.objective - expected) <= 1e-7 * expected, "objective \(s.objective), greedy \(expected)")
        // The budget's shadow price is the ratio w/g of the marginal (fractional) household.
        let check = DualityCheck(model: model, solution: s)
        #expect(check.relativeDualityGap < 1e-7)
        #expect(abs(s.rowDuals[budgetRow] - marginalRatio) <= 1e-6 * marginalRatio)
    }
}

/// SplitMix64 in [0, 1), for reproducible test data.
struct SplitMix {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
