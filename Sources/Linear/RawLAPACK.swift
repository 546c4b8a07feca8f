import CLAPACK

/// Cholesky routines for iterative solvers that factor a fresh matrix every iteration: they call
/// LAPACK's `_work` entry points, which skip LAPACKE's scan of the whole input for NaN (a visible
/// cost when the factorisation is repeated hundreds of times). The caller guarantees finite input.

/// In-place Cholesky `A = UᵀU` of the upper triangle of an `order × order` column-major array
/// (LAPACK `dpotrf`, no NaN scan); the strict lower triangle is left untouched.
/// - Throws: `LinearAlgebraError.notPositiveDefinite(order:)` naming the failing leading minor;
///   `.invalidDimension` when the buffer is too small or the order exceeds 32 bits.
public func choleskyFactorizeInPlaceUnchecked(_ a: inout [Double], order: Int) throws {
    guard a.count >= order * order else { throw LinearAlgebraError.invalidDimension("potrf: buffer too small") }
    try checkElementCount(order, order, "A")
    let n = try lapackInt(order, "n")
    if order == 0 { return }
    let info = a.withUnsafeMutableBufferPointer { pa in
        LAPACKE_dpotrf_work(Int32(LAPACK_COL_MAJOR), CChar(bitPattern: UInt8(ascii: "U")), n, pa.baseAddress, n)
    }
    if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: Int(info)) }
    if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dpotrf", argument: Int(-info)) }
}

/// Solves `A·x = b` in place from the upper factor of `choleskyFactorizeInPlaceUnchecked`
/// (LAPACK `dpotrs`, no NaN scan); allocation-free.
/// - Throws: `LinearAlgebraError.invalidDimension` when the lengths do not match.
public func choleskySolveInPlaceUnchecked(factor: [Double], order: Int, _ b: inout [Double]) throws {
    guard b.count == order, factor.count >= order * order else {
        throw LinearAlgebraError.invalidDimension("potrs: order \(order), b has \(b.count)")
    }
    let n = try lapackInt(order, "n")
    if order == 0 { return }
    let info = factor.withUnsafeBufferPointer { pf in
        b.withUnsafeMutableBufferPointer { pb in
            LAPACKE_dpotrs_work(Int32(LAPACK_COL_MAJOR), CChar(bitPattern: UInt8(ascii: "U")), n, 1, pf.baseAddress, n, pb.baseAddress, n)
        }
    }
    if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dpotrs", argument: Int(-info)) }
}
