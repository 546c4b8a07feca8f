import ArgumentParser
import Foundation
import Study
import Tabular

/// `tuopin validate DIR`: checks a county folder completely; exit 0, or 1 with every error on stderr.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every file of a county folder; report every error as file:line:column.",
        discussion: "Exit 0 when the folder is valid; otherwise exit 1 with one line per error on standard error.")

    @Argument(help: "County folder (county.toml, townships.csv, villages.csv, households.csv, …).")
    var directory: String

    func run() throws {
        CommandInputs.folders(directory)
        let started = Date()
        let registry = try openCountyReportingEveryError(directory, otherwise: "the folder was not accepted").registry
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data(("tuopin: \(directory) is valid: \(registry.townships.count) townships, \(registry.villages.count) villages, \(registry.households.count) households, \(registry.projects.count) projects, \(registry.relocation.count) relocating households (\(String(format: "%.2f", seconds)) s)\n").utf8))
    }
}

/// Opens a county folder for the verbs that check a whole folder (`validate`, `plan`): every error
/// goes to standard error as `file:line:column: …`, then a `CLIFailure` (exit 1) says how many there
/// were and `consequence` (what did not happen).
func openCountyReportingEveryError(_ directory: String, otherwise consequence: String) throws -> CountyWorkspace {
    do {
        return try CountyWorkspace(folder: directory)
    } catch {
        FileHandle.standardError.write(Data((error.errors.map(\.description).joined(separator: "\n") + "\n").utf8))
        let n = error.errors.count
        throw CLIFailure(exit: .badInput, description: "\(directory): \(n) error\(n == 1 ? "" : "s"); \(consequence)")
    }
}
