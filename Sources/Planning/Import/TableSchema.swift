import Tabular

/// The columns one CSV file of a county folder may have. Every column in the header must be one of
/// them; the required ones must all be there.
struct TableSchema: Sendable {
    /// File name inside the county folder, e.g. `households.csv`.
    let file: String
    /// Column names in canonical order (the order the generator writes).
    let columns: [String]
    /// Columns that may be left out of the header (their cells then take a default).
    let optional: Set<String>

    init(_ file: String, _ columns: [String], optional: Set<String> = []) {
        self.file = file
        self.columns = columns
        self.optional = optional
    }

    /// Matches the header of `csv` to the schema. Returns, per schema column, its field index in the
    /// file (-1 when an optional column is absent), or nil when a required column is missing.
    /// Unknown and missing columns are logged (line 1; the column number of an unknown one).
    /// Office column names (`RegistryHeaders`: 户编号, 家庭人口数, …) stand for their tuopin column;
    /// an unknown header is reported with the closest known name.
    func bind(_ csv: CSVFile, log: inout InputErrorLog) -> [Int]? {
        var complete = true
        var byColumn: [String: Int] = [:]
        for (i, name) in csv.header.enumerated() {
            guard let canonical = RegistryHeaders.canonical(name, file: file, columns: columns) else {
                let hint = RegistryHeaders.suggestion(for: name, file: file, columns: columns).map { " (did you mean \"\($0)\"?)" } ?? ""
                log.expected("one of the columns \(columns.joined(separator: ", "))\(hint)", found: name, file: csv.path, line: 1, column: i + 1)
                continue
            }
            if canonical.isEmpty { continue }
            if byColumn[canonical] != nil {
                log.add(InputError(file: csv.path, line: 1, column: i + 1, message: "expected each column once, found \"\(name)\" for \"\(canonical)\" a second time"))
                continue
            }
            byColumn[canonical] = i
        }
        var indices: [Int] = []
        for name in columns {
            if let i = byColumn[name] {
                indices.append(i)
            } else {
                indices.append(-1)
                if !optional.contains(name) {
                    complete = false
                    log.add(InputError(file: csv.path, line: 1, column: 0,
                                       message: "expected a column named \"\(name)\", found none (the header has: \(csv.header.joined(separator: ", ")))"))
                }
            }
        }
        return complete ? indices : nil
    }
}

/// Reads typed cells of one record, logging `file:line:column: expected …, found …` for each bad cell
/// and returning a placeholder so that the rest of the row is still checked.
struct CellReader {
    let file: String
    var log: InputErrorLog

    init(file: String, log: InputErrorLog) {
        self.file = file
        self.log = log
    }

    private mutating func bad(_ r: borrowing CSVRecord, _ i: Int, _ name: String, _ expectation: String) {
        log.expected("\(expectation) in \"\(name)\"", found: r.trimmedString(i), file: file, line: r.line, column: i + 1)
    }

    /// A cell that should hold a number but does not, or holds one out of range: the error names
    /// what was expected and, when the text is no number at all, why (`NumberText`'s rules).
    private mutating func badNumber(_ r: borrowing CSVRecord, _ i: Int, _ name: String, _ expectation: String, whole: Bool) {
        let found = r.trimmedString(i)
        let why = r.numberProblem(i, whole: whole).map { " (\($0))" } ?? ""
        log.add(InputError(file: file, line: r.line, column: i + 1,
                           message: "expected \(expectation) in \"\(name)\", found \"\(found)\"\(why)"))
    }

    /// A record must have as many fields as the header; false (and an error) otherwise.
    mutating func checkWidth(_ r: borrowing CSVRecord, _ width: Int) -> Bool {
        guard r.count != width else { return true }
        log.add(InputError(file: file, line: r.line, column: min(r.count, width) + (r.count > width ? 1 : 0),
                           message: "expected \(width) fields as in the header, found \(r.count)"))
        return false
    }

    /// Non-empty text (trimmed); "" with an error when blank and required.
    mutating func text(_ r: borrowing CSVRecord, _ i: Int, _ name: String, required: Bool = true) -> String {
        guard i >= 0 else { return "" }
        let t = r.trimmedString(i)
        if t.isEmpty && required { bad(r, i, name, "a non-empty value") }
        return t
    }

    /// A whole number in `range`; `fallback` when the column is absent; nil for a blank nullable cell
    /// and for a bad cell (logged), so callers skip the checks that depend on it.
    mutating func int(_ r: borrowing CSVRecord, _ i: Int, _ name: String, _ range: ClosedRange<Int>,
                      nullable: Bool = false, fallback: Int? = nil) -> Int? {
        guard i >= 0 else { return fallback }
        if nullable && r.isBlank(i) { return nil }
        if let v = r.int(i), range.contains(v) { return v }
        badNumber(r, i, name, describe(range, whole: true), whole: true)
        return nil
    }

    /// A finite decimal number ≥ `minimum`; `fallback` when the column is absent or (nullable) blank;
    /// nil for a bad cell (logged).
    /// Every decimal cell is also at most `RegistryLimits.maximumMagnitude` (10¹²) in magnitude.
    mutating func number(_ r: borrowing CSVRecord, _ i: Int, _ name: String, minimum: Double = 0,
                         nullable: Bool = false, fallback: Double? = nil) -> Double? {
        guard i >= 0 else { return fallback }
        if nullable && r.isBlank(i) { return fallback }
        // The expectation is spelt out only for a bad cell (not formatted for every good one).
        var expectation: String { minimum == -.infinity ? "a finite number" : "a finite number ≥ \(formatBound(minimum))" }
        guard let v = r.double(i), v.isFinite, v >= minimum else {
            badNumber(r, i, name, expectation, whole: false)
            return nil
        }
        let limit = RegistryLimits.maximumMagnitude
        if abs(v) > limit {
            log.add(InputError(file: file, line: r.line, column: i + 1,
                               message: "expected \(expectation) of magnitude at most 1e12 in \"\(name)\" (the largest a county folder takes), found \"\(r.trimmedString(i))\""))
            return nil
        }
        return v
    }

    /// A yes/no flag (1/0, true/false, yes/no, 是/否); `fallback` when the column is absent.
    mutating func flag(_ r: borrowing CSVRecord, _ i: Int, _ name: String, fallback: Bool = true) -> Bool {
        guard i >= 0 else { return fallback }
        if let v = r.bool(i) { return v }
        bad(r, i, name, "1 or 0 (yes or no)")
        return fallback
    }

    /// One of the codes of `Code` (or its Chinese label); `fallback` when absent or wrong.
    mutating func code<Code: RegistryCode>(_ r: borrowing CSVRecord, _ i: Int, _ name: String, _ fallback: Code) -> Code {
        guard i >= 0 else { return fallback }
        if let c = Code.parse(r.trimmedString(i)) { return c }
        bad(r, i, name, Code.allowedList)
        return fallback
    }

    /// Like `code(_:_:_:_:)` with a prepared matcher (fast path for large files).
    mutating func code<Code: RegistryCode>(_ r: borrowing CSVRecord, _ i: Int, _ name: String, _ fallback: Code,
                                           matcher: CodeMatcher<Code>) -> Code {
        guard i >= 0 else { return fallback }
        if let c = matcher.match(r, i) { return c }
        bad(r, i, name, Code.allowedList)
        return fallback
    }

    /// Logs a reference to a row that does not exist in another file.
    mutating func unknown(_ r: borrowing CSVRecord, _ i: Int, _ name: String, in other: String) {
        bad(r, i, name, "a value listed in \(other)")
    }

    /// Logs a repeated identifier.
    mutating func duplicate(_ r: borrowing CSVRecord, _ i: Int, _ name: String, firstLine: Int) {
        bad(r, i, name, "a unique \(name) (this one is already on line \(firstLine))")
    }

    /// Logs any other broken rule of a cell.
    mutating func rule(_ r: borrowing CSVRecord, _ i: Int, _ name: String, _ expectation: String) {
        bad(r, i, name, expectation)
    }
}

private func describe(_ range: ClosedRange<Int>, whole: Bool) -> String {
    if range.upperBound == Int.max { return "a whole number ≥ \(range.lowerBound)" }
    return "a whole number from \(range.lowerBound) to \(range.upperBound)"
}

private func formatBound(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : String(v)
}
