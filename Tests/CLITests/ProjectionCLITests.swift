import Foundation
import Testing

/// `tuopin plan DIR --through YEAR` and `simulate --through`: the by-year keys, the first year
/// equal to the one-year comparison, and the same bytes for any thread count.
@Suite("tuopin plan --through")
struct ProjectionCLITests {
    static func values(_ json: [String: Any], _ key: String) -> [Double] {
        let rows = json["rows"] as? [[String: Any]] ?? []
        return rows.first { $0["key"] as? String == key }?["values"] as? [Double] ?? []
    }

    /// A generated county (its own baseline and optimised scenarios) and its registry's year.
    static func county() throws -> (folder: URL, year: Int) {
        let folder = try temporaryFolder().appendingPathComponent("county")
        let generated = try runTuopin(["generate", folder.path, "--households", "600", "--like", "daixian", "--seed", "9"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let county = try String(contentsOf: folder.appendingPathComponent("county.toml"), encoding: .utf8)
        let yearLine = try #require(county.split(separator: "\n").first { $0.hasPrefix("year = ") })
        return (folder, try #require(Int(yearLine.dropFirst(7))))
    }

    @Test func planThroughPrintsTheYearsAndTheFirstYearIsTheComparison() throws {
        let (folder, year) = try Self.county()
        let arguments = ["plan", folder.path, "--draws", "40", "--format", "json", "--through", String(year + 3)]
        let one = try runTuopin(arguments + ["--threads", "1"])
        let two = try runTuopin(arguments + ["--threads", "2"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == two.stdout, "the same seed gives the same bytes for 1 and 2 threads")
        let json = try #require(one.json, "\(one.stdout)")
        #expect(json["through"] as? Int == year + 3)
        let years = try #require(json["years"] as? [[String: Any]])
        #expect(years.count == 2 * 3)
        #expect(years.map { $0["scenario"] as? String ?? "" } == ["baseline", "baseline", "baseline", "optimised", "optimised", "optimised"])
        #expect(years.map { $0["year"] as? Int ?? 0 } == [year + 1, year + 2, year + 3, year + 1, year + 2, year + 3])
        let keys = ["scenario", "year", "poor_persons", "poor_households", "incidence", "exiting_persons", "exiting_households",
                    "returning_persons", "returning_households", "villages_exiting", "cost", "cumulative_cost",
                    "p_county_rule_holds", "p_county_exit_in_year", "p_county_exit_by_year", "target", "p_target",
                    "relocated_persons", "relocated_households", "relocation_cost", "monitoring"]
        for entry in years {
            #expect(Set(entry.keys) == Set(keys), "\(entry.keys.sorted())")
            for key in ["poor_persons", "incidence", "exiting_persons", "returning_households", "villages_exiting"] {
                let interval = try #require(entry[key] as? [String: Any])
                #expect(Set(interval.keys) == ["mean", "p05", "p95"])
                let mean = try #require(interval["mean"] as? Double), low = try #require(interval["p05"] as? Double)
                let high = try #require(interval["p95"] as? Double)
                #expect(low <= mean && mean <= high)
            }
        }
        // The first year is the one-year simulation: the comparison's figures exactly.
        let comparisonPoor = Self.values(json, "poor_persons"), comparisonExiting = Self.values(json, "persons_exiting")
        let comparisonExit = Self.values(json, "p_county_exit"), funds = Self.values(json, "funds_total")
        for (s, first) in [years[0], years[3]].enumerated() {
            #expect((first["poor_persons"] as? [String: Any])?["mean"] as? Double == comparisonPoor[s])
            #expect((first["exiting_persons"] as? [String: Any])?["mean"] as? Double == comparisonExiting[s])
            #expect(first["p_county_exit_by_year"] as? Double == comparisonExit[s])
            #expect(first["p_county_rule_holds"] as? Double == comparisonExit[s])
            #expect(abs((first["cost"] as? Double ?? -1) - funds[s]) <= 1e-6 * max(1, funds[s]))
        }
        // Probabilities by year only grow; the exit-year distribution and "not by the last year" add up to 1.
        let exits = try #require(json["exit_year"] as? [[String: Any]])
        #expect(exits.count == 2)
        for (s, exit) in exits.enumerated() {
            let rows = Array(years[(3 * s)..<(3 * s + 3)])
            let by = rows.map { $0["p_county_exit_by_year"] as? Double ?? -1 }
            #expect(by == by.sorted())
            let distribution = (exit["distribution"] as? [[String: Any]] ?? []).map { $0["probability"] as? Double ?? -1 }
            let never = exit["not_by_last_year"] as? Double ?? -1
            #expect(abs(distribution.reduce(0, +) + never - 1) < 1e-12)
            #expect(abs((by.last ?? -1) - (1 - never)) < 1e-12)
            // The cumulative cost adds every year's plan and relocation.
            let cumulative = rows.map { $0["cumulative_cost"] as? Double ?? -1 }
            let cost = rows.map { ($0["cost"] as? Double ?? -1) + ($0["relocation_cost"] as? Double ?? -1) }
            #expect(abs(cumulative[2] - cost.reduce(0, +)) <= 1e-6 * max(1, cumulative[2]))
            // The generated county's relocation.csv is all scheduled before the first year: every row moves then.
            #expect(rows.map { $0["relocated_persons"] as? Int ?? -1 }.dropFirst().allSatisfy { $0 == 0 })
        }
    }

    @Test func throughOutsideTheYearsIsAUsageError() throws {
        let (folder, year) = try Self.county()
        let early = try runTuopin(["plan", folder.path, "--draws", "4", "--through", String(year)])
        #expect(early.status == 2 && early.stderr.contains("--through must be a year from \(year + 1)"), "\(early.stderr)")
        let late = try runTuopin(["plan", folder.path, "--draws", "4", "--through", String(year + 31)])
        #expect(late.status == 2 && late.stderr.contains("to \(year + 30)"), "\(late.stderr)")
    }

    @Test func textAndHTMLShowTheYears() throws {
        let (folder, year) = try Self.county()
        let text = try runTuopin(["plan", folder.path, "--draws", "8", "--through", String(year + 2), "--lang", "en"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Year by year") && text.stdout.contains("Year of the county's exit"))
        #expect(text.stdout.contains("exit in \(year + 2)") && text.stdout.contains("not by \(year + 2)"))
        let html = try runTuopin(["plan", folder.path, "--draws", "8", "--through", String(year + 2), "--format", "html"])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("<section class=\"by-year\">") && html.stdout.contains("path-chart"))
        #expect(html.stdout.hasSuffix("</html>\n"))
        let simulate = try runTuopin(["simulate", folder.path, "--scenario", folder.appendingPathComponent("scenarios/baseline.toml").path,
                                      "--draws", "8", "--through", String(year + 2), "--format", "json"])
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let json = try #require(simulate.json)
        #expect((json["years"] as? [Any])?.count == 2 && json["poor_persons"] != nil)
    }
}
