import ArgumentParser
import Foundation
import Simulation

/// The options every simulating verb shares (`simulate`, `compare`, `plan`).
struct SimulationArguments: ParsableArguments {
    @Option(help: "Monte-Carlo draws per scenario.")
    var draws: Int = 500

    @Option(help: "Seed of the random numbers; the same seed gives the same output whatever --threads is.")
    var seed: UInt64 = 20_201_231

    @Option(help: "Worker threads (default: the number of cores).")
    var threads: Int?

    @Option(help: "Share (0–1) of the income regression's residual variance drawn again next year as year-to-year variation.")
    var transitoryShare: Double = IncomeModel.defaultTransitoryShare

    @Option(help: "Length of the early-warning list (监测户).")
    var top: Int = 20

    func validate() throws {
        if draws < 1 { throw ValidationError("--draws must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(0...1).contains(transitoryShare) { throw ValidationError("--transitory-share must be between 0 and 1") }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    /// The engine's options; a progress bar labelled `label` on stderr when stderr is a terminal.
    func options(label: String) -> SimulationOptions {
        var options = SimulationOptions(draws: draws, seed: seed,
                                        threads: threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount),
                                        earlyWarningCount: top)
        if let bar = ProgressBar(label: label) {
            options.progress = { done, total in bar.show(done, of: total) }
        }
        return options
    }
}

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String

    /// A bar, or nil when standard error is not a terminal (pipes and files stay clean).
    init?(label: String) {
        guard isatty(2) == 1 else { return nil }
        self.label = label
    }

    /// Redraws the bar; the engine calls it one call at a time. The last call ends the line.
    func show(_ done: Int, of total: Int) {
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let end = done >= total ? "\n" : ""
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)\(end)".utf8))
    }
}
