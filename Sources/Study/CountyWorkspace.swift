import Foundation
import Planning
import Reports
import Simulation
import Tabular

/// A county folder opened for study: its registry, checked completely, and the jobs the verbs and
/// the web app share — the profile (`describe`), one scenario's simulation (`simulate`) and the
/// comparison of several (`compare`, and `plan`, the main job). Data flows one way: the folder's
/// files → the registry → the income model and the plans → the simulations → the reports.
public struct CountyWorkspace: Sendable {
    /// The county folder as given.
    public let folder: String
    /// The registry read from it.
    public let registry: CountyRegistry

    /// Reads and checks every file of `folder` (as `tuopin validate`).
    /// - Throws: `InputErrors` with every problem found, each as `file:line:column`.
    public init(folder: String) throws(InputErrors) {
        self.folder = folder
        registry = try CountyFolder.load(folder)
    }

    /// A workspace on a registry already in memory; `folder` is where its scenario files are found.
    public init(folder: String, registry: CountyRegistry) {
        self.folder = folder
        self.registry = registry
    }

    /// The folder's scenario files (`scenarios/*.toml`, `baseline.toml` first, else the first by
    /// name), or `given` when it is not empty.
    /// - Throws: `InputError` when none is given and the folder has none.
    public func scenarioPaths(_ given: [String] = []) throws -> [String] {
        try ScenarioFiles.paths(folder: folder, given: given)
    }

    /// The label language a report of this county takes by default: Chinese when the county's
    /// name has Chinese characters, else English.
    public var defaultLanguage: Language {
        registry.county.name.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? .zh : .en
    }

    /// The county's profile (what `tuopin describe` prints) with labels in `language`.
    public func profile(language: Language) -> DescribeReport {
        DescribeReport(profile: CountyProfile(registry), lang: language)
    }

    /// Simulates the scenarios of `scenarioPaths` (default: the folder's) with `settings` and fills
    /// the comparison: every file is parsed before anything is simulated, the income model is fitted
    /// once, each plan a scenario selects is built once, and every scenario runs with the same seed.
    /// - Throws: `InputError` for a missing or bad scenario file (or duplicate names), the
    ///   regression's errors when the registry cannot identify the income model, and the errors of
    ///   `ScenarioRunner.compare`.
    public func compare(scenarioPaths given: [String] = [], settings: StudySettings = StudySettings(),
                        progress: StudyProgress.Handler? = nil) throws -> ComparisonRun {
        let paths = try scenarioPaths(given)
        return try compare(try ScenarioFiles.load(paths), paths: paths, settings: settings, progress: progress)
    }

    /// Simulates `scenarios` (baseline first, parsed from the files `paths`, against which the files
    /// they name are resolved) with `settings` and fills the comparison, as `compare(scenarioPaths:)`.
    /// - Throws: as `compare(scenarioPaths:settings:progress:)`, less the errors of reading the files.
    public func compare(_ scenarios: [Scenario], paths: [String], settings: StudySettings = StudySettings(),
                        progress: StudyProgress.Handler? = nil) throws -> ComparisonRun {
        let study = try CountyStudy(registry: registry, transitoryShare: settings.transitoryShare, scenarios: scenarios)
        let (comparison, warnings) = try ScenarioRunner(study: study, settings: settings, progress: progress, folder: folder).compare(scenarios, paths: paths)
        return ComparisonRun(scenarioPaths: paths, result: comparison, comparison: comparison.comparison(), warnings: warnings)
    }

    /// Simulates `scenario` (read from the file `scenarioPath`, against which the files it names are
    /// resolved; nil: relative to the working folder) with `settings`.
    /// - Throws: the regression's errors when the registry cannot identify the income model, and
    ///   the errors of `ScenarioRunner.simulate`.
    public func simulate(_ scenario: Scenario, scenarioPath: String?, settings: StudySettings = StudySettings(),
                         progress: StudyProgress.Handler? = nil) throws -> SimulationRun {
        let study = try CountyStudy(registry: registry, transitoryShare: settings.transitoryShare, scenarios: [scenario])
        let (report, warnings) = try ScenarioRunner(study: study, settings: settings, progress: progress, folder: folder).simulate(scenario, path: scenarioPath)
        return SimulationRun(report: report, warnings: warnings)
    }
}

/// What one comparison gave: the scenarios' files, the filled comparison and the run's messages.
public struct ComparisonRun: Sendable {
    /// The scenario files simulated, baseline first.
    public var scenarioPaths: [String]
    /// The scenarios' results, plans and the comparison built from them.
    public var result: ScenarioComparison
    /// The comparison model the renderers print (`Comparison.rendered(as:language:by:)`).
    public var comparison: Comparison
    /// Messages for a person (a fallback to even spreading, a resettlement solve that stopped early),
    /// in the order they arose.
    public var warnings: [String]

    /// The county as prepared: its income model and plans.
    public var study: CountyStudy { result.study }
    /// The income model's summary that `plan` prints before the comparison.
    public var incomeModelSummary: IncomeModelSummary { IncomeModelSummary(study: result.study) }
}

/// What one scenario's simulation gave: its report (JSON and text of `tuopin simulate`) and messages.
public struct SimulationRun: Sendable {
    public var report: SimulationReport
    /// Messages for a person, in the order they arose.
    public var warnings: [String]
}
