import Foundation
import Testing
@testable import Optimization

/// `../shared/reference` relative to the repository root (found from this file's path).
func referencePath(_ relative: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = root.deletingLastPathComponent().appendingPathComponent("shared/reference").appendingPathComponent(relative).path
    guard FileManager.default.fileExists(atPath: path) else {
        Issue.record("reference file \(path) is missing: the tests expect ../shared/reference beside the repository")
        throw ReferenceMissing(path: path)
    }
    return path
}

struct ReferenceMissing: Error { var path: String }
