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
/// - The first `N` row is the objective; further `N` rows are free rows and are dropped. A file
///   without an `N` row is a feasibility model: its objective is zero (as HiGHS and CPLEX read it).
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
        /// The fields of the current ASCII data line (storage reused from line to line).
        var fieldBuffer: [String] = []

        init(file: String, fixed: Bool) {
            self.file = file
            self.fixed = fixed
        }

        func error(_ message: String, column: Int = 0) -> InputError {
            InputError(file: file, line: lineNumber, column: column, message: message)
        }

        mutating func parse(_ text: String) throws -> LinearModel {
            var text = text
            return try text.withUTF8 { try parse(bytes: $0) }
        }

        /// One pass over the UTF-8 bytes: a line is cut at LF, VT, FF, CR (CR LF as one), NEL,
        /// LS or PS — the characters `Character.isNewline` names —, and a line of ASCII only (every
        /// line of every MPS file in practice) is split into fields from its bytes, without
        /// building Characters; any other line goes through the Character path, so both read it
        /// alike. Time is linear in the file, about a dictionary insert per row.
        mutating func parse(bytes: UnsafeBufferPointer<UInt8>) throws -> LinearModel {
            var sawEnd = false
            let n = bytes.count
            var start = 0
            var endedInNewline = false   // the text's last character is a line end
            while true {
                // The line's end, where the next one starts, and whether it is all ASCII.
                var end = start
                var ascii = true
                var next = -1
                while end < n {
                    let b = bytes[end]
                    if b == 0x0A || b == 0x0B || b == 0x0C {
                        next = end + 1; break
                    } else if b == 0x0D {
                        next = end + 1 < n && bytes[end + 1] == 0x0A ? end + 2 : end + 1; break
                    } else if b == 0xC2, end + 1 < n, bytes[end + 1] == 0x85 {
                        next = end + 2; break
                    } else if b == 0xE2, end + 2 < n, bytes[end + 1] == 0x80, bytes[end + 2] == 0xA8 || bytes[end + 2] == 0xA9 {
                        next = end + 3; break
                    }
                    if b >= 0x80 { ascii = false }
                    end += 1
                }
                lineNumber += 1
                let before = section
                if try handle(UnsafeBufferPointer(rebasing: bytes[start..<end]), ascii: ascii) { sawEnd = true; break }
                if section == .rows && before != .rows, next >= 0 { reserveRows(bytes, from: next) }
                guard next >= 0 else { break }
                endedInNewline = next == n
                start = next
            }
            if !sawEnd {
                // The line after the last one (the split already counted it when the text ends in a newline).
                if !endedInNewline { lineNumber += 1 }
                throw error("expected ENDATA before the end of the file")
            }
            return try finish()
        }

        /// Room for the rows of the ROWS section starting at byte `from`: its lines are counted
        /// (up to the next line that starts a section), so the name index and the row arrays are
        /// allocated once instead of growing — and rehashing every name — about 24 times for 10⁷ rows.
        mutating func reserveRows(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) {
            var lines = 0
            var i = from
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b != 0x20 && b != 0x09 && b != 0x2A && b != 0x0A && b != 0x0D { break }   // a section header
                lines += 1
                while i < n && bytes[i] != 0x0A { i += 1 }
                i += 1
            }
            rowIndexByName.reserveCapacity(lines + 1)
            model.reserveRowCapacity(lines)
            rowTypes.reserveCapacity(lines)
            rhs.reserveCapacity(lines)
            range.reserveCapacity(lines)
        }

        /// One line; true at ENDATA.
        mutating func handle(_ line: UnsafeBufferPointer<UInt8>, ascii: Bool) throws -> Bool {
            guard ascii else {
                let text = String(decoding: line, as: UTF8.self)
                let sub = Substring(text)
                if sub.first == "*" || sub.allSatisfy({ $0 == " " || $0 == "\t" }) { return false }
                if sub.first != " " && sub.first != "\t" {
                    try startSection(sub)
                    return section == .done
                }
                try dataLine(try fields(sub))
                return false
            }
            guard let first = line.first, first != UInt8(ascii: "*"),
                  line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
            if first != 0x20 && first != 0x09 {
                try startSection(Substring(String(decoding: line, as: UTF8.self)))
                return section == .done
            }
            try dataLine(try asciiFields(line))
            return false
        }

        /// `fields(_:)` for a line of ASCII bytes (one byte a column).
        /// The two arrays are the parser's own, emptied and refilled for each line (no allocation per line).
        mutating func asciiFields(_ line: UnsafeBufferPointer<UInt8>) throws -> [String] {
            var out = fieldBuffer, starts = fieldColumns
            fieldBuffer = []; fieldColumns = []
            out.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            defer { fieldBuffer = out }
            if !fixed {
                var k = 0
                let n = line.count
                while k < n {
                    while k < n && (line[k] == 0x20 || line[k] == 0x09) { k += 1 }
                    if k == n { break }
                    let from = k
                    while k < n && line[k] != 0x20 && line[k] != 0x09 { k += 1 }
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: line[from..<k]), as: UTF8.self))
                    starts.append(from + 1)
                }
                fieldColumns = starts
                return out
            }
            for (k, b) in line.enumerated() where b != 0x20 && b != 0x09 {
                let column = k + 1
                guard Self.fixedLayout.contains(where: { $0.0 <= column && column <= $0.1 }) else {
                    throw fixedLayoutError(Character(Unicode.Scalar(b)), column: column)
                }
            }
            for (from, to) in Self.fixedLayout {
                guard line.count >= from else { out.append(""); starts.append(from); continue }
                var first = from - 1, last = min(to, line.count) - 1
                while first <= last && (line[first] == 0x20 || line[first] == 0x09) { first += 1 }
                while last >= first && (line[last] == 0x20 || line[last] == 0x09) { last -= 1 }
                if first > last { out.append(""); starts.append(from); continue }
                out.append(String(decoding: UnsafeBufferPointer(rebasing: line[first...last]), as: UTF8.self))
                starts.append(first + 1)
            }
            while let last = out.last, last.isEmpty { out.removeLast(); starts.removeLast() }
            if let first = out.first, first.isEmpty { out.removeFirst(); starts.removeFirst() }
            fieldColumns = starts
            return out
        }

        /// The fixed-format fields' one-based inclusive columns.
        static let fixedLayout = [(2, 3), (5, 12), (15, 22), (25, 36), (40, 47), (50, 61)]

        func fixedLayoutError(_ ch: Character, column: Int) -> InputError {
            let gap = Self.fixedLayout.first(where: { $0.0 > column }).map { "before column \($0.0)" } ?? "after column 61"
            return error("expected blank columns between the fields of fixed-format MPS (fields at 2–3, 5–12, 15–22, 25–36, 40–47, 50–61), found '\(ch)' \(gap) — a value or name longer than its field?", column: column)
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
            let layout = Self.fixedLayout
            for (k, ch) in chars.enumerated() where ch != " " && ch != "\t" {
                let column = k + 1
                guard layout.contains(where: { $0.0 <= column && column <= $0.1 }) else {
                    throw fixedLayoutError(ch, column: column)
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

        mutating func dataLine(_ f: [String]) throws {
            switch section {
            case .none, .name:
                throw error("expected ROWS before data lines")
            case .done: return
            case .objsense:
                guard let word = f.first else { return }
                try setSense(word)
            case .rows:
                guard f.count >= 2 else { throw error("expected a row type (N, E, L, G) and a row name") }
                let name = f.count == 2 ? f[1] : f[1...].joined(separator: " ")
                if objectiveName == name { throw error("row '\(name)' is defined twice") }
                switch f[0] {
                case "L", "l": try addRow(name, .l)
                case "G", "g": try addRow(name, .g)
                case "E", "e": try addRow(name, .e)
                case "N", "n":
                    if rowIndexByName[name] != nil { throw error("row '\(name)' is defined twice") }
                    if objectiveName == nil {
                        objectiveName = name
                        model.objectiveName = name
                        rowIndexByName[name] = -1
                    } else {
                        rowIndexByName[name] = -2
                    }
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

        /// A constraint row; one hash of its name (the insert also finds a row defined twice).
        mutating func addRow(_ name: String, _ type: RowType) throws {
            if let earlier = rowIndexByName.updateValue(model.rowCount, forKey: name) {
                rowIndexByName[name] = earlier
                throw error("row '\(name)' is defined twice")
            }
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
            if objectiveName == nil {
                // No N row: a feasibility model with a zero objective (HiGHS and CPLEX read it so).
                // Its objective takes a name no row has, so that writing it back stays valid MPS.
                var name = "OBJ", k = 0
                while rowIndexByName[name] != nil { k += 1; name = "OBJ\(k)" }
                model.objectiveName = name
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
