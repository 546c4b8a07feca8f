/// Domain propagation on the rows of a `BoundedProblem`: from each row's minimum and maximum
/// activity over the current bounds, tighten the bounds of its integer variables (rounded to
/// integers) and detect rows that cannot be satisfied. Used at every branch-and-bound node before
/// its LP is solved.
struct BoundPropagation {
    /// Row-wise copy of the constraint matrix.
    let rowStart: [Int]
    let rowColumn: [Int]
    let rowValue: [Double]
    let rowLower: [Double]
    let rowUpper: [Double]
    let integer: [Bool]

    init(_ p: BoundedProblem, integer: [Bool]) {
        let rows = SparseRows(p.a)
        rowStart = rows.start
        rowColumn = rows.column
        rowValue = rows.value
        rowLower = p.rowLower
        rowUpper = p.rowUpper
        self.integer = integer
    }

    /// Tightens `lower`/`upper` in place; returns false when some row cannot be satisfied.
    func propagate(lower: inout [Double], upper: inout [Double], passes: Int = 20) -> Bool {
        let m = rowLower.count
        let tolerance = 1e-9
        for _ in 0..<passes {
            var changed = false
            for i in 0..<m {
                // Minimum and maximum activity, counting infinite contributions separately.
                var minActivity = 0.0, maxActivity = 0.0
                var minInfinite = 0, maxInfinite = 0
                for k in rowStart[i]..<rowStart[i + 1] {
                    let j = rowColumn[k], a = rowValue[k]
                    let low = a > 0 ? a * lower[j] : a * upper[j]
                    let high = a > 0 ? a * upper[j] : a * lower[j]
                    if low.isFinite { minActivity += low } else { minInfinite += 1 }
                    if high.isFinite { maxActivity += high } else { maxInfinite += 1 }
                }
                let scale = 1 + max(abs(minActivity), abs(maxActivity))
                if minInfinite == 0 && minActivity > rowUpper[i] + tolerance * scale { return false }
                if maxInfinite == 0 && maxActivity < rowLower[i] - tolerance * scale { return false }
                for k in rowStart[i]..<rowStart[i + 1] {
                    let j = rowColumn[k], a = rowValue[k]
                    guard integer[j] else { continue }
                    let low = a > 0 ? a * lower[j] : a * upper[j]
                    let high = a > 0 ? a * upper[j] : a * lower[j]
                    // a·x_j ≤ rowUpper − (minimum activity of the others)
                    if rowUpper[i].isFinite && minInfinite == 0 {
                        let bound = (rowUpper[i] - (minActivity - low)) / a
                        if a > 0 {
                            let u = (bound + 1e-6).rounded(.down)
                            if u < upper[j] { upper[j] = u; changed = true }
                        } else {
                            let l = (bound - 1e-6).rounded(.up)
                            if l > lower[j] { lower[j] = l; changed = true }
                        }
                    }
                    // a·x_j ≥ rowLower − (maximum activity of the others)
                    if rowLower[i].isFinite && maxInfinite == 0 {
                        let bound = (rowLower[i] - (maxActivity - high)) / a
                        if a > 0 {
                            let l = (bound - 1e-6).rounded(.up)
                            if l > lower[j] { lower[j] = l; changed = true }
                        } else {
                            let u = (bound + 1e-6).rounded(.down)
                            if u < upper[j] { upper[j] = u; changed = true }
                        }
                    }
                    if lower[j] > upper[j] { return false }
                }
            }
            if !changed { break }
        }
        return true
    }
}
