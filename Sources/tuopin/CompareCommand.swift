import ArgumentParser
import Foundation
import Planning
import Simulation

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
        let paths = try ScenarioFiles.paths(folder: directory, given: scenarios)
        let parsed = try ScenarioFiles.load(paths)
        let registry = try CountyFolder.load(directory)
        let study = try CountyStudy(registry: registry, transitoryShare: simulation.transitoryShare)
        let comparison = try ScenarioRunner(study: study, simulation: simulation).compare(parsed, paths: paths)
        try output.emit(comparison, language: output.language(countyName: registry.county.name))
    }
}

/// Runs the scenarios of a comparison one after another and fills the comparison model.
struct ScenarioRunner {
    var study: CountyStudy
    var simulation: SimulationArguments

    func compare(_ scenarios: [Scenario], paths: [String]) throws -> Comparison {
        var runs: [(result: SimulationResult, plan: PlanIncome)] = []
        for (scenario, path) in zip(scenarios, paths) {
            let (result, plan, note) = try study.simulate(scenario, scenarioPath: path, options: simulation.options(label: scenario.name))
            if let note { FileHandle.standardError.write(Data("tuopin: \(note)\n".utf8)) }
            runs.append((result, plan))
        }
        return ScenarioComparison(study: study, scenarios: scenarios, runs: runs, draws: simulation.draws, seed: simulation.seed).comparison()
    }
}
