import Foundation
import Testing

/// Registry workbooks: the sample workbook (written by scripts/make-sample-workbook from the Dai
/// CSV folder) against the CSV folder itself, errors named by cell, and office column names in CSV.
@Suite("Workbooks and office column names (CLI)")
struct WorkbookCLITests {
    static let daixian = repositoryRoot.appendingPathComponent("notebooks-data/daixian")
    static let sample = repositoryRoot.appendingPathComponent("notebooks-data/daixian-workbook/代县建档立卡.xlsx")

    @Test("the committed sample is the script's output; imported, and read in place, it gives the CSV folder's describe and plan")
    func sampleWorkbookEqualsTheCSVFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let again = folder.appendingPathComponent("again.xlsx")
        #expect(try runPython([repositoryRoot.appendingPathComponent("scripts/make-sample-workbook").path, Self.daixian.path, again.path]).status == 0)
        #expect(try Data(contentsOf: again) == Data(contentsOf: Self.sample), "run scripts/make-sample-workbook after changing the sample")

        let imported = folder.appendingPathComponent("imported")
        let run = try runTuopin(["import", Self.sample.path, "--to", imported.path, "--county-toml", Self.daixian.appendingPathComponent("county.toml").path])
        try #require(run.status == 0, "\(run.stderr)")
        let csvDescribe = try runTuopin(["describe", Self.daixian.path, "--format", "json"])
        let importedDescribe = try runTuopin(["describe", imported.path, "--format", "json"])
        #expect(importedDescribe.status == 0 && importedDescribe.stdout == csvDescribe.stdout)

        // The workbook itself in a county folder, beside county.toml and the scenarios.
        let inPlace = folder.appendingPathComponent("in-place")
        try FileManager.default.createDirectory(at: inPlace, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.sample, to: inPlace.appendingPathComponent("registry.xlsx"))
        try FileManager.default.copyItem(at: Self.daixian.appendingPathComponent("county.toml"), to: inPlace.appendingPathComponent("county.toml"))
        try FileManager.default.copyItem(at: Self.daixian.appendingPathComponent("scenarios"), to: inPlace.appendingPathComponent("scenarios"))
        let csvPlan = try runTuopin(["plan", Self.daixian.path, "--draws", "16", "--format", "json"])
        let workbookPlan = try runTuopin(["plan", inPlace.path, "--draws", "16", "--format", "json"])
        try #require(workbookPlan.status == 0, "\(workbookPlan.stderr)")
        #expect(workbookPlan.stdout == csvPlan.stdout)
    }

    @Test("a bad cell is named workbook.xlsx:Sheet!C12, and nothing is written")
    func badCellIsNamedAndNothingWritten() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A copy of the CSV folder whose 4th household has size "abc" (CSV line 5, field 3).
        let source = folder.appendingPathComponent("source")
        try FileManager.default.copyItem(at: Self.daixian, to: source)
        let households = source.appendingPathComponent("households.csv")
        var lines = try String(contentsOf: households, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[4].components(separatedBy: ",")
        fields[2] = "abc"
        lines[4] = fields.joined(separator: ",")
        try Data(lines.joined(separator: "\n").utf8).write(to: households)
        let workbook = folder.appendingPathComponent("bad.xlsx")
        #expect(try runPython([repositoryRoot.appendingPathComponent("scripts/make-sample-workbook").path, source.path, workbook.path]).status == 0)
        let target = folder.appendingPathComponent("out")
        let run = try runTuopin(["import", workbook.path, "--to", target.path, "--county-toml", Self.daixian.appendingPathComponent("county.toml").path])
        #expect(run.status == 1)
        // Sheet rows: title (1), header (2), households from 3; columns: 序号 (A), id (B), village (C), size (D).
        #expect(run.stderr.contains("bad.xlsx:农户!D6: "), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("import-") }
        #expect(leftovers.isEmpty)
    }

    @Test("office column names in a CSV file read as tuopin's; an unknown one gets the closest name")
    func officeNamesInCSV() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let county = folder.appendingPathComponent("county")
        try FileManager.default.copyItem(at: Self.daixian, to: county)
        let path = county.appendingPathComponent("households.csv")
        var text = try String(contentsOf: path, encoding: .utf8)
        let office = "户编号,所在村,家庭人口数,劳动力人数,外出务工人数,户分类,致贫原因,低保五保,识别年度,脱贫年度,家庭纯收入（元）,种植业收入,务工收入,养殖业收入,林果业收入,光伏收益,公益岗位工资,资产收益,转移性收入,义务教育保障,基本医疗保障,住房安全保障,饮水安全,compliant_spending,risk,monitored_year"
        guard let end = text.firstIndex(of: "\n") else { throw CLITestError("no header") }
        text.replaceSubrange(text.startIndex..<end, with: office)
        try Data(text.utf8).write(to: path)
        let original = try runTuopin(["describe", Self.daixian.path, "--format", "json"])
        let renamed = try runTuopin(["describe", county.path, "--format", "json"])
        #expect(renamed.status == 0 && renamed.stdout == original.stdout, "\(renamed.stderr)")

        // 家庭人口树 is one character from both 家庭人口数 and 家庭人口 (aliases of `size`): either is the hint.
        text = text.replacingOccurrences(of: "家庭人口数,", with: "家庭人口树,")
        try Data(text.utf8).write(to: path)
        let typo = try runTuopin(["validate", county.path])
        #expect(typo.status == 1 && typo.stderr.contains("households.csv:1:3") && typo.stderr.contains("did you mean \"家庭人口"), "\(typo.stderr)")
    }
}
