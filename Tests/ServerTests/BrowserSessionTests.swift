import Foundation
import Testing

/// What the browser session needs: Debian's chromium and chromium-driver and Python's selenium
/// (`scripts/test` installs them when it can). The reason is given when one is missing.
enum BrowserSession {
    static let python = "/usr/bin/env"
    static let missing: String? = {
        for path in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: path) {
            return "\(path) is not installed (Debian chromium and chromium-driver; scripts/test installs them when it can)"
        }
        let probe = try? runProgram(URL(fileURLWithPath: python), ["python3", "-c", "import selenium"])
        if probe?.status != 0 { return "Python's selenium is not installed (scripts/test installs it with pip when it can)" }
        return nil
    }()
    static var script: String { repositoryRoot.appendingPathComponent("Tests/ServerTests/browser/workbench_session.py").path }
    static var screenshots: URL { repositoryRoot.appendingPathComponent(".build/screenshots/serve") }
}

/// The whole main job in a real browser: open the county, edit a lever (a bad value first), save,
/// run through a later year, and read a figure of the table and the by-year section, compared with
/// `tuopin compare --through` for the same seed.
@Suite("tuopin serve in headless Chromium", .enabled(if: BrowserSession.missing == nil, "\(BrowserSession.missing ?? "")"))
struct BrowserSessionTests {
    @Test func aPlannerDoesTheMainJobInTheBrowser() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let draws = "40", seed = "11", through = "2020"
        let base = server.base.absoluteString.hasSuffix("/") ? String(server.base.absoluteString.dropLast()) : server.base.absoluteString
        let session = try runProgram(URL(fileURLWithPath: BrowserSession.python),
                                     ["python3", BrowserSession.script, base, "daixian", BrowserSession.screenshots.path, draws, seed, through])
        #expect(session.status == 0, "the browser session failed: \(session.stderr.suffix(3_000))")
        let read = try #require(try JSONSerialization.jsonObject(with: session.stdout) as? [String: Any], "no JSON from the session: \(session.stderr.suffix(2_000))")

        // The county page shows the profile of the folder (the poor persons recounted from households.csv).
        let households = try String(contentsOf: server.folder.appendingPathComponent("households.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(households.first)
        let size = try #require(header.firstIndex(of: "size")), exit = try #require(header.firstIndex(of: "exit_year"))
        let poor = households.dropFirst().reduce(0) { sum, row in row[exit].isEmpty || (Int(row[exit]) ?? 0) > 2018 ? sum + (Int(row[size]) ?? 0) : sum }
        let headline = try #require(read["headline"] as? String)
        #expect(headline.contains("\(poor) poor persons"), "\(headline)")
        #expect((read["chart_bars"] as? Int ?? 0) >= 22)

        // The bad value's error stands next to its field; the good one was saved as a file the CLI reads.
        let error = try #require(read["bad_value_error"] as? String)
        // The slot of that field holds the parser's message for the line of the file that field wrote.
        #expect(error.range(of: #"^scenarios/browser-test\.toml:[0-9]+:[0-9]+: "#, options: .regularExpression) != nil, "\(error)")
        let saved = server.folder.appendingPathComponent("scenarios/browser-test.toml")
        #expect(FileManager.default.fileExists(atPath: saved.path))

        // The figure on the page is the CLI's for the same files, draws and seed.
        let baseline = server.folder.appendingPathComponent("scenarios/baseline.toml").path
        // The run chose "through 2020": the CLI's compare --through for the same files, draws and seed.
        let cli = try runProgram(try tuopinBinary(), ["compare", server.folder.path, baseline, saved.path, "--draws", draws, "--seed", seed,
                                                      "--format", "json", "--lang", "en", "--through", through])
        #expect(cli.status == 0, "\(cli.stderr)")
        let comparison = try #require(try JSONSerialization.jsonObject(with: cli.stdout) as? [String: Any])
        let rows = try #require(comparison["rows"] as? [[String: Any]])
        let poorRow = try #require(rows.first { $0["key"] as? String == "poor_persons" })
        let values = try #require(poorRow["values"] as? [Double])
        let mean = values[1]
        let cells = try #require(read["poor_persons_cells"] as? [String], "the table has no poor-persons row")
        // Columns: indicator, baseline, the new scenario, its difference to the baseline.
        let shown = cells[2].components(separatedBy: CharacterSet(charactersIn: "0123456789,.").inverted).first { !$0.isEmpty } ?? ""
        #expect(Double(shown.replacingOccurrences(of: ",", with: "")).map { abs($0 - mean.rounded()) < 0.5 } == true,
                "page shows \(cells[2]), CLI mean \(mean)")
        #expect((read["scenario_headers"] as? [String])?.contains { $0.contains("browser-test") } == true)
        let progress = read["progress_values"] as? [Double] ?? []
        #expect(progress.allSatisfy { (0...1).contains($0) })
        let seconds = read["run_to_table_seconds"] as? Double ?? .infinity
        #expect(seconds < 240)
        print("tuopin serve browser session: Run to table in \(String(format: "%.1f", seconds)) s (\(draws) draws, 2 scenarios, debug build)")
        // The by-year section on the page: one row a scenario and year, the poor persons (mean, 5 %,
        // 95 %) those of the CLI's years, and the path chart with a band and a line a scenario.
        #expect((read["through_choices"] as? [String])?.contains(through) == true)
        let years = try #require(comparison["years"] as? [[String: Any]])
        let shownYears = try #require(read["by_year_rows"] as? [[String]], "the page has no by-year table")
        #expect(shownYears.count == years.count && years.count == 2 * 2)
        func figure(_ text: String) -> Double? { Double(text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)) }
        for (row, expected) in zip(shownYears, years) {
            try #require(row.count >= 5, "\(row)")
            #expect(row[0] == expected["scenario"] as? String && row[1] == String(expected["year"] as? Int ?? 0), "\(row)")
            let poorYear = try #require(expected["poor_persons"] as? [String: Double])
            for (k, key) in ["mean", "p05", "p95"].enumerated() {
                let value = try #require(poorYear[key])
                #expect(figure(row[2 + k]).map { abs($0 - value.rounded()) < 0.5 } == true, "\(key): page \(row[2 + k]), CLI \(value)")
            }
        }
        #expect(read["path_charts"] as? Int == 1)
        #expect(read["path_chart_bands"] as? Int == 2 && read["path_chart_lines"] as? Int == 2)
        // Its downloads are the CLI's bytes.
        let run = try #require(read["run"] as? Int)
        let download = try await server.request("GET", "api/runs/\(run)/result?format=json&lang=en")
        #expect(download.body == cli.stdout)
        for shot in ["county.png", "editor-error.png", "editor-saved.png", "comparison.png", "by-year.png"] {
            let data = try #require(FileManager.default.contents(atPath: BrowserSession.screenshots.appendingPathComponent(shot).path), "no \(shot)")
            #expect(data.count > 20_000, "\(shot) is only \(data.count) bytes")
        }
    }
}
