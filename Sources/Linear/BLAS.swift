import CLAPACK
import Synchronization

/// Level-2 and level-3 BLAS on `Matrix` values (OpenBLAS, column-major).

/// Sets how many threads OpenBLAS uses for the calls that follow (at least 1).
public func setBLASThreads(_ count: Int) {
    openblas_set_num_threads(Int32(clamping: max(1, count)))
}

/// The number of threads OpenBLAS currently uses.
public func blasThreads() -> Int { Int(openblas_get_num_threads()) }

/// Runs `body` with OpenBLAS on one thread and restores the previous count afterwards: for code that
/// makes many small BLAS/LAPACK calls, or runs them from its own threads, where OpenBLAS's thread pool
/// only adds wake-ups and spinning.
///
/// The count is process-wide, so concurrent scopes share one: the first to enter saves the count and
/// sets 1, the last to leave restores it (a mutex-guarded depth). Overlapping scopes on different
/// threads therefore never leave OpenBLAS on one thread, nor restore the count under another scope.
public func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
    SingleThreadedBLASScope.enter()
    defer { SingleThreadedBLASScope.leave() }
    return try body()
}

/// The shared state of `withSingleThreadedBLAS`: how many scopes are open and the count to restore.
public enum SingleThreadedBLASScope {
    private static let state = Mutex<(depth: Int, saved: Int)>((0, 0))

    /// Opens a scope: OpenBLAS runs on one thread until the matching `leave()`.
    public static func enter() {
        state.withLock { s in
            if s.depth == 0 {
                s.saved = blasThreads()
                if s.saved > 1 { setBLASThreads(1) }
            }
            s.depth += 1
        }
    }

    /// Closes a scope opened by `enter()`; the last one restores the count saved by the first.
    public static func leave() {
        state.withLock { s in
            s.depth -= 1
            if s.depth == 0, s.saved > 1 { setBLASThreads(s.saved) }
        }
    }
}

@inline(__always)
private func cblasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

/// General matrix product `C ← alpha · op(A) · op(B) + beta · C` (BLAS `dgemm`),
/// where `op(X)` is `X` or `Xᵀ`.
/// - Throws: `LinearAlgebraError.invalidDimension` when the shapes do not conform or exceed 32 bits.
public func gemm(
    _ a: Matrix, _ b: Matrix, into c: inout Matrix,
    transposeA: Bool = false, transposeB: Bool = false,
    alpha: Double = 1, beta: Double = 0
) throws {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    guard k == kb, c.rows == m, c.columns == n else {
        throw LinearAlgebraError.invalidDimension(
            "gemm: op(A) is \(m)×\(k), op(B) is \(kb)×\(n), C is \(c.rows)×\(c.columns)")
    }
    try checkElementCount(a.rows, a.columns, "A")
    try checkElementCount(b.rows, b.columns, "B")
    try checkElementCount(c.rows, c.columns, "C")
    let m32 = try lapackInt(m, "m"), n32 = try lapackInt(n, "n"), k32 = try lapackInt(k, "k")
    if m == 0 || n == 0 { return }
    let lda = Int32(max(1, a.rows)), ldb = Int32(max(1, b.rows)), ldc = Int32(max(1, c.rows))
    a.elements.withUnsafeBufferPointer { pa in
        b.elements.withUnsafeBufferPointer { pb in
            c.elements.withUnsafeMutableBufferPointer { pc in
                cblas_dgemm(
                    CblasColMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    m32, n32, k32, alpha, pa.baseAddress, lda, pb.baseAddress, ldb, beta, pc.baseAddress, ldc)
            }
        }
    }
}

/// The product `op(A) · op(B)` as a new matrix (BLAS `dgemm`).
public func gemm(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) throws -> Matrix {
    var c = Matrix(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
    try gemm(a, b, into: &c, transposeA: transposeA, transposeB: transposeB)
    return c
}

/// Matrix–vector product `alpha · op(A) · x + beta · y` (BLAS `dgemv`).
/// - Throws: `LinearAlgebraError.invalidDimension` when the lengths do not conform.
public func gemv(
    _ a: Matrix, _ x: [Double], into y: inout [Double],
    transpose: Bool = false, alpha: Double = 1, beta: Double = 0
) throws {
    let inLength = transpose ? a.rows : a.columns
    let outLength = transpose ? a.columns : a.rows
    guard x.count == inLength, y.count == outLength else {
        throw LinearAlgebraError.invalidDimension(
            "gemv: op(A) is \(outLength)×\(inLength), x has \(x.count), y has \(y.count)")
    }
    try checkElementCount(a.rows, a.columns, "A")
    let m32 = try lapackInt(a.rows, "rows"), n32 = try lapackInt(a.columns, "columns")
    if outLength == 0 { return }
    if inLength == 0 {
        for i in 0..<outLength { y[i] *= beta }
        return
    }
    a.elements.withUnsafeBufferPointer { pa in
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_dgemv(
                    CblasColMajor, cblasTranspose(transpose), m32, n32, alpha,
                    pa.baseAddress, max(1, m32), px.baseAddress, 1, beta, py.baseAddress, 1)
            }
        }
    }
}

/// `op(A) · x` as a new vector (BLAS `dgemv`).
public func gemv(_ a: Matrix, _ x: [Double], transpose: Bool = false) throws -> [Double] {
    var y = [Double](repeating: 0, count: transpose ? a.columns : a.rows)
    try gemv(a, x, into: &y, transpose: transpose)
    return y
}

/// The symmetric product `AᵀA` (when `transpose` is true, the default) or `AAᵀ`,
/// computed with BLAS `dsyrk` and returned with both triangles filled.
public func syrk(_ a: Matrix, transpose: Bool = true, alpha: Double = 1) throws -> Matrix {
    let n = transpose ? a.columns : a.rows
    let k = transpose ? a.rows : a.columns
    try checkElementCount(a.rows, a.columns, "A")
    try checkElementCount(n, n, "result")
    let n32 = try lapackInt(n, "n"), k32 = try lapackInt(k, "k")
    var c = Matrix(rows: n, columns: n)
    if n == 0 { return c }
    a.elements.withUnsafeBufferPointer { pa in
        c.elements.withUnsafeMutableBufferPointer { pc in
            cblas_dsyrk(
                CblasColMajor, CblasUpper, cblasTranspose(transpose), n32, k32, alpha,
                pa.baseAddress, Int32(max(1, a.rows)), 0, pc.baseAddress, n32)
        }
    }
    c.symmetrize(fromUpper: true)
    return c
}

/// Euclidean norm of a vector (BLAS `dnrm2`, safe against overflow).
public func norm2(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { p in
        p.count == 0 ? 0 : cblas_dnrm2(Int32(clamping: p.count), p.baseAddress, 1)
    }
}

/// Euclidean norm of `count` entries at `pointer` with stride 1 (BLAS `dnrm2`).
public func norm2(_ pointer: UnsafePointer<Double>, count: Int) -> Double {
    count == 0 ? 0 : cblas_dnrm2(Int32(clamping: count), pointer, 1)
}

/// Dot product of two equal-length vectors (BLAS `ddot`).
public func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot: lengths differ")
    return x.withUnsafeBufferPointer { px in
        y.withUnsafeBufferPointer { py in
            px.count == 0 ? 0 : cblas_ddot(Int32(clamping: px.count), px.baseAddress, 1, py.baseAddress, 1)
        }
    }
}
