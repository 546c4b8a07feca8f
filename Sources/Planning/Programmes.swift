/// A poverty-alleviation project (扶贫项目) of the county's plan.
public struct Project: Sendable, Equatable {
    public var id: String
    public var type: ProjectType
    /// Chinese name or description.
    public var name: String
    /// Index into `CountyRegistry.townships`, or nil for a county-level project.
    public var township: Int?
    /// Index into `CountyRegistry.villages`, or nil when the project serves a whole township or the county.
    public var village: Int?
    public var year: Int
    public var status: ProjectStatus
    /// Total cost, yuan.
    public var cost: Double
    /// Registered poor households it reaches (benefit).
    public var households: Int
    /// Expected extra net income per reached household, yuan per year, and its standard deviation.
    public var incomePerHousehold: Double
    public var incomeSD: Double
    /// Size in `unit` (kW, head, mu, bags, persons, …); 0 when not given.
    public var capacity: Double
    public var unit: String
    /// The spending category for fund share rules (`category` column; default `type.defaultCategory`).
    /// Every project of one type has the same category (checked on import), since the allocation
    /// model funds types.
    public var category: ProjectCategory

    public init(id: String, type: ProjectType, name: String, township: Int?, village: Int?, year: Int, status: ProjectStatus,
                cost: Double, households: Int, incomePerHousehold: Double, incomeSD: Double, capacity: Double, unit: String,
                category: ProjectCategory? = nil) {
        self.category = category ?? type.defaultCategory
        self.id = id; self.type = type; self.name = name; self.township = township; self.village = village
        self.year = year; self.status = status; self.cost = cost; self.households = households
        self.incomePerHousehold = incomePerHousehold; self.incomeSD = incomeSD; self.capacity = capacity; self.unit = unit
    }
}

/// A fund source and its rules. Which sources may pay for a project follows from here:
/// the sources whose `eligibleTypes` contain the project's type.
public struct Fund: Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: FundKind
    /// Amount available for the year, yuan.
    public var amount: Double
    /// Project types the source may pay for; nil means any type (`*` in the file).
    public var eligibleTypes: Set<ProjectType>?
    /// Least and most the source may put into one village, yuan (nil: no rule).
    public var minPerVillage: Double?
    public var maxPerVillage: Double?
    /// True when the source may go to registered poor villages only.
    public var poorVillagesOnly: Bool
    /// The share rule of the source (`share_category`, `min_share`), nil when it has none.
    public var shareRule: FundShareRule?

    public init(id: String, name: String, kind: FundKind, amount: Double, eligibleTypes: Set<ProjectType>?,
                minPerVillage: Double?, maxPerVillage: Double?, poorVillagesOnly: Bool, shareRule: FundShareRule? = nil) {
        self.shareRule = shareRule
        self.id = id; self.name = name; self.kind = kind; self.amount = amount; self.eligibleTypes = eligibleTypes
        self.minPerVillage = minPerVillage; self.maxPerVillage = maxPerVillage; self.poorVillagesOnly = poorVillagesOnly
    }

    /// True when the source may pay for projects of `type`.
    public func mayPay(for type: ProjectType) -> Bool { eligibleTypes?.contains(type) ?? true }
}

/// A fund's share rule of the transition period: at least `minimumShare` of the fund's amount goes
/// to projects of `category` (e.g. at least 55 % of the linkage fund 衔接资金 to industry). The
/// allocation model adds the row Σ_{v, t in category} x_vft ≥ minimumShare · amount_f.
public struct FundShareRule: Sendable, Equatable {
    public var category: ProjectCategory
    /// A fraction in (0, 1].
    public var minimumShare: Double
    public init(category: ProjectCategory, minimumShare: Double) {
        self.category = category
        self.minimumShare = minimumShare
    }
}

/// A resettlement site (安置点).
public struct Site: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Index into `CountyRegistry.townships`, or nil (dispersed resettlement across the county).
    public var township: Int?
    public var kind: SiteKind
    /// Planned land, mu (亩); 0 when not given.
    public var landMu: Double
    /// Building area, m² (includes stairs and walls; flats' own areas are in `flats`).
    public var buildingArea: Double
    /// Construction cost, yuan.
    public var cost: Double
    /// Building subsidy per relocated person, yuan.
    public var subsidyPerPerson: Double
    public var schoolSeats: Int
    public var kindergartenSeats: Int
    public var hasClinic: Bool
    /// Distance from the county seat, km.
    public var distanceKm: Double
    /// Flat types of the site (from `site_flats.csv`), by area ascending.
    public var flats: [FlatType]

    public init(id: String, name: String, township: Int?, kind: SiteKind, landMu: Double, buildingArea: Double, cost: Double,
                subsidyPerPerson: Double, schoolSeats: Int, kindergartenSeats: Int, hasClinic: Bool, distanceKm: Double, flats: [FlatType] = []) {
        self.id = id; self.name = name; self.township = township; self.kind = kind; self.landMu = landMu
        self.buildingArea = buildingArea; self.cost = cost; self.subsidyPerPerson = subsidyPerPerson
        self.schoolSeats = schoolSeats; self.kindergartenSeats = kindergartenSeats; self.hasClinic = hasClinic
        self.distanceKm = distanceKm; self.flats = flats
    }

    /// Flats of all types.
    public var flatCount: Int { flats.reduce(0) { $0 + $1.count } }
}

/// One size type of flat at a site.
public struct FlatType: Sendable, Equatable {
    /// Usable area of one flat, m².
    public var area: Double
    /// Number of such flats.
    public var count: Int
    public init(area: Double, count: Int) {
        self.area = area
        self.count = count
    }

    /// Smallest household that may take this flat under the rule of at most 25 m² per person: ⌈area / 25⌉ persons.
    public var minimumPersons: Int { Swift.max(1, Int((area / 25).rounded(.up))) }
}

/// One relocating household (易地扶贫搬迁对象).
public struct Relocation: Sendable, Equatable {
    public var id: String
    public var kind: RelocationKind
    /// Index into `CountyRegistry.villages` (the administrative village it leaves).
    public var village: Int
    /// Natural village it leaves (整村搬迁 moves every household of one natural village together).
    public var naturalVillage: String
    /// Index into `CountyRegistry.households` for a registered poor household, nil for a
    /// non-poor household relocating alongside (同步搬迁).
    public var household: Int?
    public var persons: Int
    /// Registered poor (建档立卡) household.
    public var isPoor: Bool
    /// Year of the move in the plan.
    public var year: Int

    public init(id: String, kind: RelocationKind, village: Int, naturalVillage: String, household: Int?, persons: Int, isPoor: Bool, year: Int) {
        self.id = id; self.kind = kind; self.village = village; self.naturalVillage = naturalVillage
        self.household = household; self.persons = persons; self.isPoor = isPoor; self.year = year
    }
}
