import Foundation
import Testing
@testable import Optimization

/// The bounded dual simplex warm started from an optimal basis after bounds change, against a second
/// method (the interior point solving the changed LP from scratch) and against closed forms.
@Suite("dual simplex warm start")
struct DualSimplexTests {
    /// Optimal basis of `model`'s LP from the interior point and crossover.
    static func optimalBasis(_ model: LinearModel) throws -> Basis { try crossed(model).basis }

    static func crossed(_ model: LinearModel) throws -> (basis: Basis, x: [Double]) {
        var options = SolverOptions()
        options.crossover = true
        let solution = LPSolver.solveRelaxation(model, options: options)
        try #require(solution.crossover?.outcome == .optimal)
        return (try #require(solution.basis), solution.primal)
    }

    static func objective(_ p: BoundedProblem, _ x: [Double]) -> Double {
        var s = p.offset
        for j in 0..<x.count { s += p.c[j] * x[j] }
        return s
    }

    /// Largest violation of the rows and bounds by `x`, relative to `1 + |bound|`.
    static func violation(_ p: BoundedProblem, _ x: [Double]) -> Double {
        let activity = p.a.multiply(x)
        var worst = 0.0
        for i in 0..<p.a.rows {
            worst = max(worst, (p.rowLower[i] - activity[i]) / (1 + abs(p.rowLower[i])),
                        (activity[i] - p.rowUpper[i]) / (1 + abs(p.rowUpper[i])))
        }
        for j in 0..<x.count {
            worst = max(worst, (p.lower[j] - x[j]) / (1 + abs(p.lower[j])), (x[j] - p.upper[j]) / (1 + abs(p.upper[j])))
        }
        return max(0, worst)
    }

    /// Solves `problem` by the dual simplex from `basis` and by the interior point from scratch, and
    /// compares: the same status, and when optimal the same objective to 1e-9 relative and a point
    /// feasible to 1e-9.
    static func compareWithInteriorPoint(_ problem: BoundedProblem, from basis: Basis, label: String) throws {
        let dual = DualSimplex.run(problem, from: basis, options: DualSimplexOptions(), deadline: .infinity)
        var options = SolverOptions()
        options.iterationLimit = 300
        var reference = LPSolver.solveBounded(problem, options: options, deadline: .infinity)
        // The interior point is accurate to its 1e-8 tolerances only: its crossover (a primal simplex
        // clean-up, not the dual simplex) gives the vertex the objectives are compared at.
        let (crossed, _) = LPSolver.crossOver(problem, &reference, options: options, deadline: .infinity)
        if reference.status == .optimal { try #require(crossed.outcome == .optimal, "\(label): crossover \(crossed.outcome)") }
        print("\(label): dual simplex \(dual.status) in \(dual.iterations) iterations, interior point \(reference.status)")
        if reference.status == .infeasible {
            #expect(dual.status == .infeasible, "\(label): interior point says infeasible, dual simplex \(dual.status)")
            return
        }
        try #require(reference.status == .optimal, "\(label): reference \(reference.status)")
        try #require(dual.status == .optimal, "\(label): dual simplex \(dual.status)")
        let expected = objective(problem, reference.x), found = objective(problem, dual.x)
        #expect(abs(found - expected) <= 1e-9 * max(1, abs(expected)), "\(label): \(found) vs interior point \(expected)")
        #expect(violation(problem, dual.x) <= 1e-9, "\(label): violation \(violation(problem, dual.x))")
        // The dual objective of the final basis closes the gap.
        #expect(abs(dual.dualObjective - found) <= 1e-9 * max(1, abs(found)))
    }

    @Test("netlib: from the optimal basis, the certified optimum in no iteration", arguments: netlibOptima.map(\.name))
    func netlibUnchanged(name: String) throws {
        let optimum = try #require(netlibOptima.first { $0.name == name }).optimum
        let model = try MPSReader.read(path: try referencePath("netlib/\(name).mps"))
        let basis = try Self.optimalBasis(model)
        let problem = LPSolver.boundedProblem(model)
        let dual = DualSimplex.run(problem, from: basis, options: DualSimplexOptions(), deadline: .infinity)
        try #require(dual.status == .optimal)
        #expect(dual.iterations == 0)
        let found = Self.objective(problem, dual.x)
        #expect(abs(found - optimum) <= 1e-9 * abs(optimum), "\(found) vs certified \(optimum)")
        #expect(Self.violation(problem, dual.x) <= 1e-9)
    }

    /// Three children per model, as branch and bound makes them: the basic columns with the largest
    /// values get an upper bound below their value (half of it) or a lower bound above it.
    @Test("netlib: one bound changed, dual simplex from the parent basis vs interior point from scratch",
          arguments: netlibOptima.map(\.name))
    func netlibChild(name: String) throws {
        let model = try MPSReader.read(path: try referencePath("netlib/\(name).mps"))
        let (basis, primal) = try Self.crossed(model)
        let parent = LPSolver.boundedProblem(model)
        let basicColumns = (0..<model.variableCount).filter { basis.columns[$0] == .basic && abs(primal[$0]) > 1e-6 }
            .sorted { abs(primal[$0]) > abs(primal[$1]) || (abs(primal[$0]) == abs(primal[$1]) && $0 < $1) }
        try #require(basicColumns.count >= 2)
        for (index, j) in basicColumns.prefix(3).enumerated() {
            var child = parent
            let v = primal[j]
            if index == 1 {
                child.lower[j] = v + 0.5 * abs(v)
            } else {
                child.upper[j] = v - 0.5 * abs(v)
            }
            try Self.compareWithInteriorPoint(child, from: basis, label: "\(name) column \(j) child \(index)")
        }
    }

    /// max x + y s.t. x + 2y ≤ 4, 3x + y ≤ 6, x, y ≥ 0: optimum (1.6, 1.2). Children by hand:
    /// x ≤ 1 → (1, 1.5), value 2.5; x ≥ 2 → (2, 0), value 2; x ≥ 3 → infeasible (3x ≤ 6).
    @Test func handMadeChildren() throws {
        var model = LinearModel(name: "HAND", sense: .maximize)
        let x = model.addVariable(Variable(name: "x", lower: 0, upper: .infinity, cost: 1))
        let y = model.addVariable(Variable(name: "y", lower: 0, upper: .infinity, cost: 1))
        model.addRow(Row(name: "a", lower: -.infinity, upper: 4), coefficients: [(x, 1), (y, 2)])
        model.addRow(Row(name: "b", lower: -.infinity, upper: 6), coefficients: [(x, 3), (y, 1)])
        let basis = try Self.optimalBasis(model)
        #expect(basis.columns == [.basic, .basic])
        let parent = LPSolver.boundedProblem(model)
        let cases: [(lower: Double, upper: Double, x: [Double]?)] = [
            (0, 1, [1, 1.5]), (2, .infinity, [2, 0]), (3, .infinity, nil),
        ]
        for c in cases {
            var child = parent
            child.lower[0] = c.lower
            child.upper[0] = c.upper
            let dual = DualSimplex.run(child, from: basis, options: DualSimplexOptions(), deadline: .infinity)
            if let expected = c.x {
                try #require(dual.status == .optimal)
                #expect(abs(dual.x[0] - expected[0]) <= 1e-12 && abs(dual.x[1] - expected[1]) <= 1e-12, "\(dual.x)")
                #expect(abs(-Self.objective(child, dual.x) - (expected[0] + expected[1])) <= 1e-12)
            } else {
                #expect(dual.status == .infeasible)
            }
        }
    }

    /// Boxed columns, where the ratio test flips bounds: max Σ (k+1)·x_k over 0 ≤ x_k ≤ 1 with
    /// Σ x_k ≤ 2.5 takes the largest costs first: x = (0, 0, 0.5, 1, 1), value 5·1 + 4·1 + 3·0.5 = 10.5.
    /// With the row tightened to Σ x_k ≤ 0.5 (a row bound change): x₄ = 0.5 only, value 2.5.
    @Test func boxedColumnsBoundFlips() throws {
        var model = LinearModel(name: "BOX", sense: .maximize)
        var terms: [(Int, Double)] = []
        for k in 0..<5 {
            terms.append((model.addVariable(Variable(name: "x\(k)", lower: 0, upper: 1, cost: Double(k + 1))), 1))
        }
        model.addRow(Row(name: "cap", lower: -.infinity, upper: 2.5), coefficients: terms)
        let basis = try Self.optimalBasis(model)
        var child = LPSolver.boundedProblem(model)
        let dual0 = DualSimplex.run(child, from: basis, options: DualSimplexOptions(), deadline: .infinity)
        try #require(dual0.status == .optimal)
        #expect(abs(-Self.objective(child, dual0.x) - 10.5) <= 1e-12)
        child.rowUpper[0] = 0.5
        let dual = DualSimplex.run(child, from: basis, options: DualSimplexOptions(), deadline: .infinity)
        try #require(dual.status == .optimal)
        #expect(abs(-Self.objective(child, dual.x) - 2.5) <= 1e-12)
        #expect(dual.x.map { abs($0) } .enumerated().allSatisfy { $0.offset == 4 ? abs($0.element - 0.5) <= 1e-12 : $0.element <= 1e-12 })
    }

    /// p0033 (proven optimum 3089, MIPLIB) by branch and bound with warm-started nodes and without:
    /// both reach that optimum.
    @Test func p0033WarmAndCold() throws {
        let model = try MPSReader.read(path: try referencePath("miplib/p0033.mps"))
        var options = SolverOptions()
        options.warmStartNodes = true
        let warm = LPSolver.solve(model, options: options)
        options.warmStartNodes = false
        let cold = LPSolver.solve(model, options: options)
        print("p0033: warm \(warm.nodes) nodes \(warm.seconds) s, cold \(cold.nodes) nodes \(cold.seconds) s")
        #expect(warm.status == .optimal && cold.status == .optimal)
        #expect(abs(warm.objective - 3089) <= 1e-6 * 3089)
        #expect(abs(cold.objective - 3089) <= 1e-6 * 3089)
    }
}
