import CLAPACK
import Foundation

/// Level-2 and level-3 BLAS on `Matrix` values (OpenBLAS, column-major).

/// Sets how many threads OpenBLAS uses for the calls that follow (at least 1).
public func setBLASThreads(_ count: Int) {
    openblas_set_num_threads(Int32(clamping: max(1, count)))
}

/// The number of threads OpenBLAS currently uses.
public func blasThreads() -> Int { Int(openblas_get_num_threads()) }

/// Runs `body` with OpenBLAS on one thread and restores the previous count afterwards: for code that
/// makes many small BLAS/LAPACK calls, or runs them from its own threads, where OpenBLAS's thread pool
/// only adds wake-ups and spinning. A shared lease of `BLASThreadLease`.
public func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
    let lease = BLASThreadLease.acquire(.singleThread)
    defer { BLASThreadLease.release(lease) }
    return try body()
}

/// Runs `body` with OpenBLAS on its full thread count, and no other thread changing that count until
/// `body` returns. An exclusive lease of `BLASThreadLease`: for one long computation (a large
/// interior-point solve) whose bits must not depend on what other threads do meanwhile.
public func withAllBLASThreads<T>(_ body: () throws -> T) rethrows -> T {
    let lease = BLASThreadLease.acquire(.allThreads)
    defer { BLASThreadLease.release(lease) }
    return try body()
}

/// Who may set OpenBLAS's thread count, which is one process-wide setting.
///
/// Results of OpenBLAS and its LAPACK depend on the thread count (a threaded Cholesky factorisation
/// updates in another order than the single-threaded one), so a computation that must give the same
/// bits whatever runs beside it must not see the count change under it. Two kinds of lease:
/// - `.singleThread` (shared): any number at once. The first to enter saves the count and sets 1,
///   the last to leave restores it.
/// - `.allThreads` (exclusive): waits until no lease of either kind is held, then runs with the full
///   count; nobody changes the count until it leaves. Shared leases asked for meanwhile wait.
///
/// A lease asked for on a thread that already holds one passes through (no wait, no change), so
/// nested calls never deadlock; a solve nested in a single-threaded scope runs on one thread.
/// Shared leases wait only for an exclusive lease that is held, not for one that is waiting, so work
/// that holds a shared lease and waits for workers that ask for one cannot deadlock.
public enum BLASThreadLease {
    /// The kind of lease: see the type's documentation.
    public enum Kind: Sendable { case singleThread, allThreads }

    /// What `release` must undo.
    public struct Token: Sendable {
        fileprivate let kind: Kind
        fileprivate let passThrough: Bool
    }

    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        // Guarded by `condition`.
        var sharedHolders = 0
        var savedCount = 0
        var exclusiveOwner: pthread_t?
        var leasesByThread: [pthread_t: Int] = [:]
    }
    private static let state = State()

    /// Takes a lease of `kind` for the calling thread, waiting as described above.
    public static func acquire(_ kind: Kind) -> Token {
        let s = state
        let me = pthread_self()
        s.condition.lock()
        defer { s.condition.unlock() }
        if let held = s.leasesByThread[me], held > 0 {
            s.leasesByThread[me] = held + 1
            return Token(kind: kind, passThrough: true)
        }
        switch kind {
        case .singleThread:
            while s.exclusiveOwner != nil { s.condition.wait() }
            if s.sharedHolders == 0 {
                s.savedCount = blasThreads()
                if s.savedCount > 1 { setBLASThreads(1) }
            }
            s.sharedHolders += 1
        case .allThreads:
            while s.exclusiveOwner != nil || s.sharedHolders > 0 { s.condition.wait() }
            s.exclusiveOwner = me
        }
        s.leasesByThread[me] = 1
        return Token(kind: kind, passThrough: false)
    }

    /// Gives back a lease taken by `acquire` on the same thread.
    public static func release(_ token: Token) {
        let s = state
        let me = pthread_self()
        s.condition.lock()
        defer { s.condition.unlock() }
        let held = (s.leasesByThread[me] ?? 1) - 1
        s.leasesByThread[me] = held > 0 ? held : nil
        if token.passThrough { return }
        switch token.kind {
        case .singleThread:
            s.sharedHolders -= 1
            if s.sharedHolders == 0, s.savedCount > 1 { setBLASThreads(s.savedCount) }
        case .allThreads:
            s.exclusiveOwner = nil
        }
        s.condition.broadcast()
    }

    /// The number of shared leases held now (for tests).
    public static var sharedLeaseCount: Int {
        state.condition.lock()
        defer { state.condition.unlock() }
        return state.sharedHolders
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

/// `C ← β·C − A·Bᵀ` on raw column-major storage (BLAS `dgemm`, `A` is `rows × inner`, `B` is
/// `columns × inner`, `C` is `rows × columns`, each with its leading dimension), for the blocked
/// sparse factorisations that keep their dense blocks in one array. The caller guarantees the
/// shapes and that every size and leading dimension fits in 32 bits; nothing is checked.
@inline(__always)
public func subtractProductTransposed(rows m: Int, columns n: Int, inner k: Int,
                                      _ a: UnsafePointer<Double>, leadingA lda: Int,
                                      _ b: UnsafePointer<Double>, leadingB ldb: Int,
                                      beta: Double, into c: UnsafeMutablePointer<Double>, leadingC ldc: Int) {
    if m == 0 || n == 0 { return }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), -1,
                a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// `B ← B·L⁻ᵀ` for a lower-triangular `order × order` `L` and a `rows × order` `B` on raw
/// column-major storage (BLAS `dtrsm`, right side, lower, transposed, non-unit diagonal). No checks:
/// as `subtractProductTransposed`.
@inline(__always)
public func solveRightLowerTransposed(rows m: Int, order n: Int, _ l: UnsafePointer<Double>, leadingL ldl: Int,
                                      _ b: UnsafeMutablePointer<Double>, leadingB ldb: Int) {
    if m == 0 || n == 0 { return }
    cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, Int32(m), Int32(n), 1,
                l, Int32(ldl), b, Int32(ldb))
}
