import Poverty
extension CountyProfile {
    /// Computes the profile of `r` in one pass over the households plus small passes over the other tables.
    public init(_ r: CountyRegistry) {
        let year = r.county.year
        let h = r.households
        let nv = r.villages.count
        var villagePoorPersons = [Int](repeating: 0, count: nv)
        var villagePoorHouseholds = [Int](repeating: 0, count: nv)
        var villageRegistered = [Int](repeating: 0, count: nv)
        var gaps = [[Int]](repeating: [0, 0, 0, 0], count: nv)
        var exitsByYear: [Int: (Int, Int)] = [:]
        var sourcePoor = [Double](repeating: 0, count: IncomeSource.allCases.count)
        var sourceAll = sourcePoor
        var categoryCounts = [String: [Int]]()
        var causeCounts = [String: [Int]]()
        var poorHouseholds = 0, poorPersons = 0, registeredPersons = 0
        for i in 0..<h.count {
            let v = Int(h.village[i])
            let size = Int(h.size[i])
            let poor = !h.hasExited(i, by: year)
            registeredPersons += size
            villageRegistered[v] += size
            for s in IncomeSource.allCases { sourceAll[s.rawValue] += h.sourceIncome[s.rawValue][i] }
            categoryCounts[h.category[i].rawValue, default: [0, 0, 0, 0]][2] += 1
            categoryCounts[h.category[i].rawValue, default: [0, 0, 0, 0]][3] += size
            causeCounts[h.cause[i].rawValue, default: [0, 0, 0, 0]][2] += 1
            causeCounts[h.cause[i].rawValue, default: [0, 0, 0, 0]][3] += size
            if poor {
                poorHouseholds += 1
                poorPersons += size
                villagePoorPersons[v] += size
                villagePoorHouseholds[v] += 1
                for s in IncomeSource.allCases { sourcePoor[s.rawValue] += h.sourceIncome[s.rawValue][i] }
                categoryCounts[h.category[i].rawValue, default: [0, 0, 0, 0]][0] += 1
                categoryCounts[h.category[i].rawValue, default: [0, 0, 0, 0]][1] += size
                causeCounts[h.cause[i].rawValue, default: [0, 0, 0, 0]][0] += 1
                causeCounts[h.cause[i].rawValue, default: [0, 0, 0, 0]][1] += size
                if !h.education[i] { gaps[v][0] += 1 }
                if !h.medical[i] { gaps[v][1] += 1 }
                if !h.housing[i] { gaps[v][2] += 1 }
                if !h.water[i] { gaps[v][3] += 1 }
            } else {
                let e = Int(h.exitYear[i])
                let old = exitsByYear[e] ?? (0, 0)
                exitsByYear[e] = (old.0 + 1, old.1 + size)
            }
        }
        let agricultural = Double(r.county.agriculturalPopulation)
        county = r.county
        townships = r.townships.count
        villages = nv
        poorVillages = r.villages.filter(\.isPoor).count
        households = h.count
        self.registeredPersons = registeredPersons
        self.poorHouseholds = poorHouseholds
        self.poorPersons = poorPersons
        incidence = agricultural > 0 ? Double(poorPersons) / agricultural : 0
        registeredIncidence = agricultural > 0 ? Double(registeredPersons) / agricultural : 0
        exits = exitsByYear.keys.sorted().map { YearCount(year: $0, households: exitsByYear[$0]?.0 ?? 0, persons: exitsByYear[$0]?.1 ?? 0) }

        // Townships and tiers.
        var rows = r.townships.map { TownshipRow(township: $0.name, englishName: $0.englishName, tier: $0.tier, villages: 0, poorVillages: 0,
                                                  agriculturalPopulation: 0, registeredPersons: 0, poorHouseholds: 0,
                                                  poorPersons: 0, incidence: 0) }
        for (v, village) in r.villages.enumerated() {
            rows[village.township].villages += 1
            if village.isPoor { rows[village.township].poorVillages += 1 }
            rows[village.township].agriculturalPopulation += village.agriculturalPopulation
            rows[village.township].registeredPersons += villageRegistered[v]
            rows[village.township].poorHouseholds += villagePoorHouseholds[v]
            rows[village.township].poorPersons += villagePoorPersons[v]
        }
        for k in rows.indices where rows[k].agriculturalPopulation > 0 {
            rows[k].incidence = Double(rows[k].poorPersons) / Double(rows[k].agriculturalPopulation)
        }
        byTownship = rows
        byTier = (1...3).map { tier in
            let members = rows.filter { $0.tier == tier }
            let population = members.reduce(0) { $0 + $1.agriculturalPopulation }
            let poor = members.reduce(0) { $0 + $1.poorPersons }
            return TierRow(tier: tier, townships: members.count, villages: members.reduce(0) { $0 + $1.villages },
                           poorVillages: members.reduce(0) { $0 + $1.poorVillages }, agriculturalPopulation: population,
                           poorPersons: poor, incidence: population > 0 ? Double(poor) / Double(population) : 0)
        }

        // Village exit status and the yearly plan.
        let threshold = r.county.exitThreshold
        var summary = VillageExitSummary(threshold: threshold, exited: 0, eligible: 0, infrastructureMissing: 0, notReady: 0, plan: [])
        var planned: [Int: Int] = [:], exitedIn: [Int: Int] = [:]
        for (v, village) in r.villages.enumerated() where village.isPoor {
            if let p = village.plannedExitYear { planned[p, default: 0] += 1 }
            if let e = village.exitYear, e <= year {
                summary.exited += 1
                exitedIn[e, default: 0] += 1
                continue
            }
            let population = village.agriculturalPopulation
            let rate = population > 0 ? Double(villagePoorPersons[v]) / Double(population) : (villagePoorPersons[v] > 0 ? 1 : 0)
            if rate >= threshold { summary.notReady += 1 } else if village.missingInfrastructure.isEmpty { summary.eligible += 1 } else {
                summary.infrastructureMissing += 1
            }
        }
        let planYears = Set(planned.keys).union(exitedIn.keys).union(r.county.targets.map(\.year)).union(exitsByYear.keys).sorted()
        summary.plan = planYears.map { y in
            let target = r.county.targets.first { $0.year == y }
            return PlanYear(year: y, plannedVillages: planned[y] ?? 0, exitedVillages: exitedIn[y] ?? 0,
                            targetVillages: target?.villages, targetPersons: target?.persons,
                            exitedPersons: y <= year ? (exitsByYear[y]?.1 ?? 0) : nil)
        }
        villageExit = summary

        // Income structure.
        let totalPoor = sourcePoor.reduce(0, +), totalAll = sourceAll.reduce(0, +)
        incomeSources = IncomeSource.allCases.map { s in
            SourceShare(source: s, poorTotal: sourcePoor[s.rawValue], poorShare: totalPoor != 0 ? sourcePoor[s.rawValue] / totalPoor : 0,
                        registeredTotal: sourceAll[s.rawValue], registeredShare: totalAll != 0 ? sourceAll[s.rawValue] / totalAll : 0)
        }
        giniBySource = Self.giniDecomposition(h)

        func counts<C: RegistryCode>(_ type: C.Type, _ table: [String: [Int]]) -> [CodeCount] {
            C.allCases.map { c in
                let n = table[c.rawValue] ?? [0, 0, 0, 0]
                return CodeCount(code: c.rawValue, chinese: c.chinese, english: c.english, poorHouseholds: n[0], poorPersons: n[1],
                                 registeredHouseholds: n[2], registeredPersons: n[3])
            }
        }
        categories = counts(HouseholdCategory.self, categoryCounts)
        causes = counts(PovertyCause.self, causeCounts)

        // Guarantee and infrastructure gaps, villages with any gap, in file order.
        guaranteeGaps = r.villages.enumerated().compactMap { v, village in
            let missing = village.missingInfrastructure.map(\.column)
            let g = gaps[v]
            guard !missing.isEmpty || g.contains(where: { $0 > 0 }) else { return nil }
            return VillageGaps(village: village.id, name: village.name, township: r.townships[village.township].name,
                               poorHouseholds: villagePoorHouseholds[v], education: g[0], medical: g[1], housing: g[2],
                               water: g[3], infrastructure: missing)
        }
        relocation = RelocationSummary(r)
    }
}

extension CountyProfile.RelocationSummary {
    /// Relocation demand (households, persons, whole villages, scattered households, by year) and site capacity.
    init(_ r: CountyRegistry) {
        let rows = r.relocation
        households = rows.count
        persons = rows.reduce(0) { $0 + $1.persons }
        poorPersons = rows.filter(\.isPoor).reduce(0) { $0 + $1.persons }
        let whole = rows.filter { $0.kind == .wholeVillage }
        let scattered = rows.filter { $0.kind == .scattered }
        struct Place: Hashable { var village: Int; var natural: String }
        wholeVillageNaturalVillages = Set(whole.map { Place(village: $0.village, natural: $0.naturalVillage) }).count
        wholeVillageTownships = Set(whole.map { r.villages[$0.village].township }).count
        wholeVillageHouseholds = whole.count
        wholeVillagePersons = whole.reduce(0) { $0 + $1.persons }
        scatteredHouseholds = scattered.count
        scatteredPersons = scattered.reduce(0) { $0 + $1.persons }
        scatteredVillages = Set(scattered.map(\.village)).count
        var years: [Int: (Int, Int)] = [:]
        for m in rows { let o = years[m.year] ?? (0, 0); years[m.year] = (o.0 + 1, o.1 + m.persons) }
        byYear = years.keys.sorted().map { CountyProfile.YearCount(year: $0, households: years[$0]?.0 ?? 0, persons: years[$0]?.1 ?? 0) }
        sites = r.sites.map { s in
            let smallest = s.flats.first?.minimumPersons ?? 1
            return CountyProfile.SiteCapacity(
                site: s.id, name: s.name, kind: s.kind, flats: s.flatCount, flatTypes: s.flats,
                fittingHouseholds: s.kind == .concentrated ? rows.filter { $0.persons >= smallest }.count : rows.count,
                schoolSeats: s.schoolSeats, kindergartenSeats: s.kindergartenSeats, subsidyPerPerson: s.subsidyPerPerson, cost: s.cost)
        }
        concentratedFlats = r.sites.filter { $0.kind == .concentrated }.reduce(0) { $0 + $1.flatCount }
    }
}

extension CountyProfile {
    /// The Lerman–Yitzhaki Gini decomposition of per-capita income by source over every registered
    /// household, persons as weights (the Poverty module's `giniBySource`); sources with a zero mean are
    /// left out. Nil when the decomposition is undefined (no household, or a non-positive mean income).
    static func giniDecomposition(_ h: HouseholdTable) -> [SourceGini]? {
        guard h.count > 0 else { return nil }
        let weights = h.size.map(Double.init)
        let perCapita = IncomeSource.allCases.map { s in (0..<h.count).map { h.sourceIncome[s.rawValue][$0] / weights[$0] } }
        guard let table = try? IncomeDistribution.giniBySource(sources: perCapita, weights: weights) else { return nil }
        return table.sources.compactMap { row in
            guard let gini = row.gini, let correlation = row.giniCorrelation, let share = row.contributionShare else { return nil }
            return SourceGini(source: IncomeSource.allCases[row.source], share: row.share, gini: gini,
                              correlation: correlation, contribution: share)
        }
    }
}
