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
        // Paths, sizes from the environment, generated counties and a throughput metric for the suites.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Planning", package: "tuopin"),
            ],
            path: "BenchSupport"
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
        .executableTarget(
            name: "PovertyBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Poverty", package: "tuopin"),
                .product(name: "Planning", package: "tuopin"),
            ],
            path: "Benchmarks/Poverty",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LinearProgrammingBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Optimization", package: "tuopin"),
            ],
            path: "Benchmarks/LinearProgramming",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PlanningBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Optimization", package: "tuopin"),
                .product(name: "Planning", package: "tuopin"),
                .product(name: "Simulation", package: "tuopin"),
            ],
            path: "Benchmarks/Planning",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SimulationBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Planning", package: "tuopin"),
                .product(name: "Simulation", package: "tuopin"),
            ],
            path: "Benchmarks/Simulation",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ImportBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Planning", package: "tuopin"),
                .product(name: "Tabular", package: "tuopin"),
            ],
            path: "Benchmarks/Import",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
