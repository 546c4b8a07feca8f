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

/// xl/sharedStrings.xml: each `si`'s text, its runs joined, phonetic runs (`rPh`) left out, as
/// bytes (`SharedStrings`).
struct SharedStringsPart: XMLByteSink {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [], ends: [Int] = []
    private var itemStart = 0
    private var inItem = false, inText = false, inPhonetic = false
    /// The scanner's complaint, when the XML is malformed.
    private(set) var problem: String?

    /// Reads the part; the strings (those read so far when `problem` is set).
    static func read(_ data: Data) -> (SharedStrings, problem: String?) {
        var part = SharedStringsPart()
        part.bytes.reserveCapacity(data.count / 2)
        if let complaint = XMLScanner.scan(data, &part) { part.problem = "malformed XML at \(complaint)" }
        return (SharedStrings(bytes: part.bytes, starts: part.starts, ends: part.ends), part.problem)
    }

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes) {
        if name.is("si") { inItem = true; itemStart = bytes.count }
        else if name.is("rPh") { inPhonetic = true }
        else if name.is("t") { inText = inItem && !inPhonetic }
    }
    mutating func end(_ name: UnsafeBufferPointer<UInt8>) {
        if name.is("si") { starts.append(itemStart); ends.append(bytes.count); inItem = false }
        else if name.is("rPh") { inPhonetic = false }
        else if name.is("t") { inText = false }
    }
    var wantsText: Bool { inText }
    mutating func text(_ text: UnsafeBufferPointer<UInt8>, inPart: Bool) { if inText { bytes.append(contentsOf: text) } }
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

