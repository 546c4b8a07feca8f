/// Why a poverty or inequality measure could not be computed.
///
/// Every measure in this module either returns a finite number or throws one of these; NaN and
/// infinity never come out. Indices are zero-based positions in the arrays the caller passed in
/// (the CLI turns them into file lines).
public enum PovertyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No observation (or no observation with positive weight in a group that needs one).
    case emptyDistribution
    /// Two arrays that must have one entry per observation differ in length.
    case lengthMismatch(what: String, expected: Int, found: Int)
    /// An income, weight or source value is NaN or infinite.
    case nonFinite(what: String, index: Int)
    /// A weight is below zero.
    case negativeWeight(index: Int, value: Double)
    /// A household size is below one.
    case invalidHouseholdSize(index: Int, value: Int)
    /// All weights are zero.
    case zeroTotalWeight
    /// The poverty line is not a finite number above zero.
    case invalidLine(Double)
    /// A parameter (α, ε, a threshold, a rate) is outside its domain.
    case invalidParameter(name: String, value: Double, expected: String)
    /// A log-based measure (Watts, MLD, GE(α ≤ 0), Atkinson ε ≥ 1) met an income ≤ 0.
    case nonPositiveIncome(measure: String, index: Int, value: Double)
    /// A measure defined only for incomes ≥ 0 (Theil, GE(α > 0), Atkinson ε < 1) met an income < 0.
    case negativeIncome(measure: String, index: Int, value: Double)
    /// A relative measure needs a positive (weighted) mean income.
    case nonPositiveMean(measure: String, mean: Double)
    /// A group code is negative (a missing group).
    case missingGroup(index: Int)
    /// A stratum (nil: the whole sample, when there are no strata) has fewer than two PSUs, so
    /// no variance can be estimated from it.
    case tooFewPSUs(stratum: Int?, count: Int)
    /// A population count is invalid (e.g. agricultural population ≤ 0, or more poor persons than people).
    case invalidPopulation(String)

    public var description: String {
        switch self {
        case .emptyDistribution:
            return "no observation with positive weight; expected at least one"
        case let .lengthMismatch(what, expected, found):
            return "\(what) has \(found) entries; expected \(expected), one per observation"
        case let .nonFinite(what, index):
            return "\(what) of observation \(index + 1) is not a finite number"
        case let .negativeWeight(index, value):
            return "weight of observation \(index + 1) is \(value); expected a weight ≥ 0"
        case let .invalidHouseholdSize(index, value):
            return "household size of observation \(index + 1) is \(value); expected at least 1 person"
        case .zeroTotalWeight:
            return "all weights are zero; expected at least one positive weight"
        case let .invalidLine(z):
            return "poverty line \(z) is not valid; expected a finite amount above 0 yuan"
        case let .invalidParameter(name, value, expected):
            return "\(name) = \(value) is not valid; expected \(expected)"
        case let .nonPositiveIncome(measure, index, value):
            return "\(measure) is undefined: observation \(index + 1) has income \(value) ≤ 0 (the measure takes logarithms or negative powers of incomes)"
        case let .negativeIncome(measure, index, value):
            return "\(measure) is undefined: observation \(index + 1) has negative income \(value)"
        case let .nonPositiveMean(measure, mean):
            return "\(measure) is undefined: the mean income is \(mean); expected a mean above 0"
        case let .missingGroup(index):
            return "observation \(index + 1) has no group"
        case let .tooFewPSUs(stratum, count):
            let place = stratum.map { "stratum \($0)" } ?? "the sample"
            return "\(place) has \(count) primary sampling unit(s); a standard error needs at least 2 per stratum"
        case let .invalidPopulation(message):
            return message
        }
    }
}

/// Returns `value`, or throws when a computation overflowed (extreme α or ε on extreme incomes),
/// so that no infinity or NaN reaches a caller.
func finite(_ value: Double, _ measure: String, parameter: String, _ p: Double) throws -> Double {
    guard value.isFinite else {
        throw PovertyError.invalidParameter(name: "\(measure): \(parameter)", value: p,
                                            expected: "a value for which the powers of these incomes stay within the range of Double")
    }
    return value
}
