/// A minimisation problem `min cᵀx + offset, rowLower ≤ A·x ≤ rowUpper, lower ≤ x ≤ upper`, the form
/// presolve, scaling and the solver pass along.
struct BoundedProblem: Sendable {
    var a: SparseMatrix
    var c: [Double]
    var lower: [Double]
    var upper: [Double]
    var rowLower: [Double]
    var rowUpper: [Double]
    var offset: Double
}

/// Presolve reductions, with what postsolve needs to map a solution of the reduced problem back:
///
/// - free rows (both sides infinite) and empty rows are dropped (an empty row whose range excludes 0
///   makes the model infeasible);
/// - a singleton row `lo ≤ a·x_j ≤ hi` becomes bounds on `x_j`; in postsolve the reduced cost of `x_j`
///   is moved to that row's dual when the bound it gave is the active one;
/// - fixed variables (`lower == upper`) are substituted into the rows and the objective;
/// - a row that is a multiple of another narrows the other's range and is dropped (its dual is
///   recovered in postsolve when its side is the active one);
/// - empty columns are fixed at the bound their cost favours (kept when that bound is infinite, so the
///   solver can report unboundedness if the rest is feasible).
/// The reductions repeat until nothing changes.
struct Presolve {
    /// Why presolve alone decided the outcome.
    enum Verdict { case reduced, infeasible }

    var verdict = Verdict.reduced
    /// Original column of each reduced column, and original row of each reduced row.
    var keptColumns: [Int] = []
    var keptRows: [Int] = []
    /// Values of the removed (fixed) columns.
    var fixedValue: [Double?]
    /// Singleton row (and its coefficient) that set the final lower / upper bound of a column.
    var lowerSource: [(row: Int, value: Double)?]
    var upperSource: [(row: Int, value: Double)?]
    /// Duplicate rows removed (`removed = ratio · kept`), and the removed row that gave the final
    /// lower / upper end of a kept row's range.
    var duplicateRows: [(kept: Int, removed: Int, ratio: Double)] = []
    var rowLowerSource: [Int: (row: Int, ratio: Double)] = [:]
    var rowUpperSource: [Int: (row: Int, ratio: Double)] = [:]
    /// Singleton rows in the order they were removed (postsolve undoes them in reverse).
    var singletonRows: [(row: Int, column: Int, value: Double)] = []
    /// The original problem.
    let original: BoundedProblem
    /// The reduced problem.
    var reduced: BoundedProblem

    init(_ p: BoundedProblem, enabled: Bool, tolerance: Double = 1e-9) {
        original = p
        let m = p.a.rows, n = p.a.columns
        fixedValue = [Double?](repeating: nil, count: n)
        lowerSource = [(row: Int, value: Double)?](repeating: nil, count: n)
        upperSource = [(row: Int, value: Double)?](repeating: nil, count: n)
        reduced = p
        guard enabled else {
            keptColumns = Array(0..<n)
            keptRows = Array(0..<m)
            return
        }
        var lower = p.lower, upper = p.upper
        var rowLower = p.rowLower, rowUpper = p.rowUpper
        var offset = p.offset
        var rowActive = [Bool](repeating: true, count: m)
        var columnActive = [Bool](repeating: true, count: n)
        // Row-wise copy of A for row scans (row i's entries are rowStart[i]..<rowStart[i + 1]).
        let byRows = SparseRows(p.a)
        let rowStart = byRows.start, rowColumn = byRows.column, rowValue = byRows.value
        var rowCount = (0..<m).map { rowStart[$0 + 1] - rowStart[$0] }
        var columnCount = (0..<n).map { p.a.columnStart[$0 + 1] - p.a.columnStart[$0] }
        func feasibleRange(_ lo: Double, _ hi: Double) -> Bool {
            lo <= hi + tolerance * (1 + max(abs(lo.isFinite ? lo : 0), abs(hi.isFinite ? hi : 0)))
        }
        var changed = true
        while changed && verdict == .reduced {
            changed = false
            // Fixed columns: substitute.
            for j in 0..<n where columnActive[j] && lower[j].isFinite && lower[j] == upper[j] {
                let v = lower[j]
                columnActive[j] = false
                fixedValue[j] = v
                offset += p.c[j] * v
                for k in p.a.columnStart[j]..<p.a.columnStart[j + 1] {
                    let i = p.a.rowIndex[k]
                    guard rowActive[i] else { continue }
                    rowLower[i] -= p.a.values[k] * v
                    rowUpper[i] -= p.a.values[k] * v
                    rowCount[i] -= 1
                }
                changed = true
            }
            for i in 0..<m where rowActive[i] {
                if !rowLower[i].isFinite && !rowUpper[i].isFinite {
                    rowActive[i] = false
                    for k in rowStart[i]..<rowStart[i + 1] where columnActive[rowColumn[k]] { columnCount[rowColumn[k]] -= 1 }
                    changed = true
                } else if rowCount[i] == 0 {
                    rowActive[i] = false
                    if !(rowLower[i] <= tolerance * (1 + abs(rowLower[i])) && rowUpper[i] >= -tolerance * (1 + abs(rowUpper[i]))) {
                        verdict = .infeasible
                    }
                    changed = true
                } else if rowCount[i] == 1 {
                    guard let k = (rowStart[i]..<rowStart[i + 1]).first(where: { columnActive[rowColumn[$0]] }) else { continue }
                    let j = rowColumn[k], a = rowValue[k]
                    rowActive[i] = false
                    columnCount[j] -= 1
                    singletonRows.append((i, j, a))
                    var lo = rowLower[i] / a, hi = rowUpper[i] / a
                    if a < 0 { swap(&lo, &hi) }
                    if lo > lower[j] { lower[j] = lo; lowerSource[j] = (i, a) }
                    if hi < upper[j] { upper[j] = hi; upperSource[j] = (i, a) }
                    if !feasibleRange(lower[j], upper[j]) {
                        verdict = .infeasible
                    } else if lower[j] > upper[j]
                        || (lower[j].isFinite && upper[j].isFinite && abs(upper[j] - lower[j]) <= tolerance * (1 + abs(lower[j]))) {
                        // (Only finite bounds can be equal up to rounding: with a free or minus-infinity
                        // bound the difference is infinite and so is the tolerance.)
                        // Equal up to rounding: fix at the midpoint (next pass substitutes it).
                        let mid = lower[j] + 0.5 * (upper[j] - lower[j])
                        lower[j] = mid
                        upper[j] = mid
                    }
                    changed = true
                }
            }
            // Empty columns: fix at the favoured finite bound.
            for j in 0..<n where columnActive[j] && columnCount[j] == 0 {
                let c = p.c[j]
                let v: Double
                if c > 0 { v = lower[j] } else if c < 0 { v = upper[j] } else {
                    v = min(max(0, lower[j]), upper[j])
                }
                guard v.isFinite else { continue }   // unbounded direction if the rest is feasible
                if !feasibleRange(lower[j], upper[j]) { verdict = .infeasible; break }
                columnActive[j] = false
                fixedValue[j] = v
                offset += c * v
                changed = true
            }
            for j in 0..<n where columnActive[j] && !feasibleRange(lower[j], upper[j]) { verdict = .infeasible }
        }
        // Duplicate rows: a row that is a multiple λ of an earlier one narrows that row's range and goes.
        if verdict == .reduced {
            // Rows are grouped by a 64-bit fingerprint of their active columns (no array key to
            // hash and store per row); a candidate counts only when its columns are the same.
            var rowsByPattern: [UInt64: [Int]] = [:]
            rowsByPattern.reserveCapacity(m)
            func fingerprint(_ entries: [Int]) -> UInt64 {
                var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(entries.count + 1)
                for k in entries {
                    h = (h ^ UInt64(rowColumn[k])) &* 0xBF58_476D_1CE4_E5B9
                    h ^= h >> 29
                }
                return h
            }
            for i in 0..<m where rowActive[i] && rowCount[i] >= 2 {
                let pattern = (rowStart[i]..<rowStart[i + 1]).filter { columnActive[rowColumn[$0]] }
                let key = fingerprint(pattern)
                var matched = false
                for i1 in rowsByPattern[key] ?? [] {
                    let base = (rowStart[i1]..<rowStart[i1 + 1]).filter { columnActive[rowColumn[$0]] }
                    guard base.count == pattern.count, zip(base, pattern).allSatisfy({ rowColumn[$0] == rowColumn[$1] }) else { continue }
                    let lambda = rowValue[pattern[0]] / rowValue[base[0]]
                    guard zip(pattern, base).allSatisfy({ abs(rowValue[$0] - lambda * rowValue[$1]) <= 1e-12 * abs(rowValue[$0]) }) else { continue }
                    var lo = rowLower[i] / lambda, hi = rowUpper[i] / lambda
                    if lambda < 0 { swap(&lo, &hi) }
                    if lo > rowLower[i1] { rowLower[i1] = lo; rowLowerSource[i1] = (i, lambda) }
                    if hi < rowUpper[i1] { rowUpper[i1] = hi; rowUpperSource[i1] = (i, lambda) }
                    if !feasibleRange(rowLower[i1], rowUpper[i1]) {
                        verdict = .infeasible
                    } else if rowLower[i1] > rowUpper[i1] {
                        let mid = rowLower[i1] + 0.5 * (rowUpper[i1] - rowLower[i1])
                        rowLower[i1] = mid
                        rowUpper[i1] = mid
                    }
                    rowActive[i] = false
                    duplicateRows.append((i1, i, lambda))
                    matched = true
                    break
                }
                if !matched { rowsByPattern[key, default: []].append(i) }
            }
        }
        keptColumns = (0..<n).filter { columnActive[$0] }
        keptRows = (0..<m).filter { rowActive[$0] }
        var newRowOf = [Int](repeating: -1, count: m)
        for (r, i) in keptRows.enumerated() { newRowOf[i] = r }
        var start = [0]
        var rows: [Int] = []
        var values: [Double] = []
        for j in keptColumns {
            for k in p.a.columnStart[j]..<p.a.columnStart[j + 1] {
                let r = newRowOf[p.a.rowIndex[k]]
                if r >= 0 { rows.append(r); values.append(p.a.values[k]) }
            }
            start.append(rows.count)
        }
        reduced = BoundedProblem(
            a: SparseMatrix(rows: keptRows.count, columns: keptColumns.count, columnStart: start, rowIndex: rows, values: values),
            c: keptColumns.map { p.c[$0] },
            lower: keptColumns.map { lower[$0] }, upper: keptColumns.map { upper[$0] },
            rowLower: keptRows.map { rowLower[$0] }, rowUpper: keptRows.map { rowUpper[$0] },
            offset: offset)
    }

    /// Maps a solution of the reduced problem (`x`, row duals `y`) back to the original problem:
    /// primal values, row duals and reduced costs `z = c − Aᵀy`.
    func postsolve(x reducedX: [Double], y reducedY: [Double]) -> (x: [Double], y: [Double], z: [Double]) {
        let p = original
        let n = p.a.columns, m = p.a.rows
        var x = [Double](repeating: 0, count: n)
        var y = [Double](repeating: 0, count: m)
        for (r, j) in keptColumns.enumerated() { x[j] = reducedX[r] }
        for j in 0..<n { if let v = fixedValue[j] { x[j] = v } }
        for (r, i) in keptRows.enumerated() { y[i] = reducedY[r] }
        // Undo duplicate rows (removed after the singleton rows, so undone first): the kept row's dual
        // goes to the removed row when the side it prices came from that row.
        for (kept, removed, ratio) in duplicateRows.reversed() {
            if y[kept] > 0, let source = rowLowerSource[kept], source.row == removed {
                y[removed] = y[kept] / ratio
                y[kept] = 0
            } else if y[kept] < 0, let source = rowUpperSource[kept], source.row == removed {
                y[removed] = y[kept] / ratio
                y[kept] = 0
            }
        }
        // Undo the singleton rows in reverse order of removal: each takes over the reduced cost of its
        // column when the bound it gave is the active one (later removals may have fixed columns of the
        // row, so the reduced cost is recomputed with the duals known so far).
        for (i, j, a) in singletonRows.reversed() {
            var zj = p.c[j]
            for k in p.a.columnStart[j]..<p.a.columnStart[j + 1] { zj -= p.a.values[k] * y[p.a.rowIndex[k]] }
            if zj > 0, let source = lowerSource[j], source.row == i {
                y[i] += zj / a
            } else if zj < 0, let source = upperSource[j], source.row == i {
                y[i] += zj / a
            }
        }
        var z = p.a.multiplyTransposed(y)
        for j in 0..<n { z[j] = p.c[j] - z[j] }
        return (x, y, z)
    }
}
