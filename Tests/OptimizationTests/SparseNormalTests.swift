import Foundation
import Testing
import TestSupport
@testable import Optimization

/// The sparse normal-equations path of the interior-point method against the dense LAPACK path
/// (a second method) and against direct residuals.
@Suite("sparse normal equations")
struct SparseNormalTests {
    /// A random block-angular matrix: `blocks` diagonal blocks of `rowsPerBlock` rows, each with
    /// `columnsPerBlock` columns touching its own rows, plus `linking` dense coupling rows that every
    /// other column touches.
    static func blockAngular(blocks: Int, rowsPerBlock: Int, columnsPerBlock: Int, linking: Int, seed: UInt64) -> SparseMatrix {
        var random = TestRandom(state: seed)
        let m = blocks * rowsPerBlock + linking
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        var j = 0
        for b in 0..<blocks {
            for _ in 0..<columnsPerBlock {
                let first = b * rowsPerBlock + Int(random.uniform() * Double(rowsPerBlock))
                rows.append(first); columns.append(j); values.append(0.5 + random.uniform())
                if random.uniform() < 0.6 {
                    let second = b * rowsPerBlock + Int(random.uniform() * Double(rowsPerBlock))
                    rows.append(second); columns.append(j); values.append(random.uniform() - 0.5)
                }
                if linking > 0 && j % 2 == 0 {
                    rows.append(blocks * rowsPerBlock + Int(random.uniform() * Double(linking)))
                    columns.append(j); values.append(1)
                }
                j += 1
            }
        }
        // An identity part keeps A·Aᵀ positive definite.
        for i in 0..<m { rows.append(i); columns.append(j); values.append(1); j += 1 }
        return SparseMatrix(rows: m, columns: j, triplets: rows, columns, values)
    }

    @Test("factor and solve leave a residual at rounding level", arguments: [UInt64(1), 2, 3])
    func solveResidual(seed: UInt64) {
        let a = Self.blockAngular(blocks: 60, rowsPerBlock: 4, columnsPerBlock: 9, linking: 5, seed: seed)
        var random = TestRandom(state: seed &+ 100)
        let theta = (0..<a.columns).map { _ in exp(8 * (random.uniform() - 0.5)) }
        let delta = 1e-8
        let chol = SparseNormalCholesky(a)
        chol.form(theta: theta)
        #expect(chol.factor(shift: delta))
        let r = (0..<a.rows).map { _ in random.uniform() - 0.5 }
        var v = r
        chol.solve(&v)
        // Residual r − (A·Θ·Aᵀ + δI)·v computed from A directly.
        var t = a.multiplyTransposed(v)
        for j in 0..<a.columns { t[j] *= theta[j] }
        let back = a.multiply(t)
        var residual = 0.0, size = 0.0
        for i in 0..<a.rows {
            residual = max(residual, abs(r[i] - back[i] - delta * v[i]))
            size = max(size, abs(r[i]))
        }
        #expect(residual <= 1e-10 * size, "residual \(residual)")
        // The coupling rows come last and the factor stays near-linear in the rows.
        #expect(chol.factorNonzeros < 20 * a.rows, "nnz(L) \(chol.factorNonzeros)")
    }

    @Test("a matrix that is not positive definite is reported, not factored")
    func indefinite() {
        // Two identical rows: A·Aᵀ is singular; with δ = 0 the second pivot is 0.
        let a = SparseMatrix(rows: 2, columns: 2, triplets: [0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 2, 2])
        let chol = SparseNormalCholesky(a)
        chol.form(theta: [1, 1])
        #expect(!chol.factor(shift: 0))
        #expect(chol.factor(shift: 1e-6))
    }

    static func options(_ path: NormalEquations) -> SolverOptions {
        var o = SolverOptions()
        o.normalEquations = path
        return o
    }

    /// `max |a − b| / (1 + max |a|)` over two vectors.
    static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        var d = 0.0, s = 0.0
        for (x, y) in zip(a, b) { d = max(d, abs(x - y)); s = max(s, abs(x)) }
        return d / (1 + s)
    }

    @Test("netlib: sparse and dense paths reach the same optimum", arguments: netlibOptima.map(\.name))
    func netlibSparseMatchesDense(name: String) throws {
        let optimum = try #require(netlibOptima.first { $0.name == name }).optimum
        let model = try MPSReader.read(path: try referencePath("netlib/\(name).mps"))
        let dense = LPSolver.solve(model, options: Self.options(.dense))
        let sparse = LPSolver.solve(model, options: Self.options(.sparse))
        try #require(dense.status == .optimal && sparse.status == .optimal)
        print("\(name): dense \(dense.iterations) it \(dense.seconds) s, sparse \(sparse.iterations) it \(sparse.seconds) s")
        #expect(abs(sparse.objective - optimum) / max(1, abs(optimum)) <= 1e-6)
        #expect(abs(sparse.objective - dense.objective) / max(1, abs(optimum)) <= 1e-7)
        let check = DualityCheck(model: model, solution: sparse)
        #expect(check.dualResidual <= 1e-6, "dual residual \(check.dualResidual)")
        #expect(check.relativeDualityGap <= 1e-6, "duality gap \(check.relativeDualityGap)")
        #expect(check.complementarity <= 1e-5, "complementarity \(check.complementarity)")
    }

    /// Random block-angular LPs (the allocation shape with extra per-block rows), bounded and
    /// feasible by construction: `max cᵀx, A·x ≤ b, 0 ≤ x ≤ 1` with b > 0. Nondegenerate with
    /// probability one, so the duals are unique and both paths must agree on them too.
    @Test("random block-angular LPs: same optimum and duals on both paths", arguments: [UInt64(11), 12, 13])
    func blockAngularSparseMatchesDense(seed: UInt64) throws {
        let a = Self.blockAngular(blocks: 50, rowsPerBlock: 3, columnsPerBlock: 12, linking: 4, seed: seed)
        var random = TestRandom(state: seed &* 7)
        var model = LinearModel(name: "BLOCKS", sense: .maximize)
        for i in 0..<a.rows {
            let isLinking = i >= 150
            model.addRow(Row(name: "r\(i)", lower: -.infinity, upper: isLinking ? 20 + 10 * random.uniform() : 0.5 + random.uniform()))
        }
        for j in 0..<a.columns {
            var column: [(row: Int, value: Double)] = []
            for k in a.columnStart[j]..<a.columnStart[j + 1] { column.append((a.rowIndex[k], a.values[k])) }
            model.addVariable(Variable(name: "x\(j)", lower: 0, upper: 1, cost: random.uniform()), column: column)
        }
        let dense = LPSolver.solve(model, options: Self.options(.dense))
        let sparse = LPSolver.solve(model, options: Self.options(.sparse))
        try #require(dense.status == .optimal && sparse.status == .optimal)
        #expect(abs(sparse.objective - dense.objective) <= 1e-8 * (1 + abs(dense.objective)))
        #expect(Self.relativeDifference(dense.rowDuals, sparse.rowDuals) <= 1e-6,
                "duals differ by \(Self.relativeDifference(dense.rowDuals, sparse.rowDuals))")
        #expect(Self.relativeDifference(dense.primal, sparse.primal) <= 1e-6)
        let check = DualityCheck(model: model, solution: sparse)
        #expect(check.relativeDualityGap <= 1e-7)
    }

    /// The greedy fractional knapsack of `PlanningShapeTests` with 1,500 villages (1,501 rows), forced on
    /// the sparse path: optimum and budget shadow price equal the greedy ones.
    @Test("large fund-allocation shape on the sparse path equals the greedy rule")
    func largeAllocationShape() {
        let instance = KnapsackAllocation(villages: 1_500, householdsPerVillage: 8, budget: 4_000_000, seed: 21)
        let (model, budgetRow, expected, marginalRatio) = (instance.model, instance.budgetRow, instance.greedyOptimum, instance.marginalRatio)
        let s = LPSolver.solve(model, options: Self.options(.sparse))
        #expect(s.status == .optimal)
        #expect(abs(s.objective - expected) <= 1e-7 * expected, "objective \(s.objective), greedy \(expected)")
        #expect(abs(s.rowDuals[budgetRow] - marginalRatio) <= 1e-6 * marginalRatio)
    }

    @Test("the automatic choice takes the sparse path for a large block-angular model and the dense one for a small dense model")
    func automaticChoice() {
        let large = Self.blockAngular(blocks: 1_200, rowsPerBlock: 3, columnsPerBlock: 4, linking: 5, seed: 5)
        #expect(InteriorPointSolver.sparseFactorisation(large, choice: .automatic) != nil)
        // 80 rows, every column touching every row: the normal matrix is full.
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for j in 0..<100 { for i in 0..<80 { rows.append(i); columns.append(j); values.append(Double((i * 7 + j * 3) % 11) + 1) } }
        let full = SparseMatrix(rows: 80, columns: 100, triplets: rows, columns, values)
        #expect(InteriorPointSolver.sparseFactorisation(full, choice: .automatic) == nil)
    }
}
