/// Every tolerance and limit of the LP and MIP solvers, with their defaults.
public struct SolverOptions: Sendable {
    /// Relative primal infeasibility accepted at optimality: `‖b − Ax‖∞ / (1 + max(‖b‖∞, max |a_ij·x_j|))`
    /// (relative to the largest term of a row activity as well as to b: inequality rows have b = 0 in
    /// the standard form, and a residual below the rounding of their terms cannot be asked for) and
    /// `‖bound residual‖∞ / (1 + largest finite bound)`, measured on the scaled standard form. Default 1e-8.
    public var primalTolerance: Double = 1e-8
    /// Relative dual infeasibility accepted at optimality: `‖c − Aᵀy − z‖∞ / (1 + ‖c‖∞)`. Default 1e-8.
    public var dualTolerance: Double = 1e-8
    /// Relative duality gap accepted at optimality: `|cᵀx − dual objective| / (1 + |cᵀx|)`. Default 1e-8.
    public var gapTolerance: Double = 1e-8
    /// When the interior-point method stalls (or hits a limit or numerical trouble) before reaching
    /// the tolerances above, but its best iterate has relative primal and dual infeasibility and gap
    /// all at most this, that iterate is returned as an approximate solution with status
    /// `numericalFailure` (never `optimal`): the objective, values and the reached infeasibilities
    /// and gap are reported so the user can judge it. Default 1e-6.
    public var acceptableTolerance: Double = 1e-6
    /// Interior-point iteration limit (per LP solve). Default 200.
    public var iterationLimit: Int = 200
    /// Wall-clock limit in seconds for the whole solve (LP, or all of branch and bound). Default: none.
    public var timeLimit: Double = .infinity
    /// Fraction of the step to the boundary the interior-point method takes. Default 0.9995.
    public var stepFraction: Double = 0.9995
    /// Gondzio centrality correctors tried per interior-point iteration after Mehrotra's corrector
    /// (each costs one more solve with the same factorisation; kept only if it lengthens the step).
    /// Default 2; 0 disables them.
    public var centralityCorrectors: Int = 2
    /// Below this many rows (after presolve) the interior-point method runs OpenBLAS on one thread:
    /// waking threads costs more than a small factorisation saves. The previous thread count is
    /// restored afterwards (the setting is process-wide: concurrent small solves share one lease of
    /// `BLASThreadLease`; a larger solve takes the exclusive lease, waiting for them). Default 800.
    public var singleThreadBelowRows: Int = 800
    /// Threads for the interior point's passes over the columns and rows of a large model (more than
    /// 65,536 columns); 0: every active core. The passes split the work into fixed chunks and add
    /// their partial sums in chunk order, so the solution is the same bits for any value. Default 0.
    public var threads: Int = 0
    /// Columns per chunk and the fewest columns for threads (tests shrink them to exercise the
    /// threaded passes on small models).
    var columnChunkSize: Int = ColumnChunks.defaultSize
    var parallelColumnThreshold: Int = ColumnChunks.parallelThreshold
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
    /// Presolve a MIP before its root (`IntegerPresolve`: integer bound tightening, coefficient
    /// tightening on binaries, probing). Default true.
    public var integerPresolve: Bool = true
    /// Rounds of root cutting planes of a MIP (`RootCuts`: Gomory mixed-integer cuts from the root
    /// LP's optimal basis, lifted knapsack covers); 0 disables them. Default 8.
    public var cutRounds: Int = 8

    /// Cross an LP's interior-point solution over to an optimal basic solution (`Crossover`): a vertex,
    /// the status of every column and row (`Solution.basis`), and duals consistent with that basis.
    /// When the crossover does not finish (a limit, numerical trouble), the interior-point solution
    /// is kept and `Solution.crossover` says why. Only `LPSolver.solve` / `solveRelaxation` of a model
    /// without integers cross over (not branch-and-bound nodes). Default false (`tuopin lp` turns it on).
    public var crossover: Bool = false
    /// Tolerances and limits of the crossover.
    public var crossoverOptions = CrossoverOptions()

    /// Branch and bound: cross the root LP over to a basis and solve every other node LP by the
    /// bounded dual simplex from its parent's optimal basis (`DualSimplex`), falling back to the
    /// interior point when the dual simplex does not end optimal or infeasible. Off: every node LP
    /// from scratch by the interior point. Default true.
    public var warmStartNodes: Bool = true
    /// Tolerances and limits of the dual simplex of the node LPs.
    public var dualSimplexOptions = DualSimplexOptions()

    /// Print one line per interior-point iteration (and per branch-and-bound node) to standard error.
    /// Default false.
    public var log: Bool = false

    /// How the interior-point method factors its normal equations `A·Θ·Aᵀ + δI` (m × m, m rows after
    /// presolve). Default `.automatic`.
    public var normalEquations: NormalEquations = .automatic

    public init() {}
}

/// Factorisation of the interior-point normal equations.
public enum NormalEquations: String, Sendable, CaseIterable {
    /// Sparse when the normal matrix is large or its sparse factor is much cheaper than a dense one:
    /// `m > 3000`, or `Σ_k colcount_k² · 8 < m³/3` (the dense LAPACK factorisation runs several times
    /// more flops per second than the sparse one); dense otherwise and below 64 rows.
    case automatic
    /// Dense m × m matrix factored by LAPACK (`dpotrf`): memory 8·m² bytes.
    case dense
    /// Sparse Cholesky with an approximate minimum degree ordering, dense rows last, dense columns
    /// split off into a Schur complement (`SparseNormalCholesky`).
    case sparse
}
