/// The income sources the registry records, in the order of `HouseholdArrays.incomeBySource`.
/// The raw value is the position; `key` is the snake_case name used in CSV and scenario files.
public enum IncomeSource: Int, CaseIterable, Sendable {
    case planting, migrant, breeding, forestry, pvDividend, ecologicalPost, assetDividend, transfers, other

    /// The snake_case name used in files: `planting`, `migrant`, `breeding`, `forestry`,
    /// `pv_dividend`, `ecological_post`, `asset_dividend`, `transfers`, `other`.
    public var key: String {
        switch self {
        case .planting: "planting"
        case .migrant: "migrant"
        case .breeding: "breeding"
        case .forestry: "forestry"
        case .pvDividend: "pv_dividend"
        case .ecologicalPost: "ecological_post"
        case .assetDividend: "asset_dividend"
        case .transfers: "transfers"
        case .other: "other"
        }
    }

    /// Earned (market) income: planting, migrant work, breeding and forestry — what the
    /// household's labour produces, as opposed to dividends, posts and transfers, whose amounts
    /// policy sets. The income model's year-to-year residual scales with it.
    public var isEarned: Bool {
        switch self {
        case .planting, .migrant, .breeding, .forestry: true
        case .pvDividend, .ecologicalPost, .assetDividend, .transfers, .other: false
        }
    }

    /// The source named `key` in a file, or nil.
    public init?(key: String) {
        guard let found = IncomeSource.allCases.first(where: { $0.key == key }) else { return nil }
        self = found
    }
}

/// The registry's household category.
public enum HouseholdCategory: UInt8, CaseIterable, Sendable {
    /// 达标户: meets the standard.
    case meetsStandard = 0
    /// 缺项户: misses one or more items of the "two no-worries, three guarantees".
    case missingItems = 1
    /// 兜底户: safety-net household, living on 低保 / 五保 transfers.
    case safetyNet = 2

    /// The snake_case name used in files.
    public var key: String {
        switch self {
        case .meetsStandard: "meets_standard"
        case .missingItems: "missing_items"
        case .safetyNet: "safety_net"
        }
    }

    public init?(key: String) {
        guard let found = HouseholdCategory.allCases.first(where: { $0.key == key }) else { return nil }
        self = found
    }
}

/// The main cause of poverty the registry records for a household.
public enum PovertyCause: UInt8, CaseIterable, Sendable {
    case illness, disability, schooling, lackOfLabour, lackOfSkills, lackOfCapital, lackOfLand, disaster, other

    /// The snake_case name used in files: `illness`, `disability`, `schooling`, `lack_of_labour`,
    /// `lack_of_skills`, `lack_of_capital`, `lack_of_land`, `disaster`, `other`.
    public var key: String {
        switch self {
        case .illness: "illness"
        case .disability: "disability"
        case .schooling: "schooling"
        case .lackOfLabour: "lack_of_labour"
        case .lackOfSkills: "lack_of_skills"
        case .lackOfCapital: "lack_of_capital"
        case .lackOfLand: "lack_of_land"
        case .disaster: "disaster"
        case .other: "other"
        }
    }

    public init?(key: String) {
        guard let found = PovertyCause.allCases.first(where: { $0.key == key }) else { return nil }
        self = found
    }
}
