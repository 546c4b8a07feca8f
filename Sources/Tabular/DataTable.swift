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
    ///
    /// Large files without quote characters are parsed on all cores, in chunks of whole lines; the
    /// result (and the first error reported) is the same as a sequential pass.
    public static func load(_ csv: CSVFile, numeric: [String], categorical: [String], automatic: [String]) throws -> DataTable {
        func index(_ name: String) throws -> Int {
            guard let i = csv.columnIndex(name) else {
                throw InputError(file: csv.path, line: 1, column: 0,
                                 message: "no column named \"\(name)\"; the header has: \(csv.header.joined(separator: ", "))")
            }
            return i
        }
        let categoricalNames = uniqued(categorical)
        // An automatic column that is also wanted as categories (a regressor that is also the cluster
        // variable) is still tried as numbers; its categories then live under C(name).
        let numberNames = uniqued(numeric + automatic)
        let plan = ChunkParser.Plan(
            path: csv.path, width: csv.header.count,
            numberNames: numberNames, numberIndex: try numberNames.map(index),
            isAutomatic: numberNames.map { !numeric.contains($0) },
            categoricalIndex: try categoricalNames.map(index))

        let chunks = csv.chunks(ProcessInfo.processInfo.activeProcessorCount)
        let results = ChunkResults(count: chunks.count)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            var parser = ChunkParser(plan: plan)
            do {
                try csv.forEachRecord(in: chunks[k]) { parser.consume($0) }
                if let e = parser.error { throw e }
            } catch let e as InputError {
                parser.error = e
            } catch {
                parser.error = InputError(file: csv.path, message: "\(error)")
            }
            results.store(parser, at: k)
        }
        let parts = results.parsers
        // The first error in file order wins, as in a sequential pass.
        if let error = parts.compactMap(\.error).min(by: { ($0.line, $0.column) < ($1.line, $1.column) }) { throw error }

        let lines = parts.flatMap(\.lines)
        guard !lines.isEmpty else {
            throw InputError(file: csv.path, line: 2, column: 0, message: "the file has a header but no data rows")
        }
        var columns: [String: Column] = [:]
        var textual: [String] = []
        for k in numberNames.indices {
            let firstText = parts.compactMap { $0.firstText[k] }.first
            let sawNumber = parts.contains { $0.sawNumber[k] }
            if let text = firstText {
                // A column with both numbers and text: the (first) text cell is the mistake.
                if sawNumber || !plan.isAutomatic[k] { throw text }
                textual.append(numberNames[k])
            } else {
                columns[numberNames[k]] = .numeric(parts.flatMap { $0.numbers[k] })
            }
        }
        for (k, name) in categoricalNames.enumerated() {
            // Merge the chunks' dictionaries into first-seen order, then sort the levels.
            var dictionary: [String: Int32] = [:]
            var codes: [Int32] = []
            codes.reserveCapacity(lines.count)
            for part in parts {
                let local = part.dictionaries[k].sorted { $0.value < $1.value }.map(\.key)
                var remap = [Int32](repeating: 0, count: local.count)
                for (c, level) in local.enumerated() {
                    if let existing = dictionary[level] { remap[c] = existing } else {
                        let code = Int32(dictionary.count)
                        dictionary[level] = code
                        remap[c] = code
                    }
                }
                codes.append(contentsOf: part.codes[k].map { $0 < 0 ? -1 : remap[Int($0)] })
            }
            let (mapped, sorted) = sortedCoding(codes, dictionary)
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
        return DataTable(path: csv.path, lines: lines, columns: columns, header: csv.header)
    }

    /// A table built in memory (for models fitted on data that did not come from one CSV file, such
    /// as a loaded county registry). `path` names the data in messages; `lines` gives each row's
    /// line (or any row number) for messages; every column must have `lines.count` rows.
    public init(path: String, lines: [Int], columns: [String: Column], header: [String]) {
        precondition(columns.values.allSatisfy { $0.count == lines.count }, "every column needs one value per row")
        self.path = path
        self.rowCount = lines.count
        self.lines = lines
        self.columns = columns
        self.header = header
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

/// Parses the loaded columns of one chunk of records.
struct ChunkParser: Sendable {
    struct Plan: Sendable {
        var path: String
        var width: Int
        var numberNames: [String]
        var numberIndex: [Int]
        var isAutomatic: [Bool]
        var categoricalIndex: [Int]
    }

    let plan: Plan
    var lines: [Int] = []
    var numbers: [[Double]]
    var sawNumber: [Bool]
    /// The first text cell of each number column (an error for numeric columns; for automatic ones
    /// a sign that the column is categorical, unless numbers occur too).
    var firstText: [InputError?]
    var codes: [[Int32]]
    var dictionaries: [[String: Int32]]
    var error: InputError?

    init(plan: Plan) {
        self.plan = plan
        numbers = Array(repeating: [], count: plan.numberIndex.count)
        sawNumber = Array(repeating: false, count: plan.numberIndex.count)
        firstText = Array(repeating: nil, count: plan.numberIndex.count)
        codes = Array(repeating: [], count: plan.categoricalIndex.count)
        dictionaries = Array(repeating: [:], count: plan.categoricalIndex.count)
    }

    mutating func consume(_ record: borrowing CSVRecord) {
        if error != nil { return }
        guard record.count == plan.width else {
            error = InputError(file: plan.path, line: record.line, column: min(record.count, plan.width) + (record.count > plan.width ? 1 : 0),
                               message: "expected \(plan.width) fields as in the header, found \(record.count)")
            return
        }
        lines.append(record.line)
        for k in 0..<plan.numberIndex.count {
            let i = plan.numberIndex[k]
            if let v = record.double(i) {
                numbers[k].append(v)
                sawNumber[k] = true
                continue
            }
            let text = record.trimmedString(i)
            if DataTable.missingMarkers.contains(text) {
                numbers[k].append(.nan)
                continue
            }
            numbers[k].append(.nan)
            if firstText[k] == nil {
                let e = InputError(file: plan.path, line: record.line, column: i + 1,
                                   message: "expected a number in column \"\(plan.numberNames[k])\", found \"\(text)\"")
                firstText[k] = e
                if !plan.isAutomatic[k] { error = e; return }
            }
        }
        for k in 0..<plan.categoricalIndex.count {
            let text = record.trimmedString(plan.categoricalIndex[k])
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
}

/// One slot per chunk, each written by exactly one worker of `concurrentPerform`.
final class ChunkResults: @unchecked Sendable {
    private var slots: [ChunkParser?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ parser: ChunkParser, at index: Int) {
        lock.lock()
        slots[index] = parser
        lock.unlock()
    }
    var parsers: [ChunkParser] { slots.compactMap { $0 } }
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
