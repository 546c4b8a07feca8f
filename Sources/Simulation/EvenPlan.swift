import Planning

/// Even spreading (平均主义): the allocation the programme documents name as the failure, and the
/// baseline the optimiser's plan (`PlanIncome.optimised`, `tuopin allocate`) must beat.
///
/// Rule: every fund source's whole amount is spent, split equally among the registered poor
/// villages that have not exited. The money earns the county's average return: Σ over projects
/// of (households reached × income per household) ÷ Σ of their cost, in yuan of household income
/// a year per yuan invested (from `projects.csv`). A village's yearly income from the plan is
/// shared equally by its registered poor households; money sent to a village without registered
/// poor households lifts no one — the documented failure of spreading money evenly.
public struct EvenPlan: Sendable, Equatable {
    /// Extra income next year by household (yuan a year), in registry order: `HouseholdArrays.planIncome`.
    public var income: [Double]
    /// Yuan spent from each fund source, in the order of `CountyRegistry.funds`.
    public var spentBySource: [Double]
    /// Yuan each poor village receives.
    public var yuanPerVillage: Double
    /// Household income a year per yuan invested (the projects' average return).
    public var returnPerYuan: Double

    /// Yuan spent in all.
    public var cost: Double { spentBySource.reduce(0, +) }

    /// The even plan for a registry (a zero plan when it has no funds, projects or poor villages).
    public init(_ registry: CountyRegistry) {
        let n = registry.households.count
        let year = registry.county.year
        let poorVillages = registry.villages.indices.filter { v in
            registry.villages[v].isPoor && !(registry.villages[v].exitYear.map { $0 <= year } ?? false)
        }
        var invested = 0.0, yearly = 0.0
        for project in registry.projects where project.cost > 0 {
            invested += project.cost
            yearly += Double(project.households) * project.incomePerHousehold
        }
        returnPerYuan = invested > 0 ? yearly / invested : 0
        income = Array(repeating: 0, count: n)
        guard !poorVillages.isEmpty else {
            spentBySource = registry.funds.map { _ in 0 }
            yuanPerVillage = 0
            return
        }
        spentBySource = registry.funds.map { max(0, $0.amount) }
        let budget = spentBySource.reduce(0, +)
        yuanPerVillage = budget / Double(poorVillages.count)

        var poorHouseholds = [Int](repeating: 0, count: registry.villages.count)
        for h in 0..<n where !registry.households.hasExited(h, by: year) {
            poorHouseholds[Int(registry.households.village[h])] += 1
        }
        var share = [Double](repeating: 0, count: registry.villages.count)
        for v in poorVillages where poorHouseholds[v] > 0 {
            share[v] = yuanPerVillage * returnPerYuan / Double(poorHouseholds[v])
        }
        for h in 0..<n where !registry.households.hasExited(h, by: year) {
            income[h] = share[Int(registry.households.village[h])]
        }
    }
}
