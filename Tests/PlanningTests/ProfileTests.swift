import Foundation
import Testing
@testable import Planning

/// The profile (describe) against a second computation: a hand-made county whose answers are
/// worked out by hand, and the Dai County sample recounted from the raw CSV.
@Suite("County profile")
struct ProfileTests {
    /// Two townships, three villages, four households; the figures in the comments are worked by hand.
    func handMadeCounty() throws -> String {
        let folder = try temporaryFolder("hand")
        let files: [String: String] = [
            "county.toml": "name = \"测试县\"\nregion = \"west\"\nyear = 2019\npoverty_line = 3747\nagricultural_population = 1000\n",
            "townships.csv": "name,tier\n甲乡,1\n乙镇,3\n",
            "villages.csv": """
                id,township,name,poor,agricultural_population,natural_villages,road,water,electricity,broadband,clinic,school,collective_income
                V1,甲乡,一村,1,400,2,1,1,1,1,1,1,0
                V2,甲乡,二村,1,300,1,0,1,1,1,1,1,5000
                V3,乙镇,三村,0,300,1,1,1,1,1,1,1,0

                """,
            // exit_year optional column absent: every household is poor.
            "households.csv": """
                id,village,size,labour,category,cause,registered_year,income,planting,migrant,breeding,forestry,pv_dividend,ecological_post,asset_dividend,transfers,education,medical,housing,water
                A,V1,4,2,missing,illness,2014,8000,2000,5000,0,0,0,0,0,0,1,1,0,1
                B,V1,2,1,兜底户,lack_labour,2014,5000,0,0,0,0,0,0,0,4000,1,1,1,1
                C,V2,3,2,standard,lack_skills,2015,12000,3000,6000,1000,500,0,0,0,0,1,1,1,1
                D,V3,1,1,missing,disability,2014,2000,1500,0,0,0,0,0,0,0,1,0,1,1

                """,
        ]
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        return folder
    }

    @Test func handMadeCountyFigures() throws {
        let r = try CountyFolder.load(try handMadeCounty())
        let p = CountyProfile(r)
        #expect(p.households == 4 && p.poorHouseholds == 4)
        #expect(p.poorPersons == 10)                 // 4 + 2 + 3 + 1
        #expect(p.incidence == 10.0 / 1000)          // 1.0 %
        // Derived "other" income: A 8000 − 7000 = 1000; B 5000 − 4000 = 1000; C 12000 − 10500 = 1500; D 2000 − 1500 = 500.
        #expect((0..<4).map { r.households.income(.other, $0) } == [1000, 1000, 1500, 500])
        #expect(r.households.perCapitaIncome(0) == 2000)
        #expect(r.households.category[1] == .safetyNet)  // Chinese label accepted
        // Townships: 甲乡 has V1 + V2 = 700 agricultural persons and 9 poor persons; 乙镇 300 and 1.
        #expect(p.byTownship.map(\.poorPersons) == [9, 1])
        let expectedIncidence: [Double] = [9.0 / 700, 1.0 / 300]
        #expect(p.byTownship.map(\.incidence) == expectedIncidence)
        #expect(p.byTier.map(\.poorPersons) == [9, 0, 1])
        // Village exits (west: below 3 %): V1 6/400 = 1.5 % with all infrastructure → eligible;
        // V2 3/300 = 1 % but no road → infrastructure missing.
        #expect(p.villageExit.threshold == 0.03)
        #expect(p.villageExit.eligible == 1 && p.villageExit.infrastructureMissing == 1 && p.villageExit.notReady == 0)
        // Income shares over all households: total 27000; planting 6500, migrant 11000.
        let planting = try #require(p.incomeSources.first { $0.source == .planting })
        #expect(planting.registeredTotal == 6500 && abs(planting.registeredShare - 6500.0 / 27000) < 1e-12)
        // Gaps: V1 has one household without safe housing; V2 lacks a road; V3 one household without medical cover.
        #expect(p.guaranteeGaps.map(\.village) == ["V1", "V2", "V3"])
        #expect(p.guaranteeGaps[0].housing == 1 && p.guaranteeGaps[1].infrastructure == ["road"] && p.guaranteeGaps[2].medical == 1)
        let illness = try #require(p.causes.first { $0.code == "illness" })
        #expect(illness.poorHouseholds == 1 && illness.poorPersons == 4)
        // Gini by source: the parts S·G·R add up to the Gini of per-capita income, computed here by
        // the pairwise definition G = Σᵢ Σⱼ wᵢwⱼ|yᵢ − yⱼ| / (2 W² μ), persons as weights.
        let table = try #require(p.giniBySource)
        let households = r.households
        let weights = households.size.map(Double.init)
        let incomes = (0..<households.count).map { households.perCapitaIncome($0) }
        let total = weights.reduce(0, +)
        let mean = zip(weights, incomes).reduce(0) { $0 + $1.0 * $1.1 } / total
        var pairs = 0.0
        for i in incomes.indices { for j in incomes.indices { pairs += weights[i] * weights[j] * abs(incomes[i] - incomes[j]) } }
        let pairwise = pairs / (2 * total * total * mean)
        #expect(abs(table.reduce(0) { $0 + $1.share * $1.gini * $1.correlation } - pairwise) < 1e-12)
        #expect(abs(table.reduce(0) { $0 + $1.contribution } - 1) < 1e-12)
    }

    @Test func daixianProfileAgreesWithARawRecount() throws {
        let folder = sampleFolder("daixian")
        let p = CountyProfile(try CountyFolder.load(folder))
        let v = try RawCSV(folder + "/villages.csv")
        let h = try RawCSV(folder + "/households.csv")
        let townshipOf = Dictionary(uniqueKeysWithValues: zip(v.column("id"), v.column("township")))
        var poorByTownship: [String: Int] = [:], populationByTownship: [String: Int] = [:]
        for (t, n) in zip(v.column("township"), v.ints("agricultural_population")) { populationByTownship[t, default: 0] += n }
        let exitYears = h.column("exit_year"), sizes = h.ints("size")
        for (k, village) in h.column("village").enumerated() where exitYears[k].isEmpty {
            poorByTownship[townshipOf[village] ?? "?", default: 0] += sizes[k]
        }
        for row in p.byTownship {
            #expect(row.poorPersons == poorByTownship[row.township], "\(row.township)")
            #expect(abs(row.incidence - Double(poorByTownship[row.township] ?? 0) / Double(populationByTownship[row.township] ?? 1)) < 1e-12)
        }
        #expect(p.townships == 11 && p.villages == 377 && p.poorVillages == 236)
        #expect(p.households == 21_471 && p.registeredPersons == 49_417)
        // Published: 49,417 registered, 8,047, 8,150 and 14,000 (the 2018 task) exited.
        let remaining = 49_417 - 8_047 - 8_150 - 14_000
        #expect(p.poorPersons == remaining && abs(p.incidence - Double(remaining) / 172_000) < 1e-15)
        #expect(abs(p.registeredIncidence - 49_417.0 / 172_000) < 1e-15)
        #expect(p.exits.map(\.persons) == [8_047, 8_150, 14_000])
        #expect(p.villageExit.exited == 40 + 61)
        let rel = p.relocation
        #expect(rel.persons == 9_005 && rel.poorPersons == 6_605 && rel.wholeVillageNaturalVillages == 79 && rel.scatteredVillages == 64)
        #expect(rel.wholeVillageTownships == 8 && rel.concentratedFlats == 320)
        let safety = try #require(p.categories.first { $0.code == "safety_net" })
        #expect(safety.poorPersons == 2_127)
        let migrantShare = try #require(p.incomeSources.first { $0.source == .migrant }).registeredTotal
        #expect(migrantShare == h.doubles("migrant").reduce(0, +))
    }
}
