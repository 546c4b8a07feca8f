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
/// and factored by `SparseNormalCholesky` (minimum-degree ordering; see `NormalEquations` for the
/// choice). The primal (ρ) and dual (δ) regularisation make free variables and dependent rows
/// harmless; δ grows when the factorisation fails.
struct InteriorPointSolver {
    let problem: StandardForm
    let options: SolverOptions
    let deadline: Double

    // Sizes and masks.
    let m: Int, n: Int
    var hasLower: [Bool], hasUpper: [Bool]

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
        let zn = [Double](repeating: 0, count: n), zm = [Double](repeating: 0, count: m)
        x = zn; xl = zn; xu = zn; zl = zn; zu = zn; y = zm
        rp = zm; rl = zn; ru = zn; rd = zn
        dx = zn; dxl = zn; dxu = zn; dzl = zn; dzu = zn; dy = zm
        dxAff = zn; dxlAff = zn; dxuAff = zn; dzlAff = zn; dzuAff = zn; dyAff = zm
        theta = zn; xi = zn; rxzl = zn; rxzu = zn; work = zm
        let sparse = InteriorPointSolver.sparseFactorisation(problem.a, choice: options.normalEquations)
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
        }
        return false
    }

    // MARK: - Linear algebra on the sparse A

    /// `out = A·v`.
    func multiplyA(_ v: [Double], into out: inout [Double]) {
        let a = problem.a
        for i in 0..<m { out[i] = 0 }
        a.columnStart.withUnsafeBufferPointer { start in
            a.rowIndex.withUnsafeBufferPointer { rows in
                a.values.withUnsafeBufferPointer { vals in
                    out.withUnsafeMutableBufferPointer { o in
                        for j in 0..<n {
                            let vj = v[j]
                            if vj == 0 { continue }
                            for k in start[j]..<start[j + 1] { o[rows[k]] += vals[k] * vj }
                        }
                    }
                }
            }
        }
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

    /// Solves the Newton system for the current residuals and complementarity targets `rxzl`, `rxzu`,
    /// writing the direction into `dx, dxl, dxu, dy, dzl, dzu`.
    /// With `residuals` false the primal, bound and dual residuals are taken as zero (a pure
    /// centrality corrector).
    mutating func solveNewton(residuals: Bool = true) -> Bool {
        let r: Double = residuals ? 1 : 0
        // ξ = rd − (rxzl + zl·rl)/xl + (rxzu − zu·ru)/xu,  dx = Θ·ξ (as work space)
        Self.newtonRightHandSide(r: r, hasLower: hasLower, hasUpper: hasUpper, rd: rd, rl: rl, ru: ru, xl: xl, xu: xu,
                                 zl: zl, zu: zu, rxzl: rxzl, rxzu: rxzu, theta: theta, xi: &xi, thetaXi: &dx)
        // rhs = rp + A·Θ·ξ
        multiplyA(dx, into: &work)
        for i in 0..<m { dy[i] = r * rp[i] + work[i] }
        guard Self.solveNormal(sparse: sparse, dense: normal, order: m, &dy) else { return false }
        for v in dy where !v.isFinite { return false }
        Self.newtonBackSubstitute(r: r, a: problem.a, dy: dy, hasLower: hasLower, hasUpper: hasUpper, rl: rl, ru: ru,
                                  xl: xl, xu: xu, zl: zl, zu: zu, rxzl: rxzl, rxzu: rxzu, theta: theta, xi: xi,
                                  dx: &dx, dxl: &dxl, dxu: &dxu, dzl: &dzl, dzu: &dzu)
        return true
    }

    /// `ξ_j = r·rd_j − (rxzl_j + r·zl_j·rl_j)/xl_j + (rxzu_j − r·zu_j·ru_j)/xu_j` (bound terms only
    /// where the bound exists) and `Θ_j·ξ_j`. One pass over the columns, no bounds checks.
    static func newtonRightHandSide(r: Double, hasLower: [Bool], hasUpper: [Bool], rd: [Double], rl: [Double], ru: [Double],
                                    xl: [Double], xu: [Double], zl: [Double], zu: [Double], rxzl: [Double], rxzu: [Double],
                                    theta: [Double], xi: inout [Double], thetaXi: inout [Double]) {
        let n = xi.count
        precondition(hasLower.count == n && hasUpper.count == n && rd.count == n && rl.count == n && ru.count == n
                     && xl.count == n && xu.count == n && zl.count == n && zu.count == n && rxzl.count == n
                     && rxzu.count == n && theta.count == n && thetaXi.count == n)
        hasLower.withUnsafeBufferPointer { hl in hasUpper.withUnsafeBufferPointer { hu in
        rd.withUnsafeBufferPointer { rd in rl.withUnsafeBufferPointer { rl in ru.withUnsafeBufferPointer { ru in
        xl.withUnsafeBufferPointer { xl in xu.withUnsafeBufferPointer { xu in
        zl.withUnsafeBufferPointer { zl in zu.withUnsafeBufferPointer { zu in
        rxzl.withUnsafeBufferPointer { rxzl in rxzu.withUnsafeBufferPointer { rxzu in
        theta.withUnsafeBufferPointer { th in
        xi.withUnsafeMutableBufferPointer { xi in thetaXi.withUnsafeMutableBufferPointer { out in
            for j in 0..<n {
                var v = r * rd[j]
                if hl[j] { v -= (rxzl[j] + r * zl[j] * rl[j]) / xl[j] }
                if hu[j] { v += (rxzu[j] - r * zu[j] * ru[j]) / xu[j] }
                xi[j] = v
                out[j] = th[j] * v
            }
        }}}}}}}}}}}}}}
    }

    /// The rest of the direction from `dy`: `dx = Θ·(Aᵀ·dy − ξ)`, `dxl = dx − r·rl`,
    /// `dzl = (rxzl − zl·dxl)/xl`, `dxu = r·ru − dx`, `dzu = (rxzu − zu·dxu)/xu` (zero without the bound).
    static func newtonBackSubstitute(r: Double, a: SparseMatrix, dy: [Double], hasLower: [Bool], hasUpper: [Bool],
                                     rl: [Double], ru: [Double], xl: [Double], xu: [Double], zl: [Double], zu: [Double],
                                     rxzl: [Double], rxzu: [Double], theta: [Double], xi: [Double],
                                     dx: inout [Double], dxl: inout [Double], dxu: inout [Double],
                                     dzl: inout [Double], dzu: inout [Double]) {
        let n = dx.count
        precondition(a.columns == n && a.rows == dy.count && hasLower.count == n && hasUpper.count == n && rl.count == n
                     && ru.count == n && xl.count == n && xu.count == n && zl.count == n && zu.count == n
                     && rxzl.count == n && rxzu.count == n && theta.count == n && xi.count == n
                     && dxl.count == n && dxu.count == n && dzl.count == n && dzu.count == n)
        a.columnStart.withUnsafeBufferPointer { start in a.rowIndex.withUnsafeBufferPointer { rows in
        a.values.withUnsafeBufferPointer { vals in dy.withUnsafeBufferPointer { w in
        hasLower.withUnsafeBufferPointer { hl in hasUpper.withUnsafeBufferPointer { hu in
        rl.withUnsafeBufferPointer { rl in ru.withUnsafeBufferPointer { ru in
        xl.withUnsafeBufferPointer { xl in xu.withUnsafeBufferPointer { xu in
        zl.withUnsafeBufferPointer { zl in zu.withUnsafeBufferPointer { zu in
        rxzl.withUnsafeBufferPointer { rxzl in rxzu.withUnsafeBufferPointer { rxzu in
        theta.withUnsafeBufferPointer { th in xi.withUnsafeBufferPointer { xi in
        dx.withUnsafeMutableBufferPointer { dx in dxl.withUnsafeMutableBufferPointer { dxl in
        dxu.withUnsafeMutableBufferPointer { dxu in dzl.withUnsafeMutableBufferPointer { dzl in
        dzu.withUnsafeMutableBufferPointer { dzu in
            for j in 0..<n {
                var s = 0.0
                for k in start[j]..<start[j + 1] { s += vals[k] * w[rows[k]] }
                let d = th[j] * (s - xi[j])
                dx[j] = d
                if hl[j] {
                    let v = d - r * rl[j]
                    dxl[j] = v
                    dzl[j] = (rxzl[j] - zl[j] * v) / xl[j]
                } else { dxl[j] = 0; dzl[j] = 0 }
                if hu[j] {
                    let v = r * ru[j] - d
                    dxu[j] = v
                    dzu[j] = (rxzu[j] - zu[j] * v) / xu[j]
                } else { dxu[j] = 0; dzu[j] = 0 }
            }
        }}}}}}}}}}}}}}}}}}}}}
    }

    /// Largest α ≤ 1 with `v + α·dv ≥ 0` on the masked entries.
    func maxStep(_ v: [Double], _ dv: [Double], _ mask: [Bool]) -> Double {
        let n = self.n
        precondition(v.count == n && dv.count == n && mask.count == n)
        return v.withUnsafeBufferPointer { v in dv.withUnsafeBufferPointer { dv in mask.withUnsafeBufferPointer { mask in
            var alpha = 1.0
            for j in 0..<n where mask[j] && dv[j] < 0 {
                let a = -v[j] / dv[j]
                if a < alpha { alpha = a }
            }
            return alpha
        }}}
    }

    /// `Θ_j = 1 / (ρ + zl_j/xl_j + zu_j/xu_j)` (bound terms only where the bound exists).
    static func scalingMatrix(regularization: Double, hasLower: [Bool], hasUpper: [Bool], xl: [Double], xu: [Double],
                              zl: [Double], zu: [Double], theta: inout [Double]) {
        let n = theta.count
        precondition(hasLower.count == n && hasUpper.count == n && xl.count == n && xu.count == n && zl.count == n && zu.count == n)
        hasLower.withUnsafeBufferPointer { hl in hasUpper.withUnsafeBufferPointer { hu in
        xl.withUnsafeBufferPointer { xl in xu.withUnsafeBufferPointer { xu in
        zl.withUnsafeBufferPointer { zl in zu.withUnsafeBufferPointer { zu in
        theta.withUnsafeMutableBufferPointer { th in
            for j in 0..<n {
                var inv = regularization
                if hl[j] { inv += zl[j] / xl[j] }
                if hu[j] { inv += zu[j] / xu[j] }
                th[j] = 1 / inv
            }
        }}}}}}}
    }

    /// Gondzio's targets: the complementarity product `v = (v + αP·dv)·(z + αD·dz)` of a trial step
    /// pushed into `[0.1·t, 10·t]`, the push clipped at `±10·t` (0 where `mask` is false).
    static func centralityTargets(target: Double, mask: [Bool], v: [Double], dv: [Double], z: [Double], dz: [Double],
                                  stepP: Double, stepD: Double, into out: inout [Double]) {
        let n = out.count
        precondition(mask.count == n && v.count == n && dv.count == n && z.count == n && dz.count == n)
        mask.withUnsafeBufferPointer { mask in v.withUnsafeBufferPointer { v in dv.withUnsafeBufferPointer { dv in
        z.withUnsafeBufferPointer { z in dz.withUnsafeBufferPointer { dz in out.withUnsafeMutableBufferPointer { out in
            for j in 0..<n {
                if mask[j] {
                    let p = (v[j] + stepP * dv[j]) * (z[j] + stepD * dz[j])
                    out[j] = max(-10 * target, min(max(p, 0.1 * target), 10 * target) - p)
                } else { out[j] = 0 }
            }
        }}}}}}
    }

    /// `y += a·x` (only where `mask` is true, when given).
    static func add(_ x: [Double], times a: Double = 1, to y: inout [Double], mask: [Bool]? = nil) {
        let n = y.count
        precondition(x.count == n && (mask?.count ?? n) == n)
        x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { y in
            if let mask {
                mask.withUnsafeBufferPointer { mask in
                    for j in 0..<n where mask[j] { y[j] += a * x[j] }
                }
            } else {
                for j in 0..<n { y[j] += a * x[j] }
            }
        }}
    }

    // MARK: - Residuals and measures

    struct Measures {
        var primal: Double, dual: Double, gap: Double, mu: Double, primalObjective: Double, dualObjective: Double
    }

    mutating func computeResiduals() -> Measures {
        let p = problem
        multiplyA(x, into: &work)
        var rpNorm = 0.0
        for i in 0..<m {
            rp[i] = p.b[i] - work[i]
            rpNorm = max(rpNorm, abs(rp[i]))
        }
        var boundNorm = 0.0
        var complementarity = 0.0
        var pairs = 0
        var dualObjective = 0.0
        for i in 0..<m { dualObjective += p.b[i] * y[i] }
        for j in 0..<n {
            if hasLower[j] {
                rl[j] = p.lower[j] - x[j] + xl[j]
                boundNorm = max(boundNorm, abs(rl[j]))
                complementarity += xl[j] * zl[j]
                pairs += 1
                dualObjective += p.lower[j] * zl[j]
            } else { rl[j] = 0 }
            if hasUpper[j] {
                ru[j] = p.upper[j] - x[j] - xu[j]
                boundNorm = max(boundNorm, abs(ru[j]))
                complementarity += xu[j] * zu[j]
                pairs += 1
                dualObjective -= p.upper[j] * zu[j]
            } else { ru[j] = 0 }
        }
        var rdNorm = 0.0
        var primalObjective = 0.0
        let a = p.a
        a.columnStart.withUnsafeBufferPointer { start in
            a.rowIndex.withUnsafeBufferPointer { rows in
                a.values.withUnsafeBufferPointer { vals in
                    y.withUnsafeBufferPointer { w in
                        for j in 0..<n {
                            rd[j] = p.c[j] - columnDot(j, w, start, rows, vals) - zl[j] + zu[j]
                            rdNorm = max(rdNorm, abs(rd[j]))
                            primalObjective += p.c[j] * x[j]
                        }
                    }
                }
            }
        }
        let mu = pairs > 0 ? complementarity / Double(pairs) : 0
        return Measures(
            primal: max(rpNorm / (1 + bNorm), boundNorm / (1 + boundsNorm)),
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
        if n == 0 {
            measures = computeResiduals()
            return result(measures.primal <= options.primalTolerance ? .converged : .diverged)
        }
        guard startingPoint() else { return result(.numericalFailure) }
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
            var largest = 0.0
            for j in 0..<n { largest = max(largest, abs(x[j]), zl[j], zu[j]) }
            for i in 0..<m { largest = max(largest, abs(y[i])) }
            if !largest.isFinite || largest > options.divergenceThreshold * dataSize { return result(.diverged) }
            if iterations >= options.iterationLimit { return result(.iterationLimit) }
            if Date().timeIntervalSinceReferenceDate > deadline { return result(.timeLimit) }
            iterations += 1

            // Scaling matrix Θ and the factorisation.
            Self.scalingMatrix(regularization: regularization, hasLower: hasLower, hasUpper: hasUpper,
                               xl: xl, xu: xu, zl: zl, zu: zu, theta: &theta)
            guard factorNormalMatrix() else { return result(.numericalFailure) }

            // Predictor (affine scaling) direction.
            for j in 0..<n {
                rxzl[j] = hasLower[j] ? -xl[j] * zl[j] : 0
                rxzu[j] = hasUpper[j] ? -xu[j] * zu[j] : 0
            }
            guard solveNewton() else { return result(.numericalFailure) }
            swap(&dx, &dxAff); swap(&dxl, &dxlAff); swap(&dxu, &dxuAff)
            swap(&dy, &dyAff); swap(&dzl, &dzlAff); swap(&dzu, &dzuAff)
            let alphaPAff = min(maxStep(xl, dxlAff, hasLower), maxStep(xu, dxuAff, hasUpper))
            let alphaDAff = min(maxStep(zl, dzlAff, hasLower), maxStep(zu, dzuAff, hasUpper))
            var muAff = 0.0
            var pairs = 0
            for j in 0..<n {
                if hasLower[j] { muAff += (xl[j] + alphaPAff * dxlAff[j]) * (zl[j] + alphaDAff * dzlAff[j]); pairs += 1 }
                if hasUpper[j] { muAff += (xu[j] + alphaPAff * dxuAff[j]) * (zu[j] + alphaDAff * dzuAff[j]); pairs += 1 }
            }
            let mu = measures.mu
            muAff = pairs > 0 ? muAff / Double(pairs) : 0
            let sigma = mu > 0 ? min(1, max(0, pow(muAff / mu, 3))) : 0

            // Corrector (centring and second-order) direction.
            for j in 0..<n {
                rxzl[j] = hasLower[j] ? sigma * mu - xl[j] * zl[j] - dxlAff[j] * dzlAff[j] : 0
                rxzu[j] = hasUpper[j] ? sigma * mu - xu[j] * zu[j] - dxuAff[j] * dzuAff[j] : 0
            }
            guard solveNewton() else { return result(.numericalFailure) }
            var stepP = min(maxStep(xl, dxl, hasLower), maxStep(xu, dxu, hasUpper))
            var stepD = min(maxStep(zl, dzl, hasLower), maxStep(zu, dzu, hasUpper))
            // Gondzio's centrality correctors: push the complementarity products of a longer trial
            // step into [0.1·σμ, 10·σμ]; keep a corrector only if it lengthens the step.
            for _ in 0..<options.centralityCorrectors where min(stepP, stepD) < 1 {
                let trialP = min(1, 1.5 * stepP + 0.1), trialD = min(1, 1.5 * stepD + 0.1)
                let target = sigma * mu
                Self.centralityTargets(target: target, mask: hasLower, v: xl, dv: dxl, z: zl, dz: dzl,
                                       stepP: trialP, stepD: trialD, into: &rxzl)
                Self.centralityTargets(target: target, mask: hasUpper, v: xu, dv: dxu, z: zu, dz: dzu,
                                       stepP: trialP, stepD: trialD, into: &rxzu)
                // Keep the current direction in the (now free) affine arrays.
                swap(&dx, &dxAff); swap(&dxl, &dxlAff); swap(&dxu, &dxuAff)
                swap(&dy, &dyAff); swap(&dzl, &dzlAff); swap(&dzu, &dzuAff)
                guard solveNewton(residuals: false) else { return result(.numericalFailure) }
                Self.add(dxAff, to: &dx); Self.add(dxlAff, to: &dxl); Self.add(dxuAff, to: &dxu)
                Self.add(dzlAff, to: &dzl); Self.add(dzuAff, to: &dzu)
                for i in 0..<m { dy[i] += dyAff[i] }
                let newP = min(maxStep(xl, dxl, hasLower), maxStep(xu, dxu, hasUpper))
                let newD = min(maxStep(zl, dzl, hasLower), maxStep(zu, dzu, hasUpper))
                if newP + newD >= 1.01 * (stepP + stepD) {
                    stepP = newP
                    stepD = newD
                } else {
                    swap(&dx, &dxAff); swap(&dxl, &dxlAff); swap(&dxu, &dxuAff)
                    swap(&dy, &dyAff); swap(&dzl, &dzlAff); swap(&dzu, &dzuAff)
                    break
                }
            }
            let eta = options.stepFraction
            let alphaP = min(1, eta * stepP)
            let alphaD = min(1, eta * stepD)
            Self.add(dx, times: alphaP, to: &x)
            Self.add(dxl, times: alphaP, to: &xl, mask: hasLower); Self.add(dzl, times: alphaD, to: &zl, mask: hasLower)
            Self.add(dxu, times: alphaP, to: &xu, mask: hasUpper); Self.add(dzu, times: alphaD, to: &zu, mask: hasUpper)
            for i in 0..<m { y[i] += alphaD * dy[i] }
            if alphaP < 1e-8 && alphaD < 1e-8 {
                smallSteps += 1
                if smallSteps > 5 { return result(.diverged) }
            } else { smallSteps = 0 }
            regularization = max(regularization * 0.5, options.minimumRegularization)
            dualRegularization = max(dualRegularization * 0.5, options.minimumRegularization)
        }
    }
}
