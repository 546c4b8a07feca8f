import Foundation
import Testing

/// The resettlement money as the verbs print it, against the arithmetic of the office: each site's
/// persons (from `tuopin resettle`'s assignment) × its subsidy per person and distance in sites.csv,
/// plus every site's construction cost; and the comparison's `relocation_cost` row, the same plan.
@Suite("Relocation cost (CLI)")
struct RelocationCostCLITests {
    @Test("cost_yuan is subsidies + travel + construction from sites.csv, and compare's relocation_cost equals it")
    func costFromTheSitesFile() throws {
        let daixian = repositoryRoot.appendingPathComponent("notebooks-data/daixian")
        let resettle = try runTuopin(["resettle", daixian.path, "--format", "json"])
        try #require(resettle.status == 0, "\(resettle.stderr)")
        let json = try #require(resettle.json)
        try #require(json["status"] as? String == "optimal")
        // sites.csv: id → (construction cost, subsidy per person, distance km); the sample quotes nothing.
        var lines = try String(contentsOf: daixian.appendingPathComponent("sites.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let id = try column("id"), cost = try column("cost"), subsidy = try column("subsidy_per_person"), distance = try column("distance_km")
        var sites: [String: (cost: Double, subsidy: Double, distance: Double)] = [:]
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            sites[f[id]] = (try #require(Double(f[cost])), try #require(Double(f[subsidy])), try #require(Double(f[distance])))
        }
        var subsidies = 0.0, travel = 0.0
        for site in try #require(json["sites"] as? [[String: Any]]) {
            let key = try #require(site["site"] as? String)
            let persons = try #require((site["persons"] as? NSNumber)?.doubleValue)
            let row = try #require(sites[key])
            subsidies += persons * row.subsidy
            travel += persons * row.distance * 100   // the default 100 yuan per person-km
        }
        let construction = sites.values.reduce(0) { $0 + $1.cost }
        let total = try #require((json["cost_yuan"] as? NSNumber)?.doubleValue)
        let parts = try #require(json["cost"] as? [String: Any])
        #expect((parts["subsidies_yuan"] as? NSNumber)?.doubleValue == subsidies)
        #expect((parts["travel_yuan"] as? NSNumber)?.doubleValue == travel)
        #expect((parts["construction_yuan"] as? NSNumber)?.doubleValue == construction)
        #expect(total == subsidies + travel + construction)

        let compare = try runTuopin(["compare", daixian.path, "--draws", "8", "--format", "json"])
        try #require(compare.status == 0, "\(compare.stderr)")
        let rows = try #require(compare.json?["rows"] as? [[String: Any]])
        let relocation = try #require(rows.first { $0["key"] as? String == "relocation_cost" }?["values"] as? [Any])
        for value in relocation { #expect((value as? NSNumber)?.doubleValue == total) }
    }
}
