import Foundation
import Planning
import Reports

/// The printed tables and the JSON of `tuopin audit`: every finding (file:line, household, village,
/// rule, message), then the counts by rule and by village.
public struct AuditReport: Sendable {
    /// The audited county.
    public var county: County
    /// The audit's findings and counts.
    public var result: AuditResult
    /// Village ids in the registry's order (the order of the counts by village).
    public var villageOrder: [String]
    /// The labels' language.
    public var lang: Language

    /// The report of `result`, an audit of `registry`.
    public init(registry: CountyRegistry, result: AuditResult, lang: Language) {
        county = registry.county
        self.result = result
        villageOrder = registry.villages.map(\.id)
        self.lang = lang
    }

    func label(_ zh: String, _ en: String) -> String { lang == .zh ? zh : en }

    /// One line: the county, what was checked and how many findings.
    public func headline() -> String {
        let name = lang == .zh ? county.name : (county.englishName ?? county.name)
        let n = result.findings.count
        return label("\(name) \(county.year)年建档立卡数据核查:\(result.householdsChecked) 户、\(result.villagesChecked) 个村,发现问题 \(n) 条",
                     "\(name) \(county.year) registry audit: \(result.householdsChecked) households and \(result.villagesChecked) villages checked, \(n) finding\(n == 1 ? "" : "s")")
    }

    /// The report in `format`: JSON (keys in notebooks-data/README.md, "Registry audit"), CSV
    /// blocks, Markdown, a self-contained HTML page, or the headline and aligned tables.
    public func rendered(as format: ReportFormat) -> String {
        tables().rendered(headline: headline(), json: json().rendered(), as: format, lang: lang)
    }

    /// The tables: `by_rule` (every rule, zeros included), `by_village` (villages with findings),
    /// `findings` (one row a finding, in file order).
    public func tables() -> [ReportTable] {
        var out: [ReportTable] = []
        out.append(ReportTable(
            key: "by_rule", title: ("按规则统计", "Findings by rule"),
            columns: [("规则", "rule"), ("说明", "description"), ("依据", "source"), ("问题数", "findings")],
            rows: result.countsByRule.map { [.text($0.rule.rawValue), .text(lang == .zh ? $0.rule.chinese : $0.rule.english),
                                             .text($0.rule.source), .int($0.findings)] }))
        out.append(ReportTable(
            key: "by_village", title: ("按村统计", "Findings by village"),
            columns: [("村", "village"), ("问题数", "findings")],
            rows: result.countsByVillage(villageOrder: villageOrder).map { [.text($0.village), .int($0.findings)] }))
        out.append(ReportTable(
            key: "findings", title: ("问题清单", "Findings"),
            columns: [("位置", "location"), ("户", "household"), ("村", "village"), ("规则", "rule"), ("问题", "message")],
            rows: result.findings.map { [.text($0.location), .text($0.household ?? ""), .text($0.village), .text($0.rule.rawValue),
                                         .text(lang == .zh ? $0.messageZH : $0.messageEN)] }))
        return out
    }

    /// The JSON: `county`, `year`, `households_checked`, `villages_checked`, `findings` (count),
    /// `by_rule` [{`rule`, `name_zh`, `name_en`, `source`, `findings`}], `by_village` [{`village`,
    /// `findings`}], `items` [{`file`, `line`, `household`, `village`, `rule`, `message_zh`, `message_en`}].
    public func json() -> JSON {
        .object([
            ("county", .string(county.name)),
            ("year", .int(county.year)),
            ("households_checked", .int(result.householdsChecked)),
            ("villages_checked", .int(result.villagesChecked)),
            ("findings", .int(result.findings.count)),
            ("by_rule", .array(result.countsByRule.map {
                .object([("rule", .string($0.rule.rawValue)), ("name_zh", .string($0.rule.chinese)), ("name_en", .string($0.rule.english)),
                         ("source", .string($0.rule.source)), ("findings", .int($0.findings))])
            })),
            ("by_village", .array(result.countsByVillage(villageOrder: villageOrder).map {
                .object([("village", .string($0.village)), ("findings", .int($0.findings))])
            })),
            ("items", .array(result.findings.map { f in
                .object([("file", .string(f.file)), ("line", f.line.map(JSON.int) ?? .null),
                         ("household", f.household.map(JSON.string) ?? .null), ("village", .string(f.village)),
                         ("rule", .string(f.rule.rawValue)), ("message_zh", .string(f.messageZH)), ("message_en", .string(f.messageEN))])
            })),
        ])
    }
}

extension CountyWorkspace {
    /// The registry audit (`tuopin audit`) of this county, labels in `language`.
    public func audit(language: Language) -> AuditReport {
        AuditReport(registry: registry, result: RegistryAudit.run(registry), lang: language)
    }
}
