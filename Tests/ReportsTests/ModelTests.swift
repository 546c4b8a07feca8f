import Foundation
import Testing

@testable import Reports

@Suite("Comparison model")
struct ModelTests {
    let demo = Comparison.daiCountyDemo()

    @Test func differencesAndChangesFollowThePreferredDirection() throws {
        let row = ComparisonRow.poorPersonsRemaining([Estimate(3_719), Estimate(2_682), Estimate(5_239), nil])
        #expect(row.difference(at: 0) == 0)
        #expect(row.difference(at: 1) == -1_037)
        #expect(row.difference(at: 2) == 1_520)
        #expect(row.difference(at: 3) == nil)
        #expect(row.change(at: 1) == .better && row.change(at: 2) == .worse && row.change(at: 3) == .unavailable)
        let exit = ComparisonRow.countyExitProbability([Estimate(0.2), Estimate(0.9), Estimate(0.2)])
        #expect(exit.change(at: 1) == .better && exit.change(at: 2) == .same)
        let spent = ComparisonRow.fundsTotal([Estimate(1), Estimate(2), Estimate(0)])
        #expect(spent.change(at: 1) == .neutral)
    }

    @Test func histogramCountsBecomeShares() {
        let d = HeadcountDistribution(binEdges: [0, 10, 20], counts: [250, 700], draws: 1_000, p05: 2, median: 12, p95: 19, probabilityTargetMet: 0.25)
        #expect(d.shares == [0.25, 0.7])
    }

    @Test func fundsTotalsAddUpByHand() throws {
        let funds = try #require(demo.charts.funds)
        // Even spreading, central special funds: 1200 + 600 + 300 + 400 + 1800 + 900 = 5200 万元.
        #expect(funds.totalsBySource(scenario: 0)[0] == 52_000_000)
        // Breeding under the optimised plan: (2100 + 900 + 500 + 1000) 万元.
        #expect(funds.totalsByProjectType(scenario: 1)[0] == 45_000_000)
        #expect(funds.total(scenario: 0) == 114_000_000 && funds.total(scenario: 1) == 114_000_000)
    }

    @Test func demoIsConsistent() throws {
        try demo.validate()
        let rows = Dictionary(uniqueKeysWithValues: demo.table.rows.map { ($0.key, $0) })
        let poor = try #require(rows["poor_persons"])
        let township = try #require(demo.byTownship)
        for s in demo.scenarios.indices {
            // The county is the sum of its townships, and exits are the start (9,612) less those remaining.
            let sum = township.rows.filter { $0.key.hasSuffix("/poor_persons") }.compactMap { $0.values[s]?.value }.reduce(0, +)
            #expect(poor.values[s]?.value == sum)
            #expect(rows["persons_exiting"]?.values[s]?.value == 9_612 - sum)
        }
        #expect(poor.values.map { $0?.value } == [3_719, 2_682, 5_239])
        // 114,000,000 yuan ÷ 5,893 persons = 19,345.03 yuan.
        #expect(rows["cost_per_person_lifted"]?.values[0]?.value == 19_345)
        #expect(demo.charts.headcount?.distributions.map(\.probabilityTargetMet) == rows["target:persons"]?.values.map { $0?.value })
    }

    @Test func modelJSONRoundTrips() throws {
        let data = try demo.modelJSON()
        let back = try Comparison(modelJSON: data, file: "demo.json")
        #expect(back == demo)
        try expectGolden(String(decoding: data, as: UTF8.self) + "\n", "demo-model.json")
    }

    @Test func invalidModelsAreRejectedWithTheirPlace() throws {
        var broken = demo
        broken.table.rows[2].values.removeLast()
        #expect(throws: ComparisonError(location: "table.rows[2] (incidence)", message: "2 values for 3 scenarios")) { try broken.validate() }
        var unknownSection = demo
        unknownSection.table.rows[0].section = "nowhere"
        #expect(throws: ComparisonError.self) { try unknownSection.validate() }
        var badInterval = demo
        badInterval.table.rows[0].values[0] = Estimate(5, low: 9, high: 1)
        #expect(throws: ComparisonError.self) { try badInterval.validate() }
        var noTiers = demo
        noTiers.byTier = nil
        #expect(throws: ComparisonError.self) { try noTiers.rendered(as: .text, language: .en, by: .tier) }
    }

    @Test func unreadableFilesNameTheKey() throws {
        let json = "{\"title\": {\"zh\": \"x\", \"en\": \"x\"}, \"scenarios\": [], \"notes\": []}"
        do {
            _ = try Comparison(modelJSON: Data(json.utf8), file: "c.json")
            Issue.record("a model without a table was accepted")
        } catch let error as ComparisonFileError {
            #expect(error.description == "c.json: (top level): missing key \"table\"")
        }
        let wrongType = try String(decoding: demo.modelJSON(), as: UTF8.self).replacingOccurrences(of: "\"unit\" : \"persons\"", with: "\"unit\" : 7")
        do {
            _ = try Comparison(modelJSON: Data(wrongType.utf8), file: "c.json")
            Issue.record("a number as unit was accepted")
        } catch let error as ComparisonFileError {
            #expect(error.description.hasPrefix("c.json: by_township.rows[0].unit:") || error.description.contains(".unit: expected"))
        }
    }
}
