import Foundation
import Reports
import Simulation
import Tabular

/// The scenario files of a comparison: those given, or every `*.toml` in `DIR/scenarios/` with the
/// baseline first (a file named `baseline.toml`, else the first by name).
public enum ScenarioFiles {
    /// The paths to simulate, baseline first.
    /// - Throws: `InputError` when none is given and the folder has no scenario file.
    public static func paths(folder: String, given: [String]) throws -> [String] {
        if !given.isEmpty { return given }
        let directory = (folder as NSString).appendingPathComponent("scenarios")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".toml") }.sorted()
        guard !names.isEmpty else {
            throw InputError(file: directory, message: "expected scenario files (*.toml) in this folder, found none; give scenario files on the command line")
        }
        let ordered = names.filter { $0 == "baseline.toml" } + names.filter { $0 != "baseline.toml" }
        return ordered.map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Parses every file first (all errors before any simulation), checking that names are unique.
    public static func load(_ paths: [String]) throws -> [Scenario] {
        let scenarios = try paths.map { try Scenario.load(path: $0) }
        var seen: [String: String] = [:]
        for (scenario, path) in zip(scenarios, paths) {
            if let other = seen[scenario.name] {
                throw InputError(file: path, message: "scenario name \"\(scenario.name)\" is also the name of \(other); names must differ")
            }
            seen[scenario.name] = path
        }
        return scenarios
    }
}
