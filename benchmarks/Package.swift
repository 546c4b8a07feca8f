// swift-tools-version: 6.1
// Benchmarks of tuopin with ordo-one/benchmark: `cd benchmarks && swift package benchmark`.
// Side-by-side comparisons with the peers (statsmodels, numpy, pandas, HiGHS) are in scripts/bench.
import PackageDescription

let package = Package(
    name: "tuopin-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "tuopin", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Times tuopin on the same files the Python peers read; scripts/bench drives it.
        .executableTarget(
            name: "tuopin-peer-harness",
            dependencies: [
                .product(name: "Planning", package: "tuopin"),
                .product(name: "Regression", package: "tuopin"),
                .product(name: "Simulation", package: "tuopin"),
                .product(name: "Tabular", package: "tuopin"),
            ],
            path: "PeerHarness"
        ),
        .executableTarget(
            name: "RegressionBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Regression", package: "tuopin"),
                .product(name: "Tabular", package: "tuopin"),
            ],
            path: "Benchmarks/Regression",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
