import ArgumentParser
import Foundation
import Reports
import Study

/// Output options of the verbs that end in a scenario comparison (`compare`, `plan`).
struct ComparisonOutputOptions: ParsableArguments {
    @Option(help: "Output format: text, markdown, csv, json, html or xlsx.")
    var format: OutputFormat = .text

    /// nil: the county's default (`CountyWorkspace.defaultLanguage`).
    @Option(help: "Label language: zh or en (default: zh for a county with a Chinese name).")
    var lang: Language?

    @Option(help: "Add the breakdown table by township or by tier.")
    var by: BreakdownDimension?

    @Flag(help: "With --format csv: UTF-8 with a byte-order mark and CRLF line ends, for Excel.")
    var excel = false

    @Option(help: "Write the result to this file (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        if excel && format != .csv { throw ValidationError("--excel goes with --format csv") }
    }

    /// Renders the comparison and writes it to standard output or `--output`.
    /// With `projection` (`plan`/`compare --through`), its by-year section follows the comparison
    /// (`ProjectionReport.rendered(after:as:language:by:prefix:)`, which the web app's downloads use
    /// too): tables after the text, Markdown and CSV, keys after the JSON object's, a section before
    /// the end of the HTML page's main part, sheets after the workbook's.
    func emit(_ comparison: Comparison, language: Language, prefix: String = "", projection: ProjectionReport? = nil) throws {
        if let projection {
            switch format {
            case .xlsx: try write(try projection.workbook(after: comparison, language: language, by: by))
            case .text: try write(try projection.rendered(after: comparison, as: .text, language: language, by: by, prefix: prefix))
            case .markdown: try write(try projection.rendered(after: comparison, as: .markdown, language: language, by: by, prefix: prefix))
            case .csv: try write(try projection.rendered(after: comparison, as: excel ? .excelCSV : .csv, language: language, by: by))
            case .json: try write(try projection.rendered(after: comparison, as: .json, language: language, by: by))
            case .html: try write(try projection.rendered(after: comparison, as: .html, language: language, by: by))
            }
            return
        }
        if format == .xlsx {
            try write(try comparison.workbook(language: language, by: by))
            return
        }
        let rendered: ReportFormat
        switch format {
        case .text, .xlsx: rendered = .text
        case .markdown: rendered = .markdown
        case .csv: rendered = excel ? .excelCSV : .csv
        case .json: rendered = .json
        case .html: rendered = .html
        }
        let text = prefix + (try comparison.rendered(as: rendered, language: language, by: by))
        try write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Renders a province plan (`ProvincePlan`): its tables as text, Markdown, CSV or HTML, or its JSON.
    func emit(province plan: ProvincePlan, language: Language) throws {
        let tables = plan.tables
        let text: String
        switch format {
        case .json: text = plan.json.rendered(indent: 2)
        case .markdown: text = tables.map { $0.markdown(language) }.joined(separator: "\n")
        case .csv:
            let body = tables.map { $0.csv(language) }.joined(separator: "\n")
            if excel {
                try write(Data([0xEF, 0xBB, 0xBF]) + Data(body.replacingOccurrences(of: "\n", with: "\r\n").utf8))
                return
            }
            text = body
        case .html: text = "<!doctype html><meta charset=\"utf-8\"><title>\(plan.province.name)</title>\n" + tables.map { $0.html(language) }.joined(separator: "\n")
        case .text, .xlsx: text = tables.map { $0.text(language) }.joined(separator: "\n")
        }
        try write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    private func write(_ data: Data) throws {
        if let output { try writeAtomically(data, to: output) } else { try writeStandardOutput(data) }
    }
}
