import ArgumentParser
import Foundation
import Server

/// `tuopin serve DIR…`: the planner's web app on this machine.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The planner's web app: the county profile, the scenario editor, runs with progress and the comparison with its downloads.",
        discussion: """
            Serves the county folders given (and every county folder directly under each --root) at http://HOST:PORT/, \
            with a JSON API under /api (docs/serve.md). It reads and writes nothing outside those folders and writes \
            only scenario files, atomically. Binds to 127.0.0.1 unless --host says otherwise. Stop it with Ctrl-C.
            """)

    @Argument(help: "County folders.")
    var directories: [String] = []

    @Option(help: "A folder of county folders to offer as well (repeatable).")
    var root: [String] = []

    @Option(help: "Address to listen on (default: loopback only).")
    var host = "127.0.0.1"

    @Option(help: "Port (0: any free port; the URL is printed on standard error).", transform: NumberOption.wholeNumber)
    var port: Int = 8080

    @Option(help: "Worker threads of a run (default: the number of cores).", transform: NumberOption.wholeNumber)
    var threads: Int?

    func validate() throws {
        if directories.isEmpty && root.isEmpty { throw ValidationError("give a county folder or --root FOLDER") }
        if !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let catalog = try CountyCatalog(folders: directories, roots: root)
        guard !catalog.entries.isEmpty else { throw CLIFailure(exit: .badInput, description: "no county folder (with county.toml) found under \(root.joined(separator: ", "))") }
        let workbench = Workbench(catalog: catalog, threads: threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount))
        let host = self.host
        let names = catalog.entries.map(\.id).joined(separator: ", ")
        let outcome = ServeOutcome()
        Task {
            do {
                try await WorkbenchServer.run(workbench, host: host, port: port) { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    FileHandle.standardError.write(Data("tuopin serve: http://\(shown):\(port)/ (\(names))\n".utf8))
                }
            } catch {
                outcome.fail(error)
            }
            outcome.done.signal()
        }
        outcome.done.wait()
        if let error = outcome.error { throw CLIFailure(exit: .badInput, description: "serve: \(error)") }
    }
}

/// How the server's task ended, handed from the task to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private(set) var error: Error?
    func fail(_ error: Error) { self.error = error }
}
