import Foundation
import Testing
@testable import Tabular

func csv(_ text: String, path: String = "t.csv") throws -> CSVFile {
    try CSVFile(path: path, data: Array(text.utf8))
}

func records(_ file: CSVFile) throws -> [(line: Int, fields: [String])] {
    var out: [(Int, [String])] = []
    try file.forEachRecord { r in out.append((r.line, (0..<r.count).map { r.string($0) })) }
    return out
}

@Suite("CSV reader")
struct CSVTests {
    @Test func quotesEscapesLineBreaksAndBlankLines() throws {
        let f = try csv("id,name,note\r\n1,\"代县\",\"a \"\"quoted\"\" word\"\n\n2,x,\"two\nlines\"\n3,,\n")
        #expect(f.header == ["id", "name", "note"])
        let r = try records(f)
        #expect(r.count == 3)
        #expect(r[0].fields == ["1", "代县", "a \"quoted\" word"])
        #expect(r[0].line == 2)
        #expect(r[1].line == 4 && r[1].fields == ["2", "x", "two\nlines"])
        #expect(r[2].line == 6 && r[2].fields == ["3", "", ""])
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let f = try CSVFile(path: "bom.csv", data: [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8))
        #expect(f.header == ["a", "b"] && f.encoding == .utf8)
    }

    @Test func gbkIsDetectedAndTranscoded() throws {
        // "县" in GBK is 0xCF 0xD8; "代" is 0xB4 0xFA.
        let bytes: [UInt8] = Array("name,n\n".utf8) + [0xB4, 0xFA, 0xCF, 0xD8] + Array(",1\n".utf8)
        let f = try CSVFile(path: "gbk.csv", data: bytes)
        #expect(f.encoding == .gb18030)
        #expect(try records(f)[0].fields == ["代县", "1"])
    }

    @Test func errorsNameFileLineAndColumn() throws {
        #expect(throws: InputError(file: "e.csv", message: "the file is empty; expected a header row and data")) {
            try csv("", path: "e.csv")
        }
        do {
            _ = try records(try csv("a,b\n1,\"open\n", path: "q.csv"))
            Issue.record("an unterminated quote must be an error")
        } catch let e as InputError {
            #expect(e.line == 2 && e.column == 2 && e.file == "q.csv")
        }
        do {
            _ = try csv("a,a\n1,2\n", path: "d.csv")
            Issue.record("a repeated column name must be an error")
        } catch let e as InputError {
            #expect(e.line == 1 && e.column == 2)
            #expect(e.description.hasPrefix("d.csv:1:2: "))
        }
        #expect(throws: InputError.self) { try CSVFile(path: "u.csv", data: [0xFF, 0xFE, 0x61, 0x00]) }
        #expect(throws: InputError.self) { try CSVFile(path: "bad.csv", data: Array("a\n".utf8) + [0xC3, 0x28]) }
    }

    @Test func numbersAreCorrectlyRounded() throws {
        // Every cell is compared with Swift's own correctly rounded parser (a second method).
        let cells = ["0", "-0", "1.5", " 2.25 ", "1e3", "-4.5E-2", "0.1", "123456789012345678901", "3.141592653589793238",
                     "1e-320", "2.2250738585072014e-308", "9007199254740993", ".5", "5.", "+7"]
        let text = "x\n" + cells.map { "\"\($0)\"" }.joined(separator: "\n") + "\n"
        let f = try csv(text)
        var parsed: [Double?] = []
        try f.forEachRecord { r in parsed.append(r.double(0)) }
        for (cell, value) in zip(cells, parsed) {
            let expected = Double(cell.trimmingCharacters(in: .whitespaces))
            #expect(value == expected, "cell \(cell)")
        }
        for bad in ["", "abc", "1e", "--1", "1.2.3", "inf", "nan", "0x10", "1,5"] {
            let g = try csv("x\n\"\(bad)\"\n")
            var v: Double?? = .none
            try g.forEachRecord { r in v = .some(r.double(0)) }
            #expect(v == .some(nil), "cell \(bad)")
        }
    }

    @Test func dataTableTypesColumnsAndReportsBadCells() throws {
        let f = try csv("y,x,village\n1,2,b\n2,NA,a\n3,4,b\n", path: "d.csv")
        let t = try DataTable.load(f, numeric: ["y", "x"], categorical: ["village"])
        #expect(t.rowCount == 3 && t.lines == [2, 3, 4])
        #expect(t.numbers("y") == [1, 2, 3])
        #expect(t.numbers("x")?[1].isNaN == true)
        let v = t.categories("village")
        #expect(v?.levels == ["a", "b"] && v?.codes == [1, 0, 1])
        do {
            _ = try DataTable.load(try csv("y,x\n1,2\n2,abc\n", path: "n.csv"), numeric: ["y", "x"], categorical: [])
            Issue.record("a non-numeric cell must be an error")
        } catch let e as InputError {
            #expect(e.description == "n.csv:3:2: expected a number in column \"x\", found \"abc\" (no digits)")
        }
        #expect(throws: InputError.self) { try DataTable.load(try csv("y\n1\n"), numeric: ["z"], categorical: []) }
        #expect(throws: InputError.self) { try DataTable.load(try csv("y,x\n1\n"), numeric: ["y"], categorical: []) }
        #expect(throws: InputError.self) { try DataTable.load(try csv("y,x\n"), numeric: ["y"], categorical: []) }
    }

    @Test func levelsSortNumericallyWhenNumeric() {
        #expect(sortLevels(["10", "9", "100"]) == ["9", "10", "100"])
        #expect(sortLevels(["b", "a"]) == ["a", "b"])
    }
}

@Suite("Parallel CSV parsing")
struct ParallelCSVTests {
    /// A file large enough to be split, with values the test knows.
    static func bigFile(rows: Int, badLines: [Int] = []) -> (text: String, x: [Double], g: [String]) {
        var text = "x,g,y\n"
        var xs: [Double] = [], gs: [String] = []
        for i in 0..<rows {
            let x = Double(i) * 0.25 - 1000
            let g = "村\(i % 37)"
            xs.append(x); gs.append(g)
            let line = i + 2
            text += badLines.contains(line) ? "oops,\(g),\(i)\n" : "\(x),\(g),\(i)\n"
        }
        return (text, xs, gs)
    }

    @Test func chunksCoverEveryRecordOnceWithTheRightLines() throws {
        let (text, xs, gs) = Self.bigFile(rows: 60_000)
        let f = try csv(text, path: "big.csv")
        let chunks = f.chunks(4)
        #expect(chunks.count == 4)
        #expect(chunks.first?.start == 6 && chunks.last?.end == f.bytes.count)
        for (a, b) in zip(chunks, chunks.dropFirst()) { #expect(a.end == b.start) }
        let t = try DataTable.load(f, numeric: ["x"], categorical: ["g"])
        #expect(t.rowCount == 60_000)
        #expect(t.lines == Array(2...60_001))
        #expect(t.numbers("x") == xs)
        let c = try #require(t.categories("g"))
        #expect(c.codes.map { c.levels[Int($0)] } == gs)
        #expect(c.levels == sortLevels(Array(Set(gs))))
    }

    @Test func theFirstErrorInFileOrderIsReported() throws {
        let (text, _, _) = Self.bigFile(rows: 60_000, badLines: [50_000, 20_000])
        do {
            _ = try DataTable.load(try csv(text, path: "bad.csv"), numeric: ["x"], categorical: [])
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.line == 20_000 && e.column == 1)
        }
        // An automatic column mixing numbers and text fails on its first text cell too.
        do {
            _ = try DataTable.load(try csv(text, path: "bad.csv"), numeric: [], categorical: [], automatic: ["x"])
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.line == 20_000)
        }
    }

    /// A file with quoted fields holding commas, doubled quotes and line breaks, CRLF line ends and
    /// a byte-order mark: `rows` records, every fourth field quoted.
    static func quotedFile(rows: Int, crlf: Bool, bom: Bool) -> [UInt8] {
        let end = crlf ? "\r\n" : "\n"
        var text = "x,note,g" + end
        for i in 0..<rows {
            let note: String
            switch i % 4 {
            case 0: note = "\"line one\nline \(i), \"\"quoted\"\"\""
            case 1: note = "plain \(i)"
            case 2: note = "\"\(i % 7)\""
            default: note = "\"\nstarts with a break\r\n\""
            }
            text += "\(Double(i) * 0.5 - 77),\(note),\(i % 11 == 0 ? "\"村\(i % 13)\"" : "村\(i % 13)")" + end
            if i % 1000 == 999 { text += end }  // a blank line now and then
        }
        return (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    /// The loaded table of a split reading equals the one-pass reading of the same file, value for
    /// value, with the same lines.
    static func expectSameAsOnePass(_ f: CSVFile, chunks: Int = 4, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let split = try DataTable.load(f, numeric: ["x"], categorical: ["note", "g"], automatic: [], chunks: chunks, parallelAbove: 1 << 10)
        let one = try DataTable.load(f, numeric: ["x"], categorical: ["note", "g"], automatic: [], chunks: 1, parallelAbove: 1 << 10)
        #expect(split.lines == one.lines, sourceLocation: sourceLocation)
        #expect(split.numbers("x") == one.numbers("x"), sourceLocation: sourceLocation)
        for name in ["note", "g"] {
            let a = try #require(split.categories(name)), b = try #require(one.categories(name))
            #expect(a.levels == b.levels && a.codes == b.codes, "\(name)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func quotedFilesAreSplitOutsideQuotesAsOnePassReadsThem(crlf: Bool, bom: Bool) throws {
        let f = try CSVFile(path: "q.csv", data: Self.quotedFile(rows: 20_000, crlf: crlf, bom: bom))
        let chunks = f.chunks(4, minimumBytes: 1 << 10)
        #expect(chunks.count == 4)
        // Every cut is a record start: each chunk read alone ends on the line the next starts on.
        var endLines: [Int] = []
        var total = 0
        for chunk in chunks { endLines.append(try f.forEachRecord(in: chunk) { _ in total += 1 }) }
        #expect(CSVFile.joins(chunks, endLines: endLines))
        #expect(total == 20_000)
        try Self.expectSameAsOnePass(f)
        let one = try DataTable.load(f, numeric: ["x"], categorical: [], automatic: [], chunks: 1, parallelAbove: 1 << 10)
        #expect(one.numbers("x") == (0..<20_000).map { Double($0) * 0.5 - 77 })
    }

    /// Files the even-quote rule misreads (a quote inside an unquoted field, lone carriage returns)
    /// are still read as one pass reads them: the split is checked and dropped.
    @Test func misleadingQuotesAndLoneCarriageReturnsFallBackToOnePass() throws {
        var stray = Array("x,note,g\n".utf8)
        for i in 0..<20_000 { stray += Array("\(i),\(i % 97 == 0 ? "5\" inch" : "n\(i)"),g\(i % 3)\n".utf8) }
        try Self.expectSameAsOnePass(try CSVFile(path: "s.csv", data: stray))
        var carriage = Array("x,note,g\n".utf8)
        for i in 0..<20_000 { carriage += Array("\(i),n\(i),g\(i % 3)\(i % 5 == 0 ? "\r" : "\n")".utf8) }
        let f = try CSVFile(path: "r.csv", data: carriage)
        try Self.expectSameAsOnePass(f)
        let lines = try DataTable.load(f, numeric: ["x"], categorical: [], automatic: [], chunks: 4, parallelAbove: 1 << 10).lines
        #expect(lines == Array(2...20_001))
    }

    /// An unclosed quote near the end is reported where it opens, as by one pass.
    @Test func anUnclosedQuoteIsReportedAsByOnePass() throws {
        var bytes = Self.quotedFile(rows: 20_000, crlf: false, bom: false)
        bytes += Array("1,\"never closed\n2,b,c\n".utf8)
        let f = try CSVFile(path: "u.csv", data: bytes)
        do {
            _ = try DataTable.load(f, numeric: ["x"], categorical: [], automatic: [], chunks: 4, parallelAbove: 1 << 10)
            Issue.record("expected an error")
        } catch let e as InputError {
            var oneLine = 0
            do { try f.forEachRecord { _ in } } catch let one as InputError { oneLine = one.line }
            #expect(e.line == oneLine && e.column == 2 && e.file == "u.csv")
        }
    }
}
