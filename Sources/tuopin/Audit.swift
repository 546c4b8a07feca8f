import ArgumentParser
import Foundation
import Study

/// `tuopin audit DIR`: the offices' consistency checks on the registry; exit 0 without findings,
/// 1 with findings (a data problem, as for `validate`), after the report has been written.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit the poverty registry: the offices' business-rule checks (two no-worries and three guarantees, exit criteria, safety net), every finding as file:line.",
        discussion: "The folder is first checked as by `validate`. Exit 0 when no rule fires; exit 1 when there are findings (the report is written first) or the folder is not valid.")

    @Argument(help: "County folder.")
    var directory: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try output.require([.text, .markdown, .csv, .json, .html, .xlsx], verb: "audit")
    }

    func run() throws {
        CommandInputs.folders(directory)
        let workspace = try openCountyReportingEveryError(directory, otherwise: "nothing was audited")
        let report = workspace.audit(language: output.lang)
        if output.format == .xlsx { try output.emit(data: report.tables().workbook(report.lang)) } else {
            try output.emit(report.rendered(as: output.reportFormat))
        }
        let n = report.result.findings.count
        if n > 0 {
            throw CLIFailure(exit: .badInput, description: "\(directory): \(n) audit finding\(n == 1 ? "" : "s")")
        }
    }
}
