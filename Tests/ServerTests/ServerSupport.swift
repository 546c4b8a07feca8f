import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct ServerTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The built `tuopin` binary (`TuopinBinary.url()`).
func tuopinBinary() throws -> URL { try TuopinBinary.url() }

/// Runs a program to its end and returns its status and output.
func runProgram(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // stderr is drained on another thread so that neither pipe can fill up and block the child.
    let errBox = DataBox()
    let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); errBox.done.signal() }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errBox.done.wait()
    process.waitUntilExit()
    return (process.terminationStatus, outData, String(decoding: errBox.data, as: UTF8.self))
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}

/// A copy of a sample county folder (so that saved scenarios never touch the repository) served by
/// `tuopin serve --port 0` on loopback; stopped by `stop()`.
final class ServedCounty: @unchecked Sendable {
    let folder: URL
    let process: Process
    let base: URL
    private let errors = Pipe()

    /// Copies `notebooks-data/<sample>` to a temporary folder and starts the server on it.
    init(sample: String = "daixian", extraArguments: [String] = []) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        folder = root.appendingPathComponent(sample)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("notebooks-data/\(sample)"), to: folder)
        process = Process()
        process.executableURL = try tuopinBinary()
        process.arguments = ["serve", folder.path, "--port", "0", "--threads", "2"] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // The server prints "tuopin serve: http://127.0.0.1:PORT/ (…)" once it listens.
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        var found: URL?
        while Date() < deadline, found == nil {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { if !process.isRunning { break }; continue }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
                found = URL(string: String(seen[range]))
            }
        }
        guard let found else {
            process.terminate()
            throw ServerTestError("tuopin serve did not report its address within 60 s; it said: \(seen)")
        }
        base = found
        // Keep draining the server's messages so that its pipe never fills.
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    func stop() {
        errors.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { (json as? [String: Any]) ?? [:] }
    }

    /// One HTTP request to the server.
    func request(_ method: String, _ path: String, json body: Any? = nil, raw: Data? = nil) async throws -> Reply {
        guard let url = URL(string: path, relativeTo: base) else { throw ServerTestError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 120
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let raw {
            request.httpBody = raw
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw ServerTestError("no HTTP response for \(path)") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }

    /// Waits until run `id` has ended (finished or failed) and returns its record.
    func waitForRun(_ id: Int, timeout: TimeInterval = 300) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let record = try await request("GET", "api/runs/\(id)").object
            if let status = record["status"] as? String, status == "finished" || status == "failed" { return record }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw ServerTestError("run \(id) did not end within \(timeout) s")
    }
}
