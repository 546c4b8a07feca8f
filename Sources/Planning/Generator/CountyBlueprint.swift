/// The published figures (and, where the documents are silent, stated assumptions) a synthetic
/// county is drawn to match. `daixian` and `shangzhou` carry the programme documents' numbers;
/// `scaled(households:)` keeps every proportion for a county of another size.
///
/// Counts are exact targets: the generator hits them to the person, not only on average.
public struct CountyBlueprint: Sendable {
    public struct TownshipPlan: Sendable {
        public var name: String
        /// English name: pinyin and the kind (乡 Township, 镇 Town, 街道 Subdistrict).
        public var englishName: String
        public var tier: Int
        public var villages: Int
        public var poorVillages: Int
    }

    /// A project line of the plan: `count` projects of one type, with ranges for the drawn values.
    public struct ProjectPlan: Sendable {
        public var type: ProjectType
        public var name: String
        public var count: Int
        public var cost: ClosedRange<Double>
        public var households: ClosedRange<Int>
        public var income: ClosedRange<Double>
        /// Standard deviation of income as a fraction of the mean.
        public var incomeSpread: Double
        public var capacity: ClosedRange<Double>
        public var unit: String
        /// Where the projects sit: in a poor village, or at township level (village blank), or county level.
        public var level: Level
        /// When set, the drawn capacities / households are rescaled to sum exactly to these published totals.
        public var totalCapacity: Double? = nil
        public var totalHouseholds: Int? = nil
        public enum Level: Sendable { case village, township, county }
    }

    public struct FundPlan: Sendable {
        public var name: String
        public var kind: FundKind
        public var amount: Double
        public var eligible: [ProjectType]?
        public var minPerVillage: Double?
        public var maxPerVillage: Double?
        public var poorVillagesOnly: Bool
    }

    public struct SitePlan: Sendable {
        public var name: String
        public var township: String?
        public var kind: SiteKind
        public var landMu: Double
        public var buildingArea: Double
        public var cost: Double
        public var subsidyPerPerson: Double
        public var schoolSeats: Int
        public var kindergartenSeats: Int
        public var clinic: Bool
        public var distanceKm: Double
        /// (usable area m², number of flats)
        public var flats: [(Double, Int)]
    }

    /// How a household's earned income follows its endowments (workers at home, migrant workers,
    /// members who do not work) and its village. Amounts in yuan a year; the relative planting and
    /// breeding/forestry weights are scaled together so that the county's earned shares hit
    /// `earnedShares` (migrant income is the anchor: its level is `migrantWage`).
    public struct Earnings: Sendable {
        /// Mean yearly earnings of one migrant worker (务工收入 per worker, yuan); each worker's
        /// earnings are `migrantWage` × a log-normal multiple with mean 1 and σ of log `wageSpread`.
        public var migrantWage: Double
        public var wageSpread: Double
        /// Relative planting income of one worker at home, of the family of one migrant worker (the
        /// land still farmed while they are away) and of one member who does not work (elderly
        /// members tending a plot).
        public var plantingWorker: Double
        public var plantingMigrant: Double
        public var plantingDependant: Double
        /// Chance that a household with a worker at home keeps livestock / an orchard; the income is
        /// relative weight 1 (breeding) or `forestryWeight` per worker at home, times a log-normal
        /// multiple with σ of log 0.5.
        public var breedingChance: Double
        public var forestryChance: Double
        public var forestryWeight: Double
        /// σ of log of a breeding or forestry household's multiple (herd, orchard size).
        public var sidelineSpread: Double
        /// σ of log of a household's farm productivity (land, skill) and of a village's (soil,
        /// water, market), both log-normal with mean 1.
        public var farmSpread: Double
        public var villageSpread: Double
        /// Log points by which a poor village's effect is lower for each year its exit is planned
        /// later (deeper villages are planned last), and by which tier 1 / 2 townships are lower
        /// than tier 3 (per tier).
        public var depthPerPlanYear: Double
        public var depthPerTier: Double
        /// Other income (其他: small sales, gifts) per person, yuan, uniform in the range.
        public var otherPerPerson: ClosedRange<Double>
        /// Old-age pension (城乡居民基础养老金), yuan a year, paid to each member who does not work
        /// with probability `pensionChance` (the share of them aged 60 or more); part of transfers.
        public var pension: Double
        public var pensionChance: Double
    }

    public var key: String
    public var name: String
    public var englishName: String
    public var province: String
    public var region: Region
    public var year: Int
    public var povertyLine: Double
    public var registeredYear: Int
    public var agriculturalPopulation: Int
    public var totalPopulation: Int
    public var townships: [TownshipPlan]
    /// Households and persons on the register (建档立卡) since registration.
    public var households: Int
    public var persons: Int
    /// Persons who exited each year up to `year`.
    public var exitedPersons: [(year: Int, persons: Int)]
    /// Poor villages that exited each year up to `year`.
    public var exitedVillages: [(year: Int, villages: Int)]
    /// The yearly plan (villages, persons) — published targets.
    public var targets: [YearTarget]
    /// Poor villages planned to exit each year after `year` (with the exited ones, all poor villages).
    public var plannedVillageExits: [(year: Int, villages: Int)]
    /// Safety-net persons among the remaining poor: 低保 and 五保.
    public var dibaoPersons: Int
    public var wubaoPersons: Int
    /// Households and persons whose cause is illness (因病).
    public var illnessHouseholds: Int
    public var illnessPersons: Int
    /// Share of earned income (planting, migrant, breeding + forestry) — the published growth shares.
    public var earnedShares: (planting: Double, migrant: Double, breedingForestry: Double)
    /// Probability a person able to work migrates; when `migrantWorkers` is set, the total is exact.
    public var migrantRate: Double
    public var migrantWorkers: Int?
    /// Share of the registered poor persons living in registered poor villages.
    public var poorVillageShare: Double
    /// Households receiving a PV dividend and the amount per household per year.
    public var pvHouseholds: Int
    public var pvDividend: Double
    /// Whether PV households must live in poor villages (Shangzhou: stations cover the poor villages).
    public var pvInPoorVillagesOnly: Bool
    /// Ecological ranger posts held by registered poor households, and the wage (yuan per year).
    public var rangerPosts: Int
    public var rangerWage: Double
    /// Households without safe housing / villages without safe water, hardened road, clinic, broadband.
    public var housingGaps: Int
    public var villagesWithoutWater: Int
    public var villagesWithoutRoad: Int
    public var villagesWithoutClinic: Int
    /// Villages without mobile/broadband signal, by name (placed among the remaining poor villages).
    public var villagesWithoutSignal: [String]
    /// Villages with collective operating income above zero (nil: all).
    public var villagesWithCollectiveIncome: Int?
    public var projects: [ProjectPlan]
    public var projectsStarted: Int
    public var funds: [FundPlan]
    public var sites: [SitePlan]
    /// Relocation plan: persons (poor and not), whole natural villages (整村) and their townships, scattered villages (插花).
    public var relocationPersons: Int
    public var relocationPoorPersons: Int
    public var wholeVillageNaturalVillages: Int
    public var wholeVillageTownships: Int
    /// Whole natural villages moving per year (years ascending).
    public var wholeVillagesByYear: [(year: Int, villages: Int)]
    public var scatteredVillages: Int
    /// Share of the poor relocating persons who move with a whole village.
    public var wholeVillagePoorShare: Double
    /// Village-level PV stations counted as asset-income projects: households in those villages get a dividend.
    public var villageStationDividend: ClosedRange<Double>
    /// Earned income from endowments.
    public var earnings: Earnings
    /// Registered households per agricultural resident are higher by this many log points for each
    /// year a poor village's exit is planned later (deeper villages have more registered poor).
    public var registrationDepthPerPlanYear: Double
    /// Each member's chance to be able to work is lower by this many log points for each year a
    /// poor village's exit is planned later (the deeper villages are older: the young have left).
    public var labourDepthPerPlanYear: Double
    /// Chance that a member is able to work (before the cause and depth adjustments).
    public var labourRate: Double
    /// How strongly the exits of each year prefer households of villages planned to exit earlier:
    /// a household's exit key is ln(per-capita earned income / line) − `exitPreference` × (years
    /// until its village's planned exit) + a normal with σ `exitNoise`; the highest keys exit first.
    public var exitPreference: Double
    public var exitNoise: Double
    /// Added to the exit key of a household without labour in the year before its village's planned
    /// exit: the villages about to exit lift their households without labour over the line by
    /// policy transfers (兜底) first, so they exit then.
    public var noLabourExitBonus: Double
    /// An exited household whose income is below the line is raised to a uniform multiple of the
    /// line in this range by policy transfers (pensions, 退耕还林 payments, 产业奖补).
    public var exitedIncomeFloor: ClosedRange<Double>
    /// The local 低保 standard as a multiple of the line (uniform in the range, per household):
    /// 低保 tops a household's own income up to it.
    public var welfareStandard: ClosedRange<Double>
    /// How strictly 低保 goes to the households with the fewest workers per person: the order key is
    /// labour ÷ size + uniform(0, `welfareNoise`).
    public var welfareNoise: Double
    /// The monitoring of the transition period (`[monitoring]`, ordinary households, monitoring
    /// columns); nil: the county has none (its files are then as before).
    public var monitoring: MonitoringPlan? = nil

    /// The blueprint with `plan` as its monitoring.
    func with(monitoring plan: MonitoringPlan) -> CountyBlueprint {
        var b = self
        b.monitoring = plan
        return b
    }
}

/// How the generator draws the monitoring data (all assumptions, listed in notebooks-data/README.md).
/// Drawn from a random stream of its own, after everything else, so the registry's other files and
/// the plans made from them are the same with or without it.
public struct MonitoringPlan: Sendable {
    /// The `[monitoring]` table written to county.toml.
    public var rule: MonitoringRule
    /// Share of the agricultural households not on the registry that the county's screening
    /// (排查) records in ordinary_households.csv.
    public var screenedShare: Double
    /// Per-capita income of a screened ordinary household: the line × exp(N(ln median, sigma²)).
    public var ordinaryIncomeMedian: Double
    public var ordinaryIncomeSigma: Double
    /// Chance of a household (registered or not) to have compliant out-of-pocket spending, and its range (yuan).
    public var spendingChance: Double
    public var spending: ClosedRange<Double>
    /// Chances of a recorded disaster and of a loss of work.
    public var disasterChance: Double
    public var jobLossChance: Double
    /// Chance that an exited household is already monitored (since the year after its exit).
    public var monitoredChance: Double
}

extension CountyBlueprint {
    /// The blueprint called `name` (`daixian` or `shangzhou`), or nil.
    public static func named(_ name: String) -> CountyBlueprint? {
        switch name.lowercased() {
        case "daixian", "dai", "代县": return .daixian
        case "shangzhou", "商州", "商州区": return .shangzhou
        default: return nil
        }
    }

    /// Every count multiplied by `households / self.households` (rounded; at least 1 where a count
    /// must exist), for synthetic counties of any size with the same structure.
    public func scaled(households n: Int) -> CountyBlueprint {
        guard n != households else { return self }
        let s = Double(n) / Double(households)
        func k(_ x: Int, atLeast: Int = 0) -> Int { max(atLeast, Int((Double(x) * s).rounded())) }
        var b = self
        b.households = n
        b.persons = max(n, k(persons))
        b.agriculturalPopulation = max(b.persons * 2, k(agriculturalPopulation))
        b.totalPopulation = max(b.agriculturalPopulation, k(totalPopulation))
        b.townships = townships.map { t in
            let v = k(t.villages, atLeast: 1)
            return TownshipPlan(name: t.name, englishName: t.englishName, tier: t.tier, villages: v, poorVillages: min(v, k(t.poorVillages, atLeast: 1)))
        }
        let poorTotal = b.townships.reduce(0) { $0 + $1.poorVillages }
        b.exitedPersons = exitedPersons.map { ($0.year, k($0.persons)) }
        b.exitedVillages = exitedVillages.map { ($0.year, k($0.villages)) }
        b.plannedVillageExits = plannedVillageExits.map { ($0.year, k($0.villages)) }
        // Keep the village plan summing to the poor villages.
        let planned = b.exitedVillages.reduce(0) { $0 + $1.villages } + b.plannedVillageExits.reduce(0) { $0 + $1.villages }
        if let last = b.plannedVillageExits.indices.last {
            b.plannedVillageExits[last].villages = max(0, b.plannedVillageExits[last].villages + poorTotal - planned)
        }
        b.targets = targets.map { YearTarget(year: $0.year, villages: k($0.villages), persons: k($0.persons)) }
        b.dibaoPersons = k(dibaoPersons)
        b.wubaoPersons = k(wubaoPersons)
        b.illnessHouseholds = k(illnessHouseholds)
        b.illnessPersons = max(b.illnessHouseholds, k(illnessPersons))
        b.migrantWorkers = migrantWorkers.map { k($0) }
        b.pvHouseholds = k(pvHouseholds)
        b.rangerPosts = k(rangerPosts)
        b.housingGaps = k(housingGaps)
        b.villagesWithoutWater = k(villagesWithoutWater)
        b.villagesWithoutRoad = k(villagesWithoutRoad)
        b.villagesWithoutClinic = k(villagesWithoutClinic)
        b.villagesWithCollectiveIncome = villagesWithCollectiveIncome.map { k($0) }
        b.projects = projects.map { p in
            var q = p
            q.count = p.level == .county ? p.count : k(p.count, atLeast: 1)
            q.totalCapacity = p.totalCapacity.map { ($0 * s).rounded() }
            q.totalHouseholds = p.totalHouseholds.map { k($0) }
            return q
        }
        b.projectsStarted = min(b.projects.reduce(0) { $0 + $1.count }, k(projectsStarted))
        b.funds = funds.map { f in var g = f; g.amount = (f.amount * s).rounded(); return g }
        b.sites = sites.map { site in
            var t = site
            t.flats = site.flats.map { ($0.0, k($0.1)) }
            t.schoolSeats = k(site.schoolSeats)
            t.kindergartenSeats = k(site.kindergartenSeats)
            t.buildingArea = (site.buildingArea * s * 10).rounded() / 10
            t.cost = (site.cost * s).rounded()
            t.landMu = (site.landMu * s).rounded()
            return t
        }
        b.relocationPersons = k(relocationPersons)
        b.relocationPoorPersons = k(relocationPoorPersons)
        b.wholeVillageNaturalVillages = k(wholeVillageNaturalVillages, atLeast: 1)
        b.wholeVillagesByYear = wholeVillagesByYear.map { ($0.year, k($0.villages)) }
        let byYear = b.wholeVillagesByYear.reduce(0) { $0 + $1.villages }
        if let last = b.wholeVillagesByYear.indices.last {
            b.wholeVillagesByYear[last].villages = max(0, b.wholeVillagesByYear[last].villages + b.wholeVillageNaturalVillages - byYear)
        }
        b.scatteredVillages = k(scatteredVillages, atLeast: 1)
        return b
    }
}
