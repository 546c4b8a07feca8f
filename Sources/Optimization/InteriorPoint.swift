import Foundation
import Linear

/// How one interior-point run ended (before classification of non-convergence).
enum InteriorPointOutcome: Sendable, Equatable {
    case converged
    /// Progress stopped before the tolerances were met, but the best iterate (returned) is within
    /// `acceptableTolerance`: an approximate optimum, not a proven one.
    case nearOptimal
    /// Iterates grew without bound or progress stopped: the model is probably infeasible or unbounded.
    case diverged
    case iterationLimit
    case timeLimit
    /// The normal matrix could not be factored even with strong regularisation.
    case numericalFailure
}

/// Result of one interior-point run on a `StandardForm`.
struct InteriorPointResult: Sendable {
    var outcome: InteriorPointOutcome
    var x: [Double]
    var y: [Double]
    /// Reduced costs `z = zl − zu = c − Aᵀy` (up to the dual residual).
    var z: [Double]
    var iterations: Int
    var primalInfeasibility: Double
    var dualInfeasibility: Double
    var gap: Double
    var primalObjective: Double
    var dualObjective: Double
}

/// Infeasible-start primal–dual interior-point method with Mehrotra's predictor–corrector, on
///
///     min cᵀx  s.t.  A·x = b,  x − xl = l (finite l),  x + xu = u (finite u),  xl, xu ≥ 0
///
/// with dual `Aᵀy + zl − zu = c`, `zl, zu ≥ 0`. Each Newton system is reduced to the normal
/// equations `(A·Θ·Aᵀ + δI)·dy = r`, `Θ⁻¹ = zl/xl + zu/xu + ρ`, either formed densely (m × m) from
/// the sparse columns of A and factored by LAPACK Cholesky, or formed in a sparse pattern fixed once
/// and factored by `SparseNormalCholesky` (approximate minimum degree ordering, dense columns by a Schur
/// complement; see `NormalEquations` for the
/// choice). The primal (ρ) and dual (δ) regularisation make free variables and dependent rows
/// harmless; δ grows when the factorisation fails.
struct InteriorPointSolver {
    let problem: StandardForm
    let options: SolverOptions
    let deadline: Double

    // Sizes and masks.
    let m: Int, n: Int
    let hasLower: [Bool], hasUpper: [Bool]
    /// Bounds with a complementarity pair (finite lower bounds plus finite upper bounds).
    let pairs: Int
    /// The fixed split of the columns for the passes over them (see `ColumnChunks`).
    let chunks: ColumnChunks
    /// A by-rows copy of A for `A·v`, one row per dot product (split across threads when large).
    let rowMajor: RowMajorMatrix
    /// max(|x_j|, zl_j, zu_j) over the columns, found by the last `computeResiduals`.
    var largestColumn = 0.0

    // Iterates.
    var x: [Double], xl: [Double], xu: [Double], y: [Double], zl: [Double], zu: [Double]
    // Residuals.
    var rp: [Double], rl: [Double], ru: [Double], rd: [Double]
    // Directions and work space (preallocated; no allocation inside iterations).
    var dx: [Double], dxl: [Double], dxu: [Double], dy: [Double], dzl: [Double], dzu: [Double]
    var dxAff: [Double], dxlAff: [Double], dxuAff: [Double], dyAff: [Double], dzlAff: [Double], dzuAff: [Double]
    var theta: [Double], xi: [Double], rxzl: [Double], rxzu: [Double], work: [Double]
    /// Dense normal matrix (column-major m × m; empty on the sparse path).
    var normal: [Double]
    /// Sparse factorisation (nil on the dense path).
    let sparse: SparseNormalCholesky?
    var diagonal: [Double]
    // Best iterate within `acceptableTolerance` (preallocated; copied into on improvement).
    var bestX: [Double], bestXl: [Double], bestXu: [Double], bestY: [Double], bestZl: [Double], bestZu: [Double]
    var regularization: Double
    var dualRegularization: Double

    init(problem: StandardForm, options: SolverOptions, deadline: Double) {
        self.problem = problem
        self.options = options
        self.deadline = deadline
        m = problem.rows
        n = problem.columns
        hasLower = problem.lower.map { $0.isFinite }
        hasUpper = problem.upper.map { $0.isFinite }
        pairs = hasLower.reduce(0) { $0 + ($1 ? 1 : 0) } + hasUpper.reduce(0) { $0 + ($1 ? 1 : 0) }
        // Ask for the processor count only where the passes may split (a small model runs on the caller).
        let threads = options.threads > 0 ? options.threads
            : problem.columns >= options.parallelColumnThreshold ? ColumnChunks.processorCount : 1
        chunks = ColumnChunks(count: problem.columns, threads: threads, size: options.columnChunkSize,
                              threshold: options.parallelColumnThreshold)
        rowMajor = RowMajorMatrix(problem.a, threads: problem.columns >= options.parallelColumnThreshold ? threads : 1,
                                  blockNonZeros: options.parallelColumnThreshold < ColumnChunks.parallelThreshold ? 64 : RowMajorMatrix.blockNonZeros)
        let zn = [Double](repeating: 0, count: n), zm = [Double](repeating: 0, count: m)
        x = zn; xl = zn; xu = zn; zl = zn; zu = zn; y = zm
        rp = zm; rl = zn; ru = zn; rd = zn
        dx = zn; dxl = zn; dxu = zn; dzl = zn; dzu = zn; dy = zm
        dxAff = zn; dxlAff = zn; dxuAff = zn; dzlAff = zn; dzuAff = zn; dyAff = zm
        theta = zn; xi = zn; rxzl = zn; rxzu = zn; work = zm
        let sparse = InteriorPointSolver.sparseFactorisation(problem.a, choice: options.normalEquations)
        sparse?.deadline = deadline
        self.sparse = sparse
        normal = sparse == nil ? [Double](repeating: 0, count: m * m) : []
        regularization = options.regularization
        dualRegularization = options.regularization
        bNorm = problem.b.reduce(0) { max($0, abs($1)) }
        cNorm = problem.c.reduce(0) { max($0, abs($1)) }
        var s = 0.0
        for j in 0..<problem.columns {
            if problem.lower[j].isFinite { s = max(s, abs(problem.lower[j])) }
            if problem.upper[j].isFinite { s = max(s, abs(problem.upper[j])) }
        }
        boundsNorm = s
        diagonal = zm
        bestX = zn; bestXl = zn; bestXu = zn; bestZl = zn; bestZu = zn; bestY = zm
    }

    /// The sparse factorisation to use for `a`'s normal matrix, or nil for the dense one (see
    /// `NormalEquations.automatic` for the rule).
    static func sparseFactorisation(_ a: SparseMatrix, choice: NormalEquations) -> SparseNormalCholesky? {
        let m = a.rows
        switch choice {
        case .dense: return nil
        case .sparse: return SparseNormalCholesky(a)
        case .automatic:
            if m < 64 { return nil }
            let candidate = SparseNormalCholesky(a)
            let denseFlops = Double(m) * Double(m) * Double(m) / 3
            if m > 3000 || candidate.predictedFlops * 8 < denseFlops { return candidate }
            return nil
        }
    }

    /// Solves `(A·Θ·Aᵀ + δI)·v = r` in place with the current factorisation.
    static func solveNormal(sparse: SparseNormalCholesky?, dense normal: [Double], order m: Int, _ v: inout [Double]) -> Bool {
        if let sparse {
            sparse.solve(&v)
            return true
        }
        do {
            try choleskySolveInPlace(factor: normal, order: m, &v)
            return true
        } catch {
            return false
        }
    }

    /// Sparse counterpart of `factorNormalMatrix`: the same δ schedule.
    mutating func factorSparse(_ sparse: SparseNormalCholesky) -> Bool {
        sparse.form(theta: theta)
        var maxDiagonal = 0.0
        for k in 0..<m {
            let d = sparse.diagonal(k)
            guard d.isFinite else { return false }
            maxDiagonal = max(maxDiagonal, d)
        }
        for attempt in 0..<12 {
            let delta = attempt == 0 ? dualRegularization : dualRegularization * pow(100, Double(attempt)) * max(1, maxDiagonal) * 1e-8
            if sparse.factor(shift: delta) {
                if attempt > 0 { dualRegularization = min(dualRegularization * 10, 1e-4) }
                return true
            }
            if sparse.timedOut { return false }
        }
        return false
    }

    // MARK: - Linear algebra on the sparse A

    /// `out = A·v`, by rows (see `RowMajorMatrix`).
    func multiplyA(_ v: [Double], into out: inout [Double]) {
        let a = rowMajor
        v.withUnsafeBufferPointer { v in out.withUnsafeMutableBufferPointer { a.multiply(v, into: $0) } }
    }

    /// `(Aᵀ·w)_j` for column j.
    @inline(__always)
    func columnDot(_ j: Int, _ w: UnsafeBufferPointer<Double>, _ start: UnsafeBufferPointer<Int>,
                   _ rows: UnsafeBufferPointer<Int>, _ vals: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0
        for k in start[j]..<start[j + 1] { s += vals[k] * w[rows[k]] }
        return s
    }

    /// Forms the upper triangle of `A·Θ·Aᵀ + δI` in `normal` (column-major m × m).
    mutating func formNormalMatrix() {
        let a = problem.a
        let m = self.m
        normal.withUnsafeMutableBufferPointer { mat in
            for k in 0..<(m * m) { mat[k] = 0 }
            a.columnStart.withUnsafeBufferPointer { start in
                a.rowIndex.withUnsafeBufferPointer { rows in
                    a.values.withUnsafeBufferPointer { vals in
                        theta.withUnsafeBufferPointer { th in
                            for j in 0..<n {
                                let t = th[j]
                                let s = start[j], e = start[j + 1]
                                var p = s
                                while p < e {
                                    let rp = rows[p]
                                    let tp = t * vals[p]
                                    var q = p
                                    while q < e {
                                        mat[rp + rows[q] * m] += tp * vals[q]
                                        q += 1
                                    }
                                    p += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Factors `A·Θ·Aᵀ + δI`, raising δ on failure. Returns false if even strong regularisation fails.
    mutating func factorNormalMatrix() -> Bool {
        if let sparse { return factorSparse(sparse) }
        formNormalMatrix()
        var maxDiagonal = 0.0
        for i in 0..<m { maxDiagonal = max(maxDiagonal, normal[i + i * m]) }
        for i in 0..<m { diagonal[i] = normal[i + i * m] }
        // The unchecked LAPACK calls expect finite input: overflow or NaN in Θ shows on the diagonal.
        guard maxDiagonal.isFinite, !diagonal.contains(where: { !$0.isFinite }) else { return false }
        for attempt in 0..<12 {
            // Absolute (the problem is scaled): a δ relative to the largest diagonal would perturb A·dx = r_p
            // by δ·dy, far too much once Θ spans many orders of magnitude.
            let delta = attempt == 0 ? dualRegularization : dualRegularization * pow(100, Double(attempt)) * max(1, maxDiagonal) * 1e-8
            if attempt > 0 {
                // dpotrf overwrote the upper triangle: form it again.
                formNormalMatrix()
            }
            for i in 0..<m { normal[i + i * m] = diagonal[i] + delta }
            do {
                try choleskyFactorizeInPlace(&normal, order: m)
                if attempt > 0 { dualRegularization = min(dualRegularization * 10, 1e-4) }
                return true
            } catch {
                continue
            }
        }
        return false
    }

    /// Raw views of the column vectors (length n) for one pass, handed to the worker threads of
    /// `chunks`; valid only inside `withColumns`. Each chunk touches only its own columns.
    struct Columns: @unchecked Sendable {
        let hasLower: UnsafeBufferPointer<Bool>, hasUpper: UnsafeBufferPointer<Bool>
        let c: UnsafeBufferPointer<Double>, lower: UnsafeBufferPointer<Double>, upper: UnsafeBufferPointer<Double>
        let x, xl, xu, zl, zu, rl, ru, rd, dx, dxl, dxu, dzl, dzu, dxAff, dxlAff, dxuAff, dzlAff, dzuAff, theta, xi, rxzl, rxzu: UnsafeMutableBufferPointer<Double>
    }

    /// Runs `body` with raw views of every column vector.
    mutating func withColumns<R>(_ body: (Columns) -> R) -> R {
        hasLower.withUnsafeBufferPointer { hasLower in hasUpper.withUnsafeBufferPointer { hasUpper in
        problem.c.withUnsafeBufferPointer { c in problem.lower.withUnsafeBufferPointer { lower in problem.upper.withUnsafeBufferPointer { upper in
        x.withUnsafeMutableBufferPointer { x in xl.withUnsafeMutableBufferPointer { xl in xu.withUnsafeMutableBufferPointer { xu in
        zl.withUnsafeMutableBufferPointer { zl in zu.withUnsafeMutableBufferPointer { zu in rl.withUnsafeMutableBufferPointer { rl in
        ru.withUnsafeMutableBufferPointer { ru in rd.withUnsafeMutableBufferPointer { rd in dx.withUnsafeMutableBufferPointer { dx in
        dxl.withUnsafeMutableBufferPointer { dxl in dxu.withUnsafeMutableBufferPointer { dxu in dzl.withUnsafeMutableBufferPointer { dzl in
        dzu.withUnsafeMutableBufferPointer { dzu in dxAff.withUnsafeMutableBufferPointer { dxAff in dxlAff.withUnsafeMutableBufferPointer { dxlAff in
        dxuAff.withUnsafeMutableBufferPointer { dxuAff in dzlAff.withUnsafeMutableBufferPointer { dzlAff in dzuAff.withUnsafeMutableBufferPointer { dzuAff in
        theta.withUnsafeMutableBufferPointer { theta in xi.withUnsafeMutableBufferPointer { xi in rxzl.withUnsafeMutableBufferPointer { rxzl in
        rxzu.withUnsafeMutableBufferPointer { rxzu in
            body(Columns(hasLower: hasLower, hasUpper: hasUpper, c: c, lower: lower, upper: upper, x: x, xl: xl, xu: xu, zl: zl, zu: zu, rl: rl, ru: ru, rd: rd, dx: dx, dxl: dxl, dxu: dxu, dzl: dzl, dzu: dzu, dxAff: dxAff, dxlAff: dxlAff, dxuAff: dxuAff, dzlAff: dzlAff, dzuAff: dzuAff, theta: theta, xi: xi, rxzl: rxzl, rxzu: rxzu))
        }}}}}}}}}}}}}}}}}}}}}}}}}}}
    }

    /// Where `newtonRightHandSide` takes the complementarity targets `rxzl`, `rxzu` from.
    enum Targets: Sendable {
        /// The affine-scaling predictor: `rxzl = −xl·zl`, `rxzu = −xu·zu`.
        case predictor
        /// Mehrotra's corrector: `rxzl = σμ − xl·zl − dxlAff·dzlAff` (and likewise for the upper bounds).
        case corrector(sigmaMu: Double)
        /// As stored (Gondzio's centrality targets).
        case stored
    }

    /// Solves the Newton system for the current residuals and the complementarity targets of
    /// `targets`, writing the direction into `dx, dxl, dxu, dy, dzl, dzu`. With `formTheta` the same
    /// first pass forms Θ and the normal matrix is factored before the solve. With `residuals` false
    /// the primal, bound and dual residuals are taken as zero (a pure centrality corrector); with
    /// `accumulate` the direction held in the `…Aff` arrays is added to the new one.
    /// Returns the longest primal and dual steps ≤ 1 along the direction that keep `xl, xu, zl, zu`
    /// non-negative, or nil when the factorisation or the solve fails.
    mutating func solveNewton(targets: Targets, formTheta: Bool = false, residuals: Bool = true,
                              accumulate: Bool = false) -> (primal: Double, dual: Double)? {
        let r: Double = residuals ? 1 : 0
        // ξ = rd − (rxzl + zl·rl)/xl + (rxzu − zu·ru)/xu,  dx = Θ·ξ (as work space)
        newtonRightHandSide(r: r, targets: targets, formTheta: formTheta)
        if formTheta { guard factorNormalMatrix() else { return nil } }
        // rhs = rp + A·Θ·ξ
        multiplyA(dx, into: &work)
        for i in 0..<m { dy[i] = r * rp[i] + work[i] }
        guard Self.solveNormal(sparse: sparse, dense: normal, order: m, &dy) else { return nil }
        for v in dy where !v.isFinite { return nil }
        return newtonBackSubstitute(r: r, accumulate: accumulate)
    }

    /// One pass over the columns: Θ (with `formTheta`: `Θ_j = 1 / (ρ + zl_j/xl_j + zu_j/xu_j)`, bound
    /// terms only where the bound exists), the targets of `targets`, then
    /// `ξ_j = r·rd_j − (rxzl_j + r·zl_j·rl_j)/xl_j + (rxzu_j − r·zu_j·ru_j)/xu_j` and `dx_j = Θ_j·ξ_j`.
    mutating func newtonRightHandSide(r: Double, targets: Targets, formTheta: Bool) {
        let chunks = self.chunks, rho = regularization
        withColumns { v in
            chunks.forEach { range in
                for j in range {
                    let hl = v.hasLower[j], hu = v.hasUpper[j]
                    if formTheta {
                        var inv = rho
                        if hl { inv += v.zl[j] / v.xl[j] }
                        if hu { inv += v.zu[j] / v.xu[j] }
                        v.theta[j] = 1 / inv
                    }
                    switch targets {
                    case .predictor:
                        v.rxzl[j] = hl ? -v.xl[j] * v.zl[j] : 0
                        v.rxzu[j] = hu ? -v.xu[j] * v.zu[j] : 0
                    case .corrector(let sigmaMu):
                        v.rxzl[j] = hl ? sigmaMu - v.xl[j] * v.zl[j] - v.dxlAff[j] * v.dzlAff[j] : 0
                        v.rxzu[j] = hu ? sigmaMu - v.xu[j] * v.zu[j] - v.dxuAff[j] * v.dzuAff[j] : 0
                    case .stored: break
                    }
                    var w = r * v.rd[j]
                    if hl { w -= (v.rxzl[j] + r * v.zl[j] * v.rl[j]) / v.xl[j] }
                    if hu { w += (v.rxzu[j] - r * v.zu[j] * v.ru[j]) / v.xu[j] }
                    v.xi[j] = w
                    v.dx[j] = v.theta[j] * w
                }
            }
        }
    }

    /// The rest of the direction from `dy`: `dx = Θ·(Aᵀ·dy − ξ)`, `dxl = dx − r·rl`,
    /// `dzl = (rxzl − zl·dxl)/xl`, `dxu = r·ru − dx`, `dzu = (rxzu − zu·dxu)/xu` (zero without the
    /// bound), plus the `…Aff` arrays with `accumulate`; in the same pass the longest steps ≤ 1 with
    /// `xl + α·dxl, xu + α·dxu ≥ 0` (primal) and `zl + α·dzl, zu + α·dzu ≥ 0` (dual).
    mutating func newtonBackSubstitute(r: Double, accumulate: Bool) -> (primal: Double, dual: Double) {
        let a = problem.a, chunks = self.chunks
        let dy = self.dy
        let steps: [Double] = withColumns { v in
            a.columnStart.withUnsafeBufferPointer { start in a.rowIndex.withUnsafeBufferPointer { rows in
            a.values.withUnsafeBufferPointer { vals in dy.withUnsafeBufferPointer { w in
                let shared = Unchecked((start, rows, vals, w))
                return chunks.reduce([.minimum, .minimum]) { range, out in
                    let (start, rows, vals, w) = shared.value
                    var alphaP = 1.0, alphaD = 1.0
                    for j in range {
                        var s = 0.0
                        for k in start[j]..<start[j + 1] { s += vals[k] * w[rows[k]] }
                        let d = v.theta[j] * (s - v.xi[j])
                        v.dx[j] = accumulate ? d + v.dxAff[j] : d
                        if v.hasLower[j] {
                            let p = d - r * v.rl[j]
                            let q = (v.rxzl[j] - v.zl[j] * p) / v.xl[j]
                            let dxl = accumulate ? p + v.dxlAff[j] : p
                            let dzl = accumulate ? q + v.dzlAff[j] : q
                            v.dxl[j] = dxl
                            v.dzl[j] = dzl
                            if dxl < 0 { let t = -v.xl[j] / dxl; if t < alphaP { alphaP = t } }
                            if dzl < 0 { let t = -v.zl[j] / dzl; if t < alphaD { alphaD = t } }
                        } else { v.dxl[j] = 0; v.dzl[j] = 0 }
                        if v.hasUpper[j] {
                            let p = r * v.ru[j] - d
                            let q = (v.rxzu[j] - v.zu[j] * p) / v.xu[j]
                            let dxu = accumulate ? p + v.dxuAff[j] : p
                            let dzu = accumulate ? q + v.dzuAff[j] : q
                            v.dxu[j] = dxu
                            v.dzu[j] = dzu
                            if dxu < 0 { let t = -v.xu[j] / dxu; if t < alphaP { alphaP = t } }
                            if dzu < 0 { let t = -v.zu[j] / dzu; if t < alphaD { alphaD = t } }
                        } else { v.dxu[j] = 0; v.dzu[j] = 0 }
                    }
                    out[0] = alphaP
                    out[1] = alphaD
                }
            }}}}
        }
        return (min(1, steps[0]), min(1, steps[1]))
    }

    /// `Σ (xl + αP·dxlAff)(zl + αD·dzlAff) + Σ (xu + αP·dxuAff)(zu + αD·dzuAff)` over the bounds that
    /// exist: the complementarity after the affine step (Mehrotra's μ_aff times the pairs).
    mutating func affineComplementarity(primal alphaP: Double, dual alphaD: Double) -> Double {
        let chunks = self.chunks
        return withColumns { v in
            chunks.reduce([.sum]) { range, out in
                var s = 0.0
                for j in range {
                    if v.hasLower[j] { s += (v.xl[j] + alphaP * v.dxlAff[j]) * (v.zl[j] + alphaD * v.dzlAff[j]) }
                    if v.hasUpper[j] { s += (v.xu[j] + alphaP * v.dxuAff[j]) * (v.zu[j] + alphaD * v.dzuAff[j]) }
                }
                out[0] = s
            }[0]
        }
    }

    /// Gondzio's targets: the complementarity product `p = (v + αP·dv)·(z + αD·dz)` of a trial step
    /// pushed into `[0.1·t, 10·t]`, the push clipped at `±10·t`, into `rxzl` (lower bounds) and
    /// `rxzu` (upper bounds); 0 where the bound does not exist.
    mutating func centralityTargets(target: Double, stepP: Double, stepD: Double) {
        let chunks = self.chunks
        @Sendable @inline(__always) func push(_ v: Double, _ dv: Double, _ z: Double, _ dz: Double) -> Double {
            let p = (v + stepP * dv) * (z + stepD * dz)
            return max(-10 * target, min(max(p, 0.1 * target), 10 * target) - p)
        }
        withColumns { v in
            chunks.forEach { range in
                for j in range {
                    v.rxzl[j] = v.hasLower[j] ? push(v.xl[j], v.dxl[j], v.zl[j], v.dzl[j]) : 0
                    v.rxzu[j] = v.hasUpper[j] ? push(v.xu[j], v.dxu[j], v.zu[j], v.dzu[j]) : 0
                }
            }
        }
    }

    /// `x += αP·dx`, `xl += αP·dxl`, `zl += αD·dzl` (finite lower bounds), `xu += αP·dxu`,
    /// `zu += αD·dzu` (finite upper bounds), `y += αD·dy`.
    mutating func takeStep(primal alphaP: Double, dual alphaD: Double) {
        let chunks = self.chunks
        withColumns { v in
            chunks.forEach { range in
                for j in range {
                    v.x[j] += alphaP * v.dx[j]
                    if v.hasLower[j] { v.xl[j] += alphaP * v.dxl[j]; v.zl[j] += alphaD * v.dzl[j] }
                    if v.hasUpper[j] { v.xu[j] += alphaP * v.dxu[j]; v.zu[j] += alphaD * v.dzu[j] }
                }
            }
        }
        for i in 0..<m { y[i] += alphaD * dy[i] }
    }

    // MARK: - Residuals and measures

    struct Measures {
        var primal: Double, dual: Double, gap: Double, mu: Double, primalObjective: Double, dualObjective: Double
    }

    mutating func computeResiduals() -> Measures {
        let p = problem
        let a0 = rowMajor
        // The largest term |a_ij·x_j| sets the rounding floor of b − A·x: rows whose activity is a
        // sum of terms of 10⁸ cannot be closer than about 10⁻⁸ to their bound in absolute terms.
        let largestTerm = x.withUnsafeBufferPointer { x in work.withUnsafeMutableBufferPointer { a0.multiplyMeasuring(x, into: $0) } }
        var rpNorm = 0.0
        for i in 0..<m {
            rp[i] = p.b[i] - work[i]
            rpNorm = max(rpNorm, abs(rp[i]))
        }
        var dualObjective = 0.0
        for i in 0..<m { dualObjective += p.b[i] * y[i] }
        // One pass over the columns: bound and dual residuals, complementarity, objectives, the largest entry.
        let a = p.a, chunks = self.chunks, y = self.y
        let totals: [Double] = withColumns { v in
            a.columnStart.withUnsafeBufferPointer { start in a.rowIndex.withUnsafeBufferPointer { rows in
            a.values.withUnsafeBufferPointer { vals in y.withUnsafeBufferPointer { w in
                let shared = Unchecked((start, rows, vals, w))
                return chunks.reduce([.maximum, .sum, .sum, .maximum, .sum, .maximum]) { range, out in
                    let (start, rows, vals, w) = shared.value
                    var boundNorm = 0.0, complementarity = 0.0, dualObjective = 0.0
                    var rdNorm = 0.0, primalObjective = 0.0, largest = 0.0
                    for j in range {
                        if v.hasLower[j] {
                            let rl = v.lower[j] - v.x[j] + v.xl[j]
                            v.rl[j] = rl
                            boundNorm = max(boundNorm, abs(rl))
                            complementarity += v.xl[j] * v.zl[j]
                            dualObjective += v.lower[j] * v.zl[j]
                        } else { v.rl[j] = 0 }
                        if v.hasUpper[j] {
                            let ru = v.upper[j] - v.x[j] - v.xu[j]
                            v.ru[j] = ru
                            boundNorm = max(boundNorm, abs(ru))
                            complementarity += v.xu[j] * v.zu[j]
                            dualObjective -= v.upper[j] * v.zu[j]
                        } else { v.ru[j] = 0 }
                        var s = 0.0
                        for k in start[j]..<start[j + 1] { s += vals[k] * w[rows[k]] }
                        let rd = v.c[j] - s - v.zl[j] + v.zu[j]
                        v.rd[j] = rd
                        rdNorm = max(rdNorm, abs(rd))
                        primalObjective += v.c[j] * v.x[j]
                        largest = max(largest, abs(v.x[j]), v.zl[j], v.zu[j])
                    }
                    out[0] = boundNorm; out[1] = complementarity; out[2] = dualObjective
                    out[3] = rdNorm; out[4] = primalObjective; out[5] = largest
                }
            }}}}
        }
        let boundNorm = max(0, totals[0]), complementarity = totals[1]
        dualObjective += totals[2]
        let rdNorm = max(0, totals[3]), primalObjective = totals[4]
        largestColumn = max(0, totals[5])
        let mu = pairs > 0 ? complementarity / Double(pairs) : 0
        return Measures(
            primal: max(rpNorm / (1 + max(bNorm, largestTerm)), boundNorm / (1 + boundsNorm)),
            dual: rdNorm / (1 + cNorm),
            gap: abs(primalObjective - dualObjective) / (1 + abs(primalObjective)),
            mu: mu, primalObjective: primalObjective, dualObjective: dualObjective)
    }

    /// Norms of the data, for the relative measures.
    let bNorm: Double, cNorm: Double, boundsNorm: Double

    // MARK: - Starting point

    /// Mehrotra's starting point adapted to bounds: least-norm `x` with `A·x = b`, least-squares duals,
    /// both shifted into the interior.
    mutating func startingPoint() -> Bool {
        for j in 0..<n { theta[j] = 1 }
        guard factorNormalMatrix() else { return false }
        // x = Aᵀ (AAᵀ)⁻¹ b
        for i in 0..<m { dy[i] = problem.b[i] }
        guard Self.solveNormal(sparse: sparse, dense: normal, order: m, &dy) else { return false }
        let a = problem.a
        a.columnStart.withUnsafeBufferPointer { start in
            a.rowIndex.withUnsafeBufferPointer { rows in
                a.values.withUnsafeBufferPointer { vals in
                    dy.withUnsafeBufferPointer { w in
                        for j in 0..<n { x[j] = columnDot(j, w, start, rows, vals) }
                    }
                }
            }
        }
        // y = (AAᵀ)⁻¹ A c,  z = c − Aᵀy
        multiplyA(problem.c, into: &y)
        guard Self.solveNormal(sparse: sparse, dense: normal, order: m, &y) else { return false }
        var z = [Double](repeating: 0, count: n)
        a.columnStart.withUnsafeBufferPointer { start in
            a.rowIndex.withUnsafeBufferPointer { rows in
                a.values.withUnsafeBufferPointer { vals in
                    y.withUnsafeBufferPointer { w in
                        for j in 0..<n { z[j] = problem.c[j] - columnDot(j, w, start, rows, vals) }
                    }
                }
            }
        }
        var minPrimal = Double.infinity, minDual = Double.infinity
        for j in 0..<n {
            let l = problem.lower[j], u = problem.upper[j]
            if hasLower[j] && hasUpper[j] {
                // Start inside the box when the least-norm point is outside it.
                if x[j] <= l || x[j] >= u { x[j] = l + 0.5 * (u - l) }
            }
            if hasLower[j] { xl[j] = x[j] - l; minPrimal = min(minPrimal, xl[j]) }
            if hasUpper[j] { xu[j] = u - x[j]; minPrimal = min(minPrimal, xu[j]) }
            if hasLower[j] && hasUpper[j] {
                zl[j] = max(z[j], 0); zu[j] = max(-z[j], 0)
            } else if hasLower[j] {
                zl[j] = z[j]
            } else if hasUpper[j] {
                zu[j] = -z[j]
            }
            if hasLower[j] { minDual = min(minDual, zl[j]) }
            if hasUpper[j] { minDual = min(minDual, zu[j]) }
        }
        let shiftPrimal = max(-1.5 * minPrimal, 0)
        let shiftDual = max(-1.5 * minDual, 0)
        var sumX = 0.0, sumZ = 0.0, xz = 0.0
        for j in 0..<n {
            if hasLower[j] { xl[j] += shiftPrimal; zl[j] += shiftDual; sumX += xl[j]; sumZ += zl[j]; xz += xl[j] * zl[j] }
            if hasUpper[j] { xu[j] += shiftPrimal; zu[j] += shiftDual; sumX += xu[j]; sumZ += zu[j]; xz += xu[j] * zu[j] }
        }
        var secondPrimal = sumZ > 0 ? 0.5 * xz / sumZ : 0
        var secondDual = sumX > 0 ? 0.5 * xz / sumX : 0
        // Guard the degenerate cases (zero costs, points on the bounds) so the start is interior.
        let scale = max(1, max(bNorm, cNorm) * 0.01)
        if !(secondPrimal > 1e-2) { secondPrimal = max(secondPrimal, min(1, scale)) }
        if !(secondDual > 1e-2) { secondDual = max(secondDual, min(1, scale)) }
        for j in 0..<n {
            if hasLower[j] { xl[j] += secondPrimal; zl[j] += secondDual }
            if hasUpper[j] { xu[j] += secondPrimal; zu[j] += secondDual }
        }
        return true
    }

    // MARK: - Main loop

    mutating func solve() -> InteriorPointResult {
        var iterations = 0
        var measures = Measures(primal: .infinity, dual: .infinity, gap: .infinity, mu: 0, primalObjective: .nan, dualObjective: .nan)
        var acceptable: Measures? = nil
        func result(_ requested: InteriorPointOutcome) -> InteriorPointResult {
            var outcome = requested
            if outcome != .converged && outcome != .timeLimit, let best = acceptable {
                // Stalled near the optimum: fall back to the best acceptable iterate.
                swap(&x, &bestX); swap(&xl, &bestXl); swap(&xu, &bestXu)
                swap(&y, &bestY); swap(&zl, &bestZl); swap(&zu, &bestZu)
                measures = best
                outcome = .nearOptimal
            }
            var z = [Double](repeating: 0, count: n)
            for j in 0..<n { z[j] = zl[j] - zu[j] }
            return InteriorPointResult(
                outcome: outcome, x: x, y: y, z: z, iterations: iterations,
                primalInfeasibility: measures.primal, dualInfeasibility: measures.dual, gap: measures.gap,
                primalObjective: measures.primalObjective, dualObjective: measures.dualObjective)
        }
        /// A failed factorisation or solve: the time limit when it stopped at the deadline.
        func failure() -> InteriorPointOutcome {
            sparse?.timedOut == true || Date().timeIntervalSinceReferenceDate > deadline ? .timeLimit : .numericalFailure
        }
        if n == 0 {
            measures = computeResiduals()
            return result(measures.primal <= options.primalTolerance ? .converged : .diverged)
        }
        guard startingPoint() else { return result(failure()) }
        let dataSize = 1 + max(bNorm, cNorm, boundsNorm)
        var bestMerit = Double.infinity
        var bestMeritIteration = 0
        var smallSteps = 0
        while true {
            measures = computeResiduals()
            if measures.primal <= options.primalTolerance && measures.dual <= options.dualTolerance
                && measures.gap <= options.gapTolerance {
                return result(.converged)
            }
            if options.log {
                let line = String(format: "ipm %3d  pobj %+.10e  dobj %+.10e  pinf %.2e  dinf %.2e  gap %.2e  mu %.2e  reg %.1e/%.1e\n",
                                  iterations, measures.primalObjective, measures.dualObjective, measures.primal,
                                  measures.dual, measures.gap, measures.mu, regularization, dualRegularization)
                FileHandle.standardError.write(Data(line.utf8))
            }
            let merit = measures.primal + measures.dual + measures.gap
            let tolerance = options.acceptableTolerance
            if measures.primal <= tolerance && measures.dual <= tolerance && measures.gap <= tolerance
                && merit < (acceptable.map { $0.primal + $0.dual + $0.gap } ?? .infinity) {
                acceptable = measures
                for j in 0..<n { bestX[j] = x[j]; bestXl[j] = xl[j]; bestXu[j] = xu[j]; bestZl[j] = zl[j]; bestZu[j] = zu[j] }
                for i in 0..<m { bestY[i] = y[i] }
            }
            if merit < 0.9 * bestMerit { bestMerit = merit; bestMeritIteration = iterations }
            if iterations - bestMeritIteration > 30 { return result(.diverged) }
            var largest = largestColumn
            for i in 0..<m { largest = max(largest, abs(y[i])) }
            if !largest.isFinite || largest > options.divergenceThreshold * dataSize { return result(.diverged) }
            if iterations >= options.iterationLimit { return result(.iterationLimit) }
            if Date().timeIntervalSinceReferenceDate > deadline { return result(.timeLimit) }
            iterations += 1

            // Predictor (affine scaling) direction; its first pass also forms Θ, then the factorisation.
            guard let affine = solveNewton(targets: .predictor, formTheta: true) else { return result(failure()) }
            swap(&dx, &dxAff); swap(&dxl, &dxlAff); swap(&dxu, &dxuAff)
            swap(&dy, &dyAff); swap(&dzl, &dzlAff); swap(&dzu, &dzuAff)
            let alphaPAff = affine.primal, alphaDAff = affine.dual
            let mu = measures.mu
            let muAff = pairs > 0 ? affineComplementarity(primal: alphaPAff, dual: alphaDAff) / Double(pairs) : 0
            let sigma = mu > 0 ? min(1, max(0, pow(muAff / mu, 3))) : 0

            // Corrector (centring and second-order) direction.
            guard let corrector = solveNewton(targets: .corrector(sigmaMu: sigma * mu)) else { return result(failure()) }
            var stepP = corrector.primal, stepD = corrector.dual
            // Gondzio's centrality correctors: push the complementarity products of a longer trial
            // step into [0.1·σμ, 10·σμ]; keep a corrector only if it lengthens the step.
            for _ in 0..<options.centralityCorrectors where min(stepP, stepD) < 1 {
                let trialP = min(1, 1.5 * stepP + 0.1), trialD = min(1, 1.5 * stepD + 0.1)
                centralityTargets(target: sigma * mu, stepP: trialP, stepD: trialD)
                // Keep the current direction in the (now free) affine arrays; the new solve adds it back.
                swap(&dx, &dxAff); swap(&dxl, &dxlAff); swap(&dxu, &dxuAff)
                swap(&dy, &dyAff); swap(&dzl, &dzlAff); swap(&dzu, &dzuAff)
                guard let combined = solveNewton(targets: .stored, residuals: false, accumulate: true) else {
                    return result(failure())
                }
                for i in 0..<m { dy[i] += dyAff[i] }
                if combined.primal + combined.dual >= 1.01 * (stepP + stepD) {
                    stepP = combined.primal
                    stepD = combined.dual
                } else {
                    swap(&dx, &dxAff); swap(&dxl, &dxlAff); swap(&dxu, &dxuAff)
                    swap(&dy, &dyAff); swap(&dzl, &dzlAff); swap(&dzu, &dzuAff)
                    break
                }
            }
            let eta = options.stepFraction
            let alphaP = min(1, eta * stepP)
            let alphaD = min(1, eta * stepD)
            takeStep(primal: alphaP, dual: alphaD)
            if alphaP < 1e-8 && alphaD < 1e-8 {
                smallSteps += 1
                if smallSteps > 5 { return result(.diverged) }
            } else { smallSteps = 0 }
            regularization = max(regularization * 0.5, options.minimumRegularization)
            dualRegularization = max(dualRegularization * 0.5, options.minimumRegularization)
        }
    }
}
