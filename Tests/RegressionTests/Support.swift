import Foundation
import Testing
@testable import Regression
@testable import Tabular

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/reference` beside the repository; a clear failure when it is absent.
func referenceFolder(_ sub: String) throws -> URL {
    let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/\(sub)")
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw ReferenceMissing(path: url.path)
    }
    return url
}

struct ReferenceMissing: Error, CustomStringConvertible {
    var path: String
    var description: String { "reference data not found at \(path): the tests need ../shared/reference beside the repository" }
}

/// Log relative error −log10(|est − cert| / |cert|), or −log10|est| when the certified value is 0; capped at 15.
func logRelativeError(_ estimate: Double, _ certified: Double) -> Double {
    if estimate == certified { return 15 }
    let error = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
    return min(15, -log10(error))
}

/// A model frame from CSV text.
func frame(_ csvText: String, _ formula: String, weights: String? = nil, clusters: [String] = []) throws -> ModelFrame {
    let csv = try CSVFile(path: "test.csv", data: Array(csvText.utf8))
    return try ModelFrame.load(csv: csv, formula: try Formula(formula), weights: weights, clusters: clusters)
}

/// CSV text from named columns.
func csvText(_ columns: [(String, [String])]) -> String {
    var s = columns.map(\.0).joined(separator: ",") + "\n"
    let n = columns.first?.1.count ?? 0
    for i in 0..<n { s += columns.map { $0.1[i] }.joined(separator: ",") + "\n" }
    return s
}

/// SplitMix64 uniform numbers in [0, 1) and standard normals (Box–Muller), for synthetic test data.
struct TestRandom {
    var state: UInt64
    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
