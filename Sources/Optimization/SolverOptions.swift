/// Every tolerance and limit of the LP and MIP solvers, with their defaults.
public struct SolverOptions: Sendable {
    /// Relative primal infeasibility accepted at optimality: `‖b − Ax‖∞ / (1 + ‖b‖∞)` and the same for
    /// bounds, measured on the scaled standard form. Default 1e-8.
    public var primalTolerance: Double = 1e-8
    /// Relative dual infeasibility accepted at optimality: `‖c − Aᵀy − z‖∞ / (1 + ‖c‖∞)`. Default 1e-8.
    public var dualTolerance: Double = 1e-8
    /// Relative duality gap accepted at optimality: `|cᵀx − dual objective| / (1 + |cᵀx|)`. Default 1e-8.
    public var gapTolerance: Double = 1e-8
    /// Interior-point iteration limit (per LP solve). Default 200.
    public var iterationLimit: Int = 200
    /// Wall-clock limit in seconds for the whole solve (LP, or all of branch and bound). Default: none.
    public var timeLimit: Double = .infinity
    /// Fraction of the step to the boundary the interior-point method takes. Default 0.9995.
    public var stepFraction: Double = 0.9995
    /// Initial primal (ρ) and dual (δ) regularisation of the normal equations; they decrease to
    /// `minimumRegularization` as the iterates converge and grow tenfold on a failed factorisation.
    /// Default 1e-8.
    public var regularization: Double = 1e-8
    /// Smallest regularisation used. Default 1e-12.
    public var minimumRegularization: Double = 1e-12
    /// Iterates larger than this (in the scaled problem) are taken as divergence, a sign of an
    /// infeasible or unbounded model, which is then classified by auxiliary solves. Default 1e12.
    public var divergenceThreshold: Double = 1e12
    /// Feasibility problem's optimum (sum of row violations, relative to `1 + ‖b‖∞`) above which the
    /// model is declared infeasible. Default 1e-6.
    public var infeasibilityTolerance: Double = 1e-6
    /// Whether to presolve (empty rows and columns, fixed variables, singleton rows). Default true.
    public var presolve: Bool = true
    /// Whether to scale rows and columns (geometric mean, then equilibration). Default true.
    public var scaling: Bool = true
    /// A value is integral when within this distance of an integer. Default 1e-6.
    public var integralityTolerance: Double = 1e-6
    /// Branch and bound stops when `(incumbent − bound) / max(1, |incumbent|)` is at most this. Default 1e-6.
    public var relativeGapTolerance: Double = 1e-6
    /// Branch-and-bound node limit. Default 100,000.
    public var nodeLimit: Int = 100_000

    /// Print one line per interior-point iteration (and per branch-and-bound node) to standard error.
    /// Default false.
    public var log: Bool = false

    public init() {}
}
