import Foundation
import Planning
import Regression
import Tabular
import Testing
@testable import Simulation

/// The registry → simulation input bridge, on the Dai County sample.
@Suite("Registry input")
struct RegistryInputTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("notebooks-data/daixian").path

    @Test func arraysFollowTheRegistry() throws {
        let registry = try CountyFolder.load(Self.folder)
        let input = SimulationInput(registry: registry)
        try input.validate()
        let h = registry.households
        #expect(input.households.count == h.count)
        // Registered poor now: not exited by the county's year, counted straight from the table.
        let poor = (0..<h.count).filter { h.exitYear[$0] == 0 || Int(h.exitYear[$0]) > registry.county.year }
        #expect(input.households.registeredPoor.indices.filter { input.households.registeredPoor[$0] } == poor)
        // Sources add up to the recorded income (other = income − stored sources).
        for i in stride(from: 0, to: h.count, by: 997) {
            let total = input.households.incomeBySource.reduce(0) { $0 + $1[i] }
            #expect(abs(total - h.income[i]) < 1e-6)
        }
        #expect(input.county.povertyLine == registry.county.povertyLine)
        #expect(input.county.exitThreshold == 0.02)
        #expect(input.villages.poorVillage.filter { $0 }.count
                == registry.villages.filter { $0.isPoor && ($0.exitYear ?? .max) > registry.county.year }.count)
    }

    /// The in-memory fit equals the same regression read from households.csv (the CLI's path).
    @Test func incomeModelEqualsTheCSVFit() throws {
        let registry = try CountyFolder.load(Self.folder)
        let model = try IncomeModel.fit(registry)
        let csv = try CSVFile(path: Self.folder + "/households.csv")
        let frame = try ModelFrame.load(csv: csv, formula: try Formula(IncomeModel.formula), clusters: ["village"])
        let reference = try fitLinearModel(frame, options: RegressionOptions(covariance: .cluster(["village"])))
        #expect(model.regression.coefficients.map(\.term) == ["labour", "migrant_workers", "size"])
        for (a, b) in zip(model.regression.coefficients, reference.coefficients) {
            #expect(abs(a.estimate - b.estimate) <= 1e-9 * max(1, abs(b.estimate)))
            #expect(abs((a.standardError ?? 0) - (b.standardError ?? 0)) <= 1e-9 * max(1, abs(b.standardError ?? 0)))
        }
        // The year-to-year spread: c = √(0.5 · Σ ε² / Σ earned²), earned income read from the CSV's
        // planting, migrant, breeding and forestry columns; its root mean square √(0.5 · Σ ε² / n).
        let lines = try String(contentsOfFile: Self.folder + "/households.csv", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines[0].map(String.init)
        let earnedColumns = try ["planting", "migrant", "breeding", "forestry"].map { try #require(header.firstIndex(of: $0)) }
        let earned = lines.dropFirst().map { row in earnedColumns.reduce(0.0) { $0 + (Double(row[$1]) ?? .nan) } }
        #expect(earned.count == reference.residuals.count)
        let squaredResiduals = reference.residuals.reduce(0) { $0 + $1 * $1 }
        let squaredEarned = earned.reduce(0) { $0 + $1 * $1 }
        let c = (0.5 * squaredResiduals / squaredEarned).squareRoot()
        #expect(abs(model.residualSpread.perYuanEarned - c) < 1e-9 * c)
        #expect(model.residualSpread.total == 0)
        let rms = (0.5 * squaredResiduals / Double(earned.count)).squareRoot()
        #expect(abs(model.meanTransitorySpread - rms) < 1e-9 * rms)
    }

    /// Even spreading is one rule (`EvenSpreading`) for the simulation and `tuopin allocate`'s
    /// baseline: the same villages, shares and persons lifted. Checked from the files: the receiving
    /// villages are the poor ones not yet exited, each source hands each of them `amount / villages`
    /// (cut to its maximum), and the household incomes lift exactly the persons the baseline counts
    /// (Σ persons · min(1, income / gap) over the curves), exited households getting nothing.
    @Test func evenPlanIsTheAllocationBaseline() throws {
        let registry = try CountyFolder.load(Self.folder)
        let plan = EvenPlan(registry)
        let baseline = try FundAllocation.solve(registry).baseline
        #expect(plan.spreading == baseline)
        let year = registry.county.year
        let poorVillages = registry.villages.indices.filter { registry.villages[$0].isPoor && (registry.villages[$0].exitYear ?? .max) > year }
        #expect(plan.villages == poorVillages.count && plan.villages > 0)
        let returns = ProjectReturns.estimate(registry.projects)
        for (f, fund) in registry.funds.enumerated() {
            let usable = returns.contains { fund.mayPay(for: $0.type) }
            let share = usable ? min(fund.amount / Double(poorVillages.count), fund.maxPerVillage ?? .infinity) : 0
            #expect(abs(plan.spentBySource[f] - share * Double(poorVillages.count)) <= 1e-6 * (1 + fund.amount), "\(fund.id)")
        }
        let h = registry.households
        var lifted = 0.0
        for i in 0..<h.count where !h.hasExited(i, by: year) && h.category[i] != .safetyNet {
            let gap = (registry.county.povertyLine - h.perCapitaIncome(i)) * Double(h.size[i])
            if gap > 0 { lifted += Double(h.size[i]) * min(1, plan.income[i] / gap) }
        }
        #expect(abs(lifted - baseline.personsLifted) <= 1e-6 * max(1, lifted), "households \(lifted), baseline \(baseline.personsLifted)")
        #expect(baseline.personsLifted > 0)
        for i in 0..<h.count where h.hasExited(i, by: year) { #expect(plan.income[i] == 0) }
    }
}

/// The project mix of even and fixed plans: cost shares by type, recounted here from projects.csv.
@Suite("Project mix")
struct ProjectMixTests {
    @Test func sharesAreCostSharesOfProjectsCSV() throws {
        let registry = try CountyFolder.load(RegistryInputTests.folder)
        let text = try String(contentsOfFile: RegistryInputTests.folder + "/projects.csv", encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let type = try #require(header.firstIndex(of: "type")), cost = try #require(header.firstIndex(of: "cost"))
        var byType: [String: Double] = [:]
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            byType[String(f[type]), default: 0] += try #require(Double(f[cost]))
        }
        let total = byType.values.reduce(0, +)
        let mix = PlanIncome.projectMix(of: registry)
        #expect(Set(mix.map(\.type.rawValue)) == Set(byType.keys))
        for (t, share) in mix { #expect(abs(share - (byType[t.rawValue] ?? 0) / total) < 1e-12) }
        #expect(abs(mix.reduce(0) { $0 + $1.share } - 1) < 1e-12)
    }
}

/// The study's choice of plan by allocation strategy.
@Suite("County study")
struct CountyStudyTests {
    @Test func optimisedPlanCarriesTheAllocationAndFallsBackToEven() throws {
        let registry = try CountyFolder.load(RegistryInputTests.folder)
        var study = try CountyStudy(registry: registry)
        var scenario = Scenario(name: "s", allocation: .optimised)
        // The study's optimised plan hands out exactly the income the allocation's yuan earn at each
        // project type's return (recomputed here from the allocation and projects.csv).
        let computed = try #require(study.optimisedPlan)
        let allocation = try FundAllocation.solve(registry)
        let returns = Dictionary(ProjectReturns.estimate(registry.projects).map { ($0.type, $0.returnPerYuan) }, uniquingKeysWith: { a, _ in a })
        let earned = allocation.lines.reduce(0) { $0 + $1.yuan * (returns[$1.type] ?? 0) }
        #expect(computed.strategy == "optimised")
        #expect(abs(computed.income.reduce(0, +) - earned) <= 1e-9 * max(earned, 1))
        #expect(abs(computed.cost - allocation.lines.reduce(0) { $0 + $1.yuan }) <= 1e-6 * max(computed.cost, 1))
        #expect(try study.plan(for: scenario).plan == computed)
        // Without an optimised plan the study falls back to even spreading, with a note.
        study.optimisedPlan = nil
        let (fallback, note) = try study.plan(for: scenario)
        #expect(fallback == study.evenPlan && note != nil)
        let optimised = PlanIncome(strategy: "optimised", income: Array(repeating: 1, count: registry.households.count),
                                   spentBySource: registry.funds.map { _ in 1 })
        study.optimisedPlan = optimised
        let (chosen, none) = try study.plan(for: scenario)
        #expect(chosen == optimised && none == nil)
        scenario.allocation = .fixed(planFile: "plans/x.csv")
        #expect(throws: InputError.self) { try study.plan(for: scenario, scenarioPath: "/nonexistent/s.toml") }
        // The plan's income reaches the engine's input, and its cost the cost per person lifted.
        let input = study.input(plan: optimised)
        #expect(input.households.planIncome == optimised.income && input.planCost == Double(registry.funds.count))
    }
}

@Suite("Fixed plan files")
struct FixedPlanTests {
    @Test func grantsReachTheVillagesPoorHouseholds() throws {
        let registry = try CountyFolder.load(RegistryInputTests.folder)
        let h = registry.households, year = registry.county.year
        let poor = (0..<h.count).filter { !h.hasExited($0, by: year) }
        let v = Int(h.village[try #require(poor.first)])
        let members = poor.filter { Int(h.village[$0]) == v }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-fixed-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plan.csv").path
        let id = registry.villages[v].id
        try "village,source,amount\n\(id),F01,100000\n\(id),F02,50000\n".write(toFile: file, atomically: true, encoding: .utf8)
        let plan = try PlanIncome.fixed(path: file, registry: registry, returnPerYuan: 0.1)
        #expect(plan.spentBySource[0] == 100_000 && plan.spentBySource[1] == 50_000 && plan.cost == 150_000)
        for member in members { #expect(abs(plan.income[member] - 15_000 / Double(members.count)) < 1e-9) }
        #expect(plan.income.indices.filter { plan.income[$0] != 0 } == members)

        try "village,source,amount\n\(id),F01,1\nV999999,F01,2\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: InputError(file: file, line: 3, column: 1, message: "expected a village id of villages.csv, found \"V999999\"")) {
            try PlanIncome.fixed(path: file, registry: registry, returnPerYuan: 0.1)
        }
        // Through the study, the file is found beside the scenario.
        let study = try CountyStudy(registry: registry)
        try "village,source,amount\n\(id),F01,100000\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (chosen, note) = try study.plan(for: Scenario(name: "s", allocation: .fixed(planFile: "plan.csv")),
                                            scenarioPath: folder.appendingPathComponent("s.toml").path)
        #expect(chosen.strategy == "fixed" && chosen.cost == 100_000 && note == nil)
    }
}

extension RegistryInputTests {
    /// `[policy] infrastructure_works` closes the gaps of the villages it selects, recounted from
    /// villages.csv by hand: poor, not exited by the registry's year (2018), some of road, water,
    /// electricity, broadband, clinic, school = 0, and (for "planned") planned to exit by 2019.
    @Test func infrastructureWorksCloseTheSelectedVillagesGaps() throws {
        let registry = try CountyFolder.load(Self.folder)
        let study = try CountyStudy(registry: registry, optimise: false)
        let lines = try String(contentsOfFile: Self.folder + "/villages.csv", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let (poor, exit, planned) = (try column("poor"), try column("exit_year"), try column("planned_exit_year"))
        let items = try ["road", "water", "electricity", "broadband", "clinic", "school"].map(column)
        let rows = Array(lines.dropFirst())
        let gapped = rows.indices.filter { v in
            let row = rows[v]
            return row[poor] == "1" && (Int(row[exit]) ?? .max) > 2018 && items.contains { row[$0] == "0" }
        }
        let plannedGapped = gapped.filter { (Int(rows[$0][planned]) ?? .max) <= 2019 }
        #expect(!plannedGapped.isEmpty && plannedGapped.count < gapped.count)
        #expect(study.villagesWithInfrastructureWorks(PolicyLevers.InfrastructureWorks.none).isEmpty)
        #expect(study.villagesWithInfrastructureWorks(.planned) == plannedGapped)
        #expect(study.villagesWithInfrastructureWorks(.all) == gapped)
        let before = study.input(plan: study.evenPlan)
        let after = study.input(plan: study.evenPlan, works: .planned)
        for v in rows.indices {
            #expect(after.villages.infrastructureOK[v] == (before.villages.infrastructureOK[v] || plannedGapped.contains(v)))
            #expect(before.villages.infrastructureOK[v] == !items.contains { rows[v][$0] == "0" })
        }
    }
}
