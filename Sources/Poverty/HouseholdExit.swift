/// "Three guarantees" (三保障) plus safe drinking water: what a household must have besides income.
public struct Guarantees: Sendable, Equatable {
    /// Compulsory education for every school-age child (义务教育有保障).
    public var compulsoryEducation: Bool
    /// Basic medical insurance and care (基本医疗有保障).
    public var basicMedical: Bool
    /// Safe housing (住房安全有保障).
    public var safeHousing: Bool
    /// Safe drinking water (饮水安全).
    public var safeDrinkingWater: Bool

    public init(compulsoryEducation: Bool, basicMedical: Bool, safeHousing: Bool, safeDrinkingWater: Bool) {
        self.compulsoryEducation = compulsoryEducation
        self.basicMedical = basicMedical
        self.safeHousing = safeHousing
        self.safeDrinkingWater = safeDrinkingWater
    }

    /// Names of the guarantees not met, in a fixed order.
    public var unmet: [String] {
        var out: [String] = []
        if !compulsoryEducation { out.append("compulsory_education") }
        if !basicMedical { out.append("basic_medical") }
        if !safeHousing { out.append("safe_housing") }
        if !safeDrinkingWater { out.append("safe_drinking_water") }
        return out
    }
}

/// A registered household as the exit check sees it.
public struct HouseholdRecord: Sendable, Equatable {
    /// Persons in the household (≥ 1).
    public var size: Int
    /// Yearly net income by item, yuan for the whole household (e.g. "planting", "migrant_work",
    /// "pv_dividend", "dibao"). Negative amounts (losses) are allowed.
    public var incomeItems: [String: Double]
    public var guarantees: Guarantees

    public init(size: Int, incomeItems: [String: Double], guarantees: Guarantees) {
        self.size = size
        self.incomeItems = incomeItems
        self.guarantees = guarantees
    }
}

/// The household exit rule: per-capita net income at or above the line, counting only the
/// chosen income items, and every guarantee met.
public struct HouseholdExitRule: Sendable, Equatable {
    /// Poverty line, yuan per person a year, in the year's prices (2,300 at 2010 prices, adjusted
    /// yearly; read it from the county's settings, never write it into code).
    public var line: Double
    /// Income items that count; nil means all. Items not listed (e.g. some transfers) are ignored.
    public var countedItems: Set<String>?

    /// - Throws: `.invalidLine` when the line is not finite and above 0.
    public init(line: Double, countedItems: Set<String>? = nil) throws {
        try checkLine(line)
        self.line = line
        self.countedItems = countedItems
    }

    /// Per-capita income counted by this rule, yuan a year.
    /// - Throws: `.invalidHouseholdSize` for a size below 1; `.nonFinite` for an item that is not a number.
    public func countedPerCapitaIncome(_ household: HouseholdRecord) throws -> Double {
        guard household.size >= 1 else { throw PovertyError.invalidHouseholdSize(index: 0, value: household.size) }
        var total = 0.0
        for (item, amount) in household.incomeItems where countedItems?.contains(item) ?? true {
            guard amount.isFinite else { throw PovertyError.nonFinite(what: "income item \(item)", index: 0) }
            total += amount
        }
        return total / Double(household.size)
    }

    /// Checks one household.
    public func assess(_ household: HouseholdRecord) throws -> HouseholdExitAssessment {
        let income = try countedPerCapitaIncome(household)
        return HouseholdExitAssessment(perCapitaIncome: income, line: line, incomeMeetsLine: income >= line,
                                       unmetGuarantees: household.guarantees.unmet)
    }
}

/// The outcome of the household exit check.
public struct HouseholdExitAssessment: Sendable, Equatable {
    /// Counted per-capita income, yuan a year.
    public let perCapitaIncome: Double
    public let line: Double
    /// Income ≥ line: not poor by the same test as the headcount (poor means income < line).
    public let incomeMeetsLine: Bool
    /// Guarantees not met (empty when all hold).
    public let unmetGuarantees: [String]
    /// True when the household may exit: income meets the line and every guarantee holds.
    public var exits: Bool { incomeMeetsLine && unmetGuarantees.isEmpty }
}
