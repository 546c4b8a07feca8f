import ArgumentParser
import Foundation
import Planning
import Tabular

/// `tuopin validate DIR`: checks a county folder completely; exit 0, or 1 with every error on stderr.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every file of a county folder; report every error as file:line:column.",
        discussion: "Exit 0 when the folder is valid; otherwise exit 1 with one line per error on standard error.")

    @Argument(help: "County folder (county.toml, townships.csv, villages.csv, households.csv, …).")
    var directory: String

    func run() throws {
        let started = Date()
        let registry = try CountyFolder.load(directory)
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data(("tuopin: \(directory) is valid: \(registry.townships.count) townships, \(registry.villages.count) villages, \(registry.households.count) households, \(registry.projects.count) projects, \(registry.relocation.count) relocating households (\(String(format: "%.2f", seconds)) s)\n").utf8))
    }
}
