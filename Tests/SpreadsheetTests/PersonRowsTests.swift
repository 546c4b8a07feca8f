import Foundation
import Testing
import Tabular
@testable import Planning

/// Person-level sheets (one row per member) aggregated to households, against sums done by hand.
@Suite("Person rows of the national system's export")
struct PersonRowsTests {
    static func sheet(_ rows: [[String]]) -> String {
        var xml = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>建档立卡贫困人口信息</t></is></c></row>"
        for (r, row) in rows.enumerated() {
            xml += "<row r=\"\(r + 2)\">"
            for (c, value) in row.enumerated() where !value.isEmpty {
                let ref = "\(Character(UnicodeScalar(UInt8(65 + c))))\(r + 2)"
                xml += Double(value) != nil && r > 0 ? "<c r=\"\(ref)\"><v>\(value)</v></c>" : "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
            }
            xml += "</row>"
        }
        return xml + "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:L1\"/></mergeCells>"
    }

    static let header = ["户编号", "所在村", "证件号码", "与户主关系", "劳动技能", "务工状况", "致贫原因", "工资性收入", "生产经营性收入", "生产经营性支出", "财产性收入", "转移性收入"]

    @Test("members become households: size, labour, migrant workers and income by the documented rules")
    func membersAggregate() throws {
        let rows = [Self.header,
                    ["H1", "V1", "140001", "户主", "普通劳动力", "省外务工", "因病", "20000", "8000", "3000", "500", "1200"],
                    ["H1", "V1", "140002", "配偶", "技能劳动力", "未务工", "因病", "20000", "8000", "3000", "500", "1200"],
                    ["H2", "V2", "140003", "户主", "无劳动力", "", "缺劳力", "0", "2000", "500", "0", "3600"],
                    ["H1", "V1", "140004", "之子", "丧失劳动力", "", "因病", "20000", "8000", "3000", "500", "1200"]]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("persons-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: folder) }
        try workbookBytes(sheets: [("农户", Self.sheet(rows))]).write(to: folder)
        let tables = try WorkbookImport.tables(workbooks: [folder.path])
        let households = try #require(tables.first { $0.file == "households.csv" })
        let lines = households.csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        func value(_ line: Int, _ column: String) throws -> String { lines[line][try #require(header.firstIndex(of: column))] }
        #expect(lines.count == 3)
        // H1: three members, two able to work, one working away; income 20,000 + 8,000 − 3,000 + 500 + 1,200.
        #expect(try value(1, "id") == "H1" && value(1, "size") == "3" && value(1, "labour") == "2" && value(1, "migrant_workers") == "1")
        #expect(try value(1, "income") == "26700" && value(1, "migrant") == "20000" && value(1, "asset_dividend") == "500" && value(1, "transfers") == "1200")
        #expect(try value(1, "cause") == "因病" && value(1, "village") == "V1")
        // H2: one member unable to work; income 0 + 2,000 − 500 + 0 + 3,600.
        #expect(try value(2, "size") == "1" && value(2, "labour") == "0" && value(2, "migrant_workers") == "0" && value(2, "income") == "5100")
        // Each household's line points at its first member's row (title row 1, header row 2).
        #expect(households.sheetRows == [3, 5])
    }

    @Test("a member row that disagrees with its household's first row is an error at its cell")
    func disagreeingMembersAreLocated() throws {
        let rows = [Self.header,
                    ["H1", "V1", "140001", "户主", "普通劳动力", "", "因病", "0", "0", "0", "0", "0"],
                    ["H1", "V1", "140002", "配偶", "普通劳动力", "", "因学", "0", "0", "0", "0", "0"]]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("persons-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        try workbookBytes(sheets: [("农户", Self.sheet(rows))]).write(to: file)
        let error = try #require(throws: InputErrors.self) { try WorkbookImport.tables(workbooks: [file.path]) }
        #expect(error.description.contains(":农户!G4: ") && error.description.contains("因学"), "\(error)")
    }
}
