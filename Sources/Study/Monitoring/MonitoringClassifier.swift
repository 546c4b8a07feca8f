import Planning

/// The classes of the monitoring system (防返贫监测对象).
public enum MonitoringClass: String, Sendable, CaseIterable {
    /// 脱贫不稳定户: exited the registry, but at risk of falling back.
    case unstable
    /// 边缘易致贫户: never registered, near the line.
    case marginal
    /// 突发严重困难户: well above the threshold now, thrown down by a sudden shock or a large expense.
    case suddenHardship = "sudden_hardship"

    public var chinese: String {
        switch self {
        case .unstable: return "脱贫不稳定户"
        case .marginal: return "边缘易致贫户"
        case .suddenHardship: return "突发严重困难户"
        }
    }
    public var english: String {
        switch self {
        case .unstable: return "exited but unstable"
        case .marginal: return "marginal, near the line"
        case .suddenHardship: return "sudden hardship"
        }
    }
}

/// Why a household is at risk, or why its risk is not eliminated.
public enum MonitoringReason: String, Sendable, CaseIterable {
    /// P(per-capita income < threshold) ≥ the cut-off.
    case incomeBelowThreshold = "income_below_threshold"
    /// P(per-capita income < line) ≥ the cut-off.
    case incomeBelowLine = "income_below_line"
    /// Income after the compliant out-of-pocket spending is below the threshold per person.
    case spendingBelowThreshold = "spending_below_threshold"
    /// Compliant out-of-pocket spending ≥ the spending threshold (large rigid expense).
    case rigidSpending = "rigid_spending"
    /// A risk recorded in the registry (medical, schooling, disaster, loss of work).
    case recordedRisk = "recorded_risk"
    /// A later projected year: P(thrown into sudden hardship by the year's shocks in the draws) ≥ the
    /// cut-off (`MonitoredHouseholdState.probabilitySuddenHardship`).
    case suddenShock = "sudden_shock"
    /// Elimination refused: nobody in the household can work.
    case cannotWork = "cannot_work"
    /// Elimination refused: monitored for fewer than the rule's stable years.
    case tooRecent = "too_recent"

    public var chinese: String {
        switch self {
        case .incomeBelowThreshold: return "收入可能低于监测线"
        case .incomeBelowLine: return "收入可能低于贫困线"
        case .spendingBelowThreshold: return "扣除合规自付支出后低于监测线"
        case .rigidSpending: return "刚性支出较大"
        case .recordedRisk: return "存在风险"
        case .suddenShock: return "可能因突发变故陷入严重困难"
        case .cannotWork: return "无劳动能力"
        case .tooRecent: return "监测未满规定年限"
        }
    }
    public var english: String {
        switch self {
        case .incomeBelowThreshold: return "income may fall below the threshold"
        case .incomeBelowLine: return "income may fall below the line"
        case .spendingBelowThreshold: return "below the threshold after compliant spending"
        case .rigidSpending: return "large rigid spending"
        case .recordedRisk: return "recorded risk"
        case .suddenShock: return "a shock may throw it into sudden hardship"
        case .cannotWork: return "cannot work"
        case .tooRecent: return "monitored for too short a time"
        }
    }
}

/// What the classification needs to know of one household in one projected year: its record and
/// its simulated state (the probabilities over the draws of that year). Built per year, so a
/// multi-year projection can classify every year from that year's draws.
public struct MonitoredHouseholdState: Sendable, Equatable {
    /// Ever on the poverty registry (建档立卡, registered_year given).
    public var registered: Bool
    /// Registered and not exited before the classified year: a poor household under assistance,
    /// not a monitoring case.
    public var registeredPoor: Bool
    /// Persons (≥ 1) and persons able to work.
    public var persons: Int
    public var labour: Int
    /// Per-capita net income at the start of the year (the registry's), yuan per person.
    public var perCapitaIncome: Double
    /// Compliant out-of-pocket spending over the last 12 months, yuan per household.
    public var compliantSpending: Double
    /// Outstanding recorded risks (`MonitoringRisk` bits).
    public var risks: UInt8
    /// Year it entered monitoring, nil when it is not monitored yet.
    public var monitoredYear: Int?
    /// P(per-capita income < line) and P(per-capita income < threshold) in the year, over the draws.
    public var probabilityBelowLine: Double
    public var probabilityBelowThreshold: Double
    /// A year after the first of a projection (`tuopin monitor --year` beyond the next): the share
    /// of the projection's draws in which the household is on that year's list as 突发严重困难户 (the
    /// year's shocks and their persistence, `ProjectionMonitoring`'s rule); nil for the next year
    /// (the one-year code, whose sudden hardship comes from the registry's risks and spending).
    public var probabilitySuddenHardship: Double?

    public init(registered: Bool, registeredPoor: Bool, persons: Int, labour: Int, perCapitaIncome: Double, compliantSpending: Double,
                risks: UInt8, monitoredYear: Int?, probabilityBelowLine: Double, probabilityBelowThreshold: Double,
                probabilitySuddenHardship: Double? = nil) {
        self.probabilitySuddenHardship = probabilitySuddenHardship
        self.registered = registered
        self.registeredPoor = registeredPoor
        self.persons = persons
        self.labour = labour
        self.perCapitaIncome = perCapitaIncome
        self.compliantSpending = compliantSpending
        self.risks = risks
        self.monitoredYear = monitoredYear
        self.probabilityBelowLine = probabilityBelowLine
        self.probabilityBelowThreshold = probabilityBelowThreshold
    }
}

/// What the monitoring does with one household in one year.
public struct MonitoringDecision: Sendable, Equatable {
    /// What the monitoring does with a household.
    public enum Status: String, Sendable {
        /// Not a monitoring case (not at risk, or registered poor).
        case none
        /// At risk, not monitored before: enters monitoring this year.
        case identified
        /// Already monitored and still at risk (or its elimination refused).
        case monitored
        /// Monitored, and its risk is eliminated (风险消除) this year.
        case riskEliminated = "risk_eliminated"
    }
    public var status: Status
    /// The class while monitored (nil for `none` and `riskEliminated`).
    public var monitoringClass: MonitoringClass?
    /// Why it is at risk (the identification's reasons), in `MonitoringReason` order.
    public var reasons: [MonitoringReason]
    /// Why its risk could not be eliminated (monitored households only; empty otherwise).
    public var eliminationRefused: [MonitoringReason]

    /// Whether the household is on the year's monitoring list.
    public var isListed: Bool { monitoringClass != nil }
}

/// The identification and risk-elimination rules of the monitoring, as a function of one
/// household's state in one year and the year's parameters (`MonitoringParameters`).
///
/// With z the line, m the threshold, c the probability cut-off, S the spending threshold:
/// - at risk ⇔ P(y < m) ≥ c, or (income − spending)/persons < m (`spending_below_threshold`), or
///   spending ≥ S (`rigid_spending`), or a recorded risk, or (a later projected year) P(sudden
///   hardship in the draws) ≥ c (`sudden_shock`); `income_below_line` is P(y < z) ≥ c.
/// - class of a household at risk: 突发严重困难户 when its per-capita income now is at least m and
///   the trouble is sudden (P(y < z) ≥ c, a recorded risk or a rigid expense), or when
///   `sudden_shock` holds; else 脱贫不稳定户 when it was registered, 边缘易致贫户 when it never was.
/// - a monitored household's risk is eliminated when it is not at risk (income stably above m:
///   P(y < m) < c; no spending or recorded risk), it has been monitored for at least the stable
///   years, and someone in it can work; otherwise it stays monitored, with the refusal's reasons
///   (the risks still there, `too_recent`, `cannot_work`), in the class its registration gives.
/// Registered poor households (not exited) are the assistance's, not the monitoring's: `none`.
public enum MonitoringClassifier {
    public static func classify(_ s: MonitoredHouseholdState, year: Int, parameters p: MonitoringParameters) -> MonitoringDecision {
        guard !s.registeredPoor else { return MonitoringDecision(status: .none, monitoringClass: nil, reasons: [], eliminationRefused: []) }
        let cut = p.riskProbability
        let persons = Double(max(1, s.persons))
        var reasons: [MonitoringReason] = []
        if s.probabilityBelowThreshold >= cut { reasons.append(.incomeBelowThreshold) }
        let lineRisk = s.probabilityBelowLine >= cut
        if lineRisk { reasons.append(.incomeBelowLine) }
        if s.compliantSpending > 0 && s.perCapitaIncome - s.compliantSpending / persons < p.threshold { reasons.append(.spendingBelowThreshold) }
        let rigid = p.spendingThreshold.map { s.compliantSpending >= $0 && s.compliantSpending > 0 } ?? false
        if rigid { reasons.append(.rigidSpending) }
        if s.risks != 0 { reasons.append(.recordedRisk) }
        let shock = s.probabilitySuddenHardship.map { $0 >= cut } ?? false
        if shock { reasons.append(.suddenShock) }
        let atRisk = !reasons.isEmpty
        let byRegistration: MonitoringClass = s.registered ? .unstable : .marginal
        let sudden = (s.perCapitaIncome >= p.threshold && (lineRisk || s.risks != 0 || rigid)) || shock
        if let since = s.monitoredYear {
            var refused = reasons
            if year - since < p.stableYears { refused.append(.tooRecent) }
            if s.labour <= 0 { refused.append(.cannotWork) }
            if refused.isEmpty {
                return MonitoringDecision(status: .riskEliminated, monitoringClass: nil, reasons: [], eliminationRefused: [])
            }
            let kind: MonitoringClass = atRisk && sudden ? .suddenHardship : byRegistration
            return MonitoringDecision(status: .monitored, monitoringClass: kind, reasons: reasons, eliminationRefused: refused)
        }
        guard atRisk else { return MonitoringDecision(status: .none, monitoringClass: nil, reasons: [], eliminationRefused: []) }
        return MonitoringDecision(status: .identified, monitoringClass: sudden ? .suddenHardship : byRegistration, reasons: reasons,
                                  eliminationRefused: [])
    }
}
