import Foundation
import Planning
import Reports
import Simulation

/// The income model's key figures for `plan`: the county, the fit and each coefficient.
public struct IncomeModelSummary: Sendable {
    /// The county as prepared for the simulations (its income model and even plan).
    public var study: CountyStudy

    public init(study: CountyStudy) {
        self.study = study
    }

    /// The table of coefficients (yuan a year per person able to work, per migrant worker, per
    /// household member) with the fit's size, R² and residual SD in its title, then one line on
    /// the allocation: how much even spreading gives each poor village.
    public func text(_ lang: Language) -> String {
        let r = study.incomeModel.regression
        let zh = lang == .zh
        // A figure that is not defined (R² when every income is equal) or not finite shows as —.
        func shown(_ x: Double?, _ format: String) -> String { x.map { $0.isFinite ? String(format: format, $0) : "—" } ?? "—" }
        let names: [String: (String, String)] = [
            "labour": ("每增加一名劳动力", "per person able to work"),
            "migrant_workers": ("每增加一名外出务工者", "per migrant worker"),
            "size": ("每增加一名家庭成员", "per household member"),
        ]
        let table = ReportTable(
            key: "income_model",
            title: (zh: "收入结构模型：\(IncomeModel.formula)（村固定效应，按村聚类）；\(r.observations) 户，R² = \(shown(r.rSquared, "%.3f"))，残差标准差 \(shown(r.residualStandardError, "%.0f")) 元",
                    en: "Income model: \(IncomeModel.formula) (village effects, clustered by village); \(r.observations) households, R² = \(shown(r.rSquared, "%.3f")), residual SD \(shown(r.residualStandardError, "%.0f")) yuan"),
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
