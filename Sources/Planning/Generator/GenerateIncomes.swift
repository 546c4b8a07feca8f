extension Builder {
    /// Incomes by source. Per-capita income is drawn by status (exited: 1.05–1.9 × line; remaining
    /// "meets standard": 1.0–1.3 ×; "missing items": 0.45–0.97 ×; safety net: transfers), fixed
    /// sources are placed exactly (PV dividend, ranger wage, village-station and enterprise
    /// dividends, 低保/五保 transfers), and the earned rest is split by household weights raked so the
    /// county's earned shares (planting : migrant : breeding + forestry) hit the blueprint.
    mutating func assignIncomes() {
        let n = h.count
        let line = b.povertyLine
        // PV dividend households: remaining poor first (in poor villages where required).
        var pvCandidates = shuffled(n).filter { !b.pvInPoorVillagesOnly || villages[Int(h.village[$0])].isPoor }
        pvCandidates.sort { (isRemaining($0) ? 0 : 1) < (isRemaining($1) ? 0 : 1) }
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
        var transfers = [Double](repeating: 0, count: n)
        var earned = [Double](repeating: 0, count: n)
        var villageEffect = villages.map { _ in 1.0 }
        for v in villageEffect.indices { villageEffect[v] = max(0.4, 1 + 0.2 * rng.normal()) }
        // Weights: planting, migrant, breeding, forestry, other.
        var w = [[Double]](repeating: [0, 0, 0, 0, 0], count: n)
        for i in 0..<n {
            let size = Double(h.size[i])
            switch h.welfare[i] {
            case .wubao: transfers[i] = (size * rng.uniform(4_000, 5_000) / 10).rounded() * 10
            case .dibao: transfers[i] = (size * rng.uniform(2_400, 3_600) / 10).rounded() * 10
            case .none: if rng.chance(0.25) { transfers[i] = (rng.uniform(100, 600) / 10).rounded() * 10 }
            }
            let fixed = pv[i] + ranger[i] + asset[i] + transfers[i]
            let perCapita: Double
            if !isRemaining(i) {
                perCapita = line * rng.uniform(1.05, 1.9)
            } else {
                switch h.category[i] {
                case .standard: perCapita = line * rng.uniform(1.0, 1.3)
                case .missing: perCapita = line * rng.uniform(0.45, 0.97)
                case .safetyNet: perCapita = fixed / size + rng.uniform(100, 600)
                }
            }
            earned[i] = max(perCapita * size - fixed, 300 * size)
            let v = Int(h.village[i])
            w[i][0] = rng.uniform(0.4, 1.6) * villageEffect[v]
            w[i][1] = Double(h.migrantWorkers[i]) * rng.uniform(1.0, 2.2)
            w[i][2] = rng.chance(0.35) ? rng.uniform(0.3, 1.5) : 0
            w[i][3] = rng.chance(0.3) ? rng.uniform(0.2, 1.0) : 0
            w[i][4] = rng.uniform(0.05, 0.3)
        }
        // Rake the multipliers of planting, migrant and breeding+forestry to the published shares.
        let target = [b.earnedShares.planting, b.earnedShares.migrant, b.earnedShares.breedingForestry]
        var alpha = [1.0, 1.0, 1.0]
        func group(_ k: Int) -> Int { k <= 1 ? k : 2 }
        for _ in 0..<200 {
            var sums = [0.0, 0.0, 0.0]
            for i in 0..<n {
                let denominator = alpha[0] * w[i][0] + alpha[1] * w[i][1] + alpha[2] * (w[i][2] + w[i][3]) + w[i][4]
                guard denominator > 0 else { continue }
                for k in 0..<4 { sums[group(k)] += earned[i] * alpha[group(k)] * w[i][k] / denominator }
            }
            let total = sums.reduce(0, +)
            guard total > 0 else { break }
            var worst = 0.0
            for g in 0..<3 where sums[g] > 0 { worst = max(worst, abs(sums[g] / total - target[g])) }
            if worst < 1e-7 { break }
            for g in 0..<3 where sums[g] > 0 { alpha[g] *= target[g] / (sums[g] / total) }
            let scale = alpha.reduce(0, +) / 3
            for g in 0..<3 { alpha[g] /= scale }
        }
        for i in 0..<n {
            let denominator = alpha[0] * w[i][0] + alpha[1] * w[i][1] + alpha[2] * (w[i][2] + w[i][3]) + w[i][4]
            var parts = [Double](repeating: 0, count: 5)
            for k in 0..<4 { parts[k] = (earned[i] * alpha[group(k)] * w[i][k] / denominator).rounded() }
            parts[4] = (earned[i] * w[i][4] / denominator).rounded()
            h.sourceIncome[IncomeSource.planting.rawValue][i] = parts[0]
            h.sourceIncome[IncomeSource.migrant.rawValue][i] = parts[1]
            h.sourceIncome[IncomeSource.breeding.rawValue][i] = parts[2]
            h.sourceIncome[IncomeSource.forestry.rawValue][i] = parts[3]
            h.sourceIncome[IncomeSource.pvDividend.rawValue][i] = pv[i]
            h.sourceIncome[IncomeSource.ecologicalPost.rawValue][i] = ranger[i]
            h.sourceIncome[IncomeSource.assetDividend.rawValue][i] = asset[i]
            h.sourceIncome[IncomeSource.transfers.rawValue][i] = transfers[i]
            h.sourceIncome[IncomeSource.other.rawValue][i] = parts[4]
            h.income[i] = parts.reduce(0, +) + pv[i] + ranger[i] + asset[i] + transfers[i]
        }
    }
}
