import Foundation
import Simulation
import Tabular

/// Turns the engine's refusal of its input (`SimulationInputError`, which knows arrays and indices,
/// not files) into an `InputError` naming the file the value came from, and its line where the
/// value has one: a household's row of households.csv, a village's row of villages.csv, a key of
/// county.toml or of the scenario file. The readers refuse what they can first (issue 25), so
/// this is the last line of defence: whatever still reaches the engine is reported against the
/// user's files, never as "simulation input: residualSpread[0] …".
enum SimulationInputLocation {
    /// The located error, or `error` itself when it is no fault of a file (a wrong option, an
    /// inconsistent array length: programming errors, kept as they are).
    /// - Parameters:
    ///   - folder: the county folder (nil: the error names the file without a folder).
    ///   - scenarioPath: the scenario's file, when it has one.
    ///   - strategy: the scenario's allocation strategy, named when a plan's income is at fault.
    static func locate(_ error: SimulationInputError, folder: String?, scenarioPath: String?, strategy: String) -> Error {
        guard case let .invalidValue(field, index, message) = error else { return error }
        func file(_ name: String) -> String {
            guard let folder else { return name }
            return (folder as NSString).appendingPathComponent(name)
        }
        if field.hasPrefix("scenario.") {
            let name = scenarioPath ?? "the scenario"
            let key: String
            switch field {
            case "scenario.sources":
                key = index < IncomeSource.allCases.count ? "sources.\(IncomeSource.allCases[index].key)" : "sources"
            case "scenario.shocks": key = "shocks[\(index)]"
            case "scenario.risks": key = "risks[\(index)]"
            case "scenario.policy.povertyLine": key = "policy.poverty_line"
            default: key = ""
            }
            let (line, column) = scenarioPath.map { tomlPosition(of: key, in: $0) } ?? (0, 0)
            return InputError(file: name, line: line, column: column, message: "\(key.isEmpty ? field : key) \(message)")
        }
        switch field {
        case "county.povertyLine", "county.exitThreshold", "county.agriculturalPopulation":
            let key = field == "county.povertyLine" ? "poverty_line" : field == "county.exitThreshold" ? "region" : "agricultural_population"
            let path = file("county.toml")
            let (line, column) = tomlPosition(of: key, in: path)
            return InputError(file: path, line: line, column: column, message: "\(key) \(message)")
        case "residualSpread":
            return InputError(file: file("households.csv"),
                              message: "the income model fitted to the households' incomes gives a spread of unexplained income that is not a finite number ≥ 0; check the incomes for values far from the rest")
        case "villages.township", "villages.agriculturalPopulation":
            let path = file("villages.csv")
            let column = field == "villages.township" ? "township" : "agricultural_population"
            return InputError(file: path, line: csvLine(of: index, in: path), column: csvColumn(column, in: path),
                              message: "\(column) of the village on this row \(message) (as the simulation takes it)")
        case "persons", "village", "township", "planIncome":
            let path = file("households.csv")
            let column = field == "persons" ? "size" : field == "planIncome" ? "" : "village"
            let what = field == "planIncome" ? "the income the \(strategy) plan brings the household on this row"
                                             : "\(column) of the household on this row"
            return InputError(file: path, line: csvLine(of: index, in: path), column: column.isEmpty ? 0 : csvColumn(column, in: path),
                              message: "\(what) \(message) (as the simulation takes it)")
        default:
            if field.hasPrefix("incomeBySource[") {
                let path = file("households.csv")
                let source = String(field.dropFirst("incomeBySource[".count).dropLast())
                let column = source == "other" ? "income" : source
                return InputError(file: path, line: csvLine(of: index, in: path), column: csvColumn(column, in: path),
                                  message: "the \(source) income of the household on this row \(message)")
            }
            return error
        }
    }

    /// One-based line of data record `index` (0-based) of a CSV file; 0 when the file cannot be read
    /// again or has fewer records. Reads only up to that record.
    static func csvLine(of index: Int, in path: String) -> Int {
        struct Found: Error { var line: Int }
        guard index >= 0, let csv = try? CSVFile(path: path) else { return 0 }
        var seen = 0
        do {
            try csv.forEachRecord { r in
                if seen == index { throw Found(line: r.line) }
                seen += 1
            }
        } catch let found as Found {
            return found.line
        } catch {
            return 0
        }
        return 0
    }

    /// One-based column of a header name in a CSV file; 0 when absent or unreadable.
    static func csvColumn(_ name: String, in path: String) -> Int {
        guard let csv = try? CSVFile(path: path), let i = csv.columnIndex(name) else { return 0 }
        return i + 1
    }

    /// Line and column of a dotted key in a TOML file; (0, 0) when the file cannot be read.
    static func tomlPosition(of key: String, in path: String) -> (Int, Int) {
        guard !key.isEmpty, let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else { return (0, 0) }
        let (line, column) = TOMLKeyLocator(text: text).position(of: key)
        return (line, column)
    }
}
