/// Where a column or row stands in a simplex basis. For a row the status is that of its activity
/// `A_i·x` between the row bounds (so `atLower` is a `≥` row or an equality that holds with equality).
public enum BasisStatus: String, Sendable, Equatable {
    /// In the basis: its value is determined by the nonbasic ones through the rows.
    case basic
    /// Nonbasic at its lower bound (also a fixed column or an equality row).
    case atLower = "at_lower"
    /// Nonbasic at its upper bound.
    case atUpper = "at_upper"
    /// Nonbasic free column (both bounds infinite) held at zero.
    case free
}

/// A simplex basis of a `LinearModel`: the status of every column and row, in model order. Exactly
/// `rows` entries are `.basic`, and their columns (a row stands for its slack) form a nonsingular matrix.
public struct Basis: Sendable, Equatable {
    public var columns: [BasisStatus]
    public var rows: [BasisStatus]

    public init(columns: [BasisStatus], rows: [BasisStatus]) {
        self.columns = columns
        self.rows = rows
    }
}

/// How a crossover from the interior-point solution to a basic solution ended.
public enum CrossoverOutcome: String, Sendable, Equatable {
    /// A basis whose solution is primal and dual feasible within `CrossoverOptions`: an optimal vertex.
    case optimal
    /// Not run: switched off, or the interior point gave no solution to start from.
    case notRun = "not_run"
    /// The pivot limit was reached before the simplex clean-up ended; the interior-point solution is kept.
    case pivotLimit = "pivot_limit"
    /// The time limit was reached first; the interior-point solution is kept.
    case timeLimit = "time_limit"
    /// The basis could not be kept nonsingular, or the final vertex failed the feasibility check
    /// recomputed from the model; the interior-point solution is kept.
    case numerical
    /// The clean-up found the LP unbounded or infeasible from the interior point's basis (the
    /// interior-point answer was wrong or inaccurate); the interior-point solution is kept.
    case inconsistent
}

/// Tolerances and limits of the crossover (`Crossover`).
public struct CrossoverOptions: Sendable {
    /// A basic value may violate its bound by `primalTolerance · (1 + |bound|)`. Default 1e-9.
    public var primalTolerance: Double = 1e-9
    /// A nonbasic reduced cost may have the wrong sign by `dualTolerance · (1 + ‖c‖∞)`. Default 1e-9.
    public var dualTolerance: Double = 1e-9
    /// A pivot element must be at least this in magnitude (relative to the largest of its column
    /// in the ratio test). Default 1e-7.
    public var pivotTolerance: Double = 1e-7
    /// Refactor the basis after this many updates. Default 100.
    public var refactorInterval: Int = 100
    /// Pivot limit of push and simplex together; 0: `20·(rows + columns) + 1000`. Default 0.
    public var pivotLimit: Int = 0

    public init() {}
}

/// What the crossover did: its outcome, wall-clock seconds and the pivots of its phases.
public struct CrossoverSummary: Sendable, Equatable {
    public var outcome: CrossoverOutcome
    public var seconds: Double
    /// Basis changes of the primal push (superbasic columns moved to a bound or into the basis).
    public var pushPivots: Int
    /// Iterations of the simplex clean-up (basis changes and bound flips).
    public var simplexPivots: Int

    public init(outcome: CrossoverOutcome, seconds: Double = 0, pushPivots: Int = 0, simplexPivots: Int = 0) {
        self.outcome = outcome
        self.seconds = seconds
        self.pushPivots = pushPivots
        self.simplexPivots = simplexPivots
    }
}
