import Foundation
import Testing

/// Every endpoint of `tuopin serve`'s JSON API with good and bad input, against the CLI's output
/// for the same folder and seed and against the files on disk.
@Suite("tuopin serve: the JSON API", .serialized)
struct ServerAPITests {
    /// Counties and the profile: the county's names as county.toml has them, and the profile's
    /// JSON byte for byte that of `tuopin describe --format json`.
    @Test func countiesAndProfileAreThoseOfTheCLI() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let counties = try #require(try await server.request("GET", "api/counties").json as? [[String: Any]])
        #expect(counties.count == 1)
        let toml = try String(contentsOf: server.folder.appendingPathComponent("county.toml"), encoding: .utf8)
        #expect(toml.contains("name = \"\(counties[0]["name"] as? String ?? "?")\""))
        #expect(counties[0]["id"] as? String == "daixian")
        let profile = try await server.request("GET", "api/counties/daixian/profile")
        #expect(profile.status == 200)
        #expect(profile.headers["content-type"]?.hasPrefix("application/json") == true)
        let cli = try runProgram(try tuopinBinary(), ["describe", server.folder.path, "--format", "json"])
        #expect(cli.status == 0)
        #expect(profile.body == cli.stdout)
        let missing = try await server.request("GET", "api/counties/nowhere/profile")
        #expect(missing.status == 404)
        #expect((missing.object["error"] as? String)?.contains("nowhere") == true)
        let badLanguage = try await server.request("GET", "api/counties/daixian/profile?lang=fr")
        #expect(badLanguage.status == 400)
    }

    /// Scenario files: the list (baseline first), one file's text as on disk, names that would leave
    /// the folder refused, and a link pointing out of it refused.
    @Test func scenarioFilesAreReadOnlyInsideTheFolder() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let list = try #require(try await server.request("GET", "api/counties/daixian/scenarios").json as? [[String: Any]])
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: server.folder.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".toml") }
        #expect(list.count == onDisk.count)
        #expect(list.first?["file"] as? String == "baseline.toml")
        let one = try await server.request("GET", "api/counties/daixian/scenarios/migrant-stop.toml")
        #expect(one.status == 200)
        let text = try String(contentsOf: server.folder.appendingPathComponent("scenarios/migrant-stop.toml"), encoding: .utf8)
        #expect(one.object["toml"] as? String == text)
        for bad in ["..%2Fcounty.toml", "county.toml.txt", ".hidden.toml", "a%20b.toml"] {
            let reply = try await server.request("GET", "api/counties/daixian/scenarios/\(bad)")
            #expect(reply.status == 400, "\(bad): \(reply.status)")
        }
        let absent = try await server.request("GET", "api/counties/daixian/scenarios/absent.toml")
        #expect(absent.status == 404)
        // A link inside scenarios/ that leads out of the folder is not followed.
        let outside = server.folder.deletingLastPathComponent().appendingPathComponent("secret.toml")
        try "name = \"secret\"\n".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: server.folder.appendingPathComponent("scenarios/link.toml").path,
                                                   withDestinationPath: outside.path)
        let link = try await server.request("GET", "api/counties/daixian/scenarios/link.toml")
        #expect(link.status == 400)
        #expect(!link.text.contains("secret\\\""))
    }

    /// Saving: a valid file is written exactly as sent; a bad one is refused with the CLI's
    /// file:line:column message and nothing is written; no silent replacement; bounded bodies.
    @Test func savingValidatesAsTheCLIAndWritesAtomically() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let baseline = try String(contentsOf: server.folder.appendingPathComponent("scenarios/baseline.toml"), encoding: .utf8)
        let good = baseline.replacingOccurrences(of: "name = \"baseline\"", with: "name = \"api-copy\"")
        let target = server.folder.appendingPathComponent("scenarios/api-copy.toml")
        let created = try await server.request("PUT", "api/counties/daixian/scenarios/api-copy.toml", json: ["toml": good])
        #expect(created.status == 201)
        #expect(try String(contentsOf: target, encoding: .utf8) == good)
        // The CLI reads the saved file.
        let check = try runProgram(try tuopinBinary(), ["simulate", server.folder.path, "--scenario", target.path, "--draws", "2", "--format", "json"])
        #expect(check.status == 0, "\(check.stderr)")
        let again = try await server.request("PUT", "api/counties/daixian/scenarios/api-copy.toml", json: ["toml": good])
        #expect(again.status == 409)
        let replaced = try await server.request("PUT", "api/counties/daixian/scenarios/api-copy.toml", json: ["toml": good, "overwrite": true])
        #expect(replaced.status == 200)
        // A bad value: the message is the one the CLI gives for the same file.
        let bad = good.replacingOccurrences(of: "probability = 0.10", with: "probability = 1.5")
        let refused = try await server.request("PUT", "api/counties/daixian/scenarios/bad.toml", json: ["toml": bad])
        #expect(refused.status == 422)
        #expect(!FileManager.default.fileExists(atPath: server.folder.appendingPathComponent("scenarios/bad.toml").path))
        let loose = server.folder.deletingLastPathComponent().appendingPathComponent("bad.toml")
        try bad.write(to: loose, atomically: true, encoding: .utf8)
        let cli = try runProgram(try tuopinBinary(), ["simulate", server.folder.path, "--scenario", loose.path, "--draws", "2"])
        #expect(cli.status == 1)
        let message = try #require(refused.object["error"] as? String)
        let location = try #require(cli.stderr.range(of: #":[0-9]+:[0-9]+: "#, options: .regularExpression))
        #expect(message.hasSuffix(String(cli.stderr[location.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)),
                "server: \(message) CLI: \(cli.stderr)")
        // Two files may not share a scenario name.
        let twin = try await server.request("PUT", "api/counties/daixian/scenarios/twin.toml", json: ["toml": good])
        #expect(twin.status == 409)
        // Malformed and oversized bodies.
        let malformed = try await server.request("PUT", "api/counties/daixian/scenarios/x.toml", raw: Data("{not json".utf8))
        #expect(malformed.status == 400)
        let empty = try await server.request("PUT", "api/counties/daixian/scenarios/x.toml", json: ["overwrite": true])
        #expect(empty.status == 400)
        let huge = try await server.request("PUT", "api/counties/daixian/scenarios/x.toml", json: ["toml": String(repeating: "#", count: 400_000)])
        #expect(huge.status == 413)
        #expect(!FileManager.default.fileExists(atPath: server.folder.appendingPathComponent("scenarios/x.toml").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.folder.appendingPathComponent("scenarios").path)
            .filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    /// A scenario's multi-year keys (`[years.YYYY]`, a risk's `duration_years`) are fields of the
    /// form, so a scenario saved through the editor keeps them: the copy's form holds the same values.
    @Test func theFormKeepsTheYearsOfAProjection() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let scenarios = server.folder.appendingPathComponent("scenarios")
        let text = """
            name = "years"
            allocation = "even"
            [[risks]]
            name = "long illness"
            causes = ["illness"]
            probability = 0.1
            loss_yuan = 2000
            duration_years = 2
            [years.2020]
            funds = 120000000
            poverty_line = 4000
            [years.2020.growth]
            migrant = -0.05
            """
        try text.write(to: scenarios.appendingPathComponent("years.toml"), atomically: true, encoding: .utf8)
        func values(_ file: String) async throws -> [String: String] {
            let reply = try await server.request("GET", "api/counties/daixian/scenarios/\(file)")
            let form = try #require(reply.object["form"] as? [[String: Any]], "\(file): \(reply.text)")
            var values: [String: String] = [:]
            for field in form { values[field["path"] as? String ?? ""] = field["value"] as? String ?? "" }
            return values
        }
        var original = try await values("years.toml")
        #expect(original["risks[0].duration_years"] == "2")
        #expect(original["years[0].year"] == "2020" && original["years[0].funds"] == "120000000")
        #expect(original["years[0].poverty_line"] == "4000" && original["years[0].growth"] == "migrant = -0.05")
        original["name"] = "years-copy"
        let saved = try await server.request("PUT", "api/counties/daixian/scenarios/years-copy.toml", json: ["values": original])
        #expect(saved.status == 201, "\(saved.text)")
        #expect(try await values("years-copy.toml") == original)
        // A year that is not a year is refused at its field.
        var bad = original
        bad["years[0].year"] = "20x0"
        let refused = try await server.request("PUT", "api/counties/daixian/scenarios/years-bad.toml", json: ["values": bad])
        #expect(refused.status == 422)
        let fields = try #require(refused.object["fields"] as? [[String: Any]])
        #expect(fields.first?["path"] as? String == "years[0].year", "\(fields)")
    }

    /// The editor's form: every sample scenario sent back through its form (renamed) simulates
    /// exactly as the original file does with the CLI; a bad value is refused with the parser's
    /// message attached to its field, and a shock whose name is emptied is dropped.
    @Test func theFormWritesTheSameScenarioAndNamesTheFieldAtFault() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let scenarios = server.folder.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: scenarios.path).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files.count >= 6)
        func simulate(_ path: String) throws -> [String: Any] {
            let run = try runProgram(try tuopinBinary(), ["simulate", server.folder.path, "--scenario", path, "--draws", "3", "--seed", "9", "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            var json = (try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any]) ?? [:]
            json["scenario"] = nil
            return json
        }
        for file in files {
            let reply = try await server.request("GET", "api/counties/daixian/scenarios/\(file)")
            let form = try #require(reply.object["form"] as? [[String: Any]], "\(file) has no form")
            var values: [String: String] = [:]
            for field in form { values[field["path"] as? String ?? ""] = field["value"] as? String ?? "" }
            values["name"] = "form-" + (values["name"] ?? "")
            let copy = "form-\(file)"
            let saved = try await server.request("PUT", "api/counties/daixian/scenarios/\(copy)", json: ["values": values])
            #expect(saved.status == 201, "\(file): \(saved.text)")
            let original = try simulate(scenarios.appendingPathComponent(file).path)
            let rewritten = try simulate(scenarios.appendingPathComponent(copy).path)
            #expect(NSDictionary(dictionary: original).isEqual(to: rewritten), "\(file) simulates differently once written by the form")
        }
        let reply = try await server.request("GET", "api/counties/daixian/scenarios/baseline.toml")
        let form = try #require(reply.object["form"] as? [[String: Any]])
        var values: [String: String] = [:]
        for field in form { values[field["path"] as? String ?? ""] = field["value"] as? String ?? "" }
        values["name"] = "checked"
        var bad = values
        bad["shocks[0].probability"] = "1.5"
        let refused = try await server.request("PUT", "api/counties/daixian/scenarios/checked.toml", json: ["values": bad])
        #expect(refused.status == 422)
        let fields = try #require(refused.object["fields"] as? [[String: Any]])
        #expect(fields.first?["path"] as? String == "shocks[0].probability")
        #expect((fields.first?["message"] as? String)?.contains("shocks[0].probability: expected a probability") == true, "\(fields)")
        var syntax = values
        syntax["policy.transfer_increase_per_person"] = "lots"
        let garbled = try await server.request("PUT", "api/counties/daixian/scenarios/checked.toml", json: ["values": syntax])
        #expect((garbled.object["fields"] as? [[String: Any]])?.first?["path"] as? String == "policy.transfer_increase_per_person")
        #expect(!FileManager.default.fileExists(atPath: scenarios.appendingPathComponent("checked.toml").path))
        var dropped = values
        dropped["shocks[0].name"] = ""
        let fewer = try await server.request("PUT", "api/counties/daixian/scenarios/checked.toml", json: ["values": dropped])
        #expect(fewer.status == 201)
        let text = try String(contentsOf: scenarios.appendingPathComponent("checked.toml"), encoding: .utf8)
        let originalShocks = try String(contentsOf: scenarios.appendingPathComponent("baseline.toml"), encoding: .utf8)
            .components(separatedBy: "[[shocks]]").count - 1
        #expect(text.components(separatedBy: "[[shocks]]").count - 1 == originalShocks - 1)
    }

    /// Concurrent saves of one file: the file ends as one of the texts sent, whole, with no
    /// temporary file left behind.
    @Test func concurrentSavesLeaveOneWholeFile() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let baseline = try String(contentsOf: server.folder.appendingPathComponent("scenarios/baseline.toml"), encoding: .utf8)
        let texts = (0..<2).map { k in
            baseline.replacingOccurrences(of: "name = \"baseline\"", with: "name = \"racing\"")
                .replacingOccurrences(of: "probability = 0.10", with: "probability = 0.1\(k + 1)") + String(repeating: "# padding\n", count: 2_000 * (k + 1))
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for k in 0..<16 {
                group.addTask { try await server.request("PUT", "api/counties/daixian/scenarios/racing.toml", json: ["toml": texts[k % 2], "overwrite": true]).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 201 }, "\(statuses)")
        let final = try String(contentsOf: server.folder.appendingPathComponent("scenarios/racing.toml"), encoding: .utf8)
        #expect(texts.contains(final))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.folder.appendingPathComponent("scenarios").path)
            .filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    /// A run: refused while the county's run is going, then its result in every format, the JSON
    /// and CSV byte for byte those of `tuopin compare` with the same scenarios, draws and seed.
    @Test func runResultsAreTheCLIsBytes() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let files = ["baseline.toml", "optimised.toml"]
        for (body, status) in [(["draws": 0, "scenarios": files] as [String: Any], 400), (["scenarios": ["nope.toml"]], 400),
                               (["scenarios": [String]()], 400), (["draws": "many"], 400)] {
            let reply = try await server.request("POST", "api/counties/daixian/runs", json: body)
            #expect(reply.status == status, "\(body): \(reply.status) \(reply.text)")
        }
        let accepted = try await server.request("POST", "api/counties/daixian/runs", json: ["scenarios": files, "draws": 30, "seed": 5])
        #expect(accepted.status == 202)
        let run = try #require(accepted.object["run"] as? Int)
        let busy = try await server.request("POST", "api/counties/daixian/runs", json: ["scenarios": files, "draws": 30, "seed": 5])
        #expect(busy.status == 409)
        #expect((busy.object["error"] as? String)?.contains("already") == true)
        let early = try await server.request("GET", "api/runs/\(run)/result")
        let record = try await server.waitForRun(run)
        #expect(early.status == 409 || early.status == 200)
        #expect(record["status"] as? String == "finished")
        #expect(record["progress"] as? Double == 1)
        let paths = files.map { server.folder.appendingPathComponent("scenarios/\($0)").path }
        for format in ["json", "csv"] {
            let reply = try await server.request("GET", "api/runs/\(run)/result?format=\(format)")
            #expect(reply.status == 200)
            let cli = try runProgram(try tuopinBinary(), ["compare", server.folder.path] + paths + ["--draws", "30", "--seed", "5", "--format", format])
            #expect(cli.status == 0)
            #expect(reply.body == cli.stdout, "\(format) differs from the CLI")
        }
        let workbook = try await server.request("GET", "api/runs/\(run)/result?format=xlsx&download=1")
        #expect(workbook.body.prefix(2) == Data("PK".utf8))
        #expect(workbook.headers["content-disposition"]?.contains("attachment") == true)
        let page = try await server.request("GET", "api/runs/\(run)/result?format=html&lang=en")
        #expect(page.text.hasPrefix("<!DOCTYPE html>"))
        let badFormat = try await server.request("GET", "api/runs/\(run)/result?format=pdf")
        #expect(badFormat.status == 400)
        let badBreakdown = try await server.request("GET", "api/runs/\(run)/result?by=village")
        #expect(badBreakdown.status == 400)
        let noRun = try await server.request("GET", "api/runs/999")
        #expect(noRun.status == 404)
    }

    /// A run with `through`: its downloads are the bytes of `tuopin compare … --through YEAR` for the
    /// same files, draws and seed (json, csv, html, xlsx); a year outside the projection is refused
    /// with the years allowed; the county page offers the years.
    @Test func runThroughAYearIsCompareThrough() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let files = ["baseline.toml", "bad-harvest.toml"]
        for year in [2018, 2049] {
            let refused = try await server.request("POST", "api/counties/daixian/runs", json: ["scenarios": files, "draws": 8, "through": year])
            #expect(refused.status == 400 && (refused.object["error"] as? String)?.contains("from 2019") == true, "\(refused.text)")
        }
        let page = try await server.request("GET", "county/daixian?lang=en")
        #expect(page.text.contains("<select id=\"through\">") && page.text.contains("<option value=\"2048\">2048</option>"))
        let accepted = try await server.request("POST", "api/counties/daixian/runs", json: ["scenarios": files, "draws": 12, "seed": 4, "through": 2020])
        try #require(accepted.status == 202, "\(accepted.text)")
        #expect(accepted.object["through"] as? Int == 2020)
        let run = try #require(accepted.object["run"] as? Int)
        let record = try await server.waitForRun(run)
        #expect(record["status"] as? String == "finished" && record["progress"] as? Double == 1, "\(record)")
        let paths = files.map { server.folder.appendingPathComponent("scenarios/\($0)").path }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-through-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        for format in ["json", "csv", "html", "xlsx"] {
            let reply = try await server.request("GET", "api/runs/\(run)/result?format=\(format)&lang=en")
            #expect(reply.status == 200)
            let file = out.appendingPathComponent("cli.\(format)")
            let cli = try runProgram(try tuopinBinary(), ["compare", server.folder.path] + paths
                                     + ["--draws", "12", "--seed", "4", "--through", "2020", "--lang", "en", "--format", format, "--output", file.path])
            #expect(cli.status == 0, "\(cli.stderr)")
            #expect(reply.body == (try Data(contentsOf: file)), "\(format) differs from compare --through")
        }
        let json = try #require(try await server.request("GET", "api/runs/\(run)/result?format=json").json as? [String: Any])
        #expect(json["through"] as? Int == 2020 && (json["years"] as? [Any])?.count == 4)
    }

    /// The pages answer, and a malformed request gets a 4xx, never a crash (the server still answers).
    @Test func pagesAnswerAndBadRequestsDoNotCrash() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let county = try await server.request("GET", "county/daixian?lang=zh")
        #expect(county.status == 200)
        #expect(county.text.contains("代县"))
        let editor = try await server.request("GET", "county/daixian/scenario/baseline.toml")
        #expect(editor.status == 200)
        for (method, path) in [("GET", "county/nowhere"), ("GET", "county/daixian/scenario/..%2F..%2Fetc%2Fpasswd"),
                               ("POST", "api/counties/daixian/profile"), ("DELETE", "api/counties/daixian/scenarios/baseline.toml"),
                               ("GET", "api/runs/abc")] {
            let reply = try await server.request(method, path)
            #expect((400..<500).contains(reply.status), "\(method) \(path): \(reply.status)")
        }
        let alive = try await server.request("GET", "api/counties")
        #expect(alive.status == 200)
        #expect(server.process.isRunning)
        #expect(FileManager.default.fileExists(atPath: server.folder.appendingPathComponent("scenarios/baseline.toml").path))
    }
}

/// docs/openapi.yaml documents every endpoint the API tests call, and no other.
@Suite("tuopin serve: the OpenAPI file")
struct OpenAPIFileTests {
    @Test func everyEndpointIsDocumented() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let documented = Set(text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  /api/"), line.hasSuffix(":") else { return nil }
            return String(line.dropFirst(2).dropLast())
        })
        let called: Set<String> = ["/api/counties", "/api/counties/{county}/profile", "/api/counties/{county}/scenarios",
                                   "/api/counties/{county}/scenarios/{file}", "/api/counties/{county}/runs", "/api/runs/{run}",
                                   "/api/runs/{run}/result"]
        #expect(documented == called)
    }
}
