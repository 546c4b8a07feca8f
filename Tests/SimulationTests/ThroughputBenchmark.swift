import Foundation
import TestSupport
import Testing
@testable import Simulation

/// A synthetic county of `households` households in villages of ~50 households, 11 townships.
func syntheticCounty(households count: Int, seed: UInt64 = 2019) -> SimulationInput {
    var rng = TestRandom(state: seed)
    let villageCount = max(1, count / 50)
    let tiers = [1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3]
    var persons = [Int](repeating: 0, count: count), village = persons, township = persons
    var category = [HouseholdCategory](repeating: .meetsStandard, count: count)
    var cause = [PovertyCause](repeating: .other, count: count)
    var income = [[Double]](repeating: [Double](repeating: 0, count: count), count: IncomeSource.allCases.count)
    var guarantees = [Bool](repeating: true, count: count), registered = guarantees
    var plan = [Double](repeating: 0, count: count)
    for i in 0..<count {
        let n = rng.int(1...6)
        let perPerson = 1500 + 5000 * rng.uniform()
        persons[i] = n
        village[i] = i * villageCount / count
        township[i] = village[i] % tiers.count
        category[i] = i % 11 == 0 ? .safetyNet : .meetsStandard
        cause[i] = PovertyCause.allCases[i % PovertyCause.allCases.count]
        income[IncomeSource.planting.rawValue][i] = 0.35 * perPerson * Double(n)
        income[IncomeSource.migrant.rawValue][i] = rng.uniform() < 0.6 ? 0.5 * perPerson * Double(n) : 0
        income[IncomeSource.breeding.rawValue][i] = 0.15 * perPerson * Double(n)
        if i % 7 == 0 { income[IncomeSource.pvDividend.rawValue][i] = 3000 }
        if i % 11 == 0 { income[IncomeSource.transfers.rawValue][i] = 1200 * Double(n) }
        guarantees[i] = rng.uniform() < 0.95
        registered[i] = rng.uniform() < 0.6
        plan[i] = i % 3 == 0 ? 800 : 0
    }
    let villages = VillageArrays(
        agriculturalPopulation: (0..<villageCount).map { _ in 400 }, township: (0..<villageCount).map { $0 % tiers.count },
        poorVillage: (0..<villageCount).map { $0 % 3 != 0 }, infrastructureOK: (0..<villageCount).map { $0 % 7 != 0 })
    return SimulationInput(
        households: HouseholdArrays(persons: persons, village: village, township: township, category: category, cause: cause,
                                    incomeBySource: income, guaranteesMet: guarantees, registeredPoor: registered, planIncome: plan),
        villages: villages,
        county: CountyFacts(povertyLine: 4000, exitThreshold: 0.02, agriculturalPopulation: villageCount * 400, townshipTier: tiers),
        residualSpread: ResidualSpread(total: 500), planCost: 1e8)
}

/// Throughput of the engine on a synthetic county. Skipped unless TUOPIN_BENCH is set; run in
/// release: `swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path .build-release`
/// then `TUOPIN_BENCH=1 swift test -c release --skip-build --scratch-path .build-release --filter throughput`.
/// TUOPIN_BENCH_HOUSEHOLDS and TUOPIN_BENCH_DRAWS change the size (default 10⁶ × 1000),
/// TUOPIN_BENCH_THREADS the thread counts (default "1,2"), TUOPIN_BENCH_SCENARIO picks one,
/// TUOPIN_BENCH_BATCH sets drawsPerBatch.
@Test(.enabled(if: ProcessInfo.processInfo.environment["TUOPIN_BENCH"] != nil))
func throughput() throws {
    let env = ProcessInfo.processInfo.environment
    let households = Int(env["TUOPIN_BENCH_HOUSEHOLDS"] ?? "") ?? 1_000_000
    let draws = Int(env["TUOPIN_BENCH_DRAWS"] ?? "") ?? 1000
    let threadCounts = (env["TUOPIN_BENCH_THREADS"] ?? "1,2").split(separator: ",").compactMap { Int($0) }
    let only = env["TUOPIN_BENCH_SCENARIO"]
    let batch = Int(env["TUOPIN_BENCH_BATCH"] ?? "") ?? SimulationOptions().drawsPerBatch
    let input = syntheticCounty(households: households)
    for scenario in [Scenario(name: "baseline-like"), busyScenario()] where only == nil || only == scenario.name {
        var s = scenario
        if s.name != "busy" {
            s[.planting] = SourceAssumption(growth: 0.04, spread: 0.25)
            s[.migrant] = SourceAssumption(growth: 0.06, spread: 0.3)
            s[.breeding] = SourceAssumption(growth: 0.02, spread: 0.2)
        }
        var previous: SimulationResult? = nil
        for threads in threadCounts {
            let start = Date()
            let cpuStart = processCPUSeconds()
            let result = try Simulation.run(input: input, scenario: s, options: SimulationOptions(draws: draws, seed: 1, threads: threads, drawsPerBatch: batch))
            let seconds = Date().timeIntervalSince(start)
            let cpu = processCPUSeconds() - cpuStart
            let work = Double(households) * Double(draws)
            // Other processes share the two cores: the CPU-time rate is what one core gives.
            print("throughput \(s.name): \(households) households × \(draws) draws, \(threads) thread(s): "
                  + "\(String(format: "%.2f", seconds)) s wall, \(String(format: "%.3g", work / seconds)) household-draws/s; "
                  + "\(String(format: "%.2f", cpu)) s CPU, \(String(format: "%.3g", work / cpu)) household-draws per CPU-second; "
                  + "poor persons \(result.poorPersons.mean)")
            if let previous { #expect(previous == result) }
            previous = result
        }
    }
}

/// CPU time of the whole process (all threads), seconds.
func processCPUSeconds() -> Double {
    var usage = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &usage)
    return Double(usage.tv_sec) + Double(usage.tv_nsec) * 1e-9
}

/// Cost of the parts: Philox blocks and four-lane normals per CPU-second (TUOPIN_BENCH set).
@Test(.enabled(if: ProcessInfo.processInfo.environment["TUOPIN_BENCH"] != nil))
func partsThroughput() {
    let g = Philox4x32(seed: 1)
    let calls = 20_000_000
    var start = processCPUSeconds()
    var sink = SIMD4<UInt32>.zero
    for i in 0..<calls { sink &+= g.block(UInt32(truncatingIfNeeded: i), 7, 1, 0) }
    let philox = processCPUSeconds() - start
    start = processCPUSeconds()
    var total = SIMD4<Double>.zero
    for i in 0..<calls {
        let w = UInt32(truncatingIfNeeded: i &* 2_654_435_761)
        total += RandomVariates.standardNormals(SIMD4(w, w &+ 1_000_003, w &+ 2_000_003, w &+ 3_000_017))
    }
    let normals = processCPUSeconds() - start
    print("parts: \(String(format: "%.3g", Double(calls) / philox)) Philox blocks per CPU-second, "
          + "\(String(format: "%.3g", 4 * Double(calls) / normals)) normals per CPU-second (checksums \(sink[0]), \(total.sum()))")
}
