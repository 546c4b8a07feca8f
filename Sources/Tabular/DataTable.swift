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
        func index(_ name: String) throws -> Int {
            guard let i = csv.columnIndex(name) else {
                throw InputError(file: csv.path, line: 1, column: 0,
                                 message: "no column named \"\(name)\"; the header has: \(csv.header.joined(separator: ", "))")
            }
            return i
        }
        let categoricalNames = uniqued(categorical)
        // Numeric and automatic columns are parsed together as numbers in one pass; an automatic
        // column whose first non-missing cell is text becomes a text candidate instead.
        let numberNames = uniqued(numeric + automatic.filter { !categoricalNames.contains($0) })
        let isAutomatic = numberNames.map { !numeric.contains($0) }
        let numberIndex = try numberNames.map(index)
        let categoricalIndex = try categoricalNames.map(index)
        var numbers = [[Double]](repeating: [], count: numberNames.count)
        var sawNumber = [Bool](repeating: false, count: numberNames.count)
        var firstText = [InputError?](repeating: nil, count: numberNames.count)
        var codes = [[Int32]](repeating: [], count: categoricalNames.count)
        var dictionaries = [[String: Int32]](repeating: [:], count: categoricalNames.count)
        var lines: [Int] = []
        let width = csv.header.count
        try csv.forEachRecord { record in
            guard record.count == width else {
                throw InputError(file: csv.path, line: record.line, column: min(record.count, width) + (record.count > width ? 1 : 0),
                                 message: "expected \(width) fields as in the header, found \(record.count)")
            }
            lines.append(record.line)
            for k in 0..<numberIndex.count {
                let i = numberIndex[k]
                if let v = record.double(i) {
                    if let text = firstText[k] { throw text }  // numbers after text: the text was the mistake
                    numbers[k].append(v)
                    sawNumber[k] = true
                    continue
                }
                if firstText[k] != nil { continue }
                let text = record.string(i).trimmingCharacters(in: .whitespaces)
                if missingMarkers.contains(text) {
                    numbers[k].append(.nan)
                    continue
                }
                let error = InputError(file: csv.path, line: record.line, column: i + 1,
                                       message: "expected a number in column \"\(numberNames[k])\", found \"\(text)\"")
                guard isAutomatic[k] && !sawNumber[k] else { throw error }
                firstText[k] = error
                numbers[k] = []
            }
            for k in 0..<categoricalIndex.count {
                let text = record.string(categoricalIndex[k]).trimmingCharacters(in: .whitespaces)
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
        let textual = numberNames.indices.filter { firstText[$0] != nil }.map { numberNames[$0] }
        var columns: [String: Column] = [:]
        for k in numberNames.indices where firstText[k] == nil { columns[numberNames[k]] = .numeric(numbers[k]) }
        for (k, name) in categoricalNames.enumerated() {
            let (mapped, sorted) = sortedCoding(codes[k], dictionaries[k])
            // A column loaded both ways keeps its numbers under its name and its categories under C(name).
            if case .numeric = columns[name] {
                columns["C(\(name))"] = .categorical(codes: mapped, levels: sorted)
            } else {
                columns[name] = .categorical(codes: mapped, levels: sorted)
            }
        }
        if !textual.isEmpty {
            let text = try load(csv, numeric: [], categorical: textual, automatic: [])
            for name in textual { columns[name] = text.columns[name] }
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

/// Re-codes first-seen category codes so that levels are in sorted order.
private func sortedCoding(_ codes: [Int32], _ dictionary: [String: Int32]) -> ([Int32], [String]) {
    let firstSeen = dictionary.sorted { $0.value < $1.value }.map(\.key)
    let sorted = sortLevels(firstSeen)
    let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
    let recode = firstSeen.map { position[$0] ?? 0 }
    return (codes.map { $0 < 0 ? -1 : recode[Int($0)] }, sorted)
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
