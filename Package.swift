// swift-tools-version: 6.1
// tuopin (脱贫): planning tools for county poverty-alleviation offices.
// Modules depend only on the ones listed above them; see DESIGN.md.
import PackageDescription

/// The AVX2 kernels' flag: only when building on x86-64 Linux (the manifest is evaluated for the
/// machine that builds, which for tuopin is the machine that runs it). Elsewhere the module compiles
/// for the default CPU and Simulation never calls it.
#if arch(x86_64)
let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux]))]
#else
let avx2Settings: [SwiftSetting] = []
#endif

let package = Package(
    name: "tuopin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tuopin", targets: ["tuopin"]),
        .library(name: "Linear", targets: ["Linear"]),
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "Spreadsheet", targets: ["Spreadsheet"]),
        .library(name: "Regression", targets: ["Regression"]),
        .library(name: "Poverty", targets: ["Poverty"]),
        .library(name: "Optimization", targets: ["Optimization"]),
        .library(name: "Planning", targets: ["Planning"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Study", targets: ["Study"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
    ],
    targets: [
        // OpenBLAS (CBLAS) and LAPACKE. Only `Linear` imports this.
        .systemLibrary(
            name: "CLAPACK",
            path: "Sources/CLAPACK",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(name: "Linear", dependencies: ["CLAPACK"]),
        // The byte-level CSV reader and file:line:column errors shared by every importer.
        .target(name: "Tabular"),
        // Excel workbooks (.xlsx) read into rows of cells: the archive by ZIPFoundation, the XML by
        // Foundation's XMLParser; errors as workbook.xlsx:Sheet!C12.
        .target(name: "Spreadsheet", dependencies: ["Tabular", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Regression", dependencies: ["Linear", "Tabular"]),
        .target(name: "Poverty"),
        // LP by interior point, MIP by branch and bound, MPS in and out.
        .target(name: "Optimization", dependencies: ["Linear", "Tabular", .product(name: "HeapModule", package: "swift-collections")]),
        // The county registry, its import and validation, the planning models.
        .target(name: "Planning", dependencies: ["Tabular", "Spreadsheet", "Poverty", "Regression", "Optimization", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The Monte-Carlo draw loop's household rule (phase 2), written once as an inlinable
        // function: Simulation and SimulationAVX2 each inline it and compile it for their CPU.
        .target(name: "SimulationKernels"),
        // The Monte-Carlo engine's Philox rounds and household rule compiled for AVX2 (x86-64 Linux;
        // Simulation calls them only after checking the CPU, see PhiloxAVX2.isSupported): 101
        // instructions for four Philox blocks instead of 292 with SSE2. See benchmarks/limits.md.
        .target(name: "SimulationAVX2", dependencies: ["SimulationKernels"], swiftSettings: avx2Settings),
        // Monte-Carlo microsimulation of next year.
        // -slp-threshold=-50: Swift's integer SIMD operators reach LLVM as scalar lanes that the SLP
        // vectorizer must regroup; with its default threshold it leaves the vector Philox rounds
        // (PhiloxLanes) as scalar 64-bit multiplies. See benchmarks/limits.md.
        .target(name: "Simulation", dependencies: ["Tabular", "Regression", "Poverty", "Planning", "SimulationKernels", "SimulationAVX2", .product(name: "TOMLKit", package: "TOMLKit")],
                swiftSettings: [.unsafeFlags(["-Xllvm", "-slp-threshold=-50"])]),
        // Comparison tables and their renderers (text, Markdown, CSV, JSON, HTML + SVG, xlsx); an xlsx is zipped XML.
        .target(name: "Reports", dependencies: ["Spreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The county study the verbs (and the web app) share: folder → fit → plans → simulation →
        // the comparison and the other reports. No module below imports it; the CLI only parses and prints.
        .target(name: "Study", dependencies: ["Tabular", "Regression", "Poverty", "Optimization", "Planning", "Simulation", "Reports"]),
        // `tuopin serve`: the planner's web app and its JSON API over Study (loopback by default).
        .target(name: "Server", dependencies: ["Study", "Simulation", "Planning", "Reports", "Tabular",
                                               .product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(
            name: "tuopin",
            dependencies: [
                "Linear", "Tabular", "Regression", "Poverty", "Optimization", "Planning", "Simulation", "Reports", "Study", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinearTests", dependencies: ["TestSupport", "Linear"]),
        .testTarget(name: "TabularTests", dependencies: ["TestSupport", "Tabular"]),
        .testTarget(name: "RegressionTests", dependencies: ["TestSupport", "Regression", "Tabular", "Linear"]),
        .testTarget(name: "PovertyTests", dependencies: ["TestSupport", "Poverty"]),
        .testTarget(name: "OptimizationTests", dependencies: ["TestSupport", "Optimization", "Linear", "Tabular"]),
        .testTarget(name: "PlanningTests", dependencies: ["TestSupport", "Planning", "Tabular", "Optimization"]),
        .testTarget(name: "SimulationTests", dependencies: ["TestSupport", "Simulation", "SimulationAVX2", "Tabular", "Planning", "Poverty"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "Reports", "Tabular", "Planning", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Spreadsheet", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")], exclude: ["Golden"]),
        // The web app end to end: `tuopin serve` on a loopback port, its API and its pages in headless Chromium
        // (browser/workbench_session.py, driven through selenium and Debian's chromium-driver).
        .testTarget(name: "ServerTests", dependencies: ["TestSupport", "tuopin", "Simulation"], exclude: ["browser"]),
        .testTarget(name: "StudyTests", dependencies: ["TestSupport", "Study", "Simulation", "Planning", "Reports", "Tabular", "Poverty", "Regression"]),
        // End-to-end tests run the built `tuopin` binary; the dependency makes sure it is built first.
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "tuopin", "Simulation", "Planning", "Tabular", "Reports"], exclude: ["Golden"]),
    ]
)
