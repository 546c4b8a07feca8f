import Foundation

/// Writes a `LinearModel` as free-format MPS that `MPSReader` (and HiGHS, CPLEX, Gurobi, GLPK) read back
/// to the same model.
///
/// Rows are written as `E`/`L`/`G` with RANGES for two-sided rows, free rows as extra `N` rows after
/// the objective, an objective constant `k` as RHS `−k` on the objective row, a maximisation as
/// `OBJSENSE MAX`, integer columns between `MARKER INTORG/INTEND`, and every bound that differs from
/// the default `[0, +∞)` in BOUNDS. Names must not contain white space (free format).
public enum MPSWriter {
    /// The MPS text of `model`.
    public static func text(_ model: LinearModel) -> String {
        var out = "NAME          \(model.name)\n"
        if model.sense == .maximize { out += "OBJSENSE\n    MAX\n" }
        out += "ROWS\n N  \(model.objectiveName)\n"
        for row in model.rows {
            let type: String
            if row.lower == row.upper { type = "E" }
            else if row.lower.isFinite && row.upper.isFinite { type = "G" }
            else if row.lower.isFinite { type = "G" }
            else if row.upper.isFinite { type = "L" }
            else { type = "N" }
            out += " \(type)  \(row.name)\n"
        }
        out += "COLUMNS\n"
        let a = model.matrix
        var inInteger = false
        var markerCount = 0
        for (j, v) in model.variables.enumerated() {
            if v.isInteger != inInteger {
                out += "    MARKER%\(markerCount)  'MARKER'  \(v.isInteger ? "'INTORG'" : "'INTEND'")\n"
                markerCount += 1
                inInteger = v.isInteger
            }
            var wrote = false
            if v.cost != 0 {
                out += "    \(v.name)  \(model.objectiveName)  \(format(v.cost))\n"
                wrote = true
            }
            for k in a.columnStart[j]..<a.columnStart[j + 1] {
                out += "    \(v.name)  \(model.rows[a.rowIndex[k]].name)  \(format(a.values[k]))\n"
                wrote = true
            }
            // A column with no entries must still be declared.
            if !wrote { out += "    \(v.name)  \(model.objectiveName)  0\n" }
        }
        if inInteger { out += "    MARKER%\(markerCount)  'MARKER'  'INTEND'\n" }
        out += "RHS\n"
        if model.objectiveConstant != 0 {
            out += "    RHS  \(model.objectiveName)  \(format(-model.objectiveConstant))\n"
        }
        for row in model.rows {
            let b: Double
            if row.lower == row.upper { b = row.lower }
            else if row.lower.isFinite { b = row.lower }
            else if row.upper.isFinite { b = row.upper }
            else { continue }
            if b != 0 { out += "    RHS  \(row.name)  \(format(b))\n" }
        }
        var ranges = ""
        for row in model.rows where row.lower != row.upper && row.lower.isFinite && row.upper.isFinite {
            ranges += "    RNG  \(row.name)  \(format(row.upper - row.lower))\n"
        }
        if !ranges.isEmpty { out += "RANGES\n" + ranges }
        var bounds = ""
        for v in model.variables {
            let n = v.name
            if v.lower == v.upper {
                bounds += " FX BND  \(n)  \(format(v.lower))\n"
                continue
            }
            if v.isInteger && v.lower == 0 && v.upper == 1 {
                bounds += " BV BND  \(n)\n"
                continue
            }
            switch (v.lower.isFinite, v.upper.isFinite) {
            case (false, false): bounds += " FR BND  \(n)\n"
            case (false, true):
                bounds += " MI BND  \(n)\n UP BND  \(n)  \(format(v.upper))\n"
            case (true, false):
                if v.lower != 0 { bounds += " LO BND  \(n)  \(format(v.lower))\n" }
            case (true, true):
                if v.lower != 0 { bounds += " LO BND  \(n)  \(format(v.lower))\n" }
                // A negative upper bound after LO is unambiguous (the lower bound was given explicitly);
                // with a zero lower bound, write LO 0 first so readers do not apply the negative-UP rule.
                if v.upper < 0 && v.lower == 0 { bounds += " LO BND  \(n)  0\n" }
                bounds += " UP BND  \(n)  \(format(v.upper))\n"
            }
        }
        if !bounds.isEmpty { out += "BOUNDS\n" + bounds }
        out += "ENDATA\n"
        return out
    }

    /// Writes `model` to `path` in free-format MPS.
    public static func write(_ model: LinearModel, to path: String) throws {
        try Data(text(model).utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Shortest decimal that reads back to the same `Double`.
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
