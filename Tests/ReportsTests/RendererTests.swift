import Foundation
import Testing

@testable import Reports

/// Golden files of the fixed demo comparison in every text format. The goldens were reviewed by hand;
/// after an intended change regenerate them with
/// `TUOPIN_UPDATE_GOLDEN=1 swift test --skip-build --filter ReportsTests` and review `git diff`.
@Suite("Renderers")
struct RendererTests {
    let demo = Comparison.daiCountyDemo()

    @Test func textGoldens() throws {
        try expectGolden(demo.rendered(as: .text, language: .zh), "comparison-zh.txt")
        try expectGolden(demo.rendered(as: .text, language: .en, by: .tier), "comparison-en-by-tier.txt")
    }

    @Test func markdownGoldens() throws {
        try expectGolden(demo.rendered(as: .markdown, language: .zh), "comparison-zh.md")
        try expectGolden(demo.rendered(as: .markdown, language: .en), "comparison-en.md")
    }

    @Test func csvGoldens() throws {
        try expectGolden(demo.rendered(as: .csv, language: .en, by: .township), "comparison-en-by-township.csv")
        try expectGolden(demo.rendered(as: .csv, language: .zh), "comparison-zh.csv")
    }

    @Test func jsonGoldens() throws {
        try expectGolden(demo.rendered(as: .json, language: .zh), "comparison-zh.json")
        try expectGolden(demo.rendered(as: .json, language: .en, by: .tier), "comparison-en-by-tier.json")
    }

    @Test func jsonHasTheContractKeys() throws {
        let text = try demo.rendered(as: .json, language: .en)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["scenarios"] as? [String] == ["baseline", "optimised", "migrant_shock"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == demo.table.rows.count)
        for row in rows {
            #expect(row["key"] is String && row["label"] is String)
            #expect((row["values"] as? [Any])?.count == 3)
        }
        let poor = try #require(rows.first { $0["key"] as? String == "poor_persons" })
        #expect(poor["values"] as? [Double] == [3_719, 2_682, 5_239])
        #expect(poor["differences"] as? [Double] == [0, -1_037, 1_520])
        #expect((poor["intervals"] as? [[Double]])?.first == [3_389, 4_049])
        let incidence = try #require(rows.first { $0["key"] as? String == "incidence" })
        #expect(incidence["unit"] as? String == "fraction")
        // 3,719 ÷ 172,000 agricultural residents.
        #expect(abs(((incidence["values"] as? [Double])?.first ?? 0) - 3_719.0 / 172_000) < 1e-15)
    }

    @Test func excelCSVHasAByteOrderMarkCRLFAndPlainNumbers() throws {
        let text = try demo.rendered(as: .excelCSV, language: .zh)
        let bytes = Array(text.utf8)
        #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
        #expect(text.contains("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = text.dropFirst().components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("键,分组,指标,单位,平均分配,平均分配 5%,平均分配 95%,优化分配,"))
        #expect(lines[1] == "poor_persons,贫困人口与退出,年末剩余贫困人口,persons,3719,3389,4049,2682,2444,2920,-1037,5239,4774,5704,1520")
        #expect(try text.dropFirst() == demo.rendered(as: .csv, language: .zh).replacingOccurrences(of: "\n", with: "\r\n"))
    }

    /// Every line of a text table with Chinese has the same display width, and the gaps between
    /// columns (where the rule under the header has spaces) are blank in every row.
    @Test(arguments: [Language.zh, Language.en])
    func textTablesAlignWithWideCharacters(language: Language) throws {
        let lines = try demo.rendered(as: .text, language: language, by: .township).components(separatedBy: "\n")
        var checked = 0
        for (i, line) in lines.enumerated() where line.hasPrefix("─") {
            let rule = displayColumns(line)
            let gaps = rule.indices.filter { rule[$0] == " " }
            #expect(!gaps.isEmpty)
            let header = displayColumns(lines[i - 1])
            #expect(header.count == rule.count, "header: \(lines[i - 1])")
            var j = i + 1
            while j < lines.count, !lines[j].isEmpty {
                let columns = displayColumns(lines[j])
                if lines[j].hasPrefix("  ") {   // an indicator row (section headings are shorter)
                    #expect(columns.count == rule.count, "row width \(columns.count) ≠ \(rule.count): \(lines[j])")
                    for gap in gaps where gap < columns.count { #expect(columns[gap] == " ", "column gap \(gap) not blank: \(lines[j])") }
                    checked += 1
                }
                j += 1
            }
        }
        #expect(checked == demo.table.rows.count + (demo.byTownship?.rows.count ?? 0))
        if language == .zh { #expect(lines.contains { $0.contains("年末剩余贫困人口") && $0.contains("3719人（3389～4049）") }) }
    }

    @Test func displayWidthCountsWideCharactersTwice() {
        #expect(displayWidth("代县") == 4)
        #expect(displayWidth("Dai 县") == 6)
        #expect(displayWidth("（）～") == 6)
        #expect(displayWidth("e\u{301}") == 1)
    }
}
