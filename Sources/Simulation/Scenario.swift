/// One scenario of next year: how incomes grow and what can go wrong, the policy levers, the
/// allocation strategy and the year's targets. Read from `scenarios/*.toml` by
/// `Scenario.parse(toml:file:)`; the schema is in `notebooks-data/README.md`.
public struct Scenario: Sendable, Equatable {
    /// Name shown in reports (defaults to the file's base name).
    public var name: String
    /// Growth and spread of each income source, indexed by `IncomeSource.rawValue` (9 entries).
    public var sources: [SourceAssumption]
    /// Shocks common to many households (bad harvest, price fall, migrant work stopping).
    public var shocks: [CommonShock]
    /// Per-household risks of illness or disaster (at most `Scenario.maximumRisks`).
    public var risks: [HouseholdRisk]
    public var policy: PolicyLevers
    public var allocation: AllocationStrategy
    /// Stable-exit margin (稳定脱贫) of the even and optimised plans, a fraction 0…1 of the poverty
    /// line: the plan lifts households to line × (1 + exitMargin) (`GapCurves.build`,
    /// `FundAllocationOptions.exitMargin`). 0 (the default) lifts them exactly to the line; a fixed
    /// plan does not use it. TOML: `[allocation] exit_margin`.
    public var exitMargin: Double
    /// Who moves next year (nil: the rows of `relocation.csv`).
    public var relocation: RelocationSchedule?
    /// What moving does to a household (guarantees, farm income kept, follow-up wage income).
    public var relocationEffects: RelocationEffects
    public var targets: Targets
    /// Levers that change in later years of a multi-year projection (`tuopin plan --through YEAR`),
    /// sorted by year; a year not listed keeps the levers of the year before. TOML: `[years.YYYY]`.
    /// The one-year simulation ignores them.
    public var years: [YearLevers] = []

    /// The engine tracks at most 8 household risks (one bit each).
    public static let maximumRisks = 8

    public init(
        name: String, sources: [SourceAssumption] = Array(repeating: SourceAssumption(), count: IncomeSource.allCases.count),
        shocks: [CommonShock] = [], risks: [HouseholdRisk] = [], policy: PolicyLevers = PolicyLevers(),
        allocation: AllocationStrategy = .optimised, exitMargin: Double = 0, relocation: RelocationSchedule? = nil,
        relocationEffects: RelocationEffects = RelocationEffects(), targets: Targets = Targets()
    ) {
        self.name = name
        self.sources = sources
        self.shocks = shocks
        self.risks = risks
        self.policy = policy
        self.allocation = allocation
        self.exitMargin = exitMargin
        self.relocation = relocation
        self.relocationEffects = relocationEffects
        self.targets = targets
    }

    /// The assumption for one source.
    public subscript(source: IncomeSource) -> SourceAssumption {
        get { sources[source.rawValue] }
        set { sources[source.rawValue] = newValue }
    }
}

/// Growth and uncertainty of one income source.
///
/// Next year's income from the source is `income · (1 + growth) · (1 + spread · z)` with z a
/// standard normal drawn for each household and draw (a multiplicative normal shock with
/// standard deviation `spread`), times the common shocks that hit the source.
public struct SourceAssumption: Sendable, Equatable {
    /// Mean growth, a fraction (0.05 = +5 %).
    public var growth: Double
    /// Standard deviation of the multiplicative shock, a fraction (0.2 = 20 % of the income).
    public var spread: Double

    public init(growth: Double = 0, spread: Double = 0) {
        self.growth = growth
        self.spread = spread
    }
}

/// A shock common to many households in a draw: with `probability` it strikes and removes
/// `loss` (a fraction) of the income from `sources` of every exposed household.
public struct CommonShock: Sendable, Equatable {
    /// Who shares one throw of the dice.
    public enum Scope: String, Sendable, Equatable {
        /// One throw a draw for the whole county (e.g. migrant work stopping as in 2020).
        case county
        /// One independent throw a draw for each township (e.g. a local bad harvest).
        case township
    }

    public var name: String
    public var sources: [IncomeSource]
    public var scope: Scope
    /// Township tiers exposed (1, 2, 3); empty means all townships.
    public var tiers: [Int]
    /// Probability that the shock strikes (per draw, per unit of `scope`).
    public var probability: Double
    /// Fraction of the sources' income lost when it strikes (0…1).
    public var loss: Double

    public init(name: String, sources: [IncomeSource], scope: Scope, tiers: [Int] = [], probability: Double, loss: Double) {
        self.name = name
        self.sources = sources
        self.scope = scope
        self.tiers = tiers
        self.probability = probability
        self.loss = loss
    }
}

/// A household's own risk of illness or disaster: with `probability` (independently for each
/// household and draw) it loses `lossYuan + lossFraction · max(income, 0)` yuan of next year's
/// income. Applies to households whose recorded cause is in `causes` (all households if empty).
public struct HouseholdRisk: Sendable, Equatable {
    public var name: String
    public var causes: [PovertyCause]
    public var probability: Double
    /// Fraction of the household's income lost (0…1).
    public var lossFraction: Double
    /// Fixed loss in yuan per household (medical bills, rebuilding).
    public var lossYuan: Double
    /// Years a strike lasts in a multi-year projection (≥ 1): a household struck in year t loses
    /// the risk's loss in years t … t + durationYears − 1 (once a year, however many strikes
    /// overlap). 1, the default, is the one-year simulation's risk. TOML: `duration_years`.
    public var durationYears: Int

    public init(name: String, causes: [PovertyCause] = [], probability: Double, lossFraction: Double = 0, lossYuan: Double = 0,
                durationYears: Int = 1) {
        self.name = name
        self.causes = causes
        self.probability = probability
        self.lossFraction = lossFraction
        self.lossYuan = lossYuan
        self.durationYears = durationYears
    }
}

/// Policy levers of the scenario.
public struct PolicyLevers: Sendable, Equatable {
    /// Who receives the transfer increase.
    public enum TransferRecipients: String, Sendable, Equatable {
        /// 兜底户 only (raising the 低保 / 五保 standard).
        case safetyNet = "safety_net"
        /// Every registered poor household.
        case registeredPoor = "registered_poor"
        /// Every household in the registry.
        case all
    }

    /// Which registered poor villages get their missing infrastructure (hard road, safe water,
    /// electricity, broadband, clinic, school) completed during the year, by works the county
    /// funds outside the allocated funds (its infrastructure plan for exiting villages). A
    /// village still lacking an item cannot exit, whatever its incidence.
    public enum InfrastructureWorks: String, Sendable, Equatable {
        /// None: villages keep the gaps the registry records.
        case none
        /// The villages planned to exit by the simulated year (`planned_exit_year` ≤ year + 1).
        case planned
        /// Every registered poor village.
        case all
    }

    /// Poverty line next year in yuan per person per year; nil keeps the county's.
    public var povertyLine: Double?
    /// Extra transfer in yuan per person per year.
    public var transferIncreasePerPerson: Double
    public var transferRecipients: TransferRecipients
    /// Villages whose infrastructure gaps are closed during the year.
    public var infrastructureWorks: InfrastructureWorks

    public init(povertyLine: Double? = nil, transferIncreasePerPerson: Double = 0, transferRecipients: TransferRecipients = .safetyNet,
                infrastructureWorks: InfrastructureWorks = .none) {
        self.povertyLine = povertyLine
        self.transferIncreasePerPerson = transferIncreasePerPerson
        self.transferRecipients = transferRecipients
        self.infrastructureWorks = infrastructureWorks
    }
}

/// How the fund is allocated. The engine only receives the resulting per-household plan income
/// (`HouseholdArrays.planIncome`); the CLI chooses it from this strategy.
public enum AllocationStrategy: Sendable, Equatable {
    /// The optimiser's plan (`tuopin allocate`).
    case optimised
    /// The same amount per poor village (平均主义), the baseline the optimiser must beat.
    case even
    /// A fixed plan read from a file (path relative to the scenario file).
    case fixed(planFile: String)

    /// The name used in files and reports.
    public var key: String {
        switch self {
        case .optimised: "optimised"
        case .even: "even"
        case .fixed: "fixed"
        }
    }
}

/// The relocation schedule of the year: which rows of the relocation plan move
/// (`CountyStudy.relocationRows(for:)`); the resettlement model places them and
/// `SimulationInput.relocate` applies `RelocationEffects` to the placed households.
public enum RelocationSchedule: Sendable, Equatable {
    /// A relocation file (like `relocation.csv`), path relative to the scenario file.
    case file(String)
    /// A number of households to relocate this year.
    case count(Int)
}

/// The year's targets, as the county's yearly plan sets them. A nil target is not tracked.
public struct Targets: Sendable, Equatable {
    /// Persons in registered poor households that exit, at least.
    public var personsExit: Int?
    /// Registered poor villages that exit, at least.
    public var villagesExit: Int?
    /// Households returning to poverty (返贫), at most.
    public var maximumReturningHouseholds: Int?
    /// Whether the county's exit (摘帽: incidence below the threshold) is a target.
    public var countyExit: Bool

    public init(personsExit: Int? = nil, villagesExit: Int? = nil, maximumReturningHouseholds: Int? = nil, countyExit: Bool = false) {
        self.personsExit = personsExit
        self.villagesExit = villagesExit
        self.maximumReturningHouseholds = maximumReturningHouseholds
        self.countyExit = countyExit
    }
}

/// The levers of one later year of a multi-year projection (`[years.YYYY]` in a scenario file).
/// A nil lever keeps the value of the year before (the scenario's own for its first year).
public struct YearLevers: Sendable, Equatable {
    /// The calendar year the levers apply to.
    public var year: Int
    /// The year's funds, yuan in all: the sources of `funds.csv` scaled in proportion to reach this
    /// total (nil: the amounts of the year before).
    public var funds: Double?
    /// The year's extra transfer, yuan per person per year (as `PolicyLevers.transferIncreasePerPerson`).
    public var transferIncreasePerPerson: Double?
    /// The year's poverty line, yuan per person per year.
    public var povertyLine: Double?
    /// The year's growth by source (a fraction), replacing the scenario's growth of those sources
    /// from this year on; sources not named keep theirs.
    public var growth: [(source: IncomeSource, growth: Double)]
    /// The year's relocation, households (rows of the schedule) in all: the first n rows of the
    /// schedule not moved yet, in the schedule's order (by year, then file order), in place of the
    /// rows scheduled for the year and those left over from earlier years — more than scheduled
    /// brings later moves forward, fewer postpones them, 0 moves nobody that year. nil: the schedule.
    public var relocationCount: Int?

    public init(year: Int, funds: Double? = nil, transferIncreasePerPerson: Double? = nil, povertyLine: Double? = nil,
                growth: [(source: IncomeSource, growth: Double)] = [], relocationCount: Int? = nil) {
        self.year = year
        self.funds = funds
        self.transferIncreasePerPerson = transferIncreasePerPerson
        self.povertyLine = povertyLine
        self.growth = growth
        self.relocationCount = relocationCount
    }

    /// The longest projection (and the longest `HouseholdRisk.durationYears`) accepted: 30 years.
    public static let maximumYears = 30

    public static func == (a: YearLevers, b: YearLevers) -> Bool {
        a.year == b.year && a.funds == b.funds && a.transferIncreasePerPerson == b.transferIncreasePerPerson
            && a.povertyLine == b.povertyLine && a.relocationCount == b.relocationCount && a.growth.map(\.source) == b.growth.map(\.source)
            && a.growth.map(\.growth) == b.growth.map(\.growth)
    }
}
