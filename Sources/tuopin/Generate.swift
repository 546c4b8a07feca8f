import ArgumentParser
import Foundation
import Planning

/// `tuopin generate DIR --households N --seed S [--like daixian|shangzhou]`: writes a synthetic county.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic county folder calibrated like a sample county (same seed, same bytes).",
        discussion: """
            The folder is written atomically: into a temporary folder first, then renamed into place
            (into an existing folder, each file is replaced in one step and other files are kept).
            Without --households the sample's own number is used, which reproduces the data files of
            notebooks-data/<like>. Two scenario files go into DIR/scenarios/ so that `tuopin plan DIR`
            runs at once: baseline.toml (funds spread evenly) and optimised.toml (funds allocated as
            `tuopin allocate` does), with the sample's growth, shocks and risks and the targets of
            county.toml for the next year; an existing scenario file is never replaced.
            """)

    @Argument(help: "Folder to write.")
    var directory: String

    @Option(help: "Registered households to draw (default: as many as the sample county).", transform: NumberOption.wholeNumber)
    var households: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = 2018

    @Option(help: "Sample county to imitate: daixian or shangzhou.")
    var like: String = "daixian"

    func validate() throws {
        if let n = households, n < 1 { throw ValidationError("--households must be at least 1, found \(n)") }
        if let n = households, n > CountyGenerator.maximumHouseholds {
            throw ValidationError("--households must be at most \(CountyGenerator.maximumHouseholds), found \(n)")
        }
        if CountyBlueprint.named(like) == nil { throw ValidationError("--like must be daixian or shangzhou, found \"\(like)\"") }
    }

    func run() throws {
        guard let blueprint = CountyBlueprint.named(like) else { throw ValidationError("unknown --like \(like)") }
        let started = Date()
        let registry = CountyGenerator.generate(blueprint, households: households, seed: seed)
        do {
            try CountyWriter.write(registry, to: directory, scenarios: DefaultScenarios.files(for: registry, like: blueprint))
        } catch {
            throw CLIFailure(exit: .badInput, description: "\(directory): cannot write the county folder (\(error.localizedDescription))")
        }
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data(("tuopin: wrote \(directory): \(registry.households.count) households in \(registry.villages.count) villages (\(String(format: "%.2f", seconds)) s)\n").utf8))
    }
}
