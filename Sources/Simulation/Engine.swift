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

/// The prepared per-household arrays in owned memory, read through unchecked pointers.
struct FrozenColumns: @unchecked Sendable {
    let baseMean: Buffer<Double>
    let baseVariance: Buffer<Double>
    let baseStandardDeviation: Buffer<Double>
    /// Shocked-source means and variances interleaved by household: [h·S + j].
    let shockedMean: Buffer<Double>
    let shockedVariance: Buffer<Double>
    /// What the household rule needs of each household, packed in one record.
    let rules: Buffer<HouseholdRule>
    let township: Buffer<Int32>
    let riskMask: Buffer<UInt8>
    let riskThreshold: Buffer<UInt64>
    let riskLossFraction: Buffer<Double>
    let riskLossYuan: Buffer<Double>

    init(_ model: PreparedModel) {
        baseMean = Buffer(model.baseMean)
        baseVariance = Buffer(model.baseVariance)
        baseStandardDeviation = Buffer(model.baseStandardDeviation)
        let slots = model.shockedSources.count
        var mean = [Double](repeating: 0, count: model.households * slots)
        var variance = mean
        for j in 0..<slots {
            for h in 0..<model.households {
                mean[h * slots + j] = model.shockedMean[j][h]
                variance[h * slots + j] = model.shockedVariance[j][h]
            }
        }
        shockedMean = Buffer(mean)
        shockedVariance = Buffer(variance)
        rules = Buffer((0..<model.households).map { h in
            HouseholdRule(
                lineTimesPersons: model.lineTimesPersons[h], giniScale: model.giniScale[h], planIncome: model.planIncome[h],
                persons: model.persons[h], village: model.village[h], flags: Int32(model.flags[h]))
        })
        township = Buffer(model.township)
        riskMask = Buffer(model.riskMask)
        riskThreshold = Buffer(model.riskThreshold)
        riskLossFraction = Buffer(model.riskLossFraction)
        riskLossYuan = Buffer(model.riskLossYuan)
    }
}

/// The constants of the household rule for one household, in one record so the draw loop
/// reads one place (and keeps few pointers live) per household.
struct HouseholdRule {
    /// line × persons, yuan.
    var lineTimesPersons: Double
    /// Gini bins per yuan of household income: giniBinsPerLine ÷ (line × persons).
    var giniScale: Double
    var planIncome: Double
    var persons: Int32
    var village: Int32
    /// `PreparedModel.registeredBit`, `PreparedModel.alwaysPoorBit`.
    var flags: Int32
}

/// Running sums of one draw inside a batch (integer counts, floating sums in household order).
struct DrawAccumulator {
    var poorPersons = 0
    var poorHouseholds = 0
    var returningHouseholds = 0
    var returningPersons = 0
    var liftedPersons = 0
    /// The FGT1 and FGT2 sums (floating, in household order).
    var gaps = PovertyGapSums()
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
    /// Next year's incomes of a block of households: [hb·G + g].
    let incomes: Buffer<Double>
    /// Draws in which each household of the block is poor.
    let blockPoorDraws: Buffer<UInt32>
    let bins: Int
    let drawsPerBatch: Int
    /// Households per block: the block's normals and losses stay in the first-level cache.
    static let blockSize = 256

    init(model: PreparedModel, drawsPerBatch: Int, bins: Int) {
        self.bins = bins
        self.drawsPerBatch = drawsPerBatch
        accumulators = Buffer(repeating: DrawAccumulator(), count: drawsPerBatch)
        villagePoor = Buffer(repeating: 0, count: drawsPerBatch * model.villages)
        histogram = Buffer(repeating: .zero, count: drawsPerBatch * bins)
        multipliers = Buffer(repeating: 1, count: drawsPerBatch * model.townships * max(model.shockedSources.count, 1))
        incomes = Buffer(repeating: 0, count: BatchScratch.blockSize * drawsPerBatch)
        blockPoorDraws = Buffer(repeating: 0, count: BatchScratch.blockSize)
    }
}
