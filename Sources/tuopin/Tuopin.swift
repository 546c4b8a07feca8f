import ArgumentParser
import Foundation
import Tabular

/// The `tuopin` command: a thin layer that parses arguments, calls the library modules and prints.
/// Each verb lives in its own file as a `ParsableCommand`; register it in `subcommands` below.
@main
struct Tuopin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tuopin",
        abstract: "脱贫 tuopin: income regressions, fund and resettlement optimisation, and scenario simulation for county poverty-alleviation planning.",
        discussion: """
            Data goes to standard output, messages to standard error.
            Exit codes: 0 success, 1 bad input, 2 usage error, 3 numerical failure (singular, infeasible, unbounded).
            """,
        version: "0.1.0",
        subcommands: [
            PlanCommand.self,
            Validate.self, Audit.self, Describe.self, Generate.self,
            RegressCommand.self, PovertyCommand.self, LPCommand.self,
            AllocateCommand.self, ResettleCommand.self,
            SimulateCommand.self, CompareCommand.self, MergeCommand.self, MonitorCommand.self,
            RenderCommand.self, ServeCommand.self, ImportCommand.self,
        ]
    )

    /// Runs the command and maps every error to the exit codes of the CLI contract.
    static func main() {
        // A closed pipe makes writes fail with EPIPE, reported by `writeStandardOutput`, instead of killing the process.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let code = cliExitCode(for: error) {
                // Input errors already start with file:line:column, one per line, for editors and scripts.
                let prefix = error is InputError || error is InputErrors ? "" : "tuopin: "
                FileHandle.standardError.write(Data((prefix + describe(error) + "\n").utf8))
                Foundation.exit(code.value)
            }
            // Help, version and parse errors keep ArgumentParser's wording; a usage error exits with 2.
            let message = fullMessage(for: error)
            if exitCode(for: error) == .success {
                print(message)
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(CLIExit.usage.value)
        }
    }
}
