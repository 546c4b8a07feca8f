import Foundation

/// A pass over one XML part (by `XMLScanner`); subclasses see elements by local name (prefixes
/// dropped) and override what they need.
class PartParser: XMLScannerDelegate {
    init() {}

    /// The scanner's complaint, when the XML is malformed.
    var problem: String?

    func run(_ data: Data) {
        if let complaint = XMLScanner.scan(data, self) { problem = "malformed XML at \(complaint)" }
    }

    var wantsText: Bool { true }
    func start(_ name: String, _ attributes: XMLAttributes) {}
    func end(_ name: String) {}
    func text(_ string: String) {}
}

/// xl/workbook.xml: the sheets in order with their relationship ids, and the date system.
final class WorkbookPart: PartParser {
    struct Sheet { var name: String; var relationship: String }
    var sheets: [Sheet] = []
    var date1904 = false

    init(_ data: Data) { super.init(); run(data) }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "sheet": sheets.append(Sheet(name: attributes["name"] ?? "Sheet\(sheets.count + 1)", relationship: attributes["id"] ?? ""))
        case "workbookPr": date1904 = ["1", "true"].contains(attributes["date1904"]?.lowercased() ?? "")
        default: break
        }
    }
}

/// xl/_rels/workbook.xml.rels: relationship id → target part.
final class RelationshipsPart: PartParser {
    var targets: [String: String] = [:]
    init(_ data: Data) { super.init(); run(data) }
    override func start(_ name: String, _ attributes: XMLAttributes) {
        if name == "Relationship", let id = attributes["Id"] ?? attributes["id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// xl/sharedStrings.xml: each `si`'s text, its runs joined, phonetic runs (`rPh`) left out.
final class SharedStringsPart: PartParser {
    var strings: [String] = []
    private var current = ""
    private var inItem = false, inText = false, inPhonetic = false

    init(_ data: Data) { super.init(); run(data) }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "si": inItem = true; current = ""
        case "rPh": inPhonetic = true
        case "t": inText = inItem && !inPhonetic
        default: break
        }
    }
    override func end(_ name: String) {
        switch name {
        case "si": strings.append(current); inItem = false
        case "rPh": inPhonetic = false
        case "t": inText = false
        default: break
        }
    }
    override var wantsText: Bool { inText }
    override func text(_ string: String) { if inText { current += string } }
}

/// xl/styles.xml: for each cell format (`cellXfs/xf`), whether its number format is a date.
final class StylesPart: PartParser {
    var dateStyles: [Bool] = []
    private var customDates: [Int: Bool] = [:]
    private var formats: [Int] = []
    private var inCellFormats = false

    init(_ data: Data) {
        super.init()
        run(data)
        dateStyles = formats.map { id in customDates[id] ?? SpreadsheetDates.builtInDateFormats.contains(id) }
    }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }) { customDates[id] = SpreadsheetDates.isDateFormat(attributes["formatCode"] ?? "") }
        case "cellXfs": inCellFormats = true
        case "xf": if inCellFormats { formats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0) }
        default: break
        }
    }
    override func end(_ name: String) { if name == "cellXfs" { inCellFormats = false } }
}

/// One worksheet part: its cells by reference, typed, and the merged ranges filled.
final class SheetPart: PartParser {
    var rows: [[SpreadsheetCell]] = []
    var cellProblem: (cell: String, message: String)?
    override var problem: String? {
        get { super.problem }
        set { super.problem = newValue }
    }

    private let sheet: String
    private let strings: [String]
    private let dateStyles: [Bool]
    private let date1904: Bool
    private var rowIndex = -1
    private var nextColumn = 0
    private var cellReference: String?
    private var cellType = "n", cellStyle = 0
    private var value = "", inlineText = ""
    private var inValue = false, inInline = false, inInlineText = false, inPhonetic = false, hasValue = false
    private var merges: [(Int, Int, Int, Int)] = []

    /// The problem of this sheet, located: `cell` is `Sheet!C12` when a cell is wrong.
    var located: (cell: String?, message: String)? {
        if let c = cellProblem { return (c.cell, c.message) }
        return super.problem.map { (nil, "sheet \(sheet): \($0)") }
    }

    init(_ data: Data, sheet: String, strings: [String], dateStyles: [Bool], date1904: Bool) {
        self.sheet = sheet
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        super.init()
        run(data)
        if cellProblem == nil && super.problem == nil { fillMerges() }
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
        var column = 0, row = 0, letters = 0, digits = 0
        for scalar in reference.unicodeScalars {
            switch scalar.value {
            case 65...90 where digits == 0: column = column * 26 + Int(scalar.value - 64); letters += 1
            case 97...122 where digits == 0: column = column * 26 + Int(scalar.value - 96); letters += 1
            case 48...57: row = row * 10 + Int(scalar.value - 48); digits += 1
            case 36: continue   // $A$1
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row >= 1, column <= 16_384, row <= 1_048_576 else { return nil }
        return (row - 1, column - 1)
    }

    private func fail(_ message: String) {
        if cellProblem == nil { cellProblem = (cellReference.map { "\(sheet)!\($0)" } ?? sheet, message) }
    }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        guard cellProblem == nil else { return }
        switch name {
        case "row":
            if let r = attributes["r"].flatMap({ Int($0) }), r >= 1, r <= 1_048_576 { rowIndex = r - 1 } else { rowIndex += 1 }
            nextColumn = 0
        case "c":
            cellReference = attributes["r"]
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
            value = ""; inlineText = ""; hasValue = false
        case "v": inValue = true; hasValue = true
        case "is": inInline = true; hasValue = true
        case "rPh": inPhonetic = true
        case "t": if inInline && !inPhonetic { inInlineText = true }
        case "mergeCell":
            if let ref = attributes["ref"] {
                let ends = ref.split(separator: ":").map(String.init)
                if ends.count == 2, let a = SheetPart.position(ends[0]), let b = SheetPart.position(ends[1]) {
                    merges.append((min(a.0, b.0), min(a.1, b.1), max(a.0, b.0), max(a.1, b.1)))
                }
            }
        default: break
        }
    }

    override func end(_ name: String) {
        guard cellProblem == nil else { return }
        switch name {
        case "v": inValue = false
        case "is": inInline = false
        case "rPh": inPhonetic = false
        case "t": inInlineText = false
        case "c": finishCell()
        default: break
        }
    }

    override var wantsText: Bool { inValue || inInlineText }
    override func text(_ string: String) {
        if inValue { value += string } else if inInlineText { inlineText += string }
    }

    private func finishCell() {
        var row = max(rowIndex, 0), column = nextColumn
        if let reference = cellReference {
            guard let p = SheetPart.position(reference) else { return fail("expected a cell reference like C12, found \"\(reference)\"") }
            (row, column) = p
        } else {
            cellReference = "\(Worksheet.columnName(column))\(row + 1)"
        }
        nextColumn = column + 1
        let cell: SpreadsheetCell
        switch cellType {
        case _ where !hasValue: cell = .empty
        case "s":
            guard let k = Int(SheetPart.trimmed(value)), k >= 0, k < strings.count else {
                return fail("expected an index into the \(strings.count) shared strings, found \"\(value)\"")
            }
            cell = .text(strings[k])
        case "inlineStr": cell = .text(inlineText)
        case "str": cell = .text(value)
        case "b":
            switch SheetPart.trimmed(value) {
            case "1", "true": cell = .bool(true)
            case "0", "false": cell = .bool(false)
            default: return fail("expected a boolean 0 or 1, found \"\(value)\"")
            }
        case "e": cell = .error(value)
        case "d":
            // An ISO 8601 date cell (strict OOXML): kept as its date.
            let parts = value.prefix(10).split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return fail("expected an ISO date YYYY-MM-DD, found \"\(value)\"") }
            cell = .date(year: parts[0], month: parts[1], day: parts[2], seconds: 0)
        case "n":
            let trimmed = SheetPart.trimmed(value)
            guard let number = Double(trimmed), number.isFinite,
                  trimmed.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }) else {
                return fail("expected a number, found \"\(value)\"")
            }
            if cellStyle < dateStyles.count, dateStyles[cellStyle] {
                guard let date = SpreadsheetDates.date(serial: number, date1904: date1904) else {
                    return fail("expected a date serial from 0 to 2,958,465, found \(trimmed)")
                }
                cell = date
            } else {
                cell = .number(number)
            }
        default: return fail("expected a cell type s, str, inlineStr, n, b, e or d, found \"\(cellType)\"")
        }
        set(row, column, cell)
    }

    private func set(_ row: Int, _ column: Int, _ cell: SpreadsheetCell) {
        if cell == .empty && (row >= rows.count || column >= rows[row].count) { return }
        while rows.count <= row { rows.append([]) }
        if rows[row].count <= column { rows[row].append(contentsOf: repeatElement(.empty, count: column + 1 - rows[row].count)) }
        rows[row][column] = cell
    }

    private func fillMerges() {
        for (top, left, bottom, right) in merges {
            // A merged range larger than the sheet's stored cells stays as stored beyond them.
            let origin = (top < rows.count && left < rows[top].count) ? rows[top][left] : .empty
            guard origin != .empty, (bottom - top + 1) * (right - left + 1) <= 1 << 20 else { continue }
            for r in top...bottom { for c in left...right where !(r == top && c == left) { set(r, c, origin) } }
        }
    }
}
