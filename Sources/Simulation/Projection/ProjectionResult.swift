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
    /// Yuan the year's plan spends, and the plans and relocations so far (Σ cost + relocationCost).
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
    /// The year's monitoring over the draws; nil when the projection had no `ProjectionMonitoring`.
    public var monitoring: ProjectionMonitoringYear? = nil
    /// The year's relocation (`ProjectionYear`): persons and households placed, yuan.
    public var relocatedPersons: Int = 0
    public var relocatedHouseholds: Int = 0
    public var relocationCost: Double = 0
    /// By draw: poor persons at the end of the year, and whether the county has exited (its rule
    /// held in some year up to this one) — for figures joint over counties (a province).
    public var drawPoorPersons: [Int] = []
    public var drawCountyExitedByYear: [Bool] = []
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
    /// Every year's per-household draws (`ProjectionMonitoring.recordHouseholds`), else nil.
    public var householdDraws: ProjectionHouseholdDraws? = nil
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
    /// The monitoring's households (`ProjectionMonitoringYear`): on the list, by class, identified,
    /// eliminated this year, eliminated by this year.
    var monitored = 0
    var unstable = 0
    var marginal = 0
    var suddenHardship = 0
    var identified = 0
    var riskEliminated = 0
    var riskEliminatedByYear = 0
}

/// A worker's monitoring state of four draws: by (household, draw) [h·4 + d] the flags (bit 0
/// monitored, bit 1 risk eliminated once), the calm years in a row and the income of the year
/// before; and its per-household records of every year (`ProjectionMonitoring.recordHouseholds`).
final class MonitorScratch: @unchecked Sendable {
    let state: Buffer<UInt8>
    let calm: Buffer<UInt8>
    let previousIncome: Buffer<Double>
    let poorDraws: Buffer<UInt32>
    let belowThresholdDraws: Buffer<UInt32>
    let suddenHardshipDraws: Buffer<UInt32>

    init(households n: Int, recordYears: Int) {
        state = Buffer(repeating: 0, count: n * 4)
        calm = Buffer(repeating: 0, count: n * 4)
        previousIncome = Buffer(repeating: 0, count: n * 4)
        poorDraws = Buffer(repeating: 0, count: recordYears * n)
        belowThresholdDraws = Buffer(repeating: 0, count: recordYears * n)
        suddenHardshipDraws = Buffer(repeating: 0, count: recordYears * n)
    }
}
