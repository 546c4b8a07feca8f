import Foundation
import Spreadsheet
import ZIPFoundation

/// A cell of a plain table workbook.
public enum TableWorkbookCell: Sendable, Equatable {
    case text(String)
    /// A number shown with `decimals` decimals (thousands separators for whole numbers).
    case number(Double, decimals: Int)
    /// A fraction shown as a percentage with one decimal.
    case percent(Double)
    case empty
}

/// One sheet of a plain table workbook: a bold header row and rows of cells.
public struct TableSheet: Sendable, Equatable {
    public var name: String
    public var header: [String]
    public var rows: [[TableWorkbookCell]]
    public init(name: String, header: [String], rows: [[TableWorkbookCell]]) {
        self.name = name
        self.header = header
        self.rows = rows
    }
}

/// Tables as an Excel workbook (.xlsx), in the comparison workbook's styles and packaging
/// (`XLSXRenderer.styles`, `XLSXRenderer.package`): one sheet per table, the header bold and frozen, numbers
/// stored as numbers (NaN and infinities left empty), text as inline strings. Sheet names are cut
/// to Excel's 31 characters without `[]:*?/\` and made unique. Entries carry a fixed date, so the
/// same tables give the same bytes.
public enum TableWorkbook {
    /// The workbook's bytes.
    /// - Throws: `ComparisonError` when the archive cannot be assembled.
    public static func data(_ sheets: [TableSheet]) throws -> Data {
        try data(sheets, first: nil)
    }

    /// The workbook's bytes with `first` (a sheet's name and its worksheet XML, already rendered:
    /// the comparison sheet of `XLSXRenderer`) before the tables' sheets.
    static func data(_ sheets: [TableSheet], first: (name: String, xml: String)?) throws -> Data {
        var names: [String] = []
        if let first { names.append(first.name) }
        for sheet in sheets {
            var name = String(sheet.name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
            if name.isEmpty { name = "Sheet\(names.count + 1)" }
            var unique = name, k = 2
            while names.contains(unique) { unique = String(name.prefix(28)) + "(\(k))"; k += 1 }
            names.append(unique)
        }
        let count = names.count
        let overrides = (1...max(1, count)).map { "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined()
        var files: [(String, String)] = [
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\(overrides)<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>"),
            ("_rels/.rels", XLSXRenderer.rootRelationships),
        ]
        let sheetList = names.enumerated().map { "<sheet name=\"\(escapeMarkup($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        files.append(("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>\(sheetList)</sheets></workbook>"))
        let rels = (0..<count).map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
        files.append(("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"))
        files.append(("xl/styles.xml", XLSXRenderer.styles))
        let offset = first == nil ? 0 : 1
        if let first { files.append(("xl/worksheets/sheet1.xml", first.xml)) }
        for (k, sheet) in sheets.enumerated() { files.append(("xl/worksheets/sheet\(k + 1 + offset).xml", xml(sheet))) }
        return try XLSXRenderer.package(files)
    }

    private static func xml(_ sheet: TableSheet) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>"
        func text(_ reference: String, _ s: String, style: Int) -> String {
            "<c r=\"\(reference)\" t=\"inlineStr\" s=\"\(style)\"><is><t xml:space=\"preserve\">\(escapeMarkup(s))</t></is></c>"
        }
        out += "<row r=\"1\">" + sheet.header.enumerated().map { text("\(Worksheet.columnName($0))1", $1, style: 1) }.joined() + "</row>"
        for (r, row) in sheet.rows.enumerated() {
            out += "<row r=\"\(r + 2)\">"
            for (c, cell) in row.enumerated() {
                let reference = "\(Worksheet.columnName(c))\(r + 2)"
                switch cell {
                case .text(let s): out += text(reference, s, style: 0)
                case .number(let v, let decimals) where v.isFinite:
                    // XLSXRenderer's styles: 2 `#,##0`, 5 `#,##0.00`, 4 `0.0000`; 3 `0.0%`; 1 bold.
                    let style = decimals == 0 ? 2 : decimals <= 2 ? 5 : 4
                    out += "<c r=\"\(reference)\" s=\"\(style)\"><v>\(CSVRenderer.number(v))</v></c>"
                case .percent(let v) where v.isFinite: out += "<c r=\"\(reference)\" s=\"3\"><v>\(CSVRenderer.number(v))</v></c>"
                default: break
                }
            }
            out += "</row>"
        }
        return out + "</sheetData></worksheet>"
    }
}
