import Foundation

/// How a dual simplex solve (`DualSimplex`) ended.
enum DualSimplexStatus: String, Sendable, Equatable {
    /// Primal and dual feasible within `DualSimplexOptions` at a basis checked from a fresh factorisation.
    case optimal
    /// A row's basic value cannot reach its bounds whatever the nonbasic values within their bounds
    /// (the dual is unbounded along that row): the LP has no feasible point.
    case infeasible
    /// `DualSimplexOptions.iterationLimit` was reached first.
    case iterationLimit
    /// The deadline was reached first.
    case timeLimit
    /// The basis became singular, a pivot was too small or inconsistent, or the final check failed.
    case numerical
    /// The starting basis is not dual feasible and bound flips cannot make it so (a wrong-signed
    /// reduced cost on a column or row with only one finite bound, or a free one).
    case notDualFeasible = "not_dual_feasible"
}

/// Tolerances and limits of the dual simplex (`DualSimplex`).
public struct DualSimplexOptions: Sendable {
    /// A basic value may violate its bound by `primalTolerance · (1 + |bound|)`. Default 1e-9.
    public var primalTolerance: Double = 1e-9
    /// A nonbasic reduced cost may have the wrong sign by `dualTolerance · (1 + ‖c‖∞)` (also the
    /// Harris relaxation of the ratio test). Default 1e-9.
    public var dualTolerance: Double = 1e-9
    /// Entries of the pivot row below this (absolute) are not pivot candidates. Default 1e-9.
    public var pivotTolerance: Double = 1e-9
    /// Refactor the basis after this many updates. Default 100.
    public var refactorInterval: Int = 100
    /// Iteration limit (basis changes); 0: `10·(rows + columns) + 1000`. Default 0.
    public var iterationLimit: Int = 0

    public init() {}
}

/// The outcome of a dual simplex solve on the problem it was given (minimisation form).
struct DualSimplexResult: Sendable {
    var status: DualSimplexStatus
    /// Basis changes plus bound flips of the iterations.
    var iterations = 0
    /// Values of the structural columns (nonbasic ones exactly at a bound), row duals `y = B⁻ᵀc_B`
    /// and reduced costs `z = c − Aᵀy` (0 for basic columns); set when `status == .optimal`.
    var x: [Double] = []
    var y: [Double] = []
    var z: [Double] = []
    var basis: Basis?
    /// `offset + Σ` reduced cost × the bound it prices, over the nonbasic columns and rows.
    var dualObjective = Double.nan
    /// Largest wrong-signed nonbasic reduced cost, relative to `1 + ‖c‖∞`.
    var dualInfeasibility = Double.nan
}

/// Bounded dual simplex on `min cᵀx, rowLower ≤ A·x ≤ rowUpper, l ≤ x ≤ u` from a given basis, on the
/// model as given (not presolved, not scaled), in the `ComputationalForm` (one logical
/// `r_i = A_i·x` per row, `A·x − r = 0`, column `−e_i`, bounds those of the row).
///
/// A branch-and-bound child differs from its parent by bounds only, so the parent's optimal basis
/// stays dual feasible (after moving boxed nonbasic variables to the bound their reduced cost
/// prices) and the dual simplex reaches the child's optimum in a few iterations. Each iteration:
/// 1. Pricing (dual steepest edge): the basic variable `p` (position `r`) with the largest
///    `δ_r² / w_r`, `δ_r` its bound violation and `w_r ≈ ‖e_rᵀB⁻¹‖²` (weights start at 1 and follow
///    the Forrest–Goldfarb update).
/// 2. Pivot row `α_r = e_rᵀB⁻¹[A −I]` (one BTRAN, one pass over `A`). Moving the duals by `s ≥ 0`
///    changes the reduced costs to `d_j + s·σ·α_rj` (`σ = +1` when `p` is below its lower bound, −1
///    above the upper), and the dual objective at rate `δ_r` less `|α_rj|·(u_j − l_j)` per boxed
///    breakpoint passed.
/// 3. Ratio test with bound flipping: breakpoints are passed in groups chosen by Harris' two passes
///    (ratios relaxed by the dual tolerance); a group of boxed variables whose flips keep the slope
///    positive is flipped to the opposite bound, otherwise the entering variable is the group's
///    largest `|α_rj|`. No breakpoint that can stop the slope: the LP is infeasible.
/// 4. Updates: the flips' effect on the basic values (one FTRAN), the primal step that puts `p` on
///    its bound, the reduced costs, the weights (FTRAN of `e_rᵀB⁻¹`), and the eta file of
///    `BasisFactor`; a refactorisation every `refactorInterval` updates recomputes values and duals.
/// 5. At the end the basic values and duals are recomputed from a fresh factorisation and checked.
struct DualSimplex: SimplexBasisHolder {
    let form: ComputationalForm
    let options: DualSimplexOptions
    let deadline: Double

    /// Value and status of every variable; basic variable of each position and position of each
    /// variable (−1 when nonbasic).
    var value: [Double]
    var status: [BasisStatus]
    var basic: [Int]
    var positionOf: [Int]
    var factor: BasisFactor
    /// Reduced costs `d` (n + m), row duals `y`, dual steepest-edge weights by position.
    var reduced: [Double]
    var duals: [Double]
    var weights: [Double]
    /// Work vectors: pivot row `ρ = B⁻ᵀe_r` (by row), its FTRAN `τ`, the entering column `α_q`,
    /// the pivot row over all variables, and a right-hand side for the bound flips.
    private var rho: [Double]
    private var tau: [Double]
    private var alpha: [Double]
    private var rowAlpha: [Double]
    private var flipColumn: [Double]
    private var candidates: [Int] = []
    var iterations = 0

    init(problem: BoundedProblem, options: DualSimplexOptions, deadline: Double) {
        form = ComputationalForm(problem)
        self.options = options
        self.deadline = deadline
        let n = form.n, m = form.m
        value = [Double](repeating: 0, count: n + m)
        status = [BasisStatus](repeating: .atLower, count: n + m)
        basic = []
        positionOf = [Int](repeating: -1, count: n + m)
        factor = BasisFactor(order: m)
        reduced = [Double](repeating: 0, count: n + m)
        duals = [Double](repeating: 0, count: m)
        weights = [Double](repeating: 1, count: m)
        rho = duals
        tau = duals
        alpha = duals
        flipColumn = duals
        rowAlpha = reduced
    }

    /// Solves `problem` from `basis` (statuses of its columns and rows) before `deadline`.
    static func run(_ problem: BoundedProblem, from basis: Basis, options: DualSimplexOptions,
                    deadline: Double) -> DualSimplexResult {
        var simplex = DualSimplex(problem: problem, options: options, deadline: deadline)
        var result = simplex.solve(from: basis)
        result.iterations = simplex.iterations
        return result
    }

    var iterationLimit: Int { options.iterationLimit > 0 ? options.iterationLimit : 10 * (n + m) + 1000 }

    func primalTolerance(_ bound: Double) -> Double { options.primalTolerance * (1 + abs(bound)) }
    var dualTolerance: Double { options.dualTolerance * (1 + costNorm) }

    mutating func solve(from start: Basis) -> DualSimplexResult {
        guard start.columns.count == n, start.rows.count == m else { return DualSimplexResult(status: .numerical) }
        for k in 0..<(n + m) {
            let s = k < n ? start.columns[k] : start.rows[k - n]
            if s == .basic {
                positionOf[k] = basic.count
                basic.append(k)
                status[k] = .basic
            } else {
                status[k] = s
                placeOnBound(k)
            }
        }
        guard basic.count == m, refactor() else { return DualSimplexResult(status: .numerical) }
        computeBasicValues()
        computeDuals()
        guard makeDualFeasible() else { return DualSimplexResult(status: .notDualFeasible) }
        // Iterate, then check from a fresh factorisation; a failed check iterates again.
        for _ in 0..<3 {
            if let stop = iterate() { return DualSimplexResult(status: stop) }
            guard refactor() else { return DualSimplexResult(status: .numerical) }
            computeBasicValues()
            computeDuals()
            guard makeDualFeasible() else { return DualSimplexResult(status: .numerical) }
            if largestInfeasibility().position == nil { return finish() }
        }
        return DualSimplexResult(status: .numerical)
    }

    // MARK: - Basis bookkeeping

    /// Sets nonbasic `k` on the bound its status names, or on the finite one when that bound is
    /// infinite (a free variable at zero).
    mutating func placeOnBound(_ k: Int) {
        let l = lower[k], u = upper[k]
        switch status[k] {
        case .atUpper where u.isFinite: value[k] = u
        case .atLower where l.isFinite: value[k] = l
        default:
            if l.isFinite { status[k] = .atLower; value[k] = l }
            else if u.isFinite { status[k] = .atUpper; value[k] = u }
            else { status[k] = .free; value[k] = 0 }
        }
        if l == u { status[k] = .atLower; value[k] = l }
    }

    /// Factors the current basis; false when it is singular.
    mutating func refactor() -> Bool {
        factorBasis().dependent.isEmpty
    }

    /// Row duals `y = B⁻ᵀc_B` and reduced costs `d = c − [A −I]ᵀy` (0 for basic variables).
    mutating func computeDuals() {
        for p in 0..<m { duals[p] = cost[basic[p]] }
        factor.btran(&duals)
        let a = problem.a
        for j in 0..<n {
            var s = cost[j]
            for q in a.columnStart[j]..<a.columnStart[j + 1] { s -= a.values[q] * duals[a.rowIndex[q]] }
            reduced[j] = s
        }
        for i in 0..<m { reduced[n + i] = duals[i] }
        for p in 0..<m { reduced[basic[p]] = 0 }
    }

    /// Puts every boxed nonbasic variable on the bound its reduced cost prices (and the basic values
    /// with them); false when a wrong-signed reduced cost beyond the tolerance cannot be flipped away.
    mutating func makeDualFeasible() -> Bool {
        let tol = dualTolerance
        var flipped = false
        for k in 0..<(n + m) where positionOf[k] < 0 && lower[k] < upper[k] {
            let d = reduced[k]
            switch status[k] {
            case .atLower where d < -tol:
                guard upper[k].isFinite else { return false }
                status[k] = .atUpper; value[k] = upper[k]; flipped = true
            case .atUpper where d > tol:
                guard lower[k].isFinite else { return false }
                status[k] = .atLower; value[k] = lower[k]; flipped = true
            case .free where abs(d) > tol:
                return false
            default: break
            }
        }
        if flipped { computeBasicValues() }
        return true
    }

    /// The basic position of largest `violation² / weight` and that violation (signed: positive
    /// below the lower bound, negative above the upper); nil when every basic value is within tolerance.
    func largestInfeasibility() -> (position: Int?, violation: Double) {
        var best: Int? = nil
        var bestScore = 0.0, bestViolation = 0.0
        for p in 0..<m {
            let k = basic[p], v = value[k]
            var violation = 0.0
            if v < lower[k] - primalTolerance(lower[k]) { violation = lower[k] - v }
            else if v > upper[k] + primalTolerance(upper[k]) { violation = upper[k] - v }
            else { continue }
            let score = violation * violation / weights[p]
            if score > bestScore { bestScore = score; best = p; bestViolation = violation }
        }
        return (best, bestViolation)
    }

    // MARK: - Iterations

    /// Dual simplex iterations until no basic value is infeasible (nil) or another outcome.
    mutating func iterate() -> DualSimplexStatus? {
        let a = problem.a
        let tolD = dualTolerance
        var retriedFresh = false
        while true {
            if iterations >= iterationLimit { return .iterationLimit }
            if iterations % 16 == 0 && Date().timeIntervalSinceReferenceDate > deadline { return .timeLimit }
            let (chosen, violation) = largestInfeasibility()
            guard let r = chosen else { return nil }
            let leaving = basic[r]
            let sigma: Double = violation > 0 ? 1 : -1
            let delta = abs(violation)
            // Pivot row.
            for i in 0..<m { rho[i] = 0 }
            rho[r] = 1
            factor.btran(&rho)
            var rhoNorm = 0.0, rhoLargest = 0.0
            for i in 0..<m { rhoNorm += rho[i] * rho[i]; rhoLargest = max(rhoLargest, abs(rho[i])) }
            // Pivot-row entries below this are rounding noise of ρᵀa_j, not a way to move the row.
            let noise = 1e-11 * max(1, rhoLargest)
            weights[r] = max(rhoNorm, 1e-12)
            candidates.removeAll(keepingCapacity: true)
            // Movement of the leaving value that the ignored tiny entries could still make.
            var slack = 0.0
            for k in 0..<(n + m) where positionOf[k] < 0 && lower[k] < upper[k] {
                var s = 0.0
                if k < n {
                    for q in a.columnStart[k]..<a.columnStart[k + 1] { s += a.values[q] * rho[a.rowIndex[q]] }
                } else {
                    s = -rho[k - n]
                }
                rowAlpha[k] = s
                let t = sigma * s
                // Whether moving k off its bound moves the leaving value towards its bound.
                let helps: Bool
                switch status[k] {
                case .atLower: helps = t < 0
                case .atUpper: helps = t > 0
                default: helps = t != 0
                }
                guard helps else { continue }
                if abs(s) >= options.pivotTolerance {
                    candidates.append(k)
                } else if abs(s) > noise {
                    slack += abs(s) * (upper[k] - lower[k])
                }
            }
            // Bound-flipping ratio test in Harris groups.
            var slope = delta
            var entering = -1
            var step = 0.0
            var flips: [Int] = []
            var remaining = candidates[...]
            while !remaining.isEmpty {
                var relaxed = Double.infinity
                for k in remaining {
                    relaxed = min(relaxed, (clippedDual(k) + tolD) / abs(rowAlpha[k]))
                }
                var groupDrop = 0.0
                var best = -1
                for k in remaining where clippedDual(k) / abs(rowAlpha[k]) <= relaxed {
                    groupDrop += abs(rowAlpha[k]) * (upper[k] - lower[k])
                    if best < 0 || abs(rowAlpha[k]) > abs(rowAlpha[best]) { best = k }
                }
                if best < 0 { break }
                if slope - groupDrop > 0 && groupDrop.isFinite {
                    // Flip the whole group and keep going.
                    slope -= groupDrop
                    var kept = 0
                    var rest = Array(remaining)
                    for k in rest {
                        if clippedDual(k) / abs(rowAlpha[k]) <= relaxed { flips.append(k) }
                        else { rest[kept] = k; kept += 1 }
                    }
                    remaining = rest[0..<kept]
                    continue
                }
                entering = best
                step = clippedDual(best) / abs(rowAlpha[best])
                break
            }
            if entering < 0 {
                if slope - slack > primalTolerance(delta) && slack.isFinite {
                    if factor.updates == 0 || retriedFresh { return .infeasible }
                }
                // Not proven from the eta file: recompute from a fresh factorisation and try again.
                if retriedFresh || factor.updates == 0 { return .numerical }
                retriedFresh = true
                guard refactor() else { return .numerical }
                computeBasicValues()
                computeDuals()
                guard makeDualFeasible() else { return .numerical }
                continue
            }
            // Entering column, and a consistency check of the pivot element.
            for i in 0..<m { alpha[i] = 0 }
            let col = column(entering)
            for (i, v) in zip(col.rows, col.values) { alpha[i] = v }
            factor.ftran(&alpha)
            let pivot = alpha[r]
            if abs(pivot - rowAlpha[entering]) > 1e-7 * (1 + abs(pivot)) || abs(pivot) < options.pivotTolerance {
                if factor.updates == 0 { return .numerical }
                guard refactor() else { return .numerical }
                computeBasicValues()
                computeDuals()
                guard makeDualFeasible() else { return .numerical }
                continue
            }
            retriedFresh = false
            // Dual update: d_j += s·σ·α_rj; the leaving variable's reduced cost is σ·s.
            let move = sigma * step
            if move != 0 {
                for k in 0..<(n + m) where positionOf[k] < 0 && lower[k] < upper[k] { reduced[k] += move * rowAlpha[k] }
                for i in 0..<m { duals[i] -= move * rho[i] }
            }
            reduced[entering] = 0
            reduced[leaving] = move
            // Bound flips and their effect on the basic values.
            if !flips.isEmpty {
                for i in 0..<m { flipColumn[i] = 0 }
                for k in flips {
                    let from = value[k]
                    if status[k] == .atLower { status[k] = .atUpper; value[k] = upper[k] }
                    else { status[k] = .atLower; value[k] = lower[k] }
                    let change = value[k] - from
                    let c = column(k)
                    for (i, v) in zip(c.rows, c.values) { flipColumn[i] += v * change }
                }
                factor.ftran(&flipColumn)
                for p in 0..<m { value[basic[p]] -= flipColumn[p] }
                iterations += flips.count
            }
            // Primal step: the leaving value onto its bound.
            let target = sigma > 0 ? lower[leaving] : upper[leaving]
            let theta = (value[leaving] - target) / pivot
            value[entering] += theta
            for p in 0..<m where alpha[p] != 0 { value[basic[p]] -= theta * alpha[p] }
            value[leaving] = target
            // Dual steepest-edge weights (Forrest–Goldfarb), with τ = B⁻¹ρ.
            for i in 0..<m { tau[i] = rho[i] }
            factor.ftran(&tau)
            let wr = weights[r]
            for p in 0..<m where p != r && alpha[p] != 0 {
                let ratio = alpha[p] / pivot
                weights[p] = max(weights[p] + ratio * (ratio * wr - 2 * tau[p]), 1e-8)
            }
            weights[r] = max(wr / (pivot * pivot), 1e-8)
            // Basis change.
            positionOf[leaving] = -1
            status[leaving] = sigma > 0 || lower[leaving] == upper[leaving] ? .atLower : .atUpper
            basic[r] = entering
            positionOf[entering] = r
            status[entering] = .basic
            iterations += 1
            if factor.updates + 1 >= options.refactorInterval {
                guard refactor() else { return .numerical }
                computeBasicValues()
                computeDuals()
                guard makeDualFeasible() else { return .numerical }
            } else {
                factor.update(position: r, alpha: alpha)
            }
        }
    }

    /// Reduced cost of nonbasic `k` on its feasible side (0 when it has the wrong sign), as the ratio
    /// test reads it.
    func clippedDual(_ k: Int) -> Double {
        switch status[k] {
        case .atLower: return max(reduced[k], 0)
        case .atUpper: return max(-reduced[k], 0)
        default: return abs(reduced[k])
        }
    }

    // MARK: - Result

    mutating func finish() -> DualSimplexResult {
        var result = DualSimplexResult(status: .optimal)
        var x = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var v = value[j]
            if positionOf[j] >= 0 {
                // A degenerate basic value reads as its bound; one within tolerance outside, as the bound.
                if lower[j].isFinite && v - lower[j] <= primalTolerance(lower[j]) { v = lower[j] }
                else if upper[j].isFinite && upper[j] - v <= primalTolerance(upper[j]) { v = upper[j] }
            }
            x[j] = v
        }
        result.x = x
        result.y = duals
        result.z = (0..<n).map { positionOf[$0] >= 0 ? 0 : reduced[$0] }
        result.basis = Basis(columns: Array(status[0..<n]), rows: Array(status[n...]))
        var dual = problem.offset, worst = 0.0
        for k in 0..<(n + m) where positionOf[k] < 0 {
            let d = reduced[k]
            if lower[k] == upper[k] { dual += d * lower[k]; continue }
            switch status[k] {
            case .atLower:
                dual += d * lower[k]
                worst = max(worst, -d)
            case .atUpper:
                dual += d * upper[k]
                worst = max(worst, d)
            default:
                worst = max(worst, abs(d))
            }
        }
        result.dualObjective = dual
        result.dualInfeasibility = worst / (1 + costNorm)
        return result
    }
}
