import Foundation
import Testing
import TestSupport
@testable import Optimization

/// Integer presolve and root cuts: on small random integer programs every integer-feasible point
/// (found by enumerating the whole box) still satisfies the presolved rows and every cut, and branch
/// and bound finds the enumerated optimum; on mixed programs the optimum with presolve and cuts is
/// that of plain branch and bound and its optimal point satisfies every cut; on p0033 and a
/// resettlement model the root bound rises and stays below the certified (HiGHS) optimum.
@Suite("integer presolve and root cuts")
struct CutTests {

    /// A random problem: `binaries` 0/1 columns, `generals` integers in [0, 3], `continuous` columns in
    /// [0, 4]; three rows (two knapsack-like `≤`, one `≥` or ranged) with one-decimal coefficients.
    static func randomProblem(seed: UInt64, binaries: Int, generals: Int, continuous: Int) -> (BoundedProblem, [Bool]) {
        var g = TestRandom(state: seed)
        let n = binaries + generals + continuous
        let integer = (0..<n).map { $0 < binaries + generals }
        let upper = (0..<n).map { $0 < binaries ? 1.0 : ($0 < binaries + generals ? 3.0 : 4.0) }
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        var rowLower: [Double] = [], rowUpper: [Double] = []
        for i in 0..<3 {
            var maximum = 0.0, minimum = 0.0
            for j in 0..<n where g.uniform() < 0.8 {
                let a = Double(g.integer(i == 2 ? -40...60 : -10...90)) / 10
                guard a != 0 else { continue }
                rows.append(i); columns.append(j); values.append(a)
                maximum += max(0, a) * upper[j]; minimum += min(0, a) * upper[j]
            }
            if i < 2 {
                rowLower.append(-.infinity)
                rowUpper.append(((minimum + (0.25 + 0.4 * g.uniform()) * (maximum - minimum)) * 10).rounded() / 10)
            } else {
                rowLower.append(((minimum + 0.2 * g.uniform() * (maximum - minimum)) * 10).rounded() / 10)
                rowUpper.append(g.uniform() < 0.5 ? .infinity : ((minimum + 0.9 * (maximum - minimum)) * 10).rounded() / 10)
            }
        }
        let c = (0..<n).map { _ in Double(g.integer(-100...60)) / 10 }
        let a = SparseMatrix(rows: 3, columns: n, triplets: rows, columns, values)
        return (BoundedProblem(a: a, c: c, lower: [Double](repeating: 0, count: n), upper: upper,
                               rowLower: rowLower, rowUpper: rowUpper, offset: 0), integer)
    }

    /// Whether `x` satisfies the rows and bounds of `p` within `tolerance` (relative to 1 + |side|).
    static func satisfies(_ p: BoundedProblem, _ x: [Double], tolerance: Double = 1e-7) -> Bool {
        let activity = p.a.multiply(x)
        for i in 0..<p.a.rows {
            if activity[i] < p.rowLower[i] - tolerance * (1 + abs(p.rowLower[i])) { return false }
            if activity[i] > p.rowUpper[i] + tolerance * (1 + abs(p.rowUpper[i])) { return false }
        }
        for j in 0..<x.count where x[j] < p.lower[j] - tolerance || x[j] > p.upper[j] + tolerance { return false }
        return true
    }

    /// Every integer point of the box `[lower, upper]` (all columns integer).
    static func boxPoints(_ p: BoundedProblem) -> [[Double]] {
        var points: [[Double]] = [[]]
        for j in 0..<p.a.columns {
            var next: [[Double]] = []
            for point in points {
                for v in Int(p.lower[j])...Int(p.upper[j]) { next.append(point + [Double(v)]) }
            }
            points = next
        }
        return points
    }

    /// The model of a `BoundedProblem` (minimisation), for `LPSolver.solve`.
    static func model(_ p: BoundedProblem, _ integer: [Bool]) -> LinearModel {
        var model = LinearModel()
        var rowIDs: [Int] = []
        for i in 0..<p.a.rows { rowIDs.append(model.addRow(Row(name: "r\(i)", lower: p.rowLower[i], upper: p.rowUpper[i]))) }
        for j in 0..<p.a.columns {
            let range = p.a.columnStart[j]..<p.a.columnStart[j + 1]
            model.addVariable(Variable(name: "x\(j)", lower: p.lower[j], upper: p.upper[j], cost: p.c[j], isInteger: integer[j]),
                              column: range.map { (rowIDs[p.a.rowIndex[$0]], p.a.values[$0]) })
        }
        return model
    }

    @Test("coefficient tightening: 3x + 2y ≤ 4 on binaries becomes x + y ≤ 1")
    func coefficientTightening() {
        let a = SparseMatrix(rows: 1, columns: 2, triplets: [0, 0], [0, 1], [3, 2])
        let p = BoundedProblem(a: a, c: [-1, -1], lower: [0, 0], upper: [1, 1], rowLower: [-.infinity], rowUpper: [4], offset: 0)
        let presolve = IntegerPresolve(p, integer: [true, true])
        #expect(presolve.feasible)
        #expect(presolve.tightenedCoefficients == 2)
        #expect(presolve.problem.a.values == [1, 1])
        #expect(presolve.problem.rowUpper == [1])
    }

    @Test("no integer-feasible point is cut off by presolve or cuts; the optimum is the enumerated one",
          arguments: 0..<6)
    func pureInteger(batch: Int) throws {
        var cutsChecked = 0, instances = 0
        for k in 0..<10 {
            let seed = UInt64(1000 + 10 * batch + k)
            let (p, integer) = Self.randomProblem(seed: seed, binaries: 6, generals: 2, continuous: 0)
            let feasible = Self.boxPoints(p).filter { Self.satisfies(p, $0, tolerance: 1e-12) }
            let presolve = IntegerPresolve(p, integer: integer)
            if !presolve.feasible { #expect(feasible.isEmpty, "seed \(seed): presolve says infeasible"); continue }
            for x in feasible { #expect(Self.satisfies(presolve.problem, x), "seed \(seed): presolve cuts off \(x)") }
            let cuts = RootCuts(presolve.problem, integer: integer, options: SolverOptions(), deadline: .infinity)
            for cut in cuts.added {
                for x in feasible {
                    #expect(cut.activity(x) >= cut.lower - 1e-7 * (1 + abs(cut.lower)), "seed \(seed): cut cuts off \(x)")
                }
                cutsChecked += 1
            }
            for x in feasible { #expect(Self.satisfies(cuts.problem, x), "seed \(seed): kept rows cut off \(x)") }
            let solution = LPSolver.solve(Self.model(p, integer))
            if let best = feasible.map({ x in zip(p.c, x).reduce(0) { $0 + $1.0 * $1.1 } }).min() {
                instances += 1
                #expect(solution.status == .optimal, "seed \(seed)")
                #expect(abs(solution.objective - best) <= 1e-6 * (1 + abs(best)), "seed \(seed): \(solution.objective) vs \(best)")
            } else {
                #expect(solution.status == .infeasible, "seed \(seed)")
            }
        }
        print("batch \(batch): \(instances) feasible instances, \(cutsChecked) cuts checked against every integer point")
        #expect(instances >= 3)
    }

    @Test("mixed programs: optimum as plain branch and bound, its point satisfies every cut", arguments: 0..<3)
    func mixed(batch: Int) throws {
        var plain = SolverOptions()
        plain.integerPresolve = false
        plain.cutRounds = 0
        var cutsChecked = 0
        for k in 0..<8 {
            let seed = UInt64(5000 + 10 * batch + k)
            let (p, integer) = Self.randomProblem(seed: seed, binaries: 5, generals: 2, continuous: 3)
            let model = Self.model(p, integer)
            let reference = LPSolver.solve(model, options: plain)
            let solution = LPSolver.solve(model)
            #expect(solution.status == reference.status, "seed \(seed)")
            guard reference.status == .optimal else { continue }
            #expect(abs(solution.objective - reference.objective) <= 1e-6 * (1 + abs(reference.objective)), "seed \(seed)")
            let presolve = IntegerPresolve(p, integer: integer)
            try #require(presolve.feasible)
            #expect(Self.satisfies(presolve.problem, reference.primal, tolerance: 1e-6))
            let cuts = RootCuts(presolve.problem, integer: integer, options: SolverOptions(), deadline: .infinity)
            for cut in cuts.added {
                #expect(cut.activity(reference.primal) >= cut.lower - 1e-6 * (1 + abs(cut.lower)), "seed \(seed)")
                cutsChecked += 1
            }
        }
        print("mixed batch \(batch): \(cutsChecked) cuts checked against the optimum of plain branch and bound")
    }

    @Test("knapsack covers hold at every 0/1 point of random knapsacks")
    func covers() {
        var g = TestRandom(state: 77)
        var found = 0
        for _ in 0..<40 {
            let n = 8
            let weights = (0..<n).map { _ in Double(g.integer(-20...90)) / 10 }
            let positive = weights.filter { $0 > 0 }.reduce(0, +)
            let b = (0.3 + 0.3 * g.uniform()) * positive
            let a = SparseMatrix(rows: 1, columns: n, triplets: [Int](repeating: 0, count: n), Array(0..<n), weights)
            let p = BoundedProblem(a: a, c: [Double](repeating: 0, count: n), lower: [Double](repeating: 0, count: n),
                                   upper: [Double](repeating: 1, count: n), rowLower: [-.infinity], rowUpper: [b], offset: 0)
            let x = (0..<n).map { _ in g.uniform() }
            let cuts = CutSeparator.knapsackCovers(p, integer: [Bool](repeating: true, count: n), x: x, rowLimit: 1)
            for cut in cuts {
                found += 1
                #expect(cut.activity(x) < cut.lower)
                for mask in 0..<(1 << n) {
                    let point = (0..<n).map { mask & (1 << $0) != 0 ? 1.0 : 0.0 }
                    guard zip(weights, point).reduce(0, { $0 + $1.0 * $1.1 }) <= b else { continue }
                    #expect(cut.activity(point) >= cut.lower - 1e-9, "cover cuts off \(point)")
                }
            }
        }
        #expect(found >= 5)
    }

    @Test("p0033: the cuts raise the root bound above the LP's 2520.57, below the optimum 3089")
    func p0033RootBound() throws {
        let model = try MPSReader.read(path: try referencePath("miplib/p0033.mps"))
        let solution = LPSolver.solve(model)
        let root = try #require(solution.root)
        print("p0033 root: LP \(root.lpBound) → cuts \(root.cutBound), \(root.cutsKept)/\(root.cutsAdded) cuts, \(root.cutRounds) rounds, nodes \(solution.nodes)")
        #expect(root.lpBound >= 2520.57 - 0.01)
        #expect(root.cutBound > root.lpBound + 1)
        #expect(root.cutBound <= 3089 + 1e-6)
        #expect(abs(solution.objective - 3089) < 1e-6)
    }

    @Test("r30x4-s1: the root bound rises and stays below HiGHS's optimum")
    func resettlementRootBound() throws {
        let path = ResettlementMIPTests.directory.appendingPathComponent("r30x4-s1.mps").path
        let model = try MPSReader.read(path: path)
        var options = SolverOptions()
        options.timeLimit = 120
        let solution = LPSolver.solve(model, options: options)
        let root = try #require(solution.root)
        print("r30x4-s1 root: LP \(root.lpBound) → cuts \(root.cutBound), \(root.cutsKept)/\(root.cutsAdded) cuts, \(root.cutRounds) rounds, nodes \(solution.nodes)")
        #expect(root.cutBound > root.lpBound)
        guard let reference = try ResettlementMIPTests.highs(path) else { return }
        // Maximisation? The bound is in the model's sense: valid means on the far side of the optimum.
        let sense: Double = model.sense == .maximize ? -1 : 1
        #expect(sense * root.cutBound <= sense * reference.objective + 1e-9 * abs(reference.objective))
    }
}

extension TestRandom {
    /// Uniform integer in `range` (modulo the range's size; the bias is negligible for these small ranges).
    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
