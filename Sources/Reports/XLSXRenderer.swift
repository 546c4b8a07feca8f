import Foundation
import Spreadsheet
import ZIPFoundation

/// The comparison as an Excel workbook (.xlsx, Office Open XML): one sheet with the columns of the CSV
/// (`SpreadsheetLayout`), numbers stored as numbers and shown with formats by unit — whole numbers
/// with thousands separators, fractions and probabilities as `0.0%`, indices with four decimals —, a
/// bold frozen header row and an autofilter. Text cells are inline strings; no shared-strings table.
/// Entries carry a fixed date, so the same comparison gives the same bytes (in the same time zone).
struct XLSXRenderer {
    var comparison: Comparison
    var language: Language

    /// Style indices into `cellXfs` of styles.xml.
    private enum Style: Int {
        case plain = 0, header = 1, whole = 2, percent = 3, index = 4, decimal = 5
    }

    /// The comparison's sheet, then `extraSheets` (plain tables, `TableWorkbook`'s sheets).
    func render(_ tables: [ComparisonTable], extraSheets: [TableSheet] = []) throws -> Data {
        let layout = SpreadsheetLayout(comparison: comparison, tables: tables, language: language)
        let sheetName = language == .zh ? "方案比较" : "Comparison"
        if !extraSheets.isEmpty {
            return try TableWorkbook.data(extraSheets, first: (sheetName, sheet(layout)))
        }
        let files: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes),
            ("_rels/.rels", Self.rootRelationships),
            ("xl/workbook.xml", workbook(sheetName: sheetName)),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships),
            ("xl/styles.xml", Self.styles),
            ("xl/worksheets/sheet1.xml", sheet(layout)),
        ]
        return try Self.package(files)
    }

    /// The zip archive of a workbook's parts (path, XML text), deflated, every entry dated
    /// 2020-01-01 so that the bytes do not depend on the clock.
    /// - Throws: `ComparisonError` when the archive cannot be assembled.
    static func package(_ files: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let fixedDate = Date(timeIntervalSince1970: 1_577_836_800)
        for (path, text) in files {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let bytes = archive.data else { throw ComparisonError(location: "xlsx", message: "the workbook could not be assembled") }
        return bytes
    }

    private func workbook(sheetName: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(escapeMarkup(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    }

    private func sheet(_ layout: SpreadsheetLayout) -> String {
        let lastColumn = Worksheet.columnName(layout.header.count - 1)
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <sheetViews><sheetView workbookViewId="0"><pane xSplit="3" ySplit="1" topLeftCell="D2" activePane="bottomRight" state="frozen"/></sheetView></sheetViews>
            <cols><col min="1" max="1" width="26" customWidth="1"/><col min="2" max="2" width="20" customWidth="1"/><col min="3" max="3" width="32" customWidth="1"/><col min="4" max="4" width="11" customWidth="1"/><col min="5" max="\(layout.header.count)" width="16" customWidth="1"/></cols>
            <sheetData>

            """
        func textCell(_ reference: String, _ text: String, style: Style) -> String {
            "<c r=\"\(reference)\" t=\"inlineStr\" s=\"\(style.rawValue)\"><is><t>\(escapeMarkup(text))</t></is></c>"
        }
        xml += "<row r=\"1\">" + layout.header.enumerated().map { textCell("\(Worksheet.columnName($0.offset))1", $0.element, style: .header) }.joined() + "</row>\n"
        for (r, row) in layout.rows.enumerated() {
            let rowNumber = r + 2
            var cells = ""
            for (c, cell) in row.enumerated() {
                let reference = "\(Worksheet.columnName(c))\(rowNumber)"
                switch cell {
                case .text(let text): cells += textCell(reference, text, style: .plain)
                case .number(let value, let unit): cells += "<c r=\"\(reference)\" s=\"\(Self.style(for: unit, value: value).rawValue)\"><v>\(CSVRenderer.number(value))</v></c>"
                case .empty: break
                }
            }
            xml += "<row r=\"\(rowNumber)\">\(cells)</row>\n"
        }
        xml += "</sheetData>\n<autoFilter ref=\"A1:\(lastColumn)\(layout.rows.count + 1)\"/>\n</worksheet>\n"
        return xml
    }

    private static func style(for unit: MeasureUnit, value: Double) -> Style {
        switch unit {
        case .persons, .households, .count: return .whole
        case .yuan: return value == value.rounded() ? .whole : .decimal
        case .fraction, .probability: return .percent
        case .index: return .index
        }
    }

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
        """

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """

    private static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """

    /// Cell formats: 0 plain, 1 bold header, 2 `#,##0`, 3 `0.0%`, 4 `0.0000`, 5 `#,##0.00`.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.0000"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
}
