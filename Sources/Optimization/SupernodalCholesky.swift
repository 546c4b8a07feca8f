import Foundation
import Linear

/// Supernodal numeric Cholesky factorisation `C + δI = L·Lᵀ` of a sparse symmetric positive
/// definite matrix `C` (the permuted normal matrix of `SparseNormalCholesky`), for factors with
/// enough fill that dense kernels pay (the large netlib models: dfl001, qap12, …).
///
/// Symbolic part (once): consecutive columns of L with nested patterns — column `j + 1` is the
/// parent of `j` in the elimination tree and has one entry fewer — form a supernode. A supernode of
/// width `w` whose first column has `h` entries is stored as one dense `h × w` column-major block
/// (leading dimension `h`; rows ascending, its own columns first). Every entry of `C` gets its
/// position in those blocks.
///
/// Numeric part (each call), right-looking over the supernodes in order:
/// 1. the block of supernode `s` (C's entries plus the updates of the supernodes before it) is
///    factored as a panel: its diagonal block by columns of 64 (loops), the rows below it and the
///    rest of the panel by `dtrsm` and `dgemm`, so `L_{below,s} = C_{below,s}·L_{ss}⁻ᵀ` comes out
///    with the diagonal block;
/// 2. its update `−L_{i,s}·L_{j,s}ᵀ` to each later supernode `t` it reaches (rows `j` of `s` that are
///    columns of `t`, rows `i ≥ j`) is formed by `dgemm` in chunks of at most 128 columns (by loops
///    when it is small) and added into `t`'s block at the relative positions of `s`'s rows in `t`'s
///    rows (a merge of two ascending lists; the pattern of `s` below `j` is a subset of `t`'s).
///
/// The factor equals the up-looking one's up to rounding (another summation order). Work:
/// `Σ_j colcount_j²` flops as for the up-looking factorisation, but in BLAS-3 kernels (OpenBLAS
/// uses its threads for the large products); memory: the blocks (the pattern of L plus the upper
/// triangles of the diagonal blocks), one position per entry of C, and `h × 128` of work.
struct SupernodalCholesky {
    /// Order of the matrix.
    let order: Int
    /// Supernode `s` holds columns `first[s]..<first[s + 1]`.
    let first: [Int]
    /// Rows of supernode `s`: `rows[rowStart[s]..<rowStart[s + 1]]`, ascending, its columns first.
    let rowStart: [Int]
    let rows: [Int]
    /// Block of supernode `s` starts at `values[valueStart[s]]` (`h × w`, column-major).
    let valueStart: [Int]
    var values: [Double]
    /// The supernode of each column.
    let supernodeOf: [Int]
    /// For entry `p` of C's upper triangle (compressed by column, as `SparseNormalCholesky` keeps it),
    /// its position in `values` (the entry `(column, row)` of the lower triangle).
    let assemblyTarget: [Int]
    /// Position in `values` of the diagonal entry of each column.
    let diagonalPosition: [Int]
    /// Work: one chunk of an update, and the relative row positions of the updating supernode in
    /// the updated one.
    var work: [Double]
    var relative: [Int]
    /// Columns of an update formed in one `dgemm`.
    static let chunkColumns = 128
    /// Columns of the diagonal block factored by loops before the BLAS update of the rest.
    static let panelBlock = 64

    /// Number of supernodes.
    var supernodeCount: Int { first.count - 1 }

    /// Supernodes of the factor whose elimination tree is `parent` and column counts (diagonal
    /// included) are `counts`: the fundamental supernodes (chains where each column's count is the
    /// next one's plus one).
    static func supernodeStarts(parent: [Int], counts: [Int]) -> [Int] {
        let m = counts.count
        var starts = [Int]()
        starts.reserveCapacity(m / 2 + 1)
        for j in 0..<m where j == 0 || !(parent[j - 1] == j && counts[j - 1] == counts[j] + 1) { starts.append(j) }
        starts.append(m)
        return starts
    }

    /// Symbolic analysis for the `order × order` matrix whose upper triangle has the pattern
    /// `cStart`/`cRow` (columns compressed, rows ascending, diagonal last), elimination tree `parent`
    /// and column counts of L `counts`; `starts` from `supernodeStarts`.
    init(order m: Int, parent: [Int], counts: [Int], starts: [Int], cStart: [Int], cRow: [Int]) {
        order = m
        first = starts
        let supernodes = starts.count - 1
        var owner = [Int](repeating: 0, count: m)
        var rStart = [Int](repeating: 0, count: supernodes + 1)
        var vStart = [Int](repeating: 0, count: supernodes + 1)
        for s in 0..<supernodes {
            for j in starts[s]..<starts[s + 1] { owner[j] = s }
            let h = counts[starts[s]], w = starts[s + 1] - starts[s]
            rStart[s + 1] = rStart[s] + h
            vStart[s + 1] = vStart[s] + h * w
        }
        // Patterns of the supernodes' first columns: row k of L reaches the columns on the tree
        // paths from the rows of C's column k up to k; each first column among them gets k.
        var pattern = [Int](repeating: 0, count: rStart[supernodes])
        var cursor = Array(rStart[0..<supernodes])
        var seen = [Int](repeating: -1, count: m)
        for k in 0..<m {
            seen[k] = k
            let sk = owner[k]
            if starts[sk] == k { pattern[cursor[sk]] = k; cursor[sk] += 1 }
            for p in cStart[k]..<(cStart[k + 1] - 1) {
                var i = cRow[p]
                while i >= 0 && i < k && seen[i] != k {
                    let si = owner[i]
                    if starts[si] == i { pattern[cursor[si]] = k; cursor[si] += 1 }
                    seen[i] = k
                    i = parent[i]
                }
            }
        }
        // Positions of C's entries and of the diagonal in the blocks.
        var target = [Int](repeating: 0, count: cRow.count)
        var diagonal = [Int](repeating: 0, count: m)
        for k in 0..<m {
            for p in cStart[k]..<cStart[k + 1] {
                let column = cRow[p]
                let s = owner[column]
                let c = column - starts[s], h = rStart[s + 1] - rStart[s]
                var lo = rStart[s] + c, hi = rStart[s + 1] - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if pattern[mid] < k { lo = mid + 1 } else { hi = mid }
                }
                target[p] = vStart[s] + c * h + (lo - rStart[s])
                if column == k { diagonal[k] = target[p] }
            }
        }
        rowStart = rStart
        rows = pattern
        valueStart = vStart
        values = [Double](repeating: 0, count: vStart[supernodes])
        supernodeOf = owner
        assemblyTarget = target
        diagonalPosition = diagonal
        var tallest = 0
        for s in 0..<supernodes { tallest = max(tallest, rStart[s + 1] - rStart[s]) }
        work = [Double](repeating: 0, count: tallest * Self.chunkColumns)
        relative = [Int](repeating: 0, count: tallest)
    }

    /// Factors `C + δI` with `C`'s upper-triangle values `cValue` (in the pattern given at
    /// construction). Returns `.factored`, `.notPositiveDefinite` when a pivot is not positive or
    /// not finite, or `.late` when `deadline` (seconds since the reference date) passes; the factor
    /// is unusable until the next successful call in the last two cases.
    mutating func factor(_ cValue: [Double], shift delta: Double, deadline: Double) -> FactorOutcome {
        let supernodes = supernodeCount
        let m = order
        var outcome = FactorOutcome.factored
        let chunk = Self.chunkColumns
        first.withUnsafeBufferPointer { first in
        rowStart.withUnsafeBufferPointer { rowStart in
        rows.withUnsafeBufferPointer { rows in
        valueStart.withUnsafeBufferPointer { valueStart in
        supernodeOf.withUnsafeBufferPointer { supernodeOf in
        assemblyTarget.withUnsafeBufferPointer { target in
        diagonalPosition.withUnsafeBufferPointer { diagonal in
        cValue.withUnsafeBufferPointer { c in
        work.withUnsafeMutableBufferPointer { work in
        relative.withUnsafeMutableBufferPointer { relative in
        values.withUnsafeMutableBufferPointer { v in
            guard let vBase = v.baseAddress, let workBase = work.baseAddress else { return }
            v.update(repeating: 0)
            for p in 0..<c.count { v[target[p]] += c[p] }
            for j in 0..<m { v[diagonal[j]] += delta }
            var flopsSinceCheck = 0.0
            for s in 0..<supernodes {
                let f = first[s], w = first[s + 1] - f
                let rs = rowStart[s], h = rowStart[s + 1] - rs
                let base = valueStart[s]
                flopsSinceCheck += Double(h) * Double(h) * Double(w)
                if deadline.isFinite && (flopsSinceCheck > 2e7 || s & 255 == 255) {
                    flopsSinceCheck = 0
                    if Date().timeIntervalSinceReferenceDate > deadline { outcome = .late; return }
                }
                guard Self.factorPanel(vBase + base, height: h, width: w) else { outcome = .notPositiveDefinite; return }
                // Updates of the later supernodes.
                var a = w
                while a < h {
                    let t = supernodeOf[rows[rs + a]]
                    let tEnd = first[t + 1], tFirst = first[t]
                    var b = a + 1
                    while b < h && rows[rs + b] < tEnd { b += 1 }
                    let tr = rowStart[t], th = rowStart[t + 1] - tr
                    var q = tr
                    for i in a..<h {
                        let row = rows[rs + i]
                        while rows[q] != row { q += 1 }
                        relative[i - a] = q - tr
                    }
                    let tBase = valueStart[t]
                    var c0 = a
                    while c0 < b {
                        let c1 = min(b, c0 + chunk)
                        let height = h - c0, width = c1 - c0
                        if w * height * width <= 4096 {
                            for c in c0..<c1 {
                                let column = tBase + (rows[rs + c] - tFirst) * th
                                for i in c..<h {
                                    var sum = 0.0
                                    for k in 0..<w { sum += v[base + k * h + i] * v[base + k * h + c] }
                                    v[column + relative[i - a]] -= sum
                                }
                            }
                        } else {
                            subtractProductTransposed(rows: height, columns: width, inner: w,
                                                      vBase + base + c0, leadingA: h, vBase + base + c0, leadingB: h,
                                                      beta: 0, into: workBase, leadingC: height)
                            for c in c0..<c1 {
                                let column = tBase + (rows[rs + c] - tFirst) * th
                                let workColumn = (c - c0) * height - c0
                                for i in c..<h { v[column + relative[i - a]] += work[workColumn + i] }
                            }
                        }
                        c0 = c1
                    }
                    a = b
                }
            }
        }}}}}}}}}}}
        return outcome
    }

    /// Outcome of `factor`.
    enum FactorOutcome: Equatable { case factored, notPositiveDefinite, late }

    /// Cholesky of a supernode's `height × width` panel in place (column-major, leading dimension
    /// `height`): the diagonal block becomes `L_ss`, the rows below it `L_below`. False when a pivot
    /// is not positive or not finite.
    static func factorPanel(_ a: UnsafeMutablePointer<Double>, height h: Int, width w: Int) -> Bool {
        var kb = 0
        let small = h * w <= 4096
        while kb < w {
            let nb = small ? w : min(panelBlock, w - kb)
            let blockEnd = kb + nb
            // Columns kb..<blockEnd by loops (left-looking inside the block); the rows below the
            // block too when the panel is small.
            let rowEnd = small ? h : blockEnd
            for j in kb..<blockEnd {
                for k in kb..<j {
                    let ljk = a[k * h + j]
                    if ljk == 0 { continue }
                    for i in j..<rowEnd { a[j * h + i] -= a[k * h + i] * ljk }
                }
                let d = a[j * h + j]
                guard d > 0, d.isFinite else { return false }
                let r = d.squareRoot()
                a[j * h + j] = r
                let inverse = 1 / r
                for i in (j + 1)..<max(j + 1, rowEnd) { a[j * h + i] *= inverse }
            }
            if !small && blockEnd < h {
                // Rows below the block: B ← B·L_block⁻ᵀ, then the rest of the panel's columns.
                solveRightLowerTransposed(rows: h - blockEnd, order: nb, a + kb * h + kb, leadingL: h,
                                          a + kb * h + blockEnd, leadingB: h)
                if blockEnd < w {
                    subtractProductTransposed(rows: h - blockEnd, columns: w - blockEnd, inner: nb,
                                              a + kb * h + blockEnd, leadingA: h, a + kb * h + blockEnd, leadingB: h,
                                              beta: 1, into: a + blockEnd * h + blockEnd, leadingC: h)
                }
            }
            kb = blockEnd
        }
        return true
    }

    /// Solves `L·Lᵀ·w = w` in place (the matrix's own, permuted, order).
    func solve(_ w: UnsafeMutableBufferPointer<Double>) {
        let supernodes = supernodeCount
        first.withUnsafeBufferPointer { first in
        rowStart.withUnsafeBufferPointer { rowStart in
        rows.withUnsafeBufferPointer { rows in
        valueStart.withUnsafeBufferPointer { valueStart in
        values.withUnsafeBufferPointer { v in
            // L·u = w
            for s in 0..<supernodes {
                let f = first[s], width = first[s + 1] - f
                let rs = rowStart[s], h = rowStart[s + 1] - rs
                let base = valueStart[s]
                for c in 0..<width {
                    let column = base + c * h
                    let x = w[f + c] / v[column + c]
                    w[f + c] = x
                    if x != 0 { for i in (c + 1)..<h { w[rows[rs + i]] -= v[column + i] * x } }
                }
            }
            // Lᵀ·v = u
            for s in stride(from: supernodes - 1, through: 0, by: -1) {
                let f = first[s], width = first[s + 1] - f
                let rs = rowStart[s], h = rowStart[s + 1] - rs
                let base = valueStart[s]
                for c in stride(from: width - 1, through: 0, by: -1) {
                    let column = base + c * h
                    var sum = w[f + c]
                    for i in (c + 1)..<h { sum -= v[column + i] * w[rows[rs + i]] }
                    w[f + c] = sum / v[column + c]
                }
            }
        }}}}}
    }
}
