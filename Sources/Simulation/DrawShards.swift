import Foundation

/// What a run of some of a scenario's draws leaves for the summary: the outcome of each of its
/// draws and integer counts over them. Shards of draws of one run add up exactly (counts are
/// integers, outcomes are per draw, and the random numbers are keyed by seed, household and draw),
/// so the summary of merged shards is the same bits as the summary of the whole run.
public struct DrawTotals: Sendable, Equatable, Codable {
    /// The group of runs these totals belong to (a province's county, "county 3"; "" for a county
    /// folder) and their place among the group's runs (0, 1, … in the order they ran).
    public var group: String = ""
    public var sequence: Int = 0
    /// The scenario's name, the seed and the run's draws in all.
    public var scenario: String
    public var seed: UInt64
    public var draws: Int
    /// The first draw these totals hold (a multiple of 4) and the outcome of each, in draw order.
    public var firstDraw: Int
    public var perDraw: [DrawOutcome]
    /// Households and villages of the county.
    public var households: Int
    public var villages: Int
    /// A checksum (FNV-1a, hex) of what the draws depend on besides the seed: households' persons
    /// and projected incomes, the line, the villages' exit limits. Shards of different inputs do
    /// not merge.
    public var fingerprint: String
    /// Draws in which each household is poor, by household.
    public var householdPoorDraws: [UInt32]
    /// Σ over the draws of each village's poor persons, by village.
    public var villagePoorPersons: [Int64]
    /// Draws in which each village exits, by village.
    public var villageExitDraws: [Int]

    /// The draws these totals hold.
    public var drawRange: Range<Int> { firstDraw..<(firstDraw + perDraw.count) }

    /// The totals of the whole run from shards of it, in any order.
    /// - Throws: `DrawShardError` when the shards are of different runs or inputs, overlap, or
    ///   leave draws out.
    public static func merge(_ shards: [DrawTotals]) throws(DrawShardError) -> DrawTotals {
        guard let first = shards.first else { throw .missingDraws(0..<0) }
        let ordered = shards.sorted { $0.firstDraw < $1.firstDraw }
        var merged = DrawTotals(
            group: first.group, sequence: first.sequence, scenario: first.scenario, seed: first.seed, draws: first.draws, firstDraw: 0, perDraw: [],
            households: first.households, villages: first.villages, fingerprint: first.fingerprint,
            householdPoorDraws: Array(repeating: 0, count: first.households),
            villagePoorPersons: Array(repeating: 0, count: first.villages),
            villageExitDraws: Array(repeating: 0, count: first.villages))
        merged.perDraw.reserveCapacity(first.draws)
        for shard in ordered {
            if shard.group != first.group || shard.sequence != first.sequence || shard.scenario != first.scenario || shard.seed != first.seed || shard.draws != first.draws
                || shard.households != first.households || shard.villages != first.villages || shard.fingerprint != first.fingerprint {
                throw .differentRuns("scenario \(first.scenario), seed \(first.seed), \(first.draws) draws, input \(first.fingerprint) against scenario \(shard.scenario), seed \(shard.seed), \(shard.draws) draws, input \(shard.fingerprint)")
            }
            guard shard.householdPoorDraws.count == first.households, shard.villagePoorPersons.count == first.villages,
                  shard.villageExitDraws.count == first.villages else {
                throw .differentRuns("a shard's household or village counts do not match its header")
            }
            let next = merged.perDraw.count
            if shard.firstDraw > next { throw .missingDraws(next..<shard.firstDraw) }
            if shard.firstDraw < next { throw .overlap(shard.firstDraw..<min(next, shard.drawRange.upperBound)) }
            merged.perDraw.append(contentsOf: shard.perDraw)
            for h in 0..<first.households {
                let (sum, overflow) = merged.householdPoorDraws[h].addingReportingOverflow(shard.householdPoorDraws[h])
                if overflow { throw .differentRuns("household counts overflow") }
                merged.householdPoorDraws[h] = sum
            }
            for v in 0..<first.villages {
                merged.villagePoorPersons[v] += shard.villagePoorPersons[v]
                merged.villageExitDraws[v] += shard.villageExitDraws[v]
            }
        }
        if merged.perDraw.count < first.draws { throw .missingDraws(merged.perDraw.count..<first.draws) }
        if merged.perDraw.count > first.draws { throw .overlap(first.draws..<merged.perDraw.count) }
        return merged
    }

    /// The draws of shard `index` (0-based) of `count`: whole quadruples of draws (a Philox block
    /// serves four), as equal as they allow — quadruples ⌊k·Q/n⌋ ..< ⌊(k+1)·Q/n⌋ of Q = ⌈draws/4⌉,
    /// the last ending at `draws`. Shards beyond the quadruples are empty.
    public static func shard(_ index: Int, of count: Int, draws: Int) -> Range<Int> {
        let quads = (draws + 3) / 4
        let low = index * quads / count * 4, high = (index + 1) * quads / count * 4
        return min(low, draws)..<min(high, draws)
    }
}

/// Why shards of draws do not merge.
public enum DrawShardError: Error, Equatable, CustomStringConvertible {
    /// The shards come from runs with other scenarios, seeds, draws or inputs.
    case differentRuns(String)
    /// No shard holds these draws.
    case missingDraws(Range<Int>)
    /// Two shards hold these draws.
    case overlap(Range<Int>)
    /// A draw range that does not start at a multiple of 4 or leaves 0..<draws.
    case badRange(Range<Int>, draws: Int)

    public var description: String {
        switch self {
        case .differentRuns(let what): return "the parts are not shards of one run: \(what)"
        case .missingDraws(let r): return r.isEmpty ? "no part to merge" : "no part holds draws \(r.lowerBound)..\(r.upperBound)"
        case .overlap(let r): return "draws \(r.lowerBound)..\(r.upperBound) are in two parts"
        case .badRange(let r, let draws): return "draws \(r.lowerBound)..\(r.upperBound) are not a shard of 0..\(draws): a shard starts at a multiple of 4, is not empty and ends by \(draws)"
        }
    }
}

/// Where a simulation's draws come from, for runs split across processes or machines.
///
/// - `.shard(range)`: simulate only the draws in `range` and hand their totals to `record`; the
///   returned `SimulationResult` then summarises those draws only (the caller keeps the totals,
///   not the result).
/// - `.merged`: simulate nothing; take the totals of each run, in the order the runs ask, from
///   `next` (shards merged by `DrawTotals.merge`), checked against the run's scenario, seed,
///   draws and input.
///
/// Runs of a study ask in scenario order, so a study's totals come and go in that order.
public final class DrawSource: @unchecked Sendable, Equatable {
    /// Sources are equal when they are the same object.
    public static func == (a: DrawSource, b: DrawSource) -> Bool { a === b }

    public enum Mode: Sendable, Equatable {
        case shard(Range<Int>)
        case merged
    }
    public let mode: Mode
    private let lock = NSLock()
    private var recorded: [DrawTotals] = []
    private var pending: [String: [DrawTotals]] = [:]
    private var group = ""
    private var sequenceInGroup: [String: Int] = [:]
    /// The same for multi-year projections (`ProjectionTotals`), a queue of their own.
    private var recordedProjections: [ProjectionTotals] = []
    private var pendingProjections: [String: [ProjectionTotals]] = [:]
    private var projectionSequenceInGroup: [String: Int] = [:]

    /// Simulate only `draws` of every run and keep their totals.
    public init(shard draws: Range<Int>) {
        mode = .shard(draws)
    }

    /// Take every run's draws from `totals`, one whole run each: a group's runs in their sequence.
    /// Projections (`--through`) take theirs from `projections` likewise.
    public init(merged totals: [DrawTotals], projections: [ProjectionTotals] = []) {
        mode = .merged
        for t in totals.sorted(by: { $0.sequence < $1.sequence }) { pending[t.group, default: []].append(t) }
        for p in projections.sorted(by: { $0.sequence < $1.sequence }) { pendingProjections[p.group, default: []].append(p) }
    }

    /// The runs that follow belong to `group` (a province's county); their sequence starts at 0.
    public func beginGroup(_ name: String) {
        lock.lock(); group = name; lock.unlock()
    }

    /// The totals recorded so far, in the order the runs ended.
    public var recordedTotals: [DrawTotals] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    /// The projections' totals recorded so far, in the order the projections ended.
    public var recordedProjectionTotals: [ProjectionTotals] {
        lock.lock(); defer { lock.unlock() }
        return recordedProjections
    }

    func recordProjection(_ totals: ProjectionTotals) {
        lock.lock()
        var t = totals
        t.group = group
        t.sequence = projectionSequenceInGroup[group, default: 0]
        projectionSequenceInGroup[group] = t.sequence + 1
        recordedProjections.append(t)
        lock.unlock()
    }

    func nextProjection() -> ProjectionTotals? {
        lock.lock(); defer { lock.unlock() }
        guard var list = pendingProjections[group], !list.isEmpty else { return nil }
        let first = list.removeFirst()
        pendingProjections[group] = list
        return first
    }

    /// The groups the merged totals hold.
    public var mergedGroups: Set<String> {
        lock.lock(); defer { lock.unlock() }
        return Set(pending.keys)
    }

    func record(_ totals: DrawTotals) {
        lock.lock()
        var t = totals
        t.group = group
        t.sequence = sequenceInGroup[group, default: 0]
        sequenceInGroup[group] = t.sequence + 1
        recorded.append(t)
        lock.unlock()
    }

    func next() -> DrawTotals? {
        lock.lock(); defer { lock.unlock() }
        guard var list = pending[group], !list.isEmpty else { return nil }
        let first = list.removeFirst()
        pending[group] = list
        return first
    }
}

extension PreparedModel {
    /// FNV-1a (64 bits, hex) over what the draws depend on besides the seed: the sizes and line,
    /// each household's mean, variance, plan income, persons, village, township, flags and risks,
    /// the risks' thresholds and losses, and the villages' and county's exit limits.
    var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            var w = word
            for _ in 0..<8 {
                hash ^= w & 0xFF
                hash = hash &* 0x0000_0100_0000_01B3
                w >>= 8
            }
        }
        func mix(_ values: [Double]) { mix(UInt64(values.count)); for v in values { mix(v.bitPattern) } }
        mix(UInt64(households)); mix(UInt64(villages)); mix(UInt64(townships)); mix(line.bitPattern)
        mix(baseMean); mix(baseVariance); mix(planIncome); mix(projectedIncome)
        for column in shockedMean { mix(column) }
        for column in shockedVariance { mix(column) }
        for h in 0..<households {
            mix(UInt64(UInt32(bitPattern: persons[h])) | UInt64(UInt32(bitPattern: village[h])) << 32)
            mix(UInt64(UInt32(bitPattern: township[h])) | UInt64(flags[h]) << 32 | UInt64(riskMask[h]) << 40)
        }
        for t in riskThreshold { mix(t) }
        mix(riskLossFraction); mix(riskLossYuan)
        mix(villageExitLimit); mix(villageCanExit.map { $0 ? 1 : 0 }); mix(countyExitLimit.bitPattern)
        mix(countyAgriculturalPopulation.bitPattern)
        return String(hash, radix: 16)
    }
}
