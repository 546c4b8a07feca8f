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

    @OptionGroup var simulation: SimulationArguments

    @OptionGroup var output: ComparisonOutputOptions

    func run() throws {
        CommandInputs.folders(directory)
        CommandInputs.files(scenarios)
        // The scenario files are read before the county folder, so that their errors come first.
        let paths = try ScenarioFiles.paths(folder: directory, given: scenarios)
        let parsed = try ScenarioFiles.load(paths)
        let workspace = try CountyWorkspace(folder: directory)
        let run = try workspace.compare(parsed, paths: paths, settings: simulation.settings, progress: simulation.progress)
        printWarnings(run.warnings)
        if try simulation.finishShard() { return }
        try output.emit(run.comparison, language: output.lang ?? workspace.defaultLanguage)
    }
}
