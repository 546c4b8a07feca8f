import Foundation
import Testing
@testable import Simulation

/// Draws split into shards and merged: the second method against the single run of all draws.
@Suite("Draw shards")
struct DrawShardTests {
    @Test("shards of any split, merged in any order, give the whole run's result bit for bit")
    func mergedShardsEqualTheWholeRun() throws {
        let input = randomCounty(households: 300, withPlan: true)
        let scenario = busyScenario()
        let whole = try Simulation.run(input: input, scenario: scenario, options: SimulationOptions(draws: 50, seed: 99, threads: 2))
        for split in [[0..<8, 8..<20, 20..<50], [0..<48, 48..<50], [0..<4, 4..<8, 8..<12, 12..<50]] {
            var parts: [DrawTotals] = []
            for (k, range) in split.enumerated() {
                let source = DrawSource(shard: range)
                var options = SimulationOptions(draws: 50, seed: 99, threads: 1 + k % 2)
                options.drawSource = source
                let partial = try Simulation.run(input: input, scenario: scenario, options: options)
                let totals = try #require(source.recordedTotals.first)
                #expect(totals.drawRange == range)
                #expect(partial.perDraw == Array(whole.perDraw[range]))
                parts.append(totals)
            }
            let merged = try DrawTotals.merge(parts.reversed())
            var options = SimulationOptions(draws: 50, seed: 99, threads: 2)
            options.drawSource = DrawSource(merged: [merged])
            let again = try Simulation.run(input: input, scenario: scenario, options: options)
            #expect(again == whole, "split \(split)")
        }
    }

    @Test("shards that overlap, leave draws out, or come from another seed or input do not merge")
    func badShardsAreRefused() throws {
        let input = randomCounty(households: 120, withPlan: false)
        let scenario = busyScenario()
        func shard(_ range: Range<Int>, seed: UInt64 = 5, input: SimulationInput) throws -> DrawTotals {
            let source = DrawSource(shard: range)
            var options = SimulationOptions(draws: 24, seed: seed)
            options.drawSource = source
            _ = try Simulation.run(input: input, scenario: scenario, options: options)
            return try #require(source.recordedTotals.first)
        }
        let a = try shard(0..<12, input: input), b = try shard(12..<24, input: input)
        #expect(throws: DrawShardError.missingDraws(12..<24)) { try DrawTotals.merge([a]) }
        #expect(throws: DrawShardError.overlap(8..<12)) { try DrawTotals.merge([a, b, try shard(8..<12, input: input)]) }
        #expect { try DrawTotals.merge([a, try shard(12..<24, seed: 6, input: input)]) } throws: { error in
            if case DrawShardError.differentRuns = error { return true } else { return false }
        }
        var other = input
        other.households.incomeBySource[0][0] += 100
        #expect { try DrawTotals.merge([a, try shard(12..<24, input: other)]) } throws: { error in
            if case DrawShardError.differentRuns = error { return true } else { return false }
        }
        // A shard must start at a multiple of 4.
        #expect(throws: SimulationInputError.self) { _ = try shard(2..<12, input: input) }
        // The merged totals are checked against the run that takes them.
        let merged = try DrawTotals.merge([b, a])
        var options = SimulationOptions(draws: 24, seed: 5)
        options.drawSource = DrawSource(merged: [merged])
        #expect(throws: SimulationInputError.self) { _ = try Simulation.run(input: other, scenario: scenario, options: options) }
    }

    @Test("shard k of n: whole quadruples, as equal as they allow, covering every draw once")
    func shardRanges() {
        for draws in [1, 4, 5, 50, 499, 500, 1001] {
            for n in 1...7 {
                let ranges = (0..<n).map { DrawTotals.shard($0, of: n, draws: draws) }
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == draws)
                for (r, s) in zip(ranges, ranges.dropFirst()) { #expect(r.upperBound == s.lowerBound) }
                for r in ranges { #expect(r.lowerBound % 4 == 0) }
                let sizes = ranges.filter { $0.upperBound < draws }.map { ($0.count + 3) / 4 }
                if let high = sizes.max(), let low = sizes.min() { #expect(high - low <= 1) }
            }
        }
    }
}
