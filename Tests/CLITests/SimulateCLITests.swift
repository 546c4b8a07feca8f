import Foundation
import Testing

/// The Dai County sample folder.
let daiFolder = repositoryRoot.appendingPathComponent("notebooks-data/daixian")
let daiScenarios = daiFolder.appendingPathComponent("scenarios")

@Suite("tuopin simulate, compare, plan")
struct SimulateCLITests {
    /// The contract keys, and the same bytes with one and two threads for one seed.
    @Test func simulateJSONIsTheSameWhateverTheThreads() throws {
        let scenario = daiScenarios.appendingPathComponent("migrant-stop.toml").path
        let base = ["simulate", daiFolder.path, "--scenario", scenario, "--draws", "12", "--seed", "7", "--format", "json"]
        let one = try runTuopin(base + ["--threads", "1"])
        let two = try runTuopin(base + ["--threads", "2"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.status == 0, "\(two.stderr)")
        #expect(one.stdout == two.stdout)
        #expect(one.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(one.stderr)")
        let json = try #require(one.json)
        for key in ["scenario", "draws", "seed", "households", "poor_persons", "p_county_exit", "targets", "incidence",
                    "villages_exiting", "households_returning", "fgt1", "gini", "cost_per_person_lifted", "early_warning"] {
            #expect(json[key] != nil, "missing key \(key)")
        }
        #expect(json["scenario"] as? String == "migrant-stop")
        #expect(json["draws"] as? Int == 12 && json["households"] as? Int == 21_471)
        let poor = try #require(json["poor_persons"] as? [String: Any])
        let mean = try #require(poor["mean"] as? Double), p05 = try #require(poor["p05"] as? Double), p95 = try #require(poor["p95"] as? Double)
        #expect(p05 <= mean && mean <= p95)
        let targets = try #require(json["targets"] as? [[String: Any]])
        #expect(targets.map { $0["name"] as? String } == ["persons_exit ≥ 14000", "villages_exit ≥ 90", "county_exit"])
        #expect(targets.allSatisfy { $0["probability"] is Double || $0["probability"] is Int })
    }

    /// The relocation block: every registered household of relocation.csv moves when `resettle`
    /// places everyone (counted here from the CSV files), and the scenario's effects are echoed.
    @Test func simulateMovesTheRegisteredRelocatingHouseholds() throws {
        let placed = try #require(try runTuopin(["resettle", daiFolder.path, "--format", "json"]).json)
        #expect(placed["unplaced_households"] as? Int == 0)
        func rows(_ file: String) throws -> [[String]] {
            let text = try String(contentsOf: daiFolder.appendingPathComponent(file), encoding: .utf8)
            return text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let relocation = try rows("relocation.csv"), households = try rows("households.csv")
        let householdColumn = try #require(relocation[0].firstIndex(of: "household"))
        let movers = Set(relocation.dropFirst().map { $0[householdColumn] }.filter { !$0.isEmpty })
        let sizeColumn = try #require(households[0].firstIndex(of: "size"))
        let persons = households.dropFirst().filter { movers.contains($0[0]) }.reduce(0) { $0 + (Int($1[sizeColumn]) ?? 0) }
        let folder = try temporaryFolder()
        let scenario = folder.appendingPathComponent("moving.toml")
        try "name = \"moving\"\n[relocation]\nfarm_income_kept = 0.5\nsupport_income = 3000\n".write(to: scenario, atomically: true, encoding: .utf8)
        let run = try runTuopin(["simulate", daiFolder.path, "--scenario", scenario.path, "--draws", "4", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        let block = try #require(json["relocation"] as? [String: Any])
        #expect(block["households_moved"] as? Int == movers.count)
        #expect(block["persons_moved"] as? Int == persons)
        #expect((block["farm_income_kept"] as? NSNumber)?.doubleValue == 0.5)
        #expect((block["support_income"] as? NSNumber)?.doubleValue == 3000)
    }

    /// simulate's `infrastructure_works` {scope, villages}: the villages counted by hand from
    /// villages.csv — registered poor, not exited by county.toml's year (2018), some of the six
    /// infrastructure columns 0, and for "planned" planned to exit by 2019.
    @Test func simulateCountsTheVillagesWhoseGapsAreClosed() throws {
        let text = try String(contentsOf: daiFolder.appendingPathComponent("villages.csv"), encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        func column(_ name: String) throws -> Int { try #require(rows[0].firstIndex(of: name)) }
        let (poor, exit, planned) = (try column("poor"), try column("exit_year"), try column("planned_exit_year"))
        let items = try ["road", "water", "electricity", "broadband", "clinic", "school"].map(column)
        let gapped = rows.dropFirst().filter { row in
            row[poor] == "1" && (Int(row[exit]) ?? .max) > 2018 && items.contains { row[$0] == "0" }
        }
        let expected = ["none": 0, "planned": gapped.filter { (Int($0[planned]) ?? .max) <= 2019 }.count, "all": gapped.count]
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (scope, count) in expected {
            let scenario = folder.appendingPathComponent("\(scope).toml")
            try "name = \"\(scope)\"\nallocation = \"even\"\n[policy]\ninfrastructure_works = \"\(scope)\"\n"
                .write(to: scenario, atomically: true, encoding: .utf8)
            let run = try runTuopin(["simulate", daiFolder.path, "--scenario", scenario.path, "--draws", "4", "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let json = try #require(run.json)
            let block = try #require(json["infrastructure_works"] as? [String: Any])
            #expect(block["scope"] as? String == scope)
            #expect(block["villages"] as? Int == count, "\(scope)")
        }
        #expect(expected["planned"] ?? 0 > 0 && expected["planned"] ?? 0 < expected["all"] ?? 0)
    }

    /// compare's values are the per-scenario simulate results for the same seed (another path through the CLI).
    @Test func compareValuesEqualSimulateResults() throws {
        let files = ["baseline.toml", "more-transfers.toml"].map { daiScenarios.appendingPathComponent($0).path }
        let options = ["--draws", "8", "--seed", "11", "--format", "json"]
        let compared = try runTuopin(["compare", daiFolder.path] + files + options + ["--lang", "en"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let json = try #require(compared.json)
        #expect(json["scenarios"] as? [String] == ["baseline", "more-transfers"])
        let rows = try #require(json["rows"] as? [[String: Any]])
        for row in rows { for key in ["key", "label", "values"] { #expect(row[key] != nil, "row key \(key)") } }
        func values(_ key: String) throws -> [Double] {
            let row = try #require(rows.first { $0["key"] as? String == key }, "row \(key)")
            return try #require((row["values"] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue })
        }
        for (s, file) in files.enumerated() {
            let single = try runTuopin(["simulate", daiFolder.path, "--scenario", file] + options)
            #expect(single.status == 0, "\(single.stderr)")
            let sim = try #require(single.json)
            func mean(_ key: String) -> Double? { ((sim[key] as? [String: Any])?["mean"] as? NSNumber)?.doubleValue }
            #expect(try values("poor_persons")[s] == mean("poor_persons"))
            #expect(try values("persons_exiting")[s] == mean("persons_exiting"))
            #expect(try values("households_returning")[s] == mean("households_returning"))
            #expect(try values("fgt1")[s] == mean("fgt1"))
            #expect(try values("fgt2")[s] == mean("fgt2"))
            #expect(try values("target:all")[s] == (sim["p_all_targets"] as? NSNumber)?.doubleValue)
            #expect(try values("p_county_exit")[s] == (sim["p_county_exit"] as? NSNumber)?.doubleValue)
            let target = (sim["targets"] as? [[String: Any]])?.first { $0["kind"] as? String == "persons_exit" }
            #expect(try values("target:persons")[s] == (target?["probability"] as? NSNumber)?.doubleValue)
        }
        // Even spreading is allocate's baseline: the simulation spends what `tuopin allocate` reports for it.
        let allocate = try runTuopin(["allocate", daiFolder.path, "--format", "json"])
        let baselineCost = try #require(((allocate.json?["baseline"] as? [String: Any])?["cost"] as? NSNumber)?.doubleValue)
        for total in try values("funds_total") { #expect(abs(total - baselineCost) <= 1e-6 * baselineCost) }
        // The scenarios differ where they should: transfers lift people out, so fewer stay poor.
        #expect(try values("poor_persons")[1] < values("poor_persons")[0])
    }

    /// plan runs the whole job on the sample: the income model, then the comparison of every
    /// scenario in scenarios/ with the baseline first; its JSON is compare's on the same folder.
    @Test func planPrintsTheModelAndTheComparison() throws {
        let run = try runTuopin(["plan", daiFolder.path, "--draws", "8", "--lang", "en"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Income model: income ~ labour + migrant_workers + size | village"))
        // The even plan spends what `tuopin allocate` reports for its baseline, over the poor villages
        // not yet exited (counted from villages.csv).
        let allocate = try runTuopin(["allocate", daiFolder.path, "--format", "json"])
        let evenCost = try #require(((allocate.json?["baseline"] as? [String: Any])?["cost"] as? NSNumber)?.doubleValue)
        let villages = try String(contentsOf: daiFolder.appendingPathComponent("villages.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = try #require(villages.first)
        let poor = try #require(header.firstIndex(of: "poor")), exitYear = try #require(header.firstIndex(of: "exit_year"))
        let poorVillages = villages.dropFirst().filter { $0.count > exitYear && $0[poor] == "1" && $0[exitYear].isEmpty }.count
        let even = "Allocation: even spreading of " + String(format: "%.2f", evenCost / 1e6) + " million yuan over \(poorVillages) poor villages"
        for label in ["per migrant worker (migrant_workers)", "Dai County, 2019: the scenarios compared", "Poor persons remaining",
                      "Target met: 14,000 persons exit", even] {
            #expect(run.stdout.contains(label), "missing \(label)")
        }
        let tableHeader = try #require(run.stdout.split(separator: "\n").first { $0.contains("baseline") && $0.contains("migrant-stop") })
        let order = ["baseline", "bad-harvest", "migrant-stop", "more-transfers"].compactMap { tableHeader.range(of: $0)?.lowerBound }
        #expect(order.count == 4 && order == order.sorted())
        let planJSON = try runTuopin(["plan", daiFolder.path, "--draws", "8", "--format", "json"])
        let compareJSON = try runTuopin(["compare", daiFolder.path, "--draws", "8", "--format", "json"])
        #expect(planJSON.status == 0 && compareJSON.status == 0)
        #expect(planJSON.stdout == compareJSON.stdout)
        #expect(planJSON.json?["language"] as? String == "zh", "a Chinese county name gives Chinese labels by default")
    }

    /// No spread, no shock, no plan money: the poor persons of every draw are the deterministic
    /// recount from households.csv — per-capita income below the line, or registered poor with a
    /// guarantee unmet. Also with a poor village that has no households at all: the count is the
    /// same, every draw is alike (p05 = mean = p95, standard error 0) and neither the JSON nor the
    /// text shows nan or inf.
    @Test(arguments: [false, true])
    func degenerateScenarioEqualsTheRecount(emptyVillage: Bool) throws {
        let folder = try temporaryFolder()
        for file in ["county.toml", "townships.csv", "villages.csv", "households.csv"] {
            try FileManager.default.copyItem(at: daiFolder.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        if emptyVillage {
            let villages = folder.appendingPathComponent("villages.csv")
            let text = try String(contentsOf: villages, encoding: .utf8)
            try (text + "V999001,胡峪乡,空村,1,100,1,1,1,1,1,1,1,0,2019,\n").write(to: villages, atomically: true, encoding: .utf8)
        }
        let scenario = folder.appendingPathComponent("still.toml")
        try "name = \"still\"\nallocation = \"even\"\n[sources.planting]\nspread = 0\n".write(to: scenario, atomically: true, encoding: .utf8)
        let arguments = ["simulate", folder.path, "--scenario", scenario.path, "--draws", "4", "--transitory-share", "0"]
        let run = try runTuopin(arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let poor = try #require(run.json?["poor_persons"] as? [String: Any])
        let fgt2 = try #require(run.json?["fgt2"] as? [String: Any])
        if emptyVillage {
            let json = try #require(run.json)
            let numbers = jsonNumbers(json)
            #expect(!numbers.isEmpty && numbers.filter { !$0.isFinite }.isEmpty && !showsNonFinite(run.stdout))
            for (key, value) in json {
                guard let summary = value as? [String: Any], let mean = summary["mean"] as? NSNumber else { continue }
                #expect(summary["p05"] as? NSNumber == mean && summary["p95"] as? NSNumber == mean, "\(key)")
                #expect((summary["std_error"] as? NSNumber)?.doubleValue == 0, "\(key)")
            }
            let text = try runTuopin(arguments)
            #expect(text.status == 0 && !text.stdout.isEmpty && !showsNonFinite(text.stdout), "\(text.stdout)")
        }

        let line = 3535.0, year = 2018  // county.toml of the sample
        let text = try String(contentsOf: folder.appendingPathComponent("households.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let size = try column("size"), income = try column("income"), exit = try column("exit_year")
        let guarantees = try ["education", "medical", "housing", "water"].map(column)
        var expected = 0
        // FGT2 = Σ n·max(0, 1 − y/z)² ÷ Σ n over every household (y per-capita income).
        var squaredGaps = 0.0, persons = 0.0
        for record in lines {
            let f = record.split(separator: ",", omittingEmptySubsequences: false)
            let n = try #require(Int(f[size])), y = try #require(Double(f[income]))
            let registered = f[exit].isEmpty || (Int(f[exit]) ?? 0) > year
            let unmet = guarantees.contains { f[$0] != "1" }
            if y / Double(n) < line || (registered && unmet) { expected += n }
            let shortfall = max(0, 1 - y / Double(n) / line)
            squaredGaps += Double(n) * shortfall * shortfall
            persons += Double(n)
        }
        #expect(expected > 0)
        for key in ["mean", "p05", "p95"] { #expect((poor[key] as? NSNumber)?.intValue == expected, "\(key)") }
        let expectedFGT2 = squaredGaps / persons
        #expect(expectedFGT2 > 0)
        for key in ["mean", "p05", "p95"] {
            let value = try #require((fgt2[key] as? NSNumber)?.doubleValue, "fgt2.\(key)")
            #expect(abs(value - expectedFGT2) < 1e-9, "fgt2.\(key) \(value) against \(expectedFGT2)")
        }
    }

    /// On a terminal (a pseudo-terminal from util-linux `script`) stderr shows the progress bar,
    /// ending at draws/draws; the result file is the same as without a terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs /usr/bin/script for a pseudo-terminal"))
    func progressBarOnlyOnATerminal() throws {
        let folder = try temporaryFolder()
        let scenario = daiScenarios.appendingPathComponent("baseline.toml").path
        let withBar = folder.appendingPathComponent("tty.json").path, plain = folder.appendingPathComponent("pipe.json").path
        let arguments = ["simulate", daiFolder.path, "--scenario", scenario, "--draws", "16", "--format", "json"]
        let command = ([try tuopinBinary().path] + arguments + ["--output", withBar]).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let terminal = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(terminal)")
        #expect(terminal.contains("\rbaseline [") && terminal.contains("] 16/16"), "\(terminal)")
        let piped = try runTuopin(arguments + ["--output", plain])
        #expect(piped.status == 0 && piped.stderr.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: withBar)) == Data(contentsOf: URL(fileURLWithPath: plain)))
    }

    @Test func badScenarioFileExitsOneWithItsPosition() throws {
        let folder = try temporaryFolder()
        let scenario = folder.appendingPathComponent("bad.toml")
        try "name = \"bad\"\n\n[[shocks]]\nsources = \"migrant\"\nprobability = 1.5\n".write(to: scenario, atomically: true, encoding: .utf8)
        let run = try runTuopin(["simulate", daiFolder.path, "--scenario", scenario.path, "--draws", "2"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(scenario.path):5:1: shocks[0].probability"), "\(run.stderr)")
    }
}
