import Foundation
import Testing
import ZIPFoundation
import Reports
import Tabular
@testable import Spreadsheet

/// A workbook assembled in the test from hand-written parts.
func workbookBytes(sheets: [(name: String, xml: String)], sharedStrings: String? = nil, styles: String? = nil,
                   date1904: Bool = false) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    func add(_ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
    let list = sheets.enumerated().map { k, s in "<sheet name=\"\(s.name)\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>" }.joined()
    try add("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook \(ns)>\(date1904 ? "<workbookPr date1904=\"1\"/>" : "")<sheets>\(list)</sheets></workbook>")
    let rels = sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"worksheet\" Target=\"worksheets/s\($0 + 1).xml\"/>" }.joined()
    try add("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>")
    for (k, s) in sheets.enumerated() {
        try add("xl/worksheets/s\(k + 1).xml", "<?xml version=\"1.0\"?><worksheet \(ns)>\(s.xml)</worksheet>")
    }
    if let sharedStrings { try add("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst \(ns)>\(sharedStrings)</sst>") }
    if let styles { try add("xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet \(ns)>\(styles)</styleSheet>") }
    guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
    return data
}

/// The civil date of `days` after `origin` by Foundation's Gregorian calendar (the independent reference).
func calendarDate(_ origin: (Int, Int, Int), plus days: Int) -> (Int, Int, Int) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let start = calendar.date(from: DateComponents(year: origin.0, month: origin.1, day: origin.2)) ?? Date()
    let date = calendar.date(byAdding: .day, value: days, to: start) ?? start
    let c = calendar.dateComponents([.year, .month, .day], from: date)
    return (c.year ?? 0, c.month ?? 0, c.day ?? 0)
}

@Suite("Excel workbooks")
struct WorkbookTests {
    static let styles = """
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
        <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs>
        """

    @Test("every kind of cell: shared strings with runs, inline strings, numbers, booleans, errors, cached formulas, dates, merges")
    func cellsOfEveryKind() throws {
        let shared = "<si><t>户编号</t></si><si><r><t>家庭</t></r><r><rPr><b/></rPr><t>人口数</t></r><rPh sb=\"0\" eb=\"1\"><t>カ</t></rPh></si><si><t xml:space=\"preserve\"> 代县 </t></si>"
        let sheet = """
            <sheetData>
            <row r="1"><c r="A1" t="s"><v>2</v></c></row>
            <row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="inlineStr"><is><t>脱贫&amp;年度</t></is></c></row>
            <row r="4"><c r="A4"><v>12.5</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="e"><v>#DIV/0!</v></c><c r="D4"><f>A4*2</f><v>25</v></c><c r="E4" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>
            <row r="5"><c r="A5" s="1"><v>43281</v></c><c r="B5" s="2"><v>43281.5</v></c><c r="C5" s="3"><v>0.25</v></c><c r="D5" s="1"><v>60</v></c><c r="E5" s="1"><v>61</v></c></row>
            <row r="6"><c r="AA6"><v>-3E2</v></c></row>
            </sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>
            """
        let book = try Workbook.read(data: try workbookBytes(sheets: [("农户", sheet)], sharedStrings: shared, styles: Self.styles), name: "t.xlsx")
        let s = try #require(book.sheet(named: "农户"))
        // The merged title fills A1:C1; row 2 is absent.
        #expect(s[0, 0] == .text(" 代县 ") && s[0, 1] == .text(" 代县 ") && s[0, 2] == .text(" 代县 ") && s[0, 3] == .empty)
        #expect(s.rows[1].isEmpty)
        #expect(s[2, 0] == .text("户编号") && s[2, 1] == .text("家庭人口数") && s[2, 2] == .text("脱贫&年度"))
        #expect(s[3, 0] == .number(12.5) && s[3, 1] == .bool(true) && s[3, 2] == .error("#DIV/0!"))
        #expect(s[3, 3] == .number(25) && s[3, 4] == .text("ab"))
        // Serial 43,281 is 43,281 − 2 days after 1900-01-01 (the phantom 29 February counts once).
        let (y, m, d) = calendarDate((1900, 1, 1), plus: 43_281 - 2)
        #expect(s[4, 0] == .date(year: y, month: m, day: d, seconds: 0) && s[4, 0].text == "2018-06-30")
        #expect(s[4, 1] == .date(year: 2018, month: 6, day: 30, seconds: 43_200) && s[4, 1].text == "2018-06-30T12:00:00")
        #expect(s[4, 2] == .number(0.25))   // a percentage is no date
        #expect(s[4, 3] == .date(year: 1900, month: 2, day: 29, seconds: 0) && s[4, 4] == .date(year: 1900, month: 3, day: 1, seconds: 0))
        #expect(s[5, 26] == .number(-300) && s[5, 26].text == "-300")
    }

    @Test("the 1904 date system counts from 1904-01-01")
    func dates1904() throws {
        let sheet = "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>41819</v></c></row></sheetData>"
        let book = try Workbook.read(data: try workbookBytes(sheets: [("S", sheet)], styles: Self.styles, date1904: true), name: "t.xlsx")
        let s = try #require(book.sheets.first)
        #expect(s[0, 0] == .date(year: 1904, month: 1, day: 1, seconds: 0))
        let (y, m, d) = calendarDate((1904, 1, 1), plus: 41_819)
        #expect(s[0, 1] == .date(year: y, month: m, day: d, seconds: 0))
    }

    @Test("a wrong cell is named workbook.xlsx:Sheet!C12 with what was expected")
    func wrongCellsAreLocated() throws {
        for (xml, cell, words) in [
            ("<c r=\"C12\"><v>12abc</v></c>", "农户!C12", "expected a number"),
            ("<c r=\"B3\" t=\"s\"><v>7</v></c>", "农户!B3", "shared strings"),
            ("<c r=\"D4\" t=\"b\"><v>2</v></c>", "农户!D4", "boolean"),
        ] {
            let data = try workbookBytes(sheets: [("农户", "<sheetData><row>\(xml)</row></sheetData>")], sharedStrings: "<si><t>x</t></si>")
            let error = try #require(throws: InputErrors.self) { try Workbook.read(data: data, name: "workbook.xlsx") }
            let text = error.description
            #expect(text.hasPrefix("workbook.xlsx:\(cell): ") && text.contains(words), "\(text)")
        }
    }

    /// Found by `scripts/fuzz workbook`: an archive whose entry points past the end of the data,
    /// which trapped inside ZIPFoundation's in-memory archive. It must be an error, not a crash.
    @Test("an entry pointing past the end of the archive is an error (fuzzer input)")
    func entryPastTheEnd() throws {
        let base64 = [
            "UEsDBBQAAAAIAMBah127F5v6swAAAAcBAAAPAAAAeGwvd29ya2Jvb2sueG1sjY87DsIwDIavEnmHFAaEqj4WhMQOBwit20Zt",
            "4soOjyNwI27EOYhaujPZ/m1/9p+VTzeoO7JY8jls1gko9BXV1rc5XM7H1R7KInsQ91eiXsVpLzl0IYyp1lJ16IysaUQfOw2x",
            "MyGW3GoZGU0tHWJwg94myU47Yz3MhJT/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABhUNPYCg9U3Rz6MEMYBxPir9LZUaDIpgvyi8obhzl8Xm9Qk3CqoydQ",
            "nNqY8KnegC4yvezoxVbxBVBLAwQUAAAACADAWoddU6mTmykBAADAAQAAFAAAAHhsL3NoYXJlZFN0cmluZ3MueG1sjZHBSsNA",
            "EIZfZZm73VhQpCTpQfGcgz5Amk66W5LduLMpHr0UexEFRQ8ieBEvgjdbqo/TtD6Gm1atevKyy8z38/Pzj98+zjM2QENSqwA2",
            "Gx4wVInuStUL4PBgf2MH2qFPZJkTKgpAWFu0OKdEYB5TQxeoHEm1yWPrRtPjVBiMuyQQbZ7xpudt8zyWClYOLfMfD52mMsE9",
            "nZQ5KrsyMZjF1sUkIQsCluhS2QC2gJVKHpW4+zW7uDL0bTgfjRdv19X52Oc29Hm9/AazyWv1eFldnP1mpsaz6bS6O10Bs9yZ",
            "yD0dXs/RUrKYPs+vXqrhw1oVCUadAOr+3NeEWmZQsX6pPkWR+JmibqNFRZxgAK4wQjNACFl1e7+4GbK/kWeTk/fRkwu+Btwd",
            "AxQAAAAIAMBah11kOfyVPAEAAA0CAAIYAAAAAAAAAAAAAACAATsCAAB4bC93b3Jrc2hlZXRzL3NoZWV0MS54bWxQSwECFAMU",
            "AAAACADAWoddZ4PKcJYAAAD6AAAAGgAAAAAAAAAAAAAAgAGtAwAAeGwvX3JlbHMvd29ya2Jvb2sueG1sLnJlbHNQSwUGAAAA",
            "AAQABAANAQAAewQAAAAA",
        ].joined()
        let bytes = try #require(Data(base64Encoded: base64))
        let refused = try #require(throws: InputErrors.self) { try Workbook.read(data: bytes, name: "fuzz.xlsx") }
        #expect(refused.description.contains("fuzz.xlsx"), "\(refused)")
    }

    @Test("zip bombs, entity declarations and non-workbooks are refused before parsing")
    func hostileArchivesAreRefused() throws {
        // 64 MiB of zeros deflate about 1,030 : 1.
        let zeros = Data(count: 64 << 20)
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(zeros.count), compressionMethod: .deflate) { p, n in
            zeros.subdata(in: Int(p)..<Int(p) + n)
        }
        let bomb = try #require(archive.data)
        let refused = try #require(throws: InputErrors.self) { try Workbook.read(data: bomb, name: "bomb.xlsx") }
        #expect(refused.description.contains("zip bomb"), "\(refused)")

        let entities = "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><sst><si><t>&b;</t></si></sst>"
        let withEntities = try workbookBytes(sheets: [("S", "<sheetData/>")])
        let archive2 = try Archive(data: withEntities, accessMode: .update)
        let text = Data(("<?xml version=\"1.0\"?>" + entities).utf8)
        try archive2.addEntry(with: "xl/sharedStrings.xml", type: .file, uncompressedSize: Int64(text.count)) { p, n in text.subdata(in: Int(p)..<Int(p) + n) }
        let entityError = try #require(throws: InputErrors.self) { try Workbook.read(data: try #require(archive2.data), name: "e.xlsx") }
        #expect(entityError.description.contains("entit"), "\(entityError)")

        let notZip = try #require(throws: InputErrors.self) { try Workbook.read(data: Data("id,name\n".utf8), name: "x.xlsx") }
        #expect(notZip.description.contains("zip archive"))
    }

    @Test("our own comparison workbook reads back: every text cell and number of its CSV")
    func roundTripOfTheComparisonWorkbook() throws {
        let demo = Comparison.daiCountyDemo()
        let book = try Workbook.read(data: try demo.workbook(language: .en), name: "comparison.xlsx")
        let sheet = try #require(book.sheets.first)
        let csv = try demo.rendered(as: .csv, language: .en)
        // The CSV's records (the demo quotes only fields with commas): compare field by field.
        let records = try CSVFile(path: "comparison.csv", data: Array(csv.utf8))
        var rows: [[String]] = []
        try records.forEachRecord { record in rows.append((0..<record.count).map { record.string($0) }) }
        var compared = 0
        for (r, record) in rows.enumerated() {
            for (c, field) in record.enumerated() where !field.isEmpty {
                let cell = sheet[r + 1, c]
                if let number = Double(field) {
                    guard case .number(let value) = cell else { Issue.record("row \(r + 2) column \(c + 1): \(cell) for \(field)"); continue }
                    #expect(abs(value - number) <= 1e-12 * max(1, abs(number)))
                } else {
                    #expect(cell.text == field, "row \(r + 2) column \(c + 1)")
                }
                compared += 1
            }
        }
        #expect(compared > 100)
        #expect(sheet.rows.first?.map(\.text) == records.header)
    }
}
