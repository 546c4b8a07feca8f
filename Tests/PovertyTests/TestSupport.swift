import Foundation
import TestSupport
import Testing
@testable import Poverty

/// The repository root, from this file's path (Tests/PovertyTests/TestSupport.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// `../shared/reference` beside the repository, where the independent reference data lives.
let referenceFolder = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")

struct ReferenceDataMissing: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "reference data not found at \(path); the tests expect the shared reference folder at ../shared/reference beside the repository root"
    }
}

/// Reads a reference file, failing with a clear message when the folder is absent.
func referenceData(_ relativePath: String) throws -> Data {
    let url = referenceFolder.appendingPathComponent(relativePath)
    guard let data = FileManager.default.contents(atPath: url.path) else { throw ReferenceDataMissing(path: url.path) }
    return data
}

/// |a − b| ≤ tolerance, recorded with both values on failure.
func expectClose(_ actual: Double?, _ expected: Double, _ tolerance: Double, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual else {
        Issue.record("\(what): no value, expected \(expected)", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(actual - expected) <= tolerance, "\(what): \(actual) vs expected \(expected) (tolerance \(tolerance))",
            sourceLocation: sourceLocation)
}

/// Relative closeness for identities that hold up to rounding.
func expectIdentity(_ a: Double, _ b: Double, _ what: String, relative: Double = 1e-12,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(a - b) <= relative * max(1, abs(a), abs(b)), "\(what): \(a) vs \(b)", sourceLocation: sourceLocation)
}

/// Pairwise Gini straight from the definition Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ), O(n²):
/// a second method to check the sorted one against.
func bruteForceGini(_ x: [Double], weights: [Double]? = nil) -> Double {
    let w = weights ?? [Double](repeating: 1, count: x.count)
    var total = 0.0, sum = 0.0, pairs = 0.0
    for i in x.indices {
        total += w[i]
        sum += w[i] * x[i]
        for j in x.indices { pairs += w[i] * w[j] * abs(x[i] - x[j]) }
    }
    return pairs / (2 * total * total * (sum / total))
}


/// n log-normal per-capita incomes (median about 4,000 yuan) with household sizes 1–6 and
/// survey weights 50–150, deterministic for a seed.
func syntheticHouseholds(_ n: Int, seed: UInt64) -> (incomes: [Double], sizes: [Int], weights: [Double]) {
    var random = TestRandom(state: seed)
    var incomes = [Double](), sizes = [Int](), weights = [Double]()
    incomes.reserveCapacity(n); sizes.reserveCapacity(n); weights.reserveCapacity(n)
    for _ in 0..<n {
        incomes.append((4000 * Foundation.exp(0.8 * random.normal())).rounded())
        sizes.append(1 + Int(random.next() % 6))
        weights.append(50 + Double(random.next() % 101))
    }
    return (incomes, sizes, weights)
}
