import Planning

/// The assistance that lifts one household to an income target most cheaply, priced as the
/// allocation model prices projects (`ProjectTypeReturn`): a yuan spent on type t brings r_t yuan
/// of income a year, and one household is reached by at most one project of each type, so type t
/// gives it at most `incomePerHousehold_t` (the model's capacity row).
///
/// Closing a gap G at least cost is then a fractional knapsack, solved exactly by taking the types
/// by return per yuan, best first, each up to its income per household, until G is closed:
/// cost = Σ_t min(G_left, I_t) / r_t. A household in which nobody can work is reached only by
/// asset-income projects (PV and asset dividends); when the types cannot close the gap, there
/// is no project plan for it (the safety net, 兜底保障, is then the assistance).
public struct CheapestAssistance: Sendable, Equatable {
    /// Yuan a year of income given by each type used, best return first.
    public var parts: [(type: ProjectType, income: Double, cost: Double)]
    /// Yuan to spend in all.
    public var cost: Double
    /// Whether the parts close the whole gap.
    public var closesGap: Bool

    public static func == (a: CheapestAssistance, b: CheapestAssistance) -> Bool {
        a.cost == b.cost && a.closesGap == b.closesGap && a.parts.map(\.type) == b.parts.map(\.type)
            && a.parts.map(\.income) == b.parts.map(\.income)
    }

    /// The type giving the most of the income (nil when no part).
    public var mainType: ProjectType? { parts.max { $0.income < $1.income }?.type }

    /// The cheapest assistance closing `gap` yuan a year (> 0) for a household, with `returns` (any
    /// order) and `canWork` false restricting to asset-income projects; nil when `gap` ≤ 0.
    public static func plan(gap: Double, canWork: Bool, returns: [ProjectTypeReturn]) -> CheapestAssistance? {
        guard gap > 0 else { return nil }
        let usable = returns.filter { $0.returnPerYuan > 0 && $0.incomePerHousehold > 0 && (canWork || $0.type.defaultCategory == .assetIncome) }
            .sorted { $0.returnPerYuan != $1.returnPerYuan ? $0.returnPerYuan > $1.returnPerYuan : $0.type.rawValue < $1.type.rawValue }
        var left = gap
        var parts: [(ProjectType, Double, Double)] = []
        for r in usable where left > 0 {
            let income = min(left, r.incomePerHousehold)
            parts.append((r.type, income, income / r.returnPerYuan))
            left -= income
        }
        return CheapestAssistance(parts: parts, cost: parts.reduce(0) { $0 + $1.2 }, closesGap: left <= 1e-9 * gap)
    }
}
