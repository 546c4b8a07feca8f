import ArgumentParser
import Foundation
import Reports
import Tabular

/// `tuopin render`: renders a saved scenario comparison (the model JSON that `--write-model`
/// prints) in any report format. `compare` and `plan` build the same model from simulations.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a saved scenario comparison as a text, Markdown, CSV, JSON, xlsx or self-contained HTML report.",
        discussion: """
            COMPARISON.json is a comparison model (scenarios, indicator rows with intervals, breakdowns by township \
            and tier, chart series), as printed by --write-model. --demo renders a built-in comparison with invented \
            Dai County figures. The JSON output is the one of `tuopin compare`: {"scenarios": [names, baseline first], \
            "rows": [{"key", "label", "values": [one per scenario], ...}]}.
            """
    )

    @Argument(help: "Comparison model file (JSON).")
    var model: String?

    @Flag(help: "Render the built-in demonstration comparison (invented figures) instead of a file.")
    var demo = false

    @Option(help: "Add the breakdown table by township or by tier.")
    var by: BreakdownDimension?

    @Flag(help: "With --format csv: UTF-8 with a byte-order mark and CRLF line ends, so Excel opens Chinese labels correctly.")
    var excel = false

    @Flag(help: "Print the comparison model itself (the JSON this verb reads) instead of a report.")
    var writeModel = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if demo == (model != nil) { throw ValidationError("give either a comparison file or --demo") }
        if excel && output.format != .csv { throw ValidationError("--excel goes with --format csv") }
    }

    func run() throws {
        if let model { CommandInputs.files(model) }
        let comparison: Comparison
        if let model {
            guard let data = FileManager.default.contents(atPath: model) else {
                throw InputError(file: model, message: "cannot read the file")
            }
            comparison = try Comparison(modelJSON: data, file: model)
        } else {
            comparison = .daiCountyDemo()
        }
        if writeModel {
            try output.emit(String(decoding: try comparison.modelJSON(), as: UTF8.self))
            return
        }
        if output.format == .xlsx {
            try output.emit(data: try comparison.workbook(language: output.lang, by: by))
            return
        }
        try output.emit(try comparison.rendered(as: reportFormat, language: output.lang, by: by))
    }

    private var reportFormat: ReportFormat {
        switch output.format {
        case .xlsx: return .csv
        case .text: return .text
        case .markdown: return .markdown
        case .csv: return excel ? .excelCSV : .csv
        case .json: return .json
        case .html: return .html
        }
    }
}

extension BreakdownDimension: ExpressibleByArgument {}
