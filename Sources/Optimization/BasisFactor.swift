/// A sparse LU factorisation of a simplex basis matrix `B` (m × m, column `p` = the constraint
/// column of the variable basic in position `p`), with product-form updates after each basis change.
///
/// Factorisation: left-looking Gaussian elimination over the columns in order of increasing count
/// (so the many slack and singleton columns of an LP basis come first and make no fill), with
/// threshold partial pivoting (a row qualifies when its entry is at least `pivotThreshold` times
/// the largest in the column; among those the row with the fewest entries in `B` wins, to keep `L`
/// sparse). Each column costs O(m) for the dense work vector plus the flops of its elimination.
/// Update: replacing position `r` by column `a` multiplies `B` on the right by an eta matrix `E`
/// (column `r` of `E` is `B⁻¹a`); `FTRAN` applies the etas after the LU solve, `BTRAN` before it.
/// The owner refactors after `refactorInterval` updates (the eta file then costs more than a factorisation).
struct BasisFactor {
    let m: Int
    /// Processing order: step k eliminated basis position `order[k]` with pivot row `pivotRow[k]`.
    private(set) var order: [Int] = []
    private(set) var pivotRow: [Int] = []
    /// L multipliers of step k (rows not pivoted before step k): `lStart[k]..<lStart[k+1]`.
    private var lStart: [Int] = [0]
    private var lRow: [Int] = []
    private var lValue: [Double] = []
    /// U column of step k above the diagonal (entries `(step j < k, value)`) and its diagonal.
    private var uStart: [Int] = [0]
    private var uStep: [Int] = []
    private var uValue: [Double] = []
    private var uDiagonal: [Double] = []
    /// Eta file: position and pivot column `B⁻¹a` (sparse) of each update since the factorisation.
    private var etaPosition: [Int] = []
    private var etaPivot: [Double] = []
    private var etaStart: [Int] = [0]
    private var etaIndex: [Int] = []
    private var etaValue: [Double] = []
    private var work: [Double]
    var updates: Int { etaPosition.count }

    /// Relative size a pivot must have within its column (partial pivoting with a threshold).
    static let pivotThreshold = 0.1
    /// A column whose largest remaining entry is below this times its largest original entry is
    /// taken as dependent on the columns before it.
    static let singularTolerance = 1e-11

    init(order m: Int) {
        self.m = m
        work = [Double](repeating: 0, count: m)
    }

    /// Factors the basis whose position `p` holds the sparse column `columns(p)`.
    /// Returns the positions found dependent on the others (empty when `B` is nonsingular) and the
    /// rows left without a pivot (as many); on a nonempty answer the factorisation is not usable.
    mutating func factor(rowCount: [Int], column: (Int) -> (rows: ArraySlice<Int>, values: ArraySlice<Double>))
        -> (dependent: [Int], unpivotedRows: [Int]) {
        order.removeAll(keepingCapacity: true)
        pivotRow.removeAll(keepingCapacity: true)
        lStart = [0]; lRow.removeAll(keepingCapacity: true); lValue.removeAll(keepingCapacity: true)
        uStart = [0]; uStep.removeAll(keepingCapacity: true); uValue.removeAll(keepingCapacity: true)
        uDiagonal.removeAll(keepingCapacity: true)
        clearUpdates()
        // Positions by increasing column count (stable: ties keep position order).
        var counts = [Int](repeating: 0, count: m)
        for p in 0..<m { counts[p] = column(p).rows.count }
        let positions = (0..<m).sorted { counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 < $1 }
        var stepOfRow = [Int](repeating: -1, count: m)
        var dependent: [Int] = []
        var touched: [Int] = []
        var isTouched = [Bool](repeating: false, count: m)
        for p in positions {
            let col = column(p)
            var largestOriginal = 0.0
            touched.removeAll(keepingCapacity: true)
            for (i, v) in zip(col.rows, col.values) {
                work[i] += v
                largestOriginal = max(largestOriginal, abs(v))
                if !isTouched[i] { isTouched[i] = true; touched.append(i) }
            }
            // Apply earlier eliminations in step order (each reads its pivot row's current value).
            let k = order.count
            var uEntries: [(Int, Double)] = []
            for j in 0..<k {
                let t = work[pivotRow[j]]
                if t == 0 { continue }
                uEntries.append((j, t))
                for q in lStart[j]..<lStart[j + 1] {
                    let i = lRow[q]
                    work[i] -= lValue[q] * t
                    if !isTouched[i] { isTouched[i] = true; touched.append(i) }
                }
            }
            // Pivot among rows not yet pivoted.
            var largest = 0.0
            for i in touched where stepOfRow[i] < 0 { largest = max(largest, abs(work[i])) }
            if largest <= Self.singularTolerance * max(1, largestOriginal) {
                dependent.append(p)
                for i in touched { work[i] = 0; isTouched[i] = false }
                continue
            }
            var best = -1
            for i in touched where stepOfRow[i] < 0 && abs(work[i]) >= Self.pivotThreshold * largest {
                if best < 0 || rowCount[i] < rowCount[best] || (rowCount[i] == rowCount[best] && abs(work[i]) > abs(work[best])) {
                    best = i
                }
            }
            let d = work[best]
            for (j, t) in uEntries { uStep.append(j); uValue.append(t) }
            uStart.append(uStep.count)
            uDiagonal.append(d)
            for i in touched where stepOfRow[i] < 0 && i != best && work[i] != 0 {
                lRow.append(i)
                lValue.append(work[i] / d)
            }
            lStart.append(lRow.count)
            stepOfRow[best] = k
            order.append(p)
            pivotRow.append(best)
            for i in touched { work[i] = 0; isTouched[i] = false }
        }
        let unpivoted = (0..<m).filter { stepOfRow[$0] < 0 }
        return (dependent, unpivoted)
    }

    /// Forgets the eta file (after a refactorisation).
    mutating func clearUpdates() {
        etaPosition.removeAll(keepingCapacity: true)
        etaPivot.removeAll(keepingCapacity: true)
        etaStart = [0]
        etaIndex.removeAll(keepingCapacity: true)
        etaValue.removeAll(keepingCapacity: true)
    }

    /// Solves `B·v = b` in place: on entry `v` is `b` indexed by row, on exit `v` indexed by basis position.
    mutating func ftran(_ v: inout [Double]) {
        let steps = order.count
        // L⁻¹ in step order.
        for k in 0..<steps {
            let t = v[pivotRow[k]]
            if t == 0 { continue }
            for q in lStart[k]..<lStart[k + 1] { v[lRow[q]] -= lValue[q] * t }
        }
        // U back substitution (by columns); the result by step goes to work, then to positions.
        var k = steps - 1
        while k >= 0 {
            let u = v[pivotRow[k]] / uDiagonal[k]
            work[k] = u
            if u != 0 {
                for q in uStart[k]..<uStart[k + 1] { v[pivotRow[uStep[q]]] -= uValue[q] * u }
            }
            k -= 1
        }
        for k in 0..<steps { v[order[k]] = work[k]; work[k] = 0 }
        // Etas in update order.
        for e in 0..<etaPosition.count {
            let r = etaPosition[e]
            let t = v[r] / etaPivot[e]
            v[r] = t
            if t == 0 { continue }
            for q in etaStart[e]..<etaStart[e + 1] { v[etaIndex[q]] -= etaValue[q] * t }
        }
    }

    /// Solves `Bᵀ·y = c` in place: on entry `v` is `c` indexed by basis position, on exit `y` indexed by row.
    mutating func btran(_ v: inout [Double]) {
        // Etas transposed, latest first.
        var e = etaPosition.count - 1
        while e >= 0 {
            let r = etaPosition[e]
            var s = v[r]
            for q in etaStart[e]..<etaStart[e + 1] { s -= etaValue[q] * v[etaIndex[q]] }
            v[r] = s / etaPivot[e]
            e -= 1
        }
        let steps = order.count
        // Uᵀ forward: the value of step k goes to work[k].
        for k in 0..<steps {
            var s = v[order[k]]
            for q in uStart[k]..<uStart[k + 1] { s -= uValue[q] * work[uStep[q]] }
            work[k] = s / uDiagonal[k]
        }
        // Back to rows, then Lᵀ, latest step first.
        for k in 0..<steps { v[pivotRow[k]] = work[k]; work[k] = 0 }
        var k = steps - 1
        while k >= 0 {
            var s = 0.0
            for q in lStart[k]..<lStart[k + 1] { s += lValue[q] * v[lRow[q]] }
            v[pivotRow[k]] -= s
            k -= 1
        }
    }

    /// Records that position `r` now holds the column whose `FTRAN` is `alpha` (indexed by position).
    mutating func update(position r: Int, alpha: [Double]) {
        etaPosition.append(r)
        etaPivot.append(alpha[r])
        for (i, a) in alpha.enumerated() where i != r && a != 0 {
            etaIndex.append(i)
            etaValue.append(a)
        }
        etaStart.append(etaIndex.count)
    }
}
