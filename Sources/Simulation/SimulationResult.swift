/// What a simulation found: intervals over the draws, probabilities of the targets and of the
/// county's exit, per-household risks and the early-warning list, per-area means.
public struct SimulationResult: Sendable, Equatable {
    public var scenario: String
    public var draws: Int
    public var seed: UInt64
    public var households: Int
    /// The poverty line used (the scenario's override or the county's), yuan per person per year.
    public var povertyLine: Double

    public var poorPersons: Interval
    public var poorHouseholds: Interval
    /// Poor persons ÷ county agricultural population.
    public var incidence: Interval
    public var exitingPersons: Interval
    public var exitingHouseholds: Interval
    /// Households returning to poverty (返贫).
    public var returningHouseholds: Interval
    public var returningPersons: Interval
    public var villagesExiting: Interval
    /// FGT1 (poverty gap index) over the registry's persons.
    public var povertyGap: Interval
    /// Person-weighted Gini of per-capita income (negative incomes as 0).
    public var gini: Interval
    /// Persons the plan's income lifts out of poverty (poor without it, not with it).
    public var personsLiftedByPlan: Interval
    /// Plan cost ÷ mean persons lifted by the plan (yuan per person); nil without a cost or
    /// when the plan lifts no one.
    public var costPerPersonLifted: Double?

    /// P(county exit, 摘帽): the fraction of draws with incidence below the threshold.
    public var countyExitProbability: Double
    /// P(each tracked target met), in the order persons, villages, returning, county exit.
    public var targets: [TargetOutcome]
    /// P(all tracked targets met in the same draw); nil if no target is tracked.
    public var allTargetsProbability: Double?

    /// P(household h is poor next year), indexed by household.
    public var householdPoorProbability: [Double]
    /// The early-warning list (监测户): households NOT registered poor now, most likely first.
    public var earlyWarning: [AtRiskHousehold]
    /// Mean poor persons next year by township (index = township).
    public var townshipMeanPoorPersons: [Double]
    /// Mean poor persons next year by village (index = village).
    public var villageMeanPoorPersons: [Double]
    /// P(village exits) by village (0 for villages that are not registered poor villages).
    public var villageExitProbability: [Double]

    /// The outcome of every draw, in draw order (one small record per draw).
    public var perDraw: [DrawOutcome]

    /// FGT2 (squared poverty gap) over the registry's persons: mean, 5 %–95 % and standard error
    /// over the draws, summarised from `perDraw` on request (O(draws·log draws)).
    public var squaredPovertyGap: Interval { Interval(perDraw.map(\.squaredPovertyGap)) }
}

/// A tracked target and the probability that the simulated year meets it.
public struct TargetOutcome: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case personsExit = "persons_exit"
        case villagesExit = "villages_exit"
        case maximumReturningHouseholds = "max_returning_households"
        case countyExit = "county_exit"
    }

    public var kind: Kind
    /// The target value (persons, villages, households; 1 for county exit).
    public var value: Int
    /// Readable name, e.g. `persons_exit ≥ 8150`.
    public var name: String
    public var probability: Double
}

/// One household of the early-warning list.
public struct AtRiskHousehold: Sendable, Equatable {
    /// Index in the input's household arrays.
    public var household: Int
    /// P(per-capita income below the line next year).
    public var probability: Double
    /// The deterministic projection (growth, plan, levers; no shocks, no risks), yuan per person.
    public var projectedPerCapitaIncome: Double
}
