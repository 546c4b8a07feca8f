// Poverty and inequality measures on the households of a generated county (10⁶ by default;
// TUOPIN_BENCH_POVERTY_HOUSEHOLDS=n1,n2 for other sizes): per-capita incomes, person weights.
import BenchSupport
import Benchmark
import Foundation
import Planning
import Poverty

/// Per-capita incomes, household sizes and the poverty line of a generated county.
func distribution(households n: Int) throws -> (IncomeDistribution, line: Double) {
    let registry = syntheticCounty(households: n)
    let h = registry.households
    let incomes = (0..<h.count).map { h.perCapitaIncome($0) }
    let sizes = h.size.map { Int($0) }
    return (try IncomeDistribution(perCapitaIncomes: incomes, householdSizes: sizes), registry.county.povertyLine)
}

let benchmarks: @Sendable () -> Void = {
    let perSecond = BenchmarkMetric.itemsPerSecond("households")
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, perSecond],
        maxDuration: .seconds(5), maxIterations: 20)
    for n in environmentInts("TUOPIN_BENCH_POVERTY_HOUSEHOLDS", [1_000_000]) {
        Benchmark("Poverty profile (FGT, Watts, Sen, SST, Gini, Theil, MLD, Atkinson), \(sizeLabel(n)) households") { benchmark, input in
            try benchmark.measureThroughput(items: n, metric: perSecond) {
                blackHole(try PovertyProfile(input.0, line: input.line))
            }
        } setup: {
            try distribution(households: n)
        }
        Benchmark("FGT P0 P1 P2, \(sizeLabel(n)) households") { benchmark, input in
            try benchmark.measureThroughput(items: n, metric: perSecond) {
                blackHole(try input.0.headcount(line: input.line) + input.0.povertyGap(line: input.line)
                          + input.0.squaredPovertyGap(line: input.line))
            }
        } setup: {
            try distribution(households: n)
        }
        Benchmark("Gini (sort included), \(sizeLabel(n)) households") { benchmark, input in
            try benchmark.measureThroughput(items: n, metric: perSecond) {
                blackHole(try input.0.sortedByIncome().gini())
            }
        } setup: {
            try distribution(households: n)
        }
    }
}
