/// The households of the registry, as parallel arrays (structure of arrays): element `h` of
/// every array describes household `h`. Households are numbered 0..<count in registry order;
/// that number keys the household's random numbers, so keep the order stable between runs.
public struct HouseholdArrays: Sendable {
    /// Members of the household (≥ 1).
    public var persons: [Int]
    /// Index into `VillageArrays` of the household's administrative village.
    public var village: [Int]
    /// Index of the household's township (0..<`CountyFacts.townshipTier.count`); must equal its
    /// village's township.
    public var township: [Int]
    /// 达标户 / 缺项户 / 兜底户.
    public var category: [HouseholdCategory]
    /// The main recorded cause of poverty (selects the illness / disaster risks that apply).
    public var cause: [PovertyCause]
    /// This year's net income by source in yuan per household per year:
    /// `incomeBySource[s.rawValue][h]` for each `IncomeSource` s (9 arrays).
    public var incomeBySource: [[Double]]
    /// Whether the three guarantees (education, medical care, safe housing, + safe water) are met.
    public var guaranteesMet: [Bool]
    /// Whether the household is on the poverty registry now (建档立卡, not yet exited).
    public var registeredPoor: [Bool]
    /// Extra income next year from the plan's projects, yuan per household (zeros if no plan).
    public var planIncome: [Double]

    public init(
        persons: [Int], village: [Int], township: [Int], category: [HouseholdCategory],
        cause: [PovertyCause], incomeBySource: [[Double]], guaranteesMet: [Bool],
        registeredPoor: [Bool], planIncome: [Double]? = nil
    ) {
        self.persons = persons
        self.village = village
        self.township = township
        self.category = category
        self.cause = cause
        self.incomeBySource = incomeBySource
        self.guaranteesMet = guaranteesMet
        self.registeredPoor = registeredPoor
        self.planIncome = planIncome ?? Array(repeating: 0, count: persons.count)
    }

    /// Number of households.
    public var count: Int { persons.count }
}

/// The administrative villages, as parallel arrays: element `v` describes village `v`.
public struct VillageArrays: Sendable {
    /// Agricultural population (persons, > 0): the denominator of the village's incidence.
    public var agriculturalPopulation: [Int]
    /// Index of the village's township.
    public var township: [Int]
    /// Whether the village is a registered poor village (贫困村); only those can "exit".
    public var poorVillage: [Bool]
    /// Whether the village's infrastructure indicators (road, water, power, …) are met.
    public var infrastructureOK: [Bool]

    public init(agriculturalPopulation: [Int], township: [Int], poorVillage: [Bool], infrastructureOK: [Bool]) {
        self.agriculturalPopulation = agriculturalPopulation
        self.township = township
        self.poorVillage = poorVillage
        self.infrastructureOK = infrastructureOK
    }

    public var count: Int { agriculturalPopulation.count }
}

/// County-level facts (from `county.toml`).
public struct CountyFacts: Sendable {
    /// Poverty line, yuan per person per year (a parameter: 2,300 at 2010 prices, ~4,000 by 2020).
    public var povertyLine: Double
    /// Incidence below which a village or the county exits: 0.02, or 0.03 in the western region.
    public var exitThreshold: Double
    /// Agricultural population of the county (persons): the denominator of county incidence.
    public var agriculturalPopulation: Int
    /// Poverty tier (1 = deepest, 2, 3) of each township, indexed by township.
    public var townshipTier: [Int]

    public init(povertyLine: Double, exitThreshold: Double, agriculturalPopulation: Int, townshipTier: [Int]) {
        self.povertyLine = povertyLine
        self.exitThreshold = exitThreshold
        self.agriculturalPopulation = agriculturalPopulation
        self.townshipTier = townshipTier
    }
}

/// The unexplained spread of household income left by the income-structure regression, drawn
/// as one independent normal per household and draw, with variance
///
///     σ_h² = total² + Σ_s bySource[s]² (over the sources h has) + (perYuanEarned · earned_h)²
///
/// where earned_h is next year's earned income of h before shocks (Σ over planting, migrant,
/// breeding and forestry of income_s · (1 + growth_s), yuan). `IncomeModel.residualSpread` uses
/// only the last term; the absolute terms serve callers with their own error model.
public struct ResidualSpread: Sendable {
    /// Standard deviation (yuan) added to every household's income.
    public var total: Double
    /// Standard deviation (yuan) by source, added only to households with income from that
    /// source: `bySource[s.rawValue]`; 9 values (zeros if the regression gives only a total).
    public var bySource: [Double]
    /// Standard deviation per yuan of earned income (dimensionless, ≥ 0): a household earning
    /// 10,000 yuan from its labour gets a spread of 10,000 × this; one living on transfers and
    /// dividends alone gets none.
    public var perYuanEarned: Double

    public init(total: Double = 0, bySource: [Double]? = nil, perYuanEarned: Double = 0) {
        self.total = total
        self.bySource = bySource ?? Array(repeating: 0, count: IncomeSource.allCases.count)
        self.perYuanEarned = perYuanEarned
    }
}

/// Everything the engine needs to know about the county, apart from the scenario.
public struct SimulationInput: Sendable {
    public var households: HouseholdArrays
    public var villages: VillageArrays
    public var county: CountyFacts
    public var residualSpread: ResidualSpread
    /// What the plan costs in yuan (for the cost per person lifted); nil if unknown.
    public var planCost: Double?

    public init(
        households: HouseholdArrays, villages: VillageArrays, county: CountyFacts,
        residualSpread: ResidualSpread = ResidualSpread(), planCost: Double? = nil
    ) {
        self.households = households
        self.villages = villages
        self.county = county
        self.residualSpread = residualSpread
        self.planCost = planCost
    }

    /// The largest household the engine accepts (persons); its per-block counts are 32-bit.
    public static let maximumPersons = 1_000_000

    /// Checks lengths, ranges and consistency; throws the first `SimulationInputError`.
    public func validate() throws(SimulationInputError) {
        let h = households
        let n = h.count
        func length(_ name: String, _ count: Int, _ expected: Int) throws(SimulationInputError) {
            if count != expected { throw .lengthMismatch(field: name, expected: expected, found: count) }
        }
        try length("village", h.village.count, n)
        try length("township", h.township.count, n)
        try length("category", h.category.count, n)
        try length("cause", h.cause.count, n)
        try length("guaranteesMet", h.guaranteesMet.count, n)
        try length("registeredPoor", h.registeredPoor.count, n)
        try length("planIncome", h.planIncome.count, n)
        try length("incomeBySource", h.incomeBySource.count, IncomeSource.allCases.count)
        for source in IncomeSource.allCases {
            let column = h.incomeBySource[source.rawValue]
            try length("incomeBySource[\(source.key)]", column.count, n)
            if let bad = column.firstIndex(where: { !$0.isFinite }) {
                throw .invalidValue(field: "incomeBySource[\(source.key)]", index: bad, message: "is not a finite number")
            }
        }
        let v = villages
        try length("villages.township", v.township.count, v.count)
        try length("villages.poorVillage", v.poorVillage.count, v.count)
        try length("villages.infrastructureOK", v.infrastructureOK.count, v.count)
        try length("residualSpread.bySource", residualSpread.bySource.count, IncomeSource.allCases.count)
        let townships = county.townshipTier.count
        for i in 0..<n {
            if h.persons[i] < 1 { throw .invalidValue(field: "persons", index: i, message: "must be at least 1") }
            if h.persons[i] > SimulationInput.maximumPersons {
                throw .invalidValue(field: "persons", index: i, message: "must be at most \(SimulationInput.maximumPersons)")
            }
            if h.village[i] < 0 || h.village[i] >= v.count {
                throw .invalidValue(field: "village", index: i, message: "is not a village index (0..<\(v.count))")
            }
            if h.township[i] != v.township[h.village[i]] {
                throw .invalidValue(field: "township", index: i, message: "differs from its village's township")
            }
            if !(h.planIncome[i].isFinite && h.planIncome[i] >= 0) {
                throw .invalidValue(field: "planIncome", index: i, message: "must be a finite number ≥ 0")
            }
        }
        for i in 0..<v.count {
            if v.agriculturalPopulation[i] < 1 {
                throw .invalidValue(field: "villages.agriculturalPopulation", index: i, message: "must be at least 1")
            }
            if v.township[i] < 0 || v.township[i] >= townships {
                throw .invalidValue(field: "villages.township", index: i, message: "is not a township index (0..<\(townships))")
            }
        }
        if !(county.povertyLine.isFinite && county.povertyLine > 0) {
            throw .invalidValue(field: "county.povertyLine", index: 0, message: "must be a positive number of yuan")
        }
        if !(county.exitThreshold > 0 && county.exitThreshold < 1) {
            throw .invalidValue(field: "county.exitThreshold", index: 0, message: "must be a fraction in (0, 1)")
        }
        if county.agriculturalPopulation < 1 {
            throw .invalidValue(field: "county.agriculturalPopulation", index: 0, message: "must be at least 1")
        }
        if !(residualSpread.total.isFinite && residualSpread.total >= 0)
            || !(residualSpread.perYuanEarned.isFinite && residualSpread.perYuanEarned >= 0)
            || residualSpread.bySource.contains(where: { !($0.isFinite && $0 >= 0) }) {
            throw .invalidValue(field: "residualSpread", index: 0, message: "must be finite and ≥ 0")
        }
        if n > Int(UInt32.max) { throw .invalidValue(field: "persons", index: n, message: "too many households (≥ 2³²)") }
    }
}

/// Why the engine refused its input: a programming or import error, not a user's file error
/// (those are `InputError`s raised by the importers and the scenario parser).
public enum SimulationInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An array has the wrong number of elements.
    case lengthMismatch(field: String, expected: Int, found: Int)
    /// Element `index` of `field` is out of range or inconsistent.
    case invalidValue(field: String, index: Int, message: String)
    /// An option is out of range (draws < 1, threads < 1, …).
    case invalidOption(name: String, message: String)

    public var description: String {
        switch self {
        case let .lengthMismatch(field, expected, found):
            "simulation input: \(field) has \(found) elements, expected \(expected)"
        case let .invalidValue(field, index, message):
            "simulation input: \(field)[\(index)] \(message)"
        case let .invalidOption(name, message):
            "simulation option \(name): \(message)"
        }
    }
}
