import ArgumentParser
import Foundation
import Planning

/// `tuopin describe DIR`: the county's poverty profile in text, Markdown, CSV or JSON.
struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Profile a county: poor persons and incidence by township and tier, village exits, income sources, categories and causes, guarantee gaps, relocation against site capacity.",
        discussion: "Incidence = poor persons (registered, not yet exited) ÷ agricultural population, as a fraction in JSON and CSV.")

    @Argument(help: "County folder.")
    var directory: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try output.require([.text, .markdown, .csv, .json], verb: "describe")
    }

    func run() throws {
        let registry = try CountyFolder.load(directory)
        let profile = CountyProfile(registry)
        let report = DescribeReport(profile: profile, lang: output.lang)
        switch output.format {
        case .json: try output.emit(report.json().rendered())
        case .text: try output.emit(report.headline() + "\n" + report.tables().map { $0.text(output.lang) }.joined(separator: "\n"))
        case .markdown: try output.emit("# " + report.headline() + "\n" + report.tables().map { $0.markdown(output.lang) }.joined(separator: "\n"))
        case .csv: try output.emit(report.tables().map { $0.csv(output.lang) }.joined(separator: "\n"))
        case .html, .xlsx: throw ValidationError("describe offers --format text, markdown, csv or json")
        }
    }
}
