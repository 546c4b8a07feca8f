/// One year of a multi-year projection as the engine receives it: the county that year (the
/// registry's households with the plan income they have by then) and the scenario of that year
/// (growth compounded from the registry's year, that year's line and transfer lever).
///
/// Built by `Study.ProjectionRunner` (the plans re-solved each year) or by hand in tests; the
/// first year's input and scenario are those of the one-year simulation, so a one-year
/// projection gives the one-year engine's numbers exactly.
public struct ProjectionYear: Sendable {
    /// The calendar year simulated (the registry's year + 1 for the first).
    public var year: Int
    /// The county that year: `households.planIncome` is the income of every plan funded so far
    /// (projects keep paying), the villages' infrastructure as the year's works leave it. The
    /// households, villages and townships must be the same (same order) every year.
    public var input: SimulationInput
    /// The scenario of that year: incomes grown from the registry's (`Scenario.projected`).
    public var scenario: Scenario
    /// Yuan the year's plan spends (0 for none).
    public var cost: Double
    /// The year's relocation: persons and households (rows) placed at a site that year, and its
    /// yuan (subsidies and moving; the sites' construction in the first year). The moved households'
    /// incomes and guarantees are in `input` (`SimulationInput.relocate`) from that year on.
    public var relocatedPersons: Int = 0
    public var relocatedHouseholds: Int = 0
    public var relocationCost: Double = 0
    /// The year's targets: persons exiting and villages exiting at least (nil: not tracked).
    public var personsExitTarget: Int?
    public var villagesExitTarget: Int?

    public init(year: Int, input: SimulationInput, scenario: Scenario, cost: Double = 0,
                personsExitTarget: Int? = nil, villagesExitTarget: Int? = nil) {
        self.year = year
        self.input = input
        self.scenario = scenario
        self.cost = cost
        self.personsExitTarget = personsExitTarget
        self.villagesExitTarget = villagesExitTarget
    }
}

extension Scenario {
    /// The scenario of year `offset` of a projection (0: the first simulated year, the scenario
    /// itself): each source's growth compounded over the years, Π (1 + g_source,year) − 1, with
    /// `[years.YYYY]` growth replacing a source's growth from its year on; the poverty line and the
    /// transfer lever of the latest `[years.YYYY]` at or before the year that sets them.
    ///
    /// - Parameter firstYear: the calendar year of offset 0 (the registry's year + 1).
    public func projected(offset: Int, firstYear: Int) -> Scenario {
        guard offset > 0 else { return self }
        var out = self
        var growth = sources.map(\.growth)
        var factor = growth.map { 1 + $0 }
        for k in 1...offset {
            let year = firstYear + k
            if let levers = years.first(where: { $0.year == year }) {
                for (source, g) in levers.growth { growth[source.rawValue] = g }
            }
            for s in factor.indices { factor[s] *= 1 + growth[s] }
        }
        for s in out.sources.indices { out.sources[s].growth = factor[s] - 1 }
        for levers in years where levers.year > firstYear && levers.year <= firstYear + offset {
            if let line = levers.povertyLine { out.policy.povertyLine = line }
            if let lever = levers.transferIncreasePerPerson { out.policy.transferIncreasePerPerson = lever }
        }
        return out
    }

    /// The funds of year `offset` (yuan in all) when a `[years.YYYY]` at or before it sets them,
    /// else nil (the amounts of `funds.csv`).
    public func projectedFunds(offset: Int, firstYear: Int) -> Double? {
        var funds: Double? = nil
        for levers in years where levers.year > firstYear && levers.year <= firstYear + offset {
            if let f = levers.funds { funds = f }
        }
        return funds
    }
}
