import Foundation
import Testing

/// `tuopin plan PROVINCE --through Y` against each county's own `plan COUNTY --through Y` with the
/// seed the province gives it (the reference: a second program run), and the province's years
/// against the sums of the counties' (linearity of the mean over draws).
@Suite("Province plan --through (CLI)")
struct ProvinceThroughCLITests {
    @Test("the province's years are the counties' projections summed; each county's rows are its plan --through")
    func provinceThroughAgainstItsCounties() throws {
        let province = try ProvinceCLITests.makeProvince()
        defer { try? FileManager.default.removeItem(at: province) }
        let toml = try String(contentsOf: province.appendingPathComponent("north/county.toml"), encoding: .utf8)
        let yearLine = try #require(toml.split(separator: "\n").first { $0.hasPrefix("year = ") })
        let year = try #require(Int(yearLine.dropFirst(7)))
        let through = String(year + 2)
        let run = try runTuopin(["plan", province.path, "--draws", "12", "--seed", "6", "--through", through, "--format", "json"])
        try #require(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["through"] as? Int == year + 2)
        let counties = try #require(json["counties"] as? [[String: Any]])
        let rows = try #require(json["by_county_year"] as? [[String: Any]])
        let years = try #require(json["years"] as? [[String: Any]])
        func mean(_ row: [String: Any], _ key: String) -> Double? { (row[key] as? [String: Any])?["mean"] as? Double }
        var poorSums: [String: Double] = [:], exitSums: [String: Double] = [:]
        for county in counties {
            let folder = try #require(county["folder"] as? String), seed = try #require(county["seed"] as? String)
            let name = try #require(county["name"] as? String)
            let alone = try runTuopin(["plan", folder, "--draws", "12", "--seed", seed, "--through", through, "--format", "json"])
            try #require(alone.status == 0, "\(alone.stderr)")
            let own = try #require(alone.json?["years"] as? [[String: Any]])
            let mine = rows.filter { $0["county"] as? String == name }
            #expect(mine.count == own.count && own.count == 4, "\(name): \(mine.count) rows against \(own.count)")
            for (a, b) in zip(mine, own) {
                #expect(a["scenario"] as? String == b["scenario"] as? String && a["year"] as? Int == b["year"] as? Int)
                #expect(mean(a, "poor_persons") == mean(b, "poor_persons"))
                #expect((a["county_exit_by_year_probability"] as? NSNumber)?.doubleValue == (b["p_county_exit_by_year"] as? NSNumber)?.doubleValue)
                let key = "\(b["scenario"] as? String ?? "")/\(b["year"] as? Int ?? 0)"
                poorSums[key, default: 0] += mean(b, "poor_persons") ?? .nan
                exitSums[key, default: 0] += (b["p_county_exit_by_year"] as? NSNumber)?.doubleValue ?? .nan
            }
        }
        #expect(years.count == 4)  // 2 scenarios × 2 years
        for y in years {
            let key = "\(y["scenario"] as? String ?? "")/\(y["year"] as? Int ?? 0)"
            let poor = try #require(mean(y, "poor_persons")), sum = try #require(poorSums[key])
            #expect(abs(poor - sum) <= 1e-9 * max(1, sum), "\(key): \(poor) against \(sum)")
            let exited = try #require(mean(y, "counties_exited_by_year")), expected = try #require(exitSums[key])
            #expect(abs(exited - expected) <= 1e-12, "\(key)")
            let every = try #require((y["every_county_exited_by_year_probability"] as? NSNumber)?.doubleValue)
            #expect(every <= 1 && every * 3 <= expected + 1e-12)
        }
        // Every format carries the by-year table; without --through the output has none of it.
        let text = try runTuopin(["plan", province.path, "--draws", "12", "--seed", "6", "--through", through, "--lang", "en"])
        #expect(text.status == 0 && text.stdout.contains("year by year, summed over the counties"))
        let csv = try runTuopin(["plan", province.path, "--draws", "12", "--seed", "6", "--through", through, "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.contains("province_by_year"))
        let plain = try runTuopin(["plan", province.path, "--draws", "12", "--seed", "6", "--format", "json"])
        #expect(plain.status == 0 && plain.json?["years"] == nil && plain.json?["through"] == nil)
    }
}
