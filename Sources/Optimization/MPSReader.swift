import Foundation
import Tabular

/// Layout of an MPS file.
public enum MPSFormat: String, Sendable {
    /// Fields at fixed columns (2–3, 5–12, 15–22, 25–36, 40–47, 50–61); names may contain spaces.
    case fixed
    /// Fields separated by white space; names cannot contain spaces.
    case free
    /// Free format first; if that fails, fixed format (the error reported is the one found further on).
    case automatic
}

/// Reads linear and mixed-integer models in MPS format.
///
/// Conventions (the ones CPLEX, Gurobi and HiGHS follow):
/// - The first `N` row is the objective; further `N` rows are free rows and are dropped.
/// - A value in the RHS section on the objective row `v` gives the objective constant `−v`.
/// - RANGES `R` on row with right-hand side `b`: `L` → `[b − |R|, b]`, `G` → `[b, b + |R|]`,
///   `E` → `[b, b + R]` if `R > 0`, `[b + R, b]` if `R < 0`, `[b, b]` if `R = 0`.
/// - Default bounds are `[0, +∞)`, also for integer columns between `MARKER INTORG/INTEND`.
/// - `UP` with a negative value on a column whose lower bound is still 0 makes the lower bound −∞
///   (as CPLEX and HiGHS do); `MI` sets only the lower bound to −∞; `BV` is integer in `[0, 1]`;
///   `LI`/`UI` set a bound and make the column integer; `FR` is `(−∞, +∞)`; `PL` sets the upper bound to +∞.
/// - `OBJSENSE` (`MIN`/`MAX`/`MINIMIZE`/`MAXIMIZE`, on the same or the next line) is accepted.
///
/// Numbers follow `NumberText` (the whole field is one number, correctly rounded, or the file is
/// rejected: `-.4.4`, `1.2e`, `++1`, `1,5`, full-width digits, `nan` and overflow such as `1e999`
/// are errors), with two MPS conventions on top: a Fortran exponent `D`/`d` reads as `E`
/// (`1.5D+03` = 1500), and in RHS, RANGES and BOUNDS the words `Inf`/`Infinity` (any case,
/// optionally signed) and the value ±10³⁰ (spelled `1e30`, `1.0E+30`, …) mean ±∞, as CPLEX and
/// HiGHS write them. Coefficients of the matrix and the objective must be finite. In fixed format
/// the columns between the fields (1, 4, 13–14, 23–24, 37–39, 48–49) and those after 61 must be
/// blank, so a field never loses characters that spill out of its columns.
///
/// Errors are `InputError`s carrying the one-based line and column (of the offending field or
/// character) and what was expected.
public enum MPSReader {
    /// Reads the MPS file at `path`.
    /// - Throws: `InputError` for unreadable files and malformed content.
    public static func read(path: String, format: MPSFormat = .automatic) throws -> LinearModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw InputError(file: path, message: "the file is not text")
        }
        return try parse(text, file: path, format: format)
    }

    /// Parses MPS text; `file` names the source in error messages.
    /// - Throws: `InputError` with the line of the first problem.
    public static func parse(_ text: String, file: String = "<mps>", format: MPSFormat = .automatic) throws -> LinearModel {
        switch format {
        case .fixed, .free:
            var parser = Parser(file: file, fixed: format == .fixed)
            return try parser.parse(text)
        case .automatic:
            do {
                var parser = Parser(file: file, fixed: false)
                return try parser.parse(text)
            } catch let freeError as InputError {
                do {
                    var parser = Parser(file: file, fixed: true)
                    return try parser.parse(text)
                } catch let fixedError as InputError {
                    throw fixedError.line > freeError.line ? fixedError : freeError
                }
            }
        }
    }

    private enum Section { case none, name, rows, columns, rhs, ranges, bounds, objsense, done }
    private enum RowType { case n, e, l, g }

    private struct Parser {
        let file: String
        let fixed: Bool
        var model = LinearModel()
        var section = Section.none
        var lineNumber = 0
        var rowIndexByName: [String: Int] = [:]   // constraint rows; the objective is -1, dropped N rows -2
        var rowTypes: [RowType] = []
        var rhs: [Double] = []
        var range: [Double?] = []
        var columnIndexByName: [String: Int] = [:]
        var objectiveName: String?
        var inIntegerBlock = false
        var lastColumnName: String?
        var boundWasSet: [Bool] = []   // lower bound given explicitly (for the negative-UP rule)
        /// One-based character column where each field of the current data line starts.
        var fieldColumns: [Int] = []

        init(file: String, fixed: Bool) {
            self.file = file
            self.fixed = fixed
        }

        func error(_ message: String, column: Int = 0) -> InputError {
            InputError(file: file, line: lineNumber, column: column, message: message)
        }

        mutating func parse(_ text: String) throws -> LinearModel {
            var sawEnd = false
            // `isNewline` also splits "\r\n" (one Character in Swift) and a lone "\r".
            for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
                lineNumber += 1
                let line = Substring(rawLine)
                if line.first == "*" || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                if line.first != " " && line.first != "\t" {
                    try startSection(line)
                    if section == .done { sawEnd = true; break }
                    continue
                }
                try dataLine(line)
            }
            if !sawEnd {
                // The line after the last one (split already counted it when the text ends in a newline).
                if text.last?.isNewline != true { lineNumber += 1 }
                throw error("expected ENDATA before the end of the file")
            }
            return try finish()
        }

        mutating func startSection(_ line: Substring) throws {
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let head = tokens.first?.uppercased() else { return }
            switch head {
            case "NAME":
                section = .name
                model.name = fixed ? String(line.dropFirst(14)).trimmingCharacters(in: .whitespaces)
                    : tokens.dropFirst().joined(separator: " ")
                if model.name.isEmpty { model.name = "MODEL" }
            case "ROWS": section = .rows
            case "COLUMNS": section = .columns
            case "RHS": section = .rhs
            case "RANGES": section = .ranges
            case "BOUNDS": section = .bounds
            case "ENDATA": section = .done
            case "OBJSENSE":
                section = .objsense
                if tokens.count > 1 { try setSense(String(tokens[1])) }
            case "OBJSENCE": section = .objsense
            default:
                throw error("expected a section header (NAME, ROWS, COLUMNS, RHS, RANGES, BOUNDS, ENDATA), found '\(head)'", column: 1)
            }
        }

        mutating func setSense(_ word: String) throws {
            switch word.uppercased() {
            case "MIN", "MINIMIZE", "MINIMISE": model.sense = .minimize
            case "MAX", "MAXIMIZE", "MAXIMISE": model.sense = .maximize
            default: throw error("expected MIN or MAX after OBJSENSE, found '\(word)'")
            }
        }

        /// Splits a data line into fields, by white space (free) or by the fixed columns, and sets
        /// `fieldColumns` to where each starts.
        /// - Throws: in fixed format, for a character outside the fields' columns.
        mutating func fields(_ line: Substring) throws -> [String] {
            var out: [String] = []
            var starts: [Int] = []
            if !fixed {
                // One pass over the characters: each run of non-blanks is a field, with its column.
                var column = 0
                var field = ""
                for ch in line {
                    column += 1
                    if ch == " " || ch == "\t" {
                        if !field.isEmpty { out.append(field); field = "" }
                    } else {
                        if field.isEmpty { starts.append(column) }
                        field.append(ch)
                    }
                }
                if !field.isEmpty { out.append(field) }
                fieldColumns = starts
                return out
            }
            let chars = Array(line)
            let layout = [(2, 3), (5, 12), (15, 22), (25, 36), (40, 47), (50, 61)]   // one-based inclusive columns
            for (k, ch) in chars.enumerated() where ch != " " && ch != "\t" {
                let column = k + 1
                guard layout.contains(where: { $0.0 <= column && column <= $0.1 }) else {
                    let gap = layout.first(where: { $0.0 > column }).map { "before column \($0.0)" } ?? "after column 61"
                    throw error("expected blank columns between the fields of fixed-format MPS (fields at 2–3, 5–12, 15–22, 25–36, 40–47, 50–61), found '\(ch)' \(gap) — a value or name longer than its field?", column: column)
                }
            }
            for (from, to) in layout {
                guard chars.count >= from else { out.append(""); starts.append(from); continue }
                let slice = chars[(from - 1)..<min(to, chars.count)]
                guard let first = slice.firstIndex(where: { $0 != " " && $0 != "\t" }),
                      let last = slice.lastIndex(where: { $0 != " " && $0 != "\t" }) else { out.append(""); starts.append(from); continue }
                out.append(String(slice[first...last]))
                starts.append(first + 1)
            }
            while let last = out.last, last.isEmpty { out.removeLast(); starts.removeLast() }
            // Field 1 (type) is empty in the COLUMNS, RHS and RANGES sections.
            if let first = out.first, first.isEmpty { out.removeFirst(); starts.removeFirst() }
            fieldColumns = starts
            return out
        }

        /// Field `k` of the current line as a number (rules in the type's documentation); with
        /// `infinityAllowed` (RHS, RANGES, BOUNDS) also the infinity words and ±1e30.
        /// - Throws: `InputError` at the field's column, naming `what` and why the text is no number.
        func number(_ f: [String], _ k: Int, _ what: String, infinityAllowed: Bool = true) throws -> Double {
            let token = f[k]
            let column = k < fieldColumns.count ? fieldColumns[k] : 0
            // Fortran exponents (1.5D+03); most numbers have none, so skip the copy for them.
            let normalized = token.contains(where: { $0 == "D" || $0 == "d" })
                ? String(token.map { $0 == "D" ? "E" : $0 == "d" ? "e" : $0 }) : token
            switch NumberText.decimal(normalized) {
            case .success(let v):
                if infinityAllowed && abs(v) == 1e30 { return v > 0 ? .infinity : -.infinity }
                return v
            case .failure(let problem):
                if infinityAllowed {
                    let lower = normalized.lowercased()
                    if ["inf", "infinity", "+inf", "+infinity"].contains(lower) { return .infinity }
                    if ["-inf", "-infinity"].contains(lower) { return -.infinity }
                }
                throw error("expected \(NumberText.expectedDecimal) for \(what), found '\(token)' (\(problem))",
                            column: column + problem.offset)
            }
        }

        mutating func dataLine(_ line: Substring) throws {
            let f = try fields(line)
            switch section {
            case .none, .name:
                throw error("expected ROWS before data lines")
            case .done: return
            case .objsense:
                guard let word = f.first else { return }
                try setSense(word)
            case .rows:
                guard f.count >= 2 else { throw error("expected a row type (N, E, L, G) and a row name") }
                let name = f[1...].joined(separator: " ")
                if rowIndexByName[name] != nil || objectiveName == name {
                    throw error("row '\(name)' is defined twice")
                }
                switch f[0].uppercased() {
                case "N":
                    if objectiveName == nil {
                        objectiveName = name
                        model.objectiveName = name
                        rowIndexByName[name] = -1
                    } else {
                        rowIndexByName[name] = -2
                    }
                case "E": addRow(name, .e)
                case "L": addRow(name, .l)
                case "G": addRow(name, .g)
                default: throw error("expected a row type N, E, L or G, found '\(f[0])'", column: 2)
                }
            case .columns:
                try columnsLine(f)
            case .rhs:
                try pairs(f, what: "RHS") { parser, row, value in
                    if row == -1 { parser.model.objectiveConstant = -value } else if row >= 0 { parser.rhs[row] = value }
                }
            case .ranges:
                try pairs(f, what: "RANGES") { parser, row, value in
                    if row >= 0 { parser.range[row] = value }
                }
            case .bounds:
                try boundsLine(f)
            }
        }

        mutating func addRow(_ name: String, _ type: RowType) {
            rowIndexByName[name] = model.rowCount
            model.addRow(Row(name: name, lower: 0, upper: 0))
            rowTypes.append(type)
            rhs.append(0)
            range.append(nil)
        }

        mutating func columnsLine(_ f: [String]) throws {
            if f.count >= 3, f[1].uppercased() == "'MARKER'" || f[1].uppercased() == "MARKER" {
                let kind = f[2].uppercased()
                if kind == "'INTORG'" || kind == "INTORG" { inIntegerBlock = true; return }
                if kind == "'INTEND'" || kind == "INTEND" { inIntegerBlock = false; return }
                throw error("expected 'INTORG' or 'INTEND' after 'MARKER', found '\(f[2])'")
            }
            guard f.count == 3 || f.count == 5 else {
                throw error("expected a column name and one or two (row name, value) pairs, found \(f.count) fields")
            }
            let name = f[0]
            let j: Int
            if let existing = columnIndexByName[name] {
                if lastColumnName != name {
                    throw error("column '\(name)' appears again after other columns (its entries must be contiguous)")
                }
                j = existing
            } else {
                j = model.addVariable(Variable(name: name, lower: 0, upper: .infinity, cost: 0, isInteger: inIntegerBlock))
                columnIndexByName[name] = j
                boundWasSet.append(false)
            }
            lastColumnName = name
            var k = 1
            while k + 1 < f.count {
                guard let row = rowIndexByName[f[k]] else { throw error("unknown row '\(f[k])' in column '\(name)'") }
                let value = try number(f, k + 1, "the coefficient of '\(name)' in row '\(f[k])'", infinityAllowed: false)
                if row == -1 {
                    var v = model.variables[j]
                    v.cost += value
                    model.updateVariable(j, v)
                } else if row >= 0 {
                    model.setCoefficient(row: row, variable: j, value)
                }
                k += 2
            }
        }

        /// RHS and RANGES lines: `[set] row value [row value]`.
        mutating func pairs(_ f: [String], what: String, apply: (inout Parser, Int, Double) -> Void) throws {
            var start: Int
            switch f.count {
            case 2, 4: start = 0
            case 3, 5: start = 1
            default: throw error("expected [set name] row name and value (one or two pairs) in \(what), found \(f.count) fields")
            }
            // A set name equal to a row name with 4 fields is read as two pairs; that is what the count says.
            while start + 1 < f.count {
                guard let row = rowIndexByName[f[start]] else {
                    throw error("unknown row '\(f[start])' in \(what)")
                }
                let value = try number(f, start + 1, "\(what) of row '\(f[start])'")
                apply(&self, row, value)
                start += 2
            }
        }

        mutating func boundsLine(_ f: [String]) throws {
            guard f.count >= 2 else { throw error("expected a bound type, [bound set name], column name [and value]") }
            let type = f[0].uppercased()
            let needsValue = ["UP", "LO", "FX", "LI", "UI", "SC"].contains(type)
            let noValue = ["FR", "MI", "PL", "BV"].contains(type)
            guard needsValue || noValue else {
                throw error("expected a bound type UP, LO, FX, FR, MI, PL, BV, LI or UI, found '\(f[0])'", column: 2)
            }
            var columnName: String
            var valueField: Int?
            if needsValue {
                switch f.count {
                case 3: columnName = f[1]; valueField = 2
                case 4: columnName = f[2]; valueField = 3
                default: throw error("expected \(type) [bound set name] column name and value, found \(f.count) fields")
                }
            } else {
                switch f.count {
                case 2: columnName = f[1]
                case 3:
                    if columnIndexByName[f[2]] != nil { columnName = f[2] } else { columnName = f[1]; valueField = 2 }
                case 4: columnName = f[2]; valueField = 3
                default: throw error("expected \(type) [bound set name] column name, found \(f.count) fields")
                }
            }
            guard let j = columnIndexByName[columnName] else {
                throw error("unknown column '\(columnName)' in BOUNDS")
            }
            var v = model.variables[j]
            let value = try valueField.map { try number(f, $0, "the \(type) bound of '\(columnName)'") }
            switch type {
            case "UP", "UI":
                guard let value else { break }
                v.upper = value
                if value < 0 && v.lower == 0 && !boundWasSet[j] { v.lower = -.infinity }
                if type == "UI" { v.isInteger = true }
            case "LO", "LI":
                guard let value else { break }
                v.lower = value
                boundWasSet[j] = true
                if type == "LI" { v.isInteger = true }
            case "FX":
                guard let value else { break }
                v.lower = value
                v.upper = value
                boundWasSet[j] = true
            case "FR":
                v.lower = -.infinity
                v.upper = .infinity
                boundWasSet[j] = true
            case "MI":
                v.lower = -.infinity
                boundWasSet[j] = true
            case "PL":
                v.upper = .infinity
            case "BV":
                v.lower = 0
                v.upper = 1
                v.isInteger = true
                boundWasSet[j] = true
            default:
                throw error("semi-continuous bounds (SC) are not supported", column: 2)
            }
            model.updateVariable(j, v)
        }

        mutating func finish() throws -> LinearModel {
            guard objectiveName != nil else {
                lineNumber = 0
                throw error("expected an N row (the objective) in the ROWS section")
            }
            for i in 0..<model.rowCount {
                let b = rhs[i]
                var lower: Double, upper: Double
                switch rowTypes[i] {
                case .e: lower = b; upper = b
                case .l: lower = -.infinity; upper = b
                case .g: lower = b; upper = .infinity
                case .n: lower = -.infinity; upper = .infinity
                }
                if let r = range[i] {
                    switch rowTypes[i] {
                    case .l: lower = b - abs(r)
                    case .g: upper = b + abs(r)
                    case .e: if r > 0 { upper = b + r } else { lower = b + r }
                    case .n: break
                    }
                }
                model.updateRow(i, Row(name: model.rows[i].name, lower: lower, upper: upper))
            }
            return model
        }
    }
}
