import Foundation

/// A cutting plane `Σ values[k]·x[columns[k]] ≥ lower`, valid for every integer-feasible point.
struct CutRow: Sendable, Equatable {
    var columns: [Int]
    var values: [Double]
    var lower: Double

    /// `Σ a_k x_k` at `x`.
    func activity(_ x: [Double]) -> Double {
        var s = 0.0
        for (j, a) in zip(columns, values) { s += a * x[j] }
        return s
    }
    /// Euclidean norm of the coefficients.
    var norm: Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    /// Violation at `x` over the norm (the distance from `x` to the cut's hyperplane); negative when
    /// `x` satisfies the cut.
    func efficacy(_ x: [Double]) -> Double { (lower - activity(x)) / max(norm, 1e-300) }
}

/// Separation of cutting planes for a minimisation `BoundedProblem` with integer columns.
///
/// - **Gomory mixed-integer cuts** from the rows of an optimal simplex tableau (`Crossover`'s basis
///   `B` of the computational form `A·x − r = 0`, a logical `r_i` per row). For a basic integer
///   column with fractional value `β` (`f₀ = β − ⌊β⌋`), the tableau row `x_B + Σ_N ᾱ_k x_k = 0`
///   (`ᾱ_k = (B⁻ᵀe_p)ᵀa_k`) is written in the distances `t_k ≥ 0` of the nonbasic variables from
///   their bounds (`x_k = l_k + t_k` or `u_k − t_k`, coefficient `a_k = ±ᾱ_k`): `x_B + Σ a_k t_k = β`.
///   The cut is `Σ g_k t_k ≥ 1` with `g_k = f_k/f₀` (`f_k ≤ f₀`) or `(1 − f_k)/(1 − f₀)` for integer
///   `k` (`f_k` the fractional part of `a_k`), and `a_k/f₀` (`a_k ≥ 0`) or `−a_k/(1 − f₀)` for
///   continuous `k`; it is mapped back to the structural columns (a logical through its row).
///   A logical counts as integer when its row has integer columns with integer coefficients only.
/// - **Lifted knapsack covers** on rows `Σ a_j x_j ≤ b` (a `≥` row negated): negative binary
///   coefficients complemented (`x = 1 − x̄`), non-binary columns put at the bound of least
///   activity (the row relaxed to its binaries). A cover `C` (`Σ_C a_j > b`) found greedily by
///   `(1 − x*_j)/a_j` and made minimal gives `Σ_{E(C)} x_j ≤ |C| − 1`, extended to every binary with
///   `a_j ≥ max_C a`.
/// - **Complemented mixed-integer rounding** (`mixedIntegerRounding`) on rows and on aggregations
///   of up to four rows that eliminate continuous columns (capacity rows through the equality
///   rows that define their columns, as flow covers would).
///
/// Every cut is cleaned before it is returned: coefficients below `1e-9·max|π|` are removed by
/// relaxing the right-hand side over the column's bounds (a cut on an unbounded such column is
/// dropped), cuts whose remaining coefficients span more than `maximumDynamism` are dropped, and the
/// right-hand side is lowered by `1e-9·(1 + |rhs|)` against rounding.
enum CutSeparator {
    static let maximumDynamism = 1e6

    // MARK: - Gomory mixed-integer

    /// GMI cuts from the optimal basis of `crossover` (after a successful `solve`), at most
    /// `limit` of them, most fractional rows first.
    static func gomory(_ crossover: inout Crossover, integer: [Bool], integralRow: [Bool], limit: Int) -> [CutRow] {
        let n = crossover.n, m = crossover.m
        let a = crossover.problem.a
        // Candidate rows: basic integer columns with fractional values.
        var candidates: [(position: Int, fraction: Double)] = []
        for p in 0..<m {
            let k = crossover.basic[p]
            guard k < n, integer[k] else { continue }
            let v = crossover.value[k]
            let f = v - v.rounded(.down)
            if f > 0.005 && f < 0.995 { candidates.append((p, min(f, 1 - f))) }
        }
        candidates.sort { $0.fraction > $1.fraction || ($0.fraction == $1.fraction && $0.position < $1.position) }
        var cuts: [CutRow] = []
        var rho = [Double](repeating: 0, count: m)
        var dense = [Double](repeating: 0, count: n)
        let rows = SparseRows(a)
        for (p, _) in candidates.prefix(limit) {
            for i in 0..<m { rho[i] = 0 }
            rho[p] = 1
            crossover.factor.btran(&rho)
            let beta = crossover.value[crossover.basic[p]]
            let f0 = beta - beta.rounded(.down)
            for j in 0..<n { dense[j] = 0 }
            var rhs = 1.0
            var usable = true
            func term(_ alphaBar: Double, isInteger: Bool, atLower: Bool) -> Double {
                var ak = atLower ? alphaBar : -alphaBar
                let nearest = ak.rounded()
                if abs(ak - nearest) <= 1e-10 * max(1, abs(ak)) { ak = nearest }
                if isInteger {
                    let fk = ak - ak.rounded(.down)
                    return fk <= f0 ? fk / f0 : (1 - fk) / (1 - f0)
                }
                return ak >= 0 ? ak / f0 : -ak / (1 - f0)
            }
            for k in 0..<(n + m) where crossover.positionOf[k] < 0 {
                let l = crossover.lower[k], u = crossover.upper[k]
                if l == u { continue }
                var alphaBar = 0.0
                if k < n {
                    for q in a.columnStart[k]..<a.columnStart[k + 1] { alphaBar += rho[a.rowIndex[q]] * a.values[q] }
                } else {
                    alphaBar = -rho[k - n]
                }
                if abs(alphaBar) <= 1e-11 { continue }
                let v = crossover.value[k]
                let atLower: Bool
                if l.isFinite && v == l { atLower = true } else if u.isFinite && v == u { atLower = false } else { usable = false; break }
                let bound = atLower ? l : u
                let isInteger = (k < n ? integer[k] : integralRow[k - n]) && bound == bound.rounded()
                let g = term(alphaBar, isInteger: isInteger, atLower: atLower)
                if g == 0 { continue }
                // t = x − l (at lower) or u − x (at upper); a logical is its row's activity.
                let sign: Double = atLower ? 1 : -1
                rhs += sign * g * bound
                if k < n {
                    dense[k] += sign * g
                } else {
                    let i = k - n
                    for q in rows.start[i]..<rows.start[i + 1] { dense[rows.column[q]] += sign * g * rows.value[q] }
                }
            }
            guard usable else { continue }
            if let cut = clean(dense: dense, lower: rhs, bounds: (crossover.problem.lower, crossover.problem.upper)) {
                cuts.append(cut)
            }
        }
        return cuts
    }

    /// Whether each row has only integer columns with integral coefficients and integral finite sides.
    static func integralRows(_ p: BoundedProblem, integer: [Bool]) -> [Bool] {
        var integral = (0..<p.a.rows).map { i in
            (!p.rowLower[i].isFinite || p.rowLower[i] == p.rowLower[i].rounded())
                && (!p.rowUpper[i].isFinite || p.rowUpper[i] == p.rowUpper[i].rounded())
        }
        for j in 0..<p.a.columns {
            for q in p.a.columnStart[j]..<p.a.columnStart[j + 1] where !integer[j] || p.a.values[q] != p.a.values[q].rounded() {
                integral[p.a.rowIndex[q]] = false
            }
        }
        return integral
    }

    // MARK: - Knapsack covers

    /// Lifted cover cuts violated at `x` from the first `rowLimit` rows of `p`.
    static func knapsackCovers(_ p: BoundedProblem, integer: [Bool], x: [Double], rowLimit: Int) -> [CutRow] {
        let rows = SparseRows(p.a)
        var cuts: [CutRow] = []
        let isBinary = (0..<p.a.columns).map { integer[$0] && p.lower[$0] == 0 && p.upper[$0] == 1 }
        for i in 0..<min(rowLimit, p.a.rows) {
            for s in [1.0, -1.0] {
                let side = s > 0 ? p.rowUpper[i] : -p.rowLower[i]
                guard side.isFinite else { continue }
                var b = side
                // Items: (column, weight > 0, complemented, value of the item at x).
                var items: [(column: Int, weight: Double, complemented: Bool, value: Double)] = []
                var relaxable = true
                for q in rows.start[i]..<rows.start[i + 1] {
                    let j = rows.column[q], a = s * rows.value[q]
                    if isBinary[j] {
                        if a > 0 { items.append((j, a, false, x[j])) } else { items.append((j, -a, true, 1 - x[j])); b -= a }
                    } else {
                        let least = a > 0 ? a * p.lower[j] : a * p.upper[j]
                        guard least.isFinite else { relaxable = false; break }
                        b -= least
                    }
                }
                guard relaxable, items.count >= 2 else { continue }
                let total = items.reduce(0) { $0 + $1.weight }
                let margin = 1e-7 * max(1, abs(b))
                guard total > b + margin, b >= 0 else { continue }
                // Greedy cover: items nearest to 1 per weight first.
                let order = items.indices.sorted {
                    let ka = (1 - items[$0].value) / items[$0].weight, kb = (1 - items[$1].value) / items[$1].weight
                    return ka < kb || (ka == kb && $0 < $1)
                }
                var cover: [Int] = []
                var weight = 0.0
                for t in order {
                    cover.append(t); weight += items[t].weight
                    if weight > b + margin { break }
                }
                guard weight > b + margin else { continue }
                // Minimal: drop the items of least value while a cover remains.
                for t in cover.sorted(by: { items[$0].value < items[$1].value || (items[$0].value == items[$1].value && $0 < $1) }) {
                    if weight - items[t].weight > b + margin, cover.count > 2 {
                        weight -= items[t].weight
                        cover.removeAll { $0 == t }
                    }
                }
                let size = Double(cover.count)
                let coverValue = cover.reduce(0) { $0 + items[$1].value }
                guard coverValue > size - 1 + 1e-6 else { continue }
                let heaviest = cover.map { items[$0].weight }.max() ?? 0
                var members = Set(cover)
                for t in items.indices where items[t].weight >= heaviest { members.insert(t) }
                // Σ_E z ≤ |C| − 1 as −Σ_E z ≥ 1 − |C|, z = x or 1 − x.
                var dense: [Int: Double] = [:]
                var lower = 1 - size
                for t in members.sorted() {
                    if items[t].complemented { dense[items[t].column, default: 0] += 1; lower += 1 } else { dense[items[t].column, default: 0] -= 1 }
                }
                let columns = dense.keys.sorted().filter { dense[$0] != 0 }
                cuts.append(CutRow(columns: columns, values: columns.map { dense[$0] ?? 0 }, lower: lower))
            }
        }
        return cuts
    }

    // MARK: - Complemented mixed-integer rounding

    /// c-MIR cuts violated at `x` from the first `rowLimit` rows of `p`, each alone and aggregated
    /// with up to `maximumAggregation` further rows (Marchand–Wolsey):
    ///
    /// 1. Aggregation: the base inequality `Σ a_j x_j ≤ b` (a row side; an equality gives both) has a
    ///    continuous column strictly inside its bounds (the one farthest from them) eliminated by
    ///    adding a multiple of another row containing it (an inequality only with the sign that keeps
    ///    `≤`).
    /// 2. Bound substitution: a continuous column becomes `s = x − l` or `u − x` (the nearer bound),
    ///    an integer one `x̄ = x − l` or `u − x` (complemented when nearer its upper bound), so all are
    ///    non-negative; `Σ ã_j x̄_j + Σ c_k s_k ≤ β`.
    /// 3. Rounding with divisor `δ` (the integer columns' `|ã_j|` with `x̄*_j` inside its bounds, then
    ///    `δ/2, δ/4, δ/8` of the best): with `f₀ = frac(β/δ)`, the cut
    ///    `Σ (⌊ã_j/δ⌋ + max(0, f_j − f₀)/(1 − f₀)) x̄_j + Σ_{c_k<0} c_k/(δ(1 − f₀)) s_k ≤ ⌊β/δ⌋` is valid
    ///    (continuous terms with `c_k > 0` are dropped, which relaxes the inequality); the most efficacious one
    ///    is mapped back to `x`.
    static func mixedIntegerRounding(_ p: BoundedProblem, integer: [Bool], x: [Double], rowLimit: Int,
                                     maximumAggregation: Int = 3) -> [CutRow] {
        let rows = SparseRows(p.a)
        var cuts: [CutRow] = []
        func distance(_ j: Int) -> Double {
            min(x[j] - p.lower[j], p.upper[j] - x[j])
        }
        for start in 0..<min(rowLimit, p.a.rows) {
            for s in [1.0, -1.0] {
                let side = s > 0 ? p.rowUpper[start] : -p.rowLower[start]
                guard side.isFinite else { continue }
                var aggregate: [Int: Double] = [:]
                for q in rows.start[start]..<rows.start[start + 1] { aggregate[rows.column[q], default: 0] += s * rows.value[q] }
                var b = side
                var used: Set<Int> = [start]
                for level in 0...maximumAggregation {
                    if let cut = roundedCut(aggregate, b, p: p, integer: integer, x: x), cut.efficacy(x) >= RootCuts.minimumEfficacy {
                        cuts.append(cut)
                        break
                    }
                    guard level < maximumAggregation else { break }
                    // The continuous column farthest inside its bounds, and a row to eliminate it with.
                    var best = -1, bestDistance = 1e-6
                    for j in aggregate.keys.sorted() where !integer[j] && aggregate[j] != 0 {
                        let d = distance(j)
                        if d > bestDistance { best = j; bestDistance = d }
                    }
                    guard best >= 0, let coefficient = aggregate[best] else { break }
                    var chosen: (row: Int, multiplier: Double, side: Double)? = nil
                    for q in p.a.columnStart[best]..<p.a.columnStart[best + 1] {
                        let r = p.a.rowIndex[q]
                        guard r < rowLimit, !used.contains(r) else { continue }
                        let lambda = -coefficient / p.a.values[q]
                        // λ·row ≤ λ·side needs the row's upper side for λ > 0, its lower side for λ < 0.
                        let rowSide = lambda > 0 ? p.rowUpper[r] : p.rowLower[r]
                        guard rowSide.isFinite else { continue }
                        chosen = (r, lambda, rowSide)
                        break
                    }
                    guard let (r, lambda, rowSide) = chosen else { break }
                    used.insert(r)
                    for q in rows.start[r]..<rows.start[r + 1] { aggregate[rows.column[q], default: 0] += lambda * rows.value[q] }
                    aggregate[best] = 0
                    b += lambda * rowSide
                    guard b.isFinite else { break }
                }
            }
        }
        return cuts
    }

    /// Steps 2 and 3 of `mixedIntegerRounding` on `Σ aggregate_j x_j ≤ b`: the most efficacious
    /// rounded cut at `x` as a `≥` row, or nil.
    static func roundedCut(_ aggregate: [Int: Double], _ b: Double, p: BoundedProblem, integer: [Bool], x: [Double]) -> CutRow? {
        struct Term { var column: Int; var coefficient: Double; var complemented: Bool; var bound: Double; var value: Double; var isInteger: Bool; var width: Double }
        var terms: [Term] = []
        var beta = b
        var largest = 0.0
        for j in aggregate.keys.sorted() {
            guard let a = aggregate[j], a != 0 else { continue }
            largest = max(largest, abs(a))
            let l = p.lower[j], u = p.upper[j]
            let useUpper: Bool
            if integer[j] {
                if l.isFinite && u.isFinite { useUpper = x[j] > (l + u) / 2 } else if l.isFinite { useUpper = false } else if u.isFinite { useUpper = true } else { return nil }
            } else {
                if l.isFinite && u.isFinite { useUpper = u - x[j] < x[j] - l } else if l.isFinite { useUpper = false } else if u.isFinite { useUpper = true } else { return nil }
            }
            let bound = useUpper ? u : l
            beta -= a * bound
            terms.append(Term(column: j, coefficient: useUpper ? -a : a, complemented: useUpper, bound: bound,
                              value: useUpper ? u - x[j] : x[j] - l, isInteger: integer[j], width: u - l))
        }
        guard largest > 0, beta.isFinite else { return nil }
        // Divisors: integer coefficients of columns strictly inside their bounds.
        var divisors: [Double] = []
        for t in terms where t.isInteger && t.value > 1e-6 && t.value < t.width - 1e-6 && abs(t.coefficient) > 1e-9 * largest {
            let d = abs(t.coefficient)
            if !divisors.contains(where: { abs($0 - d) <= 1e-12 * d }) { divisors.append(d) }
            if divisors.count >= 8 { break }
        }
        guard !divisors.isEmpty else { return nil }
        func cut(_ delta: Double) -> CutRow? {
            let scaled = beta / delta
            let f0 = scaled - scaled.rounded(.down)
            guard f0 >= 0.01, f0 <= 0.99, abs(scaled) < 1e9 else { return nil }
            var dense: [Int: Double] = [:]
            var rhs = scaled.rounded(.down)
            for t in terms {
                let g: Double
                if t.isInteger {
                    let q = t.coefficient / delta
                    let fj = q - q.rounded(.down)
                    g = q.rounded(.down) + max(0, fj - f0) / (1 - f0)
                } else {
                    g = t.coefficient < 0 ? t.coefficient / (delta * (1 - f0)) : 0
                }
                if g == 0 { continue }
                // x̄ = x − l  or  u − x.
                if t.complemented { dense[t.column, default: 0] -= g; rhs -= g * t.bound } else { dense[t.column, default: 0] += g; rhs += g * t.bound }
            }
            // Σ π x ≤ rhs as −Σ π x ≥ −rhs.
            var full = [Double](repeating: 0, count: p.a.columns)
            for (j, v) in dense where v != 0 { full[j] = -v }
            return clean(dense: full, lower: -rhs, bounds: (p.lower, p.upper))
        }
        var best: (CutRow, Double, Double)? = nil
        for delta in divisors {
            if let c = cut(delta) {
                let e = c.efficacy(x)
                if e > (best?.1 ?? -.infinity) { best = (c, e, delta) }
            }
        }
        guard let found = best else { return nil }
        var result = found
        for k in 1...3 {
            let delta = found.2 / Double(1 << k)
            if let c = cut(delta) {
                let e = c.efficacy(x)
                if e > result.1 { result = (c, e, delta) }
            }
        }
        return result.0
    }

    // MARK: - Cleaning

    /// A cut from a dense coefficient vector: tiny coefficients relaxed away over the bounds, the
    /// dynamism checked, the right-hand side lowered against rounding; nil when unusable.
    static func clean(dense: [Double], lower: Double, bounds: (lower: [Double], upper: [Double])) -> CutRow? {
        var largest = 0.0
        for v in dense { largest = max(largest, abs(v)) }
        guard largest > 0, largest.isFinite, lower.isFinite else { return nil }
        var rhs = lower
        var columns: [Int] = [], values: [Double] = []
        var smallest = Double.infinity
        for (j, v) in dense.enumerated() where v != 0 {
            if abs(v) < 1e-9 * largest {
                // Σ_others ≥ rhs − v·x_j ≥ rhs − max over the bounds of v·x_j.
                let most = v > 0 ? v * bounds.upper[j] : v * bounds.lower[j]
                guard most.isFinite else { return nil }
                rhs -= most
                continue
            }
            columns.append(j); values.append(v)
            smallest = min(smallest, abs(v))
        }
        guard !columns.isEmpty, largest / smallest <= maximumDynamism else { return nil }
        rhs -= 1e-9 * (1 + abs(rhs))
        return CutRow(columns: columns, values: values, lower: rhs)
    }
}

/// The root cut loop of branch and bound: rounds of separation (GMI from the crossover basis of the
/// root LP, knapsack covers, c-MIR), each adding the cuts violated by at least `minimumEfficacy` (distance
/// of the LP point from the cut) and not nearly parallel (cosine above `maximumParallelism`) to one
/// already taken, then re-solving the LP; it stops when a round raises the bound by less than
/// `1e-7·(1 + |bound|)`, finds no cut, or after `SolverOptions.cutRounds` rounds. Cuts not tight at
/// the last LP are removed again, so the node LPs stay small.
struct RootCuts {
    /// The problem with the kept cuts appended as `≥` rows after the input's rows.
    var problem: BoundedProblem
    /// LP bound (minimisation objective with offset) before and after the cuts; nil when the root LP
    /// did not solve to optimality (then no cuts were added).
    var boundBefore: Double?
    var boundAfter: Double?
    var rounds = 0
    var cutsFound = 0
    var cutsKept = 0
    var iterations = 0
    /// Every cut added over the rounds (the kept ones among them), for checks.
    var added: [CutRow] = []
    /// The root LP's solution when it is already integral (every integer column within
    /// `SolverOptions.integralityTolerance` of an integer): no round is run, `problem` is the input,
    /// and branch and bound takes this as its root node's LP instead of solving it again.
    var integralRoot: BoundedSolve?

    static let minimumEfficacy = 1e-5
    static let maximumParallelism = 0.999

    init(_ input: BoundedProblem, integer: [Bool], options: SolverOptions, deadline: Double) {
        problem = input
        guard options.cutRounds > 0 else { return }
        var lpOptions = options
        lpOptions.log = false
        let m0 = input.a.rows
        var lp = LPSolver.solveBounded(input, options: lpOptions, deadline: deadline)
        iterations += lp.iterations
        guard lp.status == .optimal else { return }
        func value(_ x: [Double]) -> Double {
            var s = input.offset
            for j in 0..<x.count { s += input.c[j] * x[j] }
            return s
        }
        var bound = value(lp.x)
        boundBefore = bound
        boundAfter = bound
        let integralityTolerance = options.integralityTolerance
        if zip(lp.x, integer).allSatisfy({ x, isInteger in !isInteger || abs(x - x.rounded()) <= integralityTolerance }) {
            integralRoot = lp
            return
        }
        var cuts: [CutRow] = []
        var current = input
        var point = lp.x
        for _ in 0..<options.cutRounds {
            if Date().timeIntervalSinceReferenceDate > deadline { break }
            var candidates: [CutRow] = []
            var crossover = Crossover(problem: current, options: options.crossoverOptions, deadline: deadline)
            let crossed = crossover.solve(x: lp.x, z: lp.z)
            if crossed.summary.outcome == .optimal {
                point = crossed.x
                let integral = CutSeparator.integralRows(current, integer: integer)
                candidates += CutSeparator.gomory(&crossover, integer: integer, integralRow: integral,
                                                  limit: max(10, 2 * input.a.rows))
            } else {
                point = lp.x
            }
            let gomoryCount = candidates.count
            candidates += CutSeparator.knapsackCovers(current, integer: integer, x: point, rowLimit: m0)
            let coverCount = candidates.count - gomoryCount
            candidates += CutSeparator.mixedIntegerRounding(current, integer: integer, x: point, rowLimit: m0)
            let selected = Self.select(candidates, at: point, limit: max(10, input.a.rows))
            if options.log {
                FileHandle.standardError.write(Data(("cut round \(rounds + 1): crossover \(crossed.summary.outcome.rawValue), \(gomoryCount) Gomory, \(coverCount) cover and \(candidates.count - gomoryCount - coverCount) c-MIR candidates, \(selected.count) selected, bound \(bound)\n").utf8))
            }
            cutsFound += selected.count
            guard !selected.isEmpty else { break }
            let next = Self.appending(selected, to: current)
            let solved = LPSolver.solveBounded(next, options: lpOptions, deadline: deadline)
            iterations += solved.iterations
            guard solved.status == .optimal else { break }
            rounds += 1
            cuts += selected
            current = next
            lp = solved
            let newBound = value(lp.x)
            let gain = newBound - bound
            bound = max(bound, newBound)
            if gain < 1e-7 * (1 + abs(bound)) { break }
        }
        boundAfter = bound
        added = cuts
        // Keep the cuts tight at the last LP.
        let kept = cuts.filter { cut in
            let slack = cut.activity(lp.x) - cut.lower
            return slack <= 1e-6 * (1 + abs(cut.lower))
        }
        cutsKept = kept.count
        problem = Self.appending(kept, to: input)
    }

    /// The violated candidates by decreasing efficacy, skipping near-parallel ones, at most `limit`.
    static func select(_ candidates: [CutRow], at x: [Double], limit: Int) -> [CutRow] {
        let scored = candidates.map { ($0, $0.efficacy(x)) }.filter { $0.1 >= minimumEfficacy }
        let order = scored.indices.sorted { scored[$0].1 > scored[$1].1 || (scored[$0].1 == scored[$1].1 && $0 < $1) }
        var taken: [CutRow] = []
        var dense: [[Int: Double]] = []
        for t in order {
            let cut = scored[t].0
            let norm = cut.norm
            var parallel = false
            for (other, map) in zip(taken, dense) {
                var dot = 0.0
                for (j, v) in zip(cut.columns, cut.values) { dot += v * (map[j] ?? 0) }
                if abs(dot) / (norm * other.norm) > maximumParallelism { parallel = true; break }
            }
            if parallel { continue }
            taken.append(cut)
            dense.append(Dictionary(uniqueKeysWithValues: zip(cut.columns, cut.values)))
            if taken.count >= limit { break }
        }
        return taken
    }

    /// `p` with the cuts appended as rows `lower ≤ Σ a x ≤ ∞`.
    static func appending(_ cuts: [CutRow], to p: BoundedProblem) -> BoundedProblem {
        guard !cuts.isEmpty else { return p }
        var rowList = [Int](), columnList = [Int](), valueList = [Double]()
        for j in 0..<p.a.columns {
            for q in p.a.columnStart[j]..<p.a.columnStart[j + 1] {
                rowList.append(p.a.rowIndex[q]); columnList.append(j); valueList.append(p.a.values[q])
            }
        }
        for (r, cut) in cuts.enumerated() {
            for (j, v) in zip(cut.columns, cut.values) {
                rowList.append(p.a.rows + r); columnList.append(j); valueList.append(v)
            }
        }
        var out = p
        out.a = SparseMatrix(rows: p.a.rows + cuts.count, columns: p.a.columns, triplets: rowList, columnList, valueList)
        out.rowLower = p.rowLower + cuts.map(\.lower)
        out.rowUpper = p.rowUpper + [Double](repeating: .infinity, count: cuts.count)
        return out
    }
}
