import Foundation
import Simulation
import Testing

/// `tuopin serve`'s scenario editor keeps every per-year lever of a multi-year scenario.
@Suite("tuopin serve: the editor keeps the years' levers", .serialized)
struct ScenarioEditorYearLeverTests {
    /// Every per-year lever (`YearLevers`: funds, transfer increase, line, growth by source,
    /// relocation count) round-trips through the editor: the file parsed, its form fetched from the
    /// API, saved under another name through the API, and the saved file parsed gives the same
    /// scenario (but its name) as the original's parse — the parser is the reference.
    @Test func everyYearLeverRoundTripsThroughTheForm() async throws {
        let server = try ServedCounty()
        defer { server.stop() }
        let scenarios = server.folder.appendingPathComponent("scenarios")
        let text = """
            name = "levers"
            allocation = "even"
            [years.2020]
            funds = 120000000
            transfer_increase_per_person = 300
            poverty_line = 4000
            relocation_count = 0
            [years.2020.growth]
            migrant = -0.05
            planting = 0.02
            [years.2021]
            relocation_count = 25
            """
        let original = scenarios.appendingPathComponent("levers.toml")
        try text.write(to: original, atomically: true, encoding: .utf8)
        let parsed = try Scenario.load(path: original.path)
        // The file sets every lever of a year, so a lever the form drops cannot go unseen.
        let first = try #require(parsed.years.first)
        #expect(first.funds != nil && first.transferIncreasePerPerson != nil && first.povertyLine != nil
                && first.growth.count == 2 && first.relocationCount == 0)
        #expect(parsed.years.last?.relocationCount == 25)
        let reply = try await server.request("GET", "api/counties/daixian/scenarios/levers.toml")
        let form = try #require(reply.object["form"] as? [[String: Any]], "\(reply.text)")
        var values: [String: String] = [:]
        for field in form { values[field["path"] as? String ?? ""] = field["value"] as? String ?? "" }
        #expect(values["years[0].relocation_count"] == "0" && values["years[1].relocation_count"] == "25")
        values["name"] = "levers-copy"
        let saved = try await server.request("PUT", "api/counties/daixian/scenarios/levers-copy.toml", json: ["values": values])
        #expect(saved.status == 201, "\(saved.text)")
        var copy = try Scenario.load(path: scenarios.appendingPathComponent("levers-copy.toml").path)
        #expect(copy.name == "levers-copy")
        copy.name = parsed.name
        #expect(copy.years == parsed.years)
        #expect(copy == parsed)
    }
}
