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
        .library(name: "Optimization", targets: ["Optimization"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
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
        .target(
            name: "Optimization",
            dependencies: [
                "Linear", "Tabular",
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .executableTarget(
            name: "tuopin",
            dependencies: [
                "Linear", "Tabular", "Optimization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LinearTests", dependencies: ["Linear"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "Linear", "Tabular"]),
    ]
)
