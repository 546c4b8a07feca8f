/// A source of household net income (纯收入), in yuan per year. The order is the column order of `households.csv`.
public enum IncomeSource: Int, CaseIterable, Sendable {
    case planting, migrant, breeding, forestry, pvDividend, ecologicalPost, assetDividend, transfers
    /// Derived, never stored: `income − (sum of the other sources)`.
    case other

    /// The sources stored as columns (all but `other`).
    public static let stored: [IncomeSource] = Array(allCases.dropLast())

    /// Column name in `households.csv`.
    public var column: String {
        switch self {
        case .planting: return "planting"
        case .migrant: return "migrant"
        case .breeding: return "breeding"
        case .forestry: return "forestry"
        case .pvDividend: return "pv_dividend"
        case .ecologicalPost: return "ecological_post"
        case .assetDividend: return "asset_dividend"
        case .transfers: return "transfers"
        case .other: return "other"
        }
    }

    public var chinese: String {
        switch self {
        case .planting: return "种植业"
        case .migrant: return "务工"
        case .breeding: return "养殖业"
        case .forestry: return "林果业"
        case .pvDividend: return "光伏收益"
        case .ecologicalPost: return "生态公益岗位"
        case .assetDividend: return "资产收益分红"
        case .transfers: return "转移性收入(低保/五保)"
        case .other: return "其他"
        }
    }

    public var english: String {
        switch self {
        case .planting: return "planting"
        case .migrant: return "migrant work"
        case .breeding: return "breeding"
        case .forestry: return "forestry and fruit"
        case .pvDividend: return "PV dividend"
        case .ecologicalPost: return "ecological post"
        case .assetDividend: return "asset dividend"
        case .transfers: return "transfers (dibao/wubao)"
        case .other: return "other"
        }
    }
}
