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
        let study = try CountyStudy(registry: registry, transitoryShare: simulation.transitoryShare, scenarios: parsed)
        let comparison = try ScenarioRunner(study: study, simulation: simulation).compare(parsed, paths: paths)
        try output.emit(comparison, language: output.language(countyName: registry.county.name))
    }
}

/// Runs the scenarios of a comparison one after another and fills the comparison model.
struct ScenarioRunner {
    var study: CountyStudy
    var simulation: SimulationArguments

    func compare(_ scenarios: [Scenario], paths: [String]) throws -> Comparison {
        let relocations = try relocationPlans(scenarios, paths: paths)
        var runs: [(result: SimulationResult, plan: PlanIncome)] = []
        for (k, (scenario, path)) in zip(scenarios, paths).enumerated() {
            let (result, plan, note) = try study.simulate(scenario, scenarioPath: path, relocation: relocations[k],
                                                          options: simulation.options(label: scenario.name))
            if let note { FileHandle.standardError.write(Data("tuopin: \(note)\n".utf8)) }
            runs.append((result, plan))
        }
        return ScenarioComparison(study: study, scenarios: scenarios, runs: runs, resettlement: relocations.map { $0?.result },
                                  draws: simulation.draws, seed: simulation.seed).comparison()
    }

    /// The relocation plan of each scenario (`CountyStudy.relocationRows` placed by
    /// `CountyStudy.resettle`, the model of `tuopin resettle` with its default costs and limits,
    /// without the values of one more flat or seat, which the table does not show). Scenarios without
    /// their own schedule share one solve on relocation.csv.
    /// - Throws: `InputErrors` when a scenario's relocation file is wrong.
    func relocationPlans(_ scenarios: [Scenario], paths: [String]) throws -> [RelocationPlan?] {
        var shared: RelocationPlan?
        var sharedSolved = false
        var plans: [RelocationPlan?] = []
        for (scenario, path) in zip(scenarios, paths) {
            if scenario.relocation == nil {
                if !sharedSolved { shared = try Self.relocationPlan(study, scenario, path: path, for: "relocation.csv"); sharedSolved = true }
                plans.append(shared)
            } else {
                plans.append(try Self.relocationPlan(study, scenario, path: path, for: "scenario \(scenario.name)"))
            }
        }
        return plans
    }

    /// One scenario's relocation plan; nil (said on stderr, unless the county relocates nobody)
    /// when it cannot be solved. A plan that stopped before its optimum is used and said.
    /// - Throws: `InputErrors` when the scenario's relocation file is wrong.
    static func relocationPlan(_ study: CountyStudy, _ scenario: Scenario, path: String?, for what: String) throws -> RelocationPlan? {
        let rows = try study.relocationRows(for: scenario, scenarioPath: path)
        do {
            var options = ResettlementOptions()
            options.marginalValues = false
            let plan = try study.resettle(rows, options: options)
            if plan.result.status != .optimal {
                FileHandle.standardError.write(Data("tuopin: resettlement of \(what) stopped with status \(plan.result.status.rawValue) (gap \(plan.result.gap)); its best plan is used\n".utf8))
            }
            return plan
        } catch ResettlementError.noRelocation {
            return nil
        } catch {
            FileHandle.standardError.write(Data("tuopin: no relocation for \(what): \(error)\n".utf8))
            return nil
        }
    }
}
