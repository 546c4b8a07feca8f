import Linear
import Tabular

/// The data of one model, ready to fit: the response, the design matrix with named columns,
/// optional weights, absorbed factors and cluster factors, restricted to the rows where every
/// variable the model uses is present.
public struct ModelFrame: Sendable {
    /// The response `y` (one entry per used row).
    public var response: [Double]
    /// The design matrix `X` (`n × k`, column-major), intercept first when there is one.
    public var design: Matrix
    /// Name of each column of `X` (`(Intercept)`, `x`, `C(township)[T.峨口镇]`, `a:b`, …).
    public var columnNames: [String]
    /// Observation weights (`nil` for OLS); all strictly positive.
    public var weights: [Double]?
    /// The file line of each used row (for error messages).
    public var lines: [Int]
    /// Absorbed fixed-effect factors: name, zero-based level code per row, number of levels.
    public var absorbed: [FactorCodes]
    /// Cluster factors for cluster-robust covariances.
    public var clusters: [FactorCodes]
    /// Rows dropped because a variable the model uses was missing, or the weight was zero.
    public var droppedRows: Int
    /// Whether `X` has an intercept column.
    public var hasIntercept: Bool

    /// Number of observations used.
    public var observations: Int { response.count }
}

/// A factor's integer codes per row (0..<levelCount) and its level names.
public struct FactorCodes: Sendable {
    public var name: String
    public var codes: [Int32]
    public var levels: [String]
    public var levelCount: Int { levels.count }
}

extension ModelFrame {
    /// Which columns a model needs from the file, by how they must be read.
    public static func requiredColumns(formula: Formula, weights: String?, clusters: [String])
        -> (numeric: [String], categorical: [String], automatic: [String])
    {
        var numeric = formula.response.columns
        var categorical = formula.absorbed + clusters
        var automatic: [String] = []
        for term in formula.terms {
            for factor in term.factors {
                switch factor {
                case .categorical(let c, _): categorical.append(c)
                case .numeric(.column(let c), _): automatic.append(c)
                case .numeric(let e, _): numeric += e.columns
                }
            }
        }
        if let w = weights { numeric.append(w) }
        return (numeric, categorical, automatic)
    }

    /// Reads the columns a model needs from a CSV file and builds its frame.
    /// - Throws: `InputError` (file, line, column) for bad cells; `RegressionError` for a specification that does not fit the data.
    public static func load(csv: CSVFile, formula: Formula, weights: String? = nil, clusters: [String] = []) throws -> ModelFrame {
        let needed = requiredColumns(formula: formula, weights: weights, clusters: clusters)
        let table = try DataTable.load(csv, numeric: needed.numeric, categorical: needed.categorical, automatic: needed.automatic)
        return try build(formula: formula, table: table, weights: weights, clusters: clusters)
    }

    /// Builds the frame from loaded columns: drops rows with a missing value in any variable the
    /// model uses (counted in `droppedRows`), codes categorical terms with treatment contrasts
    /// (the first level is the baseline; full dummies for the first categorical main effect of a
    /// model without intercept, as R does; inside an interaction, full dummies for a factor exactly
    /// when the term without that factor is not in the model — the marginality rule of R's
    /// `model.matrix` and patsy, for every order of interaction), and names every column.
    public static func build(formula: Formula, table: DataTable, weights weightColumn: String?, clusters clusterColumns: [String]) throws -> ModelFrame {
        let n = table.rowCount
        var missing = [Bool](repeating: false, count: n)

        func markMissing(_ values: [Double]) {
            for i in 0..<n where values[i].isNaN { missing[i] = true }
        }
        func markMissing(_ codes: [Int32]) {
            for i in 0..<n where codes[i] < 0 { missing[i] = true }
        }
        func rawColumnsMissing(_ e: Expression) throws {
            for c in e.columns {
                guard let v = table.numbers(c) else {
                    throw RegressionError.invalidSpecification("column \"\(c)\" holds text, so it cannot be used in arithmetic; use C(\(c)) for a categorical term")
                }
                markMissing(v)
            }
        }

        // Evaluate everything, marking rows with missing input.
        try rawColumnsMissing(formula.response)
        let y = try evaluate(formula.response, table)
        var factorValues: [String: [Double]] = [:]
        var factorCodes: [String: FactorCodes] = [:]
        for term in formula.terms {
            for factor in term.factors {
                switch factor {
                case .numeric(.column(let c), let label) where table.numbers(c) == nil:
                    // A bare name whose column holds text is categorical.
                    guard let cat = table.categories(c) else { throw RegressionError.invalidSpecification("column \"\(c)\" was not loaded") }
                    markMissing(cat.codes)
                    factorCodes[label] = FactorCodes(name: c, codes: cat.codes, levels: cat.levels)
                case .numeric(let e, let label):
                    try rawColumnsMissing(e)
                    factorValues[label] = try evaluate(e, table)
                case .categorical(let c, _):
                    guard let cat = table.categories(c) else { throw RegressionError.invalidSpecification("column \"\(c)\" was not loaded") }
                    markMissing(cat.codes)
                    factorCodes[factor.label] = FactorCodes(name: c, codes: cat.codes, levels: cat.levels)
                }
            }
        }
        var weightValues: [Double]? = nil
        if let w = weightColumn {
            guard let values = table.numbers(w) else { throw RegressionError.invalidSpecification("weight column \"\(w)\" was not loaded as numbers") }
            markMissing(values)
            for i in 0..<n where !values[i].isNaN && (values[i] < 0 || !values[i].isFinite) {
                throw InputError(file: table.path, line: table.lines[i], column: (table.header.firstIndex(of: w) ?? -1) + 1,
                                 message: "expected a non-negative finite weight in column \"\(w)\", found \(values[i])")
            }
            for i in 0..<n where values[i] == 0 { missing[i] = true }
            weightValues = values
        }
        func loadFactor(_ name: String, role: String) throws -> FactorCodes {
            guard let cat = table.categories(name) else { throw RegressionError.invalidSpecification("\(role) column \"\(name)\" was not loaded") }
            markMissing(cat.codes)
            return FactorCodes(name: name, codes: cat.codes, levels: cat.levels)
        }
        let absorbedRaw = try formula.absorbed.map { try loadFactor($0, role: "absorbed") }
        let clusterRaw = try clusterColumns.map { try loadFactor($0, role: "cluster") }

        // Values that are not finite although their inputs were present come from a transformation.
        for i in 0..<n where !missing[i] {
            if !y[i].isFinite {
                throw InputError(file: table.path, line: table.lines[i], column: 0,
                                 message: "the response \(formula.response) is not finite on this row (\(y[i]))")
            }
            for (label, values) in factorValues where !values[i].isFinite {
                throw InputError(file: table.path, line: table.lines[i], column: 0,
                                 message: "the term \(label) is not finite on this row (\(values[i])); check its transformation")
            }
        }

        let kept = (0..<n).filter { !missing[$0] }
        let used = kept.count

        func compact(_ f: FactorCodes) -> FactorCodes {
            // Keep only levels present in the used rows, in their sorted order.
            var present = [Bool](repeating: false, count: f.levelCount)
            for i in kept { present[Int(f.codes[i])] = true }
            var newCode = [Int32](repeating: -1, count: f.levelCount)
            var levels: [String] = []
            for l in 0..<f.levelCount where present[l] {
                newCode[l] = Int32(levels.count)
                levels.append(f.levels[l])
            }
            return FactorCodes(name: f.name, codes: kept.map { newCode[Int(f.codes[$0])] }, levels: levels)
        }

        // Column plan: one entry per design column, a list of (factor label, level or -1 for numeric).
        var plan: [(name: String, parts: [(label: String, level: Int)])] = []
        let hasIntercept = formula.hasIntercept && formula.absorbed.isEmpty
        if hasIntercept { plan.append(("(Intercept)", [])) }
        // Marginality (R's and patsy's rule): a categorical factor in an interaction is coded by full
        // dummies when the term left after removing it is not in the model, else by contrasts.
        let termsInModel = Set(formula.terms.map { Set($0.factors.map(\.label)) })
        var fullCodingUsed = hasIntercept || !formula.absorbed.isEmpty
        var compacted: [String: FactorCodes] = [:]
        for (label, f) in factorCodes { compacted[label] = compact(f) }
        // Bound the design before building it: the columns of a term are the product of its
        // factors' levels, which interactions of wide factors make enormous.
        var expectedColumns = hasIntercept ? 1 : 0
        for term in formula.terms {
            var termColumns = 1
            for factor in term.factors {
                let (product, overflow) = termColumns.multipliedReportingOverflow(by: max(1, compacted[factor.label]?.levelCount ?? 1))
                termColumns = overflow ? Int.max : product
            }
            let (sum, overflow) = expectedColumns.addingReportingOverflow(termColumns)
            expectedColumns = overflow ? Int.max : sum
            if expectedColumns > Int(Int32.max) / max(1, used) {
                throw RegressionError.invalidSpecification(
                    "the design would have more than \(Int(Int32.max) / max(1, used)) columns for \(used) rows (term \(term.label) alone has "
                        + (termColumns == Int.max ? "too many" : "\(termColumns)") + "), more than LAPACK can hold")
            }
        }
        for term in formula.terms {
            var columns: [(name: String, parts: [(label: String, level: Int)])] = [("", [])]
            for factor in term.factors {
                let label = factor.label
                var options: [(String, (String, Int))] = []
                if let f = compacted[label] {
                    let full: Bool
                    if term.factors.count == 1 {
                        full = !fullCodingUsed
                        fullCodingUsed = true
                    } else {
                        var rest = Set(term.factors.map(\.label))
                        rest.remove(label)
                        full = !termsInModel.contains(rest)
                    }
                    for l in (full ? 0 : 1)..<f.levelCount {
                        options.append(("\(label)[\(full ? "" : "T.")\(f.levels[l])]", (label, l)))
                    }
                } else {
                    options.append((label, (label, -1)))
                }
                var next: [(name: String, parts: [(label: String, level: Int)])] = []
                for c in columns {
                    for (name, part) in options {
                        next.append((c.name.isEmpty ? name : c.name + ":" + name, c.parts + [part]))
                    }
                }
                columns = next
            }
            plan += columns
        }

        let (cells, overflow) = used.multipliedReportingOverflow(by: plan.count)
        guard !overflow, cells <= Int(Int32.max) else {
            let widest = compacted.max { $0.value.levelCount < $1.value.levelCount }
            throw RegressionError.invalidSpecification(
                "the design would have \(plan.count) columns for \(used) rows, more than LAPACK can hold"
                    + (widest.map { "; \($0.key) has \($0.value.levelCount) levels: absorb it with \"| \($0.value.name)\" instead" } ?? ""))
        }
        var x = Matrix(rows: used, columns: plan.count)
        let compactValues = factorValues.mapValues { v in kept.map { v[$0] } }
        x.elements.withUnsafeMutableBufferPointer { out in
            for (j, column) in plan.enumerated() {
                let base = j * used
                for i in 0..<used { out[base + i] = 1 }
                for part in column.parts {
                    if part.level < 0, let v = compactValues[part.label] {
                        for i in 0..<used { out[base + i] *= v[i] }
                    } else if let f = compacted[part.label] {
                        let level = Int32(part.level)
                        for i in 0..<used where f.codes[i] != level { out[base + i] = 0 }
                    }
                }
            }
        }

        return ModelFrame(
            response: kept.map { y[$0] },
            design: x,
            columnNames: plan.map(\.name),
            weights: weightValues.map { w in kept.map { w[$0] } },
            lines: kept.map { table.lines[$0] },
            absorbed: absorbedRaw.map(compact),
            clusters: clusterRaw.map(compact),
            droppedRows: n - used,
            hasIntercept: hasIntercept
        )
    }
}

/// Evaluates a numeric expression on every row (NaN where an input is missing).
func evaluate(_ e: Expression, _ table: DataTable) throws -> [Double] {
    let n = table.rowCount
    switch e {
    case .column(let c):
        guard let v = table.numbers(c) else {
            throw RegressionError.invalidSpecification("column \"\(c)\" holds text, so it cannot be used as a number")
        }
        return v
    case .number(let v):
        return [Double](repeating: v, count: n)
    case .negate(let inner):
        return try evaluate(inner, table).map { -$0 }
    case .call(let f, let inner):
        let v = try evaluate(inner, table)
        switch f {
        case "log": return v.map { Foundation.log($0) }
        case "log10": return v.map { Foundation.log10($0) }
        case "log1p": return v.map { Foundation.log1p($0) }
        case "exp": return v.map { Foundation.exp($0) }
        case "sqrt": return v.map { $0.squareRoot() }
        case "abs": return v.map { Swift.abs($0) }
        default: throw RegressionError.invalidSpecification("unknown function \(f)")
        }
    case .binary(let op, let a, let b):
        let l = try evaluate(a, table), r = try evaluate(b, table)
        switch op {
        case "+": return zip(l, r).map { $0 + $1 }
        case "-": return zip(l, r).map { $0 - $1 }
        case "*": return zip(l, r).map { $0 * $1 }
        case "/": return zip(l, r).map { $0 / $1 }
        default:
            // An exponent that is not finite (x^(1e300*1e300), x^log(0)) makes every value 0, 1 or
            // infinite: a column that says nothing, so it is refused with the term.
            if let bad = r.first(where: { !$0.isFinite }) {
                throw RegressionError.invalidSpecification("the exponent of ^ in \(Expression.binary(op, a, b)) must be a finite number, found \(bad)")
            }
            // Integer powers by repeated multiplication keep x^2 exact where pow might not.
            return zip(l, r).map { base, exponent in
                if exponent == exponent.rounded(), abs(exponent) <= 16 {
                    var p = 1.0
                    for _ in 0..<Int(abs(exponent)) { p *= base }
                    return exponent < 0 ? 1 / p : p
                }
                return Foundation.pow(base, exponent)
            }
        }
    }
}

import Foundation
