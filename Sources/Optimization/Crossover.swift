import Foundation

/// A basic solution found by `Crossover`, on the problem it was given (minimisation form).
struct CrossoverResult: Sendable {
    var summary: CrossoverSummary
    /// Values of the structural columns (nonbasic ones exactly at a bound).
    var x: [Double] = []
    /// Row duals `y = B⁻ᵀc_B` and reduced costs `z = c − Aᵀy` (exactly 0 for basic columns).
    var y: [Double] = []
    var z: [Double] = []
    var basis: Basis?
    /// Largest bound violation of the reduced costs, relative to `1 + ‖c‖∞`.
    var dualInfeasibility = Double.nan
    /// `Σ` over the rows and columns of the dual times the bound its sign prices, plus the offset.
    var dualObjective = Double.nan
}

/// Crossover from an interior-point solution of `min cᵀx, rowLower ≤ A·x ≤ rowUpper, l ≤ x ≤ u` to an
/// optimal basic solution, on the model as given (not presolved, not scaled).
///
/// It works in the `ComputationalForm` (a logical `r_i = A_i·x` per row, column `−e_i`, bounds the
/// row's). Steps:
/// 1. Start from the slack basis (every logical basic) with the structural columns at their
///    interior-point values.
/// 2. Primal push: each structural column strictly between its bounds (a superbasic) is moved to
///    a bound — towards the side its interior-point reduced cost favours, else the nearer one — by a
///    ratio test over the basic values; if a basic value reaches a bound first, that variable leaves
///    and the column enters the basis. Free columns are pushed into the basis. The objective changes
///    only by the (tiny) reduced costs of the superbasics, and the values stay feasible.
/// 3. Simplex clean-up: a bounded primal simplex (phase 1 on the sum of infeasibilities when a basic
///    value is outside its bounds by more than the tolerance, then phase 2), with Harris' two-pass
///    ratio test and normalised Dantzig pricing, until no reduced cost has the wrong sign. The
///    dual push of classical crossovers is left to these pivots.
/// 4. Check: basic values recomputed from the nonbasic ones by a fresh factorisation, and the
///    primal and dual feasibility measured; any failure is reported as an outcome, never as a vertex.
struct Crossover: SimplexBasisHolder {
    let form: ComputationalForm
    let options: CrossoverOptions
    let deadline: Double

    var value: [Double]
    /// Variable in each basis position, and position of each variable (−1 when nonbasic).
    var basic: [Int]
    var positionOf: [Int]
    var factor: BasisFactor
    private var alpha: [Double]
    private var duals: [Double]
    private var reduced: [Double]
    /// Phase-1 costs (nonzero only for infeasible basic variables while they are priced).
    private var phaseCost: [Double]
    var pushPivots = 0
    var simplexPivots = 0

    init(problem: BoundedProblem, options: CrossoverOptions, deadline: Double) {
        form = ComputationalForm(problem)
        self.options = options
        self.deadline = deadline
        let n = form.n, m = form.m
        value = [Double](repeating: 0, count: n + m)
        basic = Array(n..<(n + m))
        positionOf = [Int](repeating: -1, count: n) + Array(0..<m)
        factor = BasisFactor(order: m)
        alpha = [Double](repeating: 0, count: m)
        duals = [Double](repeating: 0, count: m)
        reduced = [Double](repeating: 0, count: n + m)
        phaseCost = reduced
    }

    func tolerance(_ bound: Double) -> Double { options.primalTolerance * (1 + abs(bound)) }

    /// Runs the crossover from the interior-point point `x` and reduced costs `z` (structural columns).
    static func run(_ problem: BoundedProblem, x: [Double], z: [Double], options: CrossoverOptions,
                    deadline: Double) -> CrossoverResult {
        let started = Date().timeIntervalSinceReferenceDate
        var crossover = Crossover(problem: problem, options: options, deadline: deadline)
        var result = crossover.solve(x: x, z: z)
        result.summary.seconds = Date().timeIntervalSinceReferenceDate - started
        result.summary.pushPivots = crossover.pushPivots
        result.summary.simplexPivots = crossover.simplexPivots
        return result
    }

    var pivotLimit: Int { options.pivotLimit > 0 ? options.pivotLimit : 20 * (n + m) + 1000 }

    mutating func solve(x: [Double], z: [Double]) -> CrossoverResult {
        guard x.count == n, z.count == n else { return CrossoverResult(summary: CrossoverSummary(outcome: .notRun)) }
        for j in 0..<n { value[j] = min(max(x[j], lower[j]), upper[j]) }
        guard refactor() else { return CrossoverResult(summary: CrossoverSummary(outcome: .numerical)) }
        computeBasicValues()
        if let failure = push(z: z) { return CrossoverResult(summary: CrossoverSummary(outcome: failure)) }
        // Clean-up, then a check from a fresh factorisation; a failed check runs the clean-up again.
        for _ in 0..<3 {
            if let failure = simplex() { return CrossoverResult(summary: CrossoverSummary(outcome: failure)) }
            guard refactor() else { return CrossoverResult(summary: CrossoverSummary(outcome: .numerical)) }
            computeBasicValues()
            if primalViolation() <= 1 && dualViolation() <= 1 { return finish() }
        }
        return CrossoverResult(summary: CrossoverSummary(outcome: .numerical))
    }

    // MARK: - Basis bookkeeping

    /// Factors the current basis. Columns found dependent leave (to their nearest bound) in favour of
    /// the logicals of the rows left without a pivot. False when even that does not give a nonsingular basis.
    mutating func refactor() -> Bool {
        for _ in 0..<4 {
            let found = factorBasis()
            if found.dependent.isEmpty { return true }
            for (p, i) in zip(found.dependent, found.unpivotedRows) {
                let leaving = basic[p]
                positionOf[leaving] = -1
                value[leaving] = nearestBound(leaving)
                let entering = n + i
                if positionOf[entering] >= 0 {
                    // The row's logical is basic elsewhere yet its row unpivoted: give up.
                    return false
                }
                basic[p] = entering
                positionOf[entering] = p
            }
        }
        return false
    }

    /// The bound nearest to the variable's value (0 for a free variable, clipped into the bounds).
    func nearestBound(_ k: Int) -> Double {
        let v = value[k], l = lower[k], u = upper[k]
        if l.isFinite && u.isFinite { return abs(v - l) <= abs(u - v) ? l : u }
        if l.isFinite { return l }
        if u.isFinite { return u }
        return 0
    }

    /// `alpha = B⁻¹·a_k` by basis position.
    mutating func computeAlpha(_ k: Int) {
        for i in 0..<m { alpha[i] = 0 }
        let col = column(k)
        for (i, a) in zip(col.rows, col.values) { alpha[i] = a }
        factor.ftran(&alpha)
    }

    /// Row duals `y = B⁻ᵀc_B` for the costs `costs` (structural then logical), and reduced costs
    /// `d = c − [A −I]ᵀy` of every variable.
    mutating func computeDuals(_ costs: [Double]) {
        for p in 0..<m { duals[p] = costs[basic[p]] }
        factor.btran(&duals)
        let a = problem.a
        for j in 0..<n {
            var s = costs[j]
            for q in a.columnStart[j]..<a.columnStart[j + 1] { s -= a.values[q] * duals[a.rowIndex[q]] }
            reduced[j] = s
        }
        for i in 0..<m { reduced[n + i] = costs[n + i] + duals[i] }
    }

    /// Makes `entering` basic in position `r` (after `computeAlpha(entering)`), refactoring when due.
    mutating func replace(position r: Int, by entering: Int) -> Bool {
        let leaving = basic[r]
        positionOf[leaving] = -1
        basic[r] = entering
        positionOf[entering] = r
        if factor.updates + 1 >= options.refactorInterval || abs(alpha[r]) < 1e-9 {
            guard refactor() else { return false }
            computeBasicValues()
        } else {
            factor.update(position: r, alpha: alpha)
        }
        return true
    }

    // MARK: - Ratio test

    /// Harris' two-pass ratio test for moving a nonbasic variable by `direction · t` (t ≥ 0, at most
    /// `limit`), with `alpha` its column in the basis. With `phaseOne`, a basic value outside its
    /// bounds blocks only on reaching the bound it violates. Returns the blocking position (nil when
    /// the step reaches `limit` first) and the step.
    func ratioTest(direction: Double, limit: Double, phaseOne: Bool) -> (position: Int?, step: Double) {
        var largest = 0.0
        for p in 0..<m { largest = max(largest, abs(alpha[p])) }
        let pivotFloor = max(options.pivotTolerance * largest, 1e-11)
        var relaxed = limit
        // Pass 1: the longest step with bounds relaxed by their tolerance.
        for p in 0..<m where abs(alpha[p]) >= pivotFloor {
            let k = basic[p], g = -alpha[p] * direction, v = value[k]
            if let (distance, tol) = room(k, v, rate: g, phaseOne: phaseOne) {
                relaxed = min(relaxed, max(0, distance + tol) / abs(g))
            }
        }
        if limit <= relaxed && limit.isFinite { return (nil, limit) }
        if !relaxed.isFinite { return (nil, .infinity) }
        // Pass 2: among the exact ratios within the relaxed step, the largest pivot.
        var chosen: Int?
        var chosenStep = 0.0, chosenPivot = 0.0
        for p in 0..<m where abs(alpha[p]) >= pivotFloor {
            let k = basic[p], g = -alpha[p] * direction, v = value[k]
            if let (distance, _) = room(k, v, rate: g, phaseOne: phaseOne) {
                let t = max(0, distance) / abs(g)
                if t <= relaxed && abs(alpha[p]) > chosenPivot {
                    chosen = p
                    chosenStep = t
                    chosenPivot = abs(alpha[p])
                }
            }
        }
        return (chosen, chosenStep)
    }

    /// Distance a basic variable at `v` can move at `rate` before it blocks, and that bound's
    /// tolerance; nil when it does not block.
    func room(_ k: Int, _ v: Double, rate g: Double, phaseOne: Bool) -> (Double, Double)? {
        let l = lower[k], u = upper[k]
        if g < 0 {
            if phaseOne && u.isFinite && v > u + tolerance(u) { return (v - u, 0) }
            guard l.isFinite else { return nil }
            if phaseOne && v < l - tolerance(l) { return nil }
            return (v - l, tolerance(l))
        } else if g > 0 {
            if phaseOne && l.isFinite && v < l - tolerance(l) { return (l - v, 0) }
            guard u.isFinite else { return nil }
            if phaseOne && v > u + tolerance(u) { return nil }
            return (u - v, tolerance(u))
        }
        return nil
    }

    /// Moves nonbasic `k` by `direction · step` and the basic values with it (`alpha` holds its column).
    mutating func move(_ k: Int, direction: Double, step: Double) {
        guard step != 0 else { return }
        value[k] += direction * step
        for p in 0..<m where alpha[p] != 0 { value[basic[p]] -= alpha[p] * direction * step }
    }

    /// The bound a basic variable reached when it blocked while moving at the rate of position `p`.
    func blockingBound(position p: Int, direction: Double) -> Double {
        let k = basic[p]
        let g = -alpha[p] * direction
        let v = value[k]
        if g < 0 { return upper[k].isFinite && v > upper[k] + tolerance(upper[k]) ? upper[k] : lower[k] }
        return lower[k].isFinite && v < lower[k] - tolerance(lower[k]) ? lower[k] : upper[k]
    }

    // MARK: - Primal push

    mutating func push(z: [Double]) -> CrossoverOutcome? {
        var queue: [Int] = (0..<n).filter { positionOf[$0] < 0 && !isAtBound($0) }
        var head = 0
        while head < queue.count {
            let j = queue[head]
            head += 1
            if positionOf[j] >= 0 || isAtBound(j) { continue }
            if pushPivots + simplexPivots >= pivotLimit { return .pivotLimit }
            if pushPivots % 32 == 0 && Date().timeIntervalSinceReferenceDate > deadline { return .timeLimit }
            let l = lower[j], u = upper[j], v = value[j]
            let zj = j < n ? z[j] : 0
            var direction: Double
            if l.isFinite && u.isFinite {
                if abs(zj) > options.dualTolerance * (1 + costNorm) { direction = zj > 0 ? -1 : 1 }
                else { direction = v - l <= u - v ? -1 : 1 }
            } else if l.isFinite { direction = -1 } else if u.isFinite { direction = 1 } else { direction = zj > 0 ? -1 : 1 }
            computeAlpha(j)
            var limit = direction < 0 ? v - l : u - v
            var test = ratioTest(direction: direction, limit: limit, phaseOne: true)
            if test.position == nil && !test.step.isFinite {
                // A free column unblocked this way: the other way.
                direction = -direction
                limit = direction < 0 ? v - l : u - v
                test = ratioTest(direction: direction, limit: limit, phaseOne: true)
            }
            pushPivots += 1
            switch take(j, direction: direction, test) {
            case .pivoted, .reachedBound: break
            case .numerical: return .numerical
            case .unblocked:
                // Free column that moves no bounded basic value: a degenerate pivot on its largest entry.
                var best = -1
                for p in 0..<m where abs(alpha[p]) > 1e-9 && (best < 0 || abs(alpha[p]) > abs(alpha[best])) { best = p }
                guard best >= 0 else {
                    // alpha = 0: the column moves nothing; hold it at zero.
                    move(j, direction: 1, step: -value[j])
                    value[j] = 0
                    continue
                }
                let leaving = basic[best]
                guard replace(position: best, by: j) else { return .numerical }
                if !isAtBound(leaving) { queue.append(leaving) }
            }
        }
        return nil
    }

    /// What `take` did with one ratio-test result.
    enum StepTaken { case pivoted, reachedBound, unblocked, numerical }

    /// Takes the step a ratio test found for nonbasic `k` moving by `direction` (`alpha` holds its
    /// column): when a basic value blocks, `k` moves by the step, the blocking variable is set on the
    /// bound it reached and leaves, and `k` enters in its position (`.pivoted`, or `.numerical` when
    /// the basis cannot be refactored); when the step reaches `k`'s own bound first, `k` moves onto it
    /// and stays nonbasic (`.reachedBound`); an infinite step changes nothing (`.unblocked`). The
    /// primal push and the simplex clean-up both step this way.
    mutating func take(_ k: Int, direction: Double, _ test: (position: Int?, step: Double)) -> StepTaken {
        if let p = test.position {
            let leaving = basic[p]
            let bound = blockingBound(position: p, direction: direction)
            move(k, direction: direction, step: test.step)
            value[leaving] = bound
            return replace(position: p, by: k) ? .pivoted : .numerical
        }
        guard test.step.isFinite else { return .unblocked }
        move(k, direction: direction, step: test.step)
        value[k] = direction < 0 ? lower[k] : upper[k]
        return .reachedBound
    }

    /// Whether nonbasic `k` sits exactly on a bound (a free variable: at zero).
    func isAtBound(_ k: Int) -> Bool {
        let v = value[k]
        // A free column is pushed into the basis even at zero.
        if !lower[k].isFinite && !upper[k].isFinite { return false }
        return v == lower[k] || v == upper[k]
    }

    // MARK: - Simplex clean-up

    /// Largest bound violation of a basic value, in units of its tolerance.
    func primalViolation() -> Double {
        var worst = 0.0
        for p in 0..<m {
            let k = basic[p], v = value[k]
            if v < lower[k] { worst = max(worst, (lower[k] - v) / tolerance(lower[k])) }
            if v > upper[k] { worst = max(worst, (v - upper[k]) / tolerance(upper[k])) }
        }
        return worst
    }

    /// Largest wrong-signed reduced cost of a nonbasic variable, in units of the dual tolerance
    /// (computes the duals of the true costs).
    mutating func dualViolation() -> Double {
        computeDuals(cost)
        let tol = options.dualTolerance * (1 + costNorm)
        var worst = 0.0
        for k in 0..<(n + m) where positionOf[k] < 0 {
            worst = max(worst, wrongSign(k, reduced[k]) / tol)
        }
        return worst
    }

    /// How far reduced cost `d` of nonbasic `k` is on the improving side (0 when it is not).
    func wrongSign(_ k: Int, _ d: Double) -> Double {
        if lower[k] == upper[k] { return 0 }
        let atLower = value[k] == lower[k], atUpper = value[k] == upper[k]
        if atLower { return max(0, -d) }
        if atUpper { return max(0, d) }
        return abs(d)
    }

    /// Primal simplex from the current basis; nil when it ends optimal.
    mutating func simplex() -> CrossoverOutcome? {
        var norms = [Double](repeating: 1, count: n + m)
        for j in 0..<n {
            var s = 1.0
            for q in problem.a.columnStart[j]..<problem.a.columnStart[j + 1] { s += problem.a.values[q] * problem.a.values[q] }
            norms[j] = s
        }
        for i in 0..<m { norms[n + i] = 2 }
        let dualTol = options.dualTolerance * (1 + costNorm)
        while true {
            if pushPivots + simplexPivots >= pivotLimit { return .pivotLimit }
            if simplexPivots % 32 == 0 && Date().timeIntervalSinceReferenceDate > deadline { return .timeLimit }
            // Phase 1 costs when a basic value is out of bounds beyond its tolerance.
            var infeasible = false
            for p in 0..<m {
                let k = basic[p], v = value[k]
                if v < lower[k] - tolerance(lower[k]) || v > upper[k] + tolerance(upper[k]) { infeasible = true; break }
            }
            if infeasible {
                // Sum of infeasibilities: −1 below the lower bound, +1 above the upper, else 0.
                for p in 0..<m {
                    let k = basic[p], v = value[k]
                    phaseCost[k] = v < lower[k] - tolerance(lower[k]) ? -1 : v > upper[k] + tolerance(upper[k]) ? 1 : 0
                }
                computeDuals(phaseCost)
                for p in 0..<m { phaseCost[basic[p]] = 0 }
            } else {
                computeDuals(cost)
            }
            // Pricing: largest d² / ‖a‖² among the improving nonbasic variables.
            let tol = infeasible ? options.dualTolerance : dualTol
            var entering = -1
            var bestScore = 0.0
            for k in 0..<(n + m) where positionOf[k] < 0 {
                let d = reduced[k]
                let w = wrongSign(k, d)
                guard w > tol else { continue }
                let score = d * d / norms[k]
                if score > bestScore { bestScore = score; entering = k }
            }
            if entering < 0 { return infeasible ? .inconsistent : nil }
            let direction: Double = reduced[entering] < 0 ? 1 : -1
            computeAlpha(entering)
            let l = lower[entering], u = upper[entering]
            let limit = l.isFinite && u.isFinite ? u - l : .infinity
            let test = ratioTest(direction: direction, limit: limit, phaseOne: infeasible)
            simplexPivots += 1
            switch take(entering, direction: direction, test) {
            case .pivoted, .reachedBound: break
            case .numerical: return .numerical
            case .unblocked: return .inconsistent
            }
        }
    }

    // MARK: - Result

    /// The vertex, its duals and basis (after a successful check).
    mutating func finish() -> CrossoverResult {
        computeDuals(cost)
        var result = CrossoverResult(summary: CrossoverSummary(outcome: .optimal))
        var x = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var v = value[j]
            if positionOf[j] >= 0 {
                // A degenerate basic value reads as its bound.
                if lower[j].isFinite && abs(v - lower[j]) <= tolerance(lower[j]) { v = lower[j] }
                else if upper[j].isFinite && abs(v - upper[j]) <= tolerance(upper[j]) { v = upper[j] }
            }
            x[j] = v
        }
        result.x = x
        result.y = Array(duals[0..<m])
        result.z = (0..<n).map { positionOf[$0] >= 0 ? 0 : reduced[$0] }
        func status(_ k: Int) -> BasisStatus {
            if positionOf[k] >= 0 { return .basic }
            if value[k] == lower[k] { return .atLower }
            if value[k] == upper[k] { return .atUpper }
            return .free
        }
        result.basis = Basis(columns: (0..<n).map(status), rows: (0..<m).map { status(n + $0) })
        // Dual objective: each dual times the bound its sign prices.
        var dual = problem.offset, worst = 0.0
        for k in 0..<(n + m) where positionOf[k] < 0 {
            let d = reduced[k]
            if d > 0 {
                if lower[k].isFinite { dual += d * lower[k] } else { worst = max(worst, d) }
            } else if d < 0 {
                if upper[k].isFinite { dual += d * upper[k] } else { worst = max(worst, -d) }
            }
        }
        result.dualObjective = dual
        result.dualInfeasibility = worst / (1 + costNorm)
        return result
    }
}
