import Foundation

/// What a run of some of a projection's draws leaves for the summary: every count of each of its
/// draws in every year (integers), so that shards of one projection merge to the same bits as the
/// whole run — the 5 % and 95 % quantiles and the exit-year distribution need every draw's values,
/// and these are what the summary reads (`Projection.run`).
///
/// In a shard file (`tuopin plan|compare|simulate --through … --shard K/N`) each scenario's
/// projection is one value, under `projections`, beside the one-year `totals`.
public struct ProjectionTotals: Sendable, Equatable, Codable {
    /// As in `DrawTotals`: the group of runs (a province's county; "" for a county folder) and the
    /// place of this projection among the group's projections (0, 1, … in the order they ran).
    public var group: String = ""
    public var sequence: Int = 0
    public var scenario: String
    public var seed: UInt64
    /// The run's draws in all, and the first draw these totals hold (a multiple of 4).
    public var draws: Int
    public var firstDraw: Int
    /// The projected calendar years, in order.
    public var years: [Int]
    public var households: Int
    public var villages: Int
    /// FNV-1a (hex) over every year's input fingerprint (`DrawTotals.fingerprint`'s): parts of
    /// projections of other inputs, plans or years do not merge.
    public var fingerprint: String
    /// One entry a year: the counts of each draw held, in draw order.
    public var counts: [YearCounts]

    /// One year's counts, one value a draw (draws `firstDraw ..< firstDraw + count`).
    public struct YearCounts: Sendable, Equatable, Codable {
        public var poorPersons: [Int]
        public var poorHouseholds: [Int]
        public var exitingPersons: [Int]
        public var exitingHouseholds: [Int]
        public var returningPersons: [Int]
        public var returningHouseholds: [Int]
        public var villagesExiting: [Int]
        /// The county's rule (incidence below the threshold) held in the draw.
        public var countyRule: [Bool]
        /// The monitoring's households (zero without a monitoring rule): on the list, by class,
        /// identified this year, risk eliminated this year and by this year.
        public var monitored: [Int] = []
        public var unstable: [Int] = []
        public var marginal: [Int] = []
        public var suddenHardship: [Int] = []
        public var identified: [Int] = []
        public var riskEliminated: [Int] = []
        public var riskEliminatedByYear: [Int] = []

        var count: Int { poorPersons.count }

        var isConsistent: Bool {
            let n = poorPersons.count
            return [poorHouseholds.count, exitingPersons.count, exitingHouseholds.count, returningPersons.count,
                    returningHouseholds.count, villagesExiting.count, countyRule.count,
                    monitored.count, unstable.count, marginal.count, suddenHardship.count, identified.count,
                    riskEliminated.count, riskEliminatedByYear.count].allSatisfy { $0 == n }
        }

        mutating func append(_ other: YearCounts) {
            poorPersons += other.poorPersons; poorHouseholds += other.poorHouseholds
            exitingPersons += other.exitingPersons; exitingHouseholds += other.exitingHouseholds
            returningPersons += other.returningPersons; returningHouseholds += other.returningHouseholds
            villagesExiting += other.villagesExiting; countyRule += other.countyRule
            monitored += other.monitored; unstable += other.unstable; marginal += other.marginal
            suddenHardship += other.suddenHardship; identified += other.identified
            riskEliminated += other.riskEliminated; riskEliminatedByYear += other.riskEliminatedByYear
        }

        static let empty = YearCounts(poorPersons: [], poorHouseholds: [], exitingPersons: [], exitingHouseholds: [],
                                      returningPersons: [], returningHouseholds: [], villagesExiting: [], countyRule: [])
    }

    /// The draws these totals hold.
    public var drawRange: Range<Int> { firstDraw..<(firstDraw + (counts.first?.count ?? 0)) }

    /// The totals of the whole projection from shards of it, in any order.
    /// - Throws: `DrawShardError` when the shards are of different projections or inputs, overlap,
    ///   or leave draws out.
    public static func merge(_ shards: [ProjectionTotals]) throws(DrawShardError) -> ProjectionTotals {
        guard let first = shards.first else { throw .missingDraws(0..<0) }
        var merged = first
        merged.firstDraw = 0
        merged.counts = Array(repeating: .empty, count: first.years.count)
        for shard in shards.sorted(by: { $0.firstDraw < $1.firstDraw }) {
            if shard.group != first.group || shard.sequence != first.sequence || shard.scenario != first.scenario
                || shard.seed != first.seed || shard.draws != first.draws || shard.years != first.years
                || shard.households != first.households || shard.villages != first.villages || shard.fingerprint != first.fingerprint {
                throw .differentRuns("projection of scenario \(first.scenario), seed \(first.seed), \(first.draws) draws, years \(first.years.first ?? 0)–\(first.years.last ?? 0), input \(first.fingerprint) against scenario \(shard.scenario), seed \(shard.seed), \(shard.draws) draws, years \(shard.years.first ?? 0)–\(shard.years.last ?? 0), input \(shard.fingerprint)")
            }
            guard shard.counts.count == first.years.count, shard.counts.allSatisfy({ $0.isConsistent && $0.count == shard.counts[0].count }) else {
                throw .differentRuns("a projection shard's counts do not match its years")
            }
            let next = merged.counts[0].count
            if shard.firstDraw > next { throw .missingDraws(next..<shard.firstDraw) }
            if shard.firstDraw < next { throw .overlap(shard.firstDraw..<min(next, shard.drawRange.upperBound)) }
            for y in merged.counts.indices { merged.counts[y].append(shard.counts[y]) }
        }
        let held = merged.counts[0].count
        if held < first.draws { throw .missingDraws(held..<first.draws) }
        if held > first.draws { throw .overlap(first.draws..<held) }
        return merged
    }
}

extension Projection {
    /// Runs the draws of a projection whose years and options are checked: all of them here, a
    /// shard's (`options.drawSource` in `.shard` mode: the counts of its draws go to the source and
    /// the result returned summarises only them — the caller keeps the totals, not the result), or
    /// none (`.merged`: the counts of every draw come from the merged parts, checked against this
    /// projection's scenario, seed, draws, years and input).
    static func runDraws(years: [ProjectionYear], options: SimulationOptions,
                         monitoring: ProjectionMonitoring?) throws(SimulationInputError) -> ProjectionResult {
        switch options.drawSource?.mode {
        case nil:
            let run = ProjectionRun(years: years, options: options, monitoring: monitoring)
            run.simulate()
            return run.summary()
        case .shard(let range):
            guard !range.isEmpty, range.lowerBound >= 0, range.lowerBound % 4 == 0, range.upperBound <= options.draws else {
                throw .invalidOption(name: "draws", message: DrawShardError.badRange(range, draws: options.draws).description)
            }
            let run = ProjectionRun(years: years, options: options, monitoring: monitoring, drawRange: range)
            run.simulate()
            options.drawSource?.recordProjection(run.totals())
            return run.summary()
        case .merged:
            let run = ProjectionRun(years: years, options: options, monitoring: monitoring, drawRange: 0..<0)
            let scenario = years[0].scenario.name
            guard let merged = options.drawSource?.nextProjection() else {
                throw .invalidOption(name: "draws", message: "the merged parts hold no projection draws for scenario \(scenario) (parts of a run without --through?)")
            }
            let expected = run.totals()
            guard merged.scenario == scenario, merged.seed == options.seed, merged.draws == options.draws, merged.years == expected.years,
                  merged.households == run.households, merged.villages == run.villages, merged.fingerprint == expected.fingerprint,
                  merged.drawRange == 0..<options.draws, merged.counts.count == years.count else {
                throw .invalidOption(name: "draws", message: "the merged parts are of another projection than scenario \(scenario), seed \(options.seed), \(options.draws) draws, years \(expected.years.first ?? 0)–\(expected.years.last ?? 0) on this input (parts: scenario \(merged.scenario), seed \(merged.seed), \(merged.draws) draws, input \(merged.fingerprint), here \(expected.fingerprint))")
            }
            run.load(merged)
            return run.summary()
        }
    }
}

extension ProjectionRun {
    /// Simulates the run's draws on `options.threads` workers.
    func simulate() {
        let quads = (drawRange.upperBound + 3) / 4 - drawRange.lowerBound / 4
        let workers = max(1, min(options.threads, quads))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in work() }
    }

    /// FNV-1a (hex) over the years and every year's prepared input.
    var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (year, column) in zip(years, columns) {
            for byte in "\(year.year):\(column.model.fingerprint);".utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }

    /// The counts of the run's draws (`drawRange`), every year.
    func totals() -> ProjectionTotals {
        let draws = options.draws
        let counts = years.indices.map { y -> ProjectionTotals.YearCounts in
            let row = Array(self.counts.pointer[(y * draws + drawRange.lowerBound)..<(y * draws + drawRange.upperBound)])
            return ProjectionTotals.YearCounts(
                poorPersons: row.map(\.poorPersons), poorHouseholds: row.map(\.poorHouseholds),
                exitingPersons: row.map(\.exitingPersons), exitingHouseholds: row.map(\.exitingHouseholds),
                returningPersons: row.map(\.returningPersons), returningHouseholds: row.map(\.returningHouseholds),
                villagesExiting: row.map(\.villagesExiting), countyRule: row.map(\.countyRule),
                monitored: row.map(\.monitored), unstable: row.map(\.unstable), marginal: row.map(\.marginal),
                suddenHardship: row.map(\.suddenHardship), identified: row.map(\.identified),
                riskEliminated: row.map(\.riskEliminated), riskEliminatedByYear: row.map(\.riskEliminatedByYear))
        }
        return ProjectionTotals(scenario: years[0].scenario.name, seed: options.seed, draws: draws, firstDraw: drawRange.lowerBound,
                                years: years.map(\.year), households: households, villages: villages, fingerprint: fingerprint,
                                counts: counts)
    }

    /// Takes every draw's counts from merged totals of the whole run (checked by the caller).
    func load(_ merged: ProjectionTotals) {
        let draws = options.draws
        for (y, year) in merged.counts.enumerated() {
            for d in 0..<draws {
                counts.start[y &* draws &+ d] = ProjectionDrawCounts(
                    poorPersons: year.poorPersons[d], poorHouseholds: year.poorHouseholds[d],
                    exitingPersons: year.exitingPersons[d], exitingHouseholds: year.exitingHouseholds[d],
                    returningPersons: year.returningPersons[d], returningHouseholds: year.returningHouseholds[d],
                    villagesExiting: year.villagesExiting[d], countyRule: year.countyRule[d],
                    monitored: year.monitored[d], unstable: year.unstable[d], marginal: year.marginal[d],
                    suddenHardship: year.suddenHardship[d], identified: year.identified[d],
                    riskEliminated: year.riskEliminated[d], riskEliminatedByYear: year.riskEliminatedByYear[d])
            }
        }
    }
}
