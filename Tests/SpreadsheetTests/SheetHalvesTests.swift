import Foundation
import Testing
@testable import Spreadsheet

/// The fast sheet path against the plain one: a sheet scanned in two halves on two threads must
/// give exactly what one whole pass gives (cells, or the first problem), whatever the bytes; cells
/// written as CSV must read as `SpreadsheetCell.text` quoted by RFC 4180; the entity check by
/// memchr must agree with the byte-by-byte one.
@Suite("Sheets in two halves")
struct SheetHalvesTests {
    static let strings = SharedStrings(bytes: Array("户编号代县 a,b\"q\"  ".utf8), starts: [0, 9, 15, 20], ends: [9, 15, 20, 22])

    /// A sheet of `rows` rows of every kind of cell, with a title row, blank cells and a merge.
    static func sheet(rows: Int, tweak: (Int) -> String? = { _ in nil }) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        xml += "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"
        for r in 2...rows {
            if let special = tweak(r) { xml += special; continue }
            xml += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"s\"><v>\(r % 4)</v></c><c r=\"B\(r)\"><v>\(r * 37)</v></c>"
            xml += "<c r=\"C\(r)\" s=\"1\"><v>\(Double(r) / 8)</v></c><c r=\"E\(r)\" t=\"inlineStr\"><is><t>x&amp;\(r)</t></is></c>"
            xml += "<c r=\"F\(r)\" t=\"b\"><v>\(r % 2)</v></c></row>\n"
        }
        return xml + "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:C1\"/></mergeCells></worksheet>"
    }

    /// The outcome of a read, comparable: the rows, or the problem.
    static func outcome(_ data: Data, parallel: Bool) -> String {
        let result = SheetPart.read(data, sheet: "农户", strings: strings, dateStyles: [false, false], date1904: false,
                                    parallelAbove: parallel ? 0 : .max)
        switch result {
        case .success(let grid): return "\(grid.rows)"
        case .failure(let problem): return "\(problem.cell ?? "-"): \(problem.message)"
        }
    }

    @Test("halves give the cells and the first problem of one pass: clean, wrong cells, malformed XML, odd splits")
    func halvesEqualOnePass() throws {
        let rows = 400
        let variants: [(String, (Int) -> String?)] = [
            ("clean", { _ in nil }),
            ("wrong cell late", { $0 == 350 ? "<row r=\"350\"><c r=\"B350\" t=\"b\"><v>2</v></c></row>" : nil }),
            ("wrong cell early, malformed late", { $0 == 20 ? "<row r=\"20\"><c r=\"B20\"><v>x</v></c></row>" : $0 == 380 ? "<row r=\"380\"><c>" : nil }),
            ("malformed late", { $0 == 390 ? "<row r=\"390\"><c r=\"A390\"></d></row>" : nil }),
            ("comment across the middle", { $0 == 190 ? "<!-- <row r=\"190\"> " : $0 == 215 ? " --><row r=\"215\"/>" : nil }),
            ("rows without numbers", { $0 >= 150 && $0 < 300 ? "<row><c><v>\($0)</v></c><c t=\"s\"><v>2</v></c></row>" : nil }),
            ("a row out of order", { $0 == 330 ? "<row r=\"5\"><c r=\"H5\"><v>1</v></c></row>" : nil }),
            ("text after the root", { _ in nil }),
            ("CDATA across the middle", { $0 == 195 ? "<row r=\"195\"><c r=\"A195\" t=\"str\"><v><![CDATA[" : $0 == 230 ? "]]></v></c></row>" : nil }),
        ]
        for (name, tweak) in variants {
            var xml = Self.sheet(rows: rows, tweak: tweak)
            if name == "text after the root" { xml += "oops" }
            let data = Data(xml.utf8)
            let whole = Self.outcome(data, parallel: false), halves = Self.outcome(data, parallel: true)
            #expect(halves == whole, "\(name): halves \(halves.prefix(200)) … whole \(whole.prefix(200))")
            // The comment and the CDATA section are well-formed (rows commented out, a long str cell).
            let valid: Set<String> = ["clean", "rows without numbers", "a row out of order", "comment across the middle", "CDATA across the middle"]
            #expect(whole.hasPrefix("[[") == valid.contains(name), "\(name): \(whole.prefix(120))")
        }
    }

    /// The outcome of the pipelined read (`SheetPipeline`): `bytes` handed over in chunks of
    /// `chunk` bytes into room for `capacity`, scanned in `segments` segments; "refused" for entities.
    static func pipelined(_ bytes: [UInt8], capacity: Int, segments: Int, chunk: Int) throws -> String {
        let context = SheetPart.Context(sheet: "农户", strings: strings, dateStyles: [false, false], date1904: false)
        let result = try SheetPipeline.read(capacity: capacity, segments: segments, context: context) { consume in
            var k = 0
            while k < bytes.count {
                consume(Data(bytes[k..<min(bytes.count, k + chunk)]))
                k += chunk
            }
        }
        switch result {
        case nil: return "refused"
        case .success(let grid)?: return "\(grid.rows)"
        case .failure(let problem)?: return "\(problem.cell ?? "-"): \(problem.message)"
        }
    }

    @Test("inflating and scanning side by side gives one pass's cells or first problem, for any segments, chunks and stated size")
    func pipelineEqualsOnePass() throws {
        let variants: [(String, (Int) -> String?)] = [
            ("clean", { _ in nil }),
            ("wrong cell late", { $0 == 350 ? "<row r=\"350\"><c r=\"B350\" t=\"b\"><v>2</v></c></row>" : nil }),
            ("malformed late", { $0 == 390 ? "<row r=\"390\"><c r=\"A390\"></d></row>" : nil }),
            ("comment across a cut", { $0 == 90 ? "<!-- <row r=\"90\"> " : $0 == 260 ? " --><row r=\"260\"/>" : nil }),
            ("rows without numbers", { $0 >= 150 && $0 < 300 ? "<row><c><v>\($0)</v></c><c t=\"s\"><v>2</v></c></row>" : nil }),
            ("a row out of order", { $0 == 330 ? "<row r=\"5\"><c r=\"H5\"><v>1</v></c></row>" : nil }),
            ("an empty cell clearing an earlier row", { $0 == 340 ? "<row r=\"7\"><c r=\"B7\"/></row>" : nil }),
        ]
        for (name, tweak) in variants {
            let xml = Self.sheet(rows: 400, tweak: tweak)
            let bytes = Array(xml.utf8)
            let whole = Self.outcome(Data(bytes), parallel: false)
            for segments in [2, 3, 8] {
                for chunk in [97, 4_096, 1 << 20] {
                    for capacity in [bytes.count, bytes.count / 2, bytes.count * 3] {
                        let piped = try Self.pipelined(bytes, capacity: capacity, segments: segments, chunk: chunk)
                        #expect(piped == whole, "\(name), \(segments) segments, chunks of \(chunk), room for \(capacity): \(piped.prefix(160)) … whole \(whole.prefix(160))")
                    }
                }
            }
        }
        // The entity check still refuses, and the inflater's error comes through.
        let doctype = Array("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>".utf8) + Array(Self.sheet(rows: 50).utf8.dropFirst(39))
        #expect(try Self.pipelined(doctype, capacity: doctype.count, segments: 4, chunk: 500) == "refused")
        struct Broken: Error {}
        let context = SheetPart.Context(sheet: "农户", strings: Self.strings, dateStyles: [], date1904: false)
        #expect(throws: Broken.self) {
            _ = try SheetPipeline.read(capacity: 10_000, segments: 3, context: context) { consume in
                consume(Data(Self.sheet(rows: 40).utf8.prefix(3_000)))
                throw Broken()
            }
        }
    }

    @Test("halves equal one pass on 400 byte mutations of a sheet")
    func halvesEqualOnePassOnMutations() {
        let base = Array(Self.sheet(rows: 120).utf8)
        var state: UInt64 = 20_261_207
        func next() -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
        }
        let alphabet = Array("<>/&;=\"' !?-[]#x0rcv1".utf8)
        var disagreements: [Int] = []
        for trial in 0..<400 {
            var bytes = base
            for _ in 0..<1 + next() % 3 { bytes[next() % bytes.count] = alphabet[next() % alphabet.count] }
            let data = Data(bytes)
            if Self.outcome(data, parallel: true) != Self.outcome(data, parallel: false) { disagreements.append(trial) }
        }
        #expect(disagreements.isEmpty, "trials \(disagreements.prefix(5))")
    }

    @Test("cells written as CSV fields read as their text, quoted by RFC 4180")
    func csvFieldsAreTheCellsText() {
        let rows: [[SpreadsheetCell]] = [
            [.text("a,b"), .text("say \"hi\""), .text("two\nlines"), .text(" 代县 "), .empty],
            [.number(48_412), .number(-3), .number(0.25), .number(1e15), .number(-0.0), .number(123_456_789_012_345), .number(2.5e-7)],
            [.bool(true), .bool(false), .error("#N/A"), .date(year: 2018, month: 6, day: 30, seconds: 43_200), .date(year: 1900, month: 2, day: 29, seconds: 0)],
        ]
        let sheet = Worksheet(name: "t", rows: rows)
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() {
                var out: [UInt8] = []
                sheet.appendCSVField(row: r, column: c, to: &out)
                let text = cell.text
                let expected = text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
                #expect(String(decoding: out, as: UTF8.self) == expected, "row \(r) column \(c)")
                #expect(sheet.isBlank(row: r, column: c) == text.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).isEmpty)
            }
        }
        // Shared strings: quoted and blank as their text says.
        let grid = GridBuilder(strings: Self.strings)
        var builder = grid
        for k in 0..<Self.strings.count { builder.set(0, k, .shared, UInt64(k)) }
        let shared = Worksheet(name: "s", grid: builder.finish())
        let texts = (0..<Self.strings.count).map { Self.strings.string($0) }
        for (k, text) in texts.enumerated() {
            var out: [UInt8] = []
            shared.appendCSVField(row: 0, column: k, to: &out)
            let expected = text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
            #expect(String(decoding: out, as: UTF8.self) == expected)
            #expect(shared.isBlank(row: 0, column: k) == text.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).isEmpty)
        }
    }

    @Test("the entity check by memchr agrees with the byte-by-byte one")
    func entityCheckAgrees() {
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let pieces = ["<!DOCTYPE", "<!ENTITY", "<!doctype", "<!--", "<!", "!", "<", "a", "<!DOCTYP", "<!ENTIT"]
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<next() % 8 { text += pieces[next() % pieces.count] }
            let data = Data(text.utf8)
            #expect(XMLSafety.declaresEntities(data) == XMLSafety.declaresEntitiesSlowly(data), "\(text)")
        }
    }
}
