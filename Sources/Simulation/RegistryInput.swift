import Planning

extension SimulationInput {
    /// The simulation input of a loaded county registry, for next year (the registry's year + 1).
    ///
    /// - Households keep the registry's order (their index keys their random numbers). A household
    ///   is *registered poor* when it has not exited by the county's year (`exit_year` blank or
    ///   later); its guarantees are met when education, medical care, housing and safe water all
    ///   hold. Incomes by source are the registry's (`other` = income − the stored sources).
    /// - Villages: a *poor village* is a registered poor village that has not exited by the
    ///   county's year; its infrastructure is met when all six indicators hold (road, water,
    ///   electricity, broadband, clinic, school). A village recorded with no agricultural
    ///   population counts as one person, so its incidence stays defined.
    /// - County: the poverty line of the county's year, the exit threshold of its region, its
    ///   agricultural population and the tier of each township.
    ///
    /// - Parameters:
    ///   - registry: the loaded county folder.
    ///   - residualSpread: the spread of unexplained income (`IncomeModel.residualSpread`).
    ///   - plan: extra income next year from the plan's projects, one value per household (the
    ///     hook for the allocation: `EvenPlan`, later the optimiser's plan); nil for none.
    ///   - planCost: what the plan costs, yuan (for the cost per person lifted).
    public init(registry: CountyRegistry, residualSpread: ResidualSpread = ResidualSpread(),
                plan planIncome: [Double]? = nil, planCost: Double? = nil) {
        let table = registry.households
        let n = table.count
        let year = registry.county.year
        let villageTownship = registry.villages.map(\.township)
        let sources: [[Double]] = IncomeSource.allCases.map { source in
            guard let stored = Planning.IncomeSource.allCases.first(where: { $0.column == source.key }) else {
                return Array(repeating: 0, count: n)
            }
            return table.sourceIncome[stored.rawValue]
        }
        let households = HouseholdArrays(
            persons: table.size.map { Int($0) },
            village: table.village.map { Int($0) },
            township: table.village.map { villageTownship[Int($0)] },
            category: table.category.map(HouseholdCategory.init(registry:)),
            cause: table.cause.map(PovertyCause.init(registry:)),
            incomeBySource: sources,
            guaranteesMet: (0..<n).map { table.guaranteesHold($0) },
            registeredPoor: (0..<n).map { !table.hasExited($0, by: year) },
            planIncome: planIncome)
        let villages = VillageArrays(
            agriculturalPopulation: registry.villages.map { max(1, $0.agriculturalPopulation) },
            township: villageTownship,
            poorVillage: registry.villages.map { $0.isPoor && !($0.exitYear.map { $0 <= year } ?? false) },
            infrastructureOK: registry.villages.map(\.missingInfrastructure.isEmpty))
        let county = CountyFacts(
            povertyLine: registry.county.povertyLine,
            exitThreshold: registry.county.exitThreshold,
            agriculturalPopulation: registry.county.agriculturalPopulation,
            townshipTier: registry.townships.map(\.tier))
        self.init(households: households, villages: villages, county: county, residualSpread: residualSpread, planCost: planCost)
    }
}

extension HouseholdCategory {
    /// The engine's category of a registry category (达标户, 缺项户, 兜底户).
    public init(registry category: Planning.HouseholdCategory) {
        switch category {
        case .standard: self = .meetsStandard
        case .missing: self = .missingItems
        case .safetyNet: self = .safetyNet
        }
    }
}

extension PovertyCause {
    /// The engine's cause of a registry cause.
    public init(registry cause: Planning.PovertyCause) {
        switch cause {
        case .illness: self = .illness
        case .disability: self = .disability
        case .schooling: self = .schooling
        case .disaster: self = .disaster
        case .lackLabour: self = .lackOfLabour
        case .lackSkills: self = .lackOfSkills
        case .lackCapital: self = .lackOfCapital
        case .lackLand: self = .lackOfLand
        case .other: self = .other
        }
    }
}
