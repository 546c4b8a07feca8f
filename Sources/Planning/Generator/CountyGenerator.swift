import Foundation

/// Draws a synthetic county that matches a blueprint's published aggregates exactly (households,
/// persons, exits by year, poor villages, safety-net persons, illness, PV and ranger households,
/// projects by type, relocation totals) and its shares approximately (earned-income shares within
/// rounding). Deterministic: the same blueprint, size and seed give the same registry.
public enum CountyGenerator {
    /// The most households a generated county may have: 2·10⁷ (a province's registry; the registry
    /// and its CSV files take about 1 KB a household while they are written). The CLI refuses more.
    public static let maximumHouseholds = 20_000_000

    /// Generates a county like `blueprint` with `households` registered households (the blueprint's
    /// own number when nil), drawing with `seed`.
    public static func generate(_ blueprint: CountyBlueprint, households: Int? = nil, seed: UInt64) -> CountyRegistry {
        let b = households.map { blueprint.scaled(households: max(1, $0)) } ?? blueprint
        var builder = Builder(blueprint: b, seed: seed)
        var registry = builder.build()
        if let plan = b.monitoring { builder.addMonitoring(plan, seed: seed, to: &registry) }
        return registry
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
    /// The factors applied to the relative planting and breeding/forestry weights (yuan per unit).
    var earningsScale = (planting: 0.0, sideline: 0.0)

    init(blueprint: CountyBlueprint, seed: UInt64) {
        b = blueprint
        rng = SeededRandom(seed: seed)
    }

    mutating func build() -> CountyRegistry {
        makeVillages()
        makeHouseholds()
        planVillageExits()
        assignVillages()
        assignCauses()
        assignLabour()
        assignWelfare()
        matchMigrantWorkers()
        drawEarnings()
        assignHouseholdExits()
        assignFixedIncomesAndCategories()
        assignFlags()
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
    /// population, weighted so that `poorVillageShare` of them live in poor villages, more in deeper
    /// tiers and in villages planned to exit later.
    mutating func assignVillages() {
        let tierFactor: [Double] = [0, 1.25, 1.0, 0.8]
        let first = Double(firstPlannedYear)
        var poorWeight = 0.0, otherWeight = 0.0
        var raw: [Double] = villages.map { v in
            let depth = v.isPoor ? exp(b.registrationDepthPerPlanYear * (Double(v.plannedExitYear ?? firstPlannedYear) - first)) : 1
            let w = Double(v.agriculturalPopulation) * (v.isPoor ? tierFactor[townships[v.township].tier] * depth : 1)
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

    /// The first planned (or actual) exit year of any poor village.
    var firstPlannedYear: Int {
        villages.compactMap(\.plannedExitYear).min() ?? b.year
    }

    /// Years from `year` until village `v`'s planned exit: a poor village's plan year; a non-poor
    /// village counts as the mean plan year of the poor villages (its registered households are
    /// scattered poor, exiting on no village schedule).
    func yearsUntilPlannedExit(_ v: Int, from year: Int) -> Double {
        if let p = villages[v].plannedExitYear { return Double(p - year) }
        return meanPlannedYear - Double(year)
    }

    var meanPlannedYear: Double {
        let plans = villages.compactMap(\.plannedExitYear)
        return plans.isEmpty ? Double(b.year) : Double(plans.reduce(0, +)) / Double(plans.count)
    }

    /// Causes of poverty: illness for the exact published households and persons (small households
    /// first in the draw), the other causes by fixed weights.
    mutating func assignCauses() {
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
            h.cause[i] = ill.contains(i) ? .illness : others[rng.pick(cumulative: cumulative)]
        }
    }

    /// Persons able to work: each member with a probability that depends on the cause (illness,
    /// disability and lack of labour leave fewer workers); a household of two or more has at least
    /// one worker with probability 0.8 unless it lacks labour. Migrant workers: each worker with
    /// probability `migrantRate`.
    mutating func assignLabour() {
        let first = firstPlannedYear
        let depth = villages.map { v in v.isPoor ? exp(-b.labourDepthPerPlanYear * Double((v.plannedExitYear ?? first) - first)) : 1 }
        for i in 0..<h.count {
            let size = Int(h.size[i])
            var p: Double
            switch h.cause[i] {
            case .illness: p = 0.7 * b.labourRate
            case .disability: p = 0.55 * b.labourRate
            case .lackLabour: p = 0.25 * b.labourRate
            default: p = b.labourRate
            }
            p *= depth[Int(h.village[i])]
            var l = rng.binomial(size, p)
            if l == 0 && size >= 2 && h.cause[i] != .lackLabour && rng.chance(0.8) { l = 1 }
            h.labour[i] = Int32(l)
            h.migrantWorkers[i] = Int32(rng.binomial(l, b.migrantRate))
        }
    }

    /// 五保 (single persons, not ill, fewest workers first) and 低保 (fewest workers per person
    /// first) for the exact published persons, among households of villages that have not exited
    /// (they stay registered). 五保 households have no worker and lack labour; 低保 households at
    /// most one worker and no migrant.
    mutating func assignWelfare() {
        let open = shuffled(h.count).filter { villages[Int(h.village[$0])].exitYear == nil }
        // Villages planned to exit next year have enrolled their households without labour first
        // (两线合一 before the village's exit): +0.5 per year of later planned exit.
        let key = open.map { Double(h.labour[$0]) / Double(h.size[$0]) + rng.uniform(0, b.welfareNoise)
            + 0.5 * max(0, yearsUntilPlannedExit(Int(h.village[$0]), from: b.year) - 1) }
        let order = open.indices.sorted { (key[$0], $0) < (key[$1], $1) }.map { open[$0] }
        for i in pickPersons(order.filter { h.size[$0] == 1 && h.cause[$0] != .illness }, persons: b.wubaoPersons) {
            h.welfare[i] = .wubao
            h.labour[i] = 0
            h.migrantWorkers[i] = 0
            h.cause[i] = .lackLabour
        }
        for i in pickPersons(order.filter { h.welfare[$0] == .none }, persons: b.dibaoPersons) {
            h.welfare[i] = .dibao
            h.labour[i] = min(1, h.labour[i])
            h.migrantWorkers[i] = 0
        }
    }

    /// When the blueprint publishes the number of migrant workers, add or remove one at a time
    /// (households without welfare) until the total is exact.
    mutating func matchMigrantWorkers() {
        guard let target = b.migrantWorkers else { return }
        var diff = target - h.migrantWorkers.reduce(0) { $0 + Int($1) }
        var passes = 0
        while diff != 0 && passes < 50 {
            for i in shuffled(h.count) where diff != 0 && h.welfare[i] == .none {
                if diff > 0 && h.migrantWorkers[i] < h.labour[i] { h.migrantWorkers[i] += 1; diff -= 1 }
                else if diff < 0 && h.migrantWorkers[i] > 0 { h.migrantWorkers[i] -= 1; diff += 1 }
            }
            passes += 1
        }
    }

    /// Exact exited persons per year. Every household of an exited village exits by the village's
    /// year; the rest of each year's exits are the households with the highest key
    /// ln(per-capita earned income / line) − `exitPreference` × (years until the village's planned
    /// exit) + noise: better-endowed households, in villages planned to exit sooner, exit first.
    /// Welfare households stay registered.
    mutating func assignHouseholdExits() {
        let line = b.povertyLine
        let logIncome = (0..<h.count).map { i in
            let earned = h.sourceIncome.reduce(0.0) { $0 + $1[i] }
            return log(max(earned / Double(h.size[i]), 1) / line)
        }
        let noise = (0..<h.count).map { _ in b.exitNoise * rng.normal() }
        for (year, target) in b.exitedPersons.sorted(by: { $0.year < $1.year }) {
            var sum = 0
            for i in 0..<h.count where h.exitYear[i] == 0 {
                if let e = villages[Int(h.village[i])].exitYear, e <= year, sum + Int(h.size[i]) <= target {
                    h.exitYear[i] = Int32(year)
                    sum += Int(h.size[i])
                }
            }
            let open = (0..<h.count).filter { h.exitYear[$0] == 0 && h.welfare[$0] == .none }
            let key = open.map { i in
                let years = yearsUntilPlannedExit(Int(h.village[i]), from: year)
                // Households without labour in villages planned to exit next year exit through 兜底.
                let safetyNetExit = h.labour[i] == 0 && years == 1 ? b.noLabourExitBonus : 0
                return logIncome[i] - b.exitPreference * max(0, years) + noise[i] + safetyNetExit
            }
            let order = open.indices.sorted { (-key[$0], $0) < (-key[$1], $1) }.map { open[$0] }
            for i in pickPersons(order, persons: target - sum) { h.exitYear[i] = Int32(year) }
        }
        // Later registrations (动态调整): one in ten households registered a year or two after the first.
        for i in 0..<h.count where rng.chance(0.1) {
            let later = b.registeredYear + 1 + rng.below(2)
            let cap = h.exitYear[i] == 0 ? b.year : Int(h.exitYear[i])
            h.registeredYear[i] = Int32(min(later, cap))
        }
    }

    /// Guarantee gaps among remaining `missing` households, and the village infrastructure gaps.
    mutating func assignFlags() {
        let remainingPoorVillages = villages.indices.filter { villages[$0].isPoor && villages[$0].exitYear == nil }
        // Gaps lie more often in villages planned to exit later (the deeper ones): a random key
        // in [0, 1) + 0.5 per plan year after the first remaining one, highest first.
        let firstPlan = remainingPoorVillages.compactMap { villages[$0].plannedExitYear }.min() ?? b.year
        func deepestFirst() -> [Int] {
            let key = remainingPoorVillages.map { v in rng.uniform() + 0.5 * Double((villages[v].plannedExitYear ?? firstPlan) - firstPlan) }
            return remainingPoorVillages.indices.sorted { (-key[$0], $0) < (-key[$1], $1) }.map { remainingPoorVillages[$0] }
        }
        let pool = deepestFirst()
        // Named villages without signal take the first places; the rest follow the published counts.
        var k = 0
        for name in b.villagesWithoutSignal where k < pool.count {
            villages[pool[k]].name = name
            villages[pool[k]].broadband = false
            k += 1
        }
        func take(_ count: Int, _ set: (inout Village) -> Void) {
            for v in deepestFirst().prefix(count) { set(&villages[v]) }
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
        // Unsafe houses: "missing items" households, more often in villages planned to exit later.
        let missing = shuffled(h.count).filter { isRemaining($0) && h.category[$0] == .missing }
        let depth = missing.map { rng.uniform() + 0.5 * yearsUntilPlannedExit(Int(h.village[$0]), from: b.year) }
        let deepest = missing.indices.sorted { (-depth[$0], $0) < (-depth[$1], $1) }.map { missing[$0] }
        for i in deepest.prefix(b.housingGaps) { h.housing[i] = false }
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
