import Foundation
import Reports
import Simulation

/// The by-year section of a multi-year projection (`tuopin plan --through YEAR`): one table of the
/// years of every scenario, one of the county's exit year, their JSON, and an HTML section with the
/// chart of the poor-person path and its 5–95 % band.
///
/// JSON (added to the comparison's object by `plan`, to the simulation's by `simulate`): `through`
/// (the last year), `years` [{`scenario`, `year`, `poor_persons`, `poor_households`, `incidence`,
/// `exiting_persons`, `exiting_households`, `returning_persons`, `returning_households`,
/// `villages_exiting` — each {`mean`, `p05`, `p95`} over the draws —, `cost`, `cumulative_cost`
/// (yuan), `p_county_rule_holds` (the county's incidence below the threshold that year),
/// `p_county_exit_in_year` (the county exits that year: its rule holds for the first time),
/// `p_county_exit_by_year`, `target` {`persons_exit`, `villages_exit`} or null, `p_target` (every
/// target of the year met) or null}], `exit_year` [{`scenario`, `distribution` [{`year`,
/// `probability`}], `not_by_last_year`}].
public struct ProjectionReport: Sendable {
    public var projections: [ScenarioProjection]
    /// The county's exit limit in persons (threshold × agricultural population), drawn on the chart.
    public var countyExitLimit: Double?

    public init(projections: [ScenarioProjection], countyExitLimit: Double? = nil) {
        self.projections = projections
        self.countyExitLimit = countyExitLimit
    }

    /// The last projected year.
    public var through: Int { projections.first?.result.years.last?.year ?? 0 }

    private func interval(_ i: Interval) -> JSON {
        .object([("mean", .finite(i.mean)), ("p05", .finite(i.p05)), ("p95", .finite(i.p95))])
    }

    /// The JSON keys of the section (see the type's documentation), in a fixed order.
    public var jsonPairs: [(String, JSON)] {
        var years: [JSON] = []
        var exits: [JSON] = []
        for projection in projections {
            let result = projection.result
            for (k, y) in result.years.enumerated() {
                let target: JSON = y.personsExitTarget == nil && y.villagesExitTarget == nil ? .null : .object([
                    ("persons_exit", y.personsExitTarget.map { .int($0) } ?? .null),
                    ("villages_exit", y.villagesExitTarget.map { .int($0) } ?? .null)])
                years.append(.object([
                    ("scenario", .string(result.scenario)), ("year", .int(y.year)),
                    ("poor_persons", interval(y.poorPersons)), ("poor_households", interval(y.poorHouseholds)),
                    ("incidence", interval(y.incidence)),
                    ("exiting_persons", interval(y.exitingPersons)), ("exiting_households", interval(y.exitingHouseholds)),
                    ("returning_persons", interval(y.returningPersons)), ("returning_households", interval(y.returningHouseholds)),
                    ("villages_exiting", interval(y.villagesExiting)),
                    ("cost", .finite(y.cost)), ("cumulative_cost", .finite(y.cumulativeCost)),
                    ("p_county_rule_holds", .finite(y.countyExitInYear)),
                    ("p_county_exit_in_year", .finite(result.exitYearProbability[k])),
                    ("p_county_exit_by_year", .finite(y.countyExitByYear)),
                    ("target", target), ("p_target", .finite(y.targetProbability)),
                    ("relocated_persons", .int(y.relocatedPersons)), ("relocated_households", .int(y.relocatedHouseholds)),
                    ("relocation_cost", .finite(y.relocationCost)),
                    ("monitoring", y.monitoring.map { m in .object([
                        ("monitored", interval(m.monitored)), ("unstable", interval(m.unstable)), ("marginal", interval(m.marginal)),
                        ("sudden_hardship", interval(m.suddenHardship)), ("identified", interval(m.identified)),
                        ("risk_eliminated", interval(m.riskEliminated)), ("risk_eliminated_by_year", interval(m.riskEliminatedByYear)),
                    ]) } ?? .null),
                ]))
            }
            exits.append(.object([
                ("scenario", .string(result.scenario)),
                ("distribution", .array(zip(result.years, result.exitYearProbability).map { y, p in
                    .object([("year", .int(y.year)), ("probability", .finite(p))])
                })),
                ("not_by_last_year", .finite(result.noExitProbability)),
            ]))
        }
        return [("through", .int(through)), ("years", .array(years)), ("exit_year", .array(exits))]
    }

    /// The by-year table: every scenario's years, in scenario then year order.
    public var yearTable: ReportTable {
        var rows: [[Cell]] = []
        for projection in projections {
            for y in projection.result.years {
                let target = [y.personsExitTarget.map { "\($0)" }, y.villagesExitTarget.map { "\($0)" }]
                rows.append([
                    .text(projection.result.scenario), .int(y.year),
                    .number(y.poorPersons.mean, 0), .number(y.poorPersons.p05, 0), .number(y.poorPersons.p95, 0),
                    .percent(y.incidence.mean, 2),
                    .number(y.exitingPersons.mean, 0), .number(y.returningPersons.mean, 0), .number(y.returningHouseholds.mean, 1),
                    .number(y.villagesExiting.mean, 1),
                    .number(y.cost / 10_000, 0), .number(y.cumulativeCost / 10_000, 0),
                    .percent(y.countyExitByYear, 1),
                    .text(target.map { $0 ?? "-" }.joined(separator: " / ")),
                    y.targetProbability.map { .percent($0, 1) } ?? .text("-"),
                ])
            }
        }
        return ReportTable(
            key: "by_year", title: ("逐年预测", "Year by year"),
            columns: [("方案", "scenario"), ("年份", "year"), ("贫困人口", "poor persons"), ("5%", "5 %"), ("95%", "95 %"),
                      ("贫困发生率", "incidence"), ("脱贫人口", "persons exiting"), ("返贫人口", "persons returning"),
                      ("返贫户", "households returning"), ("退出贫困村", "villages exiting"),
                      ("当年资金（万元）", "cost (10k yuan)"), ("累计资金（万元）", "cumulative (10k yuan)"),
                      ("截至当年摘帽概率", "P(county exit by year)"), ("目标（人/村）", "target (persons / villages)"),
                      ("完成目标概率", "P(target)")],
            rows: rows)
    }

    /// The exit-year distribution: one column a year and one for "not by the last year".
    public var exitYearTable: ReportTable {
        let years = projections.first?.result.years.map(\.year) ?? []
        var columns: [(zh: String, en: String)] = [("方案", "scenario")]
        for year in years { columns.append(("\(year)年摘帽", "exit in \(year)")) }
        columns.append(("截至\(through)年未摘帽", "not by \(through)"))
        let rows: [[Cell]] = projections.map { projection in
            [.text(projection.result.scenario)] + projection.result.exitYearProbability.map { .percent($0, 1) }
                + [.percent(projection.result.noExitProbability, 1)]
        }
        return ReportTable(key: "exit_year", title: ("摘帽年份分布", "Year of the county's exit"), columns: columns, rows: rows)
    }

    /// Whether any year relocates someone or has a monitoring (then `monitoringTable` is shown).
    public var hasRelocationOrMonitoring: Bool {
        projections.contains { p in p.result.years.contains { $0.relocatedPersons > 0 || $0.monitoring != nil } }
    }

    /// The relocation and the monitoring of every year: persons relocated and the relocation's
    /// cost; households monitored (mean and 5–95 %), by class, identified, risks eliminated that
    /// year and by that year (means over the draws); "-" without a monitoring rule.
    public var monitoringTable: ReportTable {
        var rows: [[Cell]] = []
        for projection in projections {
            for y in projection.result.years {
                var row: [Cell] = [.text(projection.result.scenario), .int(y.year), .int(y.relocatedPersons), .number(y.relocationCost / 10_000, 0)]
                if let m = y.monitoring {
                    row += [.number(m.monitored.mean, 0), .number(m.monitored.p05, 0), .number(m.monitored.p95, 0),
                            .number(m.unstable.mean, 0), .number(m.marginal.mean, 0), .number(m.suddenHardship.mean, 0),
                            .number(m.identified.mean, 0), .number(m.riskEliminated.mean, 0), .number(m.riskEliminatedByYear.mean, 0)]
                } else {
                    row += Array(repeating: .text("-"), count: 9)
                }
                rows.append(row)
            }
        }
        return ReportTable(
            key: "relocation_monitoring_by_year", title: ("逐年搬迁与防返贫监测", "Relocation and monitoring year by year"),
            columns: [("方案", "scenario"), ("年份", "year"), ("搬迁人口", "persons relocated"), ("搬迁资金（万元）", "relocation (10k yuan)"),
                      ("监测对象（户）", "households monitored"), ("5%", "5 %"), ("95%", "95 %"),
                      ("脱贫不稳定户", "unstable"), ("边缘易致贫户", "marginal"), ("突发严重困难户", "sudden hardship"),
                      ("新识别", "identified"), ("风险消除", "risk eliminated"), ("累计风险消除", "eliminated by year")],
            rows: rows)
    }

    public var tables: [ReportTable] { [yearTable, exitYearTable] + (hasRelocationOrMonitoring ? [monitoringTable] : []) }

    /// The chart of poor persons by year with the 5–95 % band of every scenario.
    public func chart(_ language: Language) -> PathChart {
        PathChart(
            title: language == .zh ? "贫困人口逐年路径（均值与5%–95%区间）" : "Poor persons year by year (mean and 5–95 % band)",
            series: projections.map { p in
                PathChart.Series(label: p.result.scenario, points: p.result.years.map {
                    (year: $0.year, mean: $0.poorPersons.mean, low: $0.poorPersons.p05, high: $0.poorPersons.p95)
                })
            },
            limit: countyExitLimit.map { ($0, language == .zh ? "摘帽线" : "exit limit") })
    }

    /// The section as text, Markdown or CSV (appended to the comparison).
    public func text(_ language: Language) -> String { tables.map { $0.text(language) }.joined(separator: "\n") }
    public func markdown(_ language: Language) -> String { tables.map { $0.markdown(language) }.joined(separator: "\n") }
    public func csv(_ language: Language) -> String { tables.map { $0.csv(language) }.joined(separator: "\n") }

    /// The section as HTML: a heading, the chart and the two tables.
    public func html(_ language: Language) -> String {
        "<section class=\"by-year\">\n<h2>\(escapeMarkup(yearTable.title(language)))</h2>\n" + chart(language).svg() + "\n"
            + tables.map { $0.html(language) }.joined() + "</section>\n"
    }

    /// `page` (an HTML comparison page) with the section inserted before its `</main>` (or at the end).
    public func inserted(intoHTML page: String, language: Language) -> String {
        let section = html(language)
        guard let range = page.range(of: "</main>", options: .backwards) else { return page + section }
        return page.replacingCharacters(in: range.lowerBound..<range.lowerBound, with: section)
    }
}
