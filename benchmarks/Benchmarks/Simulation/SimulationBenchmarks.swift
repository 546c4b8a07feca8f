// The Monte-Carlo simulation of next year on generated counties, Dai's baseline scenario, even
// spreading of the funds, all cores. Sizes are households:draws pairs from TUOPIN_BENCH_SIM
// (default 100000:1000,1000000:1000, the sizes of issue 10; 10⁶ × 1,000 is 10⁹ household-draws,
// about 6.5 s an iteration on two cores). The figure to compare across sizes is household-draws/s.
// Setup (generation, income model, even plan; no allocation solve) is not timed.
import BenchSupport
import Benchmark
import Foundation
import Planning
import Simulation

struct Prepared {
    var input: SimulationInput
    var scenario: Scenario
}

func prepare(households n: Int) throws -> Prepared {
    let study = try CountyStudy(registry: syntheticCounty(households: n), optimise: false)
    let scenario = try Scenario.load(path: daiFolder + "/scenarios/baseline.toml")
    return Prepared(input: study.input(plan: study.evenPlan), scenario: scenario)
}

func sizes() -> [(households: Int, draws: Int)] {
    let text = ProcessInfo.processInfo.environment["TUOPIN_BENCH_SIM"] ?? "100000:1000,1000000:1000"
    let pairs = text.split(separator: ",").compactMap { pair -> (Int, Int)? in
        let parts = pair.split(separator: ":").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
    return pairs.isEmpty ? [(100_000, 1_000), (1_000_000, 1_000)] : pairs
}

let benchmarks: @Sendable () -> Void = {
    let perSecond = BenchmarkMetric.itemsPerSecond("household-draws")
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, perSecond],
        maxDuration: .seconds(10), maxIterations: 5)
    let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    for (n, draws) in sizes() {
        Benchmark("Simulation, \(sizeLabel(n)) households × \(draws) draws, \(threads) threads") { benchmark, prepared in
            let options = SimulationOptions(draws: draws, threads: threads)
            try benchmark.measureThroughput(items: n * draws, metric: perSecond) {
                blackHole(try Simulation.run(input: prepared.input, scenario: prepared.scenario, options: options))
            }
        } setup: {
            try prepare(households: n)
        }
    }
}
