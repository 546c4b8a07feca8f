/// One group's row in a between/within decomposition of GE(α).
public struct SubgroupInequality: Sendable, Equatable {
    public let group: Int
    /// Persons represented, Σ w over the group.
    public let persons: Double
    /// Population share s_g = W_g / W.
    public let populationShare: Double
    /// Income share v_g = s_g · μ_g / μ.
    public let incomeShare: Double
    /// Group mean income μ_g, yuan; nil for a group with no positive weight.
    public let mean: Double?
    /// GE(α) within the group; nil when undefined (no weight, or a group mean of 0).
    public let index: Double?
    /// The group's term of the within part, s_g^(1−α) · v_g^α · GE_g(α).
    public let withinContribution: Double
}

/// GE(α) = within + between, for GE(0) (MLD), GE(1) (Theil) or any α.
public struct InequalityDecomposition: Sendable, Equatable {
    public let alpha: Double
    /// GE(α) of the whole population.
    public let total: Double
    /// Σ_g s_g^(1−α) v_g^α GE_g(α): inequality left if every group mean were equal.
    public let within: Double
    /// GE(α) of the population where everyone has their group's mean income.
    public let between: Double
    public let groups: [SubgroupInequality]
}

extension IncomeDistribution {
    /// Theil index split into inequality between groups and within them:
    /// T = Σ_g v_g T_g + Σ_g v_g ln(μ_g / μ), v_g the income share. Same income rules as `theil()`.
    public func theilBySubgroup(groups: [Int], groupCount: Int? = nil) throws -> InequalityDecomposition {
        try generalizedEntropyBySubgroup(groups: groups, groupCount: groupCount, alpha: 1)
    }

    /// Mean log deviation split into between and within: L = Σ_g s_g L_g + Σ_g s_g ln(μ / μ_g).
    /// Same income rules as `meanLogDeviation()`.
    public func meanLogDeviationBySubgroup(groups: [Int], groupCount: Int? = nil) throws -> InequalityDecomposition {
        try generalizedEntropyBySubgroup(groups: groups, groupCount: groupCount, alpha: 0)
    }

    /// GE(α) = Σ_g s_g^(1−α) v_g^α GE_g(α) + GE_between(α) (Shorrocks 1980), where GE_between is
    /// GE(α) of group means weighted by population shares. Two O(n) passes.
    /// - Throws: the errors of `generalizedEntropy(alpha:)` and the group checks of `fgtBySubgroup`.
    public func generalizedEntropyBySubgroup(groups: [Int], groupCount: Int? = nil, alpha: Double) throws -> InequalityDecomposition {
        let k = try checkGroups(groups, groupCount)
        let total = try generalizedEntropy(alpha: alpha)  // also checks incomes and the mean
        var members = [[Int]](repeating: [], count: k)
        for i in groups.indices { members[groups[i]].append(i) }
        var rows: [SubgroupInequality] = []
        var within = 0.0
        var betweenSum = 0.0
        for g in 0..<k {
            guard let part = subset(members[g]) else {
                rows.append(SubgroupInequality(group: g, persons: 0, populationShare: 0, incomeShare: 0,
                                               mean: nil, index: nil, withinContribution: 0))
                continue
            }
            let s = part.totalWeight / totalWeight
            let relativeMean = part.mean / mean
            let v = s * relativeMean
            var index: Double? = nil
            var contribution = 0.0
            if part.mean > 0 {
                let ge = try part.generalizedEntropy(alpha: alpha)
                index = ge
                let groupWeight: Double
                switch alpha {
                case 0: groupWeight = s
                case 1: groupWeight = v
                default: groupWeight = s.power(1 - alpha) * v.power(alpha)
                }
                contribution = groupWeight * ge
            }
            within += contribution
            switch alpha {
            case 0: betweenSum += s * (1 / relativeMean).naturalLog
            case 1: if relativeMean > 0 { betweenSum += v * relativeMean.naturalLog }
            default: betweenSum += s * relativeMean.power(alpha)
            }
            rows.append(SubgroupInequality(group: g, persons: part.totalWeight, populationShare: s, incomeShare: v,
                                           mean: part.mean, index: index, withinContribution: contribution))
        }
        let between = (alpha == 0 || alpha == 1) ? betweenSum : (betweenSum - 1) / (alpha * (alpha - 1))
        return InequalityDecomposition(alpha: alpha, total: total, within: within,
                                       between: try finite(between, "GE(\(alpha)) between groups", parameter: "α", alpha),
                                       groups: rows)
    }
}
