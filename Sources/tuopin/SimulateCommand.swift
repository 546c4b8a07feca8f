import ArgumentParser
import Foundation
import Simulation
import Study

/// `tuopin simulate DIR --scenario FILE`: the Monte-Carlo projection of next year under one scenario.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate next year for every household under one scenario: poor persons, exits, 返贫, targets, early-warning list.",
        discussion: """
            Loads the county folder, fits the income model (income ~ labour + migrant_workers + size | village), \
            builds the scenario's plan (even spreading, the optimised allocation of `allocate`, or a fixed plan) and runs --draws \
            versions of next year. Intervals are the 5 % and 95 % quantiles over the draws. The same --seed gives \
            byte-identical output whatever --threads is. Scenario files: notebooks-data/README.md.
            """)

    @Argument(help: "County folder.")
    var directory: String

    @Option(help: "Scenario file (TOML).")
    var scenario: String

    @Option(help: "Project the scenario year by year through this year (see tuopin plan --through) and add the by-year tables (text) or keys (JSON).", transform: NumberOption.wholeNumber)
    var through: Int?

    @OptionGroup var simulation: SimulationArguments

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try output.require([.text, .json], verb: "simulate")
    }

    func run() throws {
        CommandInputs.folders(directory)
        CommandInputs.files(scenario)
        // The scenario file is read before the county folder, so that its errors come first.
        let parsed = try Scenario.load(path: scenario)
        let workspace = try CountyWorkspace(folder: directory)
        if let through { try ThroughOption.check(through, workspace: workspace) }
        let run = try workspace.simulate(parsed, scenarioPath: scenario, settings: simulation.settings, progress: simulation.progress)
        printWarnings(run.warnings)
        var projection: ProjectionRun?
        if let through {
            projection = try workspace.project([parsed], paths: [scenario], through: through, settings: simulation.settings,
                                               progress: simulation.progress)
            printWarnings(projection?.warnings ?? [])
        }
        if try simulation.finishShard() { return }
        switch output.format {
        case .json:
            var json = run.report.json()
            if let projection, case .object(let pairs) = json { json = .object(pairs + projection.report.jsonPairs) }
            try output.emit(json: json)
        default:
            try output.emit(run.report.text(output.lang) + (projection.map { "\n" + $0.report.text(output.lang) } ?? ""))
        }
    }
}
