import Foundation

extension Builder {
    /// Earned income from endowments, for every household (exited or not):
    ///
    /// - migrant (务工): each migrant worker earns `migrantWage` × a log-normal multiple (mean 1);
    /// - planting: village effect × household productivity × (weight per worker at home + weight
    ///   per migrant worker's family + weight per member who does not work);
    /// - breeding / forestry: with a chance, for households with a worker at home, village effect ×
    ///   a log-normal multiple × workers at home;
    /// - other: a small amount per person.
    ///
    /// Planting and breeding + forestry are then scaled (one factor each) so that the county's
    /// earned shares (planting : migrant : breeding + forestry) equal the blueprint's, with migrant
    /// income as the anchor. Village effects are log-normal, lower in deeper tiers and in villages
    /// planned to exit later. 低保/五保 transfers are set here too (they are part of the safety-net
    /// households' means); the other fixed sources follow the exits.
    mutating func drawEarnings() {
        let n = h.count
        let e = b.earnings
        let firstPlan = Double(firstPlannedYear)
        let villageEffect: [Double] = villages.map { v in
            let tier = Double(townships[v.township].tier)
            let later = v.isPoor ? Double(v.plannedExitYear ?? firstPlannedYear) - firstPlan : 0
            return rng.lognormal(e.villageSpread) * exp(-e.depthPerPlanYear * later - e.depthPerTier * (3 - tier))
        }
        var planting = [Double](repeating: 0, count: n), migrant = planting, breeding = planting, forestry = planting, other = planting
        var transfers = planting, pensions = planting
        for i in 0..<n {
            let size = Double(h.size[i]), labour = Int(h.labour[i]), migrants = Int(h.migrantWorkers[i])
            let home = Double(labour - migrants), dependants = size - Double(labour)
            let village = villageEffect[Int(h.village[i])]
            let units = e.plantingWorker * home + e.plantingMigrant * Double(migrants) + e.plantingDependant * dependants
            planting[i] = village * rng.lognormal(e.farmSpread) * units
            for _ in 0..<migrants { migrant[i] += e.migrantWage * rng.lognormal(e.wageSpread) }
            if rng.chance(e.breedingChance) { breeding[i] = village * rng.lognormal(e.sidelineSpread) * units }
            if rng.chance(e.forestryChance) { forestry[i] = village * e.forestryWeight * rng.lognormal(e.sidelineSpread) * units }
            other[i] = size * rng.uniform(e.otherPerPerson.lowerBound, e.otherPerPerson.upperBound)
            for _ in 0..<Int(dependants) where rng.chance(e.pensionChance) { pensions[i] += e.pension }
        }
        // One factor for planting and one for breeding + forestry, so the shares are the blueprint's.
        let shares = b.earnedShares
        let migrantTotal = migrant.reduce(0, +)
        let plantingTotal = planting.reduce(0, +), sidelineTotal = breeding.reduce(0, +) + forestry.reduce(0, +)
        // Without migrant workers (a tiny county) the anchor is a farm worker earning half a migrant wage.
        let anchor = migrantTotal > 0 ? migrantTotal / shares.migrant : e.migrantWage / 2 * Double(max(1, h.labour.reduce(0) { $0 + Int($1) }))
        let plantingScale = plantingTotal > 0 ? anchor * shares.planting / plantingTotal : 0
        let sidelineScale = sidelineTotal > 0 ? anchor * shares.breedingForestry / sidelineTotal : 0
        earningsScale = (plantingScale, sidelineScale)
        for i in 0..<n {
            let size = Double(h.size[i])
            planting[i] = (planting[i] * plantingScale).rounded()
            breeding[i] = (breeding[i] * sidelineScale).rounded()
            forestry[i] = (forestry[i] * sidelineScale).rounded()
            migrant[i] = migrant[i].rounded()
            other[i] = other[i].rounded()
            // 五保: the support standard, 4,000–5,000 yuan a person; 低保: the difference between the
            // household's income and the local 低保 standard (差额补助), which since the merging of the
            // two lines (两线合一) is at or above the poverty line: `welfareStandard` × the line.
            let own = planting[i] + breeding[i] + forestry[i] + migrant[i] + other[i] + pensions[i]
            switch h.welfare[i] {
            case .wubao: transfers[i] = (size * rng.uniform(4_000, 5_000) / 10).rounded() * 10
            case .dibao:
                let standard = b.povertyLine * rng.uniform(b.welfareStandard.lowerBound, b.welfareStandard.upperBound)
                transfers[i] = max(300 * size, ((standard * size - own) / 10).rounded(.up) * 10)
            case .none: break
            }
            transfers[i] += pensions[i]
        }
        for i in 0..<n {
            h.sourceIncome[IncomeSource.planting.rawValue][i] = planting[i]
            h.sourceIncome[IncomeSource.migrant.rawValue][i] = migrant[i]
            h.sourceIncome[IncomeSource.breeding.rawValue][i] = breeding[i]
            h.sourceIncome[IncomeSource.forestry.rawValue][i] = forestry[i]
            h.sourceIncome[IncomeSource.other.rawValue][i] = other[i]
            h.sourceIncome[IncomeSource.transfers.rawValue][i] = transfers[i]
        }
    }

    /// The fixed sources, placed exactly (PV dividend, ranger wage, village-station and enterprise
    /// dividends, small transfers), then the statuses' side of the line: an exited household below
    /// the line is raised to `exitedIncomeFloor` × the line by policy transfers (pensions, 退耕还林 payments,
    /// 产业奖补), and a remaining household is "meets standard" when its per-capita income is at or
    /// above the line, "missing items" when below (safety net: 低保/五保).
    mutating func assignFixedIncomesAndCategories() {
        let n = h.count
        let line = b.povertyLine
        // PV dividend households: remaining poor without labour first (光伏收益优先用于无劳动能力贫困户),
        // then the other remaining poor, then exited households (in poor villages where required).
        var pvCandidates = shuffled(n).filter { !b.pvInPoorVillagesOnly || villages[Int(h.village[$0])].isPoor }
        func pvRank(_ i: Int) -> Int { isRemaining(i) ? (h.labour[i] == 0 ? 0 : 1) : 2 }
        pvCandidates.sort { pvRank($0) < pvRank($1) }
        var pv = [Double](repeating: 0, count: n)
        for i in pvCandidates.prefix(b.pvHouseholds) { pv[i] = b.pvDividend }
        // Ranger posts: households with labour, remaining poor first.
        var rangerCandidates = shuffled(n).filter { h.labour[$0] > 0 }
        rangerCandidates.sort { (isRemaining($0) ? 0 : 1) < (isRemaining($1) ? 0 : 1) }
        var ranger = [Double](repeating: 0, count: n)
        for i in rangerCandidates.prefix(b.rangerPosts) { ranger[i] = b.rangerWage }
        // Village PV stations (the asset-income projects): remaining poor households of those villages.
        let stationCount = b.projects.filter { $0.type == .assetIncome }.reduce(0) { $0 + $1.count }
        var poorVillages = villages.indices.filter { villages[$0].isPoor && villages[$0].exitYear == nil }
        rng.shuffle(&poorVillages)
        stationVillages = Array(poorVillages.prefix(stationCount))
        let stationSet = Set(stationVillages)
        var asset = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let v = Int(h.village[i])
            if stationSet.contains(v) && isRemaining(i) {
                asset[i] = (rng.uniform(b.villageStationDividend.lowerBound, b.villageStationDividend.upperBound) / 10).rounded() * 10
                stationHouseholds[v, default: 0] += 1
                stationDividend[v, default: 0] += asset[i]
            } else if rng.chance(0.08) {
                asset[i] = (rng.uniform(200, 800) / 10).rounded() * 10  // enterprise share dividends (入股分红)
            }
        }
        let transfers = IncomeSource.transfers.rawValue
        for i in 0..<n {
            let size = Double(h.size[i])
            if h.welfare[i] == .none && rng.chance(0.25) { h.sourceIncome[transfers][i] += (rng.uniform(100, 600) / 10).rounded() * 10 }
            h.sourceIncome[IncomeSource.pvDividend.rawValue][i] = pv[i]
            h.sourceIncome[IncomeSource.ecologicalPost.rawValue][i] = ranger[i]
            h.sourceIncome[IncomeSource.assetDividend.rawValue][i] = asset[i]
            var income = h.sourceIncome.reduce(0.0) { $0 + $1[i] }
            let lift = rng.uniform(b.exitedIncomeFloor.lowerBound, b.exitedIncomeFloor.upperBound)
            if !isRemaining(i) && income < line * size {
                let topUp = ((line * lift * size - income) / 10).rounded(.up) * 10
                h.sourceIncome[transfers][i] += topUp
                income += topUp
            }
            h.income[i] = income
            if !isRemaining(i) { h.category[i] = .standard } else if h.welfare[i] != .none { h.category[i] = .safetyNet } else {
                h.category[i] = income >= line * size ? .standard : .missing
            }
        }
    }
}
