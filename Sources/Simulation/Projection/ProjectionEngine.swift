import Foundation

/// The multi-year projection: every draw follows every household year by year.
public enum Projection {
    /// Projects `years` (in calendar order, one after the other) under `scenario`'s risks, with
    /// `options.draws` draws, and summarises each year.
    ///
    /// In each draw and year, a household's income is drawn as the one-year engine draws next
    /// year's (`PreparedModel` of that year's input and scenario: growth compounded, the year's
    /// line, lever and plan income), with random numbers keyed by (year's key, household, draw,
    /// stream): the first year's key is the seed, so the first year draws exactly the one-year
    /// engine's numbers; year k's key is derived from the seed and k (`yearGenerator`). Incomes
    /// of different years are independent given the path of their means, except for risks: risk
    /// r struck in year t costs its loss in years t … t + durationYears − 1 (once a year).
    ///
    /// State carried from year to year, per draw: whether each household is poor (the registry's
    /// registered poor before the first year), whether each village has exited, whether the
    /// county has. A household is poor when its income is below line × persons, or when it is
    /// registered poor with a guarantee unmet (poor every year: the registry's guarantees do not
    /// change). It exits when it was poor and is not; it returns (返贫) when it was not and is. A
    /// registered poor village whose infrastructure is met exits the first year its poor persons
    /// fall below threshold × agricultural population; the county exits (摘帽) the first year its
    /// poor persons fall below threshold × agricultural population.
    ///
    /// Work: draws go in quadruples (one Philox block serves four draws); `threads` workers take
    /// quadruples in turn and carry each through all the years. Every per-draw count is an integer
    /// summed in household order by one worker, so the result is the same for any `threads`.
    /// Memory: the years' prepared models (O(years × households)), per worker the state of four
    /// draws (O(households + villages)), and the counts of each draw and year (small).
    ///
    /// With `monitoring`, every year and draw also classifies the households as the monitoring
    /// system does (`ProjectionMonitoring`: who is on the list, in which class, whose risk is
    /// eliminated), at the cost of per-worker state of four draws (O(households)); households after
    /// `monitoring.countedHouseholds` are classified only, never counted in the poverty figures.
    ///
    /// - Throws: `SimulationInputError` when the input, the years or the options are inconsistent.
    public static func run(years: [ProjectionYear], options: SimulationOptions,
                           monitoring: ProjectionMonitoring? = nil) throws(SimulationInputError) -> ProjectionResult {
        guard let first = years.first else { throw .invalidOption(name: "years", message: "a projection needs at least one year") }
        if years.count > YearLevers.maximumYears {
            throw .invalidOption(name: "years", message: "at most \(YearLevers.maximumYears) years")
        }
        try options.validate()
        for (k, year) in years.enumerated() {
            try year.input.validate()
            try Simulation.validate(year.scenario)
            if year.year != first.year + k {
                throw .invalidValue(field: "years.year", index: k, message: "must follow the year before (\(first.year + k))")
            }
            if year.input.households.count != first.input.households.count || year.input.villages.count != first.input.villages.count
                || year.input.county.townshipTier.count != first.input.county.townshipTier.count
                || year.input.households.persons != first.input.households.persons
                || year.input.households.village != first.input.households.village
                || year.input.households.registeredPoor != first.input.households.registeredPoor
                || year.input.households.cause != first.input.households.cause {
                throw .invalidValue(field: "years.input", index: k, message: "must hold the first year's households and villages")
            }
            if year.scenario.risks.count != first.scenario.risks.count {
                throw .invalidValue(field: "years.scenario.risks", index: k, message: "must hold the first year's risks")
            }
        }
        try monitoring?.validate(households: first.input.households.count, years: years.count)
        return try runDraws(years: years, options: options, monitoring: monitoring)
    }

    /// The generator of year `index` of a projection: the seed's for year 0 (the one-year
    /// engine's numbers), else a key derived from one Philox block of the seed's generator at a
    /// counter no simulation uses (unit 0xFFFFFFFE, the year, the stream word 0x59454152 "YEAR").
    public static func yearGenerator(seed: UInt64, index: Int) -> Philox4x32 {
        let base = Philox4x32(seed: seed)
        guard index > 0 else { return base }
        let block = base.block(0xFFFF_FFFE, UInt32(truncatingIfNeeded: index), 0x5945_4152, 0)
        return Philox4x32(key0: block[0], key1: block[1])
    }
}

/// One year's household columns as the projection reads them: the year's prepared model, its
/// generator, and its income columns (`IncomeColumns`, the one-year engine's builder, unpadded:
/// shocked slot j of household h at j·households + h).
final class ProjectionYearColumns: @unchecked Sendable {
    let model: PreparedModel
    let generator: Philox4x32
    let income: IncomeColumns
    /// line × persons (yuan): the monitoring's test of an income thrown below the line.
    let lineTimesPersons: Buffer<Double>
    let villageCanExit: [Bool]
    let villageExitLimit: [Double]

    init(model: PreparedModel, generator: Philox4x32) {
        self.model = model
        self.generator = generator
        income = IncomeColumns(model)
        lineTimesPersons = Buffer(model.lineTimesPersons)
        villageCanExit = model.villageCanExit
        villageExitLimit = model.villageExitLimit
    }
}

/// The state shared by the workers of one projection.
final class ProjectionRun: @unchecked Sendable {
    let years: [ProjectionYear]
    let columns: [ProjectionYearColumns]
    let options: SimulationOptions
    let households: Int
    let villages: Int
    let townships: Int
    let persons: Buffer<Int32>
    let village: Buffer<Int32>
    let township: Buffer<Int32>
    let riskMask: Buffer<UInt8>
    let registered: Buffer<UInt8>
    let riskThreshold: [UInt64]
    let riskDuration: [Int]
    /// Counts by (year, draw): [y·draws + d]; each quadruple writes only its own draws.
    let counts: Buffer<ProjectionDrawCounts>
    /// The monitoring's columns (nil: no monitoring): by household, 0/1 flags, the start's
    /// per-capita income and the calm years of a household monitored before the first year.
    let monitoring: ProjectionMonitoring?
    let counted: Int
    let everRegistered: Buffer<UInt8>
    let canWork: Buffer<UInt8>
    let startPerCapita: Buffer<Double>
    let firstYearRisk: Buffer<UInt8>
    let firstYearSudden: Buffer<UInt8>
    /// Bit 0: monitored before the first year; the calm years it starts with in `initialCalm`.
    let initialMonitored: Buffer<UInt8>
    let initialCalm: Buffer<UInt8>
    /// The workers' per-household records (`ProjectionMonitoring.recordHouseholds`), [y·households + h].
    private var records: [(poor: Buffer<UInt32>, belowThreshold: Buffer<UInt32>, sudden: Buffer<UInt32>)] = []
    /// The draws this process simulates (all of them, or a shard's: see `ProjectionShards.swift`).
    let drawRange: Range<Int>
    private let lock = NSLock()
    private var nextQuad = 0
    private var completedDraws = 0

    init(years: [ProjectionYear], options: SimulationOptions, monitoring: ProjectionMonitoring?, drawRange: Range<Int>? = nil) {
        self.years = years
        self.options = options
        self.monitoring = monitoring
        self.drawRange = drawRange ?? 0..<options.draws
        nextQuad = self.drawRange.lowerBound / 4
        let n0 = years[0].input.households.count
        counted = monitoring?.countedHouseholds ?? n0
        let m = monitoring
        let firstYear = years[0].year
        everRegistered = Buffer(m?.everRegistered.map { $0 ? 1 : 0 } ?? [])
        canWork = Buffer(m?.canWork.map { $0 ? 1 : 0 } ?? [])
        startPerCapita = Buffer(m?.startPerCapitaIncome ?? [])
        firstYearRisk = Buffer(m?.firstYearRisk.map { $0 ? 1 : 0 } ?? [])
        firstYearSudden = Buffer(m?.firstYearSudden.map { $0 ? 1 : 0 } ?? [])
        initialMonitored = Buffer(m?.monitoredSince.map { $0 == nil ? 0 : 1 } ?? [])
        initialCalm = Buffer(m?.monitoredSince.map { since in UInt8(clamping: max(0, firstYear - 1 - (since ?? firstYear))) } ?? [])
        columns = years.enumerated().map { k, year in
            ProjectionYearColumns(model: PreparedModel(input: year.input, scenario: year.scenario, giniBinsPerLine: options.giniBinsPerLine),
                                  generator: Projection.yearGenerator(seed: options.seed, index: k))
        }
        let model = columns[0].model
        households = model.households
        villages = model.villages
        townships = model.townships
        persons = Buffer(model.persons)
        village = Buffer(model.village)
        township = Buffer(model.township)
        riskMask = Buffer(model.riskMask)
        registered = Buffer(model.flags.map { $0 & PreparedModel.registeredBit })
        riskThreshold = years[0].scenario.risks.map { RandomVariates.threshold(probability: $0.probability) }
        riskDuration = years[0].scenario.risks.map { max(1, $0.durationYears) }
        counts = Buffer(repeating: ProjectionDrawCounts(), count: years.count * options.draws)
    }

    /// One worker: takes quadruples of draws until none is left.
    func work() {
        let n = households
        let poor = Buffer<UInt8>(repeating: 0, count: n * 4)
        let villageExited = Buffer<UInt8>(repeating: 0, count: villages * 4)
        let villagePoor = Buffer<Int64>(repeating: 0, count: villages * 4)
        let maxSlots = columns.map { $0.model.shockedSources.count }.max() ?? 0
        let multipliers = Buffer<Double>(repeating: 1, count: 4 * townships * max(maxSlots, 1))
        let watching = monitoring != nil
        let monitorState = MonitorScratch(households: watching ? n : 0,
                                          recordYears: monitoring?.recordHouseholds == true ? columns.count : 0)
        let quads = (drawRange.upperBound + 3) / 4
        while true {
            lock.lock()
            let quad = nextQuad
            nextQuad += 1
            lock.unlock()
            if quad >= quads { break }
            simulateQuad(quad, poor: poor, villageExited: villageExited, villagePoor: villagePoor, multipliers: multipliers,
                         monitor: monitorState)
            lock.lock()
            completedDraws += min(4, drawRange.upperBound - quad * 4)
            options.progress?(completedDraws, drawRange.count)
            lock.unlock()
        }
        if monitoring?.recordHouseholds == true {
            lock.lock()
            records.append((monitorState.poorDraws, monitorState.belowThresholdDraws, monitorState.suddenHardshipDraws))
            lock.unlock()
        }
    }

    /// Draws 4·quad … 4·quad + 3 through every year.
    func simulateQuad(_ quad: Int, poor: Buffer<UInt8>, villageExited: Buffer<UInt8>, villagePoor: Buffer<Int64>,
                      multipliers: Buffer<Double>, monitor: MonitorScratch) {
        let n = households
        let firstDraw = quad * 4
        let live = min(4, drawRange.upperBound - firstDraw)
        let poorState = poor.start, exited = villageExited.start, villageCount = villagePoor.start
        let persons = self.persons.start, village = self.village.start, township = self.township.start
        let riskMask = self.riskMask.start, registered = self.registered.start
        let counter = UInt32(truncatingIfNeeded: quad)
        let incomeStream = RandomStream.householdIncome.rawValue, riskStream = RandomStream.householdRisk.rawValue
        let knots = NormalTable.knots
        let risks = riskThreshold.count
        for h in 0..<n {
            let r = registered[h]
            poorState[h &* 4] = r; poorState[h &* 4 &+ 1] = r; poorState[h &* 4 &+ 2] = r; poorState[h &* 4 &+ 3] = r
        }
        for i in 0..<(villages * 4) { exited[i] = 0 }
        let watching = monitoring != nil
        let recording = monitoring?.recordHouseholds == true
        let counted = self.counted
        let state = monitor.state.start, calm = monitor.calm.start, previous = monitor.previousIncome.start
        let everRegistered = self.everRegistered.start, canWork = self.canWork.start, startPerCapita = self.startPerCapita.start
        let firstYearRisk = self.firstYearRisk.start, firstYearSudden = self.firstYearSudden.start
        if watching {
            for h in 0..<n {
                let s = initialMonitored.start[h], c = initialCalm.start[h]
                for d in 0..<4 { state[h &* 4 &+ d] = s; calm[h &* 4 &+ d] = c }
            }
        }
        for (y, year) in columns.enumerated() {
            let monitorLine = monitoring.map { $0.thresholds[y] } ?? 0
            let stable = monitoring.map { $0.stableYears[y] } ?? 0
            let poorRecord = monitor.poorDraws.start + (recording ? y &* n : 0)
            let thresholdRecord = monitor.belowThresholdDraws.start + (recording ? y &* n : 0)
            let suddenRecord = monitor.suddenHardshipDraws.start + (recording ? y &* n : 0)
            let lineYuan = year.lineTimesPersons.start
            let model = year.model
            let slots = model.shockedSources.count
            let rowLength = townships * slots
            for d in 0..<4 {
                let row = UnsafeMutableBufferPointer(rebasing: multipliers.pointer[(d * rowLength)..<((d + 1) * rowLength)])
                model.multipliers(draw: firstDraw + d, generator: year.generator, into: row)
            }
            for i in 0..<(villages * 4) { villageCount[i] = 0 }
            var sums = [ProjectionDrawCounts](repeating: ProjectionDrawCounts(), count: 4)
            let yearColumns = year.income
            let baseMean = yearColumns.baseMean.start, baseVariance = yearColumns.baseVariance.start, baseSD = yearColumns.baseStandardDeviation.start
            let shockedMean = yearColumns.shockedMean.start, shockedVariance = yearColumns.shockedVariance.start
            let ruleLine = yearColumns.ruleLine.start
            let varianceMatters = model.shockedVarianceMatters
            let lossYuan = model.riskLossYuan, lossFraction = model.riskLossFraction
            let m = multipliers.start
            let generator = year.generator
            for h in 0..<n {
                let unit = UInt32(truncatingIfNeeded: h)
                let words = generator.block(unit, counter, incomeStream, 0)
                let mask = riskMask[h]
                // Risks in force this year, one bit a draw and risk: struck this year or in the
                // durationYears − 1 years before (each year's strike from that year's generator).
                var affected = (UInt8(0), UInt8(0), UInt8(0), UInt8(0))
                if mask != 0 {
                    for k in 0..<risks where mask & (1 << k) != 0 {
                        let threshold = riskThreshold[k]
                        let bit = UInt8(1) << UInt8(k)
                        for back in 0..<min(riskDuration[k], y + 1) {
                            let w = columns[y - back].generator.block(unit, counter, riskStream, UInt32(truncatingIfNeeded: k))
                            if UInt64(w[0]) < threshold { affected.0 |= bit }
                            if UInt64(w[1]) < threshold { affected.1 |= bit }
                            if UInt64(w[2]) < threshold { affected.2 |= bit }
                            if UInt64(w[3]) < threshold { affected.3 |= bit }
                        }
                    }
                }
                let t = Int(township[h])
                let p = Int(persons[h])
                let v = Int(village[h])
                for d in 0..<4 {
                    let z = RandomVariates.tableNormal(words[d], knots: knots)
                    var mean = baseMean[h]
                    var variance = baseVariance[h]
                    let row = m + (d &* rowLength)
                    for j in 0..<slots {
                        let multiplier = row[t &* slots &+ j]
                        mean += shockedMean[j &* n &+ h] * multiplier
                        variance += shockedVariance[j &* n &+ h] * (multiplier * multiplier)
                    }
                    var income = mean + (varianceMatters ? variance.squareRoot() : baseSD[h]) * z
                    var struck = false
                    if mask != 0 {
                        let hits: UInt8 = d == 0 ? affected.0 : d == 1 ? affected.1 : d == 2 ? affected.2 : affected.3
                        struck = hits != 0
                        var yuan = 0.0, fraction = 0.0
                        for k in 0..<risks where hits & (UInt8(1) << UInt8(k)) != 0 {
                            yuan += lossYuan[k]
                            fraction += lossFraction[k]
                        }
                        income -= yuan + fraction * (income > 0 ? income : 0)
                    }
                    let poorNow: UInt8 = income < ruleLine[h] ? 1 : 0
                    let index = h &* 4 &+ d
                    let before = poorState[index]
                    poorState[index] = poorNow
                    if h >= counted {
                        // A household classified only (see `ProjectionMonitoring.countedHouseholds`).
                    } else if poorNow != 0 {
                        sums[d].poorPersons &+= p
                        sums[d].poorHouseholds &+= 1
                        villageCount[v &* 4 &+ d] &+= Int64(p)
                        if before == 0 {
                            sums[d].returningPersons &+= p
                            sums[d].returningHouseholds &+= 1
                        }
                    } else if before != 0 {
                        sums[d].exitingPersons &+= p
                        sums[d].exitingHouseholds &+= 1
                    }
                    guard watching else { continue }
                    let thresholdYuan = monitorLine * Double(p)
                    if recording && d < live {
                        if poorNow != 0 { poorRecord[h] &+= 1 }
                        if income < thresholdYuan || ruleLine[h] == .infinity { thresholdRecord[h] &+= 1 }
                    }
                    var flags = state[index]
                    if before == 0 {
                        // Examined: not poor at the start of the year (see `ProjectionMonitoring`).
                        let atRisk = income < thresholdYuan || (y == 0 && firstYearRisk[h] != 0)
                        let startPerCapitaIncome = y == 0 ? startPerCapita[h] : previous[index] / Double(p)
                        let sudden = atRisk && startPerCapitaIncome >= monitorLine
                            && (income < lineYuan[h] || struck || (y == 0 && firstYearSudden[h] != 0))
                        var listed = false
                        if flags & 1 != 0 {
                            if atRisk { calm[index] = 0 } else if calm[index] < 255 { calm[index] &+= 1 }
                            if !atRisk && Int(calm[index]) >= stable && canWork[h] != 0 {
                                flags = (flags & ~1) | 2
                                sums[d].riskEliminated &+= 1
                            } else {
                                listed = true
                            }
                        } else if atRisk {
                            flags |= 1
                            calm[index] = 0
                            sums[d].identified &+= 1
                            listed = true
                        }
                        if listed {
                            sums[d].monitored &+= 1
                            if sudden {
                                sums[d].suddenHardship &+= 1
                                if recording && d < live { suddenRecord[h] &+= 1 }
                            } else if everRegistered[h] != 0 { sums[d].unstable &+= 1 } else { sums[d].marginal &+= 1 }
                        }
                    } else if flags & 1 != 0 {
                        calm[index] = 0
                    }
                    if flags & 2 != 0 { sums[d].riskEliminatedByYear &+= 1 }
                    state[index] = flags
                    previous[index] = income
                }
            }
            for d in 0..<live {
                var exits = 0
                for v in 0..<villages where year.villageCanExit[v] && exited[v &* 4 &+ d] == 0
                    && Double(villageCount[v &* 4 &+ d]) < year.villageExitLimit[v] {
                    exited[v &* 4 &+ d] = 1
                    exits += 1
                }
                sums[d].villagesExiting = exits
                sums[d].countyRule = Double(sums[d].poorPersons) < model.countyExitLimit
                counts.start[y &* options.draws &+ firstDraw &+ d] = sums[d]
            }
        }
    }

    /// The years' intervals and probabilities.
    func summary() -> ProjectionResult {
        let draws = options.draws
        let d = Double(draws)
        var firstExit = [Int](repeating: -1, count: draws)
        var results: [ProjectionYearResult] = []
        var cumulative = 0.0
        for (y, year) in years.enumerated() {
            let row = Array(counts.pointer[(y * draws)..<((y + 1) * draws)])
            func interval(_ key: (ProjectionDrawCounts) -> Int) -> Interval { Interval(row.map { Double(key($0)) }) }
            var inYear = 0, byYear = 0, met = 0
            let model = columns[y].model
            for (k, c) in row.enumerated() {
                if c.countyRule {
                    inYear += 1
                    if firstExit[k] < 0 { firstExit[k] = y }
                }
                if firstExit[k] >= 0 { byYear += 1 }
                if (year.personsExitTarget.map { c.exitingPersons >= $0 } ?? true)
                    && (year.villagesExitTarget.map { c.villagesExiting >= $0 } ?? true) { met += 1 }
            }
            cumulative += year.cost + year.relocationCost
            let hasTarget = year.personsExitTarget != nil || year.villagesExitTarget != nil
            results.append(ProjectionYearResult(
                year: year.year,
                poorPersons: interval(\.poorPersons), poorHouseholds: interval(\.poorHouseholds),
                incidence: Interval(row.map { Double($0.poorPersons) / model.countyAgriculturalPopulation }),
                exitingPersons: interval(\.exitingPersons), exitingHouseholds: interval(\.exitingHouseholds),
                returningPersons: interval(\.returningPersons), returningHouseholds: interval(\.returningHouseholds),
                villagesExiting: interval(\.villagesExiting),
                cost: year.cost, cumulativeCost: cumulative,
                countyExitInYear: Double(inYear) / d, countyExitByYear: Double(byYear) / d,
                personsExitTarget: year.personsExitTarget, villagesExitTarget: year.villagesExitTarget,
                targetProbability: hasTarget ? Double(met) / d : nil,
                monitoring: monitoring == nil ? nil : ProjectionMonitoringYear(
                    monitored: interval(\.monitored), unstable: interval(\.unstable), marginal: interval(\.marginal),
                    suddenHardship: interval(\.suddenHardship), identified: interval(\.identified),
                    riskEliminated: interval(\.riskEliminated), riskEliminatedByYear: interval(\.riskEliminatedByYear)),
                relocatedPersons: year.relocatedPersons, relocatedHouseholds: year.relocatedHouseholds,
                relocationCost: year.relocationCost,
                drawPoorPersons: row.map(\.poorPersons), drawCountyExitedByYear: firstExit.map { $0 >= 0 }))
        }
        var distribution = [Double](repeating: 0, count: years.count)
        var never = 0
        for f in firstExit { if f >= 0 { distribution[f] += 1 } else { never += 1 } }
        var householdDraws: ProjectionHouseholdDraws?
        if monitoring?.recordHouseholds == true {
            let n = households
            var poor = [[UInt32]](repeating: [UInt32](repeating: 0, count: n), count: years.count)
            var below = poor, sudden = poor
            for record in records {
                for y in 0..<years.count {
                    for h in 0..<n {
                        poor[y][h] &+= record.poor.start[y &* n &+ h]
                        below[y][h] &+= record.belowThreshold.start[y &* n &+ h]
                        sudden[y][h] &+= record.sudden.start[y &* n &+ h]
                    }
                }
            }
            householdDraws = ProjectionHouseholdDraws(poor: poor, belowThreshold: below, suddenHardship: sudden)
        }
        return ProjectionResult(scenario: years[0].scenario.name, draws: draws, seed: options.seed, households: counted,
                                years: results, exitYearProbability: distribution.map { $0 / d }, noExitProbability: Double(never) / d,
                                householdDraws: householdDraws)
    }
}

extension Projection {
    /// The deterministic income of every household in the year `input` and `scenario` describe
    /// (yuan a household): Σ_s income_s·(1 + growth_s) + plan income + transfer lever, without
    /// shocks, risks or noise — the draw-independent expected state the projection's plans are
    /// re-solved on each year.
    public static func expectedIncome(input: SimulationInput, scenario: Scenario) -> [Double] {
        PreparedModel(input: input, scenario: scenario, giniBinsPerLine: 32).projectedIncome
    }
}
