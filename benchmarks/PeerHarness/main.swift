// tuopin-peer-harness: runs one tuopin task on a file and prints its answer and timings as JSON,
// so scripts/bench can compare them with a peer (statsmodels, pandas, numpy) in the same run.
//
//   tuopin-peer-harness regress FILE.csv FORMULA COV REPEATS
//   tuopin-peer-harness read FILE.csv REPEATS
//   tuopin-peer-harness simulate DIR SCENARIO.toml DRAWS THREADS REPEATS EXPORT_DIR
//     (writes the prepared model to EXPORT_DIR for the numpy peer, see Simulation.PreparedExport,
//      then times Simulation.run alone — not the loading, the fit or the plan)
import Foundation
import Planning
import Regression
import Simulation
import Tabular

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

func best<T>(_ repeats: Int, _ work: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    var fastest = Double.infinity
    var last: T? = nil
    for _ in 0..<max(repeats, 1) {
        let start = clock.now
        let value = try work()
        fastest = min(fastest, seconds(clock.now - start))
        last = value
    }
    guard let result = last else { fatalError("no repetition ran") }
    return (result, fastest)
}

func json(_ pairs: [(String, String)]) -> String {
    "{" + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
}

func numbers(_ values: [Double?]) -> String {
    "[" + values.map { $0.map { "\($0)" } ?? "null" }.joined(separator: ", ") + "]"
}

let arguments = CommandLine.arguments
do {
    switch arguments.dropFirst().first {
    case "regress" where arguments.count == 6:
        let (path, formulaText, covText, repeats) = (arguments[2], arguments[3], arguments[4], Int(arguments[5]) ?? 3)
        guard let covariance = CovarianceType(argument: covText) else { throw InputError(file: covText, message: "unknown covariance") }
        let formula = try Formula(formulaText)
        let (frame, loadSeconds) = try best(1) {
            try ModelFrame.load(csv: try CSVFile(path: path), formula: formula, clusters: covariance.clusterColumns)
        }
        let (result, fitSeconds) = try best(repeats) { try fitLinearModel(frame, options: RegressionOptions(covariance: covariance)) }
        print(json([
            ("terms", "[" + result.coefficients.map { "\"\($0.term)\"" }.joined(separator: ", ") + "]"),
            ("estimates", numbers(result.coefficients.map(\.estimate))),
            ("std_errors", numbers(result.coefficients.map(\.standardError))),
            ("load_seconds", "\(loadSeconds)"), ("fit_seconds", "\(fitSeconds)"),
        ]))
    case "read" where arguments.count == 4:
        let (path, repeats) = (arguments[2], Int(arguments[3]) ?? 3)
        let (table, readSeconds) = try best(repeats) { () -> DataTable in
            let csv = try CSVFile(path: path)
            return try DataTable.load(csv, numeric: [], categorical: [], automatic: csv.header)
        }
        print(json([("rows", "\(table.rowCount)"), ("columns", "\(table.columns.count)"), ("read_seconds", "\(readSeconds)")]))
    case "simulate" where arguments.count == 8:
        let (folder, scenarioPath) = (arguments[2], arguments[3])
        let (draws, threads, repeats) = (Int(arguments[4]) ?? 1000, Int(arguments[5]) ?? 1, Int(arguments[6]) ?? 1)
        let scenario = try Scenario.load(path: scenarioPath)
        let registry = try CountyFolder.load(folder)
        let input: SimulationInput
        if scenario.allocation == .even {
            // The even plan needs no LP: skip CountyStudy, which also solves the optimised allocation.
            let even = EvenPlan(registry)
            let cost = even.spentBySource.reduce(0, +)
            input = SimulationInput(registry: registry, residualSpread: try IncomeModel.fit(registry).residualSpread,
                                    plan: even.income, planCost: cost > 0 ? cost : nil)
        } else {
            let study = try CountyStudy(registry: registry)
            input = study.input(plan: try study.plan(for: scenario, scenarioPath: scenarioPath).plan)
        }
        let options = SimulationOptions(draws: draws, seed: 20_201_231, threads: threads)
        try PreparedExport.write(input: input, scenario: scenario, options: options, to: URL(fileURLWithPath: arguments[7]))
        let (result, simulateSeconds) = try best(repeats) { try Simulation.run(input: input, scenario: scenario, options: options) }
        print(json([
            ("households", "\(result.households)"), ("draws", "\(draws)"), ("threads", "\(threads)"),
            ("simulate_seconds", "\(simulateSeconds)"),
            ("poor_persons", numbers(result.perDraw.map { Double($0.poorPersons) })),
            ("village_exits", numbers(result.perDraw.map { Double($0.villagesExiting) })),
            ("poverty_gap", numbers(result.perDraw.map(\.povertyGap))),
            ("gini", numbers(result.perDraw.map(\.gini))),
        ]))
    default:
        FileHandle.standardError.write(Data("usage: tuopin-peer-harness regress FILE FORMULA COV REPEATS | read FILE REPEATS | simulate DIR SCENARIO DRAWS THREADS REPEATS EXPORT_DIR\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("tuopin-peer-harness: \(error)\n".utf8))
    exit(1)
}
