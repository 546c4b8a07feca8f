#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Tabular
import ZIPFoundation

/// One cell of a worksheet, as the workbook stores it (formulas by their cached values).
public enum SpreadsheetCell: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    case bool(Bool)
    /// An error value such as `#DIV/0!`.
    case error(String)
    /// A date (and time) cell: a number formatted as a date, converted from the workbook's date
    /// system (1900, with its phantom 29 February 1900, or 1904) to year, month, day and seconds.
    case date(year: Int, month: Int, day: Int, seconds: Int)

    /// The cell as text for a CSV field: numbers in the shortest form that reads back the same
    /// (whole numbers without a decimal point), booleans as 1/0, dates as YYYY-MM-DD (with
    /// Thh:mm:ss when they have a time), errors as their code.
    public var text: String {
        switch self {
        case .empty: return ""
        case .text(let s): return s
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return "\(d)"
        case .bool(let b): return b ? "1" : "0"
        case .error(let e): return e
        case let .date(y, m, d, s):
            let day = String(format: "%04d-%02d-%02d", y, m, d)
            return s == 0 ? day : day + String(format: "T%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        }
    }
}

/// One worksheet: its name and its cells, row by row (row 0 is the sheet's row 1), each row as
/// long as its last stored cell. Merged ranges hold the top-left cell's value in every cell.
///
/// The cells are held flat (a byte of kind and eight of payload a cell, shared strings once for
/// the workbook), so a sheet of 10⁶ rows costs no String per cell; `rows` builds the nested array
/// when asked, the accessors below read the cells in place.
public struct Worksheet: Sendable, Equatable {
    public var name: String
    var grid: SheetGrid

    init(name: String, grid: SheetGrid) {
        self.name = name
        self.grid = grid
    }

    /// A sheet of the given cells.
    public init(name: String, rows: [[SpreadsheetCell]]) {
        self.init(name: name, grid: SheetGrid(rows: rows))
    }

    /// The cells, row by row (built on each call: use `rowCount`, `row(_:)` and the subscript in loops).
    public var rows: [[SpreadsheetCell]] {
        get { grid.rows }
        set { grid = SheetGrid(rows: newValue) }
    }

    public static func == (a: Worksheet, b: Worksheet) -> Bool { a.name == b.name && a.rows == b.rows }

    /// The number of rows, up to the last one with a stored cell.
    public var rowCount: Int { grid.rowCount }

    /// The number of cells stored in zero-based `row` (up to its last stored cell; 0 outside the sheet).
    public func width(ofRow row: Int) -> Int { grid.width(row) }

    /// The cells of zero-based `row` (empty outside the sheet).
    public func row(_ row: Int) -> [SpreadsheetCell] {
        guard row >= 0, row < grid.rowCount else { return [] }
        return (grid.rowStart(row)..<grid.rowEnds[row]).map(grid.cell(at:))
    }

    /// The cell at zero-based `row` and `column`; `.empty` outside what is stored.
    public subscript(row: Int, column: Int) -> SpreadsheetCell {
        guard let i = grid.index(row, column) else { return .empty }
        return grid.cell(at: i)
    }

    /// Whether the cell reads as blank: its `text` is empty or only spaces and tabs.
    public func isBlank(row: Int, column: Int) -> Bool {
        guard let i = grid.index(row, column) else { return true }
        return grid.isBlank(at: i)
    }

    /// Whether every cell of zero-based `row` is blank (`isBlank`); true outside the sheet.
    public func isBlankRow(_ row: Int) -> Bool {
        guard row >= 0, row < grid.rowCount else { return true }
        return (grid.rowStart(row)..<grid.rowEnds[row]).allSatisfy(grid.isBlank(at:))
    }

    /// The code of an error cell (`#DIV/0!`), nil for any other cell.
    public func errorCode(row: Int, column: Int) -> String? {
        guard let i = grid.index(row, column), grid.kinds[i] == SheetGrid.Kind.error.rawValue else { return nil }
        return grid.textString(Int(grid.payloads[i]))
    }

    /// Appends the cell's `text` to `out` as one CSV field (RFC 4180): in double quotes, quotes
    /// doubled, when it holds a comma, a quote or a line break; nothing for an empty cell. Numbers
    /// are written without making a String (whole numbers below 10¹⁵ as integers).
    public func appendCSVField(row: Int, column: Int, to out: inout [UInt8]) {
        guard let i = grid.index(row, column) else { return }
        grid.appendCSVField(at: i, to: &out)
    }

    /// The A1-style name of zero-based `row` and `column` with the sheet: `农户!C12`.
    public func reference(row: Int, column: Int) -> String { "\(name)!\(Worksheet.columnName(column))\(row + 1)" }

    /// Column letters of a zero-based column: 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ column: Int) -> String {
        var n = column + 1, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }
}

/// An Excel workbook (.xlsx, Office Open XML) read whole: every worksheet with its cells.
///
/// Read: the sheet list and order of `xl/workbook.xml` (with `date1904`), the relationships to
/// each sheet's part, shared strings (rich-text runs joined, phonetic runs left out), inline
/// strings, numbers, booleans, error values, formulas by their cached values, merged ranges, and
/// the styles' number formats to tell dates from numbers (built-in formats 14–22 and 45–47, and
/// custom formats with day, month, year or hour codes outside quotes and brackets).
///
/// Refused, before any XML is parsed: archives whose entries would expand to more than
/// `maximumExpandedBytes` in all, or any entry more than `maximumCompressionRatio` times its
/// compressed size (zip bombs); XML with a document type or entity declarations (entity expansion).
public struct Workbook: Sendable {
    public var sheets: [Worksheet]

    /// 1 GiB expanded in all.
    public static let maximumExpandedBytes: UInt64 = 1 << 30
    /// An entry may expand to at most 1,000 times its compressed size (XML of a sheet compresses
    /// to about 1/10–1/50; a zip bomb to 1/1,000 and far less).
    public static let maximumCompressionRatio: UInt64 = 1_000

    /// The sheet named `name`, if any.
    public func sheet(named name: String) -> Worksheet? { sheets.first { $0.name == name } }

    /// Reads the workbook at `path` (named `path` in errors). The archive is read from the file as
    /// needed, not loaded whole.
    /// - Throws: `InputErrors`: not a zip archive or not a workbook, a part missing, a zip bomb, an
    ///   entity declaration, malformed XML (`file:part: …`), a cell that is not what its type says
    ///   (`file:Sheet!C12: …`).
    public static func read(path: String) throws(InputErrors) -> Workbook {
        try read(file: URL(fileURLWithPath: path), name: path)
    }

    /// Reads a workbook from its bytes; `name` names it in errors. The bytes go through a temporary
    /// file: ZIPFoundation's in-memory archive traps on an entry that points past the end of the
    /// data (found by the fuzzer), where its file-backed archive fails with an error.
    public static func read(data: Data, name: String) throws(InputErrors) -> Workbook {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-workbook-\(UUID().uuidString).xlsx")
        do { try data.write(to: temporary) } catch {
            throw InputErrors([InputError(file: name, message: "cannot stage the workbook in a temporary file (\(error.localizedDescription))")])
        }
        defer { try? FileManager.default.removeItem(at: temporary) }
        return try read(file: temporary, name: name)
    }

    private static func read(file: URL, name: String) throws(InputErrors) -> Workbook {
        func fail(_ message: String, cell: String? = nil) -> InputErrors {
            InputErrors([cell.map { InputError(file: name, cell: $0, message: message) } ?? InputError(file: name, message: message)])
        }
        guard FileManager.default.isReadableFile(atPath: file.path) else {
            throw fail("cannot read the file (missing or not readable); expected an .xlsx workbook")
        }
        let archive: Archive
        do { archive = try Archive(url: file, accessMode: .read) } catch {
            throw fail("expected an .xlsx workbook (a zip archive), found something else")
        }
        var expanded: UInt64 = 0
        var entries: [String: Entry] = [:]
        for entry in archive {
            expanded += entry.uncompressedSize
            if expanded > maximumExpandedBytes {
                throw fail("refused: the archive expands to more than \(maximumExpandedBytes >> 20) MiB (a zip bomb or not a registry)")
            }
            if entry.uncompressedSize > 1 << 20, entry.uncompressedSize > max(1, entry.compressedSize) * maximumCompressionRatio {
                throw fail("refused: \(entry.path) expands \(entry.uncompressedSize / max(1, entry.compressedSize)) times its size (a zip bomb)")
            }
            entries[entry.path] = entry
        }
        func part(_ path: String) throws(InputErrors) -> Data? {
            let key = path.hasPrefix("/") ? String(path.dropFirst()) : path
            guard let entry = entries[key] else { return nil }
            var out = Data()
            out.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(Int.max))))
            // The checksum `extract` returns was never compared with the entry's (ZIPFoundation's
            // consumer API does not check it), and on Linux it is computed a byte at a time (a
            // seventh of a workbook's import): not computed. 64 KiB chunks stay below malloc's mmap
            // threshold (no page faults per chunk) and call back a quarter as often as the default.
            do { _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: true) { out.append($0) } } catch {
                throw fail("the archive's part \(key) cannot be read (\(error))")
            }
            if XMLSafety.declaresEntities(out) {
                throw fail("refused: \(key) declares a document type or entities (XML entity expansion is not accepted)")
            }
            return out
        }
        guard let workbookXML = try part("xl/workbook.xml") else {
            throw fail("expected an .xlsx workbook: xl/workbook.xml is missing")
        }
        let book = WorkbookPart(workbookXML)
        if let problem = book.problem { throw fail("xl/workbook.xml: \(problem)") }
        var targets: [String: String] = [:]
        if let relsXML = try part("xl/_rels/workbook.xml.rels") {
            let rels = RelationshipsPart(relsXML)
            if let problem = rels.problem { throw fail("xl/_rels/workbook.xml.rels: \(problem)") }
            targets = rels.targets
        }
        var strings = SharedStrings.none
        if let sharedXML = try part("xl/sharedStrings.xml") {
            let (shared, problem) = SharedStringsPart.read(sharedXML)
            if let problem { throw fail("xl/sharedStrings.xml: \(problem)") }
            strings = shared
        }
        var dateStyles: [Bool] = []
        if let stylesXML = try part("xl/styles.xml") {
            let styles = StylesPart(stylesXML)
            if let problem = styles.problem { throw fail("xl/styles.xml: \(problem)") }
            dateStyles = styles.dateStyles
        }
        /// A sheet's part read into its grid: a large one inflated and scanned side by side
        /// (`SheetPipeline`), with the same checks, in the same order, as `part` and `SheetPart.read`.
        func sheetGrid(_ key: String, context: SheetPart.Context) throws(InputErrors) -> Result<SheetGrid, SheetProblem>? {
            guard let entry = entries[key] else { return nil }
            let size = entry.uncompressedSize
            guard size > SheetPipeline.threshold, size <= maximumExpandedBytes else {
                guard let sheetXML = try part(key) else { return nil }
                return SheetPart.read(sheetXML, sheet: context.sheet, strings: context.strings, dateStyles: context.dateStyles,
                                      date1904: context.date1904)
            }
            let outcome: Result<SheetGrid, SheetProblem>?
            do {
                outcome = try SheetPipeline.read(capacity: Int(size), segments: SheetPipeline.segments(forBytes: Int(size)), context: context) { consume in
                    _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: true) { consume($0) }
                }
            } catch {
                throw fail("the archive's part \(key) cannot be read (\(error))")
            }
            guard let outcome else {
                throw fail("refused: \(key) declares a document type or entities (XML entity expansion is not accepted)")
            }
            return outcome
        }
        var sheets: [Worksheet] = []
        for (k, sheet) in book.sheets.enumerated() {
            var target = targets[sheet.relationship] ?? "worksheets/sheet\(k + 1).xml"
            if target.hasPrefix("/") { target = String(target.dropFirst()) } else if !target.hasPrefix("xl/") { target = "xl/" + target }
            let context = SheetPart.Context(sheet: sheet.name, strings: strings, dateStyles: dateStyles, date1904: book.date1904)
            guard let read = try sheetGrid(target, context: context) else { throw fail("the part \(target) of sheet \(sheet.name) is missing") }
            switch read {
            case .success(let grid): sheets.append(Worksheet(name: sheet.name, grid: grid))
            case .failure(let problem): throw fail(problem.message, cell: problem.cell)
            }
        }
        return Workbook(sheets: sheets)
    }
}

/// The XML safety check: a document type declaration (and with it any entity declaration) is
/// refused before parsing. Office never writes one.
enum XMLSafety {
    static func declaresEntities(_ data: Data) -> Bool {
        data.withUnsafeBytes { declaresEntities(bytes: $0) }
    }

    /// As `declaresEntities(_:)`, on a part's bytes.
    static func declaresEntities(bytes raw: UnsafeRawBufferPointer) -> Bool {
        // Only "<!" can start one: find each "!" with memchr (a sheet has almost none), then look closer.
        do {
            guard let base = raw.baseAddress, raw.count >= 8 else { return false }
            let bytes = raw.bindMemory(to: UInt8.self)
            var from = 1
            while from + 7 < raw.count, let hit = memchr(base + from, Int32(UInt8(ascii: "!")), raw.count - from) {
                let i = base.distance(to: UnsafeRawPointer(hit)) - 1
                guard i + 8 < raw.count else { return false }
                guard bytes[i] == UInt8(ascii: "<") else { from = i + 2; continue }
                for needle in ["<!DOCTYPE", "<!ENTITY", "<!doctype"] {
                    var probe = needle
                    let found = probe.withUTF8 { want in
                        i + want.count <= bytes.count && (0..<want.count).allSatisfy { bytes[i + $0] == want[$0] }
                    }
                    if found { return true }
                }
                from = i + 2
            }
            return false
        }
    }

    /// The byte-by-byte check `declaresEntities` replaces (kept to test it against).
    static func declaresEntitiesSlowly(_ data: Data) -> Bool {
        let needles: [[UInt8]] = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8), Array("<!doctype".utf8)]
        return data.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= 8 else { return false }
            var i = 0
            while i + 8 < bytes.count {
                if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "!") {
                    for needle in needles where i + needle.count <= bytes.count {
                        var match = true
                        for (k, b) in needle.enumerated() where bytes[i + k] != b { match = false; break }
                        if match { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }
}

/// Serial day numbers of the workbook's date systems to calendar dates.
enum SpreadsheetDates {
    /// The civil date of a serial: 1900 system (serial 1 = 1900-01-01, serial 60 = the phantom
    /// 1900-02-29 that Lotus and Excel count, shown here as 1900-02-28 + 1 day) or 1904 system
    /// (serial 0 = 1904-01-01). Seconds from the fraction, rounded to the second.
    static func date(serial: Double, date1904: Bool) -> SpreadsheetCell? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }   // up to 9999-12-31
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        // Days since 1970-01-01 (Unix epoch): 1904-01-01 is −24,107; in the 1900 system serial 25,569 is 1970-01-01,
        // and serials below 61 count no phantom day.
        let unixDays: Int
        if date1904 { unixDays = days - 24_107 } else if days >= 61 { unixDays = days - 25_569 } else if days == 60 {
            return .date(year: 1900, month: 2, day: 29, seconds: seconds)
        } else { unixDays = days - 25_568 }
        let (y, m, d) = civil(fromDays: unixDays)
        return .date(year: y, month: m, day: d, seconds: seconds)
    }

    /// Howard Hinnant's days-from-civil inverse (proleptic Gregorian).
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Whether a number format code shows a date or time: a d, m, y, h or s code outside quoted
    /// text, brackets ([Red], [$-804]) and escaped characters. ("m" alone is a month or minute: both are dates here.)
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false, inBrackets = false, escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuotes.toggle()
            case "[": if !inQuotes { inBrackets = true }
            case "]": if !inQuotes { inBrackets = false }
            case "d", "m", "y", "h", "s":
                if !inQuotes && !inBrackets { return true }
            default: break
            }
        }
        return false
    }

    /// Built-in number formats that are dates or times.
    static let builtInDateFormats: Set<Int> = [14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]
}
