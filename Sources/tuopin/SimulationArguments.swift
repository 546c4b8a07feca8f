import ArgumentParser
import Foundation
import Simulation
import Study

/// The options every simulating verb shares (`simulate`, `compare`, `plan`).
struct SimulationArguments: ParsableArguments {
    @Option(help: "Monte-Carlo draws per scenario.", transform: NumberOption.wholeNumber)
    var draws: Int = 500

    @Option(help: "Seed of the random numbers; the same seed gives the same output whatever --threads is.")
    var seed: UInt64 = 20_201_231

    @Option(help: "Worker threads (default: the number of cores).", transform: NumberOption.wholeNumber)
    var threads: Int?

    @Option(help: "Share (0–1) of the income regression's residual variance drawn again next year as year-to-year variation.", transform: NumberOption.decimal)
    var transitoryShare: Double = IncomeModel.defaultTransitoryShare

    @Option(help: "Length of the early-warning list (监测户).", transform: NumberOption.wholeNumber)
    var top: Int = 20

    func validate() throws {
        if draws < 1 { throw ValidationError("--draws must be at least 1") }
        if draws > SimulationOptions.maximumDraws {
            throw ValidationError("--draws must be at most \(SimulationOptions.maximumDraws), found \(draws): each draw keeps about 100 bytes of results")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(0...1).contains(transitoryShare) { throw ValidationError("--transitory-share must be between 0 and 1") }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    /// The study's settings from the options.
    var settings: StudySettings {
        StudySettings(draws: draws, seed: seed, threads: threads, transitoryShare: transitoryShare, earlyWarningCount: top)
    }

    /// A progress bar on stderr, one line per scenario, when stderr is a terminal; nil otherwise.
    var progress: StudyProgress.Handler? {
        guard let bar = ProgressBar() else { return nil }
        return { bar.show($0.scenario, $0.completedDraws, of: $0.totalDraws) }
    }
}

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar: Sendable {
    /// A bar, or nil when standard error is not a terminal (pipes and files stay clean).
    init?() {
        guard isatty(2) == 1 else { return nil }
    }

    /// Redraws the bar labelled `label`; the engine calls it one call at a time. The last call ends the line.
    func show(_ label: String, _ done: Int, of total: Int) {
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let end = done >= total ? "\n" : ""
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)\(end)".utf8))
    }
}

/// Writes each message of a study's run to standard error as `tuopin: message`.
func printWarnings(_ warnings: [String]) {
    for warning in warnings { FileHandle.standardError.write(Data("tuopin: \(warning)\n".utf8)) }
}
