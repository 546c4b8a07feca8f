import Foundation
import Tabular

/// One worksheet part read into a `SheetGrid`: its cells by reference, typed, and the merged ranges
/// filled. Element and attribute names are compared as bytes and values parsed in place (no String
/// per element, attribute or value; numbers by `NumberText`'s scanner, which gives the same
/// correctly rounded Double as `Double(String)` on the text it accepts, and the String path for
/// anything else, so the messages stay the same).
///
/// Large parts are scanned in two halves on two threads, split before a `<row`; the halves are
/// joined only when they fit (`XMLScanner.segmentsJoin`, the first half ends between rows, the
/// second half starts with a numbered row and writes no row of the first); otherwise, and whenever
/// either half finds a problem, the part is scanned again whole, so the cells and the first
/// problem are always those of one sequential pass.
struct SheetPart: XMLByteSink {
    private let sheet: String
    private let strings: SharedStrings
    private let dateStyles: [Bool]
    private let date1904: Bool
    private(set) var builder: GridBuilder
    private(set) var cellProblem: (cell: String, message: String)?
    private(set) var merges: [(Int, Int, Int, Int)] = []

    private var rowIndex = -1
    private var nextColumn = 0
    /// The cell's `r`: the part's bytes, or a copy in `referenceStorage` when it was decoded or made up.
    private var referenceSlice = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var referenceStorage: [UInt8] = []
    private var referenceCopied = false
    private var hasReference = false
    private enum CellType { case n, s, str, inlineStr, b, e, d, other(String) }
    private var cellType = CellType.n
    private var cellStyle = 0
    /// The cell's `v` text: the part's bytes while it is one run of them, else a copy in `valueStorage`.
    private var valueSlice = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var valueStorage: [UInt8] = []
    private var valueCopied = false
    private var inlineText: [UInt8] = []
    private var inValue = false, inInline = false, inInlineText = false, inPhonetic = false, hasValue = false
    private var inCell = false
    /// For a part scanned from the middle: whether a row with its number has started yet, and whether
    /// something before it depended on what came before the segment.
    private var numberedRowSeen = false
    private(set) var dependsOnEarlierBytes = false

    init(sheet: String, strings: SharedStrings, dateStyles: [Bool], date1904: Bool) {
        self.sheet = sheet
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        builder = GridBuilder(strings: strings)
    }

    /// Between cells (nothing of a cell open): the state a sequential pass has before any `<row`.
    private var idle: Bool { !inCell && !inValue && !inInline && !inInlineText && !inPhonetic }

    /// The sheet's grid, or where it is wrong: `cell` is `Sheet!C12` when a cell is wrong, nil
    /// for malformed XML (the message then says `sheet S: malformed XML at line L, column C: …`).
    static func read(_ data: Data, sheet: String, strings: SharedStrings, dateStyles: [Bool], date1904: Bool,
                     parallelAbove: Int = 4 << 20) -> Result<SheetGrid, SheetProblem> {
        data.withUnsafeBytes { raw -> Result<SheetGrid, SheetProblem> in
            read(bytes: raw.bindMemory(to: UInt8.self), sheet: sheet, strings: strings, dateStyles: dateStyles, date1904: date1904,
                 parallelAbove: parallelAbove)
        }
    }

    /// As `read(_:…)`, on the part's bytes.
    static func read(bytes: UnsafeBufferPointer<UInt8>, sheet: String, strings: SharedStrings, dateStyles: [Bool], date1904: Bool,
                     parallelAbove: Int = 4 << 20) -> Result<SheetGrid, SheetProblem> {
        let context = Context(sheet: sheet, strings: strings, dateStyles: dateStyles, date1904: date1904)
        if bytes.count > parallelAbove, let split = splitPoint(bytes, from: bytes.count / 2) {
            var halves = [context.fresh(cells: context.cells(bytes.count) / 2), context.fresh(cells: context.cells(bytes.count) / 2)]
            var ends: [Result<XMLScanner.SegmentEnd, XMLScanner.ScanProblem>?] = [nil, nil]
            halves.withUnsafeMutableBufferPointer { partsBuffer in
                ends.withUnsafeMutableBufferPointer { resultsBuffer in
                    // Each thread writes only its own element of the two buffers.
                    nonisolated(unsafe) let parts = partsBuffer, results = resultsBuffer, input = bytes
                    DispatchQueue.concurrentPerform(iterations: 2) { k in
                        let segment = XMLScanner.Segment(start: k == 0 ? 0 : split, end: k == 0 ? split : input.count, first: k == 0, last: k == 1)
                        results[k] = scan(input, &parts[k], segment)
                    }
                }
            }
            if let whole = joined(bytes, parts: halves, ends: ends) { return whole }
        }
        return context.sequential(bytes)
    }

    /// What every pass over one sheet's part shares.
    struct Context: Sendable {
        var sheet: String, strings: SharedStrings, dateStyles: [Bool], date1904: Bool

        /// About one cell per 24 bytes of sheet XML (`<c r="K12"><v>4841</v></c>` is 27).
        func cells(_ bytes: Int) -> Int { bytes / 24 }

        func fresh(cells: Int) -> SheetPart {
            var part = SheetPart(sheet: sheet, strings: strings, dateStyles: dateStyles, date1904: date1904)
            part.builder.reserve(cells)
            return part
        }

        /// One whole pass over `bytes`: the cells, or the first problem.
        func sequential(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<SheetGrid, SheetProblem> {
            var part = fresh(cells: cells(bytes.count))
            return part.finish(scanProblem: XMLScanner.scan(bytes, &part))
        }
    }

    /// Scans `segment` of `bytes` into `part`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ part: inout SheetPart,
                     _ segment: XMLScanner.Segment) -> Result<XMLScanner.SegmentEnd, XMLScanner.ScanProblem> {
        do throws(XMLScanner.ScanProblem) { return .success(try XMLScanner.run(bytes, &part, segment)) } catch {
            return .failure(error)
        }
    }

    /// The grid (or the first cell problem) of consecutive segments of `bytes`, from the first to
    /// the last, each scanned into its own part — when they are exactly what one sequential pass
    /// gives: every segment scanned without a problem and the segments join (`XMLScanner.segmentsJoin`);
    /// the first leaves the worksheet and its sheetData open, each middle one opens and closes
    /// only its own elements; every segment but the last ends between cells; every segment but the
    /// first starts with a numbered row and writes no row that the segments before it reached.
    /// Nil otherwise (then the part must be scanned whole).
    static func joined(_ bytes: UnsafeBufferPointer<UInt8>, parts: [SheetPart],
                       ends: [Result<XMLScanner.SegmentEnd, XMLScanner.ScanProblem>?]) -> Result<SheetGrid, SheetProblem>? {
        guard parts.count == ends.count, parts.count >= 2 else { return nil }
        var segmentEnds: [XMLScanner.SegmentEnd] = []
        for end in ends {
            guard case .success(let e)? = end else { return nil }
            segmentEnds.append(e)
        }
        guard XMLScanner.segmentsJoin(bytes, segmentEnds), segmentEnds[0].open.count == 2 else { return nil }
        var rowsReached = 0
        for k in parts.indices {
            if k > 0 && k < parts.count - 1 && !(segmentEnds[k].open.isEmpty && segmentEnds[k].outerCloses.isEmpty) { return nil }
            if k < parts.count - 1 && !parts[k].idle { return nil }
            if k > 0 && (parts[k].dependsOnEarlierBytes || parts[k].builder.lowestRow < rowsReached) { return nil }
            rowsReached = max(rowsReached, parts[k].builder.rowCount)
        }
        var whole = parts[0]
        for k in parts.indices.dropFirst() where whole.cellProblem == nil {
            whole.cellProblem = parts[k].cellProblem
            whole.builder.append(parts[k].builder)
            whole.merges += parts[k].merges
        }
        return whole.finish(scanProblem: nil)
    }

    /// Where to cut a large part: the first `<row` at or after `from` (in `b`, which may be the
    /// part's bytes inflated so far: the `<row` and the byte after it must be in `b`) that follows a `>` (so not
    /// inside text of a cell). The halves are checked afterwards, so a cut in a comment or CDATA
    /// costs a second scan, never a wrong result.
    static func splitPoint(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var k = max(1, from)
        while k + 5 < b.count {
            if b[k] == UInt8(ascii: "<"), b[k + 1] == UInt8(ascii: "r"), b[k + 2] == UInt8(ascii: "o"), b[k + 3] == UInt8(ascii: "w"),
               b[k + 4] == 0x20 || b[k + 4] == UInt8(ascii: ">"), b[k - 1] == UInt8(ascii: ">") {
                return k
            }
            k += 1
        }
        return nil
    }

    private mutating func finish(scanProblem: String?) -> Result<SheetGrid, SheetProblem> {
        if let c = cellProblem { return .failure(SheetProblem(cell: c.cell, message: c.message)) }
        if let scanProblem { return .failure(SheetProblem(cell: nil, message: "sheet \(sheet): malformed XML at \(scanProblem)")) }
        fillMerges()
        return .success(builder.finish())
    }

    /// `text` without leading and trailing white space (as `trimmingCharacters(in: .whitespaces)`),
    /// at no cost when its ends are plain ASCII characters other than space and tab, as in almost
    /// every cell value.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 0x20 && byte != 0x09 }
        if plain(first) && plain(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Zero-based (row, column) of an A1 reference; nil when malformed.
    static func position(_ reference: String) -> (Int, Int)? {
        var copy = reference
        return copy.withUTF8 { position(bytes: $0) }
    }

    /// Zero-based (row, column) of an A1 reference's bytes; nil when malformed.
    static func position(bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for c in bytes {
            switch c {
            case 65...90 where digits == 0: column = column * 26 + Int(c - 64); letters += 1
            case 97...122 where digits == 0: column = column * 26 + Int(c - 96); letters += 1
            case 48...57: row = row * 10 + Int(c - 48); digits += 1
            case 36: continue   // $A$1
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row >= 1, column <= 16_384, row <= 1_048_576 else { return nil }
        return (row - 1, column - 1)
    }

    private func withReference<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        referenceCopied ? referenceStorage.withUnsafeBufferPointer(body) : body(referenceSlice)
    }
    private var referenceText: String { withReference { String(decoding: $0, as: UTF8.self) } }

    private mutating func fail(_ message: String) {
        if cellProblem == nil { cellProblem = (hasReference ? "\(sheet)!\(referenceText)" : sheet, message) }
    }

    /// Attribute `k` as a whole number the way `Int(String)` reads it; nil when not one.
    private static func integer(_ attributes: XMLAttributes, _ k: Int) -> Int? {
        if let raw = attributes.plainValue(k) {
            if raw.count > 0, raw.count <= 18, raw.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                return raw.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            }
            return Int(String(decoding: raw, as: UTF8.self))
        }
        return attributes.value(k).flatMap { Int($0) }
    }

    private static func cellType(_ raw: UnsafeBufferPointer<UInt8>) -> CellType {
        if raw.is("s") { return .s }
        if raw.is("n") { return .n }
        if raw.is("str") { return .str }
        if raw.is("inlineStr") { return .inlineStr }
        if raw.is("b") { return .b }
        if raw.is("e") { return .e }
        if raw.is("d") { return .d }
        return .other(String(decoding: raw, as: UTF8.self))
    }

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes) {
        guard cellProblem == nil else { return }
        if name.is("c") {
            if !numberedRowSeen { dependsOnEarlierBytes = true }
            // One pass over the attributes: the first r, t and s by local name (as `attributes["r"]`).
            var seenR = false, seenT = false, seenS = false
            hasReference = false
            referenceCopied = false
            cellType = .n
            cellStyle = 0
            for k in 0..<attributes.count {
                let local = attributes.localName(k)
                guard local.count == 1, let letter = local.first else { continue }
                if letter == UInt8(ascii: "r"), !seenR {
                    seenR = true
                    if let raw = attributes.plainValue(k) {
                        referenceSlice = raw
                    } else if let text = attributes.value(k) {
                        referenceStorage = Array(text.utf8)
                        referenceCopied = true
                    } else { continue }
                    hasReference = true
                } else if letter == UInt8(ascii: "t"), !seenT {
                    seenT = true
                    if let raw = attributes.plainValue(k) { cellType = SheetPart.cellType(raw) }
                    else if var text = attributes.value(k) { cellType = text.withUTF8 { SheetPart.cellType($0) } }
                } else if letter == UInt8(ascii: "s"), !seenS {
                    seenS = true
                    cellStyle = SheetPart.integer(attributes, k) ?? 0
                }
            }
            valueSlice = UnsafeBufferPointer(start: nil, count: 0)
            valueCopied = false
            if !inlineText.isEmpty { inlineText.removeAll(keepingCapacity: true) }
            hasValue = false
            inCell = true
        } else if name.is("v") {
            inValue = true; hasValue = true
        } else if name.is("row") {
            var number: Int?
            for k in 0..<attributes.count where attributes.localName(k).is("r") { number = SheetPart.integer(attributes, k); break }
            if let r = number, r >= 1, r <= 1_048_576 {
                rowIndex = r - 1
                numberedRowSeen = true
            } else {
                if !numberedRowSeen { dependsOnEarlierBytes = true }
                rowIndex += 1
            }
            nextColumn = 0
        } else if name.is("is") {
            inInline = true; hasValue = true
        } else if name.is("rPh") {
            inPhonetic = true
        } else if name.is("t") {
            if inInline && !inPhonetic { inInlineText = true }
        } else if name.is("mergeCell") {
            if let ref = attributes["ref"] {
                let ends = ref.split(separator: ":").map(String.init)
                if ends.count == 2, let a = SheetPart.position(ends[0]), let b = SheetPart.position(ends[1]) {
                    merges.append((min(a.0, b.0), min(a.1, b.1), max(a.0, b.0), max(a.1, b.1)))
                }
            }
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) {
        guard cellProblem == nil else { return }
        if name.is("c") { inCell = false; finishCell() }
        else if name.is("v") { inValue = false }
        else if name.is("is") { inInline = false }
        else if name.is("rPh") { inPhonetic = false }
        else if name.is("t") { inInlineText = false }
    }

    var wantsText: Bool { inValue || inInlineText }
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, inPart: Bool) {
        if inValue {
            if !valueCopied && valueSlice.count == 0 && inPart { valueSlice = bytes; return }
            if !valueCopied {
                valueStorage.removeAll(keepingCapacity: true)
                valueStorage.append(contentsOf: valueSlice)
                valueCopied = true
            }
            valueStorage.append(contentsOf: bytes)
        } else if inInlineText {
            inlineText.append(contentsOf: bytes)
        }
    }

    private func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        valueCopied ? valueStorage.withUnsafeBufferPointer(body) : body(valueSlice)
    }
    private var valueText: String { withValue { String(decoding: $0, as: UTF8.self) } }

    /// `value` without ASCII spaces and tabs around it, when what is left is ASCII digits only
    /// (`digitsOnly`) or only characters of a decimal number; nil otherwise (the String path decides).
    private static func plainNumberText(_ value: UnsafeBufferPointer<UInt8>, digitsOnly: Bool) -> Range<Int>? {
        var lo = 0, hi = value.count
        while lo < hi && (value[lo] == 0x20 || value[lo] == 0x09) { lo += 1 }
        while hi > lo && (value[hi - 1] == 0x20 || value[hi - 1] == 0x09) { hi -= 1 }
        guard lo < hi else { return nil }
        for k in lo..<hi {
            let c = value[k]
            let digit = c >= 0x30 && c <= 0x39
            if digitsOnly ? !digit : !(digit || c == 0x2B || c == 0x2D || c == 0x2E || c == 0x65 || c == 0x45) { return nil }
        }
        return lo..<hi
    }

    private mutating func finishCell() {
        var row = max(rowIndex, 0), column = nextColumn
        if hasReference {
            guard let p = withReference({ SheetPart.position(bytes: $0) }) else {
                return fail("expected a cell reference like C12, found \"\(referenceText)\"")
            }
            (row, column) = p
        } else {
            referenceStorage = Array("\(Worksheet.columnName(column))\(row + 1)".utf8)
            referenceCopied = true
            hasReference = true
        }
        nextColumn = column + 1
        if !hasValue { return builder.set(row, column, .empty, 0) }
        switch cellType {
        case .s:
            var index: Int?
            if let k = withValue({ v in SheetPart.plainNumberText(v, digitsOnly: true).flatMap { $0.count <= 18 ? v[$0].reduce(0) { $0 * 10 + Int($1 - 0x30) } : nil } }) {
                index = k
            } else {
                index = Int(SheetPart.trimmed(valueText))
            }
            guard let k = index, k >= 0, k < strings.count else {
                return fail("expected an index into the \(strings.count) shared strings, found \"\(valueText)\"")
            }
            builder.set(row, column, .shared, UInt64(k))
        case .inlineStr: builder.set(row, column, .text, builder.grid.addText(inlineText))
        case .str: builder.set(row, column, .text, withValue { builder.grid.addText($0) })
        case .b:
            switch SheetPart.trimmed(valueText) {
            case "1", "true": builder.set(row, column, .bool, 1)
            case "0", "false": builder.set(row, column, .bool, 0)
            default: return fail("expected a boolean 0 or 1, found \"\(valueText)\"")
            }
        case .e: builder.set(row, column, .error, withValue { builder.grid.addText($0) })
        case .d:
            // An ISO 8601 date cell (strict OOXML): kept as its date.
            let parts = valueText.prefix(10).split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return fail("expected an ISO date YYYY-MM-DD, found \"\(valueText)\"") }
            builder.set(row, column, .date, builder.grid.encodeDate(parts[0], parts[1], parts[2], 0))
        case .n:
            var number: Double?
            var trimmed = ""
            let isDate = cellStyle >= 0 && cellStyle < dateStyles.count && dateStyles[cellStyle]
            let fast: Double? = withValue { v in
                guard let text = SheetPart.plainNumberText(v, digitsOnly: false),
                      case .success(let number) = NumberText.decimal(bytes: UnsafeBufferPointer(rebasing: v[text])) else { return nil }
                if isDate { trimmed = String(decoding: UnsafeBufferPointer(rebasing: v[text]), as: UTF8.self) }
                return number
            }
            if let fast {
                number = fast
            } else {
                trimmed = SheetPart.trimmed(valueText)
                if let v = Double(trimmed), v.isFinite, trimmed.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }) {
                    number = v
                }
            }
            guard let number else { return fail("expected a number, found \"\(valueText)\"") }
            if isDate {
                guard case let .date(y, m, d, s)? = SpreadsheetDates.date(serial: number, date1904: date1904) else {
                    return fail("expected a date serial from 0 to 2,958,465, found \(trimmed)")
                }
                builder.set(row, column, .date, builder.grid.encodeDate(y, m, d, s))
            } else {
                builder.set(row, column, .number, number.bitPattern)
            }
        case .other(let type): return fail("expected a cell type s, str, inlineStr, n, b, e or d, found \"\(type)\"")
        }
    }

    private mutating func fillMerges() {
        for (top, left, bottom, right) in merges {
            // A merged range larger than the sheet's stored cells stays as stored beyond them.
            let (kind, payload) = builder.cell(top, left)
            guard kind != .empty, (bottom - top + 1) * (right - left + 1) <= 1 << 20 else { continue }
            for r in top...bottom { for c in left...right where !(r == top && c == left) { builder.set(r, c, kind, payload) } }
        }
    }
}

/// A sheet that could not be read: `cell` (`Sheet!C12`) when one cell is wrong.
struct SheetProblem: Error { var cell: String?; var message: String }
