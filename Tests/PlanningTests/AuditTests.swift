import Foundation
import Testing
@testable import Planning

/// The registry audit: hand-made registries where each rule fires on exactly the planted rows
/// (expected lines written down from the files the test writes, not from the audit), a clean
/// registry with no finding, and the Dai sample recounted from the raw CSV by a second method.
@Suite("Registry audit")
struct AuditTests {
    static let householdHeader = "id,village,size,labour,migrant_workers,category,cause,welfare,registered_year,exit_year,income,planting,migrant,breeding,forestry,pv_dividend,ecological_post,asset_dividend,transfers,education,medical,housing,water"
    static let villageHeader = "id,township,name,poor,agricultural_population,natural_villages,road,water,electricity,broadband,clinic,school,collective_income,planned_exit_year,exit_year"

    /// Writes a county folder with the given village and household rows (header added).
    static func county(villages: [String], households: [String]) throws -> String {
        let folder = try temporaryFolder("audit")
        try """
            name = "测试县"
            region = "central"
            year = 2018
            poverty_line = 3535
            agricultural_population = 10000

            """.write(toFile: folder + "/county.toml", atomically: true, encoding: .utf8)
        try "name,tier\n甲乡,1\n".write(toFile: folder + "/townships.csv", atomically: true, encoding: .utf8)
        try ([villageHeader] + villages).joined(separator: "\n").appending("\n").write(toFile: folder + "/villages.csv", atomically: true, encoding: .utf8)
        try ([householdHeader] + households).joined(separator: "\n").appending("\n").write(toFile: folder + "/households.csv", atomically: true, encoding: .utf8)
        return folder
    }

    /// A clean household row: 3 persons, 2 able to work, 1 away, not exited, everything secured.
    static func household(_ id: String, village: String = "V1", size: Int = 3, labour: Int = 2, migrants: Int = 1,
                          category: String = "standard", cause: String = "lack_skills", welfare: String = "none",
                          exit: String = "", income: Int = 6000, flags: String = "1,1,1,1", wages: Int? = nil) -> String {
        // Wage income (`migrant`) 2,000 when someone works away, else none, unless given.
        "\(id),\(village),\(size),\(labour),\(migrants),\(category),\(cause),\(welfare),2015,\(exit),\(income),1000,\(wages ?? (migrants > 0 ? 2000 : 0)),0,0,0,0,0,0,\(flags)"
    }

    static let cleanVillages = [
        "V1,甲乡,一村,1,1000,1,1,1,1,1,1,1,0,2019,",
        "V2,甲乡,二村,1,1000,1,1,1,1,1,1,1,0,2018,2018",
        "V3,甲乡,三村,0,500,1,0,1,1,1,1,1,0,,",
    ]

    static func load(_ folder: String) throws -> CountyRegistry {
        let (registry, errors) = loadOrErrors(folder)
        #expect(errors.isEmpty, "\(errors)")
        return try #require(registry)
    }

    @Test func cleanRegistryHasNoFinding() throws {
        // Poor households (3 persons in V1 of 1,000), exited ones above the line with every
        // guarantee, labour-less ones on 低保/五保, a safety-net household on 五保, an illness
        // household insured; V2 exited with no poor persons left; V3 is not poor (its missing road is no finding).
        let folder = try Self.county(villages: Self.cleanVillages, households: [
            Self.household("H1"),
            Self.household("H2", village: "V2", exit: "2017", income: 20000),
            Self.household("H3", labour: 0, migrants: 0, welfare: "dibao"),
            Self.household("H4", village: "V3", labour: 0, migrants: 0, category: "safety_net", welfare: "wubao"),
            Self.household("H5", cause: "illness"),
            Self.household("H6", exit: "2019", income: 3000, flags: "1,1,0,1"),  // exits next year: not audited as exited
        ])
        let result = RegistryAudit.run(try Self.load(folder))
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(result.householdsChecked == 6 && result.villagesChecked == 3)
        #expect(result.countsByRule.allSatisfy { $0.findings == 0 } && result.countsByRule.count == AuditRule.allCases.count)
    }

    @Test func eachRuleFiresOnThePlantedRows() throws {
        // Line numbers: the header is line 1; villages.csv's V1 name holds a quoted line break, so
        // V2 starts on line 4 and V3 on 5, V4 on 6.
        let villages = [
            "V1,甲乡,\"一\n村\",1,1000,1,1,1,1,1,1,1,0,2019,",
            "V2,甲乡,二村,1,100,1,1,1,1,1,1,1,0,2018,2018",   // exited, 5 poor persons of 100: V01
            "V3,甲乡,三村,1,1000,1,1,0,1,1,0,1,0,2017,2017",  // exited, water and clinic missing: V02
            "V4,甲乡,四村,1,1000,1,1,1,1,1,1,1,0,2019,2019",  // exits next year: nothing
        ]
        let households = [
            Self.household("H01"),                                                           // line 2: clean
            Self.household("H02", labour: 0, migrants: 0),                                   // 3: H01
            Self.household("H03", cause: "illness", flags: "1,0,1,1"),                       // 4: H02
            Self.household("H04", exit: "2018", income: 7000),                               // 5: H03 (2,333 a person)
            Self.household("H05", exit: "2016", income: 30000, flags: "0,1,1,0"),            // 6: H04
            Self.household("H06", labour: 1, migrants: 0, category: "safety_net"),           // 7: H05
            Self.household("H07", village: "V2", size: 5, labour: 2, migrants: 0),           // 8: poor in V2 (5 persons)
            Self.household("H08", village: "V3", exit: "2017", income: 20000),               // 9: clean
            Self.household("H09", labour: 0, migrants: 0, category: "safety_net"),           // 10: H01 and H05
            Self.household("H10", cause: "illness", exit: "2018", income: 3000, flags: "1,0,1,1"), // 11: H02, H03, H04
            Self.household("H11", wages: 0),                                                  // 12: H08 (a worker, no wages)
            Self.household("H12", labour: 1, migrants: 0, wages: 500),                        // 13: H08 (wages, no worker)
            Self.household("H13", cause: "schooling", flags: "0,1,1,1"),                      // 14: H09
        ]
        let registry = try Self.load(try Self.county(villages: villages, households: households))
        let result = RegistryAudit.run(registry)
        let found = result.findings.map { "\($0.rule.rawValue)@\($0.file.hasSuffix("villages.csv") ? "v" : "h")\($0.line ?? -1)" }
        #expect(found == ["H01@h3", "H02@h4", "H03@h5", "H04@h6", "H05@h7", "H01@h10", "H05@h10",
                          "H02@h11", "H03@h11", "H04@h11", "H08@h12", "H08@h13", "H09@h14", "V01@v4", "V02@v5"])
        let counts = Dictionary(uniqueKeysWithValues: result.countsByRule.map { ($0.rule.rawValue, $0.findings) })
        #expect(counts == ["H01": 2, "H02": 2, "H03": 2, "H04": 2, "H05": 2, "H06": 0, "H07": 0, "H08": 2, "H09": 1, "V01": 1, "V02": 1])
        let byVillage = result.countsByVillage(villageOrder: registry.villages.map(\.id))
        #expect(byVillage.map(\.village) == ["V1", "V2", "V3"] && byVillage.map(\.findings) == [13, 1, 1])
        // Household ids, village ids and messages name the row.
        let h10 = result.findings.filter { $0.household == "H10" }
        #expect(h10.count == 3 && h10.allSatisfy { $0.village == "V1" })
        #expect(h10.contains { $0.messageEN.contains("medical") && $0.rule == .exitedWithoutGuarantees })
        #expect(result.findings.first { $0.rule == .exitedBelowLine }?.messageEN.contains("2333 yuan") == true)
        #expect(result.findings.first { $0.rule == .villageExitedAboveThreshold }?.messageZH.contains("5.0%") == true)
        #expect(result.findings.first { $0.rule == .villageExitedMissingInfrastructure }?.messageEN.hasSuffix("water, clinic") == true)
        #expect(result.findings.allSatisfy { $0.location.hasPrefix($0.file + ":") })
        // Selected rules only.
        #expect(RegistryAudit.run(registry, rules: [.villageExitedMissingInfrastructure]).findings.count == 1)
    }

    /// The import refuses these rows, so the rules are checked on a registry changed in memory.
    @Test func countsAndYearsThatContradictEachOther() throws {
        var registry = try Self.load(try Self.county(villages: Self.cleanVillages, households: [
            Self.household("H1"), Self.household("H2"), Self.household("H3"), Self.household("H4", village: "V2", exit: "2017", income: 20000),
        ]))
        registry.households.labour[0] = 4        // size 3 < labour 4 (line 2)
        registry.households.migrantWorkers[1] = 3 // migrants 3 > labour 2 (line 3)
        registry.households.registeredYear[3] = 2018 // registered 2018 after exit 2017 (line 5)
        let result = RegistryAudit.run(registry)
        #expect(result.findings.map { "\($0.rule.rawValue)@\($0.line ?? -1)" } == ["H06@2", "H06@3", "H07@5"])
        // Without source lines (a registry built in memory) a finding names the file only.
        registry.sourceLines = nil
        #expect(RegistryAudit.run(registry).findings.map(\.location) == ["households.csv", "households.csv", "households.csv"])
    }

    /// Dai County: every rule's count recomputed from the raw CSV with the naive reader.
    @Test func daiSampleCountsAgreeWithARawRecount() throws {
        let folder = sampleFolder("daixian")
        let registry = try Self.load(folder)
        let result = RegistryAudit.run(registry)
        let h = try RawCSV(folder + "/households.csv"), v = try RawCSV(folder + "/villages.csv")
        let line = 3535.0, year = 2018
        let size = h.ints("size"), labour = h.ints("labour"), welfare = h.column("welfare"), cause = h.column("cause")
        let category = h.column("category"), income = h.doubles("income"), exit = h.column("exit_year").map { Int($0) ?? 0 }
        let flags = ["education", "medical", "housing", "water"].map { h.column($0) }
        let migrants = h.ints("migrant_workers"), wages = h.doubles("migrant")
        var expected = [String: Int]()
        var poor = [String: Int]()
        let villageOfHousehold = h.column("village")
        for r in h.rows.indices {
            let exited = exit[r] != 0 && exit[r] <= year
            if !exited { poor[villageOfHousehold[r], default: 0] += size[r] }
            if labour[r] == 0 && welfare[r] == "none" { expected["H01", default: 0] += 1 }
            if cause[r] == "illness" && flags[1][r] == "0" { expected["H02", default: 0] += 1 }
            if exited && income[r] / Double(size[r]) < line { expected["H03", default: 0] += 1 }
            if exited && flags.contains(where: { $0[r] == "0" }) { expected["H04", default: 0] += 1 }
            if category[r] == "safety_net" && welfare[r] == "none" { expected["H05", default: 0] += 1 }
            if (migrants[r] > 0) != (wages[r] > 0) { expected["H08", default: 0] += 1 }
            if cause[r] == "schooling" && flags[0][r] == "0" { expected["H09", default: 0] += 1 }
        }
        let ids = v.column("id"), population = v.ints("agricultural_population"), villageExit = v.column("exit_year").map { Int($0) ?? 0 }
        let infrastructure = ["road", "water", "electricity", "broadband", "clinic", "school"].map { v.column($0) }
        for r in v.rows.indices where villageExit[r] != 0 && villageExit[r] <= year {
            if population[r] > 0 && Double(poor[ids[r]] ?? 0) / Double(population[r]) >= 0.02 { expected["V01", default: 0] += 1 }
            if infrastructure.contains(where: { $0[r] == "0" }) { expected["V02", default: 0] += 1 }
        }
        let counts = Dictionary(uniqueKeysWithValues: result.countsByRule.filter { $0.findings > 0 }.map { ($0.rule.rawValue, $0.findings) })
        #expect(counts == expected.filter { $0.value > 0 })
        #expect(result.findings.count == expected.values.reduce(0, +))
        // Every household finding's line is that household's line in the raw file (header = line 1).
        let lineOf = Dictionary(uniqueKeysWithValues: h.column("id").enumerated().map { ($1, $0 + 2) })
        #expect(result.findings.allSatisfy { f in f.household.map { lineOf[$0] == f.line } ?? true })
        print("Dai audit:", counts.sorted { $0.key < $1.key }, "total", result.findings.count)
    }
}
