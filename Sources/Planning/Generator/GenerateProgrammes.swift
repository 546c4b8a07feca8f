extension Builder {
    /// Projects by the blueprint's plan; published totals (households, capacity) are hit exactly.
    mutating func makeProjects() -> [Project] {
        var out: [Project] = []
        let poorVillages = villages.indices.filter { villages[$0].isPoor && villages[$0].exitYear == nil }
        let deepTownships = townships.indices.sorted { (townships[$0].tier, $0) < (townships[$1].tier, $1) }
        var stations = stationVillages
        let total = b.projects.reduce(0) { $0 + $1.count }
        let width = max(3, String(total).count)
        for plan in b.projects {
            var lines: [Project] = []
            for _ in 0..<plan.count {
                var village: Int?
                var township: Int?
                switch plan.level {
                case .village:
                    if plan.type == .assetIncome, !stations.isEmpty { village = stations.removeFirst() }
                    else if !poorVillages.isEmpty { village = poorVillages[rng.below(poorVillages.count)] }
                    township = village.map { villages[$0].township }
                case .township:
                    township = deepTownships[rng.below(max(1, (deepTownships.count + 1) / 2))]
                case .county:
                    break
                }
                func draw(_ r: ClosedRange<Double>, step: Double) -> Double { (rng.uniform(r.lowerBound, r.upperBound) / step).rounded() * step }
                var households = plan.households.lowerBound + rng.below(plan.households.upperBound - plan.households.lowerBound + 1)
                var income = r0(draw(plan.income, step: 10))
                if plan.type == .assetIncome, let v = village, let count = stationHouseholds[v], count > 0 {
                    households = count
                    income = ((stationDividend[v] ?? 0) / Double(count)).rounded()
                }
                lines.append(Project(
                    id: "", type: plan.type, name: plan.name, township: township, village: village, year: b.year,
                    status: .planned, cost: draw(plan.cost, step: 100), households: households,
                    incomePerHousehold: income, incomeSD: (income * plan.incomeSpread).rounded(),
                    capacity: draw(plan.capacity, step: 1), unit: plan.unit))
            }
            if let totalHouseholds = plan.totalHouseholds {
                let shares = Builder.apportion(totalHouseholds, weights: lines.map { Double($0.households) })
                for k in lines.indices { lines[k].households = shares[k] }
            }
            if let totalCapacity = plan.totalCapacity {
                let shares = Builder.apportion(Int(totalCapacity), weights: lines.map(\.capacity))
                for k in lines.indices { lines[k].capacity = Double(shares[k]) }
            }
            out.append(contentsOf: lines)
        }
        for k in out.indices { out[k].id = "P" + zeroPadded(k + 1, width: width) }
        for k in shuffled(out.count).prefix(b.projectsStarted) { out[k].status = .started }
        return out
    }

    func r0(_ x: Double) -> Double { x.rounded() }

    func makeFunds() -> [Fund] {
        b.funds.enumerated().map { k, f in
            Fund(id: "F" + zeroPadded(k + 1, width: 2), name: f.name, kind: f.kind, amount: f.amount,
                 eligibleTypes: f.eligible.map(Set.init), minPerVillage: f.minPerVillage, maxPerVillage: f.maxPerVillage,
                 poorVillagesOnly: f.poorVillagesOnly)
        }
    }

    func makeSites() -> [Site] {
        let index = Dictionary(townships.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        return b.sites.enumerated().map { k, s in
            Site(id: "S" + zeroPadded(k + 1, width: 2), name: s.name, township: s.township.flatMap { index[$0] },
                 kind: s.kind, landMu: s.landMu, buildingArea: s.buildingArea, cost: s.cost, subsidyPerPerson: s.subsidyPerPerson,
                 schoolSeats: s.schoolSeats, kindergartenSeats: s.kindergartenSeats, hasClinic: s.clinic, distanceKm: s.distanceKm,
                 flats: s.flats.map { FlatType(area: $0.0, count: $0.1) })
        }
    }

    /// Relocating households: whole natural villages (整村) in the deepest townships with their poor
    /// households from the registry and the non-poor households moving alongside (同步搬迁), then
    /// scattered poor households (插花) from other villages; persons totals exact.
    mutating func makeRelocation() -> [Relocation] {
        var rows: [Relocation] = []
        let byTier = townships.indices.sorted { (townships[$0].tier, $0) < (townships[$1].tier, $1) }
        let chosenTownships = Array(byTier.prefix(b.wholeVillageTownships))
        // Candidate (village, natural village) pairs in those townships; one per township first.
        var pairs: [(village: Int, natural: Int)] = []
        for t in chosenTownships {
            var vs = villages.indices.filter { villages[$0].township == t }
            rng.shuffle(&vs)
            if let v = vs.first { pairs.append((v, rng.below(villages[v].naturalVillages))) }
        }
        var more: [(Int, Int)] = []
        for v in villages.indices where chosenTownships.contains(villages[v].township) {
            for k in 0..<villages[v].naturalVillages where !pairs.contains(where: { $0.village == v && $0.natural == k }) {
                more.append((v, k))
            }
        }
        rng.shuffle(&more)
        pairs += more.prefix(max(0, b.wholeVillageNaturalVillages - pairs.count)).map { (village: $0.0, natural: $0.1) }
        pairs = Array(pairs.prefix(b.wholeVillageNaturalVillages))
        var years: [Int] = []
        for (year, count) in b.wholeVillagesByYear { years += Array(repeating: year, count: count) }
        while years.count < pairs.count { years.append(b.wholeVillagesByYear.last?.year ?? b.year) }
        rng.shuffle(&years)
        let wholeVillages = Set(pairs.map(\.village))
        var pairsOfVillage: [Int: [Int]] = [:]
        for (k, p) in pairs.enumerated() { pairsOfVillage[p.village, default: []].append(k) }
        // Poor households of the whole villages.
        let poorWhole = Int((Double(b.relocationPoorPersons) * b.wholeVillagePoorShare).rounded())
        let order = shuffled(h.count)
        var used = Set<Int>()
        var members: [[Int]] = Array(repeating: [], count: pairs.count)
        var sum = 0
        let householdsByVillage: [Int: [Int]] = Dictionary(grouping: order, by: { Int(h.village[$0]) })
        for (k, p) in pairs.enumerated() {
            if let i = householdsByVillage[p.village]?.first(where: { !used.contains($0) && sum + Int(h.size[$0]) <= poorWhole }) {
                members[k].append(i); used.insert(i); sum += Int(h.size[i])
            }
        }
        for i in order where sum < poorWhole && !used.contains(i) && wholeVillages.contains(Int(h.village[i])) {
            guard sum + Int(h.size[i]) <= poorWhole, let ks = pairsOfVillage[Int(h.village[i])] else { continue }
            members[ks[rng.below(ks.count)]].append(i); used.insert(i); sum += Int(h.size[i])
        }
        // Non-poor households moving alongside.
        var alongside: [[Int]] = Array(repeating: [], count: pairs.count)
        var left = b.relocationPersons - b.relocationPoorPersons
        while left > 0 && !pairs.isEmpty {
            let s = min(left, 1 + rng.below(3))
            alongside[rng.below(pairs.count)].append(s)
            left -= s
        }
        for (k, p) in pairs.enumerated() {
            let natural = VillageNames.natural(villages[p.village].name, p.natural)
            for i in members[k] {
                rows.append(Relocation(id: "", kind: .wholeVillage, village: p.village, naturalVillage: natural, household: i,
                                       persons: Int(h.size[i]), isPoor: true, year: years[k]))
            }
            for s in alongside[k] {
                rows.append(Relocation(id: "", kind: .wholeVillage, village: p.village, naturalVillage: natural, household: nil,
                                       persons: s, isPoor: false, year: years[k]))
            }
        }
        // Scattered poor households from other villages, one natural village each.
        var others = villages.indices.filter { !wholeVillages.contains($0) }
        rng.shuffle(&others)
        let householdsOf: [Int: [Int]] = Dictionary(grouping: order.filter { !used.contains($0) }, by: { Int(h.village[$0]) })
        var scatteredVillages: [Int] = []
        for v in others where scatteredVillages.count < b.scatteredVillages && householdsOf[v] != nil { scatteredVillages.append(v) }
        let target = b.relocationPoorPersons - sum
        var scattered: [Int] = []
        var scatteredSum = 0
        for v in scatteredVillages {
            if let i = householdsOf[v]?.first(where: { scatteredSum + Int(h.size[$0]) <= target }) {
                scattered.append(i); used.insert(i); scatteredSum += Int(h.size[i])
            }
        }
        let inScattered = Set(scatteredVillages)
        for i in order where scatteredSum < target && !used.contains(i) && inScattered.contains(Int(h.village[i])) {
            if scatteredSum + Int(h.size[i]) <= target { scattered.append(i); used.insert(i); scatteredSum += Int(h.size[i]) }
        }
        let naturalOf = Dictionary(uniqueKeysWithValues: scatteredVillages.map { ($0, rng.below(villages[$0].naturalVillages)) })
        let yearsAvailable = b.wholeVillagesByYear.map(\.year)
        for i in scattered.sorted() {
            let v = Int(h.village[i])
            rows.append(Relocation(id: "", kind: .scattered, village: v,
                                   naturalVillage: VillageNames.natural(villages[v].name, naturalOf[v] ?? 0), household: i,
                                   persons: Int(h.size[i]), isPoor: true,
                                   year: yearsAvailable.isEmpty ? b.year : yearsAvailable[rng.below(yearsAvailable.count)]))
        }
        let width = max(5, String(rows.count).count)
        for k in rows.indices { rows[k].id = "R" + zeroPadded(k + 1, width: width) }
        return rows
    }
}
