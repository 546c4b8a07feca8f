import ArgumentParser
import Foundation
import Regression
import Reports
import Tabular

/// `tuopin regress`: income-structure regressions from a CSV file.
struct RegressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Fit a linear (OLS/WLS, fixed effects, ridge) or logistic regression from a CSV file.",
        discussion: """
            Formulas in the R style: "income ~ planting + migrant + breeding", "y ~ 0 + x" (no intercept),
            C(township) for categories, a:b and a*b for interactions, I(x^2) and log(x) for transformations,
            and "| village" (or "| village + year") for absorbed fixed effects.
            Rows with a missing value (empty, NA) in a model variable are dropped and counted.
            """
    )

    @Argument(help: "CSV file with a header row.")
    var data: String

    @Option(help: "Model formula, e.g. \"income ~ planting + migrant + breeding | village\".")
    var formula: String

    @Option(help: "Column of observation weights (weighted least squares).")
    var weights: String?

    @Option(help: "Covariance: classical, hc0, hc1, hc2, hc3, or cluster:COL[,COL2].")
    var cov: String = "classical"

    @Flag(help: "Logistic regression (0/1 response) by iteratively reweighted least squares.")
    var logit = false

    @Option(help: "Ridge penalty λ ≥ 0 (the intercept is not penalised; no standard errors).", transform: NumberOption.decimal)
    var ridge: Double?

    @Flag(help: "Drop collinear terms and list them, instead of failing with exit code 3.")
    var dropCollinear = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard CovarianceType(argument: cov) != nil else {
            throw ValidationError("--cov must be classical, hc0, hc1, hc2, hc3 or cluster:COL[,COL2]; found \"\(cov)\"")
        }
        if logit && ridge != nil { throw ValidationError("--logit and --ridge cannot be combined") }
        try output.require([.text, .markdown, .csv, .json], verb: "regress")
    }

    func run() throws {
        CommandInputs.files(data)
        let covariance = CovarianceType(argument: cov) ?? .classical
        let parsed = try Formula(formula)
        let csv = try CSVFile(path: data)
        let frame = try ModelFrame.load(csv: csv, formula: parsed, weights: weights, clusters: covariance.clusterColumns)
        var options = RegressionOptions(covariance: covariance, dropCollinear: dropCollinear)
        options.confidenceLevel = 0.95
        let result: RegressionResult
        if logit {
            result = try fitLogit(frame, options: options, file: data)
        } else if let lambda = ridge {
            result = try fitRidge(frame, penalty: lambda, options: options)
        } else {
            result = try fitLinearModel(frame, options: options)
        }
        if result.droppedRows > 0 {
            FileHandle.standardError.write(Data("tuopin: \(result.droppedRows) row(s) of \(data) not used (a missing value in a model variable, or zero weight)\n".utf8))
        }
        let report = RegressionReport(result: result, formula: formula, language: output.lang)
        switch output.format {
        case .json: try output.emit(report.json().rendered())
        case .markdown: try output.emit(report.markdown())
        case .csv: try output.emit(report.table().csv())
        default: try output.emit(report.text())
        }
    }
}

/// Renders a `RegressionResult`: the JSON of the CLI contract, a summary table, Markdown and CSV.
struct RegressionReport {
    var result: RegressionResult
    var formula: String
    var language: Language

    private func label(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    func json() -> JSON {
        var pairs: [(String, JSON)] = [
            ("n", .int(result.observations)),
            ("df_residual", .int(result.dfResidual)),
            ("rank", .int(result.rank)),
            ("r_squared", .finite(result.rSquared)),
            ("residual_std_error", .finite(result.residualStandardError)),
            ("coefficients", .array(result.coefficients.map { c in
                .object([
                    ("term", .string(c.term)), ("estimate", .finite(c.estimate)), ("std_error", .finite(c.standardError)),
                    ("t", .finite(c.statistic)), ("p", .finite(c.pValue)),
                    ("ci_lower", .finite(c.lower)), ("ci_upper", .finite(c.upper)),
                ])
            })),
            ("method", .string(result.method)),
            ("formula", .string(formula)),
            ("covariance", .string(result.covarianceType.description)),
            ("adj_r_squared", .finite(result.adjustedRSquared)),
            ("f_statistic", .finite(result.fStatistic)),
            ("f_df", result.fNumeratorDF.map { .array([.int($0), .finite(result.fDenominatorDF)]) } ?? .null),
            ("f_p_value", .finite(result.fPValue)),
            ("test_df", .finite(result.testDegreesOfFreedom)),
            ("rows_dropped", .int(result.droppedRows)),
            ("dropped_terms", .array(result.droppedTerms.map { .string($0) })),
            ("df_absorbed", .int(result.dfAbsorbed)),
        ]
        if let w = result.withinRSquared { pairs.append(("r_squared_within", .finite(w))) }
        if !result.clusterCounts.isEmpty { pairs.append(("clusters", .array(result.clusterCounts.map { .int($0) }))) }
        if result.covarianceAdjusted { pairs.append(("covariance_psd_adjusted", .bool(true))) }
        if let ll = result.logLikelihood {
            pairs.append(("log_likelihood", .finite(ll)))
            pairs.append(("null_log_likelihood", .finite(result.nullLogLikelihood)))
            pairs.append(("iterations", result.iterations.map { .int($0) } ?? .null))
            pairs.append(("r_squared_kind", .string("mcfadden")))
        }
        return .object(pairs)
    }

    func table() -> TextTable {
        let header = [label("term", "项"), label("estimate", "估计值"), label("std. error", "标准误"),
                      result.testDegreesOfFreedom.isInfinite ? "z" : "t", label("p", "p值"),
                      label("95% CI low", "95%下限"), label("95% CI high", "95%上限")]
        let rows = result.coefficients.map { c in
            [c.term, format(c.estimate), format(c.standardError), c.statistic.map { String(format: "%.3f", $0) } ?? "", formatP(c.pValue),
             format(c.lower), format(c.upper)]
        }
        return TextTable(header: header, rows: rows, rightAligned: Set(1...6))
    }

    var methodName: String {
        switch result.method {
        case "wls": return label("Weighted least squares", "加权最小二乘")
        case "ridge": return label("Ridge regression", "岭回归")
        case "logit": return label("Logistic regression", "逻辑回归")
        default: return label("Ordinary least squares", "普通最小二乘")
        }
    }

    var footer: [String] {
        var lines: [String] = []
        lines.append("\(label("Observations", "观测数")): \(result.observations)   \(label("rows dropped", "剔除行")): \(result.droppedRows)   \(label("rank", "秩")): \(result.rank)   \(label("df residual", "残差自由度")): \(result.dfResidual)" + (result.dfAbsorbed > 0 ? "   \(label("df absorbed", "吸收自由度")): \(result.dfAbsorbed)" : ""))
        var fit = "\(result.method == "logit" ? label("McFadden R²", "McFadden R²") : "R²"): \(format(result.rSquared, digits: 5))"
        if let a = result.adjustedRSquared { fit += "   \(label("adjusted R²", "调整R²")): \(format(a, digits: 5))" }
        if let w = result.withinRSquared { fit += "   \(label("within R²", "组内R²")): \(format(w, digits: 5))" }
        if let s = result.residualStandardError { fit += "   \(label("residual std. error", "残差标准误")): \(format(s))" }
        lines.append(fit)
        if let f = result.fStatistic, let d1 = result.fNumeratorDF {
            let d2 = result.fDenominatorDF.map { $0.isInfinite ? "∞" : String(Int($0)) } ?? "?"
            lines.append("\(label("Wald F", "Wald F")) (\(d1), \(d2)) = \(format(f, digits: 5)),  p \(formatP(result.fPValue).hasPrefix("<") ? "" : "= ")\(formatP(result.fPValue))")
        }
        var cov = "\(label("Covariance", "协方差")): \(result.covarianceType)"
        if !result.clusterCounts.isEmpty { cov += " (\(label("clusters", "聚类数")) \(result.clusterCounts.map(String.init).joined(separator: " × ")))" }
        if result.covarianceAdjusted { cov += label(", negative eigenvalues set to zero", "，负特征值已置零") }
        lines.append(cov)
        if !result.droppedTerms.isEmpty { lines.append("\(label("Dropped as collinear", "因共线剔除")): \(result.droppedTerms.joined(separator: ", "))") }
        if let ll = result.logLikelihood { lines.append("\(label("Log-likelihood", "对数似然")): \(format(ll))") }
        return lines
    }

    func text() -> String {
        "\(methodName): \(formula)\n\n" + table().text() + "\n\n" + footer.joined(separator: "\n")
    }

    func markdown() -> String {
        "**\(methodName)**: `\(formula)`\n\n" + table().markdown() + "\n\n" + footer.map { $0 + "  " }.joined(separator: "\n")
    }
}

/// Six significant digits, or blank for a missing value.
func format(_ v: Double?, digits: Int = 6) -> String {
    guard let v, v.isFinite else { return "" }
    return String(format: "%.\(digits)g", v)
}

/// p-values: four decimals, "<0.0001" below.
func formatP(_ p: Double?) -> String {
    guard let p, p.isFinite else { return "" }
    return p < 1e-4 ? "<0.0001" : String(format: "%.4f", p)
}
