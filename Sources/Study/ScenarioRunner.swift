import Foundation
import Planning
import Reports
import Simulation

/// How a study simulates: the Monte-Carlo settings every simulating verb shares.
public struct StudySettings: Sendable, Equatable {
    /// Monte-Carlo draws per scenario (at least 1).
    public var draws: Int
    /// Seed of the random numbers; the same seed gives the same results whatever `threads` is.
    public var seed: UInt64
    /// Worker threads (at least 1).
    public var threads: Int
    /// Share (0–1) of the income regression's residual variance drawn again next year.
    public var transitoryShare: Double
    /// Length of the early-warning list (监测户) of each scenario.
    public var earlyWarningCount: Int
    /// Where the draws come from when the study runs in shards (`DrawSource`): each scenario's
    /// simulation, in scenario order, runs the shard's draws or takes merged totals. nil: all here.
    public var drawSource: DrawSource?

    /// The defaults of the CLI: 500 draws, seed 20201231, one thread per core, the income model's
    /// default transitory share, 20 households on the early-warning list.
    public init(draws: Int = 500, seed: UInt64 = 20_201_231, threads: Int? = nil,
                transitoryShare: Double = IncomeModel.defaultTransitoryShare, earlyWarningCount: Int = 20) {
        self.draws = draws
        self.seed = seed
        self.threads = threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        self.transitoryShare = transitoryShare
        self.earlyWarningCount = earlyWarningCount
    }

    /// The engine's options for one scenario, reporting its draws to `progress` under `scenario`.
    func options(scenario index: Int, of count: Int, name: String, progress: StudyProgress.Handler?) -> SimulationOptions {
        var options = SimulationOptions(draws: draws, seed: seed, threads: threads, earlyWarningCount: earlyWarningCount)
        options.drawSource = drawSource
        if let progress {
            options.progress = { done, total in
                progress(StudyProgress(scenarioIndex: index, scenarioCount: count, scenario: name, completedDraws: done, totalDraws: total))
            }
        }
        return options
    }
}

/// How far a study's simulations have come: the scenario running and its completed draws.
public struct StudyProgress: Sendable, Equatable {
    /// Receives the progress, one call at a time, from the simulating thread.
    public typealias Handler = @Sendable (StudyProgress) -> Void

    /// Zero-based position of the running scenario, and the number of scenarios.
    public var scenarioIndex: Int
    public var scenarioCount: Int
    /// The running scenario's name.
    public var scenario: String
    /// Draws done of the running scenario, and its draws in all.
    public var completedDraws: Int
    public var totalDraws: Int

    /// The fraction of the whole run done, 0–1 (scenarios count equally).
    public var fraction: Double {
        guard scenarioCount > 0, totalDraws > 0 else { return 0 }
        return (Double(scenarioIndex) + Double(completedDraws) / Double(totalDraws)) / Double(scenarioCount)
    }
}

/// Runs scenarios on one prepared county: their relocation plans (the model of `tuopin resettle`),
/// their simulations with common random numbers, and the comparison model. Messages that a person
/// should read (fallbacks, solves that stopped early) are collected in `warnings`, not printed.
public struct ScenarioRunner: Sendable {
    /// The county as prepared for the simulations.
    public var study: CountyStudy
    public var settings: StudySettings
    public var progress: StudyProgress.Handler?
    /// The county folder the study was read from, so that an input the engine refuses is reported
    /// against its file and line (`SimulationInputLocation`); nil: file names without a folder.
    public var folder: String?

    public init(study: CountyStudy, settings: StudySettings, progress: StudyProgress.Handler? = nil, folder: String? = nil) {
        self.study = study
        self.settings = settings
        self.progress = progress
        self.folder = folder
    }

    /// `study.simulate`, with the engine's refusal of its input located in the user's files.
    private func simulateLocated(_ scenario: Scenario, path: String?, relocation: RelocationPlan?,
                                 options: SimulationOptions) throws -> (result: SimulationResult, plan: PlanIncome, note: String?) {
        do {
            return try study.simulate(scenario, scenarioPath: path, relocation: relocation, options: options)
        } catch let error as SimulationInputError {
            throw SimulationInputLocation.locate(error, folder: folder, scenarioPath: path, strategy: scenario.allocation.key)
        }
    }

    /// Simulates `scenarios` (baseline first; `paths` are their files, against which the files they
    /// name are resolved) and fills the comparison model.
    /// - Returns: the comparison, and the messages of the run in the order they arose.
    /// - Throws: `InputError`/`InputErrors` for a scenario's bad plan or relocation file, or for
    ///   a value of the county folder or the scenario the engine refuses (located in its file);
    ///   `SimulationInputError` for inconsistent engine input that no file explains.
    public func compare(_ scenarios: [Scenario], paths: [String]) throws -> (comparison: ScenarioComparison, warnings: [String]) {
        var warnings: [String] = []
        let relocations = try relocationPlans(scenarios, paths: paths, warnings: &warnings)
        var runs: [(result: SimulationResult, plan: PlanIncome)] = []
        for (k, (scenario, path)) in zip(scenarios, paths).enumerated() {
            let options = settings.options(scenario: k, of: scenarios.count, name: scenario.name, progress: progress)
            let (result, plan, note) = try simulateLocated(scenario, path: path, relocation: relocations[k], options: options)
            if let note { warnings.append(note) }
            runs.append((result, plan))
        }
        var comparison = ScenarioComparison(study: study, scenarios: scenarios, runs: runs, resettlement: relocations.map { $0?.result },
                                            draws: settings.draws, seed: settings.seed)
        comparison.relocationPlans = relocations
        return (comparison, warnings)
    }

    /// Simulates one scenario (file `path`) with its relocation plan.
    /// - Throws: as `compare`.
    public func simulate(_ scenario: Scenario, path: String?) throws -> (report: SimulationReport, warnings: [String]) {
        var warnings: [String] = []
        let relocation = try Self.relocationPlan(study, scenario, path: path, for: "scenario \(scenario.name)", warnings: &warnings)
        let options = settings.options(scenario: 0, of: 1, name: scenario.name, progress: progress)
        let (result, plan, note) = try simulateLocated(scenario, path: path, relocation: relocation, options: options)
        if let note { warnings.append(note) }
        let report = SimulationReport(result: result, plan: plan, study: study, relocation: relocation, effects: scenario.relocationEffects,
                                      works: scenario.policy.infrastructureWorks)
        return (report, warnings)
    }

    /// The relocation plan of each scenario (`CountyStudy.relocationRows` placed by
    /// `CountyStudy.resettle`, the model of `tuopin resettle` with its default costs, a limit of
    /// `relocationNodeLimit` nodes in place of its time limit (so the plan never depends on the
    /// machine's load), without the values of one more flat or seat, which the table does not show). Scenarios without
    /// their own schedule share one solve on relocation.csv.
    /// - Throws: `InputErrors` when a scenario's relocation file is wrong.
    func relocationPlans(_ scenarios: [Scenario], paths: [String], warnings: inout [String]) throws -> [RelocationPlan?] {
        var shared: RelocationPlan?
        var sharedSolved = false
        var plans: [RelocationPlan?] = []
        for (scenario, path) in zip(scenarios, paths) {
            if scenario.relocation == nil {
                if !sharedSolved {
                    shared = try Self.relocationPlan(study, scenario, path: path, for: "relocation.csv", warnings: &warnings)
                    sharedSolved = true
                }
                plans.append(shared)
            } else {
                plans.append(try Self.relocationPlan(study, scenario, path: path, for: "scenario \(scenario.name)", warnings: &warnings))
            }
        }
        return plans
    }

    /// Branch-and-bound nodes the comparison's relocation solve may use (it has no time limit).
    public static let relocationNodeLimit = 20_000

    /// One scenario's relocation plan; nil (with a warning, unless the county relocates nobody)
    /// when it cannot be solved. A plan that stopped before its optimum is used, with a warning.
    /// - Throws: `InputErrors` when the scenario's relocation file is wrong.
    static func relocationPlan(_ study: CountyStudy, _ scenario: Scenario, path: String?, for what: String,
                               warnings: inout [String]) throws -> RelocationPlan? {
        let rows = try study.relocationRows(for: scenario, scenarioPath: path)
        do {
            var options = ResettlementOptions()
            options.marginalValues = false
            // A node limit instead of the wall clock: the same input gives the same plan on a
            // loaded machine as on an idle one (the comparison is byte-identical for a seed).
            options.solver.timeLimit = .infinity
            options.solver.nodeLimit = Self.relocationNodeLimit
            let plan = try study.resettle(rows, options: options)
            if plan.result.status != .optimal {
                warnings.append("resettlement of \(what) stopped with status \(plan.result.status.rawValue) (gap \(plan.result.gap)); its best plan is used")
            }
            return plan
        } catch ResettlementError.noRelocation {
            return nil
        } catch {
            warnings.append("no relocation for \(what): \(error)")
            return nil
        }
    }
}
