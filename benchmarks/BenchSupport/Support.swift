// Shared by the ordo-one suites: where the repository and its data are, sizes read from the
// environment (so a suite can be run smaller or larger without editing it), synthetic counties
// generated once per process, and a throughput metric in items per second.
import Benchmark
import Foundation
import Planning

/// The repository root (the folder holding Package.swift of tuopin), found from this file's path.
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // Support.swift, BenchSupport, benchmarks
    return url.path
}()

/// Shared reference data (netlib, MIPLIB), `../shared/reference` from the repository root.
public var referenceFolder: String { repositoryRoot + "/../shared/reference" }

/// The Dai County sample folder.
public var daiFolder: String { repositoryRoot + "/notebooks-data/daixian" }

/// Scratch data of the benchmarks (generated counties), `benchmarks/.data`; ignored by git.
public var dataFolder: String { repositoryRoot + "/benchmarks/.data" }

/// A whole number from the environment variable `name`, or `fallback` when unset or not a number.
public func environmentInt(_ name: String, _ fallback: Int) -> Int {
    ProcessInfo.processInfo.environment[name].flatMap { Int($0.replacingOccurrences(of: "_", with: "")) } ?? fallback
}

/// A comma-separated list of whole numbers from the environment, or `fallback`.
public func environmentInts(_ name: String, _ fallback: [Int]) -> [Int] {
    guard let text = ProcessInfo.processInfo.environment[name] else { return fallback }
    let values = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) }
    return values.isEmpty ? fallback : values
}

/// A comma-separated list of names from the environment, or `fallback`.
public func environmentNames(_ name: String, _ fallback: [String]) -> [String] {
    guard let text = ProcessInfo.processInfo.environment[name] else { return fallback }
    let values = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return values.isEmpty ? fallback : values
}

/// 10⁶ as "10^6", 100,000 as "10^5", anything else with thousands separators: for benchmark names.
public func sizeLabel(_ n: Int) -> String {
    var p = 0, m = n
    while m >= 10 && m % 10 == 0 { m /= 10; p += 1 }
    if m == 1 && p >= 3 { return "10^\(p)" }
    let digits = String(n)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(c)
    }
    return out
}

private final class CountyCache: @unchecked Sendable {
    let lock = NSLock()
    var registries: [Int: CountyRegistry] = [:]
}
private let cache = CountyCache()

/// A synthetic county of `households` households like Dai County (seed 2018, as `tuopin generate`),
/// generated once per process and kept for the other suites' setups.
public func syntheticCounty(households: Int) -> CountyRegistry {
    cache.lock.lock()
    defer { cache.lock.unlock() }
    if let r = cache.registries[households] { return r }
    guard let blueprint = CountyBlueprint.named("daixian") else { fatalError("the daixian blueprint is missing") }
    let registry = CountyGenerator.generate(blueprint, households: households, seed: 2018)
    cache.registries[households] = registry
    return registry
}

/// The folder of a synthetic county of `households` households written by `CountyWriter` under
/// `benchmarks/.data/county_N` (written once; the same bytes as `tuopin generate --households N`).
public func syntheticCountyFolder(households: Int) throws -> String {
    let path = dataFolder + "/county_\(households)"
    if !FileManager.default.fileExists(atPath: path + "/households.csv") {
        try FileManager.default.createDirectory(atPath: dataFolder, withIntermediateDirectories: true)
        try CountyWriter.write(syntheticCounty(households: households), to: path)
    }
    return path
}

/// Seconds of `body`, measured with the continuous clock.
public func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

extension BenchmarkMetric {
    /// Items (rows, households, household-draws) per second of one iteration; larger is better.
    public static func itemsPerSecond(_ unit: String) -> BenchmarkMetric {
        .custom("\(unit)/s", polarity: .prefersLarger, useScalingFactor: false)
    }
}

extension Benchmark {
    /// Runs `body` once per scaled iteration, timing each, and records `items ÷ seconds` under `metric`.
    public func measureThroughput(items: Int, metric: BenchmarkMetric, _ body: () throws -> Void) rethrows {
        for _ in scaledIterations {
            let s = try seconds(body)
            if s > 0 { measurement(metric, Int((Double(items) / s).rounded())) }
        }
    }
}

/// A benchmark whose answer was not the expected kind (a solver that did not reach an optimum).
public struct BenchmarkFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
