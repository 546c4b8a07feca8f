/// The comparison of scenarios that every renderer reads: a title, the scenarios (baseline first),
/// the main table of indicators, optional breakdowns by township and by tier, and chart series.
///
/// The model holds plain values only (names, numbers, intervals, arrays), so any producer — the
/// simulation, a test, a JSON file written earlier — can fill it. Every figure a renderer shows is
/// either stored here or derived here (`ComparisonRow.difference(at:)`, `FundsChart.totalsBySource(scenario:)`);
/// renderers only format and lay out.
public struct Comparison: Codable, Equatable, Sendable {
    /// The page or table title, e.g. "代县 2020 年脱贫方案比较".
    public var title: LocalizedText
    /// A line under the title: county, year, number of draws and seed, meaning of the intervals.
    public var subtitle: LocalizedText?
    /// The scenarios compared; the first is the baseline every difference refers to.
    public var scenarios: [ScenarioName]
    /// The main table: one row per indicator.
    public var table: ComparisonTable
    /// The same indicators by township (`--by township`), if the producer supplied them.
    public var byTownship: ComparisonTable?
    /// The same indicators by tier of township (`--by tier`), if the producer supplied them.
    public var byTier: ComparisonTable?
    /// Series for the HTML page's charts.
    public var charts: ComparisonCharts
    /// Footnotes shown under the table (sources, assumptions).
    public var notes: [LocalizedText]
    /// Keys of main-table rows to show as key figures, one card per scenario, at the top of the HTML page.
    public var headline: [String]

    /// A comparison; call `validate()` (or let a renderer entry point do it) before rendering.
    public init(title: LocalizedText, subtitle: LocalizedText? = nil, scenarios: [ScenarioName], table: ComparisonTable,
                byTownship: ComparisonTable? = nil, byTier: ComparisonTable? = nil,
                charts: ComparisonCharts = ComparisonCharts(), notes: [LocalizedText] = [], headline: [String] = []) {
        self.title = title
        self.subtitle = subtitle
        self.scenarios = scenarios
        self.table = table
        self.byTownship = byTownship
        self.byTier = byTier
        self.charts = charts
        self.notes = notes
        self.headline = headline
    }

    /// The baseline scenario (the first).
    public var baseline: ScenarioName? { scenarios.first }

    /// The main-table rows named in `headline`, in its order (unknown keys are left out).
    public var headlineRows: [ComparisonRow] {
        headline.compactMap { key in table.rows.first { $0.key == key } }
    }

    /// The table for a breakdown, or the main table for `nil`.
    public func table(by dimension: BreakdownDimension?) -> ComparisonTable? {
        switch dimension {
        case nil: return table
        case .township: return byTownship
        case .tier: return byTier
        }
    }
}

/// A scenario's stable name (as in its scenario file, used as the JSON key) and its label for readers.
public struct ScenarioName: Codable, Equatable, Sendable {
    /// Stable identifier, e.g. `baseline`, `optimised`.
    public var name: String
    /// What a reader sees, e.g. 基线（平均分配）/ Baseline (even spreading).
    public var label: LocalizedText

    public init(name: String, label: LocalizedText) {
        self.name = name
        self.label = label
    }
}

/// How breakdown tables are split (`--by`).
public enum BreakdownDimension: String, Codable, CaseIterable, Sendable {
    case township, tier
}

/// A table of indicator rows grouped into sections (in the order of `sections`).
public struct ComparisonTable: Codable, Equatable, Sendable {
    /// The heading shown above the table.
    public var title: LocalizedText
    /// The sections, in display order; every row names one of them by `key`.
    public var sections: [ComparisonSection]
    /// The rows, in display order within their sections.
    public var rows: [ComparisonRow]

    public init(title: LocalizedText, sections: [ComparisonSection], rows: [ComparisonRow]) {
        self.title = title
        self.sections = sections
        self.rows = rows
    }

    /// Whether any value carries an interval (then renderers explain what the interval is).
    public var hasIntervals: Bool {
        rows.contains { $0.values.contains { $0?.interval != nil } }
    }

    /// Sections paired with their rows, in display order; sections without rows are left out.
    public var grouped: [(section: ComparisonSection, rows: [ComparisonRow])] {
        sections.compactMap { section in
            let members = rows.filter { $0.section == section.key }
            return members.isEmpty ? nil : (section, members)
        }
    }
}

/// A group of rows under one heading (贫困与出列, 资金, a township …).
public struct ComparisonSection: Codable, Equatable, Sendable {
    /// Stable identifier rows refer to.
    public var key: String
    /// The heading.
    public var label: LocalizedText

    public init(key: String, label: LocalizedText) {
        self.key = key
        self.label = label
    }
}

/// What a number counts, which decides how it is formatted.
public enum MeasureUnit: String, Codable, CaseIterable, Sendable {
    /// Persons (人), shown as whole numbers.
    case persons
    /// Households (户), whole numbers.
    case households
    /// Other counts (villages 个), whole numbers.
    case count
    /// A share between 0 and 1 (incidence, occupancy), shown as a percentage; differences in percentage points.
    case fraction
    /// A probability between 0 and 1, shown as a percentage; differences in percentage points.
    case probability
    /// Money in yuan (元).
    case yuan
    /// A dimensionless index (FGT1, FGT2, Gini), shown with three or four decimals.
    case index
}

/// Which direction of change is an improvement, for highlighting differences to the baseline.
public enum PreferredDirection: String, Codable, Sendable {
    case lower, higher, neither
}

/// A point estimate with an optional interval (5 %–95 % of the simulated draws).
public struct Estimate: Codable, Equatable, Sendable {
    /// The point estimate (the mean of the draws, or the one deterministic value).
    public var value: Double
    /// The 5 % quantile, when the value is uncertain.
    public var low: Double?
    /// The 95 % quantile, when the value is uncertain.
    public var high: Double?

    public init(_ value: Double, low: Double? = nil, high: Double? = nil) {
        self.value = value
        self.low = low
        self.high = high
    }

    /// The interval, when both ends are known.
    public var interval: (low: Double, high: Double)? {
        guard let low, let high else { return nil }
        return (low, high)
    }
}

/// How a scenario's value compares with the baseline's, given the row's preferred direction.
public enum Change: String, Sendable {
    case better, worse, same, neutral, unavailable
}

/// One indicator: a stable key, labels, unit, section, and one value per scenario.
public struct ComparisonRow: Codable, Equatable, Sendable {
    /// Stable identifier (`poor_persons`, `target:persons`, `funds:central` …); JSON consumers rely on it.
    public var key: String
    /// The `key` of the section the row belongs to.
    public var section: String
    /// What the row measures.
    public var label: LocalizedText
    /// How its numbers are formatted.
    public var unit: MeasureUnit
    /// Which direction is an improvement.
    public var preferred: PreferredDirection
    /// One value per scenario, in the order of `Comparison.scenarios`; `nil` where not applicable.
    public var values: [Estimate?]

    public init(key: String, section: String, label: LocalizedText, unit: MeasureUnit,
                preferred: PreferredDirection, values: [Estimate?]) {
        self.key = key
        self.section = section
        self.label = label
        self.unit = unit
        self.preferred = preferred
        self.values = values
    }

    /// Scenario `index`'s value minus the baseline's (index 0), in the row's unit (for fractions and
    /// probabilities: a difference of fractions, shown as percentage points); nil when either is missing.
    public func difference(at index: Int) -> Double? {
        guard values.indices.contains(index), let value = values[index]?.value, let base = values.first??.value else { return nil }
        return value - base
    }

    /// Whether scenario `index` is better, worse or the same as the baseline. Differences smaller than
    /// 10⁻⁹ of the baseline's magnitude count as the same.
    public func change(at index: Int) -> Change {
        guard let difference = difference(at: index), let base = values.first??.value else { return .unavailable }
        if abs(difference) <= 1e-9 * max(1, abs(base)) { return .same }
        switch preferred {
        case .neither: return .neutral
        case .lower: return difference < 0 ? .better : .worse
        case .higher: return difference > 0 ? .better : .worse
        }
    }
}
