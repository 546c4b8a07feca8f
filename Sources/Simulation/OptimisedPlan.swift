import Planning

extension PlanIncome {
    /// The optimiser's allocation (`tuopin allocate`, persons objective, default weights) turned into
    /// next year's extra income by household.
    ///
    /// Rule, the same the allocation model assumes: the yuan each village receives for a project type
    /// earn that type's return per yuan (`ProjectReturns`), and the village's yearly income from its
    /// projects closes the gaps of its working-capable poor households in the order of the village's
    /// gap curve (smallest gap per person first), each up to its gap; what is left after every gap is
    /// closed is shared equally by those households.
    /// - Parameter exitMargin: the stable-exit margin (`FundAllocationOptions.exitMargin`): the model
    ///   and the curves lift households to line × (1 + exitMargin). Default 0: to the line.
    /// - Throws: `AllocationError` when the allocation model cannot be built or solved.
    public static func optimised(_ registry: CountyRegistry, exitMargin: Double = 0) throws(AllocationError) -> PlanIncome {
        var options = FundAllocationOptions()
        options.exitMargin = exitMargin
        let result = try FundAllocation.solve(registry, options: options)
        let returns = Dictionary(ProjectReturns.estimate(registry.projects).map { ($0.type, $0.returnPerYuan) }, uniquingKeysWith: { a, _ in a })
        var villageIncome = [Double](repeating: 0, count: registry.villages.count)
        var byType: [ProjectType: Double] = [:]
        var spent = [Double](repeating: 0, count: registry.funds.count)
        for line in result.lines where line.yuan > 0 {
            villageIncome[line.village] += line.yuan * (returns[line.type] ?? 0)
            byType[line.type, default: 0] += line.yuan
            if line.source < spent.count { spent[line.source] += line.yuan }
        }
        let income = GapCurves.householdIncome(villageIncome: villageIncome, curves: GapCurves.build(registry, exitMargin: exitMargin),
                                               households: registry.households.count)
        // Summed in the order of the type names, not the dictionary's (its order changes from one
        // process to the next), so the shares are the same bits in the CLI and the server.
        let byName = byType.sorted { $0.key.rawValue < $1.key.rawValue }
        let total = byName.reduce(0) { $0 + $1.value }
        let mix = byName.map { (type: $0.key, share: total > 0 ? $0.value / total : 0) }
        return PlanIncome(strategy: "optimised", income: income, spentBySource: spent, projectMix: mix, exitMargin: exitMargin)
    }
}
