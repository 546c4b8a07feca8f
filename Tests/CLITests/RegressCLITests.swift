import Foundation
import Testing

@Suite("tuopin regress")
struct RegressCLITests {
    /// Longley through the CLI, against NIST's certified values (an independent reference end to end).
    @Test func longleyJSONHasTheContractKeysAndCertifiedValues() throws {
        let dat = try String(contentsOf: try referenceFolder("nist").appendingPathComponent("Longley.dat"), encoding: .utf8)
        let lines = dat.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0.filter { $0 != "\r" })) }
        let rows = lines[60...75].map { $0.split(separator: " ").joined(separator: ",") }
        let folder = try temporaryFolder()
        let csv = folder.appendingPathComponent("longley.csv")
        try ("y,x1,x2,x3,x4,x5,x6\n" + rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let run = try runTuopin(["regress", csv.path, "--formula", "y ~ x1 + x2 + x3 + x4 + x5 + x6", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        for key in ["n", "df_residual", "rank", "r_squared", "residual_std_error", "coefficients"] { #expect(json[key] != nil, "missing key \(key)") }
        #expect(json["n"] as? Int == 16 && json["df_residual"] as? Int == 9 && json["rank"] as? Int == 7)
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        #expect(coefficients.first?["term"] as? String == "(Intercept)")
        for c in coefficients { for key in ["term", "estimate", "std_error", "t", "p"] { #expect(c[key] != nil, "coefficient key \(key)") } }
        // Certified (NIST StRD Longley): B0 and B6 estimates and standard deviations, residual SD, R².
        let b0 = try #require(coefficients[0]["estimate"] as? Double), se0 = try #require(coefficients[0]["std_error"] as? Double)
        let b6 = try #require(coefficients[6]["estimate"] as? Double)
        #expect(abs(b0 - -3482258.63459582) / 3482258.63459582 < 1e-9)
        #expect(abs(se0 - 890420.383607373) / 890420.383607373 < 1e-9)
        #expect(abs(b6 - 1829.15146461355) / 1829.15146461355 < 1e-9)
        #expect(abs((json["residual_std_error"] as? Double ?? 0) - 304.854073561965) / 304.854073561965 < 1e-9)
        #expect(abs((json["r_squared"] as? Double ?? 0) - 0.995479004577296) < 1e-12)
    }

    @Test func badInputNamesFileLineAndColumnWithExitOne() throws {
        let folder = try temporaryFolder()
        let bad = folder.appendingPathComponent("bad.csv")
        try "income,x\n1,2\n2,abc\n".write(to: bad, atomically: true, encoding: .utf8)
        let r1 = try runTuopin(["regress", bad.path, "--formula", "income ~ x"])
        #expect(r1.status == 1)
        #expect(r1.stderr.contains("\(bad.path):3:2: expected a number in column \"x\", found \"abc\""))
        let r2 = try runTuopin(["regress", bad.path, "--formula", "income ~ z"])
        #expect(r2.status == 1 && r2.stderr.contains("no column named \"z\""))
        let empty = folder.appendingPathComponent("empty.csv")
        try "".write(to: empty, atomically: true, encoding: .utf8)
        let r3 = try runTuopin(["regress", empty.path, "--formula", "income ~ x"])
        #expect(r3.status == 1 && r3.stderr.contains("empty"))
        let r4 = try runTuopin(["regress", folder.appendingPathComponent("missing.csv").path, "--formula", "income ~ x"])
        #expect(r4.status == 1)
    }

    @Test func singularDesignIsExitThreeNamingTheTerm() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("s.csv")
        try "y,a,b,c\n1,1,2,3\n2,2,1,3\n4,3,5,8\n3,4,4,8\n6,5,2,7\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try runTuopin(["regress", file.path, "--formula", "y ~ a + b + c"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("c is a linear combination"))
        // No table of NaN estimates instead: nothing on standard output, in text or JSON.
        #expect(run.stdout.isEmpty)
        let json = try runTuopin(["regress", file.path, "--formula", "y ~ a + b + c", "--format", "json"])
        #expect(json.status == 3 && json.stdout.isEmpty && json.stderr.contains("c is a linear combination"))
        let dropped = try runTuopin(["regress", file.path, "--formula", "y ~ a + b + c", "--drop-collinear", "--format", "json"])
        #expect(dropped.status == 0)
        #expect(dropped.json?["dropped_terms"] as? [String] == ["c"])
    }

    @Test func usageErrorsExitTwoAndOutputIsWrittenWhole() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("d.csv")
        try "y,x\n1,1\n2,2\n2,3\n4,4\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try runTuopin(["regress", file.path, "--formula", "y ~ x +"]).status == 2)
        #expect(try runTuopin(["regress", file.path, "--formula", "y ~ x", "--cov", "hc9"]).status == 2)
        #expect(try runTuopin(["regress", file.path]).status == 2)
        let out = folder.appendingPathComponent("result.json")
        let run = try runTuopin(["regress", file.path, "--formula", "y ~ x", "--format", "json", "--output", out.path])
        #expect(run.status == 0 && run.stdout.isEmpty)
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        #expect(written?["n"] as? Int == 4)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func chineseLabelsAlign() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("z.csv")
        try "收入,种植\n1,1\n2,2\n2,3\n4,4\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try runTuopin(["regress", file.path, "--formula", "收入 ~ 种植", "--lang", "zh"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("估计值"))
        // Every table line up to the rule has the same display width as the rule.
        let lines = run.stdout.components(separatedBy: "\n")
        let ruleIndex = try #require(lines.firstIndex { $0.hasPrefix("─") })
        let headerLine = lines[ruleIndex - 1]
        let wide = headerLine.unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF }.count
        #expect(headerLine.count + wide <= lines[ruleIndex].count)
    }
}
