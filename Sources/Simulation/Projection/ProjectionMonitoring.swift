/// What a projection needs to classify households as the monitoring system (防返贫动态监测) does,
/// in every year and draw (`Projection.run(years:options:monitoring:)`).
///
/// In draw d and year t, a household not poor at the start of the year (not poor at the end of the
/// year before; for the first year: not registered poor) is examined; with y its income that year
/// (yuan a household), n its persons, z the line, m the year's threshold:
/// - **at risk** ⇔ y < m·n, or, in the first year only, a reason the registry records
///   (`firstYearRisk`: a recorded risk, rigid spending, income after compliant spending below m);
/// - **突发严重困难户 sudden hardship** when at risk, its per-capita income at the start of the year
///   (the registry's for the first year, else the draw's income of the year before ÷ n) is at least
///   m, and the trouble is sudden: y < z·n, a scenario risk in force that year, or (first year) a
///   recorded risk or rigid spending (`firstYearSudden`); otherwise **脱贫不稳定户 exited but
///   unstable** (ever registered) or **边缘易致贫户 marginal** (never registered);
/// - a household not monitored that is at risk is **identified** and monitored from that year;
/// - a monitored household counts its calm years (examined and not at risk, in a row; a year at
///   risk or poor at the start sets the count to 0); its **risk is eliminated** (风险消除) the year the
///   count reaches the year's stable years, when someone in it can work: it leaves the list (and may
///   be identified again later). Otherwise it stays on the list, in its class (by registration when
///   not at risk that year).
/// Households already monitored before the first year (`monitoredSince`, the registry's
/// `monitored_year`) start with a count of first year − 1 − that year, so the first year's
/// elimination needs (first year − monitored year) ≥ stable years, as `tuopin monitor`'s rule.
public struct ProjectionMonitoring: Sendable {
    /// The monitoring threshold of each projected year, yuan per person per year.
    public var thresholds: [Double]
    /// The stable years of each projected year (≥ 0).
    public var stableYears: [Int]
    /// By household (input order): ever on the poverty registry (registered_year given).
    public var everRegistered: [Bool]
    /// By household: someone can work (labour > 0).
    public var canWork: [Bool]
    /// By household: per-capita income at the start of the first year (the registry's), yuan per person.
    public var startPerCapitaIncome: [Double]
    /// By household: at risk in the first year whatever its income (see the type).
    public var firstYearRisk: [Bool]
    /// By household: sudden trouble in the first year (a recorded risk, rigid spending).
    public var firstYearSudden: [Bool]
    /// By household: the year it entered monitoring, nil when it is not monitored.
    public var monitoredSince: [Int?]
    /// The households counted in the poverty figures are the first `countedHouseholds`; the rest
    /// (ordinary households, never registered, appended after the registry's so the registry's keep
    /// their random numbers) are only classified. nil: every household is counted.
    public var countedHouseholds: Int?
    /// Keep, for every year and household, the draws in which it is poor and those in which its
    /// income is below the threshold (or it is poor whatever its income), and those in which it is
    /// listed as sudden hardship: `ProjectionResult.householdDraws`.
    public var recordHouseholds: Bool

    public init(thresholds: [Double], stableYears: [Int], everRegistered: [Bool], canWork: [Bool], startPerCapitaIncome: [Double],
                firstYearRisk: [Bool], firstYearSudden: [Bool], monitoredSince: [Int?], countedHouseholds: Int? = nil,
                recordHouseholds: Bool = false) {
        self.thresholds = thresholds
        self.stableYears = stableYears
        self.everRegistered = everRegistered
        self.canWork = canWork
        self.startPerCapitaIncome = startPerCapitaIncome
        self.firstYearRisk = firstYearRisk
        self.firstYearSudden = firstYearSudden
        self.monitoredSince = monitoredSince
        self.countedHouseholds = countedHouseholds
        self.recordHouseholds = recordHouseholds
    }

    /// - Throws: `SimulationInputError` when a column's length is not the households' or the years'.
    func validate(households: Int, years: Int) throws(SimulationInputError) {
        for (name, count) in [("monitoring.thresholds", thresholds.count), ("monitoring.stableYears", stableYears.count)] where count != years {
            throw .lengthMismatch(field: name, expected: years, found: count)
        }
        for (name, count) in [("monitoring.everRegistered", everRegistered.count), ("monitoring.canWork", canWork.count),
                              ("monitoring.startPerCapitaIncome", startPerCapitaIncome.count),
                              ("monitoring.firstYearRisk", firstYearRisk.count), ("monitoring.firstYearSudden", firstYearSudden.count),
                              ("monitoring.monitoredSince", monitoredSince.count)] where count != households {
            throw .lengthMismatch(field: name, expected: households, found: count)
        }
        for (k, m) in thresholds.enumerated() where !(m.isFinite && m > 0) {
            throw .invalidValue(field: "monitoring.thresholds", index: k, message: "must be a positive number of yuan")
        }
        for (k, s) in stableYears.enumerated() where s < 0 || s > 255 {
            throw .invalidValue(field: "monitoring.stableYears", index: k, message: "must be from 0 to 255")
        }
        if let counted = countedHouseholds, counted < 0 || counted > households {
            throw .invalidValue(field: "monitoring.countedHouseholds", index: 0, message: "must be from 0 to the households (\(households))")
        }
    }
}

/// The monitoring of one projected year over the draws (counts of households, each {mean, 5 %, 95 %}).
public struct ProjectionMonitoringYear: Sendable, Equatable {
    /// On the list at the end of the year (identified or still monitored, risk not eliminated), and by class.
    public var monitored: Interval
    public var unstable: Interval
    public var marginal: Interval
    public var suddenHardship: Interval
    /// Entering monitoring this year.
    public var identified: Interval
    /// Risks eliminated (风险消除) this year.
    public var riskEliminated: Interval
    /// Households whose risk has been eliminated in some year up to this one.
    public var riskEliminatedByYear: Interval
}

/// Per-household draws of every year of a projection (`ProjectionMonitoring.recordHouseholds`).
public struct ProjectionHouseholdDraws: Sendable, Equatable {
    /// [year][household]: draws in which the household is poor at the end of the year (the rule).
    public var poor: [[UInt32]]
    /// [year][household]: draws in which its income is below threshold × persons, or it is poor
    /// whatever its income.
    public var belowThreshold: [[UInt32]]
    /// [year][household]: draws in which it is on the year's list as 突发严重困难户 (the rule of
    /// `ProjectionMonitoring`): Σ_h suddenHardship[y][h] / draws is the year's mean
    /// `ProjectionMonitoringYear.suddenHardship` exactly.
    public var suddenHardship: [[UInt32]]
}
