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
        let study = try CountyStudy(registry: registry, transitoryShare: simulation.transitoryShare,
                                     optimise: parsed.contains { $0.allocation == .optimised })
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
        return ScenarioComparison(study: study, scenarios: scenarios, runs: runs, resettlement: try resettlements(scenarios, paths: paths),
                                  draws: simulation.draws, seed: simulation.seed).comparison()
    }

    /// The resettlement plan of each scenario: the model of `tuopin resettle` with its default costs
    /// and limits (without the values of one more flat or seat, which the table does not show), on relocation.csv for a scenario without `[relocation]` (solved once and shared),
    /// on the scenario's own relocating households otherwise — `file`: that file (columns of
    /// relocation.csv, path relative to the scenario file) in place of relocation.csv; `count = n`:
    /// the first n households of relocation.csv in the order of the plan (by year, then file order).
    /// nil for a scenario with no relocating households or a county without sites (said on stderr).
    /// - Throws: `InputErrors` when a scenario's relocation file is wrong.
    func resettlements(_ scenarios: [Scenario], paths: [String]) throws -> [ResettlementResult?] {
        var shared: ResettlementResult?
        var sharedSolved = false
        var plans: [ResettlementResult?] = []
        for (scenario, path) in zip(scenarios, paths) {
            var registry = study.registry
            switch scenario.relocation {
            case nil:
                if !sharedSolved { shared = resettle(registry, for: "relocation.csv"); sharedSolved = true }
                plans.append(shared)
                continue
            case let .file(file)?:
                let full = file.hasPrefix("/") ? file : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
                registry.relocation = try CountyFolder.loadRelocationFile(full, registry: registry)
            case let .count(count)?:
                let ordered = registry.relocation.enumerated().sorted { a, b in
                    a.element.year != b.element.year ? a.element.year < b.element.year : a.offset < b.offset
                }
                registry.relocation = ordered.prefix(max(0, count)).map(\.element)
            }
            plans.append(resettle(registry, for: "scenario \(scenario.name)"))
        }
        return plans
    }

    private func resettle(_ registry: CountyRegistry, for what: String) -> ResettlementResult? {
        do {
            var options = ResettlementOptions()
            options.marginalValues = false  // the comparison shows the assignment only
            let result = try Resettlement.solve(registry, options: options)
            if result.status != .optimal {
                FileHandle.standardError.write(Data("tuopin: resettlement of \(what) stopped with status \(result.status.rawValue) (gap \(result.gap)); its best plan is shown\n".utf8))
            }
            return result
        } catch {
            FileHandle.standardError.write(Data("tuopin: no relocation figures for \(what): \(error)\n".utf8))
            return nil
        }
    }
}
