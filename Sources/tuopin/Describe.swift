import ArgumentParser
import Foundation
import Study

/// `tuopin describe DIR`: the county's poverty profile in text, Markdown, CSV or JSON.
struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Profile a county: poor persons and incidence by township and tier, village exits, income sources, categories and causes, guarantee gaps, relocation against site capacity.",
        discussion: "Incidence = poor persons (registered, not yet exited) ÷ agricultural population, as a fraction in JSON and CSV.")

    @Argument(help: "County folder.")
    var directory: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try output.require([.text, .markdown, .csv, .json, .xlsx], verb: "describe")
    }

    func run() throws {
        CommandInputs.folders(directory)
        let report = try CountyWorkspace(folder: directory).profile(language: output.lang)
        if output.format == .xlsx { return try output.emit(data: report.tables().workbook(report.lang)) }
        try output.emit(report.rendered(as: output.reportFormat))
    }
}
