/// One group's row in an FGT decomposition by subgroup.
public struct SubgroupPoverty: Sendable, Equatable {
    /// Group code (0-based, as passed in).
    public let group: Int
    /// Persons represented, Σ w over the group.
    public let persons: Double
    /// Group's share of the population, W_g / W.
    public let populationShare: Double
    /// FGT(α) within the group; nil when the group has no positive weight.
    public let fgt: Double?
    /// Absolute contribution to the total, (W_g / W) · FGT_g; these add up to the total.
    public let contribution: Double
    /// Relative contribution, contribution / total (these add up to 1); nil when the total is 0.
    public let shareOfTotal: Double?
}

/// FGT(α) of a population and its additive decomposition by mutually exclusive groups.
public struct FGTDecomposition: Sendable, Equatable {
    public let alpha: Double
    /// FGT(α) of the whole population.
    public let total: Double
    /// One row per group code 0..<groupCount.
    public let groups: [SubgroupPoverty]
}

extension IncomeDistribution {
    /// Decomposes FGT(α) by subgroup: FGT = Σ_g (W_g / W) · FGT_g, which holds because FGT is an
    /// average of person-level terms. One O(n) pass.
    /// - Parameters:
    ///   - groups: a group code in 0..<groupCount for each observation (township, tier, category…).
    ///   - groupCount: number of groups; nil means max(code) + 1.
    /// - Throws: `.lengthMismatch`, `.missingGroup` for a negative code, `.invalidParameter` for a code
    ///   ≥ groupCount, and the errors of `fgt(alpha:line:)`.
    public func fgtBySubgroup(groups: [Int], groupCount: Int? = nil, alpha: Double, line z: Double) throws -> FGTDecomposition {
        let k = try checkGroups(groups, groupCount)
        let total = try fgt(alpha: alpha, line: z)
        var groupWeight = [Double](repeating: 0, count: k)
        var groupSum = [Double](repeating: 0, count: k)
        for i in incomes.indices {
            let g = groups[i]
            groupWeight[g] += weights[i]
            let y = incomes[i]
            guard y < z else { continue }
            let ratio = (z - y) / z
            let term: Double
            switch alpha {
            case 0: term = 1
            case 1: term = ratio
            case 2: term = ratio * ratio
            default: term = ratio.power(alpha)
            }
            groupSum[g] += weights[i] * term
        }
        let rows = (0..<k).map { g -> SubgroupPoverty in
            let contribution = groupSum[g] / totalWeight
            return SubgroupPoverty(group: g, persons: groupWeight[g], populationShare: groupWeight[g] / totalWeight,
                                   fgt: groupWeight[g] > 0 ? groupSum[g] / groupWeight[g] : nil,
                                   contribution: contribution,
                                   shareOfTotal: total > 0 ? contribution / total : nil)
        }
        return FGTDecomposition(alpha: alpha, total: total, groups: rows)
    }

    /// Checks group codes and returns the number of groups.
    func checkGroups(_ groups: [Int], _ groupCount: Int?) throws -> Int {
        guard groups.count == count else {
            throw PovertyError.lengthMismatch(what: "group codes", expected: count, found: groups.count)
        }
        var largest = -1
        for i in groups.indices {
            guard groups[i] >= 0 else { throw PovertyError.missingGroup(index: i) }
            largest = max(largest, groups[i])
        }
        let k = groupCount ?? (largest + 1)
        guard largest < k else {
            throw PovertyError.invalidParameter(name: "group code", value: Double(largest),
                                                expected: "codes below the group count \(k)")
        }
        return k
    }
}
