/// Draws a synthetic county that matches a blueprint's published aggregates exactly (households,
/// persons, exits by year, poor villages, safety-net persons, illness, PV and ranger households,
/// projects by type, relocation totals) and its shares approximately (earned-income shares within
/// rounding). Deterministic: the same blueprint, size and seed give the same registry.
public enum CountyGenerator {
    /// Generates a county like `blueprint` with `households` registered households (the blueprint's
    /// own number when nil), drawing with `seed`.
    public static func generate(_ blueprint: CountyBlueprint, households: Int? = nil, seed: UInt64) -> CountyRegistry {
        let b = households.map { blueprint.scaled(households: max(1, $0)) } ?? blueprint
        var builder = Builder(blueprint: b, seed: seed)
        return builder.build()
    }
}

/// The generator's working state; each step fills one part of the registry.
struct Builder {
    let b: CountyBlueprint
    var rng: SeededRandom
    var townships: [Township] = []
    var villages: [Village] = []
    var h = HouseholdTable()
    /// Villages carrying a village PV station (asset-income project), and their dividend households.
    var stationVillages: [Int] = []
    var stationHouseholds: [Int: Int] = [:]
    var stationDividend: [Int: Double] = [:]

    init(blueprint: CountyBlueprint, seed: UInt64) {
        b = blueprint
        rng = SeededRandom(seed: seed)
    }

    mutating func build() -> CountyRegistry {
        makeVillages()
        makeHouseholds()
        assignVillages()
        planVillageExits()
        assignHouseholdExits()
        assignWelfareAndCategories()
        assignLabour()
        assignCauses()
        assignFlags()
        assignIncomes()
        let projects = makeProjects()
        let county = County(name: b.name, englishName: b.englishName, province: b.province, region: b.region, year: b.year,
                            povertyLine: b.povertyLine, agriculturalPopulation: b.agriculturalPopulation,
                            totalPopulation: b.totalPopulation, targets: b.targets)
        return CountyRegistry(county: county, townships: townships, villages: villages, households: h,
                              projects: projects, funds: makeFunds(), sites: makeSites(), relocation: makeRelocation())
    }

    // MARK: helpers

    /// Indices 0..<n in a random order.
    mutating func shuffled(_ n: Int) -> [Int] {
        var a = Array(0..<n)
        rng.shuffle(&a)
        return a
    }

    /// Picks households from `candidates` (in the given order) until their persons sum to exactly
    /// `persons` (skipping households that would overshoot); returns the picked ones.
    func pickPersons(_ candidates: [Int], persons target: Int) -> [Int] {
        var out: [Int] = []
        var sum = 0
        for c in candidates where sum < target {
            let s = Int(h.size[c])
            if sum + s <= target { out.append(c); sum += s }
        }
        return out
    }

    /// Picks exactly `count` households whose persons sum to exactly `persons` where possible, keeping
    /// the rest reachable: a household is taken only if the remaining need stays between 1 and 3
    /// persons per remaining pick.
    func pickHouseholdsAndPersons(_ candidates: [Int], households count: Int, persons target: Int) -> [Int] {
        var out: [Int] = []
        var left = count, need = target
        for c in candidates where left > 0 {
            let s = Int(h.size[c])
            let leftAfter = left - 1, needAfter = need - s
            let ok = leftAfter == 0 ? needAfter == 0 : (needAfter >= leftAfter && needAfter <= leftAfter * 3)
            if ok { out.append(c); left = leftAfter; need = needAfter }
        }
        return out
    }

    /// Integers proportional to `weights` summing exactly to `total` (largest remainder).
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, !weights.isEmpty else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var out = exact.map { Int($0.rounded(.down)) }
        var rest = total - out.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(out[$0]), -$0) > (exact[$1] - Double(out[$1]), -$1) }
        var k = 0
        while rest > 0 && !order.isEmpty { out[order[k % order.count]] += 1; rest -= 1; k += 1 }
        return out
    }

    func isRemaining(_ i: Int) -> Bool { h.exitYear[i] == 0 || Int(h.exitYear[i]) > b.year }

    // MARK: places

    mutating func makeVillages() {
        townships = b.townships.map { Township(name: $0.name, tier: $0.tier, englishName: $0.englishName) }
        var names = VillageNames.pool(reserved: Set(b.villagesWithoutSignal))
        rng.shuffle(&names)
        var plans: [(township: Int, poor: Bool)] = []
        for (t, plan) in b.townships.enumerated() {
            var poor = Array(repeating: true, count: plan.poorVillages) + Array(repeating: false, count: plan.villages - plan.poorVillages)
            rng.shuffle(&poor)
            for p in poor { plans.append((t, p)) }
        }
        let weights = plans.map { _ in rng.uniform(0.6, 1.4) }
        let population = Builder.apportion(b.agriculturalPopulation, weights: weights)
        var perTownship = [Int](repeating: 0, count: townships.count)
        for (k, plan) in plans.enumerated() {
            perTownship[plan.township] += 1
            let stem = names[k % names.count]
            let round = k / names.count
            let name = round == 0 ? stem + "村" : stem + "\(round + 1)村"
            villages.append(Village(
                id: "V" + zeroPadded(plan.township + 1, width: 2) + zeroPadded(perTownship[plan.township], width: 4),
                township: plan.township, name: name, isPoor: plan.poor, agriculturalPopulation: population[k],
                naturalVillages: 1 + rng.below(6), road: true, water: true, electricity: true, broadband: true,
                clinic: true, school: true, collectiveIncome: 0, plannedExitYear: nil, exitYear: nil))
        }
    }

    // MARK: households

    mutating func makeHouseholds() {
        let n = b.households
        h.reserve(n)
        let mean = Double(b.persons) / Double(n)
        // Sizes 1…7 from a fixed shape, then nudged one person at a time to the exact total.
        let shape: [Double] = mean < 2.6 ? [0.27, 0.31, 0.18, 0.14, 0.06, 0.03, 0.01] : [0.15, 0.25, 0.22, 0.2, 0.1, 0.05, 0.03]
        var cumulative: [Double] = []
        var acc = 0.0
        for p in shape { acc += p; cumulative.append(acc) }
        var sizes = (0..<n).map { _ in Int32(rng.pick(cumulative: cumulative) + 1) }
        var diff = b.persons - sizes.reduce(0) { $0 + Int($1) }
        while diff != 0 {
            let i = rng.below(n)
            if diff > 0 && sizes[i] < 8 { sizes[i] += 1; diff -= 1 } else if diff < 0 && sizes[i] > 1 { sizes[i] -= 1; diff += 1 }
        }
        let width = max(7, String(n).count)
        for i in 0..<n {
            h.ids.append("H" + zeroPadded(i + 1, width: width))
            h.size.append(sizes[i])
        }
        h.village = Array(repeating: 0, count: n)
        h.labour = Array(repeating: 0, count: n)
        h.migrantWorkers = Array(repeating: 0, count: n)
        h.category = Array(repeating: .missing, count: n)
        h.cause = Array(repeating: .other, count: n)
        h.welfare = Array(repeating: .none, count: n)
        h.registeredYear = Array(repeating: Int32(b.registeredYear), count: n)
        h.exitYear = Array(repeating: 0, count: n)
        h.income = Array(repeating: 0, count: n)
        for k in h.sourceIncome.indices { h.sourceIncome[k] = Array(repeating: 0, count: n) }
        h.education = Array(repeating: true, count: n)
        h.medical = Array(repeating: true, count: n)
        h.housing = Array(repeating: true, count: n)
        h.water = Array(repeating: true, count: n)
    }

    /// Households go to villages with probability proportional to the village's agricultural
    /// population, weighted so that `poorVillageShare` of them live in poor villages, more in deeper tiers.
    mutating func assignVillages() {
        let tierFactor: [Double] = [0, 1.25, 1.0, 0.8]
        var poorWeight = 0.0, otherWeight = 0.0
        var raw: [Double] = villages.map { v in
            let w = Double(v.agriculturalPopulation) * (v.isPoor ? tierFactor[townships[v.township].tier] : 1)
            if v.isPoor { poorWeight += w } else { otherWeight += w }
            return w
        }
        if poorWeight > 0 && otherWeight > 0 {
            for (k, v) in villages.enumerated() {
                raw[k] *= v.isPoor ? b.poorVillageShare / poorWeight : (1 - b.poorVillageShare) / otherWeight
            }
        }
        var cumulative: [Double] = []
        var acc = 0.0
        for w in raw { acc += w; cumulative.append(acc) }
        for i in 0..<h.count { h.village[i] = Int32(rng.pick(cumulative: cumulative)) }
        // Registers are exported village by village: order the households so (ids stay H0000001…).
        let order = h.village.indices.sorted { (h.village[$0], $0) < (h.village[$1], $1) }
        h.village = order.map { h.village[$0] }
        h.size = order.map { h.size[$0] }
    }

    /// The poor villages that already exited (shallow tiers first) and the planned exit year of the rest.
    mutating func planVillageExits() {
        let poor = villages.indices.filter { villages[$0].isPoor }
        let key = poor.map { _ in rng.uniform() }
        let order = poor.indices.sorted {
            (-townships[villages[poor[$0]].township].tier, key[$0]) < (-townships[villages[poor[$1]].township].tier, key[$1])
        }.map { poor[$0] }
        var k = 0
        for (year, count) in b.exitedVillages {
            for _ in 0..<count where k < order.count {
                villages[order[k]].exitYear = year
                villages[order[k]].plannedExitYear = year
                k += 1
            }
        }
        for (year, count) in b.plannedVillageExits {
            for _ in 0..<count where k < order.count {
                villages[order[k]].plannedExitYear = year
                k += 1
            }
        }
        while k < order.count { villages[order[k]].plannedExitYear = b.plannedVillageExits.last?.year ?? b.year; k += 1 }
    }

    /// Exact exited persons per year; every household of an exited village exits by the village's year.
    mutating func assignHouseholdExits() {
        for (year, target) in b.exitedPersons.sorted(by: { $0.year < $1.year }) {
            var sum = 0
            for i in 0..<h.count where h.exitYear[i] == 0 {
                if let e = villages[Int(h.village[i])].exitYear, e <= year, sum + Int(h.size[i]) <= target {
                    h.exitYear[i] = Int32(year)
                    sum += Int(h.size[i])
                }
            }
            let open = shuffled(h.count).filter { h.exitYear[$0] == 0 }
            for i in pickPersons(open, persons: target - sum) { h.exitYear[i] = Int32(year) }
        }
        // Later registrations (动态调整): one in ten households registered a year or two after the first.
        for i in 0..<h.count where rng.chance(0.1) {
            let later = b.registeredYear + 1 + rng.below(2)
            let cap = h.exitYear[i] == 0 ? b.year : Int(h.exitYear[i])
            h.registeredYear[i] = Int32(min(later, cap))
        }
    }

    mutating func assignWelfareAndCategories() {
        let remaining = shuffled(h.count).filter { isRemaining($0) }
        for i in pickPersons(remaining.filter { h.size[$0] == 1 }, persons: b.wubaoPersons) { h.welfare[i] = .wubao }
        for i in pickPersons(remaining.filter { h.welfare[$0] == .none }, persons: b.dibaoPersons) { h.welfare[i] = .dibao }
        for i in 0..<h.count {
            if !isRemaining(i) { h.category[i] = .standard } else if h.welfare[i] != .none { h.category[i] = .safetyNet } else {
                h.category[i] = rng.chance(0.3) ? .standard : .missing
            }
        }
    }

    mutating func assignLabour() {
        for i in 0..<h.count {
            let size = Int(h.size[i])
            switch h.welfare[i] {
            case .wubao: h.labour[i] = 0
            case .dibao: h.labour[i] = Int32(min(1, rng.binomial(size, 0.3)))
            case .none:
                var l = rng.binomial(size, 0.6)
                if l == 0 && size >= 2 && rng.chance(0.8) { l = 1 }
                h.labour[i] = Int32(l)
            }
            if h.welfare[i] == .none { h.migrantWorkers[i] = Int32(rng.binomial(Int(h.labour[i]), b.migrantRate)) }
        }
        guard let target = b.migrantWorkers else { return }
        var diff = target - h.migrantWorkers.reduce(0) { $0 + Int($1) }
        var guardPasses = 0
        while diff != 0 && guardPasses < 50 {
            for i in shuffled(h.count) where diff != 0 && h.welfare[i] == .none {
                if diff > 0 && h.migrantWorkers[i] < h.labour[i] { h.migrantWorkers[i] += 1; diff -= 1 }
                else if diff < 0 && h.migrantWorkers[i] > 0 { h.migrantWorkers[i] -= 1; diff += 1 }
            }
            guardPasses += 1
        }
    }

    mutating func assignCauses() {
        // Illness: exact households and persons, small households first in the draw.
        var order = shuffled(h.count)
        order.sort { h.size[$0] < h.size[$1] }
        var small = order.prefix(min(order.count, b.illnessHouseholds * 3)).map { $0 }
        rng.shuffle(&small)
        let ill = Set(pickHouseholdsAndPersons(small, households: b.illnessHouseholds, persons: b.illnessPersons))
        let others: [PovertyCause] = [.disability, .schooling, .disaster, .lackLabour, .lackSkills, .lackCapital, .lackLand, .other]
        let weights: [Double] = [0.09, 0.09, 0.04, 0.14, 0.2, 0.26, 0.12, 0.06]
        var cumulative: [Double] = []
        var acc = 0.0
        for w in weights { acc += w; cumulative.append(acc) }
        for i in 0..<h.count {
            if ill.contains(i) { h.cause[i] = .illness } else if h.welfare[i] == .wubao { h.cause[i] = .lackLabour } else {
                h.cause[i] = others[rng.pick(cumulative: cumulative)]
            }
        }
    }

    /// Guarantee gaps among remaining `missing` households, and the village infrastructure gaps.
    mutating func assignFlags() {
        let remainingPoorVillages = villages.indices.filter { villages[$0].isPoor && villages[$0].exitYear == nil }
        var pool = remainingPoorVillages
        rng.shuffle(&pool)
        // Named villages without signal take the first places; the rest follow the published counts.
        var k = 0
        for name in b.villagesWithoutSignal where k < pool.count {
            villages[pool[k]].name = name
            villages[pool[k]].broadband = false
            k += 1
        }
        func take(_ count: Int, _ set: (inout Village) -> Void) {
            var candidates = remainingPoorVillages
            rng.shuffle(&candidates)
            for v in candidates.prefix(count) { set(&villages[v]) }
        }
        take(b.villagesWithoutWater) { $0.water = false }
        take(b.villagesWithoutRoad) { $0.road = false }
        take(b.villagesWithoutClinic) { $0.clinic = false }
        // Collective income: positive in the published number of villages (poor villages exited first).
        var byNeed = villages.indices.map { $0 }
        rng.shuffle(&byNeed)
        byNeed.sort { (villages[$0].isPoor && villages[$0].exitYear == nil ? 1 : 0) < (villages[$1].isPoor && villages[$1].exitYear == nil ? 1 : 0) }
        let positive = b.villagesWithCollectiveIncome ?? villages.count
        for (rank, v) in byNeed.enumerated() where rank < positive {
            villages[v].collectiveIncome = (rng.uniform(10_000, 200_000) / 100).rounded() * 100
        }
        let missing = shuffled(h.count).filter { isRemaining($0) && h.category[$0] == .missing }
        for i in missing.prefix(b.housingGaps) { h.housing[i] = false }
        for i in missing {
            if !villages[Int(h.village[i])].water && rng.chance(0.5) { h.water[i] = false }
            if rng.chance(0.005) { h.education[i] = false }
            if rng.chance(0.005) { h.medical[i] = false }
        }
    }
}

/// `value` in decimal with leading zeros to `width` digits.
func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
