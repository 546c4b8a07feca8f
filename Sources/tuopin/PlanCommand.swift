import ArgumentParser
import Foundation
import Planning
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
        if Province.isProvinceFolder(directory) { return try runProvince() }
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

    /// A province folder (`province.toml`): every county's plan and the province's joint figures.
    func runProvince() throws {
        if output.format == .xlsx { throw ValidationError("plan of a province prints --format text, markdown, csv, json or html") }
        let province = try Province.load(folder: directory)
        for county in province.counties { CommandInputs.folders(county) }
        let started = Date()
        let plan = try ProvincePlan.run(province, settings: simulation.settings, progress: simulation.progress)
        for county in plan.counties { printWarnings(county.run.warnings.map { "\(county.name): \($0)" }) }
        if try simulation.finishShard() { return }
        try output.emit(province: plan, language: output.lang ?? (province.name.unicodeScalars.contains { $0.value > 0x2E80 } ? .zh : .en))
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data("tuopin: \(province.name): \(province.counties.count) counties × \(plan.scenarios.count) shared scenarios × \(simulation.draws) draws in \(seconds) s\n".utf8))
    }
}
