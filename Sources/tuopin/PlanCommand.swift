import ArgumentParser
import Foundation
import Study

/// `tuopin plan DIR`: the main job — validate, fit, plan, simulate every scenario, compare.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The main job: validate the county folder, fit the income model, build the plan, simulate every scenario in DIR/scenarios/ and print the comparison.",
        discussion: """
            Steps: 1. check every file of DIR (as tuopin validate); 2. fit income ~ labour + migrant_workers + size | village \
            (village effects, standard errors clustered by village) and print its coefficients; 3. the allocation: even \
            spreading of funds.csv (the baseline of tuopin allocate: an equal share per poor village, spent at each project type's return), and the optimised allocation of `tuopin allocate` for scenarios that ask for it; \
            4. simulate each scenario of DIR/scenarios/ (baseline.toml first) with the same seed; 5. print the comparison. \
            With --format json, csv, html or xlsx the income model goes to standard error and only the comparison to the output.
            """)

    @Argument(help: "County folder with a scenarios/ subfolder.")
    var directory: String

    @OptionGroup var simulation: SimulationArguments

    @OptionGroup var output: ComparisonOutputOptions

    func run() throws {
        CommandInputs.folders(directory)
        let started = Date()
        let workspace = try openCountyReportingEveryError(directory, otherwise: "nothing was simulated")
        let run = try workspace.compare(settings: simulation.settings, progress: simulation.progress)
        printWarnings(run.warnings)
        if try simulation.finishShard() { return }
        let language = output.lang ?? workspace.defaultLanguage
        let summary = run.incomeModelSummary.text(language)
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        let inline = output.format == .text || output.format == .markdown
        if !inline { FileHandle.standardError.write(Data(summary.utf8)) }
        try output.emit(run.comparison, language: language, prefix: inline ? summary + "\n" : "")
        FileHandle.standardError.write(Data("tuopin: \(workspace.registry.county.name): \(run.scenarioPaths.count) scenarios × \(simulation.draws) draws in \(seconds) s\n".utf8))
    }
}
