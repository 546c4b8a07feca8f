import ArgumentParser
import Foundation
import Simulation
import Synchronization

/// The partial result of a shard run (`--shard K/N` or `--draws-range A..B` with
/// `--partial-output FILE`): the command line without the shard options, the folder it ran in, and
/// each simulated scenario's `DrawTotals` in scenario order.
struct ShardFile: Codable {
    /// "tuopin-draw-shard", and the file format's version (1).
    var format = ShardFile.formatName
    var version = 1
    /// The verb and its arguments, without --shard, --draws-range, --county-shard and --partial-output.
    var arguments: [String]
    /// The working directory the shard ran in (relative paths in `arguments` are resolved there).
    var workingDirectory: String
    /// The draws this part holds, "A..B".
    var draws: String
    var totals: [DrawTotals]
    /// Each multi-year projection's counts (`--through`), in scenario order; absent without `--through`.
    var projections: [ProjectionTotals]?

    static let formatName = "tuopin-draw-shard"
}

/// The running shard: its one `DrawSource` (every scenario's simulation records into it).
enum ShardRun {
    private static let shared = Mutex<DrawSource?>(nil)

    /// The source of this process's shard of `range` (created on first use).
    static func source(for range: Range<Int>) -> DrawSource {
        shared.withLock { current in
            if let current { return current }
            let made = DrawSource(shard: range)
            current = made
            return made
        }
    }

    /// The command line without the shard's own options.
    static func commandLineWithoutShard(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var skip = false
        for argument in arguments {
            if skip { skip = false; continue }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if ["--shard", "--draws-range", "--partial-output", "--county-shard"].contains(name) {
                skip = !argument.contains("=")
                continue
            }
            out.append(argument)
        }
        return out
    }

    /// Writes the shard's totals to `path` atomically.
    static func write(_ totals: [DrawTotals], projections: [ProjectionTotals] = [], range: Range<Int>, to path: String) throws {
        let file = ShardFile(arguments: commandLineWithoutShard(Array(CommandLine.arguments.dropFirst())),
                             workingDirectory: FileManager.default.currentDirectoryPath,
                             draws: "\(range.lowerBound)..\(range.upperBound)", totals: totals,
                             projections: projections.isEmpty ? nil : projections)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data: Data
        do { data = try encoder.encode(file) } catch {
            throw CLIFailure(exit: .badInput, description: "cannot encode the partial result: \(error)")
        }
        try writeAtomically(data, to: path)
    }
}

/// The merged parts `tuopin merge` hands to the command it runs again.
enum MergedDraws {
    private static let shared = Mutex<DrawSource?>(nil)
    static var current: DrawSource? { shared.withLock { $0 } }
    static func set(_ source: DrawSource) { shared.withLock { $0 = source } }
}

/// `tuopin merge PART…`: combines the partial results of shards of one `simulate`, `compare` or
/// `plan` run into the output the run would have printed alone, byte for byte.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial results of shard runs (--shard K/N --partial-output FILE) into the output of the whole run.",
        discussion: """
            Every part must come from the same command line (apart from --shard, --draws-range and --partial-output), \
            and together they must hold every draw exactly once. The command runs again in the folder it ran in, \
            taking the draws from the parts instead of simulating them, and prints (or writes to its --output) exactly what the \
            single run prints. Exit 1 when the parts do not fit together.
            """)

    @Argument(help: "Partial results written by shard runs.")
    var parts: [String]

    func run() throws {
        CommandInputs.files(parts)
        var files: [ShardFile] = []
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        for path in parts {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIFailure(exit: .badInput, description: "\(path): cannot read the file")
            }
            let file: ShardFile
            do { file = try decoder.decode(ShardFile.self, from: data) } catch {
                throw CLIFailure(exit: .badInput, description: "\(path): not a partial result of a tuopin shard (\(error))")
            }
            guard file.format == ShardFile.formatName, file.version == 1 else {
                throw CLIFailure(exit: .badInput, description: "\(path): format \(file.format) version \(file.version), expected \(ShardFile.formatName) version 1")
            }
            if let first = files.first, first.arguments != file.arguments || first.workingDirectory != file.workingDirectory {
                throw CLIFailure(exit: .badInput, description: "\(path): a shard of `tuopin \(file.arguments.joined(separator: " "))` in \(file.workingDirectory), not of `tuopin \(first.arguments.joined(separator: " "))` in \(first.workingDirectory)")
            }
            files.append(file)
        }
        guard let first = files.first else { throw ValidationError("give the partial results to merge") }
        // The runs' totals by (group, sequence): a county folder's runs, or each county's of a province.
        var byRun: [String: [DrawTotals]] = [:]
        var order: [String] = []
        for file in files {
            for t in file.totals {
                let key = "\(t.group)#\(t.sequence)"
                if byRun[key] == nil { order.append(key) }
                byRun[key, default: []].append(t)
            }
        }
        var merged: [DrawTotals] = []
        for key in order {
            guard let shards = byRun[key], let sample = shards.first else { continue }
            do { merged.append(try DrawTotals.merge(shards)) } catch {
                let place = sample.group.isEmpty ? "" : "\(sample.group), "
                throw CLIFailure(exit: .badInput, description: "\(place)scenario \(sample.scenario): \(error.description)")
            }
        }
        var projectionsByRun: [String: [ProjectionTotals]] = [:]
        var projectionOrder: [String] = []
        for file in files {
            for t in file.projections ?? [] {
                let key = "\(t.group)#\(t.sequence)"
                if projectionsByRun[key] == nil { projectionOrder.append(key) }
                projectionsByRun[key, default: []].append(t)
            }
        }
        var mergedProjections: [ProjectionTotals] = []
        for key in projectionOrder {
            guard let shards = projectionsByRun[key], let sample = shards.first else { continue }
            do { mergedProjections.append(try ProjectionTotals.merge(shards)) } catch {
                let place = sample.group.isEmpty ? "" : "\(sample.group), "
                throw CLIFailure(exit: .badInput, description: "\(place)projection of scenario \(sample.scenario): \(error.description)")
            }
        }
        MergedDraws.set(DrawSource(merged: merged, projections: mergedProjections))
        guard let verb = first.arguments.first, ["simulate", "compare", "plan"].contains(verb) else {
            throw CLIFailure(exit: .badInput, description: "the parts are of `tuopin \(first.arguments.joined(separator: " "))`, not of simulate, compare or plan")
        }
        guard FileManager.default.changeCurrentDirectoryPath(first.workingDirectory) else {
            throw CLIFailure(exit: .badInput, description: "cannot enter \(first.workingDirectory), the folder the shards ran in")
        }
        var command = try Tuopin.parseAsRoot(first.arguments)
        try command.run()
    }
}
