import Foundation
import Planning
import Simulation
@testable import Study
import Tabular
import TestSupport
import Testing

/// `tuopin monitor`'s library on the hand-made county of `MonitoringFixture`, where every
/// household's probability of falling below the line is 0, 1 or a risk's probability p: the
/// monitor's probabilities against p within a binomial tolerance, each planted household's class,
/// and the targeting errors recounted from the closed-form probabilities.
@Suite("Monitoring (防返贫监测)")
struct MonitoringTests {
    static let draws = 2000
    /// No residual spread, so incomes move only by the scenario's risks.
    static let settings = StudySettings(draws: draws, seed: 7, threads: 2, transitoryShare: 0)

    static func run(year: Int? = nil) throws -> (result: MonitoringResult, registry: CountyRegistry) {
        let folder = try MonitoringFixture.write()
        let workspace = try CountyWorkspace(folder: folder)
        let path = folder + "/scenarios/baseline.toml"
        let (result, _) = try workspace.monitor(try Scenario.load(path: path), scenarioPath: path, year: year, settings: settings)
        return (result, workspace.registry)
    }

    /// Four binomial standard errors of a proportion p estimated from `draws` draws.
    static func tolerance(_ p: Double) -> Double { 4 * (p * (1 - p) / Double(draws)).squareRoot() }

    @Test func probabilityOfTheRiskIsItsClosedForm() throws {
        let (result, _) = try Self.run()
        let byID = Dictionary(uniqueKeysWithValues: result.households.map { ($0.id, $0) })
        let p = MonitoringFixture.illnessProbability
        for id in ["O1", "E5"] {
            let m = try #require(byID[id])
            // A loss of the whole income: below the line and the threshold in the same draws.
            #expect(abs(m.state.probabilityBelowLine - p) <= Self.tolerance(p), "\(id): \(m.state.probabilityBelowLine) vs \(p)")
            #expect(m.state.probabilityBelowThreshold == m.state.probabilityBelowLine)
        }
        // Incomes that no risk touches: 5,000 a person is above the line in every draw, below the threshold in every draw.
        let o2 = try #require(byID["O2"])
        #expect(o2.state.probabilityBelowLine == 0)
        #expect(o2.state.probabilityBelowThreshold == 1)
    }

    @Test func plantedHouseholdsGetTheirClasses() throws {
        let (result, _) = try Self.run()
        let byID = Dictionary(uniqueKeysWithValues: result.households.map { ($0.id, $0) })
        func decision(_ id: String) throws -> MonitoringDecision { try #require(byID[id], "\(id) missing").decision }
        #expect(try decision("E1").monitoringClass == .unstable)
        #expect(try decision("E1").reasons == [.incomeBelowThreshold])
        #expect(try decision("O2").monitoringClass == .marginal)
        #expect(try decision("O1").monitoringClass == .suddenHardship)
        #expect(try decision("E5").monitoringClass == .suddenHardship)
        #expect(try decision("O3").monitoringClass == .suddenHardship)
        #expect(try decision("O3").reasons == [.spendingBelowThreshold, .rigidSpending, .recordedRisk])
        #expect(try decision("O4").monitoringClass == .suddenHardship)
        #expect(try decision("O4").reasons == [.recordedRisk])
        // Monitored since 2017, two years stable by 2021, able to work: eliminated.
        #expect(try decision("E2").status == .riskEliminated)
        #expect(try decision("E2").monitoringClass == nil)
        // The same household without anyone able to work: refused, still monitored.
        #expect(try decision("E3").status == .monitored)
        #expect(try decision("E3").monitoringClass == .unstable)
        #expect(try decision("E3").eliminationRefused == [.cannotWork])
        #expect(try decision("E4").eliminationRefused == [.tooRecent])
        // Not at risk, or under the cut-off: not listed; registered poor households are not examined.
        for id in ["E6", "O5", "P1", "P2", "P3", "P4", "P5"] { #expect(byID[id] == nil, "\(id) listed") }
        #expect(result.examined == 11)
        #expect(result.count(.unstable) == 3 && result.count(.marginal) == 1 && result.count(.suddenHardship) == 4)
        #expect(result.eliminated == 1 && result.refused == 2)
    }

    /// Inclusion error, exclusion error and coverage of the list, recounted from the closed-form
    /// probabilities: p = 0.3 for O1 and E5, 0.1 for E6, 0 for every other examined household.
    @Test func monitorTargetingAgainstClosedForm() throws {
        let (result, _) = try Self.run()
        let p = MonitoringFixture.illnessProbability, q = MonitoringFixture.disabilityProbability
        let exact: [String: Double] = ["O1": p, "E5": p, "E6": q]
        let listed = result.listed.map(\.id)
        let listedPoor = listed.reduce(0.0) { $0 + (exact[$1] ?? 0) }
        let allPoor = exact.values.reduce(0, +)
        let t = result.monitorTargeting
        #expect(t.population == 11 && t.listed == listed.count && listed.count == 8)
        #expect(abs(t.inclusionError - (Double(listed.count) - listedPoor) / Double(listed.count)) < 0.01)
        #expect(abs(t.exclusionError - (allPoor - listedPoor) / allPoor) < 0.04)
        #expect(abs(t.coverage - listedPoor / allPoor) < 0.04)
        #expect(abs(t.coverage + t.exclusionError - 1) < 1e-12)
    }

    /// The allocation's errors against who is below the line without the plan, recounted: no risk
    /// touches the registered poor, so P1–P4 (below the line) fall below it in every draw and P5
    /// (4,500 a person) in none; the beneficiaries are the households the even plan gives income.
    @Test func allocationTargetingAgainstClosedForm() throws {
        let (result, registry) = try Self.run()
        let study = try CountyStudy(registry: registry, transitoryShare: 0, optimise: false)
        let income = study.evenPlan.income
        let poor = (0..<registry.households.count).filter { registry.isPoor($0) }
        let below = poor.map { registry.households.perCapitaIncome($0) < registry.county.povertyLine ? 1.0 : 0.0 }
        let benefits = poor.map { income[$0] > 0 }
        let listed = benefits.filter { $0 }.count
        #expect(listed > 0 && listed < poor.count)
        var includedNonPoor = 0.0, excludedPoor = 0.0
        for (b, y) in zip(benefits, below) { if b { includedNonPoor += 1 - y } else { excludedPoor += y } }
        let t = try #require(result.allocationTargeting)
        #expect(t.population == 5 && t.listed == listed)
        #expect(t.inclusionError == includedNonPoor / Double(listed))
        #expect(t.exclusionError == excludedPoor / below.reduce(0, +))
    }

    @Test func onlyTheProjectedYearsAreClassified() throws {
        // From the registry's year + 1 (2021) through 30 years (2050).
        #expect(throws: MonitoringError.yearNotSimulated(year: 2020, simulated: 2021, last: 2050)) { try Self.run(year: 2020) }
        #expect(throws: MonitoringError.yearNotSimulated(year: 2051, simulated: 2021, last: 2050)) { try Self.run(year: 2051) }
        let folder = try MonitoringFixture.write(monitoring: false)
        let workspace = try CountyWorkspace(folder: folder)
        let path = folder + "/scenarios/baseline.toml"
        #expect(throws: MonitoringError.self) {
            try workspace.monitor(try Scenario.load(path: path), scenarioPath: path, year: nil, settings: Self.settings)
        }
    }

    /// The second year (2022) inside the projection: the fixture's incomes do not grow and its risks
    /// strike each year independently, so every probability is the first year's (O1, E5: p), and the
    /// rules carry the monitoring from 2021: E1, identified in 2021, still below the threshold (and one year only); E2,
    /// eliminated in 2021, not at risk, off the list; E3 still refused (`cannot_work`); E4, monitored
    /// since 2020, has its two stable years by 2022: eliminated; O3 and O4, identified in 2021 for the
    /// registry's spending and risk (the registry's last 12 months: not carried into 2022), not at
    /// risk now but monitored for one year only: refused `too_recent`, in their registration's class.
    @Test func theSecondYearCarriesTheMonitoringForward() throws {
        let (result, _) = try Self.run(year: 2022)
        #expect(result.parameters.year == 2022)
        let byID = Dictionary(uniqueKeysWithValues: result.households.map { ($0.id, $0) })
        func decision(_ id: String) throws -> MonitoringDecision { try #require(byID[id], "\(id) missing").decision }
        #expect(try decision("E1").status == .monitored && decision("E1").monitoringClass == .unstable)
        #expect(try decision("E1").eliminationRefused == [.incomeBelowThreshold, .tooRecent])
        #expect(byID["E2"] == nil)
        #expect(try decision("E3").status == .monitored && decision("E3").eliminationRefused == [.cannotWork])
        #expect(try decision("E4").status == .riskEliminated)
        for id in ["O3", "O4"] {
            #expect(try decision(id).status == .monitored && decision(id).monitoringClass == .marginal)
            #expect(try decision(id).eliminationRefused == [.tooRecent], "\(id)")
        }
        #expect(try decision("O2").status == .monitored && decision("O2").monitoringClass == .marginal)
        let p = MonitoringFixture.illnessProbability
        for id in ["O1", "E5"] {
            let m = try #require(byID[id])
            #expect(m.decision.status == .monitored && m.decision.monitoringClass == .suddenHardship)
            #expect(abs(m.state.probabilityBelowLine - p) <= Self.tolerance(p), "\(id): \(m.state.probabilityBelowLine) vs \(p)")
            #expect(m.state.probabilityBelowThreshold == m.state.probabilityBelowLine)
        }
        #expect(byID["E6"] == nil && byID["O5"] == nil)
        #expect(result.allocationTargeting == nil)
        // --year 2021 is the next year: exactly the run without --year.
        let next = try Self.run(year: 2021).result, plain = try Self.run().result
        #expect(next.households.map(\.id) == plain.households.map(\.id))
        #expect(next.households.map(\.decision) == plain.households.map(\.decision))
        #expect(next.households.map(\.state) == plain.households.map(\.state))
    }

    @Test func sameSeedSameListWhateverTheThreads() throws {
        let folder = try MonitoringFixture.write()
        let workspace = try CountyWorkspace(folder: folder)
        let path = folder + "/scenarios/baseline.toml"
        let scenario = try Scenario.load(path: path)
        var one = Self.settings, two = Self.settings
        one.threads = 1
        two.threads = 2
        let a = MonitoringReport(result: try workspace.monitor(scenario, scenarioPath: path, year: nil, settings: one).result,
                                 registry: workspace.registry, lang: .en).json().rendered()
        let b = MonitoringReport(result: try workspace.monitor(scenario, scenarioPath: path, year: nil, settings: two).result,
                                 registry: workspace.registry, lang: .en).json().rendered()
        #expect(a == b)
    }
}

/// The rules as a function of one household's state (what a multi-year projection calls each year).
@Suite("Monitoring rules")
struct MonitoringRuleTests {
    static let parameters = MonitoringParameters(year: 2021, threshold: 6000, spendingThreshold: 10000, stableYears: 2, riskProbability: 0.2)

    static func state(registered: Bool = true, labour: Int = 2, perCapita: Double = 9000, spending: Double = 0, risks: UInt8 = 0,
                      monitored: Int? = nil, line: Double = 0, threshold: Double = 0) -> MonitoredHouseholdState {
        MonitoredHouseholdState(registered: registered, registeredPoor: false, persons: 2, labour: labour, perCapitaIncome: perCapita,
                                compliantSpending: spending, risks: risks, monitoredYear: monitored, probabilityBelowLine: line,
                                probabilityBelowThreshold: threshold)
    }

    @Test func eliminationIsRefusedWhenNobodyCanWork() {
        let able = MonitoringClassifier.classify(Self.state(labour: 1, monitored: 2018), year: 2021, parameters: Self.parameters)
        #expect(able.status == .riskEliminated)
        let unable = MonitoringClassifier.classify(Self.state(labour: 0, monitored: 2018), year: 2021, parameters: Self.parameters)
        #expect(unable.status == .monitored && unable.eliminationRefused == [.cannotWork] && unable.monitoringClass == .unstable)
    }

    @Test func eliminationIsRefusedWhileIncomeOrSpendingIsUnstable() {
        let income = MonitoringClassifier.classify(Self.state(monitored: 2018, threshold: 0.2), year: 2021, parameters: Self.parameters)
        #expect(income.eliminationRefused == [.incomeBelowThreshold])
        // Exactly at the cut-off counts as at risk; just under it does not.
        let under = MonitoringClassifier.classify(Self.state(monitored: 2018, threshold: 0.1999), year: 2021, parameters: Self.parameters)
        #expect(under.status == .riskEliminated)
        let spending = MonitoringClassifier.classify(Self.state(spending: 10000, monitored: 2018), year: 2021, parameters: Self.parameters)
        #expect(spending.eliminationRefused == [.spendingBelowThreshold, .rigidSpending])
    }

    @Test func classesFollowRegistrationAndSuddenness() {
        #expect(MonitoringClassifier.classify(Self.state(perCapita: 5000, threshold: 1), year: 2021, parameters: Self.parameters).monitoringClass == .unstable)
        #expect(MonitoringClassifier.classify(Self.state(registered: false, perCapita: 5000, threshold: 1), year: 2021, parameters: Self.parameters).monitoringClass == .marginal)
        #expect(MonitoringClassifier.classify(Self.state(registered: false, line: 0.5, threshold: 0.5), year: 2021, parameters: Self.parameters).monitoringClass == .suddenHardship)
        // Above the threshold and only a spread risk at the threshold (not the line): by registration.
        #expect(MonitoringClassifier.classify(Self.state(registered: false, threshold: 0.3), year: 2021, parameters: Self.parameters).monitoringClass == .marginal)
        var poor = Self.state(perCapita: 1000, threshold: 1)
        poor.registeredPoor = true
        #expect(MonitoringClassifier.classify(poor, year: 2021, parameters: Self.parameters).status == .none)
    }

    /// The cheapest assistance against a hand computation: breeding returns 1,500 a year for 10,000
    /// yuan a household (0.15 a yuan), PV 1,000 for 15,000 (0.0667); a gap of 2,000 takes 1,500 of
    /// breeding (10,000 yuan) and 500 of PV (7,500 yuan); without workers only PV, which closes 1,000.
    @Test func cheapestAssistanceIsTheFractionalKnapsack() {
        let returns = [ProjectTypeReturn(type: .pv, projects: 1, costPerHousehold: 15000, incomePerHousehold: 1000, averageProjectCost: 300000),
                       ProjectTypeReturn(type: .breeding, projects: 1, costPerHousehold: 10000, incomePerHousehold: 1500, averageProjectCost: 100000)]
        let a = CheapestAssistance.plan(gap: 2000, canWork: true, returns: returns)
        #expect(a?.parts.map(\.type) == [.breeding, .pv])
        #expect(abs((a?.cost ?? 0) - 17500) < 1e-9)
        #expect(a?.closesGap == true)
        let b = CheapestAssistance.plan(gap: 2000, canWork: false, returns: returns)
        #expect(b?.parts.map(\.type) == [.pv] && abs((b?.cost ?? 0) - 15000) < 1e-9 && b?.closesGap == false)
        #expect(CheapestAssistance.plan(gap: 0, canWork: true, returns: returns) == nil)
    }

    @Test func yearsOverrideTheThreshold() {
        let rule = MonitoringRule(threshold: 5400, spendingThreshold: 9000, stableYears: 1, riskProbability: 0.2,
                                  years: [MonitoringYear(year: 2022, threshold: 6500), MonitoringYear(year: 2021, threshold: 6000, spendingThreshold: 10000)])
        #expect(rule.parameters(for: 2020).threshold == 5400 && rule.parameters(for: 2020).spendingThreshold == 9000)
        #expect(rule.parameters(for: 2021).threshold == 6000 && rule.parameters(for: 2021).spendingThreshold == 10000)
        #expect(rule.parameters(for: 2023).threshold == 6500 && rule.parameters(for: 2023).spendingThreshold == 9000)
    }

    @Test func monitoringTableErrorsNameTheirLine() {
        let base = "name = \"x\"\nregion = \"central\"\nyear = 2020\npoverty_line = 4000\nagricultural_population = 10\n"
        #expect(throws: InputErrors.self) { try County.parse(toml: base + "[monitoring]\nspending_threshold = 1\n") }
        do {
            _ = try County.parse(toml: base + "[monitoring]\nthreshold = 6000\nrisk_probabilty = 0.3\n")
            Issue.record("unknown key accepted")
        } catch {
            #expect(error.errors.first?.line == 8)
            #expect(error.errors.first?.message.contains("did you mean \"risk_probability\"") == true)
        }
        let county = try? County.parse(toml: base + "[monitoring]\nthreshold = 6000\n[[monitoring.years]]\nyear = 2021\nthreshold = 6200\n")
        #expect(county?.monitoring?.parameters(for: 2021).threshold == 6200)
        #expect(county?.monitoring?.riskProbability == 0.2 && county?.monitoring?.stableYears == 1)
    }

    /// The household files' monitoring cells are checked at their line and column; an ordinary household
    /// may not reuse a registered household's id.
    @Test func householdFilesRefuseBadMonitoringCells() throws {
        let folder = try MonitoringFixture.write()
        let ordinary = folder + "/ordinary_households.csv"
        var text = try String(contentsOfFile: ordinary, encoding: .utf8)
        text = text.replacingOccurrences(of: ",disaster,", with: ",flood,").replacingOccurrences(of: "O5,", with: "E1,")
        try text.write(toFile: ordinary, atomically: true, encoding: .utf8)
        do {
            _ = try CountyFolder.load(folder)
            Issue.record("bad ordinary_households.csv accepted")
        } catch {
            let messages = error.errors.map(\.description)
            #expect(messages.contains { $0.contains("ordinary_households.csv:5:25:") && $0.contains("risk codes") }, "\(messages)")
            #expect(messages.contains { $0.contains("ordinary_households.csv:6:1:") && $0.contains("not in households.csv") }, "\(messages)")
        }
    }
}
