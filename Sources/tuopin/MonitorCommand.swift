import ArgumentParser
import Foundation
import Simulation
import Study

/// `tuopin monitor DIR [--scenario F] [--year Y]`: the households to monitor (防返贫监测) in one year.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "List the households to monitor after exit (防返贫监测): unstable, marginal, sudden hardship; risk elimination; targeting errors.",
        discussion: """
            Needs the [monitoring] table of county.toml. Simulates the year (--year, default the registry's year + 1) under \
            the scenario (--scenario, default the folder's baseline) for registered and ordinary households \
            (ordinary_households.csv), classifies each from its probability of falling below the line and the threshold, its \
            compliant spending and recorded risks, gives the assistance that lifts it most cheaply, and reports inclusion and \
            exclusion errors of the list and of the allocation. Rules and keys: README.md (tuopin monitor).
            """)

    @Argument(help: "County folder.")
    var directory: String

    @Option(help: "Scenario file (TOML); default: the folder's baseline scenario.")
    var scenario: String?

    @Option(help: "Year to classify (the simulated year: the registry's year + 1).", transform: NumberOption.wholeNumber)
    var year: Int?

    @Option(help: "Monte-Carlo draws.", transform: NumberOption.wholeNumber)
    var draws: Int = 500

    @Option(help: "Seed of the random numbers; the same seed gives the same output whatever --threads is.")
    var seed: UInt64 = 20_201_231

    @Option(help: "Worker threads (default: the number of cores).", transform: NumberOption.wholeNumber)
    var threads: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try output.require([.text, .markdown, .csv, .json, .html, .xlsx], verb: "monitor")
        if draws < 1 || draws > SimulationOptions.maximumDraws { throw ValidationError("--draws must be from 1 to \(SimulationOptions.maximumDraws), found \(draws)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        CommandInputs.folders(directory)
        if let scenario { CommandInputs.files(scenario) }
        let workspace = try CountyWorkspace(folder: directory)
        let path = try scenario ?? workspace.scenarioPaths().first ?? ""
        let parsed = try Scenario.load(path: path)
        let settings = StudySettings(draws: draws, seed: seed, threads: threads)
        let run: (result: MonitoringResult, warnings: [String])
        do {
            run = try workspace.monitor(parsed, scenarioPath: path, year: year, settings: settings)
        } catch let error as MonitoringError {
            if case .yearNotSimulated = error { throw CLIFailure(exit: .usage, description: error.description) }
            throw CLIFailure(exit: .badInput, description: error.description)
        }
        printWarnings(run.warnings)
        let report = MonitoringReport(result: run.result, registry: workspace.registry, lang: output.lang)
        if output.format == .xlsx { try output.emit(data: report.tables().workbook(report.lang)) } else {
            try output.emit(report.rendered(as: output.reportFormat))
        }
        FileHandle.standardError.write(Data("tuopin: monitored \(run.result.examined) households in \(String(format: "%.2f", run.result.seconds)) s\n".utf8))
    }
}
