/// The problem the interior-point method solves:
///
///     minimise cᵀx   subject to   A·x = b,   l ≤ x ≤ u
///
/// (bounds may be infinite; a free variable has both infinite). Ranged and inequality rows of a model
/// become equalities with a bounded slack column `−s`, so every row here is an equality.
struct StandardForm: Sendable {
    var a: SparseMatrix
    var b: [Double]
    var c: [Double]
    var lower: [Double]
    var upper: [Double]

    var rows: Int { a.rows }
    var columns: Int { a.columns }

    /// Equalities from `rowLower ≤ A·x ≤ rowUpper`: equality rows keep `b = rowLower`; any other row
    /// gets a slack column `s_i ∈ [rowLower_i, rowUpper_i]` with coefficient −1 and `b_i = 0`.
    /// Slack columns are appended after the `A` columns, in row order.
    init(a: SparseMatrix, c: [Double], lower: [Double], upper: [Double], rowLower: [Double], rowUpper: [Double]) {
        let m = a.rows
        var start = a.columnStart
        var rowIndex = a.rowIndex
        var values = a.values
        var cost = c, lo = lower, up = upper
        var b = [Double](repeating: 0, count: m)
        for i in 0..<m {
            if rowLower[i] == rowUpper[i] {
                b[i] = rowLower[i]
            } else {
                rowIndex.append(i)
                values.append(-1)
                start.append(rowIndex.count)
                cost.append(0)
                lo.append(rowLower[i])
                up.append(rowUpper[i])
            }
        }
        self.a = SparseMatrix(rows: m, columns: start.count - 1, columnStart: start, rowIndex: rowIndex, values: values)
        self.b = b
        self.c = cost
        self.lower = lo
        self.upper = up
    }

    init(a: SparseMatrix, b: [Double], c: [Double], lower: [Double], upper: [Double]) {
        self.a = a
        self.b = b
        self.c = c
        self.lower = lower
        self.upper = upper
    }
}
