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

    @Option(help: "Run only shard K of N of the draws (K from 1) and write its partial result to --partial-output; `tuopin merge` combines the parts.")
    var shard: String?

    @Option(help: "Run only draws A..B (A a multiple of 4, B at most --draws) and write the partial result to --partial-output.")
    var drawsRange: String?

    @Option(help: "Where a shard writes its partial result (JSON).")
    var partialOutput: String?

    func validate() throws {
        if draws < 1 { throw ValidationError("--draws must be at least 1") }
        if draws > SimulationOptions.maximumDraws {
            throw ValidationError("--draws must be at most \(SimulationOptions.maximumDraws), found \(draws): each draw keeps about 100 bytes of results")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(0...1).contains(transitoryShare) { throw ValidationError("--transitory-share must be between 0 and 1") }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
        _ = try shardRange()
    }

    /// The draws of `--shard`/`--draws-range`, or nil for a whole run.
    /// - Throws: `ValidationError` for a malformed or impossible shard, or one without --partial-output.
    func shardRange() throws -> Range<Int>? {
        if shard != nil && drawsRange != nil { throw ValidationError("give --shard or --draws-range, not both") }
        var range: Range<Int>?
        if let shard {
            guard let (k, n) = shardFraction(shard) else {
                throw ValidationError("--shard expects K/N with 1 ≤ K ≤ N, found \"\(shard)\"")
            }
            let r = DrawTotals.shard(k - 1, of: n, draws: draws)
            if r.isEmpty { throw ValidationError("--shard \(shard) holds no draw: \(draws) draws make at most \((draws + 3) / 4) shards of whole quadruples") }
            range = r
        }
        if let drawsRange {
            let parts = drawsRange.components(separatedBy: "..")
            guard parts.count == 2, let a = try? NumberOption.wholeNumber(parts[0]), let b = try? NumberOption.wholeNumber(parts[1]),
                  a < b, b <= draws, a % 4 == 0 else {
                throw ValidationError("--draws-range expects A..B with A a multiple of 4 and A < B ≤ --draws (\(draws)), found \"\(drawsRange)\"")
            }
            range = a..<b
        }
        if range != nil && partialOutput == nil { throw ValidationError("a shard needs --partial-output FILE for its partial result") }
        if range == nil && partialOutput != nil { throw ValidationError("--partial-output goes with --shard or --draws-range") }
        return range
    }

    /// The source of the draws: a shard's, merged parts' (`tuopin merge`), or nil for a whole run.
    var drawSource: DrawSource? {
        if let merged = MergedDraws.current { return merged }
        guard let range = try? shardRange() else { return nil }
        return ShardRun.source(for: range)
    }

    /// The study's settings from the options.
    var settings: StudySettings {
        var settings = StudySettings(draws: draws, seed: seed, threads: threads, transitoryShare: transitoryShare, earlyWarningCount: top)
        settings.drawSource = drawSource
        return settings
    }

    /// In a shard run, writes the partial result to --partial-output and returns true: the verb then
    /// prints nothing else. Otherwise returns false.
    func finishShard() throws -> Bool {
        guard let range = try shardRange(), let path = partialOutput, let source = ShardRun.source(for: range) as DrawSource? else { return false }
        try ShardRun.write(source.recordedTotals, projections: source.recordedProjectionTotals, range: range, to: path)
        return true
    }

    /// A progress bar on stderr, one line per scenario, when stderr is a terminal; nil otherwise.
    var progress: StudyProgress.Handler? {
        guard let bar = ProgressBar() else { return nil }
        return { bar.show($0.scenario, $0.completedDraws, of: $0.totalDraws) }
    }
}

/// `K/N` with 1 ≤ K ≤ N, both strict whole numbers (`--shard`, `--county-shard`); nil otherwise.
func shardFraction(_ text: String) -> (index: Int, count: Int)? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = try? NumberOption.wholeNumber(String(parts[0])),
          let n = try? NumberOption.wholeNumber(String(parts[1])), n >= 1, (1...n).contains(k) else { return nil }
    return (k, n)
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
