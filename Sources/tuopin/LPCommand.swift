import ArgumentParser
import Foundation
import Reports
import Optimization

/// `tuopin lp MODEL.mps`: solves a linear programme (interior point) or, when the model has integer
/// columns, a mixed-integer programme (branch and bound), and prints the result.
struct LPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lp",
        abstract: "Solve an LP or MIP given as an MPS file (fixed or free format).",
        discussion: "Exit codes: 0 optimal; 1 unreadable or malformed MPS (file:line: message on stderr); "
            + "3 infeasible, unbounded, or stopped by a limit before an optimum was proven (the result is still printed). "
            + "JSON keys: status, objective, iterations, solve_seconds, primal {column: value}, dual {row: value}, "
            + "reduced_costs, primal_infeasibility, dual_infeasibility, gap, bound, nodes, model; with the crossover on "
            + "(the default for an LP) also crossover {status, seconds, push_pivots, simplex_pivots} and, when it "
            + "finished, basis {columns, rows} (basic, at_lower, at_upper, free; model order)."
    )

    @Argument(help: "The model in MPS format (fixed or free; detected).")
    var model: String

    @Option(name: .long, help: "Stop after this many seconds (status time_limit).", transform: NumberOption.decimal)
    var timeLimit: Double?

    @Option(name: .long, help: "Write the solution as CSV (kind,name,value,dual) to this file, atomically.")
    var writeSolution: String?

    @Flag(name: .long, help: "Log each interior-point iteration and branch-and-bound node to standard error.")
    var verbose = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Presolve the model (empty, singleton and duplicate rows; fixed and empty columns).")
    var presolve = true

    @Option(name: .long, help: "Normal equations of the interior-point method: automatic, dense (LAPACK) or sparse (minimum-degree Cholesky).")
    var normalEquations: NormalEquations = .automatic

    @Option(name: .long, help: "Cross the interior-point solution over to an optimal vertex with a basis: on (default) or off (the interior point as it is). A MIP's root LP crosses over whenever --warm-start is on.")
    var crossover: CrossoverSwitch = .on

    @Option(name: .long, help: "Branch and bound: solve the node LPs by the dual simplex from the parent's basis: on (default) or off (every node from scratch by the interior point).")
    var warmStart: CrossoverSwitch = .on

    @Option(name: .long, help: "Write the optimal basis in MPS basis format (XU/XL/UL/LL lines) to this file, atomically (needs the crossover).")
    var writeBasis: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let t = timeLimit, !(t > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
        try output.require([.text, .csv, .json], verb: "lp")
        if writeBasis != nil && crossover == .off { throw ValidationError("--write-basis needs the crossover (drop --crossover off)") }
    }

    func run() throws {
        CommandInputs.files(model)
        let parsed = try MPSReader.read(path: model)
        var options = SolverOptions()
        if let t = timeLimit { options.timeLimit = t }
        options.log = verbose
        options.presolve = presolve
        options.normalEquations = normalEquations
        options.crossover = crossover == .on
        options.warmStartNodes = warmStart == .on
        let solution = LPSolver.solve(parsed, options: options)
        let report = LPReport(model: parsed, solution: solution, language: output.lang)
        switch output.format {
        case .json: try output.emit(report.json())
        case .csv: try output.emit(report.csv())
        default: try output.emit(report.text())
        }
        if let path = writeSolution {
            try writeAtomically(Data(report.csv().utf8), to: path)
        }
        if let path = writeBasis {
            // Only a finished crossover's basis is written; otherwise nothing (exit 3 says why).
            guard let basis = solution.basis, let text = MPSBasisWriter.text(parsed, basis: basis) else {
                let reason = parsed.hasIntegers ? "a MIP has no final basis" : "crossover \(solution.crossover?.outcome.rawValue ?? "not_run")"
                throw CLIFailure(exit: .numerical, description: "\(model): no basis written to \(path) (\(reason))")
            }
            try writeAtomically(Data(text.utf8), to: path)
        }
        if solution.status != .optimal {
            throw LPOutcomeFailure(file: model, status: solution.status)
        }
    }
}

extension NormalEquations: ExpressibleByArgument {}

/// `--crossover on|off` and `--warm-start on|off`.
enum CrossoverSwitch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

/// A solve that ended without a proven optimum (infeasible, unbounded, a limit, numerical trouble):
/// the CLI exits with code 3 after printing the result.
struct LPOutcomeFailure: Error, CustomStringConvertible {
    var file: String
    var status: SolveStatus
    var description: String {
        switch status {
        case .infeasible: return "\(file): the model is infeasible"
        case .unbounded: return "\(file): the model is unbounded"
        case .iterationLimit: return "\(file): stopped at the iteration or node limit before an optimum was proven"
        case .timeLimit: return "\(file): stopped at the time limit before an optimum was proven"
        case .numericalFailure: return "\(file): numerical failure (the solver neither converged nor classified the model)"
        case .optimal: return "\(file): optimal"
        }
    }
}

/// Renders a `Solution` of a model as text, JSON or CSV.
struct LPReport {
    var model: LinearModel
    var solution: Solution
    var language: Language

    /// JSON number, or `null` for NaN and infinities (JSON has neither).
    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

    /// A JSON string literal (the Reports module's quoting).
    static func string(_ s: String) -> String { JSON.quote(s) }

    func object(_ names: [String], _ values: [Double]) -> String {
        guard values.count == names.count, !values.isEmpty else { return "{}" }
        let entries = zip(names, values).map { "    \(Self.string($0)): \(Self.number($1))" }
        return "{\n" + entries.joined(separator: ",\n") + "\n  }"
    }

    func json() -> String {
        let s = solution
        let columnNames = model.variables.map(\.name), rowNames = model.rows.map(\.name)
        let fields: [(String, String)] = [
            ("status", Self.string(s.status.rawValue)),
            ("objective", Self.number(s.objective)),
            ("iterations", "\(s.iterations)"),
            ("solve_seconds", Self.number(s.seconds)),
            ("primal", object(columnNames, s.primal)),
            ("dual", object(rowNames, s.rowDuals)),
            ("reduced_costs", object(columnNames, s.reducedCosts)),
            ("primal_infeasibility", Self.number(s.primalInfeasibility)),
            ("dual_infeasibility", Self.number(s.dualInfeasibility)),
            ("gap", Self.number(s.gap)),
            ("bound", Self.number(s.bound)),
            ("nodes", "\(s.nodes)"),
            ("model", "{\"name\": \(Self.string(model.name)), \"rows\": \(model.rowCount), \"columns\": \(model.variableCount), \"integers\": \(model.variables.filter(\.isInteger).count)}"),
        ] + crossoverFields() + rootFields()
        return "{\n" + fields.map { "  \(Self.string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}"
    }

    /// `crossover` and `basis` (only when the crossover was asked for, so `--crossover off` output is
    /// as it was).
    func crossoverFields() -> [(String, String)] {
        guard let c = solution.crossover else { return [] }
        var fields = [("crossover", "{\"status\": \(Self.string(c.outcome.rawValue)), \"seconds\": \(Self.number(c.seconds)), "
            + "\"push_pivots\": \(c.pushPivots), \"simplex_pivots\": \(c.simplexPivots)}")]
        if let basis = solution.basis {
            func list(_ statuses: [BasisStatus]) -> String {
                "[" + statuses.map { Self.string($0.rawValue) }.joined(separator: ", ") + "]"
            }
            fields.append(("basis", "{\n    \"columns\": \(list(basis.columns)),\n    \"rows\": \(list(basis.rows))\n  }"))
        }
        return fields
    }

    /// `root` for a MIP: what integer presolve and the root cuts did (`RootSummary`).
    func rootFields() -> [(String, String)] {
        guard let r = solution.root else { return [] }
        return [("root", "{\"lp_bound\": \(Self.number(r.lpBound)), \"cut_bound\": \(Self.number(r.cutBound)), "
            + "\"tightened_bounds\": \(r.tightenedBounds), \"tightened_coefficients\": \(r.tightenedCoefficients), "
            + "\"probing_fixings\": \(r.probingFixings), \"cut_rounds\": \(r.cutRounds), "
            + "\"cuts_added\": \(r.cutsAdded), \"cuts_kept\": \(r.cutsKept)}")]
    }

    /// A CSV cell: the number, or empty when it is missing, NaN or infinite.
    static func cell(_ values: [Double], _ i: Int) -> String {
        i < values.count && values[i].isFinite ? "\(values[i])" : ""
    }

    /// `x` in printf `format`, or "-" when NaN or infinite (a table never shows nan or inf).
    static func shown(_ x: Double, _ format: String) -> String { x.isFinite ? String(format: format, x) : "-" }

    /// An optional entry of `values` in printf `format`, padded to `width`; "-" when missing or not finite.
    static func shown(_ values: [Double], _ i: Int, _ format: String, width: Int) -> String {
        let text = i < values.count ? shown(values[i], format) : "-"
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "kind,name,value,dual\n"
        if !solution.primal.isEmpty {
            for (j, v) in model.variables.enumerated() {
                out += "column,\(field(v.name)),\(Self.cell(solution.primal, j)),\(Self.cell(solution.reducedCosts, j))\n"
            }
            for (i, r) in model.rows.enumerated() {
                out += "row,\(field(r.name)),\(Self.cell(solution.rowActivities, i)),\(Self.cell(solution.rowDuals, i))\n"
            }
        }
        return out
    }

    func text() -> String {
        let zh = language == .zh
        let s = solution
        func line(_ en: String, _ cn: String, _ value: String) -> String {
            let label = zh ? cn : en
            return label.padding(toLength: max(label.count, zh ? 12 : 22), withPad: " ", startingAt: 0) + " " + value + "\n"
        }
        var out = ""
        out += line("model", "模型", "\(model.name) (\(model.rowCount) rows, \(model.variableCount) columns, \(model.variables.filter(\.isInteger).count) integer)")
        out += line("status", "状态", s.status.rawValue)
        out += line("objective", "目标值", Self.shown(s.objective, "%.10g"))
        out += line("iterations", "迭代次数", "\(s.iterations)")
        if s.nodes > 0 { out += line("nodes", "分支节点", "\(s.nodes)") }
        out += line("solve seconds", "求解秒数", String(format: "%.3f", s.seconds))
        out += line("primal infeasibility", "原始不可行度", Self.shown(s.primalInfeasibility, "%.2e"))
        out += line("dual infeasibility", "对偶不可行度", Self.shown(s.dualInfeasibility, "%.2e"))
        out += line("gap", "间隙", Self.shown(s.gap, "%.2e"))
        if let c = s.crossover {
            out += line("crossover", "交叉", c.outcome.rawValue + String(format: " (%.3f s, %d push + %d simplex pivots)", c.seconds, c.pushPivots, c.simplexPivots))
        }
        guard !s.primal.isEmpty else { return out }
        out += "\n" + (zh ? "变量" : "columns") + "\n"
        for (j, v) in model.variables.enumerated() where j < s.primal.count && s.primal[j] != 0 {
            out += "  " + v.name.padding(toLength: max(12, v.name.count), withPad: " ", startingAt: 0)
                + " " + Self.shown(s.primal, j, "%.10g", width: 16) + "  " + Self.shown(s.reducedCosts, j, "%.4g", width: 12) + "\n"
        }
        out += "\n" + (zh ? "约束行（活动值、对偶价格）" : "rows (activity, dual)") + "\n"
        for (i, r) in model.rows.enumerated() {
            out += "  " + r.name.padding(toLength: max(12, r.name.count), withPad: " ", startingAt: 0)
                + " " + Self.shown(s.rowActivities, i, "%.10g", width: 16) + "  " + Self.shown(s.rowDuals, i, "%.4g", width: 12) + "\n"
        }
        return out
    }
}
