import ArgumentParser
import Foundation
import Planning
import Synchronization
import Reports
import Tabular

/// Output formats a verb may offer (`--format`).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, csv, json, html
    /// An Excel workbook (binary; verbs that offer it).
    case xlsx
}

/// Label language (`--lang`): `Reports.Language`, parsed from the command line.
extension Language: ExpressibleByArgument {}

/// Options every verb that prints a result shares.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, markdown, csv, json (html and xlsx where the verb offers them).")
    var format: OutputFormat = .text

    @Option(help: "Label language: zh or en.")
    var lang: Language = .en

    @Option(help: "Write the result to this file (atomically: a temporary file, then rename) instead of standard output.")
    var output: String?

    /// The renderers' format of `--format` (xlsx, which no table renderer writes, as text: verbs
    /// that offer xlsx write it themselves).
    var reportFormat: ReportFormat {
        switch format {
        case .text, .xlsx: return .text
        case .markdown: return .markdown
        case .csv: return .csv
        case .json: return .json
        case .html: return .html
        }
    }

    /// Writes bytes (a workbook) to standard output, or atomically to `--output`.
    func emit(data: Data) throws {
        if let path = output {
            try writeAtomically(data, to: path)
        } else {
            try writeStandardOutput(data)
        }
    }

    /// Prints `json` (and a newline) to standard output, or writes it atomically to `--output`:
    /// the same bytes as `emit(json.rendered())` without the intermediate string.
    func emit(json: JSON) throws {
        var bytes = json.renderedBytes()
        bytes.append(UInt8(ascii: "\n"))
        try emit(data: Data(bytes))
    }

    /// Prints `text` to standard output, or writes it atomically to `--output`.
    func emit(_ text: String) throws {
        try emit(data: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Prints a planning model's report in the chosen format: JSON, CSV, Markdown, else the text table.
    func emit(_ report: some PlanningReport) throws {
        switch format {
        case .json: try emit(json: report.json())
        case .csv: try emit(report.csv())
        case .markdown: try emit(report.table(markdown: true))
        default: try emit(report.table(markdown: false))
        }
    }

    /// Refuses a `--format` the verb does not print, naming the ones it does
    /// ("VERB prints --format text, csv or json", in the order given).
    func require(_ formats: [OutputFormat], verb: String) throws {
        guard !formats.contains(format) else { return }
        let names = formats.map(\.rawValue)
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "") : names.joined()
        throw ValidationError("\(verb) prints --format \(list)")
    }
}

/// Writes `data` atomically (`AtomicFile.write`); a failure is bad input (exit 1) naming the file.
/// - Throws: `CLIFailure` (exit 1) also when `path` is one of the files the command reads
///   (`CommandInputs`): nothing is written then.
func writeAtomically(_ data: Data, to path: String) throws {
    try CommandInputs.refuseOverwriting(path)
    do { try AtomicFile.write(data, to: path) } catch { throw CLIFailure(exit: .badInput, description: error.description) }
}

/// Writes `data` to standard output. A failed write (a full disk, a closed pipe: SIGPIPE is ignored
/// by `main`, so the write fails with EPIPE) is reported, exit 1, instead of killing the program.
func writeStandardOutput(_ data: Data) throws {
    do { try FileHandle.standardOutput.write(contentsOf: data) } catch {
        throw CLIFailure(exit: .badInput, description: "cannot write to standard output (\(error.localizedDescription))")
    }
}

/// The files and county folders the running command reads, so that no output (`--output`,
/// `--export-mps`, `--write-solution`) replaces one of them.
///
/// A county folder's inputs are its data files (`CountyFolder.requiredFiles` and `optionalFiles`,
/// present or not: writing a missing one would change the county), its workbooks (`*.xlsx`) and its
/// scenario files (`scenarios/*.toml`). Paths are compared after resolving symbolic links and `..`.
enum CommandInputs {
    private static let registered = Mutex<(files: [String], folders: [String])>(([], []))

    /// Records input files (CSV, MPS, TOML, JSON) the command reads.
    static func files(_ paths: String...) { files(paths) }
    static func files(_ paths: [String]) { registered.withLock { $0.files += paths.map(resolved) } }

    /// Records county folders the command reads.
    static func folders(_ paths: String...) { registered.withLock { $0.folders += paths.map(resolved) } }

    /// - Throws: `CLIFailure` (exit 1) when `output` is one of the registered inputs.
    static func refuseOverwriting(_ output: String) throws {
        let target = resolved(output)
        let (files, folders) = registered.withLock { ($0.files, $0.folders) }
        let name = (target as NSString).lastPathComponent, parent = (target as NSString).deletingLastPathComponent
        let readByAFolder = folders.contains { folder in
            (parent == folder && (CountyFolder.requiredFiles + CountyFolder.optionalFiles).contains(name))
                || (parent == folder && name.lowercased().hasSuffix(".xlsx"))
                || (parent == folder + "/scenarios" && name.lowercased().hasSuffix(".toml"))
        }
        if files.contains(target) || readByAFolder {
            throw CLIFailure(exit: .badInput, description: "\(output): is one of this command's own inputs; write the output elsewhere (nothing was written)")
        }
    }

    /// The absolute path with symbolic links and `.`/`..` resolved (the folder's, for a file that does not exist yet).
    private static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) { return url.resolvingSymlinksInPath().path }
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
    }
}

/// A report of `allocate` or `resettle`: the same result as JSON, CSV and a text or Markdown table.
protocol PlanningReport {
    func json() -> JSON
    func csv() -> String
    func table(markdown: Bool) -> String
}
