import Foundation
import HeapModule

/// Branch and bound over LP relaxations solved by the interior-point method.
///
/// - Node selection: depth first (the up branch first) until an incumbent exists, then best bound.
/// - Branching: on the most fractional integer variable.
/// - Incumbents: a rounding heuristic at every node (round the integer variables, re-solve the LP
///   over the continuous ones, keep the point if feasible), plus integral LP solutions.
/// - Pruning: a node whose LP bound is not better than the incumbent by the gap tolerance is dropped;
///   when every objective coefficient is on an integer variable and integral, bounds are rounded up.
/// Each node's LP is solved from scratch (interior-point methods do not warm start well).
enum BranchAndBound {
    /// A subproblem: the bounds of the integer variables and the parent's LP bound (minimisation).
    struct Node: Comparable {
        var bound: Double
        var depth: Int
        var lower: [Double]
        var upper: [Double]
        static func < (a: Node, b: Node) -> Bool { a.bound < b.bound || (a.bound == b.bound && a.depth > b.depth) }
        static func == (a: Node, b: Node) -> Bool { a.bound == b.bound && a.depth == b.depth }
    }

    static func solve(_ model: LinearModel, options: SolverOptions) -> Solution {
        let started = Date().timeIntervalSinceReferenceDate
        let deadline = started + options.timeLimit
        let base = LPSolver.boundedProblem(model)
        let integer = model.variables.map(\.isInteger)
        let n = model.variableCount
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
        var iterations = 0
        var nodes = 0
        var stack: [Node] = [Node(bound: -.infinity, depth: 0, lower: lower, upper: upper)]
        var heap = Heap<Node>()
        var status = SolveStatus.optimal
        var rootStatus: SolveStatus? = nil

        func objective(_ x: [Double]) -> Double {
            var s = base.offset
            for j in 0..<n { s += base.c[j] * x[j] }
            return s
        }
        func pruneLimit() -> Double {
            guard incumbentValue.isFinite else { return .infinity }
            let tolerance = options.relativeGapTolerance * max(1, abs(incumbentValue))
            return incumbentValue - tolerance
        }
        func roundedBound(_ b: Double) -> Double {
            integralObjective ? (b - 1e-6 * max(1, abs(b))).rounded(.up) : b
        }

        while true {
            let node: Node
            if let top = stack.popLast() {
                node = top
            } else if let best = heap.popMin() {
                node = best
            } else { break }
            if roundedBound(node.bound) > pruneLimit() { continue }
            if nodes >= options.nodeLimit { status = .iterationLimit; heap.insert(node); break }
            if Date().timeIntervalSinceReferenceDate > deadline { status = .timeLimit; heap.insert(node); break }
            nodes += 1
            var problem = base
            problem.lower = node.lower
            problem.upper = node.upper
            let lp = LPSolver.solveBounded(problem, options: options, deadline: deadline)
            iterations += lp.iterations
            if nodes == 1 { rootStatus = lp.status }
            if lp.status == .unbounded && nodes == 1 {
                status = .unbounded
                break
            }
            guard lp.status == .optimal else {
                if lp.status == .timeLimit { status = .timeLimit; break }
                if lp.status != .infeasible && nodes == 1 { status = lp.status; break }
                continue
            }
            let value = objective(lp.x)
            if roundedBound(value) > pruneLimit() { continue }
            // Most fractional integer variable.
            var branch = -1
            var bestFraction = 0.0
            for j in 0..<n where integer[j] {
                let f = abs(lp.x[j] - lp.x[j].rounded())
                if f > options.integralityTolerance && f > bestFraction {
                    bestFraction = f
                    branch = j
                }
            }
            if branch < 0 {
                if value < incumbentValue {
                    incumbentValue = value
                    incumbent = lp.x.enumerated().map { integer[$0.offset] ? $0.element.rounded() : $0.element }
                    incumbentSolve = lp
                }
                continue
            }
            // Rounding heuristic.
            if let (x, s) = roundingHeuristic(base, lp.x, integer, node, options, deadline) {
                iterations += s.iterations
                let v = objective(x)
                if v < incumbentValue {
                    incumbentValue = v
                    incumbent = x
                    incumbentSolve = s
                }
            }
            let xj = lp.x[branch]
            var down = Node(bound: value, depth: node.depth + 1, lower: node.lower, upper: node.upper)
            down.upper[branch] = xj.rounded(.down)
            var up = Node(bound: value, depth: node.depth + 1, lower: node.lower, upper: node.upper)
            up.lower[branch] = xj.rounded(.up)
            if incumbent == nil {
                stack.append(down)
                stack.append(up)
            } else {
                // Move any pending depth-first nodes into the heap, then go best-bound.
                for pending in stack { heap.insert(pending) }
                stack.removeAll()
                heap.insert(down)
                heap.insert(up)
            }
        }
        let seconds = Date().timeIntervalSinceReferenceDate - started
        let sign: Double = model.sense == .maximize ? -1 : 1
        guard let x = incumbent, var dressed = incumbentSolve else {
            var s = Solution(status: status == .optimal ? .infeasible : status, iterations: iterations,
                             seconds: seconds, nodes: nodes)
            if rootStatus == .unbounded { s.status = .unbounded }
            return s
        }
        dressed.x = x
        var s = LPSolver.solution(model, base, dressed, seconds: seconds, nodes: nodes)
        s.iterations = iterations
        s.objective = model.objectiveValue(x)
        var bound = incumbentValue
        for pending in stack { bound = min(bound, pending.bound) }
        if let best = heap.min { bound = min(bound, best.bound) }
        s.bound = sign * bound
        s.gap = abs(incumbentValue - bound) / max(1, abs(incumbentValue))
        s.status = status
        return s
    }

    /// Rounds the integer variables of `x`, fixes them, and solves the LP over the rest; returns the
    /// point when it is feasible.
    static func roundingHeuristic(_ base: BoundedProblem, _ x: [Double], _ integer: [Bool], _ node: Node,
                                  _ options: SolverOptions, _ deadline: Double) -> ([Double], BoundedSolve)? {
        var problem = base
        problem.lower = node.lower
        problem.upper = node.upper
        for j in 0..<x.count where integer[j] {
            let v = min(max(x[j].rounded(), node.lower[j]), node.upper[j])
            problem.lower[j] = v
            problem.upper[j] = v
        }
        let s = LPSolver.solveBounded(problem, options: options, deadline: deadline)
        guard s.status == .optimal else { return nil }
        return (s.x, s)
    }
}
