/// How a household survey was drawn, for design-based standard errors.
///
/// Each observation is one household. Its survey weight is the number of households it
/// represents; the measures count persons (weight × size). Strata and primary sampling units
/// (PSUs, e.g. villages) are optional: without PSUs every household is its own PSU, without
/// strata the sample is one stratum. PSU codes are only compared within a stratum.
public struct SampleDesign: Sendable {
    public let householdWeights: [Double]
    public let householdSizes: [Int]
    public let strata: [Int]?
    public let psus: [Int]?

    /// - Throws: `.lengthMismatch` when the arrays differ in length from `householdWeights`;
    ///   `.invalidHouseholdSize`, `.negativeWeight`, `.nonFinite` for bad entries.
    public init(householdWeights: [Double], householdSizes: [Int]? = nil, strata: [Int]? = nil, psus: [Int]? = nil) throws {
        let n = householdWeights.count
        let sizes = householdSizes ?? [Int](repeating: 1, count: n)
        for (name, array) in [("household sizes", sizes.count), ("strata", strata?.count ?? n), ("PSUs", psus?.count ?? n)] {
            guard array == n else { throw PovertyError.lengthMismatch(what: name, expected: n, found: array) }
        }
        for i in 0..<n {
            guard householdWeights[i].isFinite else { throw PovertyError.nonFinite(what: "weight", index: i) }
            guard householdWeights[i] >= 0 else { throw PovertyError.negativeWeight(index: i, value: householdWeights[i]) }
            guard sizes[i] >= 1 else { throw PovertyError.invalidHouseholdSize(index: i, value: sizes[i]) }
        }
        self.householdWeights = householdWeights
        self.householdSizes = sizes
        self.strata = strata
        self.psus = psus
    }
}

/// A point estimate with its design-based (linearised) standard error.
public struct Estimate: Sendable, Equatable {
    public let value: Double
    public let standardError: Double
}
