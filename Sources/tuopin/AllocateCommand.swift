import ArgumentParser
import Foundation
import Optimization
import Planning
import Reports

extension AllocationObjective: ExpressibleByArgument {}

/// `tuopin allocate DIR`: the fund-allocation LP (sources → project types → villages) against the
/// even-spreading baseline; see docs/planning.md.
struct AllocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Allocate the county's funds to project types and villages so that the most poor persons cross the line.",
        discussion: """
            Exit codes: 0 optimal; 1 bad input; 3 infeasible or no optimum (what is short is printed on stderr).
            JSON keys: status, objective, gap, persons_lifted, cost, baseline {persons_lifted, cost}, sources
            [{source, amount, used, shadow_price}], plus plan, villages, townships, binding_rules, exit_margin,
            target_income. --exit-margin m lifts households to line × (1 + m) instead of the line (stable exit, 稳定脱贫).
            """
    )

    @Argument(help: "County folder (county.toml, households.csv, projects.csv, funds.csv, …).")
    var folder: String

    @Option(help: "Total yuan that may be spent across all sources (default: every source's own amount).", transform: NumberOption.decimal)
    var budget: Double?

    @Option(help: "What to maximise: persons (lifted above the line), gap (aggregate gap closed), fgt2 (squared gap reduced).")
    var objective: AllocationObjective = .persons

    @Option(help: "Weight of persons in tier-1 townships.", transform: NumberOption.decimal)
    var tier1Weight: Double = 1.2

    @Option(help: "Weight factor for registered poor villages.", transform: NumberOption.decimal)
    var poorVillageWeight: Double = 1.1

    @Option(help: "Stable-exit margin (稳定脱贫), a fraction 0–1 of the poverty line: lift households to line × (1 + margin) instead of exactly to the line.", transform: NumberOption.decimal)
    var exitMargin: Double = 0

    @Option(help: "Write the complete model as free-format MPS to this file.")
    var exportMps: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let b = budget, !(b > 0) { throw ValidationError("--budget must be a positive number of yuan") }
        guard tier1Weight > 0, poorVillageWeight > 0 else { throw ValidationError("weights must be positive") }
        guard (0...1).contains(exitMargin) else {
            throw ValidationError("--exit-margin must be a fraction of the poverty line between 0 and 1 (0.1: lift to the line × 1.1), found \(exitMargin)")
        }
        try output.require([.text, .markdown, .csv, .json], verb: "allocate")
    }

    func run() throws {
        CommandInputs.folders(folder)
        // Only the tables the model uses: allocate reads no resettlement data and no ordinary households.
        let registry = try CountyFolder.load(folder, tables: .programmes)
        var options = FundAllocationOptions()
        options.objective = objective
        options.budget = budget
        options.tier1Weight = tier1Weight
        options.poorVillageWeight = poorVillageWeight
        options.exitMargin = exitMargin
        let model = try FundAllocationModel(registry: registry, options: options)
        if let path = exportMps {
            try writeAtomically(Data(MPSWriter.text(model.fullModel).utf8), to: path)
        }
        let result = FundAllocation.solve(model, registry: registry, options: options)
        let report = AllocationReport(result: result, registry: registry, language: output.lang)
        try output.emit(report)
        guard result.status == .optimal else {
            throw PlanningOutcomeFailure(what: "allocation", status: result.status, shortfalls: result.shortfalls)
        }
    }
}

/// A planning model that ended without an optimum: exit 3 after the report, with what is short.
struct PlanningOutcomeFailure: Error, CustomStringConvertible {
    var what: String
    var status: SolveStatus
    var shortfalls: [String]
    var description: String {
        var text = "the \(what) model ended \(status.rawValue)"
        if !shortfalls.isEmpty { text += ":\n  " + shortfalls.joined(separator: "\n  ") }
        else if status == .infeasible { text += " (no rule alone is short; rules conflict in combination)" }
        return text
    }
}
