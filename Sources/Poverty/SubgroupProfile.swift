/// One group's poverty profile: its own FGT(0–2), and its part in the population's totals.
public struct SubgroupProfile: Sendable, Equatable {
    public let group: Int
    /// Persons represented (Σ w) and their share of the population.
    public let persons: Double
    public let populationShare: Double
    /// Weighted mean income, yuan; nil for a group with no positive weight.
    public let meanIncome: Double?
    /// Persons below the line.
    public let poorPersons: Double
    /// FGT(0), FGT(1), FGT(2) within the group; nil for a group with no positive weight.
    public let headcount: Double?
    public let povertyGap: Double?
    public let squaredPovertyGap: Double?
    /// Absolute contributions (W_g/W)·FGT_g(α), for α = 0, 1, 2; each set adds up to the population's FGT(α).
    public let headcountContribution: Double
    public let povertyGapContribution: Double
    public let squaredPovertyGapContribution: Double
    /// Relative contributions (contribution ÷ total), nil when the total is 0.
    public let headcountShare: Double?
    public let povertyGapShare: Double?
    public let squaredPovertyGapShare: Double?
}

extension IncomeDistribution {
    /// FGT(0), FGT(1) and FGT(2) by group with their contributions to the totals (see `fgtBySubgroup`). O(n).
    /// - Throws: the errors of `fgtBySubgroup`.
    public func profileBySubgroup(groups: [Int], groupCount: Int? = nil, line z: Double) throws -> [SubgroupProfile] {
        let p0 = try fgtBySubgroup(groups: groups, groupCount: groupCount, alpha: 0, line: z)
        let k = p0.groups.count
        let p1 = try fgtBySubgroup(groups: groups, groupCount: k, alpha: 1, line: z)
        let p2 = try fgtBySubgroup(groups: groups, groupCount: k, alpha: 2, line: z)
        var incomeSum = [Double](repeating: 0, count: k)
        var poorSum = [Double](repeating: 0, count: k)
        for i in incomes.indices {
            incomeSum[groups[i]] += weights[i] * incomes[i]
            if incomes[i] < z { poorSum[groups[i]] += weights[i] }
        }
        return (0..<k).map { g in
            let a = p0.groups[g], b = p1.groups[g], c = p2.groups[g]
            return SubgroupProfile(group: g, persons: a.persons, populationShare: a.populationShare,
                                   meanIncome: a.persons > 0 ? incomeSum[g] / a.persons : nil,
                                   poorPersons: poorSum[g],
                                   headcount: a.fgt, povertyGap: b.fgt, squaredPovertyGap: c.fgt,
                                   headcountContribution: a.contribution, povertyGapContribution: b.contribution,
                                   squaredPovertyGapContribution: c.contribution,
                                   headcountShare: a.shareOfTotal, povertyGapShare: b.shareOfTotal,
                                   squaredPovertyGapShare: c.shareOfTotal)
        }
    }
}
