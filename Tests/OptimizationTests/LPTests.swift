import Foundation
import Testing
@testable import Optimization

@Suite("hand-made LPs")
struct LPTests {
    @Test("continuous knapsack: greedy by value/weight ratio is optimal")
    func continuousKnapsack() {
        let values = [60.0, 100, 120, 30, 45], weights = [10.0, 20, 30, 15, 5]
        let capacity = 47.0
        var model = LinearModel(sense: .maximize)
        let row = model.addRow(Row(name: "capacity", lower: -.infinity, upper: capacity))
        for k in values.indices {
            model.addVariable(Variable(name: "item\(k)", lower: 0, upper: 1, cost: values[k]), column: [(row, weights[k])])
        }
        // Closed form: take items by decreasing ratio, the last one fractionally.
        var remaining = capacity, expected = 0.0
        var expectedX = [Double](repeating: 0, count: values.count)
        for k in values.indices.sorted(by: { values[$0] / weights[$0] > values[$1] / weights[$1] }) {
            let take = min(1, remaining / weights[k])
            expectedX[k] = take
            expected += take * values[k]
            remaining -= take * weights[k]
            if remaining <= 0 { break }
        }
        let s = LPSolver.solve(model)
        #expect(s.status == .optimal)
        #expect(abs(s.objective - expected) <= 1e-7 * expected)
        for k in values.indices { #expect(abs(s.primal[k] - expectedX[k]) < 1e-6) }
        // The capacity's shadow price is the ratio of the fractional item (here item 2: 120/30 = 4).
        #expect(abs(s.rowDuals[row] - 4) < 1e-6)
    }

    @Test("free variables and ranged rows with a known solution")
    func freeAndRanged() {
        // min x − y  with x, y free,  1 ≤ x + y ≤ 3 (ranged),  −2 ≤ x − y ≤ 4 (ranged),  x ≥ −1 via row.
        // Optimum: x − y at its lower end −2, e.g. objective −2 (any x+y in [1,3]).
        // Add z free with cost 1 and row z − x = 0 (equality) to pin it: objective x − y + z.
        // Solve by hand: minimise x − y + x = 2x − y, with x − y ≥ −2, 1 ≤ x + y ≤ 3, x ≥ −1.
        // Vertices: x − y = −2 & x + y = 1 → x = −0.5, y = 1.5 → 2x − y = −2.5;
        //           x − y = −2 & x + y = 3 → x = 0.5, y = 2.5 → −1.5;  x = −1 & x + y = 3 → y = 4, x − y = −5 < −2 no;
        //           x = −1 & x − y = −2 → y = 1, x + y = 0 < 1 no.  Optimum −2.5 at (−0.5, 1.5, −0.5).
        var model = LinearModel()
        let x = model.addVariable(Variable(name: "x", lower: -.infinity, upper: .infinity, cost: 1))
        let y = model.addVariable(Variable(name: "y", lower: -.infinity, upper: .infinity, cost: -1))
        let z = model.addVariable(Variable(name: "z", lower: -.infinity, upper: .infinity, cost: 1))
        model.addRow(Row(name: "sum", lower: 1, upper: 3), coefficients: [(x, 1), (y, 1)])
        model.addRow(Row(name: "diff", lower: -2, upper: 4), coefficients: [(x, 1), (y, -1)])
        model.addRow(Row(name: "link", lower: 0, upper: 0), coefficients: [(z, 1), (x, -1)])
        model.addRow(Row(name: "xmin", lower: -1, upper: .infinity), coefficients: [(x, 1)])
        let s = LPSolver.solve(model)
        #expect(s.status == .optimal)
        #expect(abs(s.objective + 2.5) < 1e-7)
        #expect(abs(s.primal[x] + 0.5) < 1e-6)
        #expect(abs(s.primal[y] - 1.5) < 1e-6)
        #expect(abs(s.primal[z] + 0.5) < 1e-6)
        let check = DualityCheck(model: model, solution: s)
        #expect(check.relativeDualityGap < 1e-7)
        #expect(check.dualResidual < 1e-7)
    }

    @Test("objective constant and maximisation")
    func constantAndMax() {
        var model = LinearModel(sense: .maximize, objectiveConstant: 7)
        let a = model.addVariable(Variable(name: "a", lower: 0, upper: 4, cost: 3))
        let b = model.addVariable(Variable(name: "b", lower: 1, upper: .infinity, cost: -1))
        model.addRow(Row(name: "r", lower: -.infinity, upper: 6), coefficients: [(a, 1), (b, 1)])
        let s = LPSolver.solve(model)
        #expect(s.status == .optimal)
        #expect(abs(s.objective - (7 + 12 - 1)) < 1e-7)
    }

    @Test("infeasible through bounds and rows", arguments: InfeasibleShape.allCases)
    func infeasible(shape: InfeasibleShape) {
        let s = LPSolver.solve(shape.model)
        #expect(s.status == .infeasible, "\(shape)")
    }

    @Test("unbounded rays", arguments: UnboundedShape.allCases)
    func unbounded(shape: UnboundedShape) {
        let s = LPSolver.solve(shape.model)
        #expect(s.status == .unbounded, "\(shape)")
    }

    @Test("infeasible model solved without presolve gives a Farkas ray")
    func farkas() {
        var options = SolverOptions()
        options.presolve = false
        let model = InfeasibleShape.rows.model
        let s = LPSolver.solve(model, options: options)
        #expect(s.status == .infeasible)
        #expect(s.farkasRay.count == model.rowCount)
    }
}

enum InfeasibleShape: String, CaseIterable, CustomStringConvertible {
    /// x + y ≥ 5 with x, y ≤ 2.
    case bounds
    /// x + y ≤ 1 and x + y ≥ 3.
    case rows
    /// A singleton row contradicts a bound: 2x ≥ 10 with x ≤ 3.
    case singleton
    /// Crossed variable bounds.
    case crossedBounds
    /// Equalities that conflict only through a chain: x − y = 1, y − z = 1, x − z = 3, free variables.
    case chain
    /// Larger: transportation problem with supply below demand.
    case transport

    var description: String { rawValue }

    var model: LinearModel {
        var m = LinearModel()
        switch self {
        case .bounds:
            let x = m.addVariable(Variable(name: "x", lower: 0, upper: 2, cost: 1))
            let y = m.addVariable(Variable(name: "y", lower: 0, upper: 2, cost: 1))
            m.addRow(Row(name: "r", lower: 5, upper: .infinity), coefficients: [(x, 1), (y, 1)])
            m.addRow(Row(name: "s", lower: -.infinity, upper: 10), coefficients: [(x, 1), (y, -1)])
        case .rows:
            let x = m.addVariable(Variable(name: "x", cost: 1))
            let y = m.addVariable(Variable(name: "y", cost: 2))
            m.addRow(Row(name: "le", lower: -.infinity, upper: 1), coefficients: [(x, 1), (y, 1)])
            m.addRow(Row(name: "ge", lower: 3, upper: .infinity), coefficients: [(x, 1), (y, 1)])
        case .singleton:
            let x = m.addVariable(Variable(name: "x", lower: 0, upper: 3, cost: 1))
            let y = m.addVariable(Variable(name: "y", cost: 1))
            m.addRow(Row(name: "single", lower: 10, upper: .infinity), coefficients: [(x, 2)])
            m.addRow(Row(name: "other", lower: 1, upper: .infinity), coefficients: [(x, 1), (y, 1)])
        case .crossedBounds:
            let x = m.addVariable(Variable(name: "x", lower: 2, upper: 1, cost: 1))
            let y = m.addVariable(Variable(name: "y", cost: 1))
            m.addRow(Row(name: "r", lower: 1, upper: .infinity), coefficients: [(x, 1), (y, 1)])
        case .chain:
            let x = m.addVariable(Variable(name: "x", lower: -.infinity, upper: .infinity, cost: 1))
            let y = m.addVariable(Variable(name: "y", lower: -.infinity, upper: .infinity, cost: 0))
            let z = m.addVariable(Variable(name: "z", lower: -.infinity, upper: .infinity, cost: -1))
            m.addRow(Row(name: "xy", lower: 1, upper: 1), coefficients: [(x, 1), (y, -1)])
            m.addRow(Row(name: "yz", lower: 1, upper: 1), coefficients: [(y, 1), (z, -1)])
            m.addRow(Row(name: "xz", lower: 3, upper: 3), coefficients: [(x, 1), (z, -1)])
        case .transport:
            let supply = [10.0, 15, 5], demand = [12.0, 9, 11]   // 30 < 32
            var supplyRows: [Int] = [], demandRows: [Int] = []
            for (s, v) in supply.enumerated() {
                supplyRows.append(m.addRow(Row(name: "supply\(s)", lower: -.infinity, upper: v)))
            }
            for (d, v) in demand.enumerated() {
                demandRows.append(m.addRow(Row(name: "demand\(d)", lower: v, upper: .infinity)))
            }
            for s in supply.indices {
                for d in demand.indices {
                    m.addVariable(Variable(name: "ship\(s)_\(d)", cost: Double(1 + s + 2 * d)),
                                  column: [(supplyRows[s], 1), (demandRows[d], 1)])
                }
            }
        }
        return m
    }
}

enum UnboundedShape: String, CaseIterable, CustomStringConvertible {
    /// min −x − y, x − y ≤ 1, x, y ≥ 0: the ray (1, 1).
    case ray
    /// A free variable with a cost and no rows besides a free-standing range on another variable.
    case emptyColumn
    /// max x + y with x − y = 0 and a free variable.
    case freeMaximize
    /// min −x with x ≥ 0 appearing only in a ≥ row.
    case looseRow

    var description: String { rawValue }

    var model: LinearModel {
        switch self {
        case .ray:
            var m = LinearModel()
            let x = m.addVariable(Variable(name: "x", cost: -1))
            let y = m.addVariable(Variable(name: "y", cost: -1))
            m.addRow(Row(name: "r", lower: -.infinity, upper: 1), coefficients: [(x, 1), (y, -1)])
            m.addRow(Row(name: "s", lower: -.infinity, upper: 4), coefficients: [(x, 1), (y, -2)])
            return m
        case .emptyColumn:
            var m = LinearModel()
            let x = m.addVariable(Variable(name: "x", lower: 0, upper: 5, cost: 1))
            _ = m.addVariable(Variable(name: "free", lower: -.infinity, upper: .infinity, cost: 2))
            let y = m.addVariable(Variable(name: "y", cost: 1))
            m.addRow(Row(name: "r", lower: 1, upper: 3), coefficients: [(x, 1), (y, 1)])
            return m
        case .freeMaximize:
            var m = LinearModel(sense: .maximize)
            let x = m.addVariable(Variable(name: "x", lower: -.infinity, upper: .infinity, cost: 1))
            let y = m.addVariable(Variable(name: "y", lower: -.infinity, upper: .infinity, cost: 1))
            m.addRow(Row(name: "eq", lower: 0, upper: 0), coefficients: [(x, 1), (y, -1)])
            return m
        case .looseRow:
            var m = LinearModel()
            let x = m.addVariable(Variable(name: "x", cost: -1))
            let y = m.addVariable(Variable(name: "y", lower: 0, upper: 1, cost: 1))
            m.addRow(Row(name: "ge", lower: 2, upper: .infinity), coefficients: [(x, 1), (y, 1)])
            m.addRow(Row(name: "le", lower: -.infinity, upper: 3), coefficients: [(x, -1), (y, 1)])
            return m
        }
    }
}
