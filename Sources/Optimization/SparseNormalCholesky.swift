import Foundation
import Linear

/// Sparse Cholesky factorisation of the normal matrix `P·(A·Θ·Aᵀ + δI)·Pᵀ = L·Lᵀ` of the
/// interior-point method, for models whose normal matrix is sparse (block-angular planning models:
/// one linking row per village, a few coupling budget rows).
///
/// Everything that depends only on the pattern of `A` is done once, at construction: the
/// fill-reducing ordering `P` (`ApproximateMinimumDegree`, dense rows last), the upper-triangular pattern of
/// the permuted normal matrix `C`, a map from each pair of entries of a column of `A` to its position
/// in `C`, the elimination tree and the column counts of `L`. Each factorisation then only forms the
/// values of `C` (`C[pos] += a_ij·a_kj·θ_j` over the pairs) and runs an up-looking Cholesky
/// (row k of L from a sparse triangular solve along the elimination tree) into the preallocated `L`:
/// no allocation per interior-point iteration.
///
/// Flops: `Σ_k (colcount_k)²` per factorisation (`predictedFlops`); memory: the pairs map plus
/// `nnz(L)`.
final class SparseNormalCholesky {
    /// Order of the normal matrix (rows of A).
    let order: Int
    /// `permutation[k]` = row of A placed k-th; `inverse[row]` = its position.
    let permutation: [Int]
    let inverse: [Int]
    // Upper triangle of C (permuted), compressed by column; rows ascending, the diagonal last.
    let cStart: [Int]
    let cRow: [Int]
    var cValue: [Double]
    // For column j of A, pairs pairStart[j]..<pairStart[j+1]: target position in cValue and a_i·a_k.
    let pairStart: [Int]
    let pairTarget: [Int]
    let pairProduct: [Double]
    // Elimination tree and the factor L (compressed by column, diagonal first).
    let parent: [Int]
    let lStart: [Int]
    var lRow: [Int]
    var lValue: [Double]
    // Work arrays.
    var fill: [Int]
    var stack: [Int]
    var visited: [Int]
    var dense: [Double]
    var permuted: [Double]
    // Dense columns (original indices) and their entries in permuted row order.
    let denseColumns: [Int]
    let denseStart: [Int]
    let denseRow: [Int]
    let denseValue: [Double]
    /// V = A_d·Θ_d^½ (m × k, column-major, permuted rows), W = S⁻¹·V, the Cholesky factor of
    /// I + Vᵀ·W (k × k) and its work vector.
    var lowRank: [Double]
    var solvedLowRank: [Double]
    var schur: [Double]
    var schurWork: [Double]
    /// The shift asked for and the one the sparse part was factored with (larger when it needed
    /// more to be positive definite without the dense columns).
    var requestedShift = 0.0
    var usedShift = 0.0
    // Conjugate-gradient vectors (length m when there are dense columns).
    var iterate: [Double], residual: [Double], direction: [Double], normalProduct: [Double], preconditioned: [Double]
    /// Conjugate-gradient iterations of the last `solve` (0 without dense columns).
    private(set) var lastSolveIterations = 0
    /// Set when `factor` stopped at `deadline`.
    private(set) var timedOut = false
    /// Wall-clock limit (seconds since the reference date) checked inside `factor`.
    var deadline = Double.infinity
    /// Flops of one numeric factorisation, `Σ_k colcount_k²` (plus the dense-column work).
    let predictedFlops: Double
    /// Nonzeros of L.
    var factorNonzeros: Int { lStart[order] }
    /// The supernodal factorisation, when `numeric` chose it (then `lRow`/`lValue` stay empty).
    private(set) var supernodal: SupernodalCholesky?

    /// How the numeric factorisation runs.
    enum NumericMethod: Sendable {
        /// Supernodal (`SupernodalCholesky`) when one factorisation takes at least 10⁸ flops and
        /// the supernodes average two columns or more; up-looking otherwise.
        case automatic
        /// Row by row along the elimination tree (sparse triangular solves; no BLAS).
        case upLooking
        /// Dense blocks of supernodes with BLAS-3 updates.
        case supernodal
    }

    /// The fill-reducing ordering of the normal matrix.
    enum Ordering: Sendable {
        /// `ApproximateMinimumDegree` (quotient graph; the default).
        case approximateMinimumDegree
        /// `MinimumDegree` on the explicit elimination graph (exact degrees; slow on large
        /// models, kept as a reference for the fill).
        case minimumDegree
        /// The rows in their given order (a reference for tests).
        case natural
    }

    /// Symbolic analysis of `A·Aᵀ` for the columns of `a`.
    /// - Parameters:
    ///   - denseRowFactor: rows of the normal matrix with more than
    ///     `max(16, denseRowFactor·√m)` neighbours are ordered last.
    ///   - ordering: the fill-reducing ordering.
    ///   - denseColumns: split off the dense columns of `a` (see `denseColumnIndices`) and handle
    ///     them by a Schur complement instead of in the sparse pattern.
    ///   - numeric: the numeric factorisation (`NumericMethod`).
    init(_ a: SparseMatrix, denseRowFactor: Double = 10, ordering: Ordering = .approximateMinimumDegree,
         denseColumns split: Bool = true, numeric: NumericMethod = .automatic) {
        let m = a.rows, n = a.columns
        order = m
        let denseList = split ? Self.denseColumnIndices(a) : []
        var isDense = [Bool](repeating: false, count: n)
        for j in denseList { isDense[j] = true }
        // Row-wise pattern of A.
        var rowCount = [Int](repeating: 0, count: m + 1)
        for k in 0..<a.columnStart[n] { rowCount[a.rowIndex[k] + 1] += 1 }
        for i in 0..<m { rowCount[i + 1] += rowCount[i] }
        var rowColumn = [Int](repeating: 0, count: a.columnStart[n])
        var cursor = rowCount
        for j in 0..<n {
            for k in a.columnStart[j]..<a.columnStart[j + 1] {
                let i = a.rowIndex[k]
                rowColumn[cursor[i]] = j
                cursor[i] += 1
            }
        }
        // Adjacency of A·Aᵀ (no diagonal), deduplicated.
        var mark = [Int](repeating: -1, count: m)
        var adjacency = [[Int]](repeating: [], count: m)
        for i in 0..<m {
            mark[i] = i
            var list: [Int] = []
            for p in rowCount[i]..<rowCount[i + 1] {
                let j = rowColumn[p]
                if isDense[j] { continue }
                for k in a.columnStart[j]..<a.columnStart[j + 1] {
                    let r = a.rowIndex[k]
                    if mark[r] != i { mark[r] = i; list.append(r) }
                }
            }
            adjacency[i] = list
        }
        let threshold = max(16, Int(denseRowFactor * Double(m).squareRoot()))
        let ordered: [Int]
        switch ordering {
        case .approximateMinimumDegree: ordered = ApproximateMinimumDegree.order(adjacency: adjacency, denseThreshold: threshold)
        case .minimumDegree: ordered = MinimumDegree.order(adjacency: adjacency, denseThreshold: threshold)
        case .natural: ordered = Array(0..<m)
        }
        var perm = ordered
        var analysis = Self.analyse(adjacency: adjacency, permutation: perm)
        var flops = 0.0
        for k in 0..<m { flops += Double(analysis.counts[k]) * Double(analysis.counts[k]) }
        let starts: [Int]
        let useSupernodes: Bool
        switch numeric {
        case .automatic: useSupernodes = flops >= 1e8
        case .upLooking: useSupernodes = false
        case .supernodal: useSupernodes = true
        }
        if useSupernodes {
            // A postorder of the elimination tree (same fill, same counts permuted) numbers each
            // chain of the tree consecutively, so the supernodes are as wide as the pattern allows.
            let post = Self.postorder(parent: analysis.parent)
            perm = post.map { ordered[$0] }
            analysis = Self.analyse(adjacency: adjacency, permutation: perm)
            starts = SupernodalCholesky.supernodeStarts(parent: analysis.parent, counts: analysis.counts)
        } else {
            starts = []
        }
        adjacency = []
        let inv = analysis.inverse, start = analysis.start, rows = analysis.rows
        let par = analysis.parent, counts = analysis.counts
        permutation = perm
        inverse = inv
        cStart = start
        cRow = rows
        cValue = [Double](repeating: 0, count: rows.count)
        // Pairs of each column of A → positions in C.
        var pStart = [Int](repeating: 0, count: n + 1)
        for j in 0..<n {
            let c = isDense[j] ? 0 : a.columnStart[j + 1] - a.columnStart[j]
            pStart[j + 1] = pStart[j] + c * (c + 1) / 2
        }
        var target = [Int](repeating: 0, count: pStart[n])
        var product = [Double](repeating: 0, count: pStart[n])
        var t = 0
        for j in 0..<n where !isDense[j] {
            let s = a.columnStart[j], e = a.columnStart[j + 1]
            for p in s..<e {
                let ip = inv[a.rowIndex[p]]
                for q in p..<e {
                    let iq = inv[a.rowIndex[q]]
                    let column = max(ip, iq), row = min(ip, iq)
                    // Binary search of `row` in column `column` of C.
                    var lo = start[column], hi = start[column + 1] - 1
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if rows[mid] < row { lo = mid + 1 } else { hi = mid }
                    }
                    target[t] = lo
                    product[t] = a.values[p] * a.values[q]
                    t += 1
                }
            }
        }
        pairStart = pStart
        pairTarget = target
        pairProduct = product
        parent = par
        var lp = [Int](repeating: 0, count: m + 1)
        for k in 0..<m { lp[k + 1] = lp[k] + counts[k] }
        // The dense columns: k solves with L and the k × k Schur complement per factorisation.
        let k = denseList.count
        flops += Double(k) * (4 * Double(lp[m]) + 2 * Double(k) * Double(m))
        denseColumns = denseList
        var dStart = [0], dRow: [Int] = [], dValue: [Double] = []
        for j in denseList {
            for p in a.columnStart[j]..<a.columnStart[j + 1] { dRow.append(inv[a.rowIndex[p]]); dValue.append(a.values[p]) }
            dStart.append(dRow.count)
        }
        denseStart = dStart
        denseRow = dRow
        denseValue = dValue
        lowRank = [Double](repeating: 0, count: m * k)
        solvedLowRank = [Double](repeating: 0, count: m * k)
        schur = [Double](repeating: 0, count: k * k)
        schurWork = [Double](repeating: 0, count: k)
        let vector = [Double](repeating: 0, count: k > 0 ? m : 0)
        iterate = vector; residual = vector; direction = vector; normalProduct = vector; preconditioned = vector
        lStart = lp
        supernodal = useSupernodes
            ? SupernodalCholesky(order: m, parent: par, counts: counts, starts: starts, cStart: start, cRow: rows) : nil
        lRow = [Int](repeating: 0, count: useSupernodes ? 0 : lp[m])
        lValue = [Double](repeating: 0, count: useSupernodes ? 0 : lp[m])
        predictedFlops = flops
        fill = [Int](repeating: 0, count: m)
        stack = [Int](repeating: 0, count: m)
        visited = [Int](repeating: -1, count: m)
        dense = [Double](repeating: 0, count: m)
        permuted = [Double](repeating: 0, count: m)
    }

    /// The upper pattern of the permuted normal matrix (column k: the rows l < k adjacent to
    /// `permutation[k]`, ascending, then k), its elimination tree and the column counts of L
    /// (diagonal included), for the adjacency lists of `A·Aᵀ` (no diagonal).
    static func analyse(adjacency: [[Int]], permutation perm: [Int])
        -> (inverse: [Int], start: [Int], rows: [Int], parent: [Int], counts: [Int]) {
        let m = perm.count
        var inv = [Int](repeating: 0, count: m)
        for (k, i) in perm.enumerated() { inv[i] = k }
        var start = [Int](repeating: 0, count: m + 1)
        var rows: [Int] = []
        rows.reserveCapacity(m + adjacency.reduce(0) { $0 + $1.count } / 2)
        for k in 0..<m {
            let first = rows.count
            for r in adjacency[perm[k]] where inv[r] < k { rows.append(inv[r]) }
            rows[first...].sort()
            rows.append(k)
            start[k + 1] = rows.count
        }
        // Elimination tree (path compression through `ancestor`).
        var par = [Int](repeating: -1, count: m)
        var ancestor = [Int](repeating: -1, count: m)
        for k in 0..<m {
            for p in start[k]..<start[k + 1] {
                var i = rows[p]
                while i != -1 && i < k {
                    let nextI = ancestor[i]
                    ancestor[i] = k
                    if nextI == -1 { par[i] = k }
                    i = nextI
                }
            }
        }
        // Column counts of L: the row patterns, by the reach of each row along the tree.
        var counts = [Int](repeating: 1, count: m)
        var seen = [Int](repeating: -1, count: m)
        for k in 0..<m {
            seen[k] = k
            for p in start[k]..<start[k + 1] {
                var i = rows[p]
                while i < k && seen[i] != k {
                    counts[i] += 1
                    seen[i] = k
                    i = par[i]
                    if i < 0 { break }
                }
            }
        }
        return (inv, start, rows, par, counts)
    }

    /// A postorder of the forest `parent` (−1 at roots): `post[k]` is the node numbered k-th; every
    /// subtree gets consecutive numbers, children in increasing order before their parent.
    static func postorder(parent: [Int]) -> [Int] {
        let m = parent.count
        var head = [Int](repeating: -1, count: m), next = [Int](repeating: -1, count: m)
        // Children lists in increasing order: push in decreasing order.
        for j in stride(from: m - 1, through: 0, by: -1) where parent[j] >= 0 {
            next[j] = head[parent[j]]
            head[parent[j]] = j
        }
        var post = [Int]()
        post.reserveCapacity(m)
        var stack = [Int]()
        for root in 0..<m where parent[root] < 0 {
            stack.append(root)
            while let top = stack.last {
                let child = head[top]
                if child < 0 {
                    stack.removeLast()
                    post.append(top)
                } else {
                    head[top] = next[child]
                    stack.append(child)
                }
            }
        }
        return post
    }

    /// Forms `C = P·A·Θ·Aᵀ·Pᵀ` (without δ) from the column weights `theta` (length = columns of A).
    func form(theta: [Double]) {
        cValue.withUnsafeMutableBufferPointer { c in
            for k in 0..<c.count { c[k] = 0 }
            pairStart.withUnsafeBufferPointer { ps in
                pairTarget.withUnsafeBufferPointer { pt in
                    pairProduct.withUnsafeBufferPointer { pp in
                        theta.withUnsafeBufferPointer { th in
                            for j in 0..<(ps.count - 1) {
                                let w = th[j]
                                for s in ps[j]..<ps[j + 1] { c[pt[s]] += pp[s] * w }
                            }
                        }
                    }
                }
            }
        }
        // V = A_d·Θ_d^½, column t of the dense columns.
        let m = order
        for t in 0..<denseColumns.count {
            let root = theta[denseColumns[t]].squareRoot()
            for i in 0..<m { lowRank[t * m + i] = 0 }
            for p in denseStart[t]..<denseStart[t + 1] { lowRank[t * m + denseRow[p]] = denseValue[p] * root }
        }
    }

    /// Diagonal entry k of C (permuted order), as formed.
    @inline(__always)
    func diagonal(_ k: Int) -> Double { cValue[cStart[k + 1] - 1] }

    /// Factors `C + δI + V·Vᵀ` (C without the dense columns, V their part): the sparse part by
    /// the up-looking Cholesky, then, with dense columns, `W = (C + δ'I)⁻¹·V` and the Cholesky
    /// factor of the Schur complement `I + Vᵀ·W`, δ' ≥ δ the least shift of the schedule
    /// δ, 100δ, … (floor 10⁻¹² · max diagonal) at which the sparse part alone is positive definite.
    /// Returns false when a pivot is not positive (or not finite) or when `deadline` passes (then
    /// `timedOut` is set); the factor is then unusable until the next successful call.
    func factor(shift delta: Double) -> Bool {
        timedOut = false
        let k = denseColumns.count
        guard k > 0 else { return factorSparsePart(shift: delta) }
        for v in lowRank where !v.isFinite { return false }
        let m = order
        requestedShift = delta
        var largest = 0.0
        for i in 0..<m { largest = max(largest, diagonal(i)) }
        var shift = delta
        var factored = false
        for _ in 0..<8 {
            if factorSparsePart(shift: shift) { factored = true; break }
            if timedOut { return false }
            shift = max(shift * 100, 1e-12 * max(1, largest))
        }
        guard factored else { return false }
        usedShift = shift
        // W = S⁻¹·V, column by column.
        for t in 0..<k {
            for i in 0..<m { solvedLowRank[t * m + i] = lowRank[t * m + i] }
            solvedLowRank.withUnsafeMutableBufferPointer { w in
                solvePermuted(UnsafeMutableBufferPointer(rebasing: w[(t * m)..<(t * m + m)]))
            }
        }
        // I + Vᵀ·W, upper triangle, column-major.
        for c in 0..<k {
            for r in 0...c {
                var sum = 0.0
                for i in 0..<m { sum += lowRank[r * m + i] * solvedLowRank[c * m + i] }
                schur[r + c * k] = (r == c ? 1 : 0) + sum
            }
        }
        do { try choleskyFactorizeInPlace(&schur, order: k) } catch { return false }
        return true
    }

    /// Factors the sparse part `S + δI` into L; false when a pivot is not positive (or not
    /// finite), or when `deadline` passes (then `timedOut` is set).
    private func factorSparsePart(shift delta: Double) -> Bool {
        if supernodal != nil {
            let outcome = supernodal?.factor(cValue, shift: delta, deadline: deadline)
            if outcome == .late { timedOut = true }
            return outcome == .factored
        }
        let m = order
        var ok = true
        let deadline = self.deadline
        var late = false
        cStart.withUnsafeBufferPointer { cs in
        cRow.withUnsafeBufferPointer { cr in
        cValue.withUnsafeBufferPointer { cv in
        lStart.withUnsafeBufferPointer { ls in
        lRow.withUnsafeMutableBufferPointer { lr in
        lValue.withUnsafeMutableBufferPointer { lv in
        parent.withUnsafeBufferPointer { par in
        fill.withUnsafeMutableBufferPointer { next in
        stack.withUnsafeMutableBufferPointer { s in
        visited.withUnsafeMutableBufferPointer { seen in
        dense.withUnsafeMutableBufferPointer { x in
            for k in 0..<m { next[k] = ls[k]; seen[k] = -1 }
            for k in 0..<m {
                if k & 255 == 255 && deadline.isFinite && Date().timeIntervalSinceReferenceDate > deadline {
                    late = true; ok = false; return
                }
                // Pattern of row k of L: the reach of C(:,k) along the tree, in topological order.
                var top = m
                seen[k] = k
                let e = cs[k + 1] - 1
                for p in cs[k]..<e {
                    var i = cr[p]
                    var len = 0
                    while seen[i] != k {
                        s[len] = i
                        len += 1
                        seen[i] = k
                        i = par[i]
                    }
                    while len > 0 { len -= 1; top -= 1; s[top] = s[len] }
                    x[cr[p]] = cv[p]
                }
                var d = cv[e] + delta
                // Sparse triangular solve for row k.
                for t in top..<m {
                    let i = s[t]
                    let lki = x[i] / lv[ls[i]]
                    x[i] = 0
                    let end = next[i]
                    var p = ls[i] + 1
                    while p < end {
                        x[lr[p]] -= lv[p] * lki
                        p += 1
                    }
                    d -= lki * lki
                    lr[end] = k
                    lv[end] = lki
                    next[i] = end + 1
                }
                guard d > 0, d.isFinite else { ok = false; return }
                let p = next[k]
                lr[p] = k
                lv[p] = d.squareRoot()
                next[k] = p + 1
            }
        }}}}}}}}}}}
        if !ok { for k in 0..<m { dense[k] = 0 } }
        if late { timedOut = true }
        return ok
    }

    /// Solves `L·Lᵀ·w = w` in place (permuted order).
    private func solvePermuted(_ w: UnsafeMutableBufferPointer<Double>) {
        if let supernodal {
            supernodal.solve(w)
            return
        }
        let m = order
        lStart.withUnsafeBufferPointer { ls in
        lRow.withUnsafeBufferPointer { lr in
        lValue.withUnsafeBufferPointer { lv in
            // L·u = w
            for j in 0..<m {
                let uj = w[j] / lv[ls[j]]
                w[j] = uj
                if uj != 0 {
                    for p in (ls[j] + 1)..<ls[j + 1] { w[lr[p]] -= lv[p] * uj }
                }
            }
            // Lᵀ·v = u
            for j in stride(from: m - 1, through: 0, by: -1) {
                var s = w[j]
                for p in (ls[j] + 1)..<ls[j + 1] { s -= lv[p] * w[lr[p]] }
                w[j] = s / lv[ls[j]]
            }
        }}}
    }

    /// `out = M⁻¹·r` for `M = S + δ'I + V·Vᵀ` by Sherman–Morrison–Woodbury:
    /// `S⁻¹r − W·(I + VᵀW)⁻¹·Wᵀr` (permuted order).
    private func applyInverse(_ r: [Double], into out: inout [Double]) {
        let m = order, k = denseColumns.count
        for i in 0..<m { out[i] = r[i] }
        out.withUnsafeMutableBufferPointer { solvePermuted($0) }
        for t in 0..<k {
            var sum = 0.0
            for i in 0..<m { sum += solvedLowRank[t * m + i] * r[i] }
            schurWork[t] = sum
        }
        do { try choleskySolveInPlace(factor: schur, order: k, &schurWork) } catch { return }
        for t in 0..<k {
            let s = schurWork[t]
            if s != 0 { for i in 0..<m { out[i] -= solvedLowRank[t * m + i] * s } }
        }
    }

    /// `out = (C + δI + V·Vᵀ)·x`, δ the requested shift (permuted order).
    private func multiplyNormal(_ x: [Double], into out: inout [Double]) {
        let m = order, k = denseColumns.count
        for i in 0..<m { out[i] = requestedShift * x[i] }
        for c in 0..<m {
            let end = cStart[c + 1] - 1
            var sum = cValue[end] * x[c]
            let xc = x[c]
            for p in cStart[c]..<end {
                let r = cRow[p]
                sum += cValue[p] * x[r]
                out[r] += cValue[p] * xc
            }
            out[c] += sum
        }
        for t in 0..<k {
            var dot = 0.0
            for i in 0..<m { dot += lowRank[t * m + i] * x[i] }
            if dot != 0 { for i in 0..<m { out[i] += lowRank[t * m + i] * dot } }
        }
    }

    /// Solves `(C + δI + V·Vᵀ)·v = r` in place (original row order) with the current factor.
    /// Without dense columns this is two triangular solves. With them, preconditioned conjugate
    /// gradients with `M⁻¹` of `applyInverse` as the preconditioner: one iteration when δ' = δ
    /// (the Woodbury solve is then exact up to rounding, which the iterations refine), a few more
    /// when the sparse part needed a larger shift; at most 50, stopping at a residual of
    /// 10⁻¹⁴·‖r‖.
    func solve(_ v: inout [Double]) {
        let m = order
        guard !denseColumns.isEmpty else {
            permutation.withUnsafeBufferPointer { perm in
            permuted.withUnsafeMutableBufferPointer { w in
            v.withUnsafeMutableBufferPointer { b in
                for k in 0..<m { w[k] = b[perm[k]] }
            }}}
            permuted.withUnsafeMutableBufferPointer { solvePermuted($0) }
            for k in 0..<m { v[permutation[k]] = permuted[k] }
            return
        }
        for k in 0..<m { residual[k] = v[permutation[k]] }
        var bNorm = 0.0
        for k in 0..<m { bNorm = max(bNorm, abs(residual[k])) }
        for k in 0..<m { iterate[k] = 0 }
        lastSolveIterations = 0
        if bNorm > 0 {
            applyInverse(residual, into: &preconditioned)
            for k in 0..<m { direction[k] = preconditioned[k] }
            var rz = 0.0
            for k in 0..<m { rz += residual[k] * preconditioned[k] }
            for _ in 0..<50 {
                lastSolveIterations += 1
                multiplyNormal(direction, into: &normalProduct)
                var curvature = 0.0
                for k in 0..<m { curvature += direction[k] * normalProduct[k] }
                guard curvature > 0, curvature.isFinite else { break }
                let alpha = rz / curvature
                var rNorm = 0.0
                for k in 0..<m {
                    iterate[k] += alpha * direction[k]
                    residual[k] -= alpha * normalProduct[k]
                    rNorm = max(rNorm, abs(residual[k]))
                }
                if rNorm <= 1e-14 * bNorm { break }
                applyInverse(residual, into: &preconditioned)
                var next = 0.0
                for k in 0..<m { next += residual[k] * preconditioned[k] }
                let beta = next / rz
                rz = next
                for k in 0..<m { direction[k] = preconditioned[k] + beta * direction[k] }
            }
        }
        for k in 0..<m { v[permutation[k]] = iterate[k] }
    }

    /// The columns of `a` handled apart from the sparse pattern: those with more than
    /// `max(100, 10·√m)` entries (a column with c entries makes a c-clique in `A·Aᵀ`, c²/2
    /// entries of the normal matrix and about c³/3 flops of its factor), most entries first, at
    /// most 200 of them (each costs two triangular solves and a column of the Schur complement
    /// per factorisation); none when more than 200 qualify (the model is then dense anyway).
    static func denseColumnIndices(_ a: SparseMatrix) -> [Int] {
        let m = a.rows
        let threshold = max(100, Int(10 * Double(m).squareRoot()))
        var list: [Int] = []
        for j in 0..<a.columns where a.columnStart[j + 1] - a.columnStart[j] > threshold { list.append(j) }
        if list.count > 200 { return [] }
        return list
    }
}
