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
        suite("RegressionBenchmarks", folder: "Regression", modules: ["Regression", "Tabular"], support: false),
        suite("PovertyBenchmarks", folder: "Poverty", modules: ["Poverty", "Planning"]),
        suite("LinearProgrammingBenchmarks", folder: "LinearProgramming", modules: ["Optimization"]),
        suite("PlanningBenchmarks", folder: "Planning", modules: ["Optimization", "Planning", "Simulation"]),
        suite("SimulationBenchmarks", folder: "Simulation", modules: ["Planning", "Simulation"]),
        suite("ImportBenchmarks", folder: "Import", modules: ["Planning", "Tabular"]),
    ]
)

/// One ordo-one suite: an executable in `Benchmarks/<folder>` (the plugin looks there) that uses the
/// given tuopin modules, the benchmark library and, unless `support` is false, `BenchSupport`.
func suite(_ name: String, folder: String, modules: [String], support: Bool = true) -> Target {
    var dependencies: [Target.Dependency] = support ? ["BenchSupport"] : []
    dependencies.append(.product(name: "Benchmark", package: "benchmark"))
    dependencies += modules.map { .product(name: $0, package: "tuopin") }
    return .executableTarget(
        name: name,
        dependencies: dependencies,
        path: "Benchmarks/\(folder)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
