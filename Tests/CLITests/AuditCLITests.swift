import Foundation
import Testing

/// `tuopin audit` end to end: exit codes, the JSON keys, every format, and the Dai counts of the
/// labour (H01), illness (H02), wage-income (H08) and schooling (H09) rules recomputed by awk on the raw file.
@Suite("tuopin audit")
struct AuditCLITests {
    static var daixian: URL { PlanningCLITests.daixian }

    /// A two-household county with nothing for the audit to find (and, with `plant`, one H01 row on line 3).
    static func tinyCounty(plant: Bool) throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("county.toml", "name = \"小县\"\nregion = \"west\"\nyear = 2018\npoverty_line = 3535\nagricultural_population = 1000\n")
        try write("townships.csv", "name,tier\n甲乡,1\n")
        try write("villages.csv", "id,township,name,poor,agricultural_population,natural_villages,road,water,electricity,broadband,clinic,school,collective_income,planned_exit_year,exit_year\nV1,甲乡,一村,1,1000,1,1,1,1,1,1,1,0,2018,2018\n")
        let header = "id,village,size,labour,migrant_workers,category,cause,welfare,registered_year,exit_year,income,planting,migrant,breeding,forestry,pv_dividend,ecological_post,asset_dividend,transfers,education,medical,housing,water\n"
        try write("households.csv", header
            + "H1,V1,2,1,0,standard,illness,none,2015,2017,9000,1000,0,0,0,0,0,0,0,1,1,1,1\n"
            + "H2,V1,2,0,0,standard,other,\(plant ? "none" : "dibao"),2015,,3000,0,0,0,0,0,0,0,0,1,1,1,1\n")
        return folder
    }

    @Test func cleanCountyExitsZeroInEveryFormat() throws {
        let folder = try Self.tinyCounty(plant: false)
        for format in ["text", "markdown", "csv", "json", "html"] {
            let run = try runTuopin(["audit", folder.path, "--format", format])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            #expect(!run.stdout.isEmpty)
        }
        let json = try #require(try runTuopin(["audit", folder.path, "--format", "json"]).json)
        #expect(json["findings"] as? Int == 0 && (json["items"] as? [Any])?.isEmpty == true)
        #expect((json["by_rule"] as? [Any])?.count == 11)
    }

    @Test func findingsExitOneAfterTheReport() throws {
        let folder = try Self.tinyCounty(plant: true)
        let run = try runTuopin(["audit", folder.path, "--format", "json", "--lang", "zh"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("1 audit finding"))
        let json = try #require(run.json)
        for key in ["county", "year", "households_checked", "villages_checked", "findings", "by_rule", "by_village", "items"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["rule"] as? String == "H01" && items.first?["line"] as? Int == 3 && items.first?["household"] as? String == "H2")
        #expect((items.first?["file"] as? String)?.hasSuffix("households.csv") == true)
        let text = try runTuopin(["audit", folder.path, "--lang", "en"])
        #expect(text.status == 1 && text.stdout.contains("households.csv:3") && text.stdout.contains("H01"))
        let csv = try runTuopin(["audit", folder.path, "--format", "csv"])
        #expect(csv.stdout.contains("# by_rule") && csv.stdout.contains("# by_village") && csv.stdout.contains("# findings"))
        // A folder that fails validation is not audited: its errors, exit 1, no report.
        try "x".write(to: folder.appendingPathComponent("townships.csv"), atomically: true, encoding: .utf8)
        let invalid = try runTuopin(["audit", folder.path])
        #expect(invalid.status == 1 && invalid.stdout.isEmpty && invalid.stderr.contains("nothing was audited"))
        #expect(try runTuopin(["audit", folder.path, "--format", "pdf"]).status == 2)
    }

    @Test func daiCountsMatchAnAwkRecount() throws {
        let run = try runTuopin(["audit", Self.daixian.path, "--format", "json"])
        #expect(run.status == 1)
        let json = try #require(run.json)
        let byRule = try #require(json["by_rule"] as? [[String: Any]])
        func count(_ rule: String) -> Int? { byRule.first { $0["rule"] as? String == rule }?["findings"] as? Int }
        let awk = Process()
        awk.executableURL = URL(fileURLWithPath: "/usr/bin/awk")
        // Columns: 4 labour, 5 migrant workers, 7 cause, 8 welfare, 13 wage income, 20 education, 21 medical.
        awk.arguments = ["-F,", "NR > 1 && $4 == 0 && $8 == \"none\" { a++ } NR > 1 && $7 == \"illness\" && $21 == 0 { b++ } "
                         + "NR > 1 && (($5 > 0) != ($13 > 0)) { c++ } NR > 1 && $7 == \"schooling\" && $20 == 0 { d++ } END { print a + 0, b + 0, c + 0, d + 0 }",
                         Self.daixian.appendingPathComponent("households.csv").path]
        let out = Pipe()
        awk.standardOutput = out
        try awk.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        awk.waitUntilExit()
        let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        #expect(numbers.count == 4)
        #expect(numbers.count == 4 && count("H01") == numbers[0] && count("H02") == numbers[1] && count("H08") == numbers[2] && count("H09") == numbers[3])
        #expect(json["findings"] as? Int == (json["items"] as? [Any])?.count)
    }
}
