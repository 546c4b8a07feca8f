import CLAPACK

// Typed wrappers of the LAPACK routines the project uses (through LAPACKE, column-major).
// Each checks shapes and 32-bit limits first and turns LAPACK's `info` into a
// `LinearAlgebraError`.

@inline(__always) private func char(_ c: Unicode.Scalar) -> CChar { CChar(bitPattern: UInt8(ascii: c)) }
/// LAPACK's column-major layout flag. Initialising it also turns off LAPACKE's scan of every input
/// matrix for NaN (a full extra pass over the data on each call): callers validate their input.
let columnMajor: Int32 = {
    LAPACKE_set_nancheck(0)
    return Int32(LAPACK_COL_MAJOR)
}()

private func check(_ info: Int32, _ routine: String, positive: (Int) -> LinearAlgebraError) throws {
    if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, argument: Int(-info)) }
    if info > 0 { throw positive(Int(info)) }
}

// MARK: - QR (geqrf, geqp3, ormqr, orgqr, trtrs)

/// A Householder QR factorisation `A·P = Q·R` of an `m × n` matrix, as LAPACK stores it:
/// `R` in the upper triangle of `factored`, the Householder vectors below it, their scalars in `tau`.
/// `permutation[j]` is the original column that ended in position `j` (identity without pivoting).
public struct QRFactorization: Sendable {
    /// LAPACK's packed factor (`m × n`).
    public var factored: Matrix
    /// The Householder scalars (`min(m, n)` of them).
    public var tau: [Double]
    /// Zero-based column permutation `P`: position `j` of `R` holds original column `permutation[j]`.
    public var permutation: [Int]

    /// The upper-triangular factor `R` (`min(m,n) × n`).
    public var r: Matrix {
        let k = min(factored.rows, factored.columns)
        var out = Matrix(rows: k, columns: factored.columns)
        guard k > 0 else { return out }
        for j in 0..<factored.columns {
            for i in 0...min(j, k - 1) { out[i, j] = factored[i, j] }
        }
        return out
    }

    /// Applies `Qᵀ` (or `Q` when `transpose` is false) to the columns of `c` in place (LAPACK `dormqr`).
    public func applyQ(to c: inout Matrix, transpose: Bool = true) throws {
        guard c.rows == factored.rows else {
            throw LinearAlgebraError.invalidDimension("ormqr: C has \(c.rows) rows, Q is \(factored.rows)×\(factored.rows)")
        }
        try checkElementCount(c.rows, c.columns, "C")
        let m = try lapackInt(c.rows, "m"), n = try lapackInt(c.columns, "n")
        let k = try lapackInt(tau.count, "k")
        if c.rows == 0 || c.columns == 0 { return }
        let lda = Int32(max(1, factored.rows))
        let info = factored.elements.withUnsafeBufferPointer { pa in
            tau.withUnsafeBufferPointer { pt in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    LAPACKE_dormqr(columnMajor, char("L"), char(transpose ? "T" : "N"), m, n, k,
                                   pa.baseAddress, lda, pt.baseAddress, pc.baseAddress, m)
                }
            }
        }
        try check(info, "dormqr") { _ in .illegalArgument(routine: "dormqr", argument: 0) }
    }

    /// Applies `Qᵀ` (or `Q`) to a vector.
    public func applyQ(to v: [Double], transpose: Bool = true) throws -> [Double] {
        var c = Matrix(column: v)
        try applyQ(to: &c, transpose: transpose)
        return c.elements
    }

    /// The first `min(m, n)` columns of `Q` (the thin `Q₁`, `m × min(m,n)`), via LAPACK `dorgqr`.
    public func thinQ() throws -> Matrix {
        var copy = self
        return try copy.formThinQ()
    }

    /// Turns the factorisation's own storage into the thin `Q₁` (LAPACK `dorgqr` in place), avoiding a
    /// copy of a large factor; `factored` is no longer a QR factor afterwards (take `r` first).
    public mutating func formThinQ() throws -> Matrix {
        let m = factored.rows, k = tau.count
        var q = factored.columns == k ? factored : factored.leadingBlock(rows: m, columns: k)
        factored = Matrix(rows: 0, columns: 0)
        let m32 = try lapackInt(m, "m"), k32 = try lapackInt(k, "k")
        if m == 0 || k == 0 { return q }
        let info = q.elements.withUnsafeMutableBufferPointer { pq in
            tau.withUnsafeBufferPointer { pt in
                LAPACKE_dorgqr(columnMajor, m32, k32, k32, pq.baseAddress, m32, pt.baseAddress)
            }
        }
        try check(info, "dorgqr") { _ in .illegalArgument(routine: "dorgqr", argument: 0) }
        return q
    }

    /// Solves `R[0..<k, 0..<k] · x = b` for the leading `k` columns of `R` (upper triangular, LAPACK `dtrtrs`).
    public func solveR(_ b: [Double], leading k: Int? = nil) throws -> [Double] {
        let kk = k ?? min(factored.rows, factored.columns)
        var x = Matrix(column: Array(b.prefix(kk)))
        try solveTriangular(factored, &x, order: kk, upper: true, transpose: false)
        return x.elements
    }
}

/// Householder QR without pivoting (LAPACK `dgeqrf`).
/// - Throws: `LinearAlgebraError.invalidDimension` past 32-bit sizes.
public func qrFactorize(_ a: Matrix) throws -> QRFactorization {
    try checkElementCount(a.rows, a.columns, "A")
    let m = try lapackInt(a.rows, "rows"), n = try lapackInt(a.columns, "columns")
    var f = a
    var tau = [Double](repeating: 0, count: min(a.rows, a.columns))
    if a.rows > 0 && a.columns > 0 {
        let info = f.elements.withUnsafeMutableBufferPointer { pa in
            tau.withUnsafeMutableBufferPointer { pt in
                LAPACKE_dgeqrf(columnMajor, m, n, pa.baseAddress, max(1, m), pt.baseAddress)
            }
        }
        try check(info, "dgeqrf") { _ in .illegalArgument(routine: "dgeqrf", argument: 0) }
    }
    return QRFactorization(factored: f, tau: tau, permutation: Array(0..<a.columns))
}

/// Column-pivoted (rank-revealing) Householder QR `A·P = Q·R` (LAPACK `dgeqp3`):
/// the diagonal of `R` decreases in magnitude, so trailing small entries mark dependent columns.
public func pivotedQRFactorize(_ a: Matrix) throws -> QRFactorization {
    try checkElementCount(a.rows, a.columns, "A")
    let m = try lapackInt(a.rows, "rows"), n = try lapackInt(a.columns, "columns")
    var f = a
    var tau = [Double](repeating: 0, count: min(a.rows, a.columns))
    var jpvt = [Int32](repeating: 0, count: a.columns)
    if a.rows > 0 && a.columns > 0 {
        let info = f.elements.withUnsafeMutableBufferPointer { pa in
            tau.withUnsafeMutableBufferPointer { pt in
                jpvt.withUnsafeMutableBufferPointer { pj in
                    LAPACKE_dgeqp3(columnMajor, m, n, pa.baseAddress, max(1, m), pj.baseAddress, pt.baseAddress)
                }
            }
        }
        try check(info, "dgeqp3") { _ in .illegalArgument(routine: "dgeqp3", argument: 0) }
    }
    let perm = a.rows > 0 && a.columns > 0 ? jpvt.map { Int($0) - 1 } : Array(0..<a.columns)
    return QRFactorization(factored: f, tau: tau, permutation: perm)
}

/// Solves a triangular system with the leading `order × order` triangle of `t`
/// (`upper` or lower, optionally transposed) for every column of `b`, in place (LAPACK `dtrtrs`).
/// - Throws: `LinearAlgebraError.singular` when a diagonal entry is exactly zero.
public func solveTriangular(_ t: Matrix, _ b: inout Matrix, order: Int? = nil, upper: Bool, transpose: Bool) throws {
    let n = order ?? t.columns
    guard n <= t.rows, n <= t.columns, b.rows == n else {
        throw LinearAlgebraError.invalidDimension("trtrs: triangle of order \(n) from \(t.rows)×\(t.columns), b has \(b.rows) rows")
    }
    try checkElementCount(t.rows, t.columns, "T")
    try checkElementCount(b.rows, b.columns, "B")
    let n32 = try lapackInt(n, "n"), nrhs = try lapackInt(b.columns, "nrhs")
    if n == 0 || b.columns == 0 { return }
    let info = t.elements.withUnsafeBufferPointer { pt in
        b.elements.withUnsafeMutableBufferPointer { pb in
            LAPACKE_dtrtrs(columnMajor, char(upper ? "U" : "L"), char(transpose ? "T" : "N"), char("N"),
                           n32, nrhs, pt.baseAddress, Int32(max(1, t.rows)), pb.baseAddress, max(1, n32))
        }
    }
    try check(info, "dtrtrs") { .singular(pivot: $0) }
}

/// Inverse of the upper (or lower) triangle of order `order` of `t` (LAPACK `dtrtri`); the other triangle is zero.
public func invertTriangular(_ t: Matrix, order: Int? = nil, upper: Bool) throws -> Matrix {
    let n = order ?? t.columns
    var a = t.leadingBlock(rows: n, columns: n)
    let n32 = try lapackInt(n, "n")
    if n == 0 { return a }
    let info = a.elements.withUnsafeMutableBufferPointer { pa in
        LAPACKE_dtrtri(columnMajor, char(upper ? "U" : "L"), char("N"), n32, pa.baseAddress, n32)
    }
    try check(info, "dtrtri") { .singular(pivot: $0) }
    for j in 0..<n { for i in 0..<n where upper ? i > j : i < j { a[i, j] = 0 } }
    return a
}

// MARK: - Cholesky (potrf, potrs, potri)

/// A Cholesky factorisation `A = UᵀU` of a symmetric positive definite matrix (upper factor `U`).
public struct CholeskyFactorization: Sendable {
    /// `U` in the upper triangle (the strict lower triangle is zero).
    public var upper: Matrix

    /// Solves `A·X = B` for every column of `b` (LAPACK `dpotrs`).
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == upper.rows else {
            throw LinearAlgebraError.invalidDimension("potrs: A is \(upper.rows)×\(upper.rows), B has \(b.rows) rows")
        }
        var x = b
        let n = try lapackInt(upper.rows, "n"), nrhs = try lapackInt(b.columns, "nrhs")
        if upper.rows == 0 || b.columns == 0 { return x }
        let info = upper.elements.withUnsafeBufferPointer { pu in
            x.elements.withUnsafeMutableBufferPointer { px in
                LAPACKE_dpotrs(columnMajor, char("U"), n, nrhs, pu.baseAddress, n, px.baseAddress, n)
            }
        }
        try check(info, "dpotrs") { _ in .illegalArgument(routine: "dpotrs", argument: 0) }
        return x
    }

    /// Solves `A·x = b` for one vector.
    public func solve(_ b: [Double]) throws -> [Double] { try solve(Matrix(column: b)).elements }

    /// `A⁻¹` from the factor (LAPACK `dpotri`), both triangles filled.
    public func inverse() throws -> Matrix {
        var a = upper
        let n = try lapackInt(upper.rows, "n")
        if upper.rows == 0 { return a }
        let info = a.elements.withUnsafeMutableBufferPointer { pa in
            LAPACKE_dpotri(columnMajor, char("U"), n, pa.baseAddress, n)
        }
        try check(info, "dpotri") { .singular(pivot: $0) }
        a.symmetrize(fromUpper: true)
        return a
    }

    /// log det A = 2 Σ log Uᵢᵢ.
    public var logDeterminant: Double {
        (0..<upper.rows).reduce(0) { $0 + 2 * log(upper[$1, $1]) }
    }
}

/// Cholesky factorisation of a symmetric positive definite matrix (LAPACK `dpotrf`, upper triangle read).
/// - Throws: `LinearAlgebraError.notPositiveDefinite(order:)` naming the first failing leading minor.
public func choleskyFactorize(_ a: Matrix) throws -> CholeskyFactorization {
    guard a.rows == a.columns else { throw LinearAlgebraError.invalidDimension("potrf: \(a.rows)×\(a.columns) is not square") }
    var u = a
    try choleskyFactorizeInPlace(&u.elements, order: a.rows)
    for j in 0..<a.columns { for i in (j + 1)..<max(a.rows, j + 1) { u[i, j] = 0 } }
    return CholeskyFactorization(upper: u)
}

/// In-place Cholesky of the upper triangle of an `order × order` column-major array (LAPACK `dpotrf`);
/// allocation-free, for solvers that refactor every iteration. The strict lower triangle is left untouched.
/// - Throws: `LinearAlgebraError.notPositiveDefinite(order:)`.
public func choleskyFactorizeInPlace(_ a: inout [Double], order: Int) throws {
    guard a.count >= order * order else { throw LinearAlgebraError.invalidDimension("potrf: buffer too small") }
    try checkElementCount(order, order, "A")
    let n = try lapackInt(order, "n")
    if order == 0 { return }
    let info = a.withUnsafeMutableBufferPointer { pa in
        LAPACKE_dpotrf(columnMajor, char("U"), n, pa.baseAddress, n)
    }
    try check(info, "dpotrf") { .notPositiveDefinite(order: $0) }
}

/// Solves `A·x = b` in place given the upper Cholesky factor from `choleskyFactorizeInPlace`
/// (LAPACK `dpotrs`); allocation-free.
public func choleskySolveInPlace(factor: [Double], order: Int, _ b: inout [Double]) throws {
    guard b.count == order, factor.count >= order * order else {
        throw LinearAlgebraError.invalidDimension("potrs: order \(order), b has \(b.count)")
    }
    let n = try lapackInt(order, "n")
    if order == 0 { return }
    let info = factor.withUnsafeBufferPointer { pf in
        b.withUnsafeMutableBufferPointer { pb in
            LAPACKE_dpotrs(columnMajor, char("U"), n, 1, pf.baseAddress, n, pb.baseAddress, n)
        }
    }
    try check(info, "dpotrs") { _ in .illegalArgument(routine: "dpotrs", argument: 0) }
}

// MARK: - LU (getrf, getrs)

/// An LU factorisation with partial pivoting `P·A = L·U` of a square matrix (LAPACK `dgetrf`).
public struct LUFactorization: Sendable {
    /// `L` (unit diagonal, below) and `U` (on and above the diagonal) packed.
    public var factored: Matrix
    /// LAPACK's one-based row interchanges.
    public var pivots: [Int32]

    /// Solves `A·X = B` (or `AᵀX = B`) for every column of `b` (LAPACK `dgetrs`).
    public func solve(_ b: Matrix, transpose: Bool = false) throws -> Matrix {
        guard b.rows == factored.rows else {
            throw LinearAlgebraError.invalidDimension("getrs: A is \(factored.rows)×\(factored.rows), B has \(b.rows) rows")
        }
        var x = b
        let n = try lapackInt(factored.rows, "n"), nrhs = try lapackInt(b.columns, "nrhs")
        if factored.rows == 0 || b.columns == 0 { return x }
        let info = factored.elements.withUnsafeBufferPointer { pa in
            pivots.withUnsafeBufferPointer { pp in
                x.elements.withUnsafeMutableBufferPointer { px in
                    LAPACKE_dgetrs(columnMajor, char(transpose ? "T" : "N"), n, nrhs, pa.baseAddress, n,
                                   pp.baseAddress, px.baseAddress, n)
                }
            }
        }
        try check(info, "dgetrs") { _ in .illegalArgument(routine: "dgetrs", argument: 0) }
        return x
    }

    /// Solves `A·x = b` for one vector.
    public func solve(_ b: [Double], transpose: Bool = false) throws -> [Double] {
        try solve(Matrix(column: b), transpose: transpose).elements
    }

    /// The determinant (product of `U`'s diagonal with the sign of the permutation).
    public var determinant: Double {
        var d = 1.0
        for i in 0..<factored.rows {
            d *= factored[i, i]
            if pivots[i] != Int32(i + 1) { d = -d }
        }
        return d
    }
}

/// LU factorisation with partial pivoting of a square matrix (LAPACK `dgetrf`).
/// - Throws: `LinearAlgebraError.singular(pivot:)` when `U` has an exactly zero diagonal entry.
public func luFactorize(_ a: Matrix) throws -> LUFactorization {
    guard a.rows == a.columns else { throw LinearAlgebraError.invalidDimension("getrf: \(a.rows)×\(a.columns) is not square") }
    try checkElementCount(a.rows, a.columns, "A")
    let n = try lapackInt(a.rows, "n")
    var f = a
    var ipiv = [Int32](repeating: 0, count: a.rows)
    if a.rows > 0 {
        let info = f.elements.withUnsafeMutableBufferPointer { pa in
            ipiv.withUnsafeMutableBufferPointer { pp in
                LAPACKE_dgetrf(columnMajor, n, n, pa.baseAddress, n, pp.baseAddress)
            }
        }
        try check(info, "dgetrf") { .singular(pivot: $0) }
    }
    return LUFactorization(factored: f, pivots: ipiv)
}

// MARK: - SVD (gesdd) and symmetric eigenproblem (syevd)

/// The thin singular value decomposition `A = U · diag(s) · Vᵀ`.
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors (`m × min(m,n)`).
    public var u: Matrix
    /// Singular values, descending, non-negative.
    public var singularValues: [Double]
    /// Right singular vectors transposed (`min(m,n) × n`).
    public var vTransposed: Matrix

    /// Numerical rank: singular values above `tolerance · s₁` (default `max(m,n) · ε`).
    public func rank(relativeTolerance: Double? = nil) -> Int {
        guard let s1 = singularValues.first, s1 > 0 else { return 0 }
        let tol = (relativeTolerance ?? Double(max(u.rows, vTransposed.columns)) * Double.ulpOfOne) * s1
        return singularValues.filter { $0 > tol }.count
    }
}

/// Thin SVD by divide and conquer (LAPACK `dgesdd`, job `S`).
/// - Throws: `LinearAlgebraError.didNotConverge` when the bidiagonal iteration fails.
public func singularValueDecomposition(_ a: Matrix) throws -> SingularValueDecomposition {
    try checkElementCount(a.rows, a.columns, "A")
    let m = try lapackInt(a.rows, "rows"), n = try lapackInt(a.columns, "columns")
    let k = min(a.rows, a.columns)
    var work = a
    var s = [Double](repeating: 0, count: k)
    var u = Matrix(rows: a.rows, columns: k)
    var vt = Matrix(rows: k, columns: a.columns)
    if k > 0 {
        let info = work.elements.withUnsafeMutableBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                u.elements.withUnsafeMutableBufferPointer { pu in
                    vt.elements.withUnsafeMutableBufferPointer { pv in
                        LAPACKE_dgesdd(columnMajor, char("S"), m, n, pa.baseAddress, m, ps.baseAddress,
                                       pu.baseAddress, m, pv.baseAddress, Int32(max(1, k)))
                    }
                }
            }
        }
        try check(info, "dgesdd") { .didNotConverge(routine: "dgesdd", info: $0) }
    }
    return SingularValueDecomposition(u: u, singularValues: s, vTransposed: vt)
}

/// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix,
/// by divide and conquer (LAPACK `dsyevd`, upper triangle read).
/// - Throws: `LinearAlgebraError.didNotConverge`, or `.invalidDimension` when not square.
public func symmetricEigen(_ a: Matrix) throws -> (values: [Double], vectors: Matrix) {
    guard a.rows == a.columns else { throw LinearAlgebraError.invalidDimension("syevd: \(a.rows)×\(a.columns) is not square") }
    try checkElementCount(a.rows, a.columns, "A")
    let n = try lapackInt(a.rows, "n")
    var v = a
    var w = [Double](repeating: 0, count: a.rows)
    if a.rows > 0 {
        let info = v.elements.withUnsafeMutableBufferPointer { pa in
            w.withUnsafeMutableBufferPointer { pw in
                LAPACKE_dsyevd(columnMajor, char("V"), char("U"), n, pa.baseAddress, n, pw.baseAddress)
            }
        }
        try check(info, "dsyevd") { .didNotConverge(routine: "dsyevd", info: $0) }
    }
    return (w, v)
}

import Foundation
