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

    @Argument(help: "County folder with a scenarios/ subfolder, or a province folder with province.toml.")
    var directory: String

    @Option(name: .customLong("county-shard"), help: "Province only: run counties K, K+N, K+2N, … (K from 1) and write their partial result to --partial-output (with or without --shard for the draws).")
    var counties: String?

    @Option(help: "Project every scenario year by year from the registry's year + 1 through this year (a multi-year projection: the plans re-solved each year, exits, returns, the county's exit year); adds a by-year section to the comparison.", transform: NumberOption.wholeNumber)
    var through: Int?

    @OptionGroup var simulation: SimulationArguments

    @OptionGroup var output: ComparisonOutputOptions

    func run() throws {
        CommandInputs.folders(directory)
        if Province.isProvinceFolder(directory) {
            let sharded = try simulation.shardRange() != nil
            if through != nil, counties != nil || sharded {
                throw ValidationError("--through on a province runs every county and every draw: not with --county-shard, --shard or --draws-range")
            }
            return try runProvince()
        }
        if counties != nil { throw ValidationError("--county-shard goes with a province folder (province.toml)") }
        let started = Date()
        let workspace = try openCountyReportingEveryError(directory, otherwise: "nothing was simulated")
        if let through { try ThroughOption.check(through, workspace: workspace) }
        let run = try workspace.compare(settings: simulation.settings, progress: simulation.progress)
        printWarnings(run.warnings)
        var projection: ProjectionRun?
        if let through {
            // The comparison's income model, plans and relocation plans are reused, not computed again.
            projection = try workspace.project(scenarioPaths: run.scenarioPaths, through: through, settings: simulation.settings,
                                               progress: simulation.progress, reusing: run)
            printWarnings(projection?.warnings ?? [])
        }
        if try simulation.finishShard() { return }
        let language = output.lang ?? workspace.defaultLanguage
        let summary = run.incomeModelSummary.text(language)
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        let inline = output.format == .text || output.format == .markdown
        if !inline { FileHandle.standardError.write(Data(summary.utf8)) }
        try output.emit(run.comparison, language: language, prefix: inline ? summary + "\n" : "", projection: projection?.report)
        FileHandle.standardError.write(Data("tuopin: \(workspace.registry.county.name): \(run.scenarioPaths.count) scenarios × \(simulation.draws) draws in \(seconds) s\n".utf8))
    }

    /// A province folder (`province.toml`): every county's plan and the province's joint figures.
    func runProvince() throws {
        if output.format == .xlsx { throw ValidationError("plan of a province prints --format text, markdown, csv, json or html") }
        let province = try Province.load(folder: directory)
        for county in province.counties { CommandInputs.folders(county) }
        let started = Date()
        var countyShard: (index: Int, count: Int)?
        if let counties {
            guard let (k, n) = shardFraction(counties), k <= province.counties.count else {
                throw ValidationError("--county-shard expects K/N with 1 ≤ K ≤ N and K at most the \(province.counties.count) counties, found \"\(counties)\"")
            }
            guard try simulation.shardRange() != nil else {
                throw ValidationError("--county-shard goes with --shard K/N or --draws-range A..B (--shard 1/1 for every draw) and --partial-output")
            }
            countyShard = (k - 1, n)
        }
        let plan = try ProvincePlan.run(province, settings: simulation.settings, through: through, countyShard: countyShard,
                                        progress: simulation.progress)
        for county in plan.counties { printWarnings(county.run.warnings.map { "\(county.name): \($0)" }) }
        if try simulation.finishShard() { return }
        try output.emit(province: plan, language: output.lang ?? (province.name.unicodeScalars.contains { $0.value > 0x2E80 } ? .zh : .en))
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data("tuopin: \(province.name): \(province.counties.count) counties × \(plan.scenarios.count) shared scenarios × \(simulation.draws) draws in \(seconds) s\n".utf8))
    }
}
