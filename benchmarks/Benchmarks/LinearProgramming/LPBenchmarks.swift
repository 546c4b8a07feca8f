// The interior-point LP solver on netlib models and branch and bound on MIPLIB p0033, from
// ../shared/reference. A representative few by default (the smallest, two middling, the largest);
// TUOPIN_BENCH_NETLIB=afiro,blend,… picks others. Reading the MPS file is not timed.
import BenchSupport
import Benchmark
import Foundation
import Optimization

func model(_ relativePath: String) throws -> LinearModel {
    try MPSReader.read(path: referenceFolder + "/" + relativePath)
}

func solved(_ name: String, _ model: LinearModel) throws -> Solution {
    let solution = LPSolver.solve(model)
    guard solution.status == .optimal else { throw BenchmarkFailure("\(name): \(solution.status.rawValue), not optimal") }
    return solution
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(3), maxIterations: 100)
    for name in environmentNames("TUOPIN_BENCH_NETLIB", ["afiro", "adlittle", "share2b", "25fv47"]) {
        Benchmark("LP netlib \(name)") { benchmark, lp in
            for _ in benchmark.scaledIterations { blackHole(try solved(name, lp)) }
        } setup: {
            try model("netlib/\(name).mps")
        }
    }
    Benchmark("MIP MIPLIB p0033 (branch and bound)", configuration: .init(maxDuration: .seconds(5), maxIterations: 20)) { benchmark, mip in
        for _ in benchmark.scaledIterations { blackHole(try solved("p0033", mip)) }
    } setup: {
        try model("miplib/p0033.mps")
    }
}
