import Foundation
import Testing
import TestSupport
@testable import Optimization

/// The supernodal numeric factorisation (`SupernodalCholesky`) against the up-looking one of
/// `SparseNormalCholesky` (a second method on the same pattern) and against direct residuals of
/// `(A·Θ·Aᵀ + δI)·v = r`.
@Suite("supernodal Cholesky")
struct SupernodalCholeskyTests {
    /// Factors `a`'s normal matrix with weights `theta` and shift `delta` by both methods and solves
    /// for `r`; returns both solutions and the supernodal factorisation.
    static func solveBoth(_ a: SparseMatrix, theta: [Double], delta: Double, r: [Double],
                          denseColumns: Bool = true) throws -> (upLooking: [Double], supernodal: [Double], factor: SparseNormalCholesky) {
        var solutions: [[Double]] = []
        var last: SparseNormalCholesky?
        for method in [SparseNormalCholesky.NumericMethod.upLooking, .supernodal] {
            let chol = SparseNormalCholesky(a, denseColumns: denseColumns, numeric: method)
            #expect((chol.supernodal != nil) == (method == .supernodal))
            chol.form(theta: theta)
            try #require(chol.factor(shift: delta))
            var v = r
            chol.solve(&v)
            solutions.append(v)
            last = chol
        }
        let factor = try #require(last)
        return (solutions[0], solutions[1], factor)
    }

    @Test("netlib normal matrices: supernodal solve equals the up-looking one, residual at rounding level",
          arguments: ["25fv47", "pilot4", "bnl2", "degen2"])
    func netlib(name: String) throws {
        let path = name == "25fv47" ? try referencePath("netlib/25fv47.mps") : try decompressedNetlibModel(name)
        let a = OrderingTests.withIdentity(try MPSReader.read(path: path).matrix)
        var random = TestRandom(state: 91)
        let theta = (0..<a.columns).map { _ in exp(8 * (random.uniform() - 0.5)) }
        let r = (0..<a.rows).map { _ in random.uniform() - 0.5 }
        let (upLooking, supernodal, factor) = try Self.solveBoth(a, theta: theta, delta: 1e-10, r: r)
        let residual = DenseColumnTests.relativeResidual(a, theta, 1e-10, r, supernodal)
        let reference = DenseColumnTests.relativeResidual(a, theta, 1e-10, r, upLooking)
        let difference = SparseNormalTests.relativeDifference(upLooking, supernodal)
        let sn = try #require(factor.supernodal)
        print("\(name): \(sn.supernodeCount) supernodes for \(a.rows) columns, residual \(residual) (up-looking \(reference)), difference \(difference)")
        // Weights spread over e^±4 make these systems ill-conditioned: the residual is held to the
        // up-looking factor's own (rounding level for its conditioning).
        #expect(residual <= max(1e-11, 4 * reference))
        #expect(difference <= 1e-8)
        // The blocks hold the pattern of L: every column's block column has its column count.
        var entries = 0
        for s in 0..<sn.supernodeCount {
            let w = sn.first[s + 1] - sn.first[s], h = sn.rowStart[s + 1] - sn.rowStart[s]
            entries += w * h - w * (w - 1) / 2
        }
        #expect(entries == factor.factorNonzeros)
    }

    /// A dense-ish random normal matrix: wide supernodes, the blocked panel and the `dgemm` updates
    /// (chunks of 128 columns, panels of 64) all run.
    @Test("wide supernodes: blocked panels and BLAS updates against the up-looking factor", arguments: [UInt64(3), 4])
    func wideSupernodes(seed: UInt64) throws {
        let m = 700
        var random = TestRandom(state: seed)
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        var column = 0
        // Columns touching about 8 random rows each, then one per row (identity).
        for _ in 0..<(3 * m) {
            for _ in 0..<8 { rows.append(Int(random.uniform() * Double(m))); columns.append(column); values.append(random.uniform() - 0.5) }
            column += 1
        }
        for i in 0..<m { rows.append(i); columns.append(column); values.append(1); column += 1 }
        let a = SparseMatrix(rows: m, columns: column, triplets: rows, columns, values)
        let theta = (0..<a.columns).map { _ in exp(4 * (random.uniform() - 0.5)) }
        let r = (0..<m).map { _ in random.uniform() - 0.5 }
        let (upLooking, supernodal, factor) = try Self.solveBoth(a, theta: theta, delta: 0, r: r, denseColumns: false)
        let sn = try #require(factor.supernodal)
        var widest = 0
        for s in 0..<sn.supernodeCount { widest = max(widest, sn.first[s + 1] - sn.first[s]) }
        print("seed \(seed): \(sn.supernodeCount) supernodes, widest \(widest), nnz(L) \(factor.factorNonzeros)")
        #expect(widest > SupernodalCholesky.chunkColumns)
        #expect(DenseColumnTests.relativeResidual(a, theta, 0, r, supernodal) <= 1e-10)
        #expect(SparseNormalTests.relativeDifference(upLooking, supernodal) <= 1e-8)
    }

    /// A singular normal matrix (a row of A that no column touches) is refused by both methods.
    @Test("a zero pivot is refused as by the up-looking factorisation")
    func singular() throws {
        let base = SparseNormalTests.blockAngular(blocks: 30, rowsPerBlock: 4, columnsPerBlock: 9, linking: 2, seed: 5)
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for j in 0..<base.columns {
            for k in base.columnStart[j]..<base.columnStart[j + 1] { rows.append(base.rowIndex[k]); columns.append(j); values.append(base.values[k]) }
        }
        let a = SparseMatrix(rows: base.rows + 1, columns: base.columns, triplets: rows, columns, values)
        let theta = [Double](repeating: 1, count: a.columns)
        for method in [SparseNormalCholesky.NumericMethod.upLooking, .supernodal] {
            let chol = SparseNormalCholesky(a, numeric: method)
            chol.form(theta: theta)
            #expect(!chol.factor(shift: 0))
            #expect(chol.factor(shift: 1e-6))
        }
    }

    /// The automatic rule keeps the up-looking factorisation for block-angular planning models (no
    /// fill worth dense kernels) and takes the supernodal one for a model with heavy fill.
    @Test("automatic choice: up-looking for block-angular models, supernodal for heavy fill")
    func automaticChoice() throws {
        let planning = SparseNormalTests.blockAngular(blocks: 200, rowsPerBlock: 4, columnsPerBlock: 9, linking: 3, seed: 8)
        #expect(SparseNormalCholesky(planning).supernodal == nil)
        let heavy = OrderingTests.withIdentity(try MPSReader.read(path: try decompressedNetlibModel("pilot87")).matrix)
        let chol = SparseNormalCholesky(heavy)
        #expect(chol.predictedFlops >= 1e8)
        #expect(chol.supernodal != nil)
    }
}
