import Foundation
import Testing
import TestSupport

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

/// The built `tuopin` binary (`TuopinBinary.url()`).
func tuopinBinary() throws -> URL { try TuopinBinary.url() }

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
    try runProgram(try tuopinBinary(), arguments, currentDirectory: currentDirectory)
}

/// Runs `python3` (from the PATH) with arguments and extra environment variables.
func runPython(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
    try runProgram(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, environment: environment)
}

/// Runs `executable` with arguments (and `environment` added to this process's) and returns its
/// exit status and output.
func runProgram(_ executable: URL, _ arguments: [String], currentDirectory: URL? = nil,
                environment: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let dir = currentDirectory { process.currentDirectoryURL = dir }
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
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
