import ArgumentParser
import Foundation
import Planning
import Regression
import Simulation

/// `tuopin plan DIR`: the main job — validate, fit, plan, simulate every scenario, compare.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The main job: validate the county folder, fit the income model, build the plan, simulate every scenario in DIR/scenarios/ and print the comparison.",
        discussion: """
            Steps: 1. check every file of DIR (as tuopin validate); 2. fit income ~ labour + migrant_workers + size | village \
            (village effects, standard errors clustered by village) and print its coefficients; 3. the allocation: even \
            spreading of funds.csv (the baseline of tuopin allocate: an equal share per poor village, spent at each project type's return), and the optimised allocation of `tuopin allocate` for scenarios that ask for it; \
            4. simulate each scenario of DIR/scenarios/ (baseline.toml first) with the same seed; 5. print the comparison. \
            With --format json, csv, html or xlsx the income model goes to standard error and only the comparison to the output.
            """)

    @Argument(help: "County folder with a scenarios/ subfolder.")
    var directory: String

    @OptionGroup var simulation: SimulationArguments

    @OptionGroup var output: ComparisonOutputOptions

    func run() throws {
        let started = Date()
        let registry = try loadCountyReportingEveryError(directory, otherwise: "nothing was simulated")
        let paths = try ScenarioFiles.paths(folder: directory, given: [])
        let scenarios = try ScenarioFiles.load(paths)
        let study = try CountyStudy(registry: registry, transitoryShare: simulation.transitoryShare, scenarios: scenarios)
        let language = output.language(countyName: registry.county.name)
        let summary = IncomeModelSummary(study: study, registry: registry).text(language)
        let comparison = try ScenarioRunner(study: study, simulation: simulation).compare(scenarios, paths: paths)
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        let inline = output.format == .text || output.format == .markdown
        if !inline { FileHandle.standardError.write(Data(summary.utf8)) }
        try output.emit(comparison, language: language, prefix: inline ? summary + "\n" : "")
        FileHandle.standardError.write(Data("tuopin: \(registry.county.name): \(scenarios.count) scenarios × \(simulation.draws) draws in \(seconds) s\n".utf8))
    }
}

/// The income model's key figures for `plan`: the county, the fit and each coefficient.
struct IncomeModelSummary {
    var study: CountyStudy
    var registry: CountyRegistry

    func text(_ lang: Language) -> String {
        let r = study.incomeModel.regression
        let zh = lang == .zh
        let names: [String: (String, String)] = [
            "labour": ("每增加一名劳动力", "per person able to work"),
            "migrant_workers": ("每增加一名外出务工者", "per migrant worker"),
            "size": ("每增加一名家庭成员", "per household member"),
        ]
        let table = ReportTable(
            key: "income_model",
            title: (zh: "收入结构模型：\(IncomeModel.formula)（村固定效应，按村聚类）；\(r.observations) 户，R² = \(String(format: "%.3f", r.rSquared))，残差标准差 \(Int((r.residualStandardError ?? 0).rounded())) 元",
                    en: "Income model: \(IncomeModel.formula) (village effects, clustered by village); \(r.observations) households, R² = \(String(format: "%.3f", r.rSquared)), residual SD \(Int((r.residualStandardError ?? 0).rounded())) yuan"),
            columns: [(zh: "变量", en: "term"), (zh: "元/年", en: "yuan a year"), (zh: "标准误", en: "std. error"), (zh: "p 值", en: "p")],
            rows: r.coefficients.map { c in
                let label = names[c.term].map { zh ? "\($0.0)（\(c.term)）" : "\($0.1) (\(c.term))" } ?? c.term
                return [.text(label), .number(c.estimate, 0), .number(c.standardError ?? .nan, 0), .number(c.pValue ?? .nan, 4)]
            })
        let even = study.evenRule
        let villages = even.villages
        let wan = { (yuan: Double) in String(format: "%.0f", yuan / 10_000) }
        let million = { (yuan: Double) in String(format: "%.2f", yuan / 1_000_000) }
        let allocation = zh
            ? "资金分配：平均分配 \(wan(even.cost)) 万元到 \(villages) 个未出列贫困村（每村 \(wan(even.yuanPerVillage)) 万元），各村按项目类型的收益率投入（与 tuopin allocate 的基准相同）；“优化”方案采用 tuopin allocate 的分配。\n"
            : "Allocation: even spreading of \(million(even.cost)) million yuan over \(villages) poor villages not yet exited (\(million(even.yuanPerVillage)) million each), spent on the project types at their own returns (the baseline of `tuopin allocate`); scenarios with allocation = \"optimised\" use the allocation of `tuopin allocate` instead.\n"
        return table.text(lang) + "\n" + allocation
    }
}
