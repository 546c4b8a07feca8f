import Foundation
import Testing
@testable import Planning

/// Share rules of the transition period (e.g. at least 55 % of the linkage fund 衔接资金 to industry)
/// on a county small enough to solve by hand.
@Suite("Fund share rule")
struct FundShareRuleTests {
    /// Line 3,000. One village: a household of 2 at 2,500 a head (gap 1,000) and one of 1 at 1,000
    /// (gap 2,000). PV (asset income): 2,000 yuan a household for 1,000 a year (0.5 a yuan, capacity
    /// 4,000 yuan for the two households); breeding (industry): 4,000 a household for 1,000 a year
    /// (0.25 a yuan, capacity 8,000). A fund of `amount` yuan, with at least `share` of it to industry.
    static func fixture(amount: Double, share: Double?) -> CountyRegistry {
        var fund = AllocationFixture.fund("F1", amount)
        fund.shareRule = share.map { FundShareRule(category: .industry, minimumShare: $0) }
        return AllocationFixture(
            villages: [(2, true)],
            households: [.init(village: 0, size: 2, income: 5000), .init(village: 0, size: 1, income: 1000)],
            projects: [(.pv, 20_000, 10, 1000), (.breeding, 40_000, 10, 1000)],
            funds: [fund]).registry
    }

    /// Without the rule: 4,000 yuan of PV give 2,000 a year, closing the first gap (2 persons) and half
    /// the second (0.5): 2.5 persons, no industry. With 55 %: breeding ≥ 2,200 yuan (550 a year), PV
    /// the other 1,800 (900 a year): 1,450 a year close the first gap and 450/2,000 of the second:
    /// 2 + 0.225 = 2.225 persons, and the share achieved is exactly 55 %.
    @Test func ruleMovesMoneyToIndustryAsHandSolved() throws {
        let free = try FundAllocation.solve(Self.fixture(amount: 4000, share: nil), options: unweightedOptions())
        #expect(abs(free.personsLifted - 2.5) < 1e-5)
        #expect(free.shares.isEmpty)
        let ruled = try FundAllocation.solve(Self.fixture(amount: 4000, share: 0.55), options: unweightedOptions())
        #expect(ruled.status == .optimal)
        #expect(abs(ruled.personsLifted - 2.225) < 1e-5)
        let share = try #require(ruled.shares.first)
        #expect(share.category == .industry)
        #expect(abs(share.share - 0.55) < 1e-6)
        #expect(abs(share.yuan - 2200) < 1e-2)
        let industry = ruled.lines.filter { $0.type == .breeding }.reduce(0) { $0 + $1.yuan }
        #expect(abs(industry - 2200) < 1e-2)
        // The rule's row is in the exported model, with its bound.
        let model = try FundAllocationModel(registry: Self.fixture(amount: 4000, share: 0.55), options: unweightedOptions())
        let row = try #require(model.fullModel.rows.first { $0.name.hasPrefix("share_F1") })
        #expect(row.lower == 2200)
    }

    /// 55 % of 20,000 yuan is 11,000 on industry, but breeding can reach the village's two households
    /// for at most 8,000 yuan: refused before the solve, naming the fund and both amounts.
    @Test func infeasibleRuleIsRefusedWithItsNumbers() {
        #expect(throws: AllocationError.infeasibleShareRule(fund: "F1", category: "industry", required: 11_000, possible: 8000)) {
            try FundAllocation.solve(Self.fixture(amount: 20_000, share: 0.55), options: unweightedOptions())
        }
        let message = AllocationError.infeasibleShareRule(fund: "F1", category: "industry", required: 11_000, possible: 8000).description
        #expect(message.contains("F1") && message.contains("11000") && message.contains("8000"))
    }

    /// funds.csv and projects.csv carry the rule and the categories; a type given two categories is refused.
    @Test func filesCarryTheRuleAndTheCategories() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-share-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try put("county.toml", "name = \"x\"\nregion = \"central\"\nyear = 2020\npoverty_line = 4000\nagricultural_population = 100\n")
        try put("townships.csv", "name,tier\n一乡,1\n")
        try put("villages.csv", "id,township,name,poor,agricultural_population,natural_villages,road,water,electricity,broadband,clinic,school,collective_income\nV1,一乡,一村,1,100,1,1,1,1,1,1,1,0\n")
        try put("households.csv", "id,village,size,labour,category,cause,registered_year,income,planting,migrant,breeding,forestry,pv_dividend,ecological_post,asset_dividend,transfers,education,medical,housing,water\nH1,V1,2,1,standard,other,2016,3000,3000,0,0,0,0,0,0,0,1,1,1,1\n")
        try put("projects.csv", "id,type,name,township,village,year,cost,households,income_per_household,category\nJ1,tourism,旅游,一乡,V1,2020,1000,1,100,infrastructure\nJ2,tourism,旅游,一乡,V1,2020,1000,1,100,\n")
        try put("funds.csv", "id,name,kind,amount,eligible_types,share_category,min_share\nF1,衔接资金,central,1000,*,industry,0.55\nF2,县级,county,500,*,,\n")
        let registry = try CountyFolder.load(folder.path)
        #expect(registry.funds[0].shareRule == FundShareRule(category: .industry, minimumShare: 0.55))
        #expect(registry.funds[1].shareRule == nil)
        #expect(registry.projects.map(\.category) == [.infrastructure, .infrastructure])
        try put("projects.csv", "id,type,name,township,village,year,cost,households,income_per_household,category\nJ1,tourism,旅游,一乡,V1,2020,1000,1,100,infrastructure\nJ2,tourism,旅游,一乡,V1,2020,1000,1,100,industry\n")
        try put("funds.csv", "id,name,kind,amount,eligible_types,share_category,min_share\nF1,衔接资金,central,1000,*,industry,55\n")
        do {
            _ = try CountyFolder.load(folder.path)
            Issue.record("accepted")
        } catch {
            let text = error.errors.map(\.description)
            #expect(text.contains { $0.contains("projects.csv:3:10:") && $0.contains("line 2") }, "\(text)")
            #expect(text.contains { $0.contains("funds.csv:2:7:") && $0.contains("at most 1") }, "\(text)")
        }
    }
}
