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
    /// A fund's share rule asks more yuan of a category (`required`) than the villages' projects of
    /// that category can take from the fund (`possible`: their project capacity, the fund's eligible
    /// types and per-village maximum, at most its amount).
    case infeasibleShareRule(fund: String, category: String, required: Double, possible: Double)

    public var description: String {
        switch self {
        case .noFunds: return "no fund sources: funds.csv is missing or empty"
        case .noProjects: return "no project returns: projects.csv has no project with a cost and households reached"
        case .invalidBudget(let b): return "expected a positive budget in yuan, found \(b)"
        case .invalidExitMargin(let m): return "expected an exit margin ≥ 0 (a fraction of the poverty line), found \(m)"
        case let .infeasibleShareRule(fund, category, required, possible):
            return "funds.csv: the share rule of fund \(fund) cannot be met: it needs at least \(String(format: "%.0f", required)) yuan on \(category) projects, but the villages' \(category) projects it may pay for can take at most \(String(format: "%.0f", possible)) yuan (their project capacity, the fund's eligible types and maximum per village); lower min_share, widen eligible_types or add \(category) projects"
        }
    }
}
