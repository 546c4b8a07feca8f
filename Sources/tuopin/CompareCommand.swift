import ArgumentParser
import Foundation
import Study

/// `tuopin compare DIR [scenario files…]`: simulates each scenario and prints them side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Simulate several scenarios and compare them side by side: a table for leaders (text, Markdown, CSV, JSON, HTML, xlsx; zh or en).",
        discussion: """
            Without scenario files, every *.toml in DIR/scenarios/ is compared, baseline.toml first (else the first by \
            name). Every scenario runs with the same seed and draws (common random numbers), so differences come from \
            the scenarios. JSON: {"scenarios": [names, baseline first], "rows": [{"key", "label", "values": [one per \
            scenario], ...}]}; see docs/compare.md.
            """)

    @Argument(help: "County folder.")
    var directory: String

    @Argument(help: "Scenario files (TOML); default: DIR/scenarios/*.toml.")
    var scenarios: [String] = []

    @Option(help: "Project every scenario year by year from the registry's year + 1 through this year (as tuopin plan --through) and add the by-year section: tables after the comparison, keys through/years/exit_year in JSON, the path chart in HTML, sheets in xlsx.", transform: NumberOption.wholeNumber)
    var through: Int?

    @OptionGroup var simulation: SimulationArguments

    @OptionGroup var output: ComparisonOutputOptions

    func run() throws {
        CommandInputs.folders(directory)
        CommandInputs.files(scenarios)
        // The scenario files are read before the county folder, so that their errors come first.
        let paths = try ScenarioFiles.paths(folder: directory, given: scenarios)
        let parsed = try ScenarioFiles.load(paths)
        let workspace = try CountyWorkspace(folder: directory)
        if let through { try ThroughOption.check(through, workspace: workspace) }
        let run = try workspace.compare(parsed, paths: paths, settings: simulation.settings, progress: simulation.progress)
        printWarnings(run.warnings)
        var projection: ProjectionRun?
        if let through {
            projection = try workspace.project(parsed, paths: paths, through: through, settings: simulation.settings, progress: simulation.progress)
            printWarnings(projection?.warnings ?? [])
        }
        if try simulation.finishShard() { return }
        try output.emit(run.comparison, language: output.lang ?? workspace.defaultLanguage, projection: projection?.report)
    }
}
