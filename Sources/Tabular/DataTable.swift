/// A column of a `DataTable`: numbers, or categories coded as integers.
public enum Column: Sendable {
    /// Numeric values; a missing cell (empty, `NA`, `NaN`, `.`) is `Double.nan`.
    case numeric([Double])
    /// Category codes into `levels` (`-1` for a missing cell); levels sorted numerically when
    /// every level is a number, otherwise by their text.
    case categorical(codes: [Int32], levels: [String])

    /// Number of rows.
    public var count: Int {
        switch self {
        case .numeric(let v): return v.count
        case .categorical(let c, _): return c.count
        }
    }
}

/// Columns loaded from a CSV file with their types decided by the caller, plus the line of each
/// row, so later errors about a row can still name its line.
public struct DataTable: Sendable {
    /// File the table was read from.
    public let path: String
    /// Number of data rows.
    public let rowCount: Int
    /// One-based file line of each row.
    public let lines: [Int]
    /// The loaded columns by name.
    public let columns: [String: Column]
    /// Every column name in the file's header, in order (loaded or not).
    public let header: [String]

    /// Cells that count as missing in a numeric column.
    public static let missingMarkers: Set<String> = ["", "NA", "NaN", "nan", "N/A", "."]

    /// Loads the named columns of a CSV file: `numeric` ones must hold numbers (or a missing
    /// marker), `categorical` ones any text. A column may appear in both lists.
    /// - Throws: `InputError` naming file, line and column for a missing column, a record with the
    ///   wrong number of fields, a non-numeric cell in a numeric column, or a file with no data rows.
    public static func load(_ csv: CSVFile, numeric: [String], categorical: [String]) throws -> DataTable {
        try load(csv, numeric: numeric, categorical: categorical, automatic: [])
    }

    /// Loads columns as `load(_:numeric:categorical:)` does; each `automatic` column is categorical when
    /// none of its cells is a number (as R turns text into factors) and numeric otherwise, so a
    /// column mixing numbers and text fails on its first text cell.
    public static func load(_ csv: CSVFile, numeric: [String], categorical: [String], automatic: [String]) throws -> DataTable {
        if !automatic.isEmpty {
            var textual: Set<String> = []
            let candidates = automatic.filter { !numeric.contains($0) && !categorical.contains($0) }
            let indices = try candidates.map { name -> Int in
                guard let i = csv.columnIndex(name) else {
                    throw InputError(file: csv.path, line: 1, column: 0,
                                     message: "no column named \"\(name)\"; the header has: \(csv.header.joined(separator: ", "))")
                }
                return i
            }
            var sawNumber = Set<String>()
            try csv.forEachRecord { record in
                for (k, i) in indices.enumerated() where i < record.count {
                    if record.double(i) != nil {
                        sawNumber.insert(candidates[k])
                    } else if !missingMarkers.contains(record.string(i).trimmingCharacters(in: .whitespaces)) {
                        textual.insert(candidates[k])
                    }
                }
            }
            // A column mixing numbers and text is most likely a typo in a numeric column: read it as
            // numbers, so the first bad cell is reported with its line and column.
            textual.subtract(sawNumber)
            return try load(csv, numeric: numeric + candidates.filter { !textual.contains($0) },
                            categorical: categorical + candidates.filter { textual.contains($0) }, automatic: [])
        }
        func index(_ name: String) throws -> Int {
            guard let i = csv.columnIndex(name) else {
                throw InputError(file: csv.path, line: 1, column: 0,
                                 message: "no column named \"\(name)\"; the header has: \(csv.header.joined(separator: ", "))")
            }
            return i
        }
        let numericIndex = try uniqued(numeric).map { ($0, try index($0)) }
        let categoricalIndex = try uniqued(categorical).map { ($0, try index($0)) }
        var numbers = [[Double]](repeating: [], count: numericIndex.count)
        var codes = [[Int32]](repeating: [], count: categoricalIndex.count)
        var dictionaries = [[String: Int32]](repeating: [:], count: categoricalIndex.count)
        var lines: [Int] = []
        let width = csv.header.count
        try csv.forEachRecord { record in
            guard record.count == width else {
                throw InputError(file: csv.path, line: record.line, column: min(record.count, width) + (record.count > width ? 1 : 0),
                                 message: "expected \(width) fields as in the header, found \(record.count)")
            }
            lines.append(record.line)
            for (k, (name, i)) in numericIndex.enumerated() {
                if let v = record.double(i) {
                    numbers[k].append(v)
                } else {
                    let text = record.string(i).trimmingCharacters(in: .whitespaces)
                    guard missingMarkers.contains(text) else {
                        throw InputError(file: csv.path, line: record.line, column: i + 1,
                                         message: "expected a number in column \"\(name)\", found \"\(text)\"")
                    }
                    numbers[k].append(.nan)
                }
            }
            for (k, (_, i)) in categoricalIndex.enumerated() {
                let text = record.string(i).trimmingCharacters(in: .whitespaces)
                if text.isEmpty || text == "NA" {
                    codes[k].append(-1)
                } else if let c = dictionaries[k][text] {
                    codes[k].append(c)
                } else {
                    let c = Int32(dictionaries[k].count)
                    dictionaries[k][text] = c
                    codes[k].append(c)
                }
            }
        }
        guard !lines.isEmpty else {
            throw InputError(file: csv.path, line: 2, column: 0, message: "the file has a header but no data rows")
        }
        var columns: [String: Column] = [:]
        for (k, (name, _)) in numericIndex.enumerated() { columns[name] = .numeric(numbers[k]) }
        for (k, (name, _)) in categoricalIndex.enumerated() {
            // Re-code so that levels are in sorted order.
            let firstSeen = dictionaries[k].sorted { $0.value < $1.value }.map(\.key)
            let sorted = sortLevels(firstSeen)
            var recode = [Int32](repeating: 0, count: sorted.count)
            let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
            for (old, level) in firstSeen.enumerated() { recode[old] = position[level] ?? 0 }
            let mapped = codes[k].map { $0 < 0 ? -1 : recode[Int($0)] }
            // A column loaded both ways keeps its numbers under its name and its categories under C(name).
            if case .numeric = columns[name] {
                columns["C(\(name))"] = .categorical(codes: mapped, levels: sorted)
            } else {
                columns[name] = .categorical(codes: mapped, levels: sorted)
            }
        }
        return DataTable(path: csv.path, rowCount: lines.count, lines: lines, columns: columns, header: csv.header)
    }

    /// The numeric column `name`, if loaded as numeric.
    public func numbers(_ name: String) -> [Double]? {
        if case .numeric(let v)? = columns[name] { return v }
        return nil
    }

    /// The categorical column `name` (or its categorical twin `C(name)` when it was also loaded as numeric).
    public func categories(_ name: String) -> (codes: [Int32], levels: [String])? {
        if case .categorical(let c, let l)? = columns["C(\(name))"] { return (c, l) }
        if case .categorical(let c, let l)? = columns[name] { return (c, l) }
        return nil
    }
}

private func uniqued(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}

/// Sorts category levels: numerically when all are numbers, otherwise by Unicode scalar order.
public func sortLevels(_ levels: [String]) -> [String] {
    let numbers = levels.map { Double($0) }
    if numbers.allSatisfy({ $0 != nil }) {
        return zip(levels, numbers).sorted { ($0.1 ?? 0, $0.0) < ($1.1 ?? 0, $1.0) }.map(\.0)
    }
    return levels.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
}

import Foundation
