import Foundation
import Testing
import Spreadsheet
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import Reports

@Suite("xlsx workbook")
struct XLSXTests {
    let demo = Comparison.daiCountyDemo()

    /// Reads the cells of a worksheet: reference → (value text, style index).
    final class SheetReader: NSObject, XMLParserDelegate {
        var cells: [String: (value: String, style: String)] = [:]
        private var reference: String?
        private var style = ""
        private var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "c" { reference = attributes["r"]; style = attributes["s"] ?? "0"; text = "" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if reference != nil { text += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "c", let reference { cells[reference] = (text, style); self.reference = nil }
        }
    }

    private func entry(_ archive: Archive, _ path: String) throws -> Data {
        let found = try #require(archive[path], "no \(path) in the workbook")
        var data = Data()
        _ = try archive.extract(found) { data.append($0) }
        return data
    }

    @Test func workbookHoldsTheRowsAsNumbersWithFormats() throws {
        let bytes = try demo.workbook(language: .zh, by: .tier)
        #expect(bytes.prefix(2) == Data([0x50, 0x4B]))   // "PK": a zip archive
        let archive = try Archive(data: bytes, accessMode: .read)
        for path in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"] {
            let parser = XMLParser(data: try entry(archive, path))
            #expect(parser.parse(), "\(path) is not well-formed")
        }
        let reader = SheetReader()
        let parser = XMLParser(data: try entry(archive, "xl/worksheets/sheet1.xml"))
        parser.delegate = reader
        #expect(parser.parse())
        #expect(reader.cells["A1"]?.value == "键" && reader.cells["A1"]?.style == "1")
        #expect(reader.cells["E1"]?.value == "平均分配")
        // Row 2: poor persons, whole numbers with separators (style 2); row 4: incidence as 0.0% (style 3).
        #expect(reader.cells["A2"]?.value == "poor_persons")
        #expect(reader.cells["E2"]?.value == "3719" && reader.cells["E2"]?.style == "2")
        #expect(reader.cells["K2"]?.value == "-1037")
        #expect(reader.cells["A4"]?.value == "incidence" && reader.cells["E4"]?.style == "3")
        #expect(Double(reader.cells["E4"]?.value ?? "") == 3_719.0 / 172_000)
        // Main rows, then the six tier rows, after the header.
        let rowCount = demo.table.rows.count + (demo.byTier?.rows.count ?? 0) + 1
        #expect(reader.cells["A\(rowCount)"]?.value == "tier3/incidence")
        #expect(reader.cells["A\(rowCount + 1)"] == nil)
        #expect(try demo.workbook(language: .zh, by: .tier) == bytes)
    }

    @Test func columnLetters() {
        #expect(Worksheet.columnName(0) == "A" && Worksheet.columnName(25) == "Z" && Worksheet.columnName(26) == "AA" && Worksheet.columnName(27 + 25) == "BA")
    }
}
