import Foundation
import Testing
@testable import Planning

/// Each published figure of the programme documents, recounted from the committed CSV files with a
/// naive reader (not the importer), and the published value written out by hand.
@Suite("Dai County sample matches the published aggregates")
struct DaixianAggregateTests {
    let folder = sampleFolder("daixian")

    @Test func townshipsAndTiersByName() throws {
        let t = try RawCSV(folder + "/townships.csv")
        let tier = Dictionary(uniqueKeysWithValues: zip(t.column("name"), t.ints("tier")))
        #expect(t.rows.count == 11)
        for name in ["胡峪乡", "雁门关乡", "枣林镇", "滩上镇", "上磨坊乡", "聂营镇"] { #expect(tier[name] == 1, "\(name)") }
        for name in ["阳明堡镇", "新高乡"] { #expect(tier[name] == 2, "\(name)") }
        for name in ["峨口镇", "上馆镇", "峪口乡"] { #expect(tier[name] == 3, "\(name)") }
    }

    @Test func villagesAndPopulation() throws {
        let v = try RawCSV(folder + "/villages.csv")
        #expect(v.rows.count == 377)
        #expect(v.column("poor").filter { $0 == "1" }.count == 236)
        #expect(v.ints("agricultural_population").reduce(0, +) == 172_000)
        // 40 villages exited in 2017 (leaving 196) and the 61 of the 2018 task in 2018, leaving 135:
        // the plan 90 / 45 for 2019–2020.
        #expect(v.column("exit_year").filter { $0 == "2017" }.count == 40)
        #expect(v.column("exit_year").filter { $0 == "2018" }.count == 61)
        #expect(v.column("exit_year").filter { !$0.isEmpty }.count == 40 + 61)
        let planned = v.column("planned_exit_year")
        let plan: [Int] = ["2017", "2018", "2019", "2020"].map { y in planned.filter { $0 == y }.count }
        #expect(plan == [40, 61, 90, 45])
        // 309 villages with collective operating income; 43 without safe water, 17 without a hard road, 16 without a clinic.
        #expect(v.doubles("collective_income").filter { $0 > 0 }.count == 309)
        #expect(v.column("water").filter { $0 == "0" }.count == 43)
        #expect(v.column("road").filter { $0 == "0" }.count == 17)
        #expect(v.column("clinic").filter { $0 == "0" }.count == 16)
        let noSignal = zip(v.column("name"), v.column("broadband")).filter { $0.1 == "0" }.map(\.0).sorted()
        #expect(noSignal == ["上阳花村", "下阳花村", "殷家会村", "西沟村"].sorted())
    }

    @Test func registeredAndRemainingPoor() throws {
        let h = try RawCSV(folder + "/households.csv")
        let sizes = h.ints("size")
        let exit = h.column("exit_year")
        #expect(h.rows.count == 21_471)
        #expect(sizes.reduce(0, +) == 49_417)
        #expect((Double(49_417) / 172_000 * 1000).rounded() / 10 == 28.7)  // the published 28.7 %
        let exited2016 = zip(sizes, exit).filter { $0.1 == "2016" }.reduce(0) { $0 + $1.0 }
        let exited2017 = zip(sizes, exit).filter { $0.1 == "2017" }.reduce(0) { $0 + $1.0 }
        let exited2018 = zip(sizes, exit).filter { $0.1 == "2018" }.reduce(0) { $0 + $1.0 }
        let remaining = zip(sizes, exit).filter { $0.1.isEmpty }.reduce(0) { $0 + $1.0 }
        #expect(exited2016 == 8_047)
        #expect(exited2017 == 8_150)
        // 33,220 remained at the start of 2018 (19.3 %); the 2018 task of 14,000 persons was met.
        #expect(remaining + exited2018 == 33_220)
        #expect((Double(remaining + exited2018) / 172_000 * 1000).rounded() / 10 == 19.3)
        #expect(exited2018 == 14_000)
    }

    @Test func safetyNetIllnessPVAndRangers() throws {
        let h = try RawCSV(folder + "/households.csv")
        let sizes = h.ints("size")
        let welfare = h.column("welfare")
        #expect(zip(sizes, welfare).filter { $0.1 == "dibao" }.reduce(0) { $0 + $1.0 } == 1_819)
        #expect(zip(sizes, welfare).filter { $0.1 == "wubao" }.reduce(0) { $0 + $1.0 } == 308)
        let category = h.column("category")
        #expect(zip(sizes, category).filter { $0.1 == "safety_net" }.reduce(0) { $0 + $1.0 } == 2_127)
        let cause = h.column("cause")
        #expect(cause.filter { $0 == "illness" }.count == 5_145)
        #expect(zip(sizes, cause).filter { $0.1 == "illness" }.reduce(0) { $0 + $1.0 } == 9_286)
        let pv = h.doubles("pv_dividend").filter { $0 > 0 }
        #expect(pv.count == 1_563 && pv.allSatisfy { $0 == 3_000 })
        let rangers = h.doubles("ecological_post").filter { $0 > 0 }
        #expect(rangers.count == 465 && rangers.allSatisfy { $0 == 6_000 })
        #expect(zip(h.column("housing"), h.column("exit_year")).filter { $0.0 == "0" && $0.1.isEmpty }.count == 480)
    }

    @Test func earnedIncomeShares35_50_15() throws {
        let h = try RawCSV(folder + "/households.csv")
        let planting = h.doubles("planting").reduce(0, +)
        let migrant = h.doubles("migrant").reduce(0, +)
        let bf = h.doubles("breeding").reduce(0, +) + h.doubles("forestry").reduce(0, +)
        let total = planting + migrant + bf
        #expect(abs(planting / total - 0.35) < 0.001)
        #expect(abs(migrant / total - 0.50) < 0.001)
        #expect(abs(bf / total - 0.15) < 0.001)
    }

    @Test func projectsOfTheYearByType() throws {
        let p = try RawCSV(folder + "/projects.csv")
        let types = p.column("type")
        #expect(types.count == 72)
        #expect(types.filter { $0 == "breeding" }.count == 35)
        #expect(types.filter { $0 == "planting" }.count == 9)
        #expect(types.filter { $0 == "processing" }.count == 6)
        #expect(types.filter { $0 == "machinery" }.count == 13)
        #expect(types.filter { $0 == "asset_income" }.count == 8)
        #expect(types.filter { $0 == "pv" }.count == 1)
        #expect(p.column("status").filter { $0 == "started" }.count == 59)  // 81.9 % started
        let stations = zip(types, p.doubles("cost")).filter { $0.0 == "asset_income" }.map(\.1)
        #expect(stations.allSatisfy { $0 == 793_000 })
        let pvRow = try #require(types.firstIndex(of: "pv"))
        #expect(p.ints("households")[pvRow] == 1_563 && p.doubles("income_per_household")[pvRow] == 3_000)
        #expect(p.doubles("capacity")[pvRow] == 40_000)
    }

    @Test func binheSiteAndRelocation() throws {
        let s = try RawCSV(folder + "/sites.csv")
        let binhe = try #require(s.column("name").firstIndex { $0.hasPrefix("滨河") })
        #expect(s.doubles("building_area_m2")[binhe] == 36_068.6)
        #expect(s.doubles("cost")[binhe] == 49_401_200)
        #expect(s.doubles("land_mu")[binhe] == 540)
        #expect(s.ints("school_seats")[binhe] == 500)
        let flats = try RawCSV(folder + "/site_flats.csv")
        let binheID = s.column("id")[binhe]
        #expect(zip(flats.column("site"), flats.ints("flats")).filter { $0.0 == binheID }.reduce(0) { $0 + $1.1 } == 320)
        let r = try RawCSV(folder + "/relocation.csv")
        let persons = r.ints("persons")
        #expect(persons.reduce(0, +) == 9_005)
        #expect(zip(persons, r.column("poor")).filter { $0.1 == "1" }.reduce(0) { $0 + $1.0 } == 6_605)
        let kind = r.column("kind"), village = r.column("village"), natural = r.column("natural_village")
        var whole = Set<String>(), scattered = Set<String>()
        for k in kind.indices {
            if kind[k] == "whole_village" { whole.insert(village[k] + "/" + natural[k]) } else { scattered.insert(village[k]) }
        }
        #expect(whole.count == 79)
        #expect(scattered.count == 64)
        // 23, 40 and 16 whole villages in successive years.
        let year = r.column("year")
        let byYear = Dictionary(grouping: kind.indices.filter { kind[$0] == "whole_village" }, by: { year[$0] })
            .mapValues { Set($0.map { village[$0] + "/" + natural[$0] }).count }
        #expect(byYear == ["2016": 23, "2017": 40, "2018": 16])
        // The whole villages lie in 8 townships.
        let v = try RawCSV(folder + "/villages.csv")
        let townshipOf = Dictionary(uniqueKeysWithValues: zip(v.column("id"), v.column("township")))
        #expect(Set(kind.indices.filter { kind[$0] == "whole_village" }.compactMap { townshipOf[village[$0]] }).count == 8)
    }

    @Test func yearlyTargetsInCountyToml() throws {
        let text = try String(contentsOfFile: folder + "/county.toml", encoding: .utf8)
        for block in ["year = 2017\nvillages = 40\npersons = 8150", "year = 2018\nvillages = 61\npersons = 14000",
                      "year = 2019\nvillages = 90\npersons = 14000", "year = 2020\nvillages = 45\npersons = 6612"] {
            #expect(text.contains(block), "\(block)")
        }
        #expect(text.contains("agricultural_population = 172000"))
        #expect(text.contains("region = \"central\""))
    }
}

@Suite("Shangzhou sample matches the published aggregates")
struct ShangzhouAggregateTests {
    let folder = sampleFolder("shangzhou")

    @Test func poorVillagesExitsAndIncidence() throws {
        let v = try RawCSV(folder + "/villages.csv")
        #expect(v.column("poor").filter { $0 == "1" }.count == 124)  // PV covers 124 poor villages
        #expect(v.column("exit_year").filter { !$0.isEmpty }.count == 68)  // 68 exited
        #expect(v.column("planned_exit_year").filter { $0 == "2019" }.count == 56)  // 56 to exit in 2019
        let h = try RawCSV(folder + "/households.csv")
        let sizes = h.ints("size"), exit = h.column("exit_year")
        let exited = zip(sizes, exit).filter { !$0.1.isEmpty }.reduce(0) { $0 + $1.0 }
        let remaining = zip(sizes, exit).filter { $0.1.isEmpty }.reduce(0) { $0 + $1.0 }
        #expect(exited >= 53_000 && exited < 54_000)  // "5.3万多"
        let population = v.ints("agricultural_population").reduce(0, +)
        #expect((Double(remaining) / Double(population) * 10_000).rounded() / 100 == 4.86)
        let text = try String(contentsOfFile: folder + "/county.toml", encoding: .utf8)
        #expect(text.contains("year = 2019\nvillages = 56\npersons = 14000"))
        #expect(text.contains("region = \"west\""))
    }

    @Test func fourPlusXIndustries() throws {
        let h = try RawCSV(folder + "/households.csv")
        #expect(h.doubles("pv_dividend").filter { $0 > 0 }.count == 20_547)
        #expect(h.ints("migrant_workers").reduce(0, +) == 34_693)
        let p = try RawCSV(folder + "/projects.csv")
        let types = p.column("type"), households = p.ints("households"), capacity = p.doubles("capacity"), names = p.column("name")
        let pv = types.indices.filter { types[$0] == "pv" }
        #expect(pv.count == 60)
        #expect(pv.reduce(0.0) { $0 + capacity[$1] } == 62_700)  // 62.7 MW in kW
        #expect(pv.reduce(0) { $0 + households[$1] } == 20_547)
        let fungi = types.indices.filter { types[$0] == "fungi" }
        #expect(fungi.reduce(0.0) { $0 + capacity[$1] } == 80_000_000)
        #expect(fungi.reduce(0) { $0 + households[$1] } == 16_322)
        let artichoke = try #require(names.firstIndex { $0.contains("菊芋") })
        #expect(capacity[artichoke] == 42_000 && p.column("unit")[artichoke] == "mu")
        let labour = try #require(types.firstIndex(of: "labour_transfer"))
        #expect(capacity[labour] == 34_693)
    }

    @Test func collectiveFundRule() throws {
        let f = try RawCSV(folder + "/funds.csv")
        let row = try #require(f.column("kind").firstIndex(of: "collective"))
        // 300,000 yuan for each of the 124 poor villages and 200,000 for each of the other 156.
        #expect(f.doubles("amount")[row] == 300_000 * 124 + 200_000 * 156)
        #expect(f.doubles("min_per_village")[row] == 200_000 && f.doubles("max_per_village")[row] == 300_000)
    }
}
