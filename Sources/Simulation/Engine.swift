import Foundation

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
    /// Work: draws are cut into batches of `drawsPerBatch`; `threads` workers take batches in
    /// turn and carry each batch through one pass over the households. Every random number is
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
        let columns = FrozenColumns(model)
        let run = SharedRun(model: model, columns: columns, options: options)
        let workers = min(options.threads, run.batchCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            run.work(worker: worker)
        }
        return run.result(input: input, scenario: scenario)
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
    let baseMean: Buffer<Double>
    let baseVariance: Buffer<Double>
    let baseStandardDeviation: Buffer<Double>
    /// Shocked-source means and variances by slot: [j·padded + h].
    let shockedMean: Buffer<Double>
    let shockedVariance: Buffer<Double>
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
    let ruleLine: Buffer<Double>
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

    init(_ model: PreparedModel) {
        let n = model.households
        let padded = (n + FrozenColumns.lanes - 1) / FrozenColumns.lanes * FrozenColumns.lanes
        self.padded = padded
        /// A household column padded to a whole number of vectors, in one pass.
        func column<T>(_ filler: T, _ value: (Int) -> T) -> Buffer<T> { Buffer(count: padded, filled: n, filler: filler, value) }
        func pad<T>(_ values: [T], _ filler: T) -> Buffer<T> {
            values.withUnsafeBufferPointer { v in column(filler) { v[$0] } }
        }
        baseMean = pad(model.baseMean, 0)
        baseVariance = pad(model.baseVariance, 0)
        baseStandardDeviation = pad(model.baseStandardDeviation, 0)
        let slots = model.shockedSources.count
        shockedMean = Buffer(count: slots * padded, filled: slots * padded, filler: 0) { k in
            let (j, h) = k.quotientAndRemainder(dividingBy: padded)
            return h < n ? model.shockedMean[j][h] : 0
        }
        shockedVariance = Buffer(count: slots * padded, filled: slots * padded, filler: 0) { k in
            let (j, h) = k.quotientAndRemainder(dividingBy: padded)
            return h < n ? model.shockedVariance[j][h] : 0
        }
        // The unshocked draw: base + Σ_j shocked_j·1 (and variances ·1²), in the draw's order.
        var meanU = model.baseMean, varianceU = model.baseVariance
        meanU.withUnsafeMutableBufferPointer { means in
            varianceU.withUnsafeMutableBufferPointer { variances in
                for j in 0..<slots {
                    model.shockedMean[j].withUnsafeBufferPointer { a in
                        model.shockedVariance[j].withUnsafeBufferPointer { v in
                            for h in 0..<n {
                                means[h] += a[h] * 1
                                variances[h] += v[h] * (1 * 1)
                            }
                        }
                    }
                }
            }
        }
        unshockedMean = pad(meanU, 0)
        unshockedStandardDeviation = model.shockedVarianceMatters
            ? varianceU.withUnsafeBufferPointer { v in column(0) { v[$0].squareRoot() } }
            : pad(model.baseStandardDeviation, 0)
        // Each block sorted by (risk mask, index): a counting sort on the 8-bit mask keeps index order.
        let order = Buffer<Int32>(repeating: 0, count: padded)
        var counts = [Int](repeating: 0, count: 257)
        for start in Swift.stride(from: 0, to: padded, by: BatchScratch.blockSize) {
            let end = min(start + BatchScratch.blockSize, padded)
            for c in counts.indices { counts[c] = 0 }
            for h in start..<end { counts[Int(h < n ? model.riskMask[h] : 0) + 1] += 1 }
            for c in 1..<counts.count { counts[c] += counts[c - 1] }
            for h in start..<end {
                let m = Int(h < n ? model.riskMask[h] : 0)
                order.start[start + counts[m]] = Int32(truncatingIfNeeded: h)
                counts[m] += 1
            }
        }
        phaseOrder = order
        lineTimesPersons = pad(model.lineTimesPersons, -.infinity)
        ruleLine = column(-.infinity) { h in
            model.flags[h] & PreparedModel.alwaysPoorBit != 0 ? .infinity : model.lineTimesPersons[h]
        }
        giniScale = pad(model.giniScale, 0)
        planIncome = pad(model.planIncome, 0)
        poorCounts = column(0) { h in
            UInt64(model.persons[h]) | (1 << 32) | (model.flags[h] & PreparedModel.registeredBit != 0 ? 0 : 1 << 48)
        }
        liftedPersons = column(0) { h in UInt64(model.persons[h]) << 32 }
        returningPersons = column(0) { h in
            model.flags[h] & PreparedModel.registeredBit != 0 ? 0 : UInt64(model.persons[h])
        }
        personsAsDouble = column(0) { h in Double(model.persons[h]) }
        village = pad(model.village, 0)
        villageGroup = Buffer(count: padded / FrozenColumns.lanes, filled: padded / FrozenColumns.lanes, filler: 0) { g in
            let start = g * FrozenColumns.lanes
            let first = start < n ? model.village[start] : 0
            for h in start..<(start + FrozenColumns.lanes) where (h < n ? model.village[h] : 0) != first { return -1 }
            return first
        }
        township = pad(model.township, 0)
        riskMask = column(0) { h in UInt64(model.riskMask[h]) }
        riskThreshold = Buffer(model.riskThreshold)
        riskLossFraction = Buffer(model.riskLossFraction)
        riskLossYuan = Buffer(model.riskLossYuan)
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
    let batchCount: Int
    /// One outcome per draw; each batch writes only its own draws.
    let outcomes: Buffer<DrawOutcome>
    private let lock = NSLock()
    private var nextBatch = 0
    private var completedDraws = 0
    private var totals: [Int: WorkerTotals] = [:]

    init(model: PreparedModel, columns: FrozenColumns, options: SimulationOptions) {
        self.model = model
        self.columns = columns
        self.options = options
        generator = Philox4x32(seed: options.seed)
        batchCount = (options.draws + options.drawsPerBatch - 1) / options.drawsPerBatch
        outcomes = Buffer(repeating: DrawOutcome(), count: options.draws)
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
            if batch >= batchCount { break }
            let first = batch * batchSize
            let count = min(batchSize, options.draws - first)
            mine.poorDraws.withUnsafeMutableBufferPointer { poorDraws in
                simulateBatch(firstDraw: first, count: count, scratch: scratch, poorDraws: poorDraws)
            }
            finishBatch(firstDraw: first, count: count, scratch: scratch, totals: &mine)
            lock.lock()
            completedDraws += count
            options.progress?(completedDraws, options.draws)
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
            outcomes.pointer[firstDraw + g] = outcome
        }
    }

    /// Merges the workers' totals and summarises the draws.
    func result(input: SimulationInput, scenario: Scenario) -> SimulationResult {
        let draws = options.draws
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
        let perDraw = outcomes.array
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
    }
}
