/// The series the HTML page draws; each chart is optional (a producer without the data leaves it out).
public struct ComparisonCharts: Codable, Equatable, Sendable {
    /// Poor persons remaining by township, one bar per scenario and township.
    public var poorPersonsByTownship: CategorySeries?
    /// The distribution of next year's poor headcount, per scenario, against the target.
    public var headcount: HeadcountChart?
    /// Funds by source and by project type, per scenario.
    public var funds: FundsChart?

    public init(poorPersonsByTownship: CategorySeries? = nil, headcount: HeadcountChart? = nil, funds: FundsChart? = nil) {
        self.poorPersonsByTownship = poorPersonsByTownship
        self.headcount = headcount
        self.funds = funds
    }
}

/// Values of several categories (townships) for every scenario: `values[scenario][category]`.
public struct CategorySeries: Codable, Equatable, Sendable {
    /// Chart heading.
    public var title: LocalizedText
    /// The unit of every value.
    public var unit: MeasureUnit
    /// Category labels (township names keep their Chinese text in both languages).
    public var categories: [LocalizedText]
    /// `values[scenario][category]`, scenarios in the order of `Comparison.scenarios`.
    public var values: [[Estimate]]

    public init(title: LocalizedText, unit: MeasureUnit, categories: [LocalizedText], values: [[Estimate]]) {
        self.title = title
        self.unit = unit
        self.categories = categories
        self.values = values
    }

    /// The largest value or upper interval end (the chart's scale), 0 when empty.
    public var maximum: Double {
        values.joined().map { max($0.value, $0.high ?? $0.value) }.max() ?? 0
    }
}

/// Next year's poor headcount per scenario, as a histogram of the draws and a few quantiles, with the target line.
public struct HeadcountChart: Codable, Equatable, Sendable {
    /// Chart heading.
    public var title: LocalizedText
    /// The most poor persons that may remain for the year's target to be met (the target line); nil if none.
    public var target: Double?
    /// What the target line is called, e.g. 年度目标 / Year's target.
    public var targetLabel: LocalizedText
    /// One distribution per scenario, in the order of `Comparison.scenarios`.
    public var distributions: [HeadcountDistribution]

    public init(title: LocalizedText, target: Double?, targetLabel: LocalizedText, distributions: [HeadcountDistribution]) {
        self.title = title
        self.target = target
        self.targetLabel = targetLabel
        self.distributions = distributions
    }

    /// The range of the horizontal axis: all bins, quantiles and the target.
    public var range: (low: Double, high: Double) {
        var points = distributions.flatMap { $0.binEdges + [$0.p05, $0.median, $0.p95] }
        if let target { points.append(target) }
        let low = points.min() ?? 0, high = points.max() ?? 1
        // A degenerate range (every draw the same headcount) is widened so the axis has a length.
        if high - low < 1 { return (low - max(1, abs(low) * 0.1), high + max(1, abs(high) * 0.1)) }
        return (low, high)
    }

    /// The largest bin share (the histograms' common vertical scale), 0 when there are no bins.
    public var largestShare: Double {
        distributions.flatMap(\.shares).max() ?? 0
    }
}

/// The distribution of one scenario's headcount over the draws.
public struct HeadcountDistribution: Codable, Equatable, Sendable {
    /// Bin edges in persons, ascending; `shares.count + 1` of them (or none, when only quantiles are known).
    public var binEdges: [Double]
    /// The fraction of draws falling in each bin (they add up to at most 1).
    public var shares: [Double]
    /// 5 % quantile (persons).
    public var p05: Double
    /// Median (persons).
    public var median: Double
    /// 95 % quantile (persons).
    public var p95: Double
    /// The probability that the year's target is met (headcount at or below the target), if computed.
    public var probabilityTargetMet: Double?

    public init(binEdges: [Double], shares: [Double], p05: Double, median: Double, p95: Double, probabilityTargetMet: Double?) {
        self.binEdges = binEdges
        self.shares = shares
        self.p05 = p05
        self.median = median
        self.p95 = p95
        self.probabilityTargetMet = probabilityTargetMet
    }

    /// A distribution from histogram counts of draws (as a simulation streams them): each share is the
    /// bin's count divided by `draws`, the number of draws in all (draws outside the bins count too).
    public init(binEdges: [Double], counts: [Int], draws: Int, p05: Double, median: Double, p95: Double, probabilityTargetMet: Double?) {
        let total = Double(max(draws, 1))
        self.init(binEdges: binEdges, shares: counts.map { Double($0) / total }, p05: p05, median: median, p95: p95,
                  probabilityTargetMet: probabilityTargetMet)
    }
}

/// Money planned or spent, by fund source and project type: `amounts[scenario][source][projectType]`, in yuan.
public struct FundsChart: Codable, Equatable, Sendable {
    /// Chart heading.
    public var title: LocalizedText
    /// Fund sources (中央财政专项扶贫资金 …).
    public var sources: [LocalizedText]
    /// Project types (养殖, 种植 …).
    public var projectTypes: [LocalizedText]
    /// `amounts[scenario][source][projectType]` in yuan.
    public var amounts: [[[Double]]]

    public init(title: LocalizedText, sources: [LocalizedText], projectTypes: [LocalizedText], amounts: [[[Double]]]) {
        self.title = title
        self.sources = sources
        self.projectTypes = projectTypes
        self.amounts = amounts
    }

    /// Yuan from each source in `scenario`, summed over project types.
    public func totalsBySource(scenario: Int) -> [Double] {
        amounts[scenario].map { $0.reduce(0, +) }
    }

    /// Yuan for each project type in `scenario`, summed over sources.
    public func totalsByProjectType(scenario: Int) -> [Double] {
        projectTypes.indices.map { type in amounts[scenario].reduce(0) { $0 + $1[type] } }
    }

    /// All yuan in `scenario`.
    public func total(scenario: Int) -> Double {
        totalsBySource(scenario: scenario).reduce(0, +)
    }

    /// The largest scenario total (the charts' common scale), 0 when empty.
    public var largestTotal: Double {
        amounts.indices.map { total(scenario: $0) }.max() ?? 0
    }
}
