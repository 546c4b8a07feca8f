import Linear

/// A least-squares fit by Householder QR of an already weighted design `X̃ = √W·X` and response
/// `ỹ = √W·y`: `X̃[:, kept] = Q₁R`, `β = R⁻¹Q₁ᵀỹ`. Shared by OLS, WLS, fixed effects and logistic IRLS.
/// The QR is blocked by rows (`TallSkinnyQR`), which reads the big design once.
struct LeastSquaresFit {
    /// Indices (into the design's columns) of the columns kept; the others were collinear.
    var kept: [Int]
    /// The QR factorisation of the kept columns.
    var qr: TallSkinnyQR
    /// The upper-triangular `R` (rank × rank).
    var r: Matrix
    /// Coefficients of the kept columns, in `kept` order.
    var coefficients: [Double]
    /// Weighted residuals `ẽ = ỹ − X̃β`, computed as `(I − Q₁Q₁ᵀ)ỹ` through the orthogonal factors.
    var residuals: [Double]
    /// Σ ẽᵢ².
    var sumOfSquaredResiduals: Double

    var rank: Int { kept.count }
}

/// Fits `ỹ ≈ X̃β` by QR, dropping each column whose distance from the span of the columns before it
/// is at most `tolerance × referenceNorms[j]` (R's rule: a later column collinear with earlier ones is
/// the one reported). `referenceNorms` are the norms of the columns before any demeaning, so a column
/// wiped out by absorbed fixed effects is recognised as collinear.
func leastSquares(design x: Matrix, response y: [Double], referenceNorms: [Double], tolerance: Double) throws -> LeastSquaresFit {
    var kept = Array(0..<x.columns)
    var qr = try TallSkinnyQR(x)
    var r = qr.r
    // |R_jj| is the distance of column j from the span of the earlier kept columns; a second pass
    // after removing columns confirms the decision on the cleaned matrix.
    for _ in 0..<3 {
        let drop = Set(kept.indices.filter { position in
            let scale = referenceNorms[kept[position]]
            return scale == 0 || abs(r[position, position]) <= tolerance * scale
        })
        if drop.isEmpty { break }
        kept = kept.indices.filter { !drop.contains($0) }.map { kept[$0] }
        qr = try TallSkinnyQR(x.selectingColumns(kept))
        r = qr.r
    }
    let k = kept.count
    let parts = try qr.project(y)
    var beta = Matrix(column: parts.leading)
    if k > 0 { try solveTriangular(r, &beta, upper: true, transpose: false) }
    return LeastSquaresFit(kept: kept, qr: qr, r: r, coefficients: beta.elements, residuals: parts.residual,
                           sumOfSquaredResiduals: parts.residualSumOfSquares)
}

/// Column norms of a matrix.
func columnNorms(_ x: Matrix) -> [Double] {
    // A plain sum of squares vectorises; BLAS dnrm2 rescales every element to avoid overflow, which
    // only matters beyond 1e154 — there it is used as the fallback.
    (0..<x.columns).map { j in
        x.elements.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return 0 }
            let column = UnsafeBufferPointer(start: base + j * x.rows, count: x.rows)
            // Four partial sums let the compiler use vector registers (one sum would fix the order).
            var partial = (0.0, 0.0, 0.0, 0.0)
            var i = 0
            while i + 4 <= column.count {
                partial.0 += column[i] * column[i]
                partial.1 += column[i + 1] * column[i + 1]
                partial.2 += column[i + 2] * column[i + 2]
                partial.3 += column[i + 3] * column[i + 3]
                i += 4
            }
            while i < column.count { partial.0 += column[i] * column[i]; i += 1 }
            let sum = (partial.0 + partial.1) + (partial.2 + partial.3)
            return sum.isFinite ? sum.squareRoot() : norm2(base + j * x.rows, count: x.rows)
        }
    }
}
