/// Writes a `Basis` of a `LinearModel` in the MPS basis file format (as CPLEX, GLPK and lp_solve
/// read it):
///
///     NAME          model
///      XU column    row       column basic, row nonbasic at its upper bound
///      XL column    row       column basic, row nonbasic at its lower bound (or an equality)
///      UL column              column nonbasic at its upper bound
///      LL column              column nonbasic at its lower bound
///     ENDATA
///
/// Every basic column is paired with a nonbasic row (they are as many: the basis has one basic
/// entry per row), both in model order; rows not named are basic; a column not named is nonbasic
/// at its lower bound. Every nonbasic column is written (`LL` too) so the file reads the same under
/// either default; a free nonbasic column (held at zero) is written `LL`, as the format has no code for it.
/// Names are written as they are (MPS names have no white space).
public enum MPSBasisWriter {
    /// The basis file text, or nil when `basis` does not fit `model` (sizes, or basic columns not
    /// matching nonbasic rows).
    public static func text(_ model: LinearModel, basis: Basis) -> String? {
        guard basis.columns.count == model.variableCount, basis.rows.count == model.rowCount else { return nil }
        let basicColumns = basis.columns.indices.filter { basis.columns[$0] == .basic }
        let nonbasicRows = basis.rows.indices.filter { basis.rows[$0] != .basic }
        guard basicColumns.count == nonbasicRows.count else { return nil }
        var out = "NAME          \(model.name)\n"
        var pairedRow = [Int?](repeating: nil, count: model.variableCount)
        for (j, i) in zip(basicColumns, nonbasicRows) { pairedRow[j] = i }
        for (j, status) in basis.columns.enumerated() {
            let column = model.variables[j].name
            switch status {
            case .basic:
                guard let i = pairedRow[j] else { return nil }
                let code = basis.rows[i] == .atUpper ? "XU" : "XL"
                out += " \(code) \(padded(column))  \(model.rows[i].name)\n"
            case .atUpper:
                out += " UL \(column)\n"
            case .atLower, .free:
                out += " LL \(column)\n"
            }
        }
        out += "ENDATA\n"
        return out
    }

    /// A name padded to the fixed-format field width (8), as the fixed-format readers expect; longer
    /// names are kept whole, followed by one space.
    static func padded(_ name: String) -> String {
        name.count >= 8 ? name : name + String(repeating: " ", count: 8 - name.count)
    }
}
