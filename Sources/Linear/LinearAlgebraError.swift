/// Why a BLAS/LAPACK computation could not produce a result.
///
/// LAPACK reports problems through its integer `info`; every wrapper in this module turns a
/// non-zero `info` into one of these cases, so callers handle numerical failure as a value.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A triangular or LU factor has an exactly zero pivot at this one-based position
    /// (`getrf`, `getrs`, `trtrs`, `potri`): the matrix is singular.
    case singular(pivot: Int)
    /// The leading minor of this one-based order is not positive definite (`potrf`).
    case notPositiveDefinite(order: Int)
    /// An iterative routine (`gesdd`, `syevd`) did not converge; `info` is LAPACK's count.
    case didNotConverge(routine: String, info: Int)
    /// Shapes that do not fit together, or a dimension larger than LAPACK's 32-bit integers hold.
    case invalidDimension(String)
    /// LAPACK rejected argument number `argument` of `routine` (a bug in the caller).
    case illegalArgument(routine: String, argument: Int)

    public var description: String {
        switch self {
        case .singular(let p): return "matrix is singular (zero pivot at position \(p))"
        case .notPositiveDefinite(let k): return "matrix is not positive definite (leading minor of order \(k))"
        case .didNotConverge(let r, let info): return "\(r) did not converge (info \(info))"
        case .invalidDimension(let s): return "invalid dimension: \(s)"
        case .illegalArgument(let r, let a): return "\(r): illegal value of argument \(a)"
        }
    }
}

/// Converts a dimension to LAPACK's 32-bit integer, or throws instead of trapping.
@usableFromInline
func lapackInt(_ value: Int, _ what: @autoclosure () -> String) throws -> Int32 {
    guard value >= 0, value <= Int(Int32.max) else {
        throw LinearAlgebraError.invalidDimension("\(what()) = \(value) does not fit LAPACK's 32-bit integers")
    }
    return Int32(value)
}

/// Checks that an `rows × columns` array can be indexed by LAPACK's 32-bit integers
/// (reference LAPACK computes element offsets in 32 bits, so more than 2³¹−1 entries overflow).
@usableFromInline
func checkElementCount(_ rows: Int, _ columns: Int, _ what: @autoclosure () -> String) throws {
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard !overflow, count <= Int(Int32.max) else {
        throw LinearAlgebraError.invalidDimension(
            "\(what()) has \(rows)×\(columns) entries, more than LAPACK's 32-bit indexing allows")
    }
}
