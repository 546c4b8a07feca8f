/// Presolve of a mixed-integer `BoundedProblem` before branch and bound, reductions that tighten the
/// LP relaxation without removing any integer-feasible point (columns and rows keep their indices, so
/// a solution of the result is a solution of the input as it is):
///
/// 1. **Bound tightening**: integer bounds rounded inwards, then domain propagation on the rows
///    (`BoundPropagation`: from each row's minimum and maximum activity, rounded to integers).
/// 2. **Coefficient tightening** of one-sided rows (`Σ a_j x_j ≤ b`, a `≥` row negated) on binary
///    columns, with `M` the row's maximum activity over the bounds: for `a_j > 0` with
///    `d = b − (M − a_j) > 0` (the row is redundant when `x_j = 0`), `a_j ← a_j − d`, `b ← b − d`;
///    for `a_j < 0` with `d = b − a_j − M > 0` (redundant when `x_j = 1`), `a_j ← a_j + d`. Both
///    keep the row's integer points (at `x_j` = 0 and 1 the row reads as before or is redundant) and
///    cut off fractional ones.
/// 3. **Probing** on binaries (when the model is small enough that it is cheap): each free binary is
///    fixed to 0 and to 1 and the bounds propagated; a side that is infeasible fixes the binary the
///    other way (both: the model is infeasible), and every integer column's bounds become the hull
///    of its bounds on the two sides (each integer point lies on one of them).
struct IntegerPresolve {
    /// The tightened problem (same columns and rows as the input).
    var problem: BoundedProblem
    /// False when presolve proved that no integer point satisfies the rows.
    var feasible = true
    /// Integer bounds moved (rounding, propagation, probing), coefficients changed, binaries fixed
    /// by probing.
    var tightenedBounds = 0
    var tightenedCoefficients = 0
    var probingFixings = 0

    /// Probing runs when `binaries × nonzeros` is at most this (each probe propagates over the rows).
    static let probingWork = 20_000_000

    init(_ input: BoundedProblem, integer: [Bool], probing: Bool = true) {
        problem = input
        let n = input.a.columns
        var lower = input.lower, upper = input.upper
        for j in 0..<n where integer[j] {
            lower[j] = (lower[j] - 1e-9).rounded(.up)
            upper[j] = (upper[j] + 1e-9).rounded(.down)
            if lower[j] > upper[j] { feasible = false; return }
        }
        var propagation = BoundPropagation(input, integer: integer)
        guard propagation.propagate(lower: &lower, upper: &upper) else { feasible = false; return }
        problem.lower = lower
        problem.upper = upper
        tightenCoefficients(integer: integer)
        if tightenedCoefficients > 0 {
            propagation = BoundPropagation(problem, integer: integer)
            guard propagation.propagate(lower: &problem.lower, upper: &problem.upper) else { feasible = false; return }
        }
        let binaries = (0..<n).filter { integer[$0] && problem.lower[$0] == 0 && problem.upper[$0] == 1 }
        if probing && binaries.count * max(1, input.a.nonzeros) <= Self.probingWork {
            guard probe(binaries, integer: integer, propagation) else { feasible = false; return }
        }
        for j in 0..<n where problem.lower[j] != input.lower[j] || problem.upper[j] != input.upper[j] {
            tightenedBounds += 1
        }
    }

    /// Step 2 on every one-sided row; rebuilds the matrix when a coefficient changed.
    mutating func tightenCoefficients(integer: [Bool]) {
        let rows = SparseRows(problem.a)
        var values = rows.value
        let m = problem.a.rows
        var changed = false
        for i in 0..<m {
            let lowerFinite = problem.rowLower[i].isFinite, upperFinite = problem.rowUpper[i].isFinite
            guard lowerFinite != upperFinite else { continue }
            // The row as Σ s·a_j x_j ≤ b with s = ±1.
            let s: Double = upperFinite ? 1 : -1
            var b = upperFinite ? problem.rowUpper[i] : -problem.rowLower[i]
            let range = rows.start[i]..<rows.start[i + 1]
            var maximum = 0.0
            for k in range {
                let a = s * values[k], j = rows.column[k]
                maximum += a > 0 ? a * problem.upper[j] : a * problem.lower[j]
            }
            guard maximum.isFinite, maximum > b else { continue }
            let scale = 1 + abs(b)
            for k in range {
                let j = rows.column[k]
                guard integer[j], problem.lower[j] == 0, problem.upper[j] == 1 else { continue }
                let a = s * values[k]
                if a > 0 {
                    let d = b - (maximum - a)
                    guard d > 1e-9 * scale, a - d > 1e-9 * scale else { continue }
                    values[k] = s * (a - d)
                    b -= d
                    maximum -= d
                } else if a < 0 {
                    let d = b - a - maximum
                    guard d > 1e-9 * scale, a + d < -1e-9 * scale else { continue }
                    values[k] = s * (a + d)
                } else { continue }
                tightenedCoefficients += 1
                changed = true
                guard maximum > b else { break }
            }
            if upperFinite { problem.rowUpper[i] = b } else { problem.rowLower[i] = -b }
        }
        guard changed else { return }
        problem.a = Self.matrix(rows: m, columns: problem.a.columns, start: rows.start, column: rows.column, value: values)
    }

    /// Step 3; false when both sides of some binary are infeasible.
    mutating func probe(_ binaries: [Int], integer: [Bool], _ propagation: BoundPropagation) -> Bool {
        for j in binaries where problem.lower[j] < problem.upper[j] {
            var downLower = problem.lower, downUpper = problem.upper
            downUpper[j] = 0
            let down = propagation.propagate(lower: &downLower, upper: &downUpper, passes: 5)
            var upLower = problem.lower, upUpper = problem.upper
            upLower[j] = 1
            let up = propagation.propagate(lower: &upLower, upper: &upUpper, passes: 5)
            switch (down, up) {
            case (false, false): return false
            case (false, true), (true, false):
                problem.lower = down ? downLower : upLower
                problem.upper = down ? downUpper : upUpper
                probingFixings += 1
                // The fixing may propagate further than the five passes of the probe.
                guard propagation.propagate(lower: &problem.lower, upper: &problem.upper) else { return false }
            case (true, true):
                for k in 0..<problem.lower.count where integer[k] {
                    problem.lower[k] = max(problem.lower[k], min(downLower[k], upLower[k]))
                    problem.upper[k] = min(problem.upper[k], max(downUpper[k], upUpper[k]))
                }
            }
        }
        return true
    }

    /// A CSC matrix from row-major arrays.
    static func matrix(rows: Int, columns: Int, start: [Int], column: [Int], value: [Double]) -> SparseMatrix {
        var rowList = [Int](), columnList = [Int](), valueList = [Double]()
        rowList.reserveCapacity(value.count); columnList.reserveCapacity(value.count); valueList.reserveCapacity(value.count)
        for i in 0..<rows {
            for k in start[i]..<start[i + 1] {
                rowList.append(i); columnList.append(column[k]); valueList.append(value[k])
            }
        }
        return SparseMatrix(rows: rows, columns: columns, triplets: rowList, columnList, valueList)
    }
}
