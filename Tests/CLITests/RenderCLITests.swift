import Foundation
import Testing

@Suite("tuopin render")
struct RenderCLITests {
    @Test func demoJSONHasTheCompareContract() throws {
        let run = try runTuopin(["render", "--demo", "--format", "json", "--lang", "en"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["scenarios"] as? [String] == ["baseline", "optimised", "migrant_shock"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        let poor = try #require(rows.first { $0["key"] as? String == "poor_persons" })
        #expect(poor["label"] as? String == "Poor persons remaining")
        #expect(poor["values"] as? [Int] == [3_719, 2_682, 5_239])
    }

    @Test func savedModelRendersToTheSameHTMLWrittenAtomically() throws {
        let folder = try temporaryFolder()
        let model = folder.appendingPathComponent("comparison.json")
        let write = try runTuopin(["render", "--demo", "--write-model", "--output", model.path])
        #expect(write.status == 0 && write.stdout.isEmpty, "\(write.stderr)")
        let page = folder.appendingPathComponent("比较.html")
        let render = try runTuopin(["render", model.path, "--format", "html", "--lang", "zh", "--by", "township", "--output", page.path])
        #expect(render.status == 0, "\(render.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        let direct = try runTuopin(["render", "--demo", "--format", "html", "--lang", "zh", "--by", "township"])
        #expect(html == direct.stdout)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("代县 2020 年脱贫方案比较"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func excelCSVStartsWithAByteOrderMark() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("c.csv")
        let run = try runTuopin(["render", "--demo", "--format", "csv", "--excel", "--lang", "zh", "--output", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let bytes = try [UInt8](Data(contentsOf: out))
        #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("键,分组,指标,单位,平均分配,"))
    }

    @Test func workbookIsWrittenAsAZipArchive() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("比较.xlsx")
        let run = try runTuopin(["render", "--demo", "--format", "xlsx", "--lang", "zh", "--output", out.path])
        #expect(run.status == 0 && run.stdout.isEmpty, "\(run.stderr)")
        let bytes = try [UInt8](Data(contentsOf: out))
        #expect(bytes.prefix(4) == [0x50, 0x4B, 0x03, 0x04] && bytes.count > 2_000)
        #expect(try runTuopin(["regress", out.path, "--formula", "y ~ x", "--format", "xlsx"]).status == 2)
    }

    @Test func badModelsExitOneAndUsageErrorsTwo() throws {
        let folder = try temporaryFolder()
        let bad = folder.appendingPathComponent("bad.json")
        try "{\"scenarios\": []}".write(to: bad, atomically: true, encoding: .utf8)
        let r1 = try runTuopin(["render", bad.path])
        #expect(r1.status == 1)
        #expect(r1.stderr.contains("\(bad.path): (top level): missing key"))
        let r2 = try runTuopin(["render", folder.appendingPathComponent("missing.json").path])
        #expect(r2.status == 1 && r2.stderr.contains("cannot read the file"))
        #expect(try runTuopin(["render"]).status == 2)
        #expect(try runTuopin(["render", "--demo", "--format", "json", "--excel"]).status == 2)
        #expect(try runTuopin(["render", "--demo", "--by", "village"]).status == 2)
    }
}
