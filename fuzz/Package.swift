// swift-tools-version: 6.1
// libFuzzer targets for the readers of users' files that need more than one module (the TOML
// readers use TOMLKit's C++ shim; the MPS reader lives in Optimization; the xlsx reader in Spreadsheet, on ZIPFoundation). scripts/fuzz builds this
// package with `swift build --sanitize=fuzzer --sanitize=address` and runs each target; the CSV
// target (fuzz/CSVFuzz.swift) is built with swiftc directly. See README.md, "Fuzzing".
import Foundation
import PackageDescription

// The repository is this package's parent folder; SwiftPM names a path dependency after its folder.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

let package = Package(
    name: "tuopin-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: root.path),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.0"),
    ],
    targets: [
        // Each target defines LLVMFuzzerTestOneInput; with --sanitize=fuzzer SwiftPM parses it as a
        // library and libFuzzer supplies main.
        .executableTarget(name: "FuzzCountyTOML", dependencies: [.product(name: "Planning", package: rootIdentity)]),
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "Simulation", package: rootIdentity)]),
        .executableTarget(name: "FuzzMPS", dependencies: [.product(name: "Optimization", package: rootIdentity)]),
        // The xlsx reader; ZIPFoundation also packs the XML-part inputs into an archive.
        .executableTarget(name: "FuzzWorkbook", dependencies: [
            .product(name: "Spreadsheet", package: rootIdentity),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
    ]
)
