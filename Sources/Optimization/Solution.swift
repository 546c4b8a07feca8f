/// How a solve ended.
public enum SolveStatus: String, Sendable, Equatable {
    /// Optimal within the tolerances of `SolverOptions` (for a MIP: the gap is closed).
    case optimal
    /// No point satisfies the rows and bounds (for a MIP: no integer point does).
    case infeasible
    /// The objective improves without bound on the feasible set.
    case unbounded
    /// The iteration or node limit was reached first.
    case iterationLimit = "iteration_limit"
    /// The time limit was reached first.
    case timeLimit = "time_limit"
    /// The method could neither converge nor classify the model (numerical trouble). When it had come
    /// close (within `SolverOptions.acceptableTolerance`), the best point is still reported, with the
    /// infeasibilities and gap it reached.
    case numericalFailure = "numerical_failure"
}

/// The result of solving a `LinearModel`. Values refer to the original model (after postsolve and
/// unscaling), in the model's own objective sense.
public struct Solution: Sendable {
    public var status: SolveStatus
    /// `cᵀx + constant` at `primal` (NaN when there is no point, e.g. infeasible).
    public var objective: Double
    /// Value of each variable (empty when there is none to report).
    public var primal: [Double]
    /// Dual value of each row: ∂objective/∂(right-hand side), in the model's sense (for a MIP: of the
    /// final node's LP).
    public var rowDuals: [Double]
    /// Reduced cost of each variable: `c_j − A_jᵀ y`.
    public var reducedCosts: [Double]
    /// Row activities `A·x`.
    public var rowActivities: [Double]
    /// Interior-point iterations, including the auxiliary solves that classify a non-converging
    /// model (summed over nodes and heuristics for a MIP).
    public var iterations: Int
    /// Wall-clock seconds.
    public var seconds: Double
    /// Final relative primal infeasibility (max over rows and bounds, `‖r‖∞ / (1 + ‖b‖∞)`, original model).
    public var primalInfeasibility: Double
    /// Final relative dual infeasibility (`‖c − Aᵀy − z‖∞ / (1 + ‖c‖∞)`, scaled standard form; after a
    /// finished crossover: the largest wrong-signed reduced cost of the basis, original model).
    public var dualInfeasibility: Double
    /// Final relative duality gap of the LP (`|primal − dual| / (1 + |primal|)`), or for a MIP the
    /// relative gap between incumbent and best bound, `|incumbent − bound| / max(1, |incumbent|)`.
    public var gap: Double
    /// Branch-and-bound nodes solved (0 for an LP).
    public var nodes: Int
    /// Best bound on the optimum (for a MIP; for an LP the dual objective).
    public var bound: Double
    /// For an infeasible model, a Farkas ray `y` over the rows when the method found one, else empty.
    public var farkasRay: [Double]
    /// The optimal basis, when a crossover ran and finished (`SolverOptions.crossover`); else nil.
    public var basis: Basis?
    /// What the crossover did, when it was asked for (`SolverOptions.crossover`); else nil.
    public var crossover: CrossoverSummary?
    /// For a MIP, what happened before the first node (`IntegerPresolve`, `RootCuts`); nil for an LP.
    public var root: RootSummary?

    public init(status: SolveStatus, objective: Double = .nan, primal: [Double] = [], rowDuals: [Double] = [],
                reducedCosts: [Double] = [], rowActivities: [Double] = [], iterations: Int = 0, seconds: Double = 0,
                primalInfeasibility: Double = .nan, dualInfeasibility: Double = .nan, gap: Double = .nan,
                nodes: Int = 0, bound: Double = .nan, farkasRay: [Double] = []) {
        self.status = status
        self.objective = objective
        self.primal = primal
        self.rowDuals = rowDuals
        self.reducedCosts = reducedCosts
        self.rowActivities = rowActivities
        self.iterations = iterations
        self.seconds = seconds
        self.primalInfeasibility = primalInfeasibility
        self.dualInfeasibility = dualInfeasibility
        self.gap = gap
        self.nodes = nodes
        self.bound = bound
        self.farkasRay = farkasRay
    }
}

/// What a MIP's presolve and root cut loop did (`SolverOptions.integerPresolve`, `cutRounds`).
public struct RootSummary: Sendable, Equatable {
    /// Root LP bound (model's sense, objective constant included) after presolve before the cuts,
    /// and after the cuts; NaN when the root LP did not solve to optimality.
    public var lpBound: Double = .nan
    public var cutBound: Double = .nan
    /// Integer bounds tightened, row coefficients tightened, binaries fixed by probing.
    public var tightenedBounds = 0
    public var tightenedCoefficients = 0
    public var probingFixings = 0
    /// Cut rounds run, cuts added over the rounds, cuts kept (tight at the last root LP) as rows.
    public var cutRounds = 0
    public var cutsAdded = 0
    public var cutsKept = 0
    public init() {}
}
