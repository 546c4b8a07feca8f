/// Why a fund allocation could not be set up.
public enum AllocationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// funds.csv is missing or empty.
    case noFunds
    /// projects.csv has no project with a cost and households reached, so no return per yuan is known.
    case noProjects
    /// The `--budget` is not a positive number of yuan.
    case invalidBudget(Double)
    /// The stable-exit margin is not a finite fraction ≥ 0.
    case invalidExitMargin(Double)

    public var description: String {
        switch self {
        case .noFunds: return "no fund sources: funds.csv is missing or empty"
        case .noProjects: return "no project returns: projects.csv has no project with a cost and households reached"
        case .invalidBudget(let b): return "expected a positive budget in yuan, found \(b)"
        case .invalidExitMargin(let m): return "expected an exit margin ≥ 0 (a fraction of the poverty line), found \(m)"
        }
    }
}
