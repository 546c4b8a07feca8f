import Foundation
import Testing
@testable import Optimization

@Suite("branch and bound")
struct MIPTests {
    @Test("p0033: optimum 3089, gap closed")
    func p0033() throws {
        let model = try MPSReader.read(path: try referencePath("miplib/p0033.mps"))
        #expect(model.variableCount == 33)
        #expect(model.variables.allSatisfy { $0.isInteger && $0.lower == 0 && $0.upper == 1 })
        let relaxation = LPSolver.solveRelaxation(model)
        #expect(abs(relaxation.objective - 2520.57) < 0.01)
        let solution = LPSolver.solve(model)
        print("p0033: objective \(solution.objective) nodes \(solution.nodes) iterations \(solution.iterations) seconds \(solution.seconds) gap \(solution.gap)")
        #expect(solution.status == .optimal)
        #expect(abs(solution.objective - 3089) < 1e-6)
        #expect(solution.gap <= 1e-6)
        // The incumbent is integral and feasible.
        for x in solution.primal { #expect(abs(x - x.rounded()) < 1e-9) }
        #expect(solution.primalInfeasibility <= 1e-9)
    }

    @Test("p0033 written and read back: same integrality, bounds, rows and coefficients")
    func p0033RoundTrip() throws {
        let model = try MPSReader.read(path: try referencePath("miplib/p0033.mps"))
        let again = try MPSReader.parse(MPSWriter.text(model), file: "p0033-written.mps")
        #expect(again.variables == model.variables)
        #expect(again.rows == model.rows)
        #expect(again.matrix == model.matrix)
        #expect(again.objectiveConstant == model.objectiveConstant)
    }

    @Test("small knapsack solved by enumeration agrees")
    func knapsack() {
        // max 10a + 13b + 7c + 8d  s.t. 4a + 6b + 3c + 5d ≤ 10, binaries. Enumeration: best 23 (a, b)?
        let values = [10.0, 13, 7, 8], weights = [4.0, 6, 3, 5]
        var model = LinearModel(sense: .maximize)
        let row = model.addRow(Row(name: "cap", lower: -.infinity, upper: 10))
        for k in 0..<4 {
            model.addVariable(Variable(name: "x\(k)", lower: 0, upper: 1, cost: values[k], isInteger: true),
                              column: [(row, weights[k])])
        }
        var best = 0.0
        for mask in 0..<16 {
            var w = 0.0, v = 0.0
            for k in 0..<4 where mask & (1 << k) != 0 { w += weights[k]; v += values[k] }
            if w <= 10 { best = max(best, v) }
        }
        let solution = LPSolver.solve(model)
        #expect(solution.status == .optimal)
        #expect(abs(solution.objective - best) < 1e-6)
    }

    @Test("assignment (integral LP relaxation): one node, no cut round, a vertex, the optimum of enumeration")
    func integralRootAssignment() {
        // min Σ c_ij x_ij, each worker one job and each job one worker: the LP relaxation's vertices
        // are permutations (totally unimodular), so the cut loop finds its root integral.
        let cost: [[Double]] = [[9, 2, 7, 8], [6, 4, 3, 7], [5, 8, 1, 8], [7, 6, 9, 4]]
        let size = cost.count
        var model = LinearModel()
        let workers = (0..<size).map { model.addRow(Row(name: "w\($0)", lower: 1, upper: 1)) }
        let jobs = (0..<size).map { model.addRow(Row(name: "j\($0)", lower: 1, upper: 1)) }
        for i in 0..<size {
            for j in 0..<size {
                model.addVariable(Variable(name: "x\(i)\(j)", lower: 0, upper: 1, cost: cost[i][j], isInteger: true),
                                  column: [(workers[i], 1), (jobs[j], 1)])
            }
        }
        // Reference: the cheapest of the 24 permutations.
        func permutations(_ items: [Int]) -> [[Int]] {
            items.isEmpty ? [[]] : items.flatMap { k in permutations(items.filter { $0 != k }).map { [k] + $0 } }
        }
        let best = permutations(Array(0..<size)).map { p in (0..<size).reduce(0.0) { $0 + cost[$1][p[$1]] } }.min() ?? .nan
        for warmStart in [true, false] {
            var options = SolverOptions()
            options.warmStartNodes = warmStart
            let solution = LPSolver.solve(model, options: options)
            #expect(solution.status == .optimal)
            #expect(abs(solution.objective - best) < 1e-9)
            #expect(solution.nodes == 1)
            #expect(solution.root?.cutRounds == 0)
            if warmStart {
                // Crossed over: every value exactly at a bound.
                #expect(solution.primal.allSatisfy { $0 == 0 || $0 == 1 })
            }
        }
    }

    @Test("integer-infeasible model (2x = 1) is infeasible")
    func integerInfeasible() {
        var model = LinearModel()
        let x = model.addVariable(Variable(name: "x", lower: 0, upper: 10, cost: 1, isInteger: true))
        let y = model.addVariable(Variable(name: "y", lower: 0, upper: 10, cost: 1, isInteger: true))
        model.addRow(Row(name: "odd", lower: 1, upper: 1), coefficients: [(x, 2), (y, 4)])
        let solution = LPSolver.solve(model)
        #expect(solution.status == .infeasible)
    }
}
