import Foundation
import HeapModule

/// Branch and bound over LP relaxations solved by the interior-point method.
///
/// - Before the root: `IntegerPresolve` (integer bound and coefficient tightening, probing) and
///   `RootCuts` (rounds of Gomory mixed-integer and knapsack cover cuts, the tight ones kept as rows);
///   the nodes solve that strengthened problem, whose columns are the model's, and the solution
///   reports the model's rows only (`Solution.root` says what was done).
/// - Node selection: depth first (the branch the LP leans to first) until an incumbent exists,
///   then best bound.
/// - At each node: domain propagation on the rows tightens integer bounds (or proves the node
///   infeasible without an LP), then the LP relaxation is solved. The root LP is solved by the
///   interior point and crossed over to an optimal basis; every other node is warm started: the
///   bounded dual simplex (`DualSimplex`) runs from the optimal basis of its parent (a child differs
///   by bounds only, so that basis stays dual feasible). A node whose dual simplex does not end
///   optimal or infeasible is solved from scratch by the interior point (and crossed over, to give
///   its children a basis). `SolverOptions.warmStartNodes` off solves every node from scratch.
/// - Branching: pseudo-costs (objective change per unit of rounding, learnt from solved children;
///   product score), most-fractional while a variable has no history.
/// - Reduced-cost fixing: with an incumbent `U`, an LP value `v` and reduced cost `d_j > 0` at the
///   lower bound, `x_j ≤ l_j + ⌊(U − v)/d_j⌋` holds in the subtree (symmetrically at the upper bound).
/// - Incumbents: integral LP solutions, and a rounding heuristic (round, fix, solve the LP over the
///   continuous variables).
/// - Pruning: a node whose bound is not better than the incumbent by the gap tolerance is dropped;
///   when every objective coefficient is on an integer variable and integral, bounds are rounded up.
enum BranchAndBound {
    /// A subproblem: bounds of every variable, and the LP value of its parent (a valid lower bound).
    struct Node: Comparable {
        var bound: Double
        var depth: Int
        var lower: [Double]
        var upper: [Double]
        /// The branching that created this node, for the pseudo-cost update.
        var branchVariable = -1
        var branchUp = false
        var branchDistance = 0.0
        /// Optimal basis of the parent's LP (the dual simplex starts from it); nil at the root.
        var basis: Basis? = nil
        static func < (a: Node, b: Node) -> Bool { a.bound < b.bound || (a.bound == b.bound && a.depth > b.depth) }
        static func == (a: Node, b: Node) -> Bool { a.bound == b.bound && a.depth == b.depth }
    }

    /// Learnt objective change per unit of rounding down and up, per variable.
    struct PseudoCosts {
        var downSum: [Double], downCount: [Int], upSum: [Double], upCount: [Int]
        init(_ n: Int) {
            downSum = [Double](repeating: 0, count: n); upSum = downSum
            downCount = [Int](repeating: 0, count: n); upCount = downCount
        }
        mutating func record(_ j: Int, up: Bool, gainPerUnit: Double) {
            if up { upSum[j] += gainPerUnit; upCount[j] += 1 } else { downSum[j] += gainPerUnit; downCount[j] += 1 }
        }
        func score(_ j: Int, fraction f: Double, averageDown: Double, averageUp: Double) -> Double {
            let down = (downCount[j] > 0 ? downSum[j] / Double(downCount[j]) : averageDown) * f
            let up = (upCount[j] > 0 ? upSum[j] / Double(upCount[j]) : averageUp) * (1 - f)
            return max(down, 1e-6) * max(up, 1e-6)
        }
        var averages: (down: Double, up: Double) {
            let dc = downCount.reduce(0, +), uc = upCount.reduce(0, +)
            return (dc > 0 ? downSum.reduce(0, +) / Double(dc) : 1, uc > 0 ? upSum.reduce(0, +) / Double(uc) : 1)
        }
    }

    static func solve(_ model: LinearModel, options: SolverOptions) -> Solution {
        let started = Date().timeIntervalSinceReferenceDate
        let deadline = started + options.timeLimit
        let original = LPSolver.boundedProblem(model)
        let integer = model.variables.map(\.isInteger)
        let n = model.variableCount
        // Before the root: integer presolve, then rounds of cuts at the root; the nodes solve the
        // strengthened problem (same columns; the cuts are rows after the model's).
        var root = RootSummary()
        var strengthened = original
        if options.integerPresolve {
            let presolve = IntegerPresolve(original, integer: integer)
            guard presolve.feasible else {
                var s = Solution(status: .infeasible, seconds: Date().timeIntervalSinceReferenceDate - started)
                s.root = root
                return s
            }
            strengthened = presolve.problem
            root.tightenedBounds = presolve.tightenedBounds
            root.tightenedCoefficients = presolve.tightenedCoefficients
            root.probingFixings = presolve.probingFixings
        }
        var rootIterations = 0
        var integralRoot: BoundedSolve? = nil
        if options.cutRounds > 0 {
            let cuts = RootCuts(strengthened, integer: integer, options: options, deadline: deadline)
            strengthened = cuts.problem
            let sense: Double = model.sense == .maximize ? -1 : 1
            root.lpBound = cuts.boundBefore.map { sense * $0 } ?? .nan
            root.cutBound = cuts.boundAfter.map { sense * $0 } ?? .nan
            root.cutRounds = cuts.rounds
            root.cutsAdded = cuts.cutsFound
            root.cutsKept = cuts.cutsKept
            rootIterations = cuts.iterations
            integralRoot = cuts.integralRoot
            if options.log {
                FileHandle.standardError.write(Data(("root: bounds \(root.tightenedBounds), coefficients \(root.tightenedCoefficients), probing \(root.probingFixings); LP \(root.lpBound) -> \(root.cutBound) after \(root.cutRounds) rounds, \(root.cutsKept) of \(root.cutsAdded) cuts kept\n").utf8))
            }
        }
        let base = strengthened
        let propagation = BoundPropagation(base, integer: integer)
        // Integral objective: every cost on integer variables and integral.
        let integralObjective = (0..<n).allSatisfy { j in
            base.c[j] == 0 || (integer[j] && base.c[j] == base.c[j].rounded())
        } && base.offset == base.offset.rounded()

        var lower = base.lower, upper = base.upper
        for j in 0..<n where integer[j] {
            lower[j] = lower[j].rounded(.up)
            upper[j] = upper[j].rounded(.down)
        }
        var incumbent: [Double]? = nil
        var incumbentValue = Double.infinity   // minimisation objective including offset
        var incumbentSolve: BoundedSolve? = nil
        var iterations = rootIterations
        var nodes = 0
        var stack: [Node] = [Node(bound: -.infinity, depth: 0, lower: lower, upper: upper)]
        var heap = Heap<Node>()
        var status = SolveStatus.optimal
        var rootStatus: SolveStatus? = nil
        var pseudoCosts = PseudoCosts(n)
        var unresolvedNodes = 0

        func objective(_ x: [Double]) -> Double {
            var s = base.offset
            for j in 0..<n { s += base.c[j] * x[j] }
            return s
        }
        func pruneLimit() -> Double {
            guard incumbentValue.isFinite else { return .infinity }
            return incumbentValue - options.relativeGapTolerance * max(1, abs(incumbentValue))
        }
        func roundedBound(_ b: Double) -> Double {
            integralObjective ? (b - 1e-6 * max(1, abs(b))).rounded(.up) : b
        }
        func log(_ text: @autoclosure () -> String) {
            if options.log { FileHandle.standardError.write(Data((text() + "\n").utf8)) }
        }
        var lpOptions = options
        lpOptions.log = false
        var warmStarts = WarmStartCounts()

        while true {
            var node: Node
            if let top = stack.popLast() {
                node = top
            } else if let best = heap.popMin() {
                node = best
            } else { break }
            if roundedBound(node.bound) > pruneLimit() { continue }
            if nodes >= options.nodeLimit { status = .iterationLimit; heap.insert(node); break }
            if Date().timeIntervalSinceReferenceDate > deadline { status = .timeLimit; heap.insert(node); break }
            nodes += 1
            guard propagation.propagate(lower: &node.lower, upper: &node.upper) else { continue }
            var problem = base
            problem.lower = node.lower
            problem.upper = node.upper
            let (lp, lpBasis): (BoundedSolve, Basis?)
            if nodes == 1, let solve = integralRoot, (0..<n).allSatisfy({ j in
                solve.x[j] >= node.lower[j] - options.primalTolerance && solve.x[j] <= node.upper[j] + options.primalTolerance
            }) {
                // The root LP `RootCuts` already solved integral is not solved again (its point is
                // integer feasible, so it satisfies the bounds propagation derived; checked anyway).
                (lp, lpBasis) = crossedOver(problem, solve, options: lpOptions, deadline: deadline)
            } else {
                (lp, lpBasis) = solveNode(problem, from: node.basis, options: lpOptions, deadline: deadline,
                                          counts: &warmStarts)
                iterations += lp.iterations
            }
            if nodes == 1 { rootStatus = lp.status }
            if lp.status == .unbounded && nodes == 1 {
                status = .unbounded
                break
            }
            // A node LP that stalled near its optimum still gives a point; its value, lowered by the
            // accepted tolerance, serves as the node's bound.
            let approximate = lp.status == .numericalFailure && !lp.x.isEmpty
            guard lp.status == .optimal || approximate else {
                if lp.status == .timeLimit { status = .timeLimit; break }
                if lp.status == .infeasible { continue }
                if nodes == 1 { status = lp.status; break }
                // A subtree that could not be bounded: the result can no longer be proven optimal.
                log("node \(nodes) depth \(node.depth): LP \(lp.status) without a point; subtree unresolved")
                unresolvedNodes += 1
                continue
            }
            let exactValue = objective(lp.x)
            let value = approximate ? exactValue - options.acceptableTolerance * (1 + abs(exactValue)) : exactValue
            if node.branchVariable >= 0 && node.bound.isFinite {
                pseudoCosts.record(node.branchVariable, up: node.branchUp,
                                   gainPerUnit: max(0, value - node.bound) / max(node.branchDistance, 1e-6))
            }
            log("node \(nodes) depth \(node.depth) lp \(value) incumbent \(incumbentValue) open \(stack.count + heap.count)")
            if roundedBound(value) > pruneLimit() { continue }
            // Reduced-cost fixing.
            if incumbentValue.isFinite {
                let room = incumbentValue - value
                for j in 0..<n where integer[j] && node.lower[j] < node.upper[j] {
                    let d = lp.z[j]
                    if d > 1e-9 {
                        let u = node.lower[j] + ((room / d) + 1e-6).rounded(.down)
                        if u < node.upper[j] { node.upper[j] = max(u, node.lower[j]) }
                    } else if d < -1e-9 {
                        let l = node.upper[j] - ((room / -d) + 1e-6).rounded(.down)
                        if l > node.lower[j] { node.lower[j] = min(l, node.upper[j]) }
                    }
                }
            }
            // Branching candidate by pseudo-cost score.
            var branch = -1
            var bestScore = -1.0
            let averages = pseudoCosts.averages
            for j in 0..<n where integer[j] {
                let f = lp.x[j] - lp.x[j].rounded(.down)
                guard min(f, 1 - f) > options.integralityTolerance else { continue }
                let score = pseudoCosts.score(j, fraction: f, averageDown: averages.down, averageUp: averages.up)
                if score > bestScore { bestScore = score; branch = j }
            }
            if branch < 0 {
                if exactValue < incumbentValue {
                    incumbentValue = exactValue
                    incumbent = (0..<n).map { integer[$0] ? lp.x[$0].rounded() : lp.x[$0] }
                    incumbentSolve = lp
                    log("incumbent \(value) (LP solution) at node \(nodes)")
                }
                continue
            }
            // Rounding heuristic.
            if let (x, s) = roundingHeuristic(base, lp.x, integer, node, lpBasis, propagation, lpOptions, deadline,
                                              counts: &warmStarts) {
                iterations += s.iterations
                let v = objective(x)
                if v < incumbentValue {
                    incumbentValue = v
                    incumbent = x
                    incumbentSolve = s
                    log("incumbent \(v) (rounding) at node \(nodes)")
                }
            }
            let xj = lp.x[branch]
            let fraction = xj - xj.rounded(.down)
            var down = Node(bound: value, depth: node.depth + 1, lower: node.lower, upper: node.upper,
                            branchVariable: branch, branchUp: false, branchDistance: fraction)
            down.upper[branch] = xj.rounded(.down)
            var up = Node(bound: value, depth: node.depth + 1, lower: node.lower, upper: node.upper,
                          branchVariable: branch, branchUp: true, branchDistance: 1 - fraction)
            up.lower[branch] = xj.rounded(.up)
            down.basis = lpBasis
            up.basis = lpBasis
            if incumbent == nil {
                // Dive first into the side the LP leans to.
                if fraction >= 0.5 { stack.append(down); stack.append(up) } else { stack.append(up); stack.append(down) }
            } else {
                for pending in stack { heap.insert(pending) }
                stack.removeAll()
                heap.insert(down)
                heap.insert(up)
            }
        }
        let seconds = Date().timeIntervalSinceReferenceDate - started
        log("warm starts: \(warmStarts.solved) node LPs by the dual simplex (\(warmStarts.pivots) iterations), "
            + "\(warmStarts.fallbacks) fell back to the interior point")
        let sign: Double = model.sense == .maximize ? -1 : 1
        guard let x = incumbent, var dressed = incumbentSolve else {
            var s = Solution(status: status == .optimal ? (unresolvedNodes > 0 ? .numericalFailure : .infeasible) : status,
                             iterations: iterations, seconds: seconds, nodes: nodes)
            if rootStatus == .unbounded { s.status = .unbounded }
            s.root = root
            return s
        }
        dressed.x = x
        // The model's rows only (the cut rows' duals are dropped).
        dressed.y = Array(dressed.y.prefix(original.a.rows))
        var s = LPSolver.solution(model, original, dressed, seconds: seconds, nodes: nodes)
        s.root = root
        s.iterations = iterations
        s.objective = model.objectiveValue(x)
        var bound = incumbentValue
        for pending in stack { bound = min(bound, roundedBound(pending.bound)) }
        if let best = heap.min { bound = min(bound, roundedBound(best.bound)) }
        s.bound = sign * bound
        s.gap = abs(incumbentValue - bound) / max(1, abs(incumbentValue))
        s.status = status
        if status == .optimal && unresolvedNodes > 0 { s.status = .numericalFailure }
        return s
    }

    /// Rounds the integer variables of `x`, fixes them, and solves the LP over the rest; returns the
    /// point when it is feasible.
    static func roundingHeuristic(_ base: BoundedProblem, _ x: [Double], _ integer: [Bool], _ node: Node,
                                  _ basis: Basis?, _ propagation: BoundPropagation,
                                  _ options: SolverOptions, _ deadline: Double,
                                  counts: inout WarmStartCounts) -> ([Double], BoundedSolve)? {
        var problem = base
        problem.lower = node.lower
        problem.upper = node.upper
        for j in 0..<x.count where integer[j] {
            let v = min(max(x[j].rounded(), node.lower[j]), node.upper[j])
            problem.lower[j] = v
            problem.upper[j] = v
        }
        guard propagation.propagate(lower: &problem.lower, upper: &problem.upper, passes: 1) else { return nil }
        let s = warmSolve(problem, from: basis, options: options, deadline: deadline, counts: &counts)
            ?? LPSolver.solveBounded(problem, options: options, deadline: deadline)
        guard s.status == .optimal else { return nil }
        return (s.x, s)
    }

    /// How the node LPs were solved: by the dual simplex from the parent's basis (`solved`, with
    /// its `pivots`), or from scratch after it stopped otherwise (`fallbacks`).
    struct WarmStartCounts {
        var solved = 0
        var pivots = 0
        var fallbacks = 0
    }

    /// Solves `problem` by the dual simplex from `basis`; nil when there is no basis, warm starts
    /// are off, or the dual simplex ends other than optimal or infeasible (the caller then solves
    /// from scratch). The answer's basis is the optimal one (nil when infeasible).
    static func warmSolve(_ problem: BoundedProblem, from basis: Basis?, options: SolverOptions, deadline: Double,
                          counts: inout WarmStartCounts) -> BoundedSolve? {
        warmSolveWithBasis(problem, from: basis, options: options, deadline: deadline, counts: &counts)?.0
    }

    static func warmSolveWithBasis(_ problem: BoundedProblem, from basis: Basis?, options: SolverOptions,
                                   deadline: Double, counts: inout WarmStartCounts) -> (BoundedSolve, Basis?)? {
        guard options.warmStartNodes, let basis else { return nil }
        let dual = DualSimplex.run(problem, from: basis, options: options.dualSimplexOptions, deadline: deadline)
        counts.pivots += dual.iterations
        switch dual.status {
        case .optimal:
            counts.solved += 1
            var out = BoundedSolve(status: .optimal, x: dual.x, y: dual.y, z: dual.z, iterations: dual.iterations)
            out.dualInfeasibility = dual.dualInfeasibility
            var primal = problem.offset
            for j in 0..<dual.x.count { primal += problem.c[j] * dual.x[j] }
            out.gap = abs(primal - dual.dualObjective) / (1 + abs(primal))
            out.dualObjective = dual.dualObjective - problem.offset
            return (out, dual.basis)
        case .infeasible:
            counts.solved += 1
            return (BoundedSolve(status: .infeasible, iterations: dual.iterations), nil)
        case .iterationLimit, .timeLimit, .numerical, .notDualFeasible:
            counts.fallbacks += 1
            return nil
        }
    }

    /// A node LP: warm started from the parent's basis when there is one (`warmSolve`), else (or when
    /// that fails) by the interior point crossed over to a basis for the children.
    static func solveNode(_ problem: BoundedProblem, from basis: Basis?, options: SolverOptions, deadline: Double,
                          counts: inout WarmStartCounts) -> (BoundedSolve, Basis?) {
        if let warm = warmSolveWithBasis(problem, from: basis, options: options, deadline: deadline, counts: &counts) {
            return warm
        }
        let lp = LPSolver.solveBounded(problem, options: options, deadline: deadline)
        return crossedOver(problem, lp, options: options, deadline: deadline)
    }

    /// An interior-point answer `lp` of `problem` crossed over to a vertex, with the basis the node's
    /// children start from (nil, and `lp` unchanged, when warm starts are off or the crossover fails).
    static func crossedOver(_ problem: BoundedProblem, _ lp: BoundedSolve, options: SolverOptions,
                            deadline: Double) -> (BoundedSolve, Basis?) {
        guard options.warmStartNodes else { return (lp, nil) }
        var lp = lp
        let (_, crossed) = LPSolver.crossOver(problem, &lp, options: options, deadline: deadline)
        return (lp, crossed)
    }
}
