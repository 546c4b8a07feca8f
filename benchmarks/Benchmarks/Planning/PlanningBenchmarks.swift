// The planning models and the main job:
// - fund allocation (model built and solved) on the Dai sample and on generated counties; the
//   generated sizes are TUOPIN_BENCH_ALLOCATION_HOUSEHOLDS (default 10⁵ and 10⁶ households; the
//   10⁶ model has ≈ 7·10⁵ columns and 1.3·10⁵ rows, solved on the sparse normal equations);
// - resettlement (branch and bound) on the Dai sample;
// - the plan pipeline on the Dai sample in-process (load, income model, every scenario of
//   scenarios/ simulated with the CLI's default 500 draws), and `tuopin plan` as a process when
//   the release binary exists (TUOPIN_BIN, default ../.build/release/tuopin).
import BenchSupport
import Benchmark
import Foundation
import Optimization
import Planning
import Simulation

func allocate(_ registry: CountyRegistry) throws -> FundAllocationResult {
    let options = FundAllocationOptions()
    let model = try FundAllocationModel(registry: registry, options: options)
    let result = FundAllocation.solve(model, registry: registry, options: options)
    guard result.status == .optimal else { throw BenchmarkFailure("allocation: \(result.status.rawValue)") }
    return result
}

func resettle(_ registry: CountyRegistry) throws -> ResettlementResult {
    let options = ResettlementOptions()
    let model = try ResettlementModel(registry: registry, options: options)
    let result = Resettlement.solve(model, registry: registry, options: options)
    guard result.status == .optimal else { throw BenchmarkFailure("resettlement: \(result.status.rawValue)") }
    return result
}

/// What `tuopin plan DIR` computes, without printing: load and validate the folder, fit the income
/// model, build the plans and simulate every scenario with the same seed.
func planPipeline(_ folder: String, draws: Int) throws -> [SimulationResult] {
    let registry = try CountyFolder.load(folder)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/scenarios")
        .filter { $0.hasSuffix(".toml") }.sorted { ($0 == "baseline.toml" ? 0 : 1, $0) < ($1 == "baseline.toml" ? 0 : 1, $1) }
    let study = try CountyStudy(registry: registry)
    let options = SimulationOptions(draws: draws, threads: max(1, ProcessInfo.processInfo.activeProcessorCount))
    return try files.map { file in
        let path = folder + "/scenarios/" + file
        return try study.simulate(try Scenario.load(path: path), scenarioPath: path, options: options).result
    }
}

var tuopinBinary: String {
    ProcessInfo.processInfo.environment["TUOPIN_BIN"] ?? repositoryRoot + "/.build/release/tuopin"
}

func runTuopin(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tuopinBinary)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchmarkFailure("tuopin \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
}

let benchmarks: @Sendable () -> Void = {
    let households = BenchmarkMetric.itemsPerSecond("households")
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, households],
        maxDuration: .seconds(5), maxIterations: 20)

    Benchmark("Allocation, Dai sample (21,471 households)") { benchmark, registry in
        try benchmark.measureThroughput(items: registry.households.count, metric: households) { blackHole(try allocate(registry)) }
    } setup: {
        try CountyFolder.load(daiFolder)
    }
    for n in environmentInts("TUOPIN_BENCH_ALLOCATION_HOUSEHOLDS", [100_000, 1_000_000]) {
        Benchmark("Allocation, generated county of \(sizeLabel(n)) households",
                  configuration: .init(maxDuration: .seconds(10), maxIterations: 5)) { benchmark, registry in
            try benchmark.measureThroughput(items: registry.households.count, metric: households) { blackHole(try allocate(registry)) }
        } setup: {
            syntheticCounty(households: n)
        }
    }
    Benchmark("Resettlement, Dai sample (4,100 relocation rows)") { benchmark, registry in
        try benchmark.measureThroughput(items: registry.households.count, metric: households) { blackHole(try resettle(registry)) }
    } setup: {
        try CountyFolder.load(daiFolder)
    }
    let draws = environmentInt("TUOPIN_BENCH_PLAN_DRAWS", 500)
    Benchmark("Plan pipeline in-process, Dai sample, 5 scenarios × \(draws) draws",
              configuration: .init(maxDuration: .seconds(10), maxIterations: 10)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try planPipeline(daiFolder, draws: draws)) }
    }
    if FileManager.default.isExecutableFile(atPath: tuopinBinary) {
        // A child process: ordo-one's malloc counts see only this process, so wall time is the figure.
        Benchmark("tuopin plan notebooks-data/daixian (process, wall time)",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 10)) { benchmark in
            for _ in benchmark.scaledIterations { try runTuopin(["plan", daiFolder, "--format", "json"]) }
        }
    }
}
