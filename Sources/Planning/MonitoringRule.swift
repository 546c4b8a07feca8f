/// The monitoring rule of the transition period (防返贫动态监测和帮扶, from 2021): who the county
/// watches after exit, read from `county.toml` `[monitoring]`. Every number is a parameter of the
/// data (set by the province each year), never a constant of the code.
public struct MonitoringRule: Sendable, Equatable {
    /// The monitoring income threshold (监测范围), yuan per person per year: households whose
    /// per-capita net income may fall below it are watched. Typically above the poverty line
    /// (about 1.5 × the old line or more, by province).
    public var threshold: Double
    /// Compliant out-of-pocket spending (合规自付支出: medical, schooling) over the last 12 months,
    /// yuan per household, from which the spending counts as a large rigid expense (a risk); nil:
    /// spending counts only through the income left after it.
    public var spendingThreshold: Double?
    /// Years a monitored household must have been watched, with its income stably above the
    /// threshold and no outstanding risk, before its risk may be declared eliminated (风险消除).
    public var stableYears: Int
    /// Probability cut-off (0…1): a household whose simulated probability of falling below the
    /// threshold (or the line, for sudden hardship) is at least this is at risk.
    public var riskProbability: Double
    /// Where the numbers come from (a document and its date), shown in reports.
    public var source: String?
    /// Per-year parameters (`[[monitoring.years]]`), sorted by year; a year not listed takes the
    /// latest entry before it, else the values above.
    public var years: [MonitoringYear]

    public init(threshold: Double, spendingThreshold: Double? = nil, stableYears: Int = 1, riskProbability: Double = 0.2,
                source: String? = nil, years: [MonitoringYear] = []) {
        self.threshold = threshold
        self.spendingThreshold = spendingThreshold
        self.stableYears = stableYears
        self.riskProbability = riskProbability
        self.source = source
        self.years = years.sorted { $0.year < $1.year }
    }

    /// The parameters in force in `year`: the latest `[[monitoring.years]]` entry with a year ≤
    /// `year` overrides the threshold and spending threshold it gives; the rest are the rule's.
    public func parameters(for year: Int) -> MonitoringParameters {
        var p = MonitoringParameters(year: year, threshold: threshold, spendingThreshold: spendingThreshold,
                                     stableYears: stableYears, riskProbability: riskProbability)
        if let entry = years.last(where: { $0.year <= year }) {
            p.threshold = entry.threshold
            if let s = entry.spendingThreshold { p.spendingThreshold = s }
        }
        return p
    }
}

/// One year of the province's monitoring parameters (`[[monitoring.years]]`).
public struct MonitoringYear: Sendable, Equatable {
    public var year: Int
    /// The monitoring threshold of that year, yuan per person per year.
    public var threshold: Double
    /// The spending threshold of that year, yuan per household; nil keeps the rule's.
    public var spendingThreshold: Double?

    public init(year: Int, threshold: Double, spendingThreshold: Double? = nil) {
        self.year = year
        self.threshold = threshold
        self.spendingThreshold = spendingThreshold
    }
}

/// The monitoring parameters of one year (`MonitoringRule.parameters(for:)`).
public struct MonitoringParameters: Sendable, Equatable {
    /// The calendar year they apply to.
    public var year: Int
    /// Yuan per person per year.
    public var threshold: Double
    /// Yuan per household (compliant out-of-pocket spending over 12 months); nil: no such rule.
    public var spendingThreshold: Double?
    public var stableYears: Int
    public var riskProbability: Double

    public init(year: Int, threshold: Double, spendingThreshold: Double?, stableYears: Int, riskProbability: Double) {
        self.year = year
        self.threshold = threshold
        self.spendingThreshold = spendingThreshold
        self.stableYears = stableYears
        self.riskProbability = riskProbability
    }
}
