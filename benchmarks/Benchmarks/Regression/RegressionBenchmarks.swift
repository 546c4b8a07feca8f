import Benchmark
import Foundation
import Regression
import Tabular

/// A synthetic regression problem of n rows × 10 regressors with 500 clusters, generated in memory.
func syntheticFrame(rows n: Int) throws -> ModelFrame {
    var state: UInt64 = 42
    func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    var text = "y," + (1...10).map { "x\($0)" }.joined(separator: ",") + ",g\n"
    text.reserveCapacity(n * 120)
    for _ in 0..<n {
        let x = (0..<10).map { _ in uniform() * 2 - 1 }
        let y = x.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element } + (uniform() - 0.5) * (1 + abs(x[0]))
        text += "\(y)," + x.map { "\($0)" }.joined(separator: ",") + ",\(Int(uniform() * 500))\n"
    }
    let csv = try CSVFile(path: "synthetic.csv", data: Array(text.utf8))
    return try ModelFrame.load(csv: csv, formula: Formula("y ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10"), clusters: ["g"])
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5), maxIterations: 20)
    for rows in [10_000, 100_000, 1_000_000] {
        Benchmark("OLS + HC1, \(rows) × 10") { benchmark, frame in
            for _ in benchmark.scaledIterations {
                blackHole(try fitLinearModel(frame, options: RegressionOptions(covariance: .hc1)))
            }
        } setup: {
            try syntheticFrame(rows: rows)
        }
        Benchmark("OLS + cluster, \(rows) × 10") { benchmark, frame in
            for _ in benchmark.scaledIterations {
                blackHole(try fitLinearModel(frame, options: RegressionOptions(covariance: .cluster(["g"]))))
            }
        } setup: {
            try syntheticFrame(rows: rows)
        }
    }
}
