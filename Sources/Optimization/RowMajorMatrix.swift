import Dispatch

/// A copy of a `SparseMatrix` stored by rows, for `A·v` as one dot product per row: rows split
/// into blocks of about equal non-zeros can then run on several threads without sharing an output.
/// Each row's sum runs over its columns in ascending order, so the result is the same bits as the
/// column-by-column product of `SparseMatrix` (which adds into each row in that order) on one
/// thread or many.
struct RowMajorMatrix: Sendable {
    let rows: Int
    let rowStart: [Int]
    let columnIndex: [Int]
    let values: [Double]
    /// Consecutive row ranges covering `0..<rows`, of about equal non-zeros.
    let blocks: [Range<Int>]
    /// Whether `multiply` hands the blocks to Dispatch's concurrentPerform.
    let concurrent: Bool

    /// Non-zeros per block; below two blocks' worth the product runs on the calling thread.
    static let blockNonZeros = 65_536

    /// - Parameters: `threads` available (≤ 1: serial); `blockNonZeros`, non-zeros per block of rows.
    init(_ a: SparseMatrix, threads: Int, blockNonZeros: Int = RowMajorMatrix.blockNonZeros) {
        rows = a.rows
        let copy = SparseRows(a)
        let start = copy.start
        var blocks: [Range<Int>] = []
        var first = 0
        for i in 0..<a.rows where start[i + 1] - start[first] >= blockNonZeros || i == a.rows - 1 {
            blocks.append(first..<(i + 1))
            first = i + 1
        }
        rowStart = start
        columnIndex = copy.column
        values = copy.value
        self.blocks = blocks
        concurrent = threads > 1 && blocks.count > 1
    }

    /// `out = A·v` (`v` of length `columns`, `out` of length `rows`).
    func multiply(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count >= rows)
        rowStart.withUnsafeBufferPointer { start in columnIndex.withUnsafeBufferPointer { cols in
        values.withUnsafeBufferPointer { vals in
            let shared = Unchecked((start, cols, vals, v, out))
            let work: @Sendable (Range<Int>) -> Void = { range in
                let (start, cols, vals, v, out) = shared.value
                for i in range {
                    var s = 0.0
                    for k in start[i]..<start[i + 1] { s += vals[k] * v[cols[k]] }
                    out[i] = s
                }
            }
            if concurrent {
                let blocks = self.blocks
                DispatchQueue.concurrentPerform(iterations: blocks.count) { work(blocks[$0]) }
            } else {
                work(0..<rows)
            }
        }}}
    }

    /// `out = A·v` as `multiply`, and the largest term `max |a_ij·v_j|` over the entries: the scale
    /// below which a residual `b − A·v` is rounding (the interior point's primal measure).
    func multiplyMeasuring(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(out.count >= rows)
        var largest = [Double](repeating: 0, count: max(1, blocks.count))
        rowStart.withUnsafeBufferPointer { start in columnIndex.withUnsafeBufferPointer { cols in
        values.withUnsafeBufferPointer { vals in largest.withUnsafeMutableBufferPointer { largest in
            let shared = Unchecked((start, cols, vals, v, out, largest))
            let blocks = self.blocks
            let work: @Sendable (Int) -> Void = { b in
                let (start, cols, vals, v, out, largest) = shared.value
                var high = 0.0
                for i in blocks[b] {
                    var s = 0.0
                    for k in start[i]..<start[i + 1] {
                        let term = vals[k] * v[cols[k]]
                        s += term
                        high = max(high, abs(term))
                    }
                    out[i] = s
                }
                largest[b] = high
            }
            if concurrent {
                DispatchQueue.concurrentPerform(iterations: blocks.count, execute: work)
            } else {
                for b in blocks.indices { work(b) }
            }
        }}}}
        return largest.max() ?? 0
    }
}
