import Foundation
import Testing
import TestSupport
@testable import Optimization
import Linear

/// A flag one thread sets and another polls.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// The interior point's threaded passes over the columns: a fixed split into chunks and sums added in
/// chunk order, so the solution does not depend on the number of threads; and the by-rows product.
@Suite("Threaded interior-point passes")
struct ThreadedPassesTests {
    /// Chunks of 700 columns and threads from the first column on: the 12,000-column knapsack model
    /// runs every pass on 18 chunks.
    static func chunked(threads: Int) -> SolverOptions {
        var o = SolverOptions()
        o.threads = threads
        o.columnChunkSize = 700
        o.parallelColumnThreshold = 0
        return o
    }

    @Test("one thread and two threads give the same bits, and the greedy optimum")
    func sameBitsOnAnyThreadCount() throws {
        let instance = KnapsackAllocation(villages: 1_500, householdsPerVillage: 8, budget: 4_000_000, seed: 21)
        let one = LPSolver.solve(instance.model, options: Self.chunked(threads: 1))
        let two = LPSolver.solve(instance.model, options: Self.chunked(threads: 2))
        try #require(one.status == .optimal && two.status == .optimal)
        #expect(one.iterations == two.iterations)
        #expect(one.objective.bitPattern == two.objective.bitPattern)
        #expect(one.primal.map(\.bitPattern) == two.primal.map(\.bitPattern))
        #expect(one.rowDuals.map(\.bitPattern) == two.rowDuals.map(\.bitPattern))
        // The independent reference: the greedy fractional knapsack and its marginal ratio.
        let expected = instance.greedyOptimum
        #expect(abs(two.objective - expected) <= 1e-7 * expected, "objective \(two.objective), greedy \(expected)")
        #expect(abs(two.rowDuals[instance.budgetRow] - instance.marginalRatio) <= 1e-6 * instance.marginalRatio)
        // One chunk (the default split of a model this size) reaches the same optimum.
        let unsplit = LPSolver.solve(instance.model)
        #expect(abs(unsplit.objective - two.objective) <= 1e-9 * expected)
    }

    @Test("a large solve gives the same bits while other threads open single-threaded BLAS scopes")
    func sameBitsBesideSingleThreadedScopes() throws {
        let instance = KnapsackAllocation(villages: 400, householdsPerVillage: 6, budget: 900_000, seed: 5)
        var options = SolverOptions()
        options.singleThreadBelowRows = 0   // every solve takes the exclusive lease
        // Dense normal equations: OpenBLAS's threaded dpotrf rounds otherwise than its one-thread
        // dpotrf, so a count changed mid-solve would change the bits.
        options.normalEquations = .dense
        let alone = LPSolver.solve(instance.model, options: options)
        try #require(alone.status == .optimal)
        let stop = StopFlag()
        let toggler = Thread {
            // Flips OpenBLAS between one thread and its full count as fast as it can.
            while !stop.isSet { withSingleThreadedBLAS { _ = blasThreads() } }
        }
        toggler.start()
        let beside = (0..<3).map { _ in LPSolver.solve(instance.model, options: options) }
        stop.set()
        for run in beside {
            #expect(run.iterations == alone.iterations)
            let primalDiffers = zip(run.primal, alone.primal).filter { $0.bitPattern != $1.bitPattern }.count
            let dualDiffers = zip(run.rowDuals, alone.rowDuals).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(primalDiffers == 0 && dualDiffers == 0, "\(primalDiffers) primal and \(dualDiffers) dual values differ")
        }
        // The independent reference: the greedy fractional knapsack.
        #expect(abs(alone.objective - instance.greedyOptimum) <= 1e-7 * instance.greedyOptimum)
    }

    @Test("the by-rows product equals the by-columns product, in blocks and threads or not")
    func rowMajorProduct() {
        var random = TestRandom(state: 99)
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for j in 0..<3_000 {
            for _ in 0..<(1 + Int(random.uniform() * 4)) {
                rows.append(Int(random.uniform() * 400)); columns.append(j); values.append(random.uniform() - 0.3)
            }
            // A dense row, like a budget row.
            rows.append(399); columns.append(j); values.append(1)
        }
        let a = SparseMatrix(rows: 400, columns: 3_000, triplets: rows, columns, values)
        let v = (0..<3_000).map { j in j % 7 == 0 ? 0 : random.uniform() * 100 - 50 }
        // Reference: the column-by-column product, written out here.
        var expected = [Double](repeating: 0, count: 400)
        for j in 0..<3_000 where v[j] != 0 {
            for k in a.columnStart[j]..<a.columnStart[j + 1] { expected[a.rowIndex[k]] += a.values[k] * v[j] }
        }
        for (threads, block) in [(1, 65_536), (2, 50), (2, 1)] {
            let matrix = RowMajorMatrix(a, threads: threads, blockNonZeros: block)
            var out = [Double](repeating: .nan, count: 400)
            v.withUnsafeBufferPointer { v in out.withUnsafeMutableBufferPointer { matrix.multiply(v, into: $0) } }
            #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "threads \(threads), block \(block)")
        }
    }

    @Test("chunk sums are added in chunk order whatever the threads")
    func chunkReduction() {
        let values = (0..<10_000).map { 1 / Double($0 + 1) }
        var orderedSum = 0.0
        for c in 0..<(10_000 / 64 + 1) {
            var s = 0.0
            for j in (c * 64)..<min(10_000, (c + 1) * 64) { s += values[j] }
            orderedSum += s
        }
        for threads in [1, 2, 4] {
            let chunks = ColumnChunks(count: 10_000, threads: threads, size: 64, threshold: 0)
            let shared = Unchecked(values)
            let totals = chunks.reduce([.sum, .maximum, .minimum]) { range, out in
                var s = 0.0, high = -Double.infinity, low = Double.infinity
                for j in range { s += shared.value[j]; high = max(high, shared.value[j]); low = min(low, shared.value[j]) }
                out[0] = s; out[1] = high; out[2] = low
            }
            #expect(totals[0].bitPattern == orderedSum.bitPattern)
            #expect(totals[1] == 1 && totals[2] == 1 / 10_000.0)
        }
    }
}
