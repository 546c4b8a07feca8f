import Foundation
import Testing
import Tabular

/// The header and records of CSV text, read by the project's own CSV reader (quoted fields).
func csvRecords(_ text: String) throws -> [[String]] {
    let file = try CSVFile(path: "output.csv", data: Array(text.utf8))
    var rows = [file.header]
    try file.forEachRecord { record in rows.append((0..<record.count).map { record.string($0) }) }
    return rows
}

/// What openpyxl (PyPI) needs; the reason is given when it is missing.
enum Openpyxl {
    static let missing: String? = {
        let probe = try? runPython(["-c", "import openpyxl"])
        return probe?.status == 0 ? nil : "Python's openpyxl is not installed (scripts/test installs it with pip when it can)"
    }()

    /// Every worksheet of `workbook` as openpyxl reads it (values only), loaded with warnings as errors.
    static func sheets(_ workbook: String) throws -> [[[Any]]] {
        let script = """
            import json, sys, warnings
            warnings.simplefilter("error")
            import openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            print(json.dumps([[list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets], default=str))
            """
        let read = try runPython(["-c", script, workbook])
        try #require(read.status == 0, "\(read.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[[Any]]])
    }

    /// Expects each non-empty CSV field of `records` to equal the cell openpyxl read at its place in
    /// `rows` (numbers to 1e-12 relative, text exactly); returns the number of fields compared.
    static func compare(_ rows: [[Any]], _ records: [[String]]) -> Int {
        var compared = 0
        for (r, record) in records.enumerated() where r < rows.count {
            for (c, text) in record.enumerated() where !text.isEmpty {
                let value: Any = c < rows[r].count ? rows[r][c] : NSNull()
                if let number = Double(text) {
                    let read = (value as? NSNumber)?.doubleValue ?? .nan
                    #expect(abs(read - number) <= 1e-12 * max(1, abs(number)), "row \(r + 1) column \(c + 1): \(value) for \(text)")
                } else {
                    #expect((value as? String) == text, "row \(r + 1) column \(c + 1)")
                }
                compared += 1
            }
        }
        return compared
    }
}

/// `compare --format xlsx` opened by another program's reader: openpyxl loads it with warnings as
/// errors, and every cell it reads equals the same run's CSV field.
@Suite("Workbooks opened by openpyxl", .enabled(if: Openpyxl.missing == nil, "\(Openpyxl.missing ?? "")"))
struct OpenpyxlCLITests {
    @Test("the comparison workbook loads without a warning and holds the CSV's values")
    func comparisonWorkbookOpens() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let daixian = repositoryRoot.appendingPathComponent("notebooks-data/daixian").path
        let workbook = folder.appendingPathComponent("compare.xlsx").path
        let command = ["compare", daixian, "--draws", "12", "--seed", "3", "--lang", "en"]
        #expect(try runTuopin(command + ["--format", "xlsx", "--output", workbook]).status == 0)
        let csv = try runTuopin(command + ["--format", "csv"])
        try #require(csv.status == 0)
        let rows = try #require(try Openpyxl.sheets(workbook).first)
        let records = try csvRecords(csv.stdout)
        #expect(rows.count == records.count)
        let compared = Openpyxl.compare(rows, records)
        #expect(compared > 100)
    }

    @Test("describe --format xlsx: one sheet per CSV block, loaded without a warning, every cell equal to the CSV's")
    func describeWorkbookOpens() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let daixian = repositoryRoot.appendingPathComponent("notebooks-data/daixian").path
        let workbook = folder.appendingPathComponent("describe.xlsx").path
        #expect(try runTuopin(["describe", daixian, "--lang", "en", "--format", "xlsx", "--output", workbook]).status == 0)
        let csv = try runTuopin(["describe", daixian, "--lang", "en", "--format", "csv"])
        try #require(csv.status == 0)
        let sheets = try Openpyxl.sheets(workbook)
        // The CSV's blocks: "# key: title", then the header and the rows.
        let blocks = try csv.stdout.components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n") }
            .filter { !$0.isEmpty }.map(csvRecords)
        #expect(sheets.count == blocks.count)
        var compared = 0
        for (sheet, block) in zip(sheets, blocks) {
            #expect(sheet.count == block.count)
            compared += Openpyxl.compare(sheet, block)
        }
        #expect(compared > 200)
    }

    @Test("plan --through --format xlsx: the comparison sheet, then the by-year, exit-year and relocation-and-monitoring sheets equal to the CSV's blocks")
    func projectionWorkbookOpens() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let county = folder.appendingPathComponent("county")
        #expect(try runTuopin(["generate", county.path, "--households", "400", "--like", "daixian", "--seed", "2"]).status == 0)
        let toml = try String(contentsOf: county.appendingPathComponent("county.toml"), encoding: .utf8)
        let yearLine = try #require(toml.split(separator: "\n").first { $0.hasPrefix("year = ") })
        let year = try #require(Int(yearLine.dropFirst(7)))
        let workbook = folder.appendingPathComponent("plan.xlsx").path
        let command = ["plan", county.path, "--draws", "12", "--lang", "en", "--through", String(year + 2)]
        let written = try runTuopin(command + ["--format", "xlsx", "--output", workbook])
        #expect(written.status == 0, "\(written.stderr)")
        let csv = try runTuopin(command + ["--format", "csv"])
        try #require(csv.status == 0)
        let sheets = try Openpyxl.sheets(workbook)
        // The generated county relocates and has a [monitoring] table: a third projection sheet.
        #expect(sheets.count == 4)
        let start = try #require(csv.stdout.range(of: "# by_year:"))
        let blocks = try String(csv.stdout[start.lowerBound...]).components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n") }
            .filter { !$0.isEmpty }.map(csvRecords)
        #expect(blocks.count == 3)
        var compared = 0
        for (sheet, block) in zip(sheets.dropFirst(), blocks) {
            #expect(sheet.count == block.count)
            compared += Openpyxl.compare(sheet, block)
        }
        #expect(compared > 40)
        // The comparison sheet is the one plan writes without --through.
        let plain = folder.appendingPathComponent("plain.xlsx").path
        #expect(try runTuopin(Array(command.dropLast(2)) + ["--format", "xlsx", "--output", plain]).status == 0)
        let first = try #require(try Openpyxl.sheets(plain).first)
        #expect(String(describing: first) == String(describing: sheets[0]))
    }
}
