import ArgumentParser
import Foundation
import Planning
import Simulation

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

    @OptionGroup var simulation: SimulationArguments

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try output.require([.text, .json], verb: "simulate")
    }

    func run() throws {
        let parsed = try Scenario.load(path: scenario)
        let registry = try CountyFolder.load(directory)
        let study = try CountyStudy(registry: registry, transitoryShare: simulation.transitoryShare, scenarios: [parsed])
        let relocation = try ScenarioRunner.relocationPlan(study, parsed, path: scenario, for: "scenario \(parsed.name)")
        let (result, plan, note) = try study.simulate(parsed, scenarioPath: scenario, relocation: relocation,
                                                      options: simulation.options(label: parsed.name))
        if let note { FileHandle.standardError.write(Data("tuopin: \(note)\n".utf8)) }
        let report = SimulationReport(result: result, plan: plan, study: study, relocation: relocation, effects: parsed.relocationEffects,
                                      works: parsed.policy.infrastructureWorks)
        switch output.format {
        case .json: try output.emit(json: report.json())
        default: try output.emit(report.text(output.lang))
        }
    }
}
