import Foundation
import SimulationAVX2

/// The Monte-Carlo microsimulation of next year.
public enum Simulation {
    /// Simulates `options.draws` versions of next year for every household and summarises them.
    ///
    /// For each draw and household: next year's income (see `PreparedModel` for the formula),
    /// then the household rule (poor next year ⇔ per-capita income < line, or registered poor
    /// with a guarantee unmet; a registered household that is not poor exits; an unregistered
    /// one that is poor returns to poverty, 返贫), the village rule (a registered poor village
    /// exits when its poor persons ÷ agricultural population < threshold and its
    /// infrastructure is met) and the county rule (摘帽: county incidence < threshold).
    ///
    /// Work: draws are cut into batches of at most `drawsPerBatch` (see `BatchPlan`: as equal as
    /// whole quadruples of draws allow, their number a multiple of `threads`, so the workers end
    /// together); `threads` workers take batches in turn and carry each batch through one pass
    /// over the households. Every random number is
    /// a function of (seed, household or township, draw, stream) and every per-draw sum runs in
    /// household order inside one worker, so the result is identical for any `threads` and
    /// `drawsPerBatch`. Memory: O(households + villages × drawsPerBatch × threads) plus one
    /// `DrawOutcome` per draw.
    ///
    /// - Throws: `SimulationInputError` if the input or the options are inconsistent.
    public static func run(input: SimulationInput, scenario: Scenario, options: SimulationOptions) throws(SimulationInputError) -> SimulationResult {
        try input.validate()
        try options.validate()
        try validate(scenario)
        let model = PreparedModel(input: input, scenario: scenario, giniBinsPerLine: options.giniBinsPerLine)
        let fingerprint = model.fingerprint
        let totals: DrawTotals
        switch options.drawSource?.mode {
        case nil:
            totals = simulate(model, draws: 0..<options.draws, scenario: scenario, fingerprint: fingerprint, options: options)
        case .shard(let range):
            guard !range.isEmpty, range.lowerBound >= 0, range.lowerBound % 4 == 0, range.upperBound <= options.draws else {
                throw .invalidOption(name: "draws", message: DrawShardError.badRange(range, draws: options.draws).description)
            }
            totals = simulate(model, draws: range, scenario: scenario, fingerprint: fingerprint, options: options)
            options.drawSource?.record(totals)
        case .merged:
            guard let merged = options.drawSource?.next() else {
                throw .invalidOption(name: "draws", message: "the merged parts hold no draws for scenario \(scenario.name)")
            }
            guard merged.scenario == scenario.name, merged.seed == options.seed, merged.draws == options.draws,
                  merged.households == model.households, merged.villages == model.villages,
                  merged.fingerprint == fingerprint, merged.drawRange == 0..<options.draws else {
                throw .invalidOption(name: "draws", message: "the merged parts are of another run than scenario \(scenario.name), seed \(options.seed), \(options.draws) draws on this input (parts: scenario \(merged.scenario), seed \(merged.seed), \(merged.draws) draws, input \(merged.fingerprint), here \(fingerprint))")
            }
            totals = merged
        }
        return summarise(totals, model: model, input: input, scenario: scenario, options: options)
    }

    /// Simulates the draws in `draws` (starting at a multiple of 4) and returns their totals.
    static func simulate(_ model: PreparedModel, draws: Range<Int>, scenario: Scenario, fingerprint: String,
                         options: SimulationOptions) -> DrawTotals {
        let columns = FrozenColumns(model, threads: options.threads)
        let run = SharedRun(model: model, columns: columns, options: options, draws: draws)
        let workers = min(options.threads, run.batches.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            run.work(worker: worker)
        }
        return run.totals(scenario: scenario.name, fingerprint: fingerprint)
    }

    static func validate(_ scenario: Scenario) throws(SimulationInputError) {
        if scenario.sources.count != IncomeSource.allCases.count {
            throw .lengthMismatch(field: "scenario.sources", expected: IncomeSource.allCases.count, found: scenario.sources.count)
        }
        if scenario.risks.count > Scenario.maximumRisks {
            throw .invalidValue(field: "scenario.risks", index: scenario.risks.count, message: "at most \(Scenario.maximumRisks) risks")
        }
        for (i, source) in scenario.sources.enumerated() where !(source.growth > -1 && source.spread >= 0 && source.spread.isFinite) {
            throw .invalidValue(field: "scenario.sources", index: i, message: "needs growth > −1 and spread ≥ 0")
        }
        let fraction: ClosedRange<Double> = 0...1
        for (i, shock) in scenario.shocks.enumerated()
        where !(fraction.contains(shock.probability) && fraction.contains(shock.loss)) {
            throw .invalidValue(field: "scenario.shocks", index: i, message: "needs probability and loss in [0, 1]")
        }
        for (i, risk) in scenario.risks.enumerated()
        where !(fraction.contains(risk.probability) && fraction.contains(risk.lossFraction) && risk.lossYuan >= 0 && risk.lossYuan.isFinite) {
            throw .invalidValue(field: "scenario.risks", index: i, message: "needs probability and loss fraction in [0, 1], loss yuan ≥ 0")
        }
        if let line = scenario.policy.povertyLine, !(line.isFinite && line > 0) {
            throw .invalidValue(field: "scenario.policy.povertyLine", index: 0, message: "must be a positive number of yuan")
        }
    }
}

/// The prepared per-household arrays in owned memory, read through unchecked pointers by the
/// draw loop, four households at a time.
///
/// Every column is padded to `padded` households (a multiple of `lanes`) with inert households:
/// no income, no spread, a line of −∞ (never poor, no gap), no persons, village 0, no risks —
/// they add exact zeros to every sum, so the loop needs no remainder case.
struct FrozenColumns: @unchecked Sendable {
    /// Households per vector.
    static let lanes = 4
    let padded: Int
    /// The income columns and the poverty test's threshold (`IncomeColumns`, the builder the
    /// projection shares).
    let income: IncomeColumns
    var baseMean: Buffer<Double> { income.baseMean }
    var baseVariance: Buffer<Double> { income.baseVariance }
    var baseStandardDeviation: Buffer<Double> { income.baseStandardDeviation }
    /// Shocked-source means and variances by slot: [j·padded + h].
    var shockedMean: Buffer<Double> { income.shockedMean }
    var shockedVariance: Buffer<Double> { income.shockedVariance }
    /// The income's mean and standard deviation in a draw where no common shock hits the
    /// household's township (every multiplier 1): computed once, with the same operations the
    /// draw would do, so the shortcut gives the same bits.
    let unshockedMean: Buffer<Double>
    let unshockedStandardDeviation: Buffer<Double>
    /// The order in which phase 1 of the draw loop visits the households: block by block
    /// (`BatchScratch.blockSize`), each block sorted by risk mask (then by index), so the four
    /// households of a vector mostly need the same risk streams.
    let phaseOrder: Buffer<Int32>
    /// line × persons (yuan), for the gap.
    let lineTimesPersons: Buffer<Double>
    /// The poverty test's threshold: line × persons, or +∞ when the household is poor whatever
    /// its income (registered, a guarantee unmet); poor ⇔ income < this.
    var ruleLine: Buffer<Double> { income.ruleLine }
    let giniScale: Buffer<Double>
    let planIncome: Buffer<Double>
    /// Summed under the poor mask, counts poor persons (bits 0–31), poor households (bits
    /// 32–47) and returning households (bits 48–63) in one add: persons + 2³² (+ 2⁴⁸ for a
    /// household not registered poor now, 返贫 if poor). See `DrawCounts`.
    let poorCounts: Buffer<UInt64>
    /// Summed under the poor mask, counts returning persons (bits 0–31): persons for a household
    /// not registered poor now, else 0.
    let returningPersons: Buffer<UInt64>
    /// persons × 2³²: summed under the lifted mask into the same words, counts the persons lifted
    /// by the plan (bits 32–63).
    let liftedPersons: Buffer<UInt64>
    /// Persons as a Double (the Gini histogram's weight).
    let personsAsDouble: Buffer<Double>
    let village: Buffer<Int32>
    /// By group of four households (h ÷ 4): their village when all four share it, else −1.
    let villageGroup: Buffer<Int32>
    let township: Buffer<Int32>
    let riskMask: Buffer<UInt64>
    let riskThreshold: Buffer<UInt64>
    let riskLossFraction: Buffer<Double>
    let riskLossYuan: Buffer<Double>

    /// The columns of `model`, filled by two tasks that run side by side when `threads` ≥ 2
    /// (each value is computed by the same operations whatever the split; filling ≈ 150 MB of
    /// fresh memory on 10⁶ households costs mostly its first-touch page faults, which two
    /// threads take in parallel).
    init(_ model: PreparedModel, threads: Int = 1) {
        let n = model.households
        let padded = (n + FrozenColumns.lanes - 1) / FrozenColumns.lanes * FrozenColumns.lanes
        self.padded = padded
        income = IncomeColumns(unfilled: model, padded: padded)
        unshockedMean = Buffer(unfilled: padded)
        unshockedStandardDeviation = Buffer(unfilled: padded)
        phaseOrder = Buffer(unfilled: padded)
        lineTimesPersons = Buffer(unfilled: padded)
        giniScale = Buffer(unfilled: padded)
        planIncome = Buffer(unfilled: padded)
        poorCounts = Buffer(unfilled: padded)
        returningPersons = Buffer(unfilled: padded)
        liftedPersons = Buffer(unfilled: padded)
        personsAsDouble = Buffer(unfilled: padded)
        village = Buffer(unfilled: padded)
        villageGroup = Buffer(unfilled: padded / FrozenColumns.lanes)
        township = Buffer(unfilled: padded)
        riskMask = Buffer(unfilled: padded)
        riskThreshold = Buffer(model.riskThreshold)
        riskLossFraction = Buffer(model.riskLossFraction)
        riskLossYuan = Buffer(model.riskLossYuan)

        let columns = self
        if threads >= 2 {
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 { columns.fillFirstPart(model) } else { columns.fillSecondPart(model) }
            }
        } else {
            columns.fillFirstPart(model)
            columns.fillSecondPart(model)
        }
    }

    /// `start[h]` = `value(h)` for the households, `filler` for the padding (`padded` values).
    private func fill<T>(_ start: UnsafeMutablePointer<T>, _ filler: T, households n: Int, _ value: (Int) -> T) {
        for h in 0..<n { (start + h).initialize(to: value(h)) }
        for h in n..<padded { (start + h).initialize(to: filler) }
    }

    private func fill<T>(_ buffer: Buffer<T>, _ filler: T, households n: Int, _ value: (Int) -> T) {
        fill(buffer.start, filler, households: n, value)
    }

    private func fill<T>(_ start: UnsafeMutablePointer<T>, from values: [T], _ filler: T) {
        values.withUnsafeBufferPointer { v in fill(start, filler, households: v.count) { v[$0] } }
    }

    private func fill<T>(_ buffer: Buffer<T>, from values: [T], _ filler: T) {
        fill(buffer.start, from: values, filler)
    }

    /// Income columns, the poverty lines and the visiting order.
    private func fillFirstPart(_ model: PreparedModel) {
        let n = model.households
        income.fill(model)
        fill(lineTimesPersons, from: model.lineTimesPersons, -.infinity)
        fill(giniScale, from: model.giniScale, 0)
        // Each block sorted by (risk mask, index): a counting sort on the 8-bit mask keeps index order.
        let order = phaseOrder.start
        var counts = [Int](repeating: 0, count: 257)
        model.riskMask.withUnsafeBufferPointer { mask in
            for start in Swift.stride(from: 0, to: padded, by: BatchScratch.blockSize) {
                let end = min(start + BatchScratch.blockSize, padded)
                for c in counts.indices { counts[c] = 0 }
                for h in start..<end { counts[Int(h < n ? mask[h] : 0) + 1] += 1 }
                for c in 1..<counts.count { counts[c] += counts[c - 1] }
                for h in start..<end {
                    let m = Int(h < n ? mask[h] : 0)
                    (order + (start + counts[m])).initialize(to: Int32(truncatingIfNeeded: h))
                    counts[m] += 1
                }
            }
        }
    }

    /// The unshocked draw's mean and spread, the counting words, villages, townships and risks.
    private func fillSecondPart(_ model: PreparedModel) {
        let n = model.households
        let slots = model.shockedSources.count
        // The unshocked draw: base + Σ_j shocked_j·1 (and variances ·1²), in the draw's order.
        let shockedMeans = model.shockedMean, shockedVariances = model.shockedVariance
        model.baseMean.withUnsafeBufferPointer { base in
            fill(unshockedMean, 0, households: n) { h in
                var mean = base[h]
                for j in 0..<slots { mean += shockedMeans[j][h] * 1 }
                return mean
            }
        }
        if model.shockedVarianceMatters {
            model.baseVariance.withUnsafeBufferPointer { base in
                fill(unshockedStandardDeviation, 0, households: n) { h in
                    var variance = base[h]
                    for j in 0..<slots { variance += shockedVariances[j][h] * (1 * 1) }
                    return variance.squareRoot()
                }
            }
        } else {
            fill(unshockedStandardDeviation, from: model.baseStandardDeviation, 0)
        }
        fill(planIncome, from: model.planIncome, 0)
        model.persons.withUnsafeBufferPointer { persons in
            model.flags.withUnsafeBufferPointer { flags in
                fill(poorCounts, 0, households: n) { h in
                    UInt64(persons[h]) | (1 << 32) | (flags[h] & PreparedModel.registeredBit != 0 ? 0 : 1 << 48)
                }
                fill(liftedPersons, 0, households: n) { h in UInt64(persons[h]) << 32 }
                fill(returningPersons, 0, households: n) { h in
                    flags[h] & PreparedModel.registeredBit != 0 ? 0 : UInt64(persons[h])
                }
                fill(personsAsDouble, 0, households: n) { h in Double(persons[h]) }
            }
        }
        fill(village, from: model.village, 0)
        model.village.withUnsafeBufferPointer { villages in
            let groups = padded / FrozenColumns.lanes
            for g in 0..<groups {
                let start = g * FrozenColumns.lanes
                let first = start < n ? villages[start] : 0
                var same = true
                for h in start..<(start + FrozenColumns.lanes) where (h < n ? villages[h] : 0) != first { same = false }
                (villageGroup.start + g).initialize(to: same ? first : -1)
            }
        }
        fill(township, from: model.township, 0)
        model.riskMask.withUnsafeBufferPointer { masks in
            fill(riskMask, 0, households: n) { h in UInt64(masks[h]) }
        }
    }
}

/// How the draws are cut into batches: `count` batches of whole quadruples of draws (the last
/// may end early at `draws`), at most `maximumBatch` draws each, as equal as whole quadruples
/// allow, the larger first.
///
/// count = ⌈draws ÷ maximumBatch⌉ rounded up to a multiple of `threads` (at most one batch a
/// quadruple): when the workers run at the same speed each takes count ÷ threads batches and
/// they finish together — 1,000 draws in 32 batches of at most 32 on two threads are 500 draws
/// each, where 31 batches of 32 and one of 8 gave one worker 512 and the other 488. With Q =
/// ⌈draws ÷ 4⌉ quadruples, batch b holds ⌊Q ÷ count⌋ + (b < Q mod count ? 1 : 0) of them; every
/// batch starts at a multiple of 4 (a Philox block serves four draws). The numbers drawn and
/// summed do not depend on the cut (see `Simulation.run`).
struct BatchPlan {
    let count: Int
    let draws: Int
    let quadsEach: Int
    let longer: Int

    /// `draws` ≥ 1, `maximumBatch` a positive multiple of 4, `threads` ≥ 1.
    init(draws: Int, maximumBatch: Int, threads: Int) {
        let quads = (draws + 3) / 4
        let least = (draws + maximumBatch - 1) / maximumBatch
        let even = (least + threads - 1) / threads * threads
        count = min(even, quads)
        self.draws = draws
        quadsEach = quads / count
        longer = quads % count
    }

    /// The first draw and the number of draws of batch `b` (0 ≤ b < count).
    func batch(_ b: Int) -> (first: Int, count: Int) {
        let firstQuad = b * quadsEach + min(b, longer)
        let quads = quadsEach + (b < longer ? 1 : 0)
        let first = firstQuad * 4
        return (first, min(quads * 4, draws - first))
    }
}

/// Running sums of one draw inside a batch (integer counts, one floating sum in household order).
struct DrawAccumulator {
    var poorPersons = 0
    var poorHouseholds = 0
    var returningHouseholds = 0
    var returningPersons = 0
    var liftedPersons = 0
    /// The FGT1 sum Σ g in four lanes: lane i sums the households h with h mod 4 = i, in
    /// household order (see `PovertyGapSums`).
    var gapLanes = SIMD4<Double>.zero
    /// The FGT2 sum Σ g²·s in the same four lanes.
    var scaledSquaredGapLanes = SIMD4<Double>.zero

    /// Adds the packed count sums of a block (see `FrozenColumns.poorCounts`): poor persons,
    /// households and returning households in `countSum`, returning and lifted persons in
    /// `returningSum`.
    mutating func add(countSum: UInt64, returningSum: UInt64) {
        poorPersons &+= Int(countSum & 0xFFFF_FFFF)
        poorHouseholds &+= Int((countSum >> 32) & 0xFFFF)
        returningHouseholds &+= Int(countSum >> 48)
        returningPersons &+= Int(returningSum & 0xFFFF_FFFF)
        liftedPersons &+= Int(returningSum >> 32)
    }

    /// The lanes folded in a fixed order, (0 + 1) + (2 + 3): the same for any split of the work.
    var gaps: PovertyGapSums {
        PovertyGapSums(gapYuan: (gapLanes[0] + gapLanes[1]) + (gapLanes[2] + gapLanes[3]),
                       scaledSquaredGap: (scaledSquaredGapLanes[0] + scaledSquaredGapLanes[1])
                           + (scaledSquaredGapLanes[2] + scaledSquaredGapLanes[3]))
    }
}

/// Per-worker sums over all the draws the worker did (integers: merging is order-free).
struct WorkerTotals {
    var poorDraws: [UInt32]
    var villagePoorSum: [Int64]
    var villageExits: [Int]
}

/// The state shared by the workers of one run.
final class SharedRun: @unchecked Sendable {
    let model: PreparedModel
    let columns: FrozenColumns
    let options: SimulationOptions
    let generator: Philox4x32
    let batches: BatchPlan
    /// One outcome per draw; each batch writes only its own draws.
    let outcomes: Buffer<DrawOutcome>
    private let lock = NSLock()
    private var nextBatch = 0
    private var completedDraws = 0
    private var totals: [Int: WorkerTotals] = [:]

    /// The draws this run simulates (the first a multiple of 4); batches count from its start.
    let drawRange: Range<Int>

    init(model: PreparedModel, columns: FrozenColumns, options: SimulationOptions, draws: Range<Int>) {
        self.model = model
        self.columns = columns
        self.options = options
        drawRange = draws
        generator = Philox4x32(seed: options.seed)
        batches = BatchPlan(draws: draws.count, maximumBatch: options.drawsPerBatch, threads: options.threads)
        outcomes = Buffer(repeating: DrawOutcome(), count: draws.count)
    }

    /// One worker: takes batches until none is left, then files its totals.
    func work(worker: Int) {
        let batchSize = options.drawsPerBatch
        let scratch = BatchScratch(model: model, drawsPerBatch: batchSize, bins: options.giniBinCount)
        var mine = WorkerTotals(
            poorDraws: Array(repeating: 0, count: model.households),
            villagePoorSum: Array(repeating: 0, count: model.villages),
            villageExits: Array(repeating: 0, count: model.villages))
        while true {
            lock.lock()
            let batch = nextBatch
            nextBatch += 1
            lock.unlock()
            if batch >= batches.count { break }
            let (offset, count) = batches.batch(batch)
            let first = drawRange.lowerBound + offset
            mine.poorDraws.withUnsafeMutableBufferPointer { poorDraws in
                simulateBatch(firstDraw: first, count: count, scratch: scratch, poorDraws: poorDraws)
            }
            finishBatch(firstDraw: first, count: count, scratch: scratch, totals: &mine)
            lock.lock()
            completedDraws += count
            options.progress?(completedDraws, drawRange.count)
            lock.unlock()
        }
        lock.lock()
        totals[worker] = mine
        lock.unlock()
    }

    /// Village exits, Gini and the county rule for each draw of the batch; resets the scratch.
    func finishBatch(firstDraw: Int, count: Int, scratch: BatchScratch, totals: inout WorkerTotals) {
        let villages = model.villages
        let bins = scratch.bins
        let width = model.line / Double(options.giniBinsPerLine)
        let totalPersons = model.totalPersons
        let villagePoor = scratch.villagePoor.pointer
        for g in 0..<count {
            let sums = scratch.accumulators.pointer[g]
            var outcome = DrawOutcome()
            var exits = 0
            for v in 0..<villages {
                let poor = villagePoor[g * villages + v]
                totals.villagePoorSum[v] += Int64(poor)
                if model.villageCanExit[v] && Double(poor) < model.villageExitLimit[v] {
                    exits += 1
                    totals.villageExits[v] += 1
                }
                villagePoor[g * villages + v] = 0
            }
            let histogram = UnsafeMutableBufferPointer(rebasing: scratch.histogram.pointer[(g * bins)..<((g + 1) * bins)])
            outcome.gini = GroupedGini.gini(UnsafeBufferPointer(histogram), width: width)
            histogram.update(repeating: .zero)

            outcome.poorPersons = sums.poorPersons
            outcome.poorHouseholds = sums.poorHouseholds
            // Registered households either stay poor or exit; the poor are registered or returning.
            outcome.exitingPersons = model.registeredPersons - (sums.poorPersons - sums.returningPersons)
            outcome.exitingHouseholds = model.registeredHouseholds - (sums.poorHouseholds - sums.returningHouseholds)
            outcome.returningHouseholds = sums.returningHouseholds
            outcome.returningPersons = sums.returningPersons
            outcome.personsLiftedByPlan = sums.liftedPersons
            outcome.villagesExiting = exits
            outcome.incidence = Double(sums.poorPersons) / model.countyAgriculturalPopulation
            outcome.povertyGap = sums.gaps.fgt1(line: model.line, persons: totalPersons)
            outcome.squaredPovertyGap = sums.gaps.fgt2(line: model.line, persons: totalPersons, binsPerLine: options.giniBinsPerLine)
            outcome.countyExit = Double(sums.poorPersons) < model.countyExitLimit
            outcomes.pointer[firstDraw - drawRange.lowerBound + g] = outcome
        }
    }

    /// Merges the workers' totals (integers, in worker order) into the run's totals.
    func totals(scenario: String, fingerprint: String) -> DrawTotals {
        let n = model.households
        var poorDraws = [UInt32](repeating: 0, count: n)
        var villagePoorSum = [Int64](repeating: 0, count: model.villages)
        var villageExits = [Int](repeating: 0, count: model.villages)
        for worker in totals.keys.sorted() {
            guard let t = totals[worker] else { continue }
            for h in 0..<n { poorDraws[h] &+= t.poorDraws[h] }
            for v in 0..<model.villages {
                villagePoorSum[v] += t.villagePoorSum[v]
                villageExits[v] += t.villageExits[v]
            }
        }
        return DrawTotals(scenario: scenario, seed: options.seed, draws: options.draws, firstDraw: drawRange.lowerBound,
                          perDraw: outcomes.array, households: n, villages: model.villages, fingerprint: fingerprint,
                          householdPoorDraws: poorDraws, villagePoorPersons: villagePoorSum, villageExitDraws: villageExits)
    }
}

extension Simulation {
    /// Summarises the totals of a run's draws (all of them, or a shard's).
    static func summarise(_ totals: DrawTotals, model: PreparedModel, input: SimulationInput, scenario: Scenario,
                          options: SimulationOptions) -> SimulationResult {
        let draws = totals.perDraw.count
        let n = model.households
        let poorDraws = totals.householdPoorDraws
        let villagePoorSum = totals.villagePoorPersons
        let villageExits = totals.villageExitDraws
        let perDraw = totals.perDraw
        func interval(_ key: (DrawOutcome) -> Double) -> Interval { Interval(perDraw.map(key)) }
        let d = Double(draws)
        func probability(_ test: (DrawOutcome) -> Bool) -> Double { Double(perDraw.reduce(0) { $0 + (test($1) ? 1 : 0) }) / d }

        var targets: [TargetOutcome] = []
        var tests: [(DrawOutcome) -> Bool] = []
        let goal = scenario.targets
        if let value = goal.personsExit {
            targets.append(TargetOutcome(kind: .personsExit, value: value, name: "persons_exit ≥ \(value)", probability: 0))
            tests.append { $0.exitingPersons >= value }
        }
        if let value = goal.villagesExit {
            targets.append(TargetOutcome(kind: .villagesExit, value: value, name: "villages_exit ≥ \(value)", probability: 0))
            tests.append { $0.villagesExiting >= value }
        }
        if let value = goal.maximumReturningHouseholds {
            targets.append(TargetOutcome(kind: .maximumReturningHouseholds, value: value,
                                         name: "returning_households ≤ \(value)", probability: 0))
            tests.append { $0.returningHouseholds <= value }
        }
        if goal.countyExit {
            targets.append(TargetOutcome(kind: .countyExit, value: 1, name: "county_exit", probability: 0))
            tests.append { $0.countyExit }
        }
        for i in targets.indices {
            let test = tests[i]
            targets[i].probability = probability(test)
        }
        let all: Double? = tests.isEmpty ? nil : probability { outcome in tests.allSatisfy { $0(outcome) } }

        let householdProbability = poorDraws.map { Double($0) / d }
        var candidates: [Int] = []
        for h in 0..<n where !input.households.registeredPoor[h]
            && householdProbability[h] >= options.earlyWarningMinimumProbability && householdProbability[h] > 0 {
            candidates.append(h)
        }
        candidates.sort { a, b in
            householdProbability[a] != householdProbability[b] ? householdProbability[a] > householdProbability[b] : a < b
        }
        let earlyWarning = candidates.prefix(options.earlyWarningCount).map { h in
            AtRiskHousehold(household: h, probability: householdProbability[h],
                            projectedPerCapitaIncome: model.projectedIncome[h] / Double(input.households.persons[h]))
        }

        var townshipMean = [Double](repeating: 0, count: model.townships)
        var villageMean = [Double](repeating: 0, count: model.villages)
        for v in 0..<model.villages {
            villageMean[v] = Double(villagePoorSum[v]) / d
            townshipMean[model.villageTownship[v]] += Double(villagePoorSum[v])
        }
        townshipMean = townshipMean.map { $0 / d }

        let lifted = interval { Double($0.personsLiftedByPlan) }
        var costPerPerson: Double? = nil
        if let cost = input.planCost, lifted.mean > 0 { costPerPerson = cost / lifted.mean }

        return SimulationResult(
            scenario: scenario.name, draws: draws, seed: options.seed, households: n, povertyLine: model.line,
            poorPersons: interval { Double($0.poorPersons) },
            poorHouseholds: interval { Double($0.poorHouseholds) },
            incidence: interval(\.incidence),
            exitingPersons: interval { Double($0.exitingPersons) },
            exitingHouseholds: interval { Double($0.exitingHouseholds) },
            returningHouseholds: interval { Double($0.returningHouseholds) },
            returningPersons: interval { Double($0.returningPersons) },
            villagesExiting: interval { Double($0.villagesExiting) },
            povertyGap: interval(\.povertyGap),
            gini: interval(\.gini),
            personsLiftedByPlan: lifted,
            costPerPersonLifted: costPerPerson,
            countyExitProbability: probability(\.countyExit),
            targets: targets,
            allTargetsProbability: all,
            householdPoorProbability: householdProbability,
            earlyWarning: Array(earlyWarning),
            townshipMeanPoorPersons: townshipMean,
            villageMeanPoorPersons: villageMean,
            villageExitProbability: villageExits.map { Double($0) / d },
            perDraw: perDraw)
    }
}

/// Per-worker scratch for one batch, allocated once per worker and reset after each batch.
final class BatchScratch: @unchecked Sendable {
    let accumulators: Buffer<DrawAccumulator>
    /// Poor persons by (draw in batch, village): [g·V + v].
    let villagePoor: Buffer<Int32>
    /// Gini histogram by (draw in batch, bin): (persons, income) of the bin.
    let histogram: Buffer<SIMD2<Double>>
    /// Common-shock multipliers by (draw in batch, township, shocked source).
    let multipliers: Buffer<Double>
    /// 1 where no common shock hits township t in draw g of the batch: [g·T + t].
    let shockFree: Buffer<UInt8>
    /// Next year's incomes of a block of households, draw by draw: [g·blockSize + hb].
    let incomes: Buffer<Double>
    /// Draws in which each household of the block is poor.
    let blockPoorDraws: Buffer<Int64>
    /// The four output vectors of one `PhiloxLanes.blocks(_:_:_:_:into:)` call.
    let philoxWords: Buffer<SIMD4<UInt64>>
    /// The four household numbers (lanes) of the Philox counters of the current group, and the
    /// key schedule of the run's generator: `PhiloxAVX2.blocks`' inputs in memory.
    let philoxUnits: Buffer<UInt64>
    let philoxSchedule: Buffer<UInt64>
    /// `HouseholdRule.block`'s lane sums (Σ g, Σ g²·s) and packed count sums.
    let ruleLanes: Buffer<Double>
    let rulePacked: Buffer<UInt64>
    let bins: Int
    let drawsPerBatch: Int
    /// Households per block (a multiple of `FrozenColumns.lanes`): the block's incomes stay in the
    /// first-level cache. The counts of a block are summed in packed fields (see
    /// `FrozenColumns.poorCounts`): persons in 32 bits, which holds while 256 × persons < 2³²
    /// (persons ≤ `SimulationInput.maximumPersons`), households in 16 bits (256 < 2¹⁶).
    static let blockSize = 256

    init(model: PreparedModel, drawsPerBatch: Int, bins: Int) {
        self.bins = bins
        self.drawsPerBatch = drawsPerBatch
        accumulators = Buffer(repeating: DrawAccumulator(), count: drawsPerBatch)
        villagePoor = Buffer(repeating: 0, count: drawsPerBatch * model.villages)
        histogram = Buffer(repeating: .zero, count: drawsPerBatch * bins)
        multipliers = Buffer(repeating: 1, count: drawsPerBatch * model.townships * max(model.shockedSources.count, 1))
        shockFree = Buffer(repeating: 1, count: drawsPerBatch * model.townships)
        incomes = Buffer(repeating: 0, count: BatchScratch.blockSize * drawsPerBatch)
        blockPoorDraws = Buffer(repeating: 0, count: BatchScratch.blockSize)
        philoxWords = Buffer(repeating: .zero, count: 4)
        philoxUnits = Buffer(repeating: 0, count: 4)
        philoxSchedule = Buffer(repeating: 0, count: PhiloxAVX2.scheduleCount)
        ruleLanes = Buffer(repeating: 0, count: 8)
        rulePacked = Buffer(repeating: 0, count: 2)
    }
}
