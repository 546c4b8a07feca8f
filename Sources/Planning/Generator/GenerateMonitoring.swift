/// The monitoring data of a generated county (`CountyBlueprint.monitoring`): the monitoring columns
/// of households.csv and the ordinary households the county's screening records. Drawn from a
/// random stream of its own (the seed mixed with a constant), after the rest of the registry, so
/// adding it leaves every other value, and every plan made from them, as it was.
extension Builder {
    /// Seed offset of the monitoring stream.
    static let monitoringStream: UInt64 = 0x4D4F_4E49_544F_5221

    mutating func addMonitoring(_ plan: MonitoringPlan, seed: UInt64, to registry: inout CountyRegistry) {
        var rng = SeededRandom(seed: seed ^ Builder.monitoringStream)
        let year = b.year
        /// Compliant spending and risks of one household (cause and migrant workers decide which risks).
        func draw(cause: PovertyCause, migrants: Int32, into table: inout HouseholdTable) {
            var spending = 0.0
            var risks: UInt8 = 0
            if rng.chance(plan.spendingChance) {
                spending = rng.uniform(plan.spending.lowerBound, plan.spending.upperBound).rounded()
                if spending >= 5_000 { risks |= (cause == .schooling ? MonitoringRisk.schooling : MonitoringRisk.medical).bit }
            }
            if rng.chance(plan.disasterChance) { risks |= MonitoringRisk.disaster.bit }
            if migrants > 0 && rng.chance(plan.jobLossChance) { risks |= MonitoringRisk.jobLoss.bit }
            table.compliantSpending.append(spending)
            table.risks.append(risks)
        }
        var registered = registry.households
        for i in 0..<registered.count {
            draw(cause: registered.cause[i], migrants: registered.migrantWorkers[i], into: &registered)
            let exited = registered.exitYear[i] != 0 && Int(registered.exitYear[i]) <= year
            let since = Int(registered.exitYear[i]) + 1
            registered.monitoredYear.append(exited && since <= year && rng.chance(plan.monitoredChance) ? Int32(since) : 0)
        }
        registry.households = registered

        // Ordinary households: a screened share of each village's agricultural households not on the registry.
        var registeredPersons = [Int](repeating: 0, count: registry.villages.count)
        for i in 0..<registered.count { registeredPersons[Int(registered.village[i])] += Int(registered.size[i]) }
        let sizeWeights = [0.12, 0.25, 0.25, 0.22, 0.10, 0.06]
        var cumulative: [Double] = []
        for w in sizeWeights { cumulative.append((cumulative.last ?? 0) + w) }
        let meanSize = zip(1...sizeWeights.count, sizeWeights).reduce(0) { $0 + Double($1.0) * $1.1 }
        var o = HouseholdTable()
        let line = b.povertyLine
        for (v, village) in registry.villages.enumerated() {
            let others = Double(max(0, village.agriculturalPopulation - registeredPersons[v])) / meanSize * plan.screenedShare
            let count = Int(others) + (rng.uniform() < others - Double(Int(others)) ? 1 : 0)
            for _ in 0..<count {
                let size = rng.pick(cumulative: cumulative) + 1
                var labour = 0
                for _ in 0..<size where rng.chance(0.65) { labour += 1 }
                var migrants = 0
                for _ in 0..<labour where rng.chance(0.4) { migrants += 1 }
                let perCapita = line * plan.ordinaryIncomeMedian * _exp(plan.ordinaryIncomeSigma * rng.normal())
                let income = (perCapita * Double(size)).rounded()
                var sources = [Double](repeating: 0, count: IncomeSource.allCases.count)
                if labour == 0 {
                    sources[IncomeSource.transfers.rawValue] = (income * 0.6).rounded()
                } else {
                    let migrantShare = migrants > 0 ? 0.55 : 0
                    sources[IncomeSource.migrant.rawValue] = (income * migrantShare).rounded()
                    sources[IncomeSource.planting.rawValue] = (income * (0.8 - migrantShare) * 0.75).rounded()
                    sources[IncomeSource.breeding.rawValue] = (income * (0.8 - migrantShare) * 0.25).rounded()
                }
                let u = rng.uniform()
                let cause: PovertyCause = u < 0.08 ? .illness : u < 0.11 ? .disability : u < 0.14 ? .disaster : .other
                o.ids.append(String(format: "N%07d", o.ids.count + 1))
                o.village.append(Int32(v))
                o.size.append(Int32(size)); o.labour.append(Int32(labour)); o.migrantWorkers.append(Int32(migrants))
                o.category.append(.standard); o.cause.append(cause); o.welfare.append(Welfare.none)
                o.registeredYear.append(0); o.exitYear.append(0); o.income.append(income)
                var stored = 0.0
                for source in IncomeSource.stored { o.sourceIncome[source.rawValue].append(sources[source.rawValue]); stored += sources[source.rawValue] }
                o.sourceIncome[IncomeSource.other.rawValue].append(income - stored)
                o.education.append(true); o.medical.append(true); o.housing.append(true); o.water.append(true)
                draw(cause: cause, migrants: Int32(migrants), into: &o)
                o.monitoredYear.append(rng.chance(plan.monitoredChance) ? Int32(year) : 0)
            }
        }
        registry.ordinaryHouseholds = o
        registry.county.monitoring = plan.rule
    }
}
