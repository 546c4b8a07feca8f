/// The county as a whole, from `county.toml`.
public struct County: Sendable, Equatable {
    /// Chinese name, e.g. 代县.
    public var name: String
    /// English name, e.g. "Dai County" (optional in the file).
    public var englishName: String?
    /// Province, e.g. 山西省 (optional).
    public var province: String?
    /// Region; sets the exit threshold (`region.exitIncidenceThreshold`).
    public var region: Region
    /// The year the registry describes (incomes are for this year; households with `exitYear ≤ year` have exited).
    public var year: Int
    /// Poverty line for `year` in yuan per person per year (a parameter of the data, never a constant of the code).
    public var povertyLine: Double
    /// Agricultural population (农业人口), persons: the denominator of the incidence.
    public var agriculturalPopulation: Int
    /// Total population, persons (optional).
    public var totalPopulation: Int?
    /// The yearly exit targets of the county's plan.
    public var targets: [YearTarget]
    /// The monitoring rule of the transition period (`[monitoring]`), nil when the file has none.
    public var monitoring: MonitoringRule?

    public init(name: String, englishName: String? = nil, province: String? = nil, region: Region, year: Int,
                povertyLine: Double, agriculturalPopulation: Int, totalPopulation: Int? = nil, targets: [YearTarget] = [],
                monitoring: MonitoringRule? = nil) {
        self.monitoring = monitoring
        self.name = name
        self.englishName = englishName
        self.province = province
        self.region = region
        self.year = year
        self.povertyLine = povertyLine
        self.agriculturalPopulation = agriculturalPopulation
        self.totalPopulation = totalPopulation
        self.targets = targets
    }

    /// Incidence below which a village or the county may exit (0.02, or 0.03 in the west).
    public var exitThreshold: Double { region.exitIncidenceThreshold }
}

/// One year of the county's exit plan (年度减贫目标).
public struct YearTarget: Sendable, Equatable {
    /// Calendar year.
    public var year: Int
    /// Poor villages to exit that year.
    public var villages: Int
    /// Registered poor persons to exit that year.
    public var persons: Int
    public init(year: Int, villages: Int, persons: Int) {
        self.year = year
        self.villages = villages
        self.persons = persons
    }
}

/// A township (乡镇) and its tier by depth of poverty: 1 deepest (贫困面广、集中连片), 3 lightest.
public struct Township: Sendable, Equatable {
    /// The name, Chinese (乡镇名), unique in the county.
    public var name: String
    /// 1, 2 or 3.
    public var tier: Int
    /// English name (`name_en` in townships.csv: pinyin and the kind, e.g. "Huyu Township" for 胡峪乡);
    /// nil when not given, and reports then show the Chinese name.
    public var englishName: String?
    public init(name: String, tier: Int, englishName: String? = nil) {
        self.name = name
        self.tier = tier
        self.englishName = englishName
    }
}

/// An administrative village (行政村).
public struct Village: Sendable, Equatable {
    /// Identifier, unique in the county.
    public var id: String
    /// Index into `CountyRegistry.townships`.
    public var township: Int
    /// Chinese name.
    public var name: String
    /// Registered poor village (建档立卡贫困村).
    public var isPoor: Bool
    /// Agricultural population, persons.
    public var agriculturalPopulation: Int
    /// Natural villages (自然村) it contains.
    public var naturalVillages: Int
    /// Infrastructure indicators of the village-exit rule: hardened road, safe water, grid electricity,
    /// broadband/mobile signal, standard clinic, access to a school.
    public var road, water, electricity, broadband, clinic, school: Bool
    /// Village collective operating income, yuan per year.
    public var collectiveIncome: Double
    /// Year the plan sets for the village to exit (poor villages), or nil.
    public var plannedExitYear: Int?
    /// Year the village exited, or nil.
    public var exitYear: Int?

    public init(id: String, township: Int, name: String, isPoor: Bool, agriculturalPopulation: Int, naturalVillages: Int,
                road: Bool, water: Bool, electricity: Bool, broadband: Bool, clinic: Bool, school: Bool,
                collectiveIncome: Double, plannedExitYear: Int?, exitYear: Int?) {
        self.id = id
        self.township = township
        self.name = name
        self.isPoor = isPoor
        self.agriculturalPopulation = agriculturalPopulation
        self.naturalVillages = naturalVillages
        self.road = road
        self.water = water
        self.electricity = electricity
        self.broadband = broadband
        self.clinic = clinic
        self.school = school
        self.collectiveIncome = collectiveIncome
        self.plannedExitYear = plannedExitYear
        self.exitYear = exitYear
    }

    /// The infrastructure items the village lacks, as (column name, Chinese label).
    public var missingInfrastructure: [(column: String, chinese: String)] {
        var out: [(String, String)] = []
        if !road { out.append(("road", "道路")) }
        if !water { out.append(("water", "安全饮水")) }
        if !electricity { out.append(("electricity", "电力")) }
        if !broadband { out.append(("broadband", "网络")) }
        if !clinic { out.append(("clinic", "卫生室")) }
        if !school { out.append(("school", "学校")) }
        return out
    }
}
