/// A registered poor village as the exit check sees it.
public struct VillageRecord: Sendable, Equatable {
    /// Registered poor persons still in poverty.
    public var poorPersons: Int
    /// Agricultural population (the incidence's denominator).
    public var agriculturalPopulation: Int
    /// Infrastructure and service indicators (road, electricity, drinking water, clinic, collective
    /// income…), true when met. Their names are the county's own.
    public var infrastructure: [String: Bool]

    public init(poorPersons: Int, agriculturalPopulation: Int, infrastructure: [String: Bool] = [:]) {
        self.poorPersons = poorPersons
        self.agriculturalPopulation = agriculturalPopulation
        self.infrastructure = infrastructure
    }
}

/// The outcome of the village exit check.
public struct VillageExitAssessment: Sendable, Equatable {
    /// Poor persons ÷ agricultural population.
    public let incidence: Double
    /// Threshold that applied (by region).
    public let threshold: Double
    /// incidence < threshold.
    public let incidenceBelowThreshold: Bool
    /// Infrastructure indicators not met, sorted by name.
    public let unmetInfrastructure: [String]
    public var exits: Bool { incidenceBelowThreshold && unmetInfrastructure.isEmpty }
}

/// What the county's exit assessment (摘帽) found, beyond incidence. Each rate is a fraction;
/// nil when the data do not give it, in which case that check is reported as not assessed.
public struct CountyAssessmentSurvey: Sendable, Equatable {
    /// Wrongly exited households (错退率) among those checked; must be below `maximumWrongExitRate`.
    public var wrongExitRate: Double?
    /// Poor households missed by registration (漏评率) among those checked; must be below `maximumMissedRate`.
    public var missedRegistrationRate: Double?
    /// Share of respondents satisfied (群众认可度); must be above `minimumSatisfaction`.
    public var satisfaction: Double?

    public init(wrongExitRate: Double? = nil, missedRegistrationRate: Double? = nil, satisfaction: Double? = nil) {
        self.wrongExitRate = wrongExitRate
        self.missedRegistrationRate = missedRegistrationRate
        self.satisfaction = satisfaction
    }

    /// The wrong-exit rate from household checks: the share of exited households that fail the rule now.
    /// - Throws: `.emptyDistribution` when no household is given; the rule's errors.
    public static func wrongExitRate(exitedHouseholds: [HouseholdRecord], rule: HouseholdExitRule) throws -> Double {
        guard !exitedHouseholds.isEmpty else { throw PovertyError.emptyDistribution }
        var wrong = 0
        for household in exitedHouseholds where try !rule.assess(household).exits { wrong += 1 }
        return Double(wrong) / Double(exitedHouseholds.count)
    }
}

/// The assessment limits: the programme's are 2 %, 2 % and 90 %.
public struct CountyAssessmentLimits: Sendable, Equatable {
    public var maximumWrongExitRate: Double
    public var maximumMissedRate: Double
    public var minimumSatisfaction: Double

    public static let programme = CountyAssessmentLimits(maximumWrongExitRate: 0.02, maximumMissedRate: 0.02,
                                                         minimumSatisfaction: 0.90)

    public init(maximumWrongExitRate: Double, maximumMissedRate: Double, minimumSatisfaction: Double) {
        self.maximumWrongExitRate = maximumWrongExitRate
        self.maximumMissedRate = maximumMissedRate
        self.minimumSatisfaction = minimumSatisfaction
    }
}

/// The outcome of the county exit check.
public struct CountyExitAssessment: Sendable, Equatable {
    public let incidence: Double
    public let threshold: Double
    public let incidenceBelowThreshold: Bool
    /// Checks that failed, by name: "wrong_exit_rate", "missed_registration_rate", "satisfaction".
    public let failedChecks: [String]
    /// Checks the data did not allow (their rate was nil).
    public let notAssessed: [String]
    /// True when incidence is below the threshold and no assessed check failed. Checks not
    /// assessed do not block the result; read `notAssessed` before announcing an exit.
    public var exits: Bool { incidenceBelowThreshold && failedChecks.isEmpty }
}

/// Village and county exit rules, parameterised by region thresholds and assessment limits.
public struct AreaExitRules: Sendable, Equatable {
    public var thresholds: IncidenceThresholds
    public var limits: CountyAssessmentLimits

    public init(thresholds: IncidenceThresholds = .programme, limits: CountyAssessmentLimits = .programme) {
        self.thresholds = thresholds
        self.limits = limits
    }

    /// Village exit: incidence < threshold of the region, and every infrastructure indicator met.
    /// - Throws: `.invalidPopulation`.
    public func assess(_ village: VillageRecord, region: Region) throws -> VillageExitAssessment {
        let rate = try incidence(poorPersons: village.poorPersons, agriculturalPopulation: village.agriculturalPopulation)
        let threshold = thresholds.threshold(for: region)
        let unmet = village.infrastructure.filter { !$0.value }.map(\.key).sorted()
        return VillageExitAssessment(incidence: rate, threshold: threshold, incidenceBelowThreshold: rate < threshold,
                                     unmetInfrastructure: unmet)
    }

    /// County exit (摘帽): incidence < threshold of the region, and the assessment's rates within limits.
    /// - Throws: `.invalidPopulation`; `.invalidParameter` for a rate outside [0, 1].
    public func assessCounty(poorPersons: Int, agriculturalPopulation: Int, region: Region,
                             survey: CountyAssessmentSurvey = CountyAssessmentSurvey()) throws -> CountyExitAssessment {
        let rate = try incidence(poorPersons: poorPersons, agriculturalPopulation: agriculturalPopulation)
        let threshold = thresholds.threshold(for: region)
        var failed: [String] = []
        var notAssessed: [String] = []
        let checks: [(String, Double?, (Double) -> Bool)] = [
            ("wrong_exit_rate", survey.wrongExitRate, { $0 < limits.maximumWrongExitRate }),
            ("missed_registration_rate", survey.missedRegistrationRate, { $0 < limits.maximumMissedRate }),
            ("satisfaction", survey.satisfaction, { $0 > limits.minimumSatisfaction }),
        ]
        for (name, value, passes) in checks {
            guard let value else { notAssessed.append(name); continue }
            guard value.isFinite, value >= 0, value <= 1 else {
                throw PovertyError.invalidParameter(name: name, value: value, expected: "a fraction between 0 and 1")
            }
            if !passes(value) { failed.append(name) }
        }
        return CountyExitAssessment(incidence: rate, threshold: threshold, incidenceBelowThreshold: rate < threshold,
                                    failedChecks: failed, notAssessed: notAssessed)
    }
}
