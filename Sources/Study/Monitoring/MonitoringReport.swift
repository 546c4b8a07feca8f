import Foundation
import Planning
import Reports
import Simulation

/// The printed tables and the JSON of `tuopin monitor`: the summary, the targeting quality, the
/// counts by township and by village, and the list of households.
public struct MonitoringReport: Sendable {
    public var result: MonitoringResult
    /// Townships and villages of the county (names and ids for the tables).
    public var townships: [Township]
    public var villages: [Village]
    public var lang: Language

    public init(result: MonitoringResult, registry: CountyRegistry, lang: Language) {
        self.result = result
        townships = registry.townships
        villages = registry.villages
        self.lang = lang
    }

    func label(_ zh: String, _ en: String) -> String { lang == .zh ? zh : en }

    /// One line: the county, the year and the counts.
    public func headline() -> String {
        let c = result.county
        let name = lang == .zh ? c.name : (c.englishName ?? c.name)
        let n = result.listed.count
        let expected = result.expectedSuddenHardship.map { e in
            label(";抽样期望突发严重困难户 \(String(format: "%.1f", e)) 户", "; expected sudden hardship in the draws \(String(format: "%.1f", e))")
        } ?? ""
        return label("\(name) \(result.parameters.year)年防返贫监测:监测线 \(formatted(result.parameters.threshold)) 元/人,监测对象 \(n) 户(脱贫不稳定户 \(result.count(.unstable))、边缘易致贫户 \(result.count(.marginal))、突发严重困难户 \(result.count(.suddenHardship))),风险消除 \(result.eliminated) 户" + expected,
                     "\(name) \(result.parameters.year) monitoring: threshold \(formatted(result.parameters.threshold)) yuan a person, \(n) households monitored (\(result.count(.unstable)) unstable, \(result.count(.marginal)) marginal, \(result.count(.suddenHardship)) sudden hardship), \(result.eliminated) risk eliminated" + expected)
    }

    private func formatted(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }

    /// The report in `format`: JSON, CSV blocks, Markdown, a self-contained HTML page, or text.
    public func rendered(as format: ReportFormat) -> String {
        tables().rendered(headline: headline(), json: json().rendered(), as: format, lang: lang)
    }

    /// Listed households by township and by village: (index, unstable, marginal, sudden, eliminated).
    private func counts(by key: (MonitoredHousehold) -> Int, count: Int) -> [[Int]] {
        var out = [[Int]](repeating: [0, 0, 0, 0], count: count)
        for m in result.households {
            let k = key(m)
            switch m.decision.monitoringClass {
            case .unstable?: out[k][0] += 1
            case .marginal?: out[k][1] += 1
            case .suddenHardship?: out[k][2] += 1
            case nil: if m.decision.status == .riskEliminated { out[k][3] += 1 }
            }
        }
        return out
    }

    var byTownship: [[Int]] { counts(by: { villages[$0.village].township }, count: townships.count) }
    var byVillage: [[Int]] { counts(by: \.village, count: villages.count) }

    private func classLabel(_ c: MonitoringClass?) -> String { c.map { lang == .zh ? $0.chinese : $0.english } ?? "" }
    private func reasonList(_ r: [MonitoringReason]) -> String { r.map(\.rawValue).joined(separator: ";") }
    private func riskList(_ mask: UInt8) -> String { MonitoringRisk.list(mask).map(\.rawValue).joined(separator: ";") }
    private func townshipName(_ t: Int) -> String { lang == .zh ? townships[t].name : (townships[t].englishName ?? townships[t].name) }

    /// A later projected year: the expected sudden hardship of the list (Σ P) and the projection's
    /// mean counts of the year; none for the next year.
    private func projectedRows() -> [[Cell]] {
        var rows: [[Cell]] = []
        if let e = result.expectedSuddenHardship {
            rows.append([.text(label("突发严重困难户期望数(ΣP)", "expected sudden hardship (sum of P)")), .number(e, 1)])
        }
        if let m = result.projectionMonitoring {
            rows.append([.text(label("预测均值:监测对象", "projection mean: monitored")), .number(m.monitored.mean, 1)])
            rows.append([.text(label("预测均值:脱贫不稳定户", "projection mean: unstable")), .number(m.unstable.mean, 1)])
            rows.append([.text(label("预测均值:边缘易致贫户", "projection mean: marginal")), .number(m.marginal.mean, 1)])
            rows.append([.text(label("预测均值:突发严重困难户", "projection mean: sudden hardship")), .number(m.suddenHardship.mean, 1)])
        }
        return rows
    }

    /// The tables: `summary`, `targeting`, `by_township`, `by_village` (villages with a listed or
    /// eliminated household), `households` (one row per household with a status).
    public func tables() -> [ReportTable] {
        let r = result
        let p = r.parameters
        let projected = r.expectedSuddenHardship != nil
        var out: [ReportTable] = []
        out.append(ReportTable(key: "summary", title: ("监测概况", "Summary"), columns: [("项目", "item"), ("值", "value")], rows: [
            [.text(label("监测年份", "year")), .int(p.year)],
            [.text(label("情景", "scenario")), .text(r.scenario)],
            [.text(label("贫困线(元/人)", "poverty line (yuan a person)")), .number(r.povertyLine, 0)],
            [.text(label("监测线(元/人)", "monitoring threshold (yuan a person)")), .number(p.threshold, 0)],
            [.text(label("合规自付支出标准(元/户)", "spending threshold (yuan a household)")), p.spendingThreshold.map { .number($0, 0) } ?? .text("-")],
            [.text(label("风险概率阈值", "probability cut-off")), .percent(p.riskProbability, 0)],
            [.text(label("稳定年限", "stable years")), .int(p.stableYears)],
            [.text(label("排查户数", "households examined")), .int(r.examined)],
            [.text(label("监测对象(户)", "households monitored")), .int(r.listed.count)],
            [.text(classLabel(.unstable)), .int(r.count(.unstable))],
            [.text(classLabel(.marginal)), .int(r.count(.marginal))],
            [.text(classLabel(.suddenHardship)), .int(r.count(.suddenHardship))],
            [.text(label("风险消除(户)", "risk eliminated")), .int(r.eliminated)],
            [.text(label("不予消除(户)", "elimination refused")), .int(r.refused)],
        ] + projectedRows()))
        func targetingRow(_ name: String, _ t: TargetingQuality) -> [Cell] {
            [.text(name), .int(t.population), .int(t.listed), .number(t.expectedPoor, 1), .percent(t.inclusionError, 1),
             .percent(t.exclusionError, 1), .percent(t.coverage, 1)]
        }
        var targeting = [targetingRow(label("监测名单", "monitoring list"), r.monitorTargeting)]
        if let a = r.allocationTargeting { targeting.append(targetingRow(label("资金分配", "allocation"), a)) }
        out.append(ReportTable(key: "targeting", title: ("瞄准质量", "Targeting quality"),
                               columns: [("名单", "list"), ("总体(户)", "population"), ("名单内(户)", "listed"), ("期望致贫(户)", "expected poor"),
                                         ("纳入误差", "inclusion error"), ("排除误差", "exclusion error"), ("覆盖率", "coverage")],
                               rows: targeting))
        let countColumns: [(zh: String, en: String)] = [("脱贫不稳定户", "unstable"), ("边缘易致贫户", "marginal"), ("突发严重困难户", "sudden hardship"),
                                                        ("合计", "monitored"), ("风险消除", "risk eliminated")]
        out.append(ReportTable(key: "by_township", title: ("按乡镇统计", "By township"), columns: [("乡镇", "township")] + countColumns,
                               rows: byTownship.enumerated().map { t, c in
                                   [.text(townshipName(t)), .int(c[0]), .int(c[1]), .int(c[2]), .int(c[0] + c[1] + c[2]), .int(c[3])]
                               }))
        out.append(ReportTable(key: "by_village", title: ("按村统计", "By village"), columns: [("村", "village"), ("村名", "name"), ("乡镇", "township")] + countColumns,
                               rows: byVillage.enumerated().compactMap { v, c in
                                   c.reduce(0, +) == 0 ? nil : [.text(villages[v].id), .text(villages[v].name), .text(townshipName(villages[v].township)),
                                                                .int(c[0]), .int(c[1]), .int(c[2]), .int(c[0] + c[1] + c[2]), .int(c[3])]
                               }))
        out.append(ReportTable(
            key: "households", title: ("监测对象名单", "Households to monitor"),
            columns: [("户", "household"), ("村", "village"), ("类别", "class"), ("状态", "status"), ("低于贫困线概率", "P(below line)"),
                      ("低于监测线概率", "P(below threshold)"), ("人均纯收入", "income a person"), ("合规自付支出", "compliant spending"),
                      ("风险", "risks"), ("原因", "reasons"), ("不予消除原因", "refused because"), ("缺口(元)", "gap (yuan)"),
                      ("帮扶项目", "assistance"), ("帮扶资金(元)", "assistance (yuan)")]
                + (projected ? [("突发严重困难概率", "P(sudden hardship)")] : []),
            rows: r.households.map { m in
                let sudden: [Cell] = projected ? [.percent(m.state.probabilitySuddenHardship ?? 0, 1)] : []
                return [.text(m.id), .text(villages[m.village].id), .text(classLabel(m.decision.monitoringClass)), .text(m.decision.status.rawValue),
                 .percent(m.state.probabilityBelowLine, 1), .percent(m.state.probabilityBelowThreshold, 1), .number(m.state.perCapitaIncome, 0),
                 .number(m.state.compliantSpending, 0), .text(riskList(m.state.risks)), .text(reasonList(m.decision.reasons)),
                 .text(reasonList(m.decision.eliminationRefused)), .number(m.gap, 0),
                 .text(m.assistance.map { a in a.parts.map(\.type.rawValue).joined(separator: ";") + (a.closesGap ? "" : label("(不足,兜底)", " (short: safety net)")) } ?? ""),
                 .number(m.assistance?.cost ?? 0, 0)] + sudden
            }))
        return out
    }

    private func targetingJSON(_ t: TargetingQuality) -> JSON {
        func ratio(_ v: Double) -> JSON { v.isFinite ? .number(v) : .null }
        return .object([("population", .int(t.population)), ("listed", .int(t.listed)), ("expected_poor", .number(t.expectedPoor)),
                        ("expected_poor_listed", .number(t.expectedPoorListed)), ("inclusion_error", ratio(t.inclusionError)),
                        ("exclusion_error", ratio(t.exclusionError)), ("coverage", ratio(t.coverage))])
    }

    private func countsJSON(_ c: [Int]) -> [(String, JSON)] {
        [("unstable", .int(c[0])), ("marginal", .int(c[1])), ("sudden_hardship", .int(c[2])), ("monitored", .int(c[0] + c[1] + c[2])),
         ("risk_eliminated", .int(c[3]))]
    }


    private func householdJSON(_ m: MonitoredHousehold) -> JSON {
        var fields: [(String, JSON)] = [
            ("id", .string(m.id)), ("village", .string(villages[m.village].id)), ("registered", .bool(m.state.registered)),
            ("class", m.decision.monitoringClass.map { .string($0.rawValue) } ?? .null), ("status", .string(m.decision.status.rawValue)),
            ("p_below_line", .number(m.state.probabilityBelowLine)), ("p_below_threshold", .number(m.state.probabilityBelowThreshold)),
            ("per_capita_income", .number(m.state.perCapitaIncome)), ("compliant_spending", .number(m.state.compliantSpending)),
        ]
        fields.append(("risks", .array(MonitoringRisk.list(m.state.risks).map { JSON.string($0.rawValue) })))
        fields.append(("reasons", .array(m.decision.reasons.map { JSON.string($0.rawValue) })))
        fields.append(("elimination_refused", .array(m.decision.eliminationRefused.map { JSON.string($0.rawValue) })))
        if let ps = m.state.probabilitySuddenHardship { fields.append(("p_sudden_hardship", .number(ps))) }
        fields.append(("gap", .number(m.gap)))
        var assistance = JSON.null
        if let a = m.assistance {
            let projects: [JSON] = a.parts.map { part in
                JSON.object([("type", .string(part.type.rawValue)), ("income", .number(part.income)), ("cost", .number(part.cost))])
            }
            assistance = .object([("cost", .number(a.cost)), ("closes_gap", .bool(a.closesGap)), ("projects", .array(projects))])
        }
        fields.append(("assistance", assistance))
        return .object(fields)
    }

    /// The JSON (keys in README.md, `tuopin monitor`).
    public func json() -> JSON {
        let r = result
        let p = r.parameters
        var fields: [(String, JSON)] = [
            ("county", .string(r.county.name)),
            ("year", .int(p.year)),
            ("scenario", .string(r.scenario)),
            ("draws", .int(r.draws)),
            ("seed", .int(Int(truncatingIfNeeded: r.seed))),
            ("poverty_line", .number(r.povertyLine)),
            ("threshold", .number(p.threshold)),
            ("spending_threshold", p.spendingThreshold.map(JSON.number) ?? .null),
            ("risk_probability", .number(p.riskProbability)),
            ("stable_years", .int(p.stableYears)),
            ("source", r.county.monitoring?.source.map(JSON.string) ?? .null),
            ("examined", .int(r.examined)),
            ("monitored", .int(r.listed.count)),
            ("by_class", .object(MonitoringClass.allCases.map { ($0.rawValue, .int(r.count($0))) })),
            ("risk_eliminated", .int(r.eliminated)),
            ("elimination_refused", .int(r.refused)),
        ]
        if let e = r.expectedSuddenHardship { fields.append(("expected_sudden_hardship", .number(e))) }
        if let m = r.projectionMonitoring {
            func interval(_ i: Interval) -> JSON { .object([("mean", .number(i.mean)), ("p05", .number(i.p05)), ("p95", .number(i.p95))]) }
            fields.append(("projection", .object([("monitored", interval(m.monitored)), ("unstable", interval(m.unstable)),
                                                  ("marginal", interval(m.marginal)), ("sudden_hardship", interval(m.suddenHardship))])))
        }
        fields.append(("targeting", .object([("monitoring", targetingJSON(r.monitorTargeting)),
                                   ("allocation", r.allocationTargeting.map(targetingJSON) ?? .null)])))
        let townshipRows: [JSON] = byTownship.enumerated().map { t, c in JSON.object([("township", .string(townships[t].name))] + countsJSON(c)) }
        fields.append(("by_township", .array(townshipRows)))
        var villageRows: [JSON] = []
        for (v, c) in byVillage.enumerated() where c.reduce(0, +) > 0 {
            villageRows.append(.object([("village", .string(villages[v].id)), ("township", .string(townships[villages[v].township].name))] + countsJSON(c)))
        }
        fields.append(("by_village", .array(villageRows)))
        fields.append(("households", .array(r.households.map(householdJSON))))
        return .object(fields)
    }
}
