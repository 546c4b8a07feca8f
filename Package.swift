// swift-tools-version: 6.1
// tuopin (脱贫): planning tools for county poverty-alleviation offices.
// Modules depend only on the ones listed above them; see DESIGN.md.
import PackageDescription

let package = Package(
    name: "tuopin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tuopin", targets: ["tuopin"]),
        .library(name: "Linear", targets: ["Linear"]),
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "Regression", targets: ["Regression"]),
        .library(name: "Simulation", targets: ["Simulation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
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
        .target(name: "Tabular"),
        .target(name: "Regression", dependencies: ["Linear", "Tabular"]),
        // Monte-Carlo microsimulation of next year; scenario files in TOML.
        .target(
            name: "Simulation",
            dependencies: ["Tabular", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .executableTarget(
            name: "tuopin",
            dependencies: [
                "Linear", "Tabular", "Regression",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LinearTests", dependencies: ["Linear"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "Tabular", "Linear"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Tabular"]),
        // End-to-end tests run the built `tuopin` binary; the dependency makes sure it is built first.
        .testTarget(name: "CLITests", dependencies: ["tuopin"]),
    ]
)
