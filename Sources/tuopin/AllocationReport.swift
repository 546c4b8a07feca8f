import Foundation
import Optimization
import Planning
import Reports
import Study

/// Renders a `FundAllocationResult` as JSON, CSV (the plan) or a text / Markdown summary, zh or en.
struct AllocationReport: PlanningReport {
    var result: FundAllocationResult
    var registry: CountyRegistry
    var language: Language

    private func label(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    private var objectiveLabel: String {
        switch result.objective {
        case .persons: return label("objective (weighted persons)", "目标值（加权脱贫人数）")
        case .gap: return label("objective (weighted gap closed, yuan)", "目标值（加权缩小贫困缺口，元）")
        case .fgt2: return label("objective (weighted squared gap, persons)", "目标值（加权平方贫困缺口，人）")
        }
    }

    func json() -> JSON {
        let r = result
        let b = r.baseline
        var fields: [(String, JSON)] = [
            ("status", .string(r.status.rawValue)),
            ("objective", .number(r.objectiveValue)),
            ("objective_kind", .string(r.objective.rawValue)),
            ("gap", .number(r.gap)),
            ("persons_lifted", .number(r.personsLifted)),
            ("households_lifted", .int(r.householdsLifted)),
            ("cost", .number(r.cost)),
            ("cost_per_person", .number(r.costPerPerson)),
            ("poor_persons", .int(r.poorPersons)),
            ("safety_net_persons", .int(r.safetyNetPersons)),
            ("baseline", .object([
                ("persons_lifted", .number(b.personsLifted)),
                ("cost", .number(b.cost)),
                ("spent_on_projects", .number(b.spentOnProjects)),
                ("cost_per_person", .number(b.personsLifted > 0 ? b.cost / b.personsLifted : .infinity)),
            ])),
            ("gain_persons", .number(r.personsLifted - b.personsLifted)),
            ("sources", .array(r.sources.map { s in
                let fund = registry.funds[s.source]
                return .object([
                    ("source", .string(fund.id)), ("name", .string(fund.name)), ("amount", .number(s.amount)),
                    ("used", .number(s.used)), ("shadow_price", .number(s.shadowPrice)),
                    ("shadow_price_per_10k_yuan", .number(s.shadowPrice * 10_000)),
                ])
            })),
            ("share_rules", .array(r.shares.map { s in
                .object([("source", .string(registry.funds[s.source].id)), ("category", .string(s.category.rawValue)),
                         ("min_share", .number(s.minimumShare)), ("share", .number(s.share)), ("yuan", .number(s.yuan))])
            })),
            ("binding_rules", .array(r.binding.map { .object([("rule", .string($0.name)), ("kind", .string($0.kind.rawValue)), ("dual", .number($0.dual))]) })),
            ("plan", .array(r.lines.map { line in
                let v = registry.villages[line.village]
                return .object([
                    ("village", .string(v.id)), ("village_name", .string(v.name)),
                    ("township", .string(registry.townships[v.township].name)),
                    ("source", .string(registry.funds[line.source].id)), ("type", .string(line.type.rawValue)),
                    ("yuan", .number(line.yuan)), ("projects", .number(line.projects)),
                ])
            })),
            ("villages", .array(r.villages.map { o in
                let v = registry.villages[o.index]
                return .object([
                    ("village", .string(v.id)), ("name", .string(v.name)), ("township", .string(registry.townships[v.township].name)),
                    ("poor_persons", .int(o.poorPersons)), ("persons_lifted", .number(o.personsLifted)),
                    ("baseline_persons_lifted", .number(o.baselinePersonsLifted)), ("yuan", .number(o.yuan)),
                ])
            })),
            ("townships", .array(r.townships.map { o in
                let t = registry.townships[o.index]
                return .object([
                    ("township", .string(t.name)), ("tier", .int(t.tier)), ("poor_persons", .int(o.poorPersons)),
                    ("persons_lifted", .number(o.personsLifted)), ("baseline_persons_lifted", .number(o.baselinePersonsLifted)),
                    ("yuan", .number(o.yuan)),
                ])
            })),
            ("solve_seconds", .number(r.seconds)),
            ("iterations", .int(r.iterations)),
            ("rounds", .int(r.rounds)),
            ("model", .object([("rows", .int(r.fullRows)), ("rows_solved", .int(r.solvedRows)), ("columns", .int(r.columns))])),
            ("exit_margin", .number(r.exitMargin)),
            ("target_income", .number(r.targetIncome)),
        ]
        if !r.shortfalls.isEmpty { fields.append(("shortfalls", .array(r.shortfalls.map { .string($0) }))) }
        return .object(fields)
    }

    /// The plan as CSV: one line per village × source × project type. With an exit margin, two more
    /// columns repeat on every line the margin and the target income the plan lifts to (yuan per person).
    func csv() -> String {
        let margin = result.exitMargin != 0
        var out = "village,village_name,township,source,type,yuan,projects" + (margin ? ",exit_margin,target_income\n" : "\n")
        for line in result.lines {
            let v = registry.villages[line.village]
            out += "\(v.id),\(v.name),\(registry.townships[v.township].name),\(registry.funds[line.source].id),\(line.type.rawValue),"
            out += String(format: "%.2f,%.3f", line.yuan, line.projects)
            out += margin ? String(format: ",%g,%.2f\n", result.exitMargin, result.targetIncome) : "\n"
        }
        return out
    }

    /// The sentence saying what income persons are lifted to when the exit margin is not 0, e.g.
    /// "Stable exit: persons lifted to 3,889 yuan a person = line × 1.10 (line 3,535 yuan), in both
    /// columns."; nil with margin 0 (lifted to the line).
    var targetSentence: String? {
        let r = result
        guard r.exitMargin != 0 else { return nil }
        let target = StableExitTarget(line: registry.county.povertyLine, exitMargin: r.exitMargin)
        let line = NumberFormat.whole(registry.county.povertyLine, grouped: true)
        return label("Stable exit: persons lifted to \(target.income) yuan a person = line × \(target.factor) (line \(line) yuan), in both columns.",
                     "稳定脱贫：帮扶至人均 \(target.income) 元 = 贫困线 × \(target.factor)（贫困线 \(line) 元），两列同此标准。")
    }

    /// A summary: headline figures, sources with shadow prices, townships, binding rules.
    func table(markdown: Bool) -> String {
        let r = result
        func row(_ cells: [String]) -> String { markdown ? "| " + cells.joined(separator: " | ") + " |\n" : cells.joined(separator: "  ") + "\n" }
        func header(_ cells: [String]) -> String {
            markdown ? row(cells) + "|" + String(repeating: " --- |", count: cells.count) + "\n" : row(cells)
        }
        func n(_ x: Double, _ digits: Int = 0) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "-" }
        var out = markdown ? "## " + label("Fund allocation", "资金分配") + "\n\n" : ""
        if let sentence = targetSentence { out += sentence + "\n\n" }
        out += header([label("figure", "指标"), label("optimised", "优化方案"), label("even spreading", "平均分配")])
        out += row([label("status", "状态"), solveStatusLabel(r.status, language), ""])
        out += row([objectiveLabel, n(r.objectiveValue, 2), ""])
        out += row([label("persons lifted", "脱贫人数"), n(r.personsLifted, 1), n(r.baseline.personsLifted, 1)])
        out += row([label("cost, yuan", "投入资金（元）"), n(r.cost), n(r.baseline.cost)])
        out += row([label("yuan per person lifted", "每脱贫一人成本（元）"), n(r.costPerPerson), n(r.baseline.personsLifted > 0 ? r.baseline.cost / r.baseline.personsLifted : .infinity)])
        out += row([label("poor persons (safety net)", "贫困人口（兜底）"), "\(r.poorPersons) (\(r.safetyNetPersons))", ""])
        out += "\n" + header([label("source", "资金来源"), label("amount", "总额"), label("used", "使用"), label("persons per 10,000 yuan more", "每增加1万元可多脱贫")])
        for s in r.sources {
            let fund = registry.funds[s.source]
            out += row(["\(fund.id) \(fund.name)", n(s.amount), n(s.used), n(s.shadowPrice * 10_000, 3)])
        }
        if !r.shares.isEmpty {
            out += "\n" + header([label("share rule", "资金比例要求"), label("category", "类别"), label("minimum", "下限"), label("achieved", "实际")])
            for s in r.shares {
                let fund = registry.funds[s.source]
                out += row(["\(fund.id) \(fund.name)", language == .zh ? s.category.chinese : s.category.english,
                            String(format: "%.1f%%", s.minimumShare * 100), String(format: "%.1f%%", s.share * 100)])
            }
        }
        out += "\n" + header([label("township", "乡镇"), label("tier", "类别"), label("poor persons", "贫困人口"), label("lifted", "脱贫"), label("even spreading", "平均分配"), label("yuan", "资金（元）")])
        for o in r.townships {
            let t = registry.townships[o.index]
            out += row([t.name, "\(t.tier)", "\(o.poorPersons)", n(o.personsLifted, 1), n(o.baselinePersonsLifted, 1), n(o.yuan)])
        }
        if !r.binding.isEmpty {
            out += "\n" + header([label("binding rule", "起作用的约束"), label("kind", "类型"), label("gain per yuan", "每元边际收益")])
            for b in r.binding.prefix(20) { out += row([b.name, b.kind.rawValue, String(format: "%.3g", b.dual)]) }
            if r.binding.count > 20 { out += label("… and \(r.binding.count - 20) more (see --format json)\n", "……另有 \(r.binding.count - 20) 条（见 --format json）\n") }
        }
        out += "\n" + label("solved in \(n(r.seconds, 3)) s, \(r.iterations) iterations, \(r.rounds) rounds of added rules; \(r.solvedRows) of \(r.fullRows) rows, \(r.columns) columns",
                            "求解 \(n(r.seconds, 3)) 秒，\(r.iterations) 次迭代，补充约束 \(r.rounds) 轮；\(r.solvedRows)/\(r.fullRows) 行，\(r.columns) 列") + "\n"
        for s in r.shortfalls { out += "! " + s + "\n" }
        return out
    }
}

/// A solve status in words, zh or en (the JSON keeps the contract's code).
func solveStatusLabel(_ status: SolveStatus, _ language: Language) -> String {
    guard language == .zh else { return status.rawValue }
    switch status {
    case .optimal: return "最优"
    case .infeasible: return "无可行解"
    case .unbounded: return "无界"
    case .iterationLimit: return "达到迭代上限"
    case .timeLimit: return "达到时间上限"
    case .numericalFailure: return "数值失败"
    }
}
