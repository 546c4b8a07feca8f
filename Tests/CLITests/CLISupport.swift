import Foundation
import Testing

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/reference/<sub>` beside the repository, or a clear error.
func referenceFolder(_ sub: String) throws -> URL {
    let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/\(sub)")
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw CLITestError("reference data not found at \(url.path): the tests need ../shared/reference beside the repository")
    }
    return url
}

struct CLITestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The built `tuopin` binary: beside this test bundle (the same build folder), or `TUOPIN_BINARY`.
func tuopinBinary() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["TUOPIN_BINARY"] { return URL(fileURLWithPath: path) }
    var folder = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = folder.appendingPathComponent("tuopin")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    let fallback = repositoryRoot.appendingPathComponent(".build/debug/tuopin")
    guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
        throw CLITestError("tuopin binary not found next to the test bundle or at \(fallback.path); run swift build first")
    }
    return fallback
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
}

/// Runs `tuopin` with arguments and returns its exit status and output.
func runTuopin(_ arguments: [String], currentDirectory: URL? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = try tuopinBinary()
    process.arguments = arguments
    if let dir = currentDirectory { process.currentDirectoryURL = dir }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
