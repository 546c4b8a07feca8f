import Foundation

/// Row and column scaling `Â = R·A·C` (R = diag(rowScale), C = diag(columnScale)), by a few passes of
/// geometric-mean scaling followed by column equilibration (largest entry of each column 1). Factors
/// are powers of two, so scaling adds no rounding error.
///
/// With `x = C·x̂`: `ĉ = C·c`, `l̂ = C⁻¹·l`, `row bounds R·(lo, hi)`; back: `x = C·x̂`, `y = R·ŷ`,
/// `z = C⁻¹·ẑ`.
struct Scaling: Sendable {
    var rowScale: [Double]
    var columnScale: [Double]

    /// Identity scaling.
    init(rows: Int, columns: Int) {
        rowScale = [Double](repeating: 1, count: rows)
        columnScale = [Double](repeating: 1, count: columns)
    }

    /// Computes the scaling of `a`.
    init(for a: SparseMatrix, passes: Int = 6) {
        self.init(rows: a.rows, columns: a.columns)
        let m = a.rows, n = a.columns
        func powerOfTwo(_ v: Double) -> Double {
            guard v.isFinite, v > 0 else { return 1 }
            return exp2(log2(v).rounded())
        }
        for _ in 0..<passes {
            // Rows: 1 / sqrt(min · max) of the scaled entries.
            var rowMin = [Double](repeating: .infinity, count: m), rowMax = [Double](repeating: 0, count: m)
            for j in 0..<n {
                for k in a.columnStart[j]..<a.columnStart[j + 1] {
                    let i = a.rowIndex[k]
                    let v = abs(a.values[k]) * rowScale[i] * columnScale[j]
                    rowMin[i] = min(rowMin[i], v)
                    rowMax[i] = max(rowMax[i], v)
                }
            }
            for i in 0..<m where rowMax[i] > 0 { rowScale[i] *= powerOfTwo(1 / (rowMin[i] * rowMax[i]).squareRoot()) }
            for j in 0..<n {
                var lo = Double.infinity, hi = 0.0
                for k in a.columnStart[j]..<a.columnStart[j + 1] {
                    let v = abs(a.values[k]) * rowScale[a.rowIndex[k]] * columnScale[j]
                    lo = min(lo, v)
                    hi = max(hi, v)
                }
                if hi > 0 { columnScale[j] *= powerOfTwo(1 / (lo * hi).squareRoot()) }
            }
        }
        // Equilibrate columns.
        for j in 0..<n {
            var hi = 0.0
            for k in a.columnStart[j]..<a.columnStart[j + 1] {
                hi = max(hi, abs(a.values[k]) * rowScale[a.rowIndex[k]] * columnScale[j])
            }
            if hi > 0 { columnScale[j] *= powerOfTwo(1 / hi) }
        }
    }

    /// The scaled problem.
    func apply(to p: BoundedProblem) -> BoundedProblem {
        var q = p
        for j in 0..<p.a.columns {
            let s = columnScale[j]
            for k in p.a.columnStart[j]..<p.a.columnStart[j + 1] {
                q.a.values[k] = p.a.values[k] * rowScale[p.a.rowIndex[k]] * s
            }
            q.c[j] = p.c[j] * s
            q.lower[j] = p.lower[j] / s
            q.upper[j] = p.upper[j] / s
        }
        for i in 0..<p.a.rows {
            q.rowLower[i] = p.rowLower[i] * rowScale[i]
            q.rowUpper[i] = p.rowUpper[i] * rowScale[i]
        }
        return q
    }

    /// Unscales primal values and row duals.
    func unscale(x: [Double], y: [Double]) -> (x: [Double], y: [Double]) {
        (zip(x, columnScale).map { $0 * $1 }, zip(y, rowScale).map { $0 * $1 })
    }
}
