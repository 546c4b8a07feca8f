import Foundation
import Testing
import TestSupport
@testable import Optimization

/// The approximate minimum degree ordering (`ApproximateMinimumDegree`) against closed forms (no
/// fill on trees), against the exact minimum degree of `MinimumDegree` and the natural order (fill
/// of the factor on netlib models), and the factorisation it drives against direct residuals.
@Suite("fill-reducing orderings")
struct OrderingTests {
    /// `[A | I]`: the normal matrix `A·Θ·Aᵀ + Θ_I` is positive definite whatever the rank of A.
    static func withIdentity(_ a: SparseMatrix) -> SparseMatrix {
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for j in 0..<a.columns {
            for k in a.columnStart[j]..<a.columnStart[j + 1] { rows.append(a.rowIndex[k]); columns.append(j); values.append(a.values[k]) }
        }
        for i in 0..<a.rows { rows.append(i); columns.append(a.columns + i); values.append(1) }
        return SparseMatrix(rows: a.rows, columns: a.columns + a.rows, triplets: rows, columns, values)
    }

    /// A matrix whose normal pattern is the graph with the given edges (a column per edge).
    static func graphMatrix(nodes: Int, edges: [(Int, Int)]) -> SparseMatrix {
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for (j, (u, v)) in edges.enumerated() {
            rows.append(u); columns.append(j); values.append(1)
            rows.append(v); columns.append(j); values.append(-0.5)
        }
        return withIdentity(SparseMatrix(rows: nodes, columns: edges.count, triplets: rows, columns, values))
    }

    /// The adjacency lists of the pattern of `A·Aᵀ` (as the factorisation builds them).
    static func normalAdjacency(_ a: SparseMatrix) -> [[Int]] {
        var byRow = [[Int]](repeating: [], count: a.rows)
        for j in 0..<a.columns { for k in a.columnStart[j]..<a.columnStart[j + 1] { byRow[a.rowIndex[k]].append(j) } }
        return (0..<a.rows).map { i in
            var list: [Int] = []
            for j in byRow[i] { for k in a.columnStart[j]..<a.columnStart[j + 1] where a.rowIndex[k] != i { list.append(a.rowIndex[k]) } }
            return list
        }
    }

    static func isPermutation(_ order: [Int], of n: Int) -> Bool {
        guard order.count == n else { return false }
        var seen = [Bool](repeating: false, count: n)
        for i in order {
            guard i >= 0, i < n, !seen[i] else { return false }
            seen[i] = true
        }
        return true
    }

    /// Random graph: `n` nodes, about `n·meanDegree/2` random edges, plus `hubs` nodes adjacent to
    /// a third of all nodes (dense rows).
    static func randomGraph(n: Int, meanDegree: Double, hubs: Int, seed: UInt64) -> [[Int]] {
        var random = TestRandom(state: seed)
        var adjacency = [[Int]](repeating: [], count: n)
        for _ in 0..<Int(Double(n) * meanDegree / 2) {
            let u = Int(random.uniform() * Double(n)), v = Int(random.uniform() * Double(n))
            if u != v { adjacency[u].append(v); adjacency[v].append(u) }
        }
        for h in 0..<hubs {
            for v in 0..<n where v != h && random.uniform() < 0.33 { adjacency[h].append(v); adjacency[v].append(h) }
        }
        return adjacency
    }

    @Test("orderings are permutations, deterministic, dense nodes last", arguments: [UInt64(1), 2, 3, 4])
    func permutation(seed: UInt64) {
        let n = 400 + Int(seed) * 150
        let adjacency = Self.randomGraph(n: n, meanDegree: Double(seed) * 1.5, hubs: 3, seed: seed)
        let threshold = max(16, Int(10 * Double(n).squareRoot()))
        let first = ApproximateMinimumDegree.order(adjacency: adjacency, denseThreshold: threshold)
        #expect(Self.isPermutation(first, of: n))
        #expect(ApproximateMinimumDegree.order(adjacency: adjacency, denseThreshold: threshold) == first)
        // Hubs have ~n/3 > threshold neighbours when n/3 > 10√n, i.e. n > 900.
        let hubsAreDense = (0..<3).allSatisfy { Set(adjacency[$0]).count > threshold }
        if hubsAreDense { #expect(Set(first.suffix(3)) == [0, 1, 2]) }
        // Empty graph and isolated nodes.
        #expect(Self.isPermutation(ApproximateMinimumDegree.order(adjacency: [[Int]](repeating: [], count: 7), denseThreshold: 16), of: 7))
        #expect(ApproximateMinimumDegree.order(adjacency: [], denseThreshold: 16).isEmpty)
    }

    @Test("no fill on trees: nnz(L) = nodes + edges", arguments: [UInt64(5), 6, 7])
    func treesHaveNoFill(seed: UInt64) {
        var random = TestRandom(state: seed)
        let n = 300
        // A random tree (each node hangs from an earlier one) and a path.
        let tree = (1..<n).map { v in (Int(random.uniform() * Double(v)), v) }
        let path = (1..<n).map { v in (v - 1, v) }
        for edges in [tree, path] {
            let chol = SparseNormalCholesky(Self.graphMatrix(nodes: n, edges: edges), denseRowFactor: 1e9)
            #expect(chol.factorNonzeros == n + edges.count)
        }
        // The natural order of a star whose centre is node 0 fills completely; AMD puts it last.
        let star = (1..<n).map { (0, $0) }
        let natural = SparseNormalCholesky(Self.graphMatrix(nodes: n, edges: star), denseRowFactor: 1e9, ordering: .natural)
        let amd = SparseNormalCholesky(Self.graphMatrix(nodes: n, edges: star), denseRowFactor: 1e9)
        #expect(natural.factorNonzeros == n * (n + 1) / 2)
        #expect(amd.factorNonzeros == 2 * n - 1)
    }

    /// Fill against the exact minimum degree (within 10 %, as Amestoy, Davis & Duff report for AMD
    /// against exact-degree orderings) and far below the natural order.
    @Test("netlib: fill of AMD near exact minimum degree", arguments: ["25fv47", "perold", "pilot4", "etamacro", "degen2", "bnl2"])
    func netlibFill(name: String) throws {
        let path = name == "25fv47" ? try referencePath("netlib/25fv47.mps") : try decompressedNetlibModel(name)
        let a = Self.withIdentity(try MPSReader.read(path: path).matrix)
        let amd = SparseNormalCholesky(a)
        let exact = SparseNormalCholesky(a, ordering: .minimumDegree)
        let natural = SparseNormalCholesky(a, ordering: .natural)
        print("\(name): nnz(L) AMD \(amd.factorNonzeros), minimum degree \(exact.factorNonzeros), natural \(natural.factorNonzeros)")
        #expect(Double(amd.factorNonzeros) <= 1.10 * Double(exact.factorNonzeros))
        #expect(amd.factorNonzeros < natural.factorNonzeros)
        #expect(Self.isPermutation(amd.permutation, of: a.rows))
    }

    /// The factor in AMD order solves `(A·Θ·Aᵀ)·v = r` to 1e-10; the same system with the rows of A
    /// permuted (a permuted SPD matrix, hence another ordering) gives the permuted solution.
    @Test("netlib: factor in AMD order solves the normal equations, also with the rows permuted", arguments: ["25fv47", "pilot4"])
    func permutedSolve(name: String) throws {
        let path = name == "25fv47" ? try referencePath("netlib/25fv47.mps") : try decompressedNetlibModel(name)
        let a = Self.withIdentity(try MPSReader.read(path: path).matrix)
        let m = a.rows
        var random = TestRandom(state: 77)
        let theta = (0..<a.columns).map { _ in exp(6 * (random.uniform() - 0.5)) }
        let r = (0..<m).map { _ in random.uniform() - 0.5 }
        // Row i of A moves to position shuffle[i].
        var shuffle = Array(0..<m)
        for i in stride(from: m - 1, to: 0, by: -1) { shuffle.swapAt(i, Int(random.uniform() * Double(i + 1))) }
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for j in 0..<a.columns {
            for k in a.columnStart[j]..<a.columnStart[j + 1] { rows.append(shuffle[a.rowIndex[k]]); columns.append(j); values.append(a.values[k]) }
        }
        let permuted = SparseMatrix(rows: m, columns: a.columns, triplets: rows, columns, values)
        var permutedR = r
        for i in 0..<m { permutedR[shuffle[i]] = r[i] }
        var solutions: [[Double]] = []
        for (matrix, rhs) in [(a, r), (permuted, permutedR)] {
            let chol = SparseNormalCholesky(matrix)
            chol.form(theta: theta)
            try #require(chol.factor(shift: 0))
            var v = rhs
            chol.solve(&v)
            var t = matrix.multiplyTransposed(v)
            for j in 0..<matrix.columns { t[j] *= theta[j] }
            let back = matrix.multiply(t)
            let residual = (0..<m).reduce(0.0) { max($0, abs(rhs[$1] - back[$1])) }
            let scale = (0..<m).reduce(0.0) { max($0, abs(rhs[$1]) + abs(back[$1])) }
            #expect(residual <= 1e-10 * scale, "\(name): residual \(residual)")
            solutions.append(v)
        }
        let difference = (0..<m).reduce(0.0) { max($0, abs(solutions[0][$1] - solutions[1][shuffle[$1]])) }
        let size = solutions[0].reduce(0.0) { max($0, abs($1)) }
        print("\(name): permuted solution differs by \(difference) (size \(size))")
        #expect(difference <= 1e-6 * size, "\(name): permuted solution differs by \(difference)")
    }
}

/// The dense-column split of `SparseNormalCholesky` (Schur complement of the dense columns,
/// conjugate gradients when the sparse part alone is singular) against the same factorisation
/// without the split and against direct residuals.
@Suite("dense columns in the sparse normal equations")
struct DenseColumnTests {
    /// The block-angular matrix of `SparseNormalTests` plus `dense` columns touching about
    /// `fraction` of the rows each; with `orphanRows`, that many extra rows touched only by the
    /// dense columns (the sparse part is then singular).
    static func withDenseColumns(dense: Int, fraction: Double, orphanRows: Int, seed: UInt64) -> SparseMatrix {
        let base = SparseNormalTests.blockAngular(blocks: 100, rowsPerBlock: 4, columnsPerBlock: 9, linking: 0, seed: seed)
        var random = TestRandom(state: seed &+ 9)
        let m = base.rows + orphanRows
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for j in 0..<base.columns {
            for k in base.columnStart[j]..<base.columnStart[j + 1] { rows.append(base.rowIndex[k]); columns.append(j); values.append(base.values[k]) }
        }
        for t in 0..<dense {
            let j = base.columns + t
            for i in 0..<base.rows where random.uniform() < fraction { rows.append(i); columns.append(j); values.append(random.uniform() - 0.3) }
            for i in base.rows..<m where (i - base.rows) % dense == t || t == 0 { rows.append(i); columns.append(j); values.append(1 + random.uniform()) }
        }
        return SparseMatrix(rows: m, columns: base.columns + dense, triplets: rows, columns, values)
    }

    /// max |r − (A·Θ·Aᵀ + δI)·v| / max |r|.
    static func relativeResidual(_ a: SparseMatrix, _ theta: [Double], _ delta: Double, _ r: [Double], _ v: [Double]) -> Double {
        var t = a.multiplyTransposed(v)
        for j in 0..<a.columns { t[j] *= theta[j] }
        let back = a.multiply(t)
        var residual = 0.0, size = 0.0
        for i in 0..<a.rows { residual = max(residual, abs(r[i] - back[i] - delta * v[i])); size = max(size, abs(r[i])) }
        return residual / size
    }

    @Test("split dense columns: same solution as without the split, residual at rounding level", arguments: [UInt64(1), 2])
    func splitMatchesUnsplit(seed: UInt64) throws {
        let a = Self.withDenseColumns(dense: 6, fraction: 0.7, orphanRows: 0, seed: seed)
        let split = SparseNormalCholesky(a)
        let whole = SparseNormalCholesky(a, denseColumns: false)
        // Threshold max(100, 10·√400) = 200; the six added columns have ~280 entries, the rest ≤ 2.
        #expect(split.denseColumns == Array((a.columns - 6)..<a.columns))
        #expect(split.factorNonzeros * 5 < whole.factorNonzeros)
        var random = TestRandom(state: seed &+ 50)
        let theta = (0..<a.columns).map { _ in exp(8 * (random.uniform() - 0.5)) }
        let r = (0..<a.rows).map { _ in random.uniform() - 0.5 }
        var solutions: [[Double]] = []
        for chol in [split, whole] {
            chol.form(theta: theta)
            try #require(chol.factor(shift: 1e-8))
            var v = r
            chol.solve(&v)
            #expect(Self.relativeResidual(a, theta, 1e-8, r, v) <= 1e-10)
            solutions.append(v)
        }
        #expect(SparseNormalTests.relativeDifference(solutions[0], solutions[1]) <= 1e-8)
        #expect(split.lastSolveIterations <= 2)
    }

    @Test("rows touched only by dense columns: the shifted sparse part preconditions CG to the exact solution")
    func singularSparsePart() throws {
        let a = Self.withDenseColumns(dense: 5, fraction: 0.7, orphanRows: 5, seed: 3)
        let chol = SparseNormalCholesky(a)
        #expect(chol.denseColumns.count == 5)
        var random = TestRandom(state: 8)
        let theta = (0..<a.columns).map { _ in exp(4 * (random.uniform() - 0.5)) }
        let r = (0..<a.rows).map { _ in random.uniform() - 0.5 }
        chol.form(theta: theta)
        try #require(chol.factor(shift: 0))
        #expect(chol.usedShift > 0)
        var v = r
        chol.solve(&v)
        let residual = Self.relativeResidual(a, theta, 0, r, v)
        #expect(residual <= 1e-9, "residual \(residual) after \(chol.lastSolveIterations) CG iterations")
    }

    /// A random LP with dense columns (bounded, feasible: `max cᵀx, A·x ≤ b, 0 ≤ x ≤ 1`, b > 0)
    /// on the sparse path (split) and the dense LAPACK path: the same optimum.
    @Test("LP with dense columns: sparse split path equals the dense path")
    func linearProgram() throws {
        let a = Self.withDenseColumns(dense: 4, fraction: 0.6, orphanRows: 0, seed: 4)
        var random = TestRandom(state: 40)
        var model = LinearModel(name: "DENSECOLS", sense: .maximize)
        for i in 0..<a.rows { model.addRow(Row(name: "r\(i)", lower: -.infinity, upper: 0.5 + random.uniform())) }
        for j in 0..<a.columns {
            var column: [(row: Int, value: Double)] = []
            for k in a.columnStart[j]..<a.columnStart[j + 1] { column.append((a.rowIndex[k], a.values[k])) }
            model.addVariable(Variable(name: "x\(j)", lower: 0, upper: 1, cost: random.uniform()), column: column)
        }
        let dense = LPSolver.solve(model, options: SparseNormalTests.options(.dense))
        let sparse = LPSolver.solve(model, options: SparseNormalTests.options(.sparse))
        try #require(dense.status == .optimal && sparse.status == .optimal)
        #expect(abs(sparse.objective - dense.objective) <= 1e-8 * (1 + abs(dense.objective)))
        let check = DualityCheck(model: model, solution: sparse)
        #expect(check.relativeDualityGap <= 1e-7)
    }
}
