import Foundation

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
        try load(csv, numeric: numeric, categorical: categorical, automatic: automatic,
                 chunks: ProcessInfo.processInfo.activeProcessorCount, parallelAbove: 1 << 20)
    }

    /// As the public `load`, splitting files of more than `parallelAbove` bytes of data into at most
    /// `chunks` runs of records (tests use small files and a small threshold to reach the parallel path).
    static func load(_ csv: CSVFile, numeric: [String], categorical: [String], automatic: [String],
                     chunks chunkCount: Int, parallelAbove: Int) throws -> DataTable {
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

        let chunks = csv.chunks(chunkCount, minimumBytes: parallelAbove)
        let results = ChunkResults(count: chunks.count)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            // The first chunk reserves room for every row: the other chunks' values are appended to its arrays.
            let span = k == 0 ? CSVChunk(start: chunks[0].start, end: chunks[chunks.count - 1].end, line: chunks[0].line) : chunks[k]
            var parser = ChunkParser(plan: plan, expectedRows: csv.estimatedRecords(in: span))
            do {
                parser.endLine = try csv.forEachRecord(in: chunks[k]) { parser.consume($0) }
            } catch let e as InputError {
                parser.error = e
                parser.scanFailed = true
            } catch {
                parser.error = InputError(file: csv.path, message: "\(error)")
                parser.scanFailed = true
            }
            results.store(parser, at: k)
        }
        var parts = results.takeAll()
        // A split that one pass would not have made (a quote or line end the cuts misread), or a
        // malformed record in some chunk: read the file in one pass, which finds the same first error.
        if chunks.count > 1 && (parts.contains { $0.scanFailed } || !CSVFile.joins(chunks, endLines: parts.map(\.endLine))) {
            return try load(csv, numeric: numeric, categorical: categorical, automatic: automatic, chunks: 1, parallelAbove: parallelAbove)
        }
        // The first error in file order wins, as in a sequential pass.
        if let error = parts.compactMap(\.error).min(by: { ($0.line, $0.column) < ($1.line, $1.column) }) { throw error }

        /// One array from the chunks' arrays in file order, moved out of the parsers so that the first
        /// chunk's array (with room reserved for all rows) grows in place.
        func concatenated<T>(_ path: WritableKeyPath<ChunkParser, [T]>) -> [T] {
            var all: [T] = []
            swap(&all, &parts[0][keyPath: path])
            for k in parts.indices.dropFirst() {
                all.append(contentsOf: parts[k][keyPath: path])
                parts[k][keyPath: path] = []
            }
            return all
        }
        let lines = concatenated(\.lines)
        guard !lines.isEmpty else {
            throw InputError(file: csv.path, line: 2, column: 0, message: "the file has a header but no data rows")
        }
        var columns: [String: Column] = [:]
        for k in numberNames.indices {
            let firstText = parts.compactMap { $0.firstText[k] }.first
            let sawNumber = parts.contains { $0.sawNumber[k] }
            if let text = firstText {
                // A column with both numbers and text: the (first) text cell is the mistake.
                if sawNumber || !plan.isAutomatic[k] { throw text }
                // Text only (and missing markers): categories, coded in the same pass.
                let coders = parts.map { $0.textCategories(k) }
                for p in parts.indices { parts[p].textCoders[k] = CategoryCoder() }
                columns[numberNames[k]] = mergedCategories(coders, rows: lines.count)
            } else {
                columns[numberNames[k]] = .numeric(concatenated(\.numbers[k]))
            }
        }
        for (k, name) in categoricalNames.enumerated() {
            let coders = parts.map { $0.coders[k] }
            for p in parts.indices { parts[p].coders[k] = CategoryCoder() }
            let merged = mergedCategories(coders, rows: lines.count)
            // A column loaded both ways keeps its numbers under its name and its categories under C(name).
            if case .numeric = columns[name] {
                columns["C(\(name))"] = merged
            } else {
                columns[name] = merged
            }
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

/// First-seen category codes of one column (in one chunk). Levels are kept as bytes, back to back;
/// a level becomes a `String` only at the end. While every new level is byte-wise greater than the
/// one before (identifiers in export order, villages in order) a cell is compared with the last
/// level only; at the first level out of order the coder switches to a `ByteKeyIndex` keyed by the
/// cell's bytes (no `String` and no seeded hashing per cell). Blank cells and `NA` are missing (-1).
struct CategoryCoder: Sendable {
    /// The levels' bytes in code order; level c is `arena[ends[c - 1]..<ends[c]]` (from 0 for c = 0).
    private var arena: [UInt8] = []
    private var ends: [Int] = []
    /// False while levels have come in increasing byte order; then `index` is unused.
    private(set) var hashed = false
    private var index = ByteKeyIndex(capacity: 0)
    /// One code per cell appended so far.
    var codes: [Int32] = []

    /// Number of levels.
    var count: Int { ends.count }

    /// Calls `body` with the bytes of level `c`.
    func withLevel<T>(_ c: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = c == 0 ? 0 : ends[c - 1]
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[c]])) }
    }

    /// The levels in code order, as strings.
    var levels: [String] {
        (0..<count).map { c in withLevel(c) { String(decoding: $0, as: UTF8.self) } }
    }

    /// -1, 0 or 1 as `bytes` sorts before, equal to or after the last level (1 when there is none).
    private func compareWithLast(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard count > 0 else { return 1 }
        return withLevel(count - 1) { last in
            let n = min(last.count, bytes.count)
            var k = 0
            while k < n {
                if bytes[k] != last[k] { return bytes[k] < last[k] ? -1 : 1 }
                k += 1
            }
            return bytes.count == last.count ? 0 : (bytes.count < last.count ? -1 : 1)
        }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        arena.append(contentsOf: bytes)
        ends.append(arena.count)
    }

    /// The code of a level's bytes (not blank, not `NA`), adding it when unseen.
    private mutating func codeLevel(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if !hashed {
            let order = compareWithLast(bytes)
            if order == 0 { return Int32(count - 1) }
            if order > 0 { add(bytes); return Int32(count - 1) }
            // Out of order: index every level so far, by code, and hash from now on.
            index = ByteKeyIndex(capacity: max(16, count * 2))
            for c in 0..<count { _ = withLevel(c) { index.insert($0, value: Int32(c)) } }
            hashed = true
        }
        let next = Int32(count)
        if let existing = index.insert(bytes, value: next) { return existing }
        add(bytes)
        return next
    }

    /// The code of a cell's trimmed text: -1 for blank or `NA`, else its level's code.
    mutating func code(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if bytes.isEmpty || (bytes.count == 2 && bytes[0] == 0x4E && bytes[1] == 0x41) { return -1 }
        return codeLevel(bytes)
    }

    /// Codes field `i` of `record` and appends the code.
    mutating func append(_ record: borrowing CSVRecord, _ i: Int) {
        if let bytes = record.trimmedBytes(i) {
            codes.append(code(bytes))
        } else {
            var text = record.trimmedString(i)  // quoted: `""` collapsed first
            codes.append(text.withUTF8 { code($0) })
        }
    }

    /// Appends the code of an already trimmed text.
    mutating func append(_ text: String) {
        var copy = text
        codes.append(copy.withUTF8 { code($0) })
    }

    /// Appends another coder's cells (a later chunk of the same column), its levels merged into these.
    mutating func append(_ other: CategoryCoder) {
        if !hashed && !other.hashed && (other.count == 0 || other.withLevel(0) { compareWithLast($0) } > 0) {
            // Both in increasing order and the other's levels all come after these: codes shift.
            let offset = Int32(count)
            let base = arena.count
            arena.append(contentsOf: other.arena)
            ends.append(contentsOf: other.ends.lazy.map { $0 + base })
            codes.append(contentsOf: other.codes.lazy.map { $0 < 0 ? -1 : $0 + offset })
            return
        }
        let remap: [Int32] = (0..<other.count).map { c in other.withLevel(c) { codeLevel($0) } }
        codes.append(contentsOf: other.codes.lazy.map { $0 < 0 ? -1 : remap[Int($0)] })
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
    var coders: [CategoryCoder]
    var error: InputError?
    /// The scanner threw (`error` is its error) rather than a cell being wrong.
    var scanFailed = false
    /// The line the scanner reached at the end of the chunk (`CSVFile.joins`).
    var endLine = 0
    /// Automatic columns only. `textMode[k]`: a text cell came before any number in this chunk, so
    /// the column can only end up categorical (or an error); from then on its cells are coded as
    /// categories in `textCoders[k]` (from the chunk's first row), not stored as numbers.
    var textMode: [Bool]
    var textCoders: [CategoryCoder]
    /// Automatic columns only: the text of every cell while the chunk has shown only missing markers
    /// (no number, no text yet), so those rows can still be coded as categories.
    var pendingMissing: [[String]]

    /// A parser for a chunk of about `expectedRows` records (storage is reserved for that many).
    init(plan: Plan, expectedRows: Int = 0) {
        self.plan = plan
        var column: [Double] = []
        column.reserveCapacity(expectedRows)
        var coder = CategoryCoder()
        coder.codes.reserveCapacity(expectedRows)
        lines.reserveCapacity(expectedRows)
        numbers = Array(repeating: column, count: plan.numberIndex.count)
        sawNumber = Array(repeating: false, count: plan.numberIndex.count)
        firstText = Array(repeating: nil, count: plan.numberIndex.count)
        coders = Array(repeating: coder, count: plan.categoricalIndex.count)
        textMode = Array(repeating: false, count: plan.numberIndex.count)
        textCoders = Array(repeating: CategoryCoder(), count: plan.numberIndex.count)
        pendingMissing = Array(repeating: [], count: plan.numberIndex.count)
    }

    /// The categories of automatic number column `k` in this chunk (first-seen levels and codes,
    /// one per row), for a column that turned out to hold text and no number anywhere in the file.
    func textCategories(_ k: Int) -> CategoryCoder {
        if textMode[k] { return textCoders[k] }
        // No text in this chunk and no number anywhere: every cell was a missing marker.
        var coder = CategoryCoder()
        for text in pendingMissing[k] { coder.append(text) }
        return coder
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
            if textMode[k] {
                // Text seen first in this chunk: the column is categorical or an error; a number only marks the error.
                if record.double(i) != nil { sawNumber[k] = true; continue }
                textCoders[k].append(record, i)
                continue
            }
            if let v = record.double(i) {
                numbers[k].append(v)
                if !sawNumber[k] { sawNumber[k] = true; pendingMissing[k] = [] }
                continue
            }
            let text = record.trimmedString(i)
            if DataTable.missingMarkers.contains(text) {
                numbers[k].append(.nan)
                if plan.isAutomatic[k] && !sawNumber[k] { pendingMissing[k].append(text) }
                continue
            }
            if firstText[k] == nil {
                let why = record.numberProblem(i).map { " (\($0))" } ?? ""
                let e = InputError(file: plan.path, line: record.line, column: i + 1,
                                   message: "expected a number in column \"\(plan.numberNames[k])\", found \"\(text)\"\(why)")
                firstText[k] = e
                if !plan.isAutomatic[k] { error = e; return }
            }
            if plan.isAutomatic[k] && !sawNumber[k] {
                // Switch to categories: the earlier rows of this chunk were all missing markers.
                textMode[k] = true
                for missing in pendingMissing[k] { textCoders[k].append(missing) }
                textCoders[k].append(text)
                pendingMissing[k] = []
                numbers[k] = []
                continue
            }
            numbers[k].append(.nan)
        }
        for k in 0..<plan.categoricalIndex.count {
            coders[k].append(record, plan.categoricalIndex[k])
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
    /// The parsers, moved out (the slots are emptied, so their arrays are uniquely held by the caller).
    func takeAll() -> [ChunkParser] {
        lock.lock()
        defer { lock.unlock() }
        let all = slots.compactMap { $0 }
        slots = []
        return all
    }
}

/// The categories of one column from its chunks' coders: merged into
/// first-seen order over the file, then levels sorted (`sortLevels`) and codes renumbered to match.
private func mergedCategories(_ coders: [CategoryCoder], rows: Int) -> Column {
    var parts = coders
    guard !parts.isEmpty else { return .categorical(codes: [], levels: []) }
    var all = CategoryCoder()
    swap(&all, &parts[0])
    all.codes.reserveCapacity(rows)
    for k in parts.indices.dropFirst() {
        all.append(parts[k])
        parts[k] = CategoryCoder()
    }
    let levels = all.levels
    var codes: [Int32] = []
    swap(&codes, &all.codes)
    let order = sortedLevelOrder(levels)
    var rank = [Int32](repeating: 0, count: levels.count)
    for (position, level) in order.enumerated() { rank[level] = Int32(position) }
    codes.withUnsafeMutableBufferPointer { c in
        for i in c.indices where c[i] >= 0 { c[i] = rank[Int(c[i])] }
    }
    return .categorical(codes: codes, levels: order.map { levels[$0] })
}

private func uniqued(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}

/// Sorts category levels: numerically when all are numbers, otherwise by Unicode scalar order.
public func sortLevels(_ levels: [String]) -> [String] {
    sortedLevelOrder(levels).map { levels[$0] }
}

/// The positions of `levels` in the order of `sortLevels`: numerically (ties by text) when every
/// level is a number by the rules of `NumberText` (so `nan`, `inf` and hexadecimal are text, and a
/// NaN never breaks the sort), otherwise by Unicode scalar order — compared as UTF-8 bytes, which is the same order.
func sortedLevelOrder(_ levels: [String]) -> [Int] {
    var numbers: [Double] = []
    numbers.reserveCapacity(levels.count)
    for level in levels {
        guard case .success(let x) = NumberText.decimal(level) else {
            // UTF-8 byte order is Unicode scalar order, and much faster to compare. Levels coded in
            // increasing order (identifiers in export order) are already sorted: checked in one pass.
            let precedes = { (a: Int, b: Int) in levels[a].utf8.lexicographicallyPrecedes(levels[b].utf8) }
            if levels.indices.dropFirst().allSatisfy({ precedes($0 - 1, $0) }) { return Array(levels.indices) }
            return levels.indices.sorted(by: precedes)
        }
        numbers.append(x)
    }
    return levels.indices.sorted { (numbers[$0], levels[$0]) < (numbers[$1], levels[$1]) }
}
