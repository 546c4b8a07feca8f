/// One year of a projection's results, over the draws.
public struct ProjectionYearResult: Sendable, Equatable {
    public var year: Int
    /// Persons and households poor at the end of the year (the one-year engine's rule).
    public var poorPersons: Interval
    public var poorHouseholds: Interval
    /// Poor persons ÷ the county's agricultural population.
    public var incidence: Interval
    /// Poor at the end of the year before (the registry for the first year), not poor now.
    public var exitingPersons: Interval
    public var exitingHouseholds: Interval
    /// Not poor at the end of the year before (exited, or never registered), poor now (返贫).
    public var returningPersons: Interval
    public var returningHouseholds: Interval
    /// Registered poor villages meeting the exit rule this year for the first time in the draw.
    public var villagesExiting: Interval
    /// Yuan the year's plan spends, and the plans so far.
    public var cost: Double
    public var cumulativeCost: Double
    /// P(the county's rule, incidence < threshold, holds this year).
    public var countyExitInYear: Double
    /// P(the county's rule has held in some year up to this one): the county has exited (摘帽) by then.
    public var countyExitByYear: Double
    /// The year's targets (persons exiting, villages exiting: at least), nil when not set.
    public var personsExitTarget: Int?
    public var villagesExitTarget: Int?
    /// P(every target of the year is met); nil when the year has none.
    public var targetProbability: Double?
}

/// A multi-year projection of one scenario (`Projection.run`).
public struct ProjectionResult: Sendable, Equatable {
    public var scenario: String
    public var draws: Int
    public var seed: UInt64
    public var households: Int
    /// One entry a year, in order.
    public var years: [ProjectionYearResult]
    /// The distribution of the county's exit year (the first year its rule holds): one
    /// probability a projected year, in order.
    public var exitYearProbability: [Double]
    /// P(the county has not exited by the last year).
    public var noExitProbability: Double
}

/// The counts of one draw in one year.
struct ProjectionDrawCounts: Sendable, Equatable {
    var poorPersons = 0
    var poorHouseholds = 0
    var exitingPersons = 0
    var exitingHouseholds = 0
    var returningPersons = 0
    var returningHouseholds = 0
    var villagesExiting = 0
    var countyRule = false
}
