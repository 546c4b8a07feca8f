import Foundation
import Testing
import TestSupport
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

