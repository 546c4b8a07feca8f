import Foundation
import Testing
import Tabular
@testable import Simulation

let fullScenario = """
# Dai County, a dry year with the migrant market still weak.
name = "dry year"

[sources.planting]
growth = 0.04
spread = 0.25

[sources.migrant]
growth = 0.06
spread = 0.3

[sources.pv_dividend]
growth = 0

[[shocks]]
name = "bad harvest"
sources = ["planting", "forestry"]
scope = "township"
tiers = [1]
probability = 0.2
loss = 0.4

[[shocks]]
name = "migrant work stops"
sources = "migrant"
probability = 0.05
loss = 0.5

[[risks]]
name = "serious illness"
causes = ["illness", "disability"]
probability = 0.08
loss_fraction = 0.2
loss_yuan = 3000

[[risks]]
name = "hail"
probability = 0.01
loss_fraction = 0.1

[policy]
poverty_line = 4000
transfer_increase_per_person = 300
transfer_recipients = "safety_net"
infrastructure_works = "planned"

[allocation]
strategy = "fixed"
plan_file = "plans/2019.csv"

[relocation]
count = 320

[targets]
persons_exit = 8150
villages_exit = 40
max_returning_households = 50
county_exit = true
"""

@Suite("Scenario files")
struct ScenarioTests {
    @Test func fullFileIsRead() throws {
        let s = try Scenario.parse(toml: fullScenario, file: "scenarios/dry.toml")
        #expect(s.name == "dry year")
        #expect(s[.planting] == SourceAssumption(growth: 0.04, spread: 0.25))
        #expect(s[.migrant] == SourceAssumption(growth: 0.06, spread: 0.3))
        #expect(s[.breeding] == SourceAssumption())
        #expect(s.shocks == [
            CommonShock(name: "bad harvest", sources: [.planting, .forestry], scope: .township, tiers: [1], probability: 0.2, loss: 0.4),
            CommonShock(name: "migrant work stops", sources: [.migrant], scope: .county, probability: 0.05, loss: 0.5),
        ])
        #expect(s.risks == [
            HouseholdRisk(name: "serious illness", causes: [.illness, .disability], probability: 0.08, lossFraction: 0.2, lossYuan: 3000),
            HouseholdRisk(name: "hail", probability: 0.01, lossFraction: 0.1),
        ])
        #expect(s.policy == PolicyLevers(povertyLine: 4000, transferIncreasePerPerson: 300, transferRecipients: .safetyNet,
                                         infrastructureWorks: .planned))
        #expect(s.allocation == .fixed(planFile: "plans/2019.csv"))
        #expect(s.relocation == .count(320))
        #expect(s.targets == Targets(personsExit: 8150, villagesExit: 40, maximumReturningHouseholds: 50, countyExit: true))
    }

    @Test func defaultsAndShorthands() throws {
        let s = try Scenario.parse(toml: "allocation = \"even\"\n", file: "scenarios/baseline.toml")
        #expect(s.name == "baseline")
        #expect(s.allocation == .even)
        #expect(s.sources.allSatisfy { $0 == SourceAssumption() })
        #expect(s.targets == Targets())
    }

    /// `[allocation] exit_margin` (the stable-exit margin) next to the strategy; absent, it is 0.
    @Test func exitMarginParses() throws {
        let s = try Scenario.parse(toml: "[allocation]\nstrategy = \"even\"\nexit_margin = 0.15\n", file: "s.toml")
        #expect(s.allocation == .even && s.exitMargin == 0.15)
        let t = try Scenario.parse(toml: "[allocation]\nexit_margin = 1\n", file: "s.toml")
        #expect(t.allocation == .optimised && t.exitMargin == 1)
        #expect(try Scenario.parse(toml: "allocation = \"optimised\"\n", file: "s.toml").exitMargin == 0)
        #expect(try Scenario.parse(toml: "name = \"x\"\n", file: "s.toml").exitMargin == 0)
    }

    @Test func yearTablesAndRiskDurationsParse() throws {
        let text = """
            [[risks]]
            probability = 0.1
            loss_yuan = 500
            duration_years = 3

            [years.2021]
            poverty_line = 4100
            [years.2020]
            funds = 9.5e7
            transfer_increase_per_person = 250
            [years.2020.growth]
            migrant = -0.1
            planting = 0.02
            """
        let s = try Scenario.parse(toml: text, file: "s.toml")
        #expect(s.risks.map(\.durationYears) == [3])
        #expect(s.years == [YearLevers(year: 2020, funds: 9.5e7, transferIncreasePerPerson: 250, growth: [(.planting, 0.02), (.migrant, -0.1)]),
                            YearLevers(year: 2021, povertyLine: 4100)])
        #expect(try Scenario.parse(toml: "[[risks]]\nprobability = 0.1\n", file: "s.toml").risks[0].durationYears == 1)
    }

    @Test(arguments: [
        ("[years.2020]\nfund = 3\n", 2, 1, "years.2020.fund: unknown key (expected one of: funds, transfer_increase_per_person, poverty_line, growth"),
        ("[years.20x0]\nfunds = 3\n", 1, 1, "years.20x0: expected a year like [years.2020]"),
        ("[years.2020.growth]\nfungi = 0.1\n", 2, 1, "years.2020.growth.fungi: unknown key"),
        ("[years.2020]\npoverty_line = 0\n", 2, 1, "years.2020.poverty_line: expected yuan per person per year in"),
        ("[[risks]]\nprobability = 0.1\nduration_years = 0\n", 3, 1, "risks[0].duration_years: expected an integer ≥ 1"),
        ("[[risks]]\nprobability = 0.1\nduration_years = 31\n", 3, 1, "risks[0].duration_years: expected an integer from 1 to 30"),
    ])
    func badYearTablesNameTheKey(text: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try Scenario.parse(toml: text, file: "s.toml")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == line && e.column == column && e.message.hasPrefix(message)
        }
    }

    @Test func syntaxErrorsCarryTOMLKitsPosition() {
        let text = "name = \"x\"\n[targets]\npersons_exit = = 3\n"
        #expect {
            _ = try Scenario.parse(toml: text, file: "s.toml")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == "s.toml" && e.line == 3 && e.column > 0 && e.message.hasPrefix("TOML syntax")
        }
    }

    /// Semantic errors name the key and point at its line and column.
    @Test(arguments: [
        ("[sources.planting]\ngrowth = 0.1\nspred = 0.2\n", 3, 1, "sources.planting.spred: unknown key"),
        ("[[shocks]]\nsources = \"planting\"\nprobability = 0.1\nloss = 0.1\n[[shocks]]\nsources = \"planting\"\n  probability = 1.5\nloss = 0.1\n",
         7, 3, "shocks[1].probability: expected a probability in [0.0, 1.0], found 1.5"),
        ("[[shocks]]\nsources = [\"planting\", \"fungi\"]\nprobability = 0.1\nloss = 0.1\n", 2, 1,
         "shocks[0].sources: unknown income source \"fungi\""),
        ("[[risks]]\ncauses = \"illness\"\nloss_fraction = 0.2\n", 1, 1, "risks[0]: missing key probability"),
        ("[targets]\npersons_exit = \"many\"\n", 2, 1, "targets.persons_exit: expected an integer, found string"),
        ("[policy]\ntransfer_recipients = \"everyone\"\n", 2, 1, "policy.transfer_recipients: expected"),
        ("[policy]\n\ninfrastructure_works = \"some\"\n", 3, 1, "policy.infrastructure_works: expected \"none\", \"planned\" or \"all\""),
        ("[allocation]\nstrategy = \"fixed\"\n", 1, 1, "allocation: strategy \"fixed\" needs plan_file"),
        ("[relocation]\nfile = \"r.csv\"\ncount = 3\n", 3, 1, "relocation.count: give either file or count"),
        ("[allocation]\nstrategy = \"optimised\"\nexit_margin = -0.1\n", 3, 1,
         "allocation.exit_margin: expected a stable-exit margin (a fraction of the poverty line, 0.1: lift to the line × 1.1) in [0.0, 1.0], found -0.1"),
        ("name = \"x\"\n[allocation]\n  exit_margin = \"a lot\"\n", 3, 3,
         "allocation.exit_margin: expected a stable-exit margin (a fraction of the poverty line, 0.1: lift to the line × 1.1), found string"),
        ("[allocation]\nstrategy = \"fixed\"\nplan_file = \"p.csv\"\nexit_margin = 0.1\n", 4, 1,
         "allocation.exit_margin: a fixed plan does not use exit_margin"),
        ("name = \"x\"\nbudget = 5\n", 2, 1, "budget: unknown key"),
    ])
    func semanticErrorsNameTheKeyAndItsPlace(text: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try Scenario.parse(toml: text, file: "scenarios/bad.toml")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == "scenarios/bad.toml" && e.line == line && e.column == column && e.message.hasPrefix(message)
        }
    }

    /// Fuzzer crashes (scripts/fuzz, target scenario): a table header starting with a character
    /// that cannot start a key aborted TOMLKit's parser; now a syntax error at that character.
    @Test(arguments: [("[|", 1, 2), ("name = \"x\"\n[来源]\ngrowth = 1\n", 2, 2), ("[[ .shocks]]\n", 1, 4), ("s=[}", 1, 4),
                     ("e=1400-iL-ag 2#", 1, 14), ("name = \"x\"\n[sources.planting]\ngrowth = 2019-01-01 1\n", 3, 21)])
    func badTableHeadersAreSyntaxErrors(text: String, line: Int, column: Int) {
        #expect {
            _ = try Scenario.parse(toml: text, file: "s.toml")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == "s.toml" && e.line == line && e.column == column && e.message.hasPrefix("TOML syntax")
        }
    }

    /// A file with Windows line ends (CRLF, as Notepad saves it) gets the same line and column as with
    /// Unix ones: here the 7th line, indented by two spaces.
    @Test func windowsLineEndsKeepThePosition() {
        let text = ["[[shocks]]", "sources = \"planting\"", "probability = 0.1", "loss = 0.1", "[[shocks]]",
                    "sources = \"planting\"", "  probability = 1.5", "loss = 0.1", ""].joined(separator: "\r\n")
        #expect {
            _ = try Scenario.parse(toml: text, file: "bad.toml")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == 7 && e.column == 3 && e.message.hasPrefix("shocks[1].probability")
        }
    }

    /// The example in notebooks-data/README.md is a valid scenario and means what the text says.
    @Test func documentedExampleParses() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks-data/README.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "```toml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let s = try Scenario.parse(toml: String(text[start.upperBound..<end.lowerBound]), file: "notebooks-data/README.md")
        #expect(s.name == "dry year")
        #expect(s.shocks.count == 2 && s.risks.count == 2)
        #expect(s.targets == Targets(personsExit: 8150, villagesExit: 40, maximumReturningHouseholds: 50, countyExit: true))
    }

    @Test func loadReadsAFileAndNamesAMissingOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-scenario-\(getpid()).toml").path
        try "name = \"from disk\"\n[targets]\nvillages_exit = 3\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try Scenario.load(path: path)
        #expect(s.name == "from disk" && s.targets.villagesExit == 3)
        #expect(throws: InputError(file: "/nonexistent/s.toml", message: "cannot read the scenario file")) {
            try Scenario.load(path: "/nonexistent/s.toml")
        }
    }

    @Test func moreThanEightRisksIsAnError() {
        let text = (0..<9).map { _ in "[[risks]]\nprobability = 0.0\n" }.joined()
        #expect(throws: InputError.self) { try Scenario.parse(toml: text, file: "r.toml") }
    }
}
