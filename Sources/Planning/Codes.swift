import Tabular

/// A coded value of the registry: stored as a stable English code in CSV files, shown with a
/// Chinese or English label. Import also accepts the Chinese label in place of the code.
public protocol RegistryCode: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == String {
    /// Chinese label, e.g. 兜底户.
    var chinese: String { get }
    /// English label, e.g. "safety net".
    var english: String { get }
}

extension RegistryCode {
    /// The case whose code or Chinese label is `text` (surrounding spaces ignored), or nil.
    public static func parse(_ text: String) -> Self? {
        let t = text.trimmingSpaces
        if let c = Self(rawValue: t) { return c }
        return allCases.first { $0.chinese == t || $0.english == t }
    }

    /// The allowed codes, for error messages: `standard, missing or safety_net`.
    public static var allowedList: String {
        let codes = allCases.map(\.rawValue)
        guard codes.count > 1 else { return codes.joined() }
        return codes.dropLast().joined(separator: ", ") + " or " + (codes.last ?? "")
    }
}

/// Household category of the targeted-assistance work (户分三类).
public enum HouseholdCategory: String, RegistryCode {
    /// 达标户: meets the exit standard (income above the line, the guarantees hold).
    case standard
    /// 缺项户: one or more items missing (income below the line or a guarantee not met).
    case missing
    /// 兜底户: cannot work its way out; covered by 低保 / 五保 transfers.
    case safetyNet = "safety_net"

    public var chinese: String {
        switch self {
        case .standard: return "达标户"
        case .missing: return "缺项户"
        case .safetyNet: return "兜底户"
        }
    }
    public var english: String {
        switch self {
        case .standard: return "meets standard"
        case .missing: return "missing items"
        case .safetyNet: return "safety net"
        }
    }
}

/// Main cause of poverty recorded at registration (致贫原因).
public enum PovertyCause: String, RegistryCode {
    case illness, disability, schooling, disaster
    case lackLabour = "lack_labour", lackSkills = "lack_skills", lackCapital = "lack_capital", lackLand = "lack_land"
    case other

    public var chinese: String {
        switch self {
        case .illness: return "因病"
        case .disability: return "因残"
        case .schooling: return "因学"
        case .disaster: return "因灾"
        case .lackLabour: return "缺劳力"
        case .lackSkills: return "缺技术"
        case .lackCapital: return "缺资金"
        case .lackLand: return "缺土地"
        case .other: return "其他"
        }
    }
    public var english: String {
        switch self {
        case .illness: return "illness"
        case .disability: return "disability"
        case .schooling: return "schooling costs"
        case .disaster: return "disaster"
        case .lackLabour: return "lack of labour"
        case .lackSkills: return "lack of skills"
        case .lackCapital: return "lack of capital"
        case .lackLand: return "lack of land"
        case .other: return "other"
        }
    }
}

/// Social-assistance status of a household.
public enum Welfare: String, RegistryCode {
    /// No minimum-living or five-guarantee support.
    case none
    /// 低保: minimum living allowance.
    case dibao
    /// 五保: five-guarantee support (food, clothing, housing, medical care, burial) for people without family support.
    case wubao

    public var chinese: String {
        switch self {
        case .none: return "无"
        case .dibao: return "低保"
        case .wubao: return "五保"
        }
    }
    public var english: String {
        switch self {
        case .none: return "none"
        case .dibao: return "minimum living allowance"
        case .wubao: return "five guarantees"
        }
    }
}

/// Kind of poverty-alleviation project (产业扶贫项目类型).
public enum ProjectType: String, RegistryCode {
    case breeding, planting, processing, machinery
    case assetIncome = "asset_income"
    case pv, fungi
    case labourTransfer = "labour_transfer"
    case training
    case microCredit = "micro_credit"
    case ecologicalPost = "ecological_post"
    case collective, tourism, infrastructure

    public var chinese: String {
        switch self {
        case .breeding: return "养殖"
        case .planting: return "种植"
        case .processing: return "农产品加工"
        case .machinery: return "农机购置"
        case .assetIncome: return "资产收益"
        case .pv: return "光伏"
        case .fungi: return "食用菌"
        case .labourTransfer: return "劳务转移"
        case .training: return "技能培训"
        case .microCredit: return "小额信贷"
        case .ecologicalPost: return "生态护林员"
        case .collective: return "村集体经济"
        case .tourism: return "乡村旅游"
        case .infrastructure: return "基础设施"
        }
    }
    public var english: String {
        switch self {
        case .breeding: return "livestock breeding"
        case .planting: return "planting"
        case .processing: return "farm-produce processing"
        case .machinery: return "farm machinery"
        case .assetIncome: return "asset income"
        case .pv: return "solar PV"
        case .fungi: return "edible fungi"
        case .labourTransfer: return "labour transfer"
        case .training: return "skills training"
        case .microCredit: return "micro-credit"
        case .ecologicalPost: return "ecological ranger posts"
        case .collective: return "village collective economy"
        case .tourism: return "rural tourism"
        case .infrastructure: return "infrastructure"
        }
    }
}

/// Progress of a project.
public enum ProjectStatus: String, RegistryCode {
    case planned, started, completed
    public var chinese: String {
        switch self {
        case .planned: return "计划"
        case .started: return "已开工"
        case .completed: return "已完工"
        }
    }
    public var english: String { rawValue }
}

/// Level or kind of a fund source (资金来源).
public enum FundKind: String, RegistryCode {
    case central, provincial, municipal, county, integrated, collective, credit, social

    public var chinese: String {
        switch self {
        case .central: return "中央专项"
        case .provincial: return "省级专项"
        case .municipal: return "市级专项"
        case .county: return "县级财政"
        case .integrated: return "统筹整合涉农资金"
        case .collective: return "村集体"
        case .credit: return "扶贫小额信贷"
        case .social: return "社会帮扶"
        }
    }
    public var english: String {
        switch self {
        case .central: return "central special fund"
        case .provincial: return "provincial special fund"
        case .municipal: return "municipal special fund"
        case .county: return "county fiscal money"
        case .integrated: return "integrated agricultural funds"
        case .collective: return "village collective"
        case .credit: return "poverty micro-credit"
        case .social: return "social assistance"
        }
    }
}

/// How a resettlement site houses people (安置方式).
public enum SiteKind: String, RegistryCode {
    /// 集中安置: a built site with flats.
    case concentrated
    /// 分散安置: households buy or build elsewhere with a subsidy; no flats.
    case dispersed
    public var chinese: String { self == .concentrated ? "集中安置" : "分散安置" }
    public var english: String { self == .concentrated ? "concentrated" : "dispersed" }
}

/// How a household relocates (搬迁方式).
public enum RelocationKind: String, RegistryCode {
    /// 整村搬迁: the whole natural village moves together.
    case wholeVillage = "whole_village"
    /// 插花搬迁: a scattered household moves on its own.
    case scattered
    public var chinese: String { self == .wholeVillage ? "整村搬迁" : "插花搬迁" }
    public var english: String { self == .wholeVillage ? "whole village" : "scattered" }
}

/// A risk the monitoring system (防返贫动态监测) records for a household (`risk` column of
/// households.csv and ordinary_households.csv, codes joined by `;`).
public enum MonitoringRisk: String, RegistryCode {
    /// 大病/重病: large medical expenses.
    case medical
    /// 因学: large schooling expenses.
    case schooling
    /// 因灾: natural disaster, accident.
    case disaster
    /// 失业/务工就业不稳: loss of work.
    case jobLoss = "job_loss"

    public var chinese: String {
        switch self {
        case .medical: return "因病"
        case .schooling: return "因学"
        case .disaster: return "因灾"
        case .jobLoss: return "失业"
        }
    }
    public var english: String {
        switch self {
        case .medical: return "medical expenses"
        case .schooling: return "schooling expenses"
        case .disaster: return "disaster"
        case .jobLoss: return "loss of work"
        }
    }

    /// The bit of this risk in `HouseholdTable.risks`.
    public var bit: UInt8 { UInt8(1) << UInt8(MonitoringRisk.allCases.firstIndex(of: self) ?? 0) }

    /// The risks whose bits are set in `mask`, in `allCases` order.
    public static func list(_ mask: UInt8) -> [MonitoringRisk] { allCases.filter { mask & $0.bit != 0 } }
}

/// The category of spending a project belongs to, for fund share rules (a fund's minimum share to
/// one category, e.g. at least 55 % of the linkage fund 衔接资金 to industry): the `category`
/// column of projects.csv, or by default the category of the project's type
/// (`ProjectType.defaultCategory`).
public enum ProjectCategory: String, RegistryCode {
    /// 产业: industry (breeding, planting, processing, machinery, fungi, tourism, collective economy).
    case industry
    /// 基础设施: infrastructure.
    case infrastructure
    /// 就业: employment (labour transfer, training, ecological posts).
    case employment
    /// 资产收益: asset income (PV dividends, asset shares).
    case assetIncome = "asset_income"
    /// 金融: finance (micro-credit).
    case finance

    public var chinese: String {
        switch self {
        case .industry: return "产业"
        case .infrastructure: return "基础设施"
        case .employment: return "就业"
        case .assetIncome: return "资产收益"
        case .finance: return "金融"
        }
    }
    public var english: String {
        switch self {
        case .industry: return "industry"
        case .infrastructure: return "infrastructure"
        case .employment: return "employment"
        case .assetIncome: return "asset income"
        case .finance: return "finance"
        }
    }
}

extension ProjectType {
    /// The category of a project of this type when projects.csv gives none.
    public var defaultCategory: ProjectCategory {
        switch self {
        case .breeding, .planting, .processing, .machinery, .fungi, .collective, .tourism: return .industry
        case .assetIncome, .pv: return .assetIncome
        case .labourTransfer, .training, .ecologicalPost: return .employment
        case .microCredit: return .finance
        case .infrastructure: return .infrastructure
        }
    }
}
