import ArgumentParser
import Foundation
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
            FileHandle.standardOutput.write(data)
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
func writeAtomically(_ data: Data, to path: String) throws {
    do { try AtomicFile.write(data, to: path) } catch { throw CLIFailure(exit: .badInput, description: error.description) }
}

/// A report of `allocate` or `resettle`: the same result as JSON, CSV and a text or Markdown table.
protocol PlanningReport {
    func json() -> JSON
    func csv() -> String
    func table(markdown: Bool) -> String
}
