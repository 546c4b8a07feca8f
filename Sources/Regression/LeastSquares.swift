import Linear

/// A least-squares fit by Householder QR of an already weighted design `X̃ = √W·X` and response
/// `ỹ = √W·y`: `X̃[:, kept] = Q₁R`, `β = R⁻¹Q₁ᵀỹ`. Shared by OLS, WLS, fixed effects and logistic IRLS.
struct LeastSquaresFit {
    /// Indices (into the design's columns) of the columns kept; the others were collinear.
    var kept: [Int]
    /// The QR factorisation of the kept columns.
    var qr: QRFactorization
    /// Coefficients of the kept columns, in `kept` order.
    var coefficients: [Double]
    /// Weighted residuals `ẽ = ỹ − X̃β`, computed as `Q·[0; (Qᵀỹ)₂]`.
    var residuals: [Double]
    /// Σ ẽᵢ².
    var sumOfSquaredResiduals: Double

    var rank: Int { kept.count }

    /// The upper-triangular `R` (rank × rank).
    var r: Matrix { qr.factored.leadingBlock(rows: rank, columns: rank).upperTriangle }
}

extension Matrix {
    /// The matrix with its strict lower triangle set to zero.
    var upperTriangle: Matrix {
        var m = self
        for j in 0..<columns { for i in (j + 1)..<Swift.max(rows, j + 1) { m[i, j] = 0 } }
        return m
    }
}

/// Fits `ỹ ≈ X̃β` by QR, dropping each column whose distance from the span of the columns before it
/// is at most `tolerance × referenceNorms[j]` (R's rule: a later column collinear with earlier ones is
/// the one reported). `referenceNorms` are the norms of the columns before any demeaning, so a column
/// wiped out by absorbed fixed effects is recognised as collinear.
func leastSquares(design x: Matrix, response y: [Double], referenceNorms: [Double], tolerance: Double) throws -> LeastSquaresFit {
    var kept = Array(0..<x.columns)
    var current = x
    var qr = try qrFactorize(current)
    // |R_jj| is the distance of column j from the span of the earlier kept columns; a second pass
    // after removing columns confirms the decision on the cleaned matrix.
    for _ in 0..<3 {
        var drop: [Int] = []
        for (position, column) in kept.enumerated() where position < qr.factored.rows {
            let scale = referenceNorms[column]
            if scale == 0 || abs(qr.factored[position, position]) <= tolerance * scale { drop.append(position) }
        }
        for (position, column) in kept.enumerated() where position >= qr.factored.rows { _ = column; drop.append(position) }
        if drop.isEmpty { break }
        let dropSet = Set(drop)
        let keepPositions = kept.indices.filter { !dropSet.contains($0) }
        kept = keepPositions.map { kept[$0] }
        current = x.selectingColumns(kept)
        qr = try qrFactorize(current)
    }
    let k = kept.count
    var qty = Matrix(column: y)
    try qr.applyQ(to: &qty, transpose: true)
    let beta = k == 0 ? [] : try qr.solveR(Array(qty.elements.prefix(k)), leading: k)
    // Residuals Q·[0; c₂]: orthogonal to the fitted part to working precision.
    var tail = qty
    for i in 0..<min(k, tail.rows) { tail.elements[i] = 0 }
    var ssr = 0.0
    for i in k..<tail.rows { ssr += tail.elements[i] * tail.elements[i] }
    try qr.applyQ(to: &tail, transpose: false)
    return LeastSquaresFit(kept: kept, qr: qr, coefficients: beta, residuals: tail.elements, sumOfSquaredResiduals: ssr)
}

/// Column norms of a matrix.
func columnNorms(_ x: Matrix) -> [Double] {
    (0..<x.columns).map { j in
        x.elements.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return 0 }
            return norm2(base + j * x.rows, count: x.rows)
        }
    }
}
