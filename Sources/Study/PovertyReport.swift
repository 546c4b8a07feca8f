import Foundation
import Poverty
import Reports

/// Renders a `PovertyAnalysis` as JSON (the CLI contract's keys), or as tables in text,
/// Markdown or CSV with zh/en labels.
public enum PovertyReport {
    /// The analysis in `format` (JSON, CSV, Markdown; text otherwise, for HTML too) with `language` labels.
    public static func render(_ analysis: PovertyAnalysis, format: ReportFormat, language: Language) -> String {
        switch format {
        case .json: return json(analysis).rendered() + "\n"
        case .csv, .excelCSV: return PovertyTable.csv(tables(analysis, language))
        case .markdown: return PovertyTable.markdown(tables(analysis, language), heading: heading(analysis, language))
        case .text, .html: return PovertyTable.text(tables(analysis, language), heading: heading(analysis, language))
        }
    }

    // MARK: JSON

    public static func json(_ a: PovertyAnalysis) -> JSON {
        let p = a.profile
        var fields: [(String, JSON)] = [
            ("file", .string(a.path)),
            ("n", .finite(Double(a.rows))),
            ("persons", .finite(p.persons)),
            ("line", .finite(p.line)),
            ("mean_income", .finite(p.meanIncome)),
            ("poor_persons", .finite(p.poorPersons)),
            ("aggregate_gap", .finite(p.aggregateGap)),
            ("headcount", .finite(p.headcount)),
            ("poverty_gap", .finite(p.povertyGap)),
            ("squared_poverty_gap", .finite(p.squaredPovertyGap)),
            ("watts", .finite(p.watts)),
            ("sen", .finite(p.sen)),
            ("sst", .finite(p.sst)),
            ("gini", .finite(p.gini)),
            ("theil", .finite(p.theil)),
            ("mld", .finite(p.meanLogDeviation)),
            ("atkinson", .object(p.atkinson.map { (epsilonKey($0.epsilon), .finite($0.value)) })),
            ("std_errors", .object(a.standardErrors.map { ($0.key, .finite($0.value)) })),
        ]
        if let column = a.groupColumn {
            fields.append(("by_column", .string(column)))
            fields.append(("by", .array(a.groups.map { g in
                .object([
                    ("group", .string(a.groupLevels[g.group])),
                    ("n", .finite(Double(a.groupRows[g.group]))),
                    ("persons", .finite(g.persons)),
                    ("population_share", .finite(g.populationShare)),
                    ("mean_income", .finite(g.meanIncome)),
                    ("poor_persons", .finite(g.poorPersons)),
                    ("headcount", .finite(g.headcount)),
                    ("poverty_gap", .finite(g.povertyGap)),
                    ("squared_poverty_gap", .finite(g.squaredPovertyGap)),
                    ("headcount_contribution", .finite(g.headcountContribution)),
                    ("poverty_gap_contribution", .finite(g.povertyGapContribution)),
                    ("squared_poverty_gap_contribution", .finite(g.squaredPovertyGapContribution)),
                    ("headcount_share", .finite(g.headcountShare)),
                    ("poverty_gap_share", .finite(g.povertyGapShare)),
                    ("squared_poverty_gap_share", .finite(g.squaredPovertyGapShare)),
                ])
            })))
            func split(_ d: InequalityDecomposition?) -> JSON {
                guard let d else { return .null }
                return .object([("total", .finite(d.total)), ("within", .finite(d.within)), ("between", .finite(d.between))])
            }
            fields.append(("between_within", .object([("theil", split(a.theilSplit)), ("mld", split(a.mldSplit))])))
        }
        if !a.sourceNames.isEmpty {
            fields.append(("sources_gini", .finite(a.sources?.gini)))
            fields.append(("sources", .array((a.sources?.sources ?? []).map { s in
                .object([
                    ("source", .string(a.sourceNames[s.source])),
                    ("mean", .finite(s.mean)),
                    ("share", .finite(s.share)),
                    ("gini", .finite(s.gini)),
                    ("gini_correlation", .finite(s.giniCorrelation)),
                    ("contribution", .finite(s.contribution)),
                    ("contribution_share", .finite(s.contributionShare)),
                    ("marginal_effect", .finite(s.marginalEffect)),
                ])
            })))
        }
        fields.append(("undefined", .object(p.undefined.map { ($0.measure, .string($0.reason.description)) })))
        return .object(fields)
    }

    // MARK: tables

    static func heading(_ a: PovertyAnalysis, _ language: Language) -> (title: String, subtitle: String) {
        let p = a.profile
        return (PovertyLabels.label("title", language),
                PovertyLabels.subtitle(file: a.path, line: PovertyNumberStyle.yuan.format(p.line),
                                       rows: PovertyNumberStyle.persons.format(Double(a.rows)),
                                       persons: PovertyNumberStyle.persons.format(p.persons), language))
    }

    static func tables(_ a: PovertyAnalysis, _ language: Language) -> [PovertyTable] {
        let L = { (key: String) in PovertyLabels.label(key, language) }
        let p = a.profile
        let se = Dictionary(uniqueKeysWithValues: a.standardErrors.map { ($0.key, $0.value) })
        func row(_ key: String, _ value: Double?, _ style: PovertyNumberStyle, label: String? = nil) -> PovertyTable.Row {
            PovertyTable.Row(key: key, cells: [.text(label ?? L(key)), .number(value, style),
                                               se.keys.contains(key) ? .number(se[key] ?? nil, .fraction) : .text("")])
        }
        var overall = PovertyTable(key: "overall", title: nil, columns: [("measure", L("measure")), ("value", L("value")), ("std_error", L("std_error"))])
        overall.rows = [
            row("persons", p.persons, .persons),
            row("mean_income", p.meanIncome, .yuan),
            row("poor_persons", p.poorPersons, .persons),
            row("aggregate_gap", p.aggregateGap, .yuan),
            row("headcount", p.headcount, .fraction),
            row("poverty_gap", p.povertyGap, .fraction),
            row("squared_poverty_gap", p.squaredPovertyGap, .fraction),
            row("watts", p.watts, .fraction),
            row("sen", p.sen, .fraction),
            row("sst", p.sst, .fraction),
            row("gini", p.gini, .fraction),
            row("theil", p.theil, .fraction),
            row("mld", p.meanLogDeviation, .fraction),
        ] + p.atkinson.map { e in
            let key = epsilonKey(e.epsilon)
            return row("atkinson_\(key)", e.value, .fraction, label: PovertyLabels.atkinson(key, language))
        }
        var result = [overall]

        if let column = a.groupColumn {
            // (column key as in JSON, label key): short labels keep the table narrow.
            let keys = [("persons", "persons"), ("population_share", "population_share"), ("mean_income", "group_mean"),
                        ("headcount", "fgt0"), ("poverty_gap", "fgt1"), ("squared_poverty_gap", "fgt2"),
                        ("headcount_share", "headcount_share"), ("poverty_gap_share", "poverty_gap_share")]
            var byGroup = PovertyTable(key: "by", title: PovertyLabels.byColumn(column, language),
                                       columns: [("group", column)] + keys.map { ($0.0, L($0.1)) })
            byGroup.rows = a.groups.map { g in
                PovertyTable.Row(key: a.groupLevels[g.group], cells: [
                    .text(a.groupLevels[g.group]), .number(g.persons, .persons), .number(g.populationShare, .fraction),
                    .number(g.meanIncome, .yuan), .number(g.headcount, .fraction), .number(g.povertyGap, .fraction),
                    .number(g.squaredPovertyGap, .fraction), .number(g.headcountShare, .fraction),
                    .number(g.povertyGapShare, .fraction),
                ])
            }
            result.append(byGroup)
            var split = PovertyTable(key: "between_within", title: L("between_within"),
                                     columns: [("measure", L("measure")), ("total", L("total")), ("within", L("within")), ("between", L("between"))])
            for (key, d) in [("theil", a.theilSplit), ("mld", a.mldSplit)] {
                split.rows.append(PovertyTable.Row(key: key, cells: [.text(L(key)), .number(d?.total, .fraction),
                                                                     .number(d?.within, .fraction), .number(d?.between, .fraction)]))
            }
            result.append(split)
        }

        if !a.sourceNames.isEmpty {
            let keys = ["mean", "share", "source_gini", "gini_correlation", "contribution", "contribution_share", "marginal_effect"]
            var bySource = PovertyTable(key: "sources", title: L("sources"), columns: [("source", L("source"))] + keys.map { ($0, L($0)) })
            bySource.rows = (a.sources?.sources ?? []).map { s in
                PovertyTable.Row(key: a.sourceNames[s.source], cells: [
                    .text(a.sourceNames[s.source]), .number(s.mean, .yuan), .number(s.share, .fraction), .number(s.gini, .fraction),
                    .number(s.giniCorrelation, .fraction), .number(s.contribution, .fraction),
                    .number(s.contributionShare, .fraction), .number(s.marginalEffect, .fraction),
                ])
            }
            if let s = a.sources {
                bySource.rows.append(PovertyTable.Row(key: "total", cells: [
                    .text(L("sources_total")), .number(s.mean, .yuan), .number(1, .fraction), .number(s.gini, .fraction),
                    .text(""), .number(s.gini, .fraction), .number(1, .fraction), .text(""),
                ]))
            }
            result.append(bySource)
        }
        return result
    }
}
