import Foundation
import Linear

/// Outcome of one LP solve on a `BoundedProblem` (minimisation), before it is dressed as a `Solution`.
struct BoundedSolve: Sendable {
    var status: SolveStatus
    var x: [Double] = []
    var y: [Double] = []
    var z: [Double] = []
    var iterations = 0
    var dualInfeasibility = Double.nan
    var gap = Double.nan
    var dualObjective = Double.nan
    var farkas: [Double] = []
}

/// Solves linear programmes (and, through `BranchAndBound`, mixed-integer ones).
public enum LPSolver {
    /// Solves `model`: by the interior-point method when it has no integer variables, else by branch
    /// and bound over LP relaxations. Never throws: every outcome is a `SolveStatus`.
    public static func solve(_ model: LinearModel, options: SolverOptions = SolverOptions()) -> Solution {
        if model.hasIntegers { return BranchAndBound.solve(model, options: options) }
        return solveRelaxation(model, options: options)
    }

    /// Solves the LP relaxation of `model` (integrality ignored).
    public static func solveRelaxation(_ model: LinearModel, options: SolverOptions = SolverOptions()) -> Solution {
        let started = Date().timeIntervalSinceReferenceDate
        let problem = boundedProblem(model)
        let deadline = started + options.timeLimit
        var result = solveBounded(problem, options: options, deadline: deadline)
        guard options.crossover else {
            return solution(model, problem, result, seconds: Date().timeIntervalSinceReferenceDate - started)
        }
        let (summary, basis) = crossOver(problem, &result, options: options, deadline: deadline)
        var s = solution(model, problem, result, seconds: Date().timeIntervalSinceReferenceDate - started)
        s.crossover = summary
        s.basis = basis
        return s
    }

    /// Runs the crossover from an interior-point result that has a point (optimal, or the
    /// near-optimal best iterate of a stalled run) and, when it finishes, replaces the point, duals,
    /// dual infeasibility and gap by the vertex's (status optimal: the basis is checked primal and
    /// dual feasible). Otherwise `result` is left as it was.
    static func crossOver(_ problem: BoundedProblem, _ result: inout BoundedSolve, options: SolverOptions,
                          deadline: Double) -> (CrossoverSummary, Basis?) {
        guard !result.x.isEmpty, result.status == .optimal || result.status == .numericalFailure else {
            return (CrossoverSummary(outcome: .notRun), nil)
        }
        let crossed = Crossover.run(problem, x: result.x, z: result.z, options: options.crossoverOptions, deadline: deadline)
        guard crossed.summary.outcome == .optimal else { return (crossed.summary, nil) }
        result.status = .optimal
        result.x = crossed.x
        result.y = crossed.y
        result.z = crossed.z
        result.dualInfeasibility = crossed.dualInfeasibility
        var primal = problem.offset
        for j in 0..<crossed.x.count { primal += problem.c[j] * crossed.x[j] }
        result.gap = abs(primal - crossed.dualObjective) / (1 + abs(primal))
        result.dualObjective = crossed.dualObjective - problem.offset
        return (crossed.summary, crossed.basis)
    }

    /// The model as a minimisation `BoundedProblem` (costs negated for a maximisation).
    static func boundedProblem(_ model: LinearModel) -> BoundedProblem {
        let sign: Double = model.sense == .maximize ? -1 : 1
        return BoundedProblem(
            a: model.matrix,
            c: model.variables.map { sign * $0.cost },
            lower: model.variables.map(\.lower), upper: model.variables.map(\.upper),
            rowLower: model.rows.map(\.lower), rowUpper: model.rows.map(\.upper),
            offset: sign * model.objectiveConstant)
    }

    /// Dresses a minimisation result as a `Solution` of `model` (signs, objective, residuals).
    static func solution(_ model: LinearModel, _ problem: BoundedProblem, _ r: BoundedSolve, seconds: Double,
                         nodes: Int = 0) -> Solution {
        let sign: Double = model.sense == .maximize ? -1 : 1
        var s = Solution(status: r.status, iterations: r.iterations, seconds: seconds, nodes: nodes, farkasRay: r.farkas)
        s.dualInfeasibility = r.dualInfeasibility
        s.gap = r.gap
        guard !r.x.isEmpty || (model.variableCount == 0 && r.status == .optimal) else { return s }
        s.primal = r.x
        s.rowDuals = r.y.map { sign * $0 }
        s.reducedCosts = r.z.map { sign * $0 }
        s.objective = model.objectiveValue(r.x)
        s.bound = sign * (r.dualObjective + problem.offset)
        s.rowActivities = problem.a.multiply(r.x)
        s.primalInfeasibility = relativePrimalInfeasibility(problem, x: r.x, activities: s.rowActivities)
        return s
    }

    /// `max(row and bound violations) / (1 + largest finite row or variable bound)`.
    static func relativePrimalInfeasibility(_ p: BoundedProblem, x: [Double], activities: [Double]) -> Double {
        var violation = 0.0, size = 0.0
        for i in 0..<p.a.rows {
            violation = max(violation, p.rowLower[i] - activities[i], activities[i] - p.rowUpper[i])
            if p.rowLower[i].isFinite { size = max(size, abs(p.rowLower[i])) }
            if p.rowUpper[i].isFinite { size = max(size, abs(p.rowUpper[i])) }
        }
        for j in 0..<p.a.columns {
            violation = max(violation, p.lower[j] - x[j], x[j] - p.upper[j])
            if p.lower[j].isFinite { size = max(size, abs(p.lower[j])) }
            if p.upper[j].isFinite { size = max(size, abs(p.upper[j])) }
        }
        return max(0, violation) / (1 + size)
    }

    /// Presolve, scale, solve by interior point, classify a non-convergence, postsolve.
    static func solveBounded(_ problem: BoundedProblem, options: SolverOptions, deadline: Double) -> BoundedSolve {
        let presolve = Presolve(problem, enabled: options.presolve)
        if presolve.verdict == .infeasible { return BoundedSolve(status: .infeasible) }
        let reduced = presolve.reduced
        let scaling = options.scaling ? Scaling(for: reduced.a) : Scaling(rows: reduced.a.rows, columns: reduced.a.columns)
        let scaled = scaling.apply(to: reduced)
        let standard = StandardForm(a: scaled.a, c: scaled.c, lower: scaled.lower, upper: scaled.upper,
                                    rowLower: scaled.rowLower, rowUpper: scaled.rowUpper)
        // Small models run OpenBLAS on one thread (a shared lease); large ones on every thread with
        // an exclusive lease, so no concurrent single-threaded scope changes the count mid-solve and
        // the solution is the same bits whatever else the process runs (see `BLASThreadLease`).
        let lease = BLASThreadLease.acquire(standard.rows < options.singleThreadBelowRows ? .singleThread : .allThreads)
        defer { BLASThreadLease.release(lease) }
        var solver = InteriorPointSolver(problem: standard, options: options, deadline: deadline)
        var run = solver.solve()
        var iterations = run.iterations
        // The dense factorisation that `.automatic` chose broke down (nearly dependent rows, e.g. a
        // branch-and-bound node whose bounds leave a row with fixed columns only): the sparse
        // Cholesky sets aside such pivots as dependent rows, so the model is solved once more with it
        // before it is classified (and only then).
        if options.normalEquations == .automatic, solver.sparse == nil,
           run.outcome == .numericalFailure || run.outcome == .diverged {
            var retry = options
            retry.normalEquations = .sparse
            var second = InteriorPointSolver(problem: standard, options: retry, deadline: deadline)
            let again = second.solve()
            iterations += again.iterations
            if again.outcome == .converged || again.outcome == .nearOptimal || again.outcome == .timeLimit { run = again }
        }
        var out = BoundedSolve(status: .optimal, iterations: iterations)
        out.dualInfeasibility = run.dualInfeasibility
        out.gap = run.gap
        switch run.outcome {
        case .converged, .nearOptimal:
            let n = reduced.a.columns
            let (x, y) = scaling.unscale(x: Array(run.x[0..<n]), y: run.y)
            let full = presolve.postsolve(x: x, y: y)
            out.x = full.x
            // Interior points approach bounds without reaching them: snap values within 1e-9
            // (relative) of a bound onto it, so reported solutions read 0 rather than 3e-11.
            for j in 0..<out.x.count {
                let l = problem.lower[j], u = problem.upper[j]
                if l.isFinite && abs(out.x[j] - l) <= 1e-9 * (1 + abs(l)) { out.x[j] = l }
                else if u.isFinite && abs(out.x[j] - u) <= 1e-9 * (1 + abs(u)) { out.x[j] = u }
            }
            out.y = full.y
            out.z = full.z
            out.dualObjective = run.dualObjective + reduced.offset - problem.offset
            // A stalled run's best iterate is reported, but not as a proven optimum.
            if run.outcome == .nearOptimal { out.status = .numericalFailure }
            return out
        case .timeLimit:
            out.status = .timeLimit
            return out
        case .diverged, .iterationLimit, .numericalFailure:
            let verdict = classify(standard, options: options, deadline: deadline)
            out.iterations += verdict.iterations
            switch verdict.status {
            case .infeasible:
                out.status = .infeasible
                // Farkas ray of the scaled reduced rows, mapped to the original rows.
                var ray = [Double](repeating: 0, count: problem.a.rows)
                for (r, i) in presolve.keptRows.enumerated() { ray[i] = verdict.ray[r] * scaling.rowScale[r] }
                out.farkas = ray
            case .unbounded: out.status = .unbounded
            default:
                out.status = run.outcome == .iterationLimit ? .iterationLimit
                    : (verdict.status == .timeLimit ? .timeLimit : .numericalFailure)
            }
            return out
        }
    }

    /// Decides whether a problem on which the interior-point method did not converge is infeasible
    /// or unbounded, with two auxiliary LPs that are always feasible and bounded:
    /// 1. `min Σ(p + q)` s.t. `A·x + p − q = b`, bounds, `p, q ≥ 0`: a positive optimum proves
    ///    infeasibility (its duals are a Farkas certificate);
    /// 2. `min cᵀd` s.t. `A·d = 0`, `d` in the recession cone of the bounds and in `[−1, 1]`: a negative
    ///    optimum is a ray along which a feasible problem is unbounded.
    static func classify(_ sf: StandardForm, options: SolverOptions, deadline: Double)
        -> (status: SolveStatus, ray: [Double], iterations: Int) {
        let m = sf.rows, n = sf.columns
        var iterations = 0
        // 1. Feasibility.
        var start = sf.a.columnStart, rows = sf.a.rowIndex, values = sf.a.values
        for sign in [1.0, -1.0] {
            for i in 0..<m {
                rows.append(i)
                values.append(sign)
                start.append(rows.count)
            }
        }
        let phaseOne = StandardForm(
            a: SparseMatrix(rows: m, columns: n + 2 * m, columnStart: start, rowIndex: rows, values: values),
            b: sf.b,
            c: [Double](repeating: 0, count: n) + [Double](repeating: 1, count: 2 * m),
            lower: sf.lower + [Double](repeating: 0, count: 2 * m),
            upper: sf.upper + [Double](repeating: .infinity, count: 2 * m))
        var auxiliaryOptions = options
        auxiliaryOptions.iterationLimit = max(options.iterationLimit, 200)
        var first = InteriorPointSolver(problem: phaseOne, options: auxiliaryOptions, deadline: deadline)
        let feasibility = first.solve()
        iterations += feasibility.iterations
        if feasibility.outcome == .timeLimit { return (.timeLimit, [], iterations) }
        guard feasibility.outcome == .converged else { return (.numericalFailure, [], iterations) }
        let bNorm = sf.b.reduce(0) { max($0, abs($1)) }
        if feasibility.primalObjective > options.infeasibilityTolerance * (1 + bNorm) {
            return (.infeasible, feasibility.y, iterations)
        }
        // 2. Unbounded ray.
        let rayProblem = StandardForm(
            a: sf.a, b: [Double](repeating: 0, count: m), c: sf.c,
            lower: sf.lower.map { $0.isFinite ? 0 : -1 }, upper: sf.upper.map { $0.isFinite ? 0 : 1 })
        var second = InteriorPointSolver(problem: rayProblem, options: auxiliaryOptions, deadline: deadline)
        let ray = second.solve()
        iterations += ray.iterations
        if ray.outcome == .timeLimit { return (.timeLimit, [], iterations) }
        guard ray.outcome == .converged else { return (.numericalFailure, [], iterations) }
        let cNorm = sf.c.reduce(0) { max($0, abs($1)) }
        if ray.primalObjective < -options.infeasibilityTolerance * (1 + cNorm) { return (.unbounded, [], iterations) }
        return (.numericalFailure, [], iterations)
    }
}
