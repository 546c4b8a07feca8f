import Planning

/// Even spreading (平均主义): the allocation the programme documents name as the failure, and the
/// baseline the optimiser's plan (`PlanIncome.optimised`, `tuopin allocate`) must beat.
///
/// Rule: `EvenSpreading` (Planning), the same rule as `tuopin allocate`'s baseline: every registered
/// poor village not exited by the registry's year receives the same share of every fund source that
/// pays for an estimated project type (cut to the source's per-village maximum); each village spends
/// its shares on the project types at their own returns per yuan (`ProjectReturns`), within its
/// project capacity and its gaps; the yearly income closes the gaps of the village's working-capable
/// poor households in curve order, as the optimised plan's does (`GapCurves.householdIncome`).
public struct EvenPlan: Sendable, Equatable {
    /// Extra income next year by household (yuan a year), in registry order: `HouseholdArrays.planIncome`.
    public var income: [Double]
    /// Yuan spent from each fund source, in the order of `CountyRegistry.funds`.
    public var spentBySource: [Double]
    /// Yuan each receiving village gets (all sources).
    public var yuanPerVillage: Double
    /// Villages that receive a share.
    public var villages: Int
    /// The projects' average return, household income a year per yuan invested: Σ over projects of
    /// (households reached × income per household) ÷ Σ cost (from `projects.csv`). Not used by the
    /// even plan itself (it spends at each type's own return); fixed plans earn it.
    public var returnPerYuan: Double
    /// The evaluation behind the plan (persons lifted by village, income by village, shares).
    public var spreading: EvenSpreadingResult

    /// Yuan spent in all.
    public var cost: Double { spentBySource.reduce(0, +) }

    /// The even plan for a registry (a zero plan when it has no funds, projects or poor villages).
    /// - Parameter exitMargin: the stable-exit margin of the gap curves (`GapCurves.build`): the
    ///   villages' income closes gaps to line × (1 + exitMargin). Default 0: to the line.
    public init(_ registry: CountyRegistry, exitMargin: Double = 0) {
        var invested = 0.0, yearly = 0.0
        for project in registry.projects where project.cost > 0 {
            invested += project.cost
            yearly += Double(project.households) * project.incomePerHousehold
        }
        returnPerYuan = invested > 0 ? yearly / invested : 0
        let curves = GapCurves.build(registry, exitMargin: exitMargin)
        spreading = EvenSpreading.evaluate(registry: registry, curves: curves, returns: ProjectReturns.estimate(registry.projects), budget: nil)
        spentBySource = spreading.spentBySource
        yuanPerVillage = spreading.sharePerVillage.reduce(0, +)
        villages = spreading.receivingVillages.count
        income = GapCurves.householdIncome(villageIncome: spreading.incomeByVillage, curves: curves,
                                           households: registry.households.count)
    }
}
