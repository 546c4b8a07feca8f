/// The shared strings of a workbook (`xl/sharedStrings.xml`) as UTF-8 bytes back to back, read
/// once: no String per item until one is asked for. Immutable once built.
final class SharedStrings: Sendable {
    /// String k is `bytes[starts[k]..<ends[k]]`.
    let bytes: [UInt8]
    let starts: [Int]
    let ends: [Int]
    /// Per string: bit 0, it holds a comma, quote or line break (quoted in CSV); bit 1, it is empty
    /// or only spaces and tabs (a blank cell).
    let flags: [UInt8]

    static let needsQuotes: UInt8 = 1, blank: UInt8 = 2
    static let none = SharedStrings(bytes: [], starts: [], ends: [])

    init(bytes: [UInt8], starts: [Int], ends: [Int]) {
        self.bytes = bytes
        self.starts = starts
        self.ends = ends
        var flags = [UInt8](repeating: 0, count: starts.count)
        for k in starts.indices {
            var f = SharedStrings.blank
            for p in starts[k]..<ends[k] {
                let c = bytes[p]
                if c == 0x2C || c == 0x22 || c == 0x0A || c == 0x0D { f |= SharedStrings.needsQuotes }
                if c != 0x20 && c != 0x09 { f &= ~SharedStrings.blank }
            }
            flags[k] = f
        }
        self.flags = flags
    }

    var count: Int { starts.count }

    func string(_ k: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[starts[k]..<ends[k]]), as: UTF8.self) }
    }
}

/// A worksheet's cells, flat: row r is `kinds[rowStart(r)..<rowEnds[r]]` (and the same range of
/// `payloads`), as long as its last stored cell, as `[[SpreadsheetCell]]` would hold them but
/// without an enum with a String per cell (9 bytes a cell instead of 24 and a heap string).
struct SheetGrid: Sendable {
    enum Kind: UInt8 { case empty = 0, shared, text, number, bool, error, date }

    var kinds: [UInt8] = []
    /// Per kind: shared, the string's index; text and error, an index into `textEnds`; number, the
    /// Double's bits; bool, 0 or 1; date, year << 48 | month << 40 | day << 32 | seconds.
    var payloads: [UInt64] = []
    var rowEnds: [Int] = []
    /// Inline text, `str` and error cells' bytes: entry k is `texts[textStart(k)..<textEnds[k]]`.
    var texts: [UInt8] = []
    var textEnds: [Int] = []
    var strings: SharedStrings = .none

    var rowCount: Int { rowEnds.count }
    func rowStart(_ r: Int) -> Int { r == 0 ? 0 : rowEnds[r - 1] }
    func width(_ r: Int) -> Int { r >= 0 && r < rowEnds.count ? rowEnds[r] - rowStart(r) : 0 }
    func textStart(_ k: Int) -> Int { k == 0 ? 0 : textEnds[k - 1] }

    /// The grid of `rows` (text cells into the text arena).
    init(rows: [[SpreadsheetCell]]) {
        for row in rows {
            for cell in row { append(cell) }
            rowEnds.append(kinds.count)
        }
    }

    init() {}

    mutating func addText(_ bytes: some Sequence<UInt8>) -> UInt64 {
        texts.append(contentsOf: bytes)
        textEnds.append(texts.count)
        return UInt64(textEnds.count - 1)
    }

    private mutating func append(_ cell: SpreadsheetCell) {
        let (kind, payload) = encode(cell)
        kinds.append(kind.rawValue)
        payloads.append(payload)
    }

    mutating func encode(_ cell: SpreadsheetCell) -> (Kind, UInt64) {
        switch cell {
        case .empty: return (.empty, 0)
        case .text(let s): return (.text, addText(s.utf8))
        case .number(let d): return (.number, d.bitPattern)
        case .bool(let b): return (.bool, b ? 1 : 0)
        case .error(let e): return (.error, addText(e.utf8))
        case let .date(y, m, d, s): return (.date, encodeDate(y, m, d, s))
        }
    }

    /// A date's payload: packed when year, month, day and seconds fit (−32,768…32,767, 0…255, 0…255,
    /// 0…2³²−1, every real date), else the four numbers as text (kind `date` with the top bit set).
    mutating func encodeDate(_ y: Int, _ m: Int, _ d: Int, _ s: Int) -> UInt64 {
        if (-32_768...32_767).contains(y), (0...255).contains(m), (0...255).contains(d), (0...0xFFFF_FFFF).contains(s) {
            let packed = SheetGrid.packDate(y, m, d, s)
            if packed >> 63 == 0 { return packed }
        }
        return 1 << 63 | addText("\(y),\(m),\(d),\(s)".utf8)
    }

    static func packDate(_ y: Int, _ m: Int, _ d: Int, _ s: Int) -> UInt64 {
        UInt64(UInt16(truncatingIfNeeded: y)) << 48 | UInt64(UInt8(truncatingIfNeeded: m)) << 40
            | UInt64(UInt8(truncatingIfNeeded: d)) << 32 | UInt64(UInt32(truncatingIfNeeded: s))
    }

    func textString(_ k: Int) -> String {
        texts.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[textStart(k)..<textEnds[k]]), as: UTF8.self) }
    }

    /// The cell at flat index `i`.
    func cell(at i: Int) -> SpreadsheetCell {
        let p = payloads[i]
        switch Kind(rawValue: kinds[i]) ?? .empty {
        case .empty: return .empty
        case .shared: return .text(strings.string(Int(p)))
        case .text: return .text(textString(Int(p)))
        case .number: return .number(Double(bitPattern: p))
        case .bool: return .bool(p != 0)
        case .error: return .error(textString(Int(p)))
        case .date:
            if p >> 63 != 0 {
                let parts = textString(Int(p & ~(1 << 63))).split(separator: ",").compactMap { Int($0) }
                return .date(year: parts[0], month: parts[1], day: parts[2], seconds: parts[3])
            }
            return .date(year: Int(Int16(truncatingIfNeeded: p >> 48)), month: Int(UInt8(truncatingIfNeeded: p >> 40)),
                         day: Int(UInt8(truncatingIfNeeded: p >> 32)), seconds: Int(UInt32(truncatingIfNeeded: p)))
        }
    }

    /// The flat index of (`row`, `column`), nil outside what is stored.
    func index(_ row: Int, _ column: Int) -> Int? {
        guard row >= 0, row < rowEnds.count, column >= 0 else { return nil }
        let i = rowStart(row) + column
        return i < rowEnds[row] ? i : nil
    }

    var rows: [[SpreadsheetCell]] {
        (0..<rowCount).map { r in (rowStart(r)..<rowEnds[r]).map(cell(at:)) }
    }

    /// Whether the cell at flat index `i` reads as blank text (empty, or only spaces and tabs).
    func isBlank(at i: Int) -> Bool {
        let p = payloads[i]
        switch Kind(rawValue: kinds[i]) ?? .empty {
        case .empty: return true
        case .shared: return strings.flags[Int(p)] & SharedStrings.blank != 0
        case .text, .error:
            let k = Int(p)
            for q in textStart(k)..<textEnds[k] where texts[q] != 0x20 && texts[q] != 0x09 { return false }
            return true
        case .number, .bool, .date: return false
        }
    }

    /// Appends the cell at flat index `i` as a CSV field: its `SpreadsheetCell.text`, in double
    /// quotes (quotes doubled) when it holds a comma, quote or line break.
    func appendCSVField(at i: Int, to out: inout [UInt8]) {
        let p = payloads[i]
        switch Kind(rawValue: kinds[i]) ?? .empty {
        case .empty: return
        case .shared:
            let k = Int(p)
            strings.bytes.withUnsafeBufferPointer { b in
                let field = UnsafeBufferPointer(rebasing: b[strings.starts[k]..<strings.ends[k]])
                if strings.flags[k] & SharedStrings.needsQuotes != 0 { SheetGrid.appendQuoted(field, to: &out) } else { out.append(contentsOf: field) }
            }
        case .text, .error:
            let k = Int(p)
            texts.withUnsafeBufferPointer { b in
                let field = UnsafeBufferPointer(rebasing: b[textStart(k)..<textEnds[k]])
                if field.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                    SheetGrid.appendQuoted(field, to: &out)
                } else {
                    out.append(contentsOf: field)
                }
            }
        case .number: SheetGrid.appendNumber(Double(bitPattern: p), to: &out)
        case .bool: out.append(p != 0 ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        case .date: out.append(contentsOf: cell(at: i).text.utf8)
        }
    }

    static func appendQuoted(_ field: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        for c in field {
            out.append(c)
            if c == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    /// `SpreadsheetCell.number(d).text`'s bytes: whole numbers below 10¹⁵ in magnitude as integers
    /// (digits written here), others as Swift prints a Double (shortest form that reads back).
    static func appendNumber(_ d: Double, to out: inout [UInt8]) {
        guard d == d.rounded(), abs(d) < 1e15 else {
            out.append(contentsOf: "\(d)".utf8)
            return
        }
        var v = Int64(d)
        if v < 0 { out.append(UInt8(ascii: "-")); v = -v }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var k = 20
            repeat {
                k -= 1
                digits[k] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
            } while v > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[k..<20]))
        }
    }
}

/// Builds a `SheetGrid` from cells written in any order, with `[[SpreadsheetCell]]`'s rules (a
/// row grows to its last written cell; an empty cell beyond what is stored is not stored). Cells
/// come row by row in a sheet, so they are appended to the flat arrays; a cell that lengthens an
/// earlier row (out of order) moves the builder to rows of their own, flattened at the end.
struct GridBuilder {
    var grid = SheetGrid()
    private var nested: [[(UInt8, UInt64)]]?
    /// The lowest row of any cell set, empty ones included (Int.max: none): an empty cell of a
    /// later segment may clear a cell an earlier one wrote.
    private(set) var lowestRow = Int.max

    init(strings: SharedStrings) { grid.strings = strings }

    /// Room for `cells` cells.
    mutating func reserve(_ cells: Int) {
        grid.kinds.reserveCapacity(cells)
        grid.payloads.reserveCapacity(cells)
    }

    mutating func set(_ row: Int, _ column: Int, _ kind: SheetGrid.Kind, _ payload: UInt64) {
        lowestRow = min(lowestRow, row)
        if kind == .empty && (row >= rowCount || column >= width(row)) { return }
        if nested == nil && row >= grid.rowCount - 1 {
            while grid.rowCount <= row { grid.rowEnds.append(grid.kinds.count) }
            let start = grid.rowStart(row)
            if grid.kinds.count - start <= column {
                let missing = column + 1 - (grid.kinds.count - start)
                if missing == 1 {
                    grid.kinds.append(0)
                    grid.payloads.append(0)
                } else {
                    grid.kinds.append(contentsOf: repeatElement(0, count: missing))
                    grid.payloads.append(contentsOf: repeatElement(0, count: missing))
                }
                grid.rowEnds[row] = grid.kinds.count
            }
            grid.kinds[start + column] = kind.rawValue
            grid.payloads[start + column] = payload
            return
        }
        if nested == nil {
            if let i = grid.index(row, column) {
                grid.kinds[i] = kind.rawValue
                grid.payloads[i] = payload
                return
            }
            nested = (0..<grid.rowCount).map { r in (grid.rowStart(r)..<grid.rowEnds[r]).map { (grid.kinds[$0], grid.payloads[$0]) } }
        }
        var rows = nested ?? []
        nested = nil
        while rows.count <= row { rows.append([]) }
        if rows[row].count <= column { rows[row].append(contentsOf: repeatElement((0, 0), count: column + 1 - rows[row].count)) }
        rows[row][column] = (kind.rawValue, payload)
        nested = rows
    }

    var rowCount: Int { nested?.count ?? grid.rowCount }
    func width(_ r: Int) -> Int {
        if let nested { return r < nested.count ? nested[r].count : 0 }
        return grid.width(r)
    }
    func cell(_ r: Int, _ c: Int) -> (SheetGrid.Kind, UInt64) {
        if let nested {
            guard r < nested.count, c < nested[r].count else { return (.empty, 0) }
            return (SheetGrid.Kind(rawValue: nested[r][c].0) ?? .empty, nested[r][c].1)
        }
        guard let i = grid.index(r, c) else { return (.empty, 0) }
        return (SheetGrid.Kind(rawValue: grid.kinds[i]) ?? .empty, grid.payloads[i])
    }

    /// The grid, flattened.
    mutating func finish() -> SheetGrid {
        if let rows = nested {
            nested = nil
            grid.kinds = []; grid.payloads = []; grid.rowEnds = []
            for row in rows {
                for (k, p) in row { grid.kinds.append(k); grid.payloads.append(p) }
                grid.rowEnds.append(grid.kinds.count)
            }
        }
        return grid
    }

    /// This grid followed by `other`'s (built from a later part of the same sheet, which wrote no
    /// row below `rowCount`): `other`'s rows from `rowCount` on, its text entries renumbered.
    mutating func append(_ other: consuming GridBuilder) {
        var tail = other.finish()
        if nested != nil { grid = finish() }
        let textBase = UInt64(grid.textEnds.count), textOffset = grid.texts.count
        let cellBase = grid.kinds.count
        let from = min(grid.rowCount, tail.rowCount)
        let firstCell = tail.rowStart(from)
        if !tail.textEnds.isEmpty {
            for i in firstCell..<tail.kinds.count {
                let kind = tail.kinds[i]
                if kind == SheetGrid.Kind.text.rawValue || kind == SheetGrid.Kind.error.rawValue
                    || (kind == SheetGrid.Kind.date.rawValue && tail.payloads[i] >> 63 != 0) {
                    tail.payloads[i] += textBase
                }
            }
            grid.texts.append(contentsOf: tail.texts)
            grid.textEnds.append(contentsOf: tail.textEnds.lazy.map { $0 + textOffset })
        }
        grid.kinds.append(contentsOf: tail.kinds[firstCell...])
        grid.payloads.append(contentsOf: tail.payloads[firstCell...])
        grid.rowEnds.append(contentsOf: tail.rowEnds[from...].lazy.map { $0 - firstCell + cellBase })
        lowestRow = min(lowestRow, other.lowestRow)
    }
}
