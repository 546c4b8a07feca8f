import Foundation
import Reports
import Testing

/// Person-level exports keep their members in persons.csv: poverty by sex and age group from
/// `tuopin import` + `tuopin poverty --by`, against counts made here from the members themselves.
@Suite("Person attributes for breakdowns (CLI)")
struct PersonBreakdownCLITests {
    struct Member {
        var household: String, village: String, idNumber: String, relation: String, sex: String, age: String
        var skill: String, work: String
        /// The household's income modules (the same on each member's row): wage, business, business cost, property, transfers.
        var modules: [Double]
    }

    static let members: [Member] = [
        Member(household: "H1", village: "V1", idNumber: "140001197901010011", relation: "户主", sex: "男", age: "45", skill: "普通劳动力", work: "省外务工", modules: [20000, 8000, 3000, 500, 1200]),
        Member(household: "H1", village: "V1", idNumber: "140001198101010022", relation: "配偶", sex: "女", age: "43", skill: "技能劳动力", work: "未务工", modules: [20000, 8000, 3000, 500, 1200]),
        Member(household: "H1", village: "V1", idNumber: "140001201201010033", relation: "之子", sex: "男", age: "12", skill: "无劳动力", work: "", modules: [20000, 8000, 3000, 500, 1200]),
        Member(household: "H2", village: "V2", idNumber: "140001195401010044", relation: "户主", sex: "女", age: "70", skill: "丧失劳动力", work: "", modules: [0, 2000, 500, 0, 3600]),
        Member(household: "H3", village: "V2", idNumber: "140001196401010055", relation: "户主", sex: "男", age: "60", skill: "弱劳动力", work: "未务工", modules: [0, 4000, 1000, 0, 2000]),
        Member(household: "H3", village: "V2", idNumber: "140001200901010066", relation: "之女", sex: "女", age: "15", skill: "无劳动力", work: "", modules: [0, 4000, 1000, 0, 2000]),
        Member(household: "H4", village: "V1", idNumber: "140001196501010077", relation: "户主", sex: "男", age: "59", skill: "普通劳动力", work: "本地务工", modules: [12000, 1000, 0, 0, 0]),
        Member(household: "H4", village: "V1", idNumber: "140001200801010088", relation: "之子", sex: "男", age: "16", skill: "普通劳动力", work: "未务工", modules: [12000, 1000, 0, 0, 0]),
    ]

    static func workbook(_ members: [Member]) throws -> Data {
        let header = ["户编号", "所在村", "证件号码", "与户主关系", "性别", "年龄", "劳动技能", "务工状况",
                      "工资性收入", "生产经营性收入", "生产经营性支出", "财产性收入", "转移性收入"]
        let rows: [[TableWorkbookCell]] = members.map { m in
            [.text(m.household), .text(m.village), .text(m.idNumber), .text(m.relation), .text(m.sex),
             Double(m.age).map { .number($0, decimals: 0) } ?? .text(m.age), .text(m.skill), .text(m.work)]
                + m.modules.map { .number($0, decimals: 0) }
        }
        return try TableWorkbook.data([TableSheet(name: "农户", header: header, rows: rows)])
    }

    /// Per-person income by the documented rule: (wage + business − business cost + property + transfers) ÷ members.
    static func incomePerPerson(_ m: Member) -> Double {
        let size = members.filter { $0.household == m.household }.count
        return (m.modules[0] + m.modules[1] - m.modules[2] + m.modules[3] + m.modules[4]) / Double(size)
    }

    static func ageGroup(_ m: Member) -> String {
        guard let age = Int(m.age) else { return "unknown" }
        return age <= 15 ? "0-15" : age <= 59 ? "16-59" : "60+"
    }

    @Test("poor persons by sex and by age group equal the members counted directly; no identity numbers are copied")
    func breakdownsByPersonAttributes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("persons.xlsx")
        try Self.workbook(Self.members).write(to: book)
        let county = folder.appendingPathComponent("county")
        let imported = try runTuopin(["import", book.path, "--to", county.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let persons = county.appendingPathComponent("persons.csv")
        let text = try String(contentsOf: persons, encoding: .utf8)
        #expect(!Self.members.contains { text.contains($0.idNumber) })
        #expect(text.split(separator: "\n").count == Self.members.count + 1)

        let line = 6000.0
        let keys: [(column: String, key: (Member) -> String)] = [("sex", { $0.sex }), ("age_group", { Self.ageGroup($0) })]
        for (column, key) in keys {
            let run = try runTuopin(["poverty", persons.path, "--income", "income_per_person", "--line", "6000", "--by", column, "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let groups = try #require(run.json?["by"] as? [[String: Any]])
            var expected: [String: (persons: Double, poor: Double)] = [:]
            for m in Self.members {
                let poor = Self.incomePerPerson(m) < line ? 1.0 : 0.0
                expected[key(m), default: (0, 0)].persons += 1
                expected[key(m), default: (0, 0)].poor += poor
            }
            #expect(groups.count == expected.count)
            for g in groups {
                let name = try #require(g["group"] as? String)
                let want = try #require(expected[name], "unexpected group \(name)")
                #expect(g["persons"] as? Double == want.persons, "\(column) \(name)")
                #expect(g["poor_persons"] as? Double == want.poor, "\(column) \(name)")
            }
        }
    }

    @Test("an age that is not whole years is an error at its cell, and nothing is written")
    func badAgeIsLocated() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var members = Self.members
        members[4].age = "六十"
        let book = folder.appendingPathComponent("persons.xlsx")
        try Self.workbook(members).write(to: book)
        let county = folder.appendingPathComponent("county")
        let run = try runTuopin(["import", book.path, "--to", county.path])
        // Header in row 1, members from row 2: the fifth member is row 6; 年龄 is column F.
        #expect(run.status == 1)
        #expect(run.stderr.contains("persons.xlsx:农户!F6: ") && run.stderr.contains("六十"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: county.path))
    }
}
