import Foundation
import Simulation
import Tabular

/// One field of the scenario editor: a key of the scenario file, its labels and its current value.
public struct ScenarioEditorField: Sendable, Equatable {
    /// What the field holds, and so how its text is written into the file.
    public enum Kind: String, Sendable {
        /// A string (quoted in the file).
        case text
        /// A number written as typed, so that the file's parser judges it.
        case number
        /// A whole number written as typed.
        case integer
        /// One of `choices` (quoted), or `true`/`false` for `boolean`.
        case choice
        case boolean
        /// Names separated by commas, written as a list of strings (income sources, causes).
        case names
        /// Whole numbers separated by commas, written as a list (township tiers).
        case integers
    }

    /// The key path as the scenario parser names it in its messages (`sources.planting.growth`,
    /// `shocks[0].probability`, `policy.infrastructure_works`, …); the field's name in the form.
    public var path: String
    public var labelZh: String
    public var labelEn: String
    public var kind: Kind
    /// The current value as text; empty for a key the file leaves out.
    public var value: String
    /// The allowed values of a choice (or the names a list may hold).
    public var choices: [String]
    /// The unit or range, for the reader (`fraction`, `yuan a person a year`, …).
    public var hint: String
    /// The group the page shows the field in (`scenario`, `sources`, `shocks[0]`, …).
    public var group: String
}

/// The scenario editor's model: the levers of a scenario file as an ordered list of fields, and the
/// way back — the submitted values written as a scenario file and validated by the CLI's parser
/// (`Scenario.parse`), each error attributed to the field it concerns.
public struct ScenarioEditorForm: Sendable {
    /// The fields in the order the page shows them.
    public var fields: [ScenarioEditorField]

    /// A submitted form that the parser refused: the CLI's messages, each with its field's path
    /// (nil when no single field is at fault).
    public struct Refusal: Error, Sendable {
        public var errors: [(path: String?, message: String)]
    }

    /// The fields of `scenario` with its current values, and `extraShocks`/`extraRisks`/`extraYears`
    /// empty groups at the end for the planner to fill in. The `[years.YYYY]` tables of multi-year
    /// projections are groups `years[i]` (year, funds, transfer, line, growth as `source = value`
    /// pairs, relocation count: every lever of `YearLevers`), so a scenario saved by the editor keeps them.
    public init(_ scenario: Scenario, extraShocks: Int = 1, extraRisks: Int = 1, extraYears: Int = 0) {
        var fields: [ScenarioEditorField] = []
        func add(_ path: String, _ zh: String, _ en: String, _ kind: ScenarioEditorField.Kind, _ value: String,
                 choices: [String] = [], hint: String = "", group: String) {
            fields.append(ScenarioEditorField(path: path, labelZh: zh, labelEn: en, kind: kind, value: value, choices: choices,
                                              hint: hint, group: group))
        }
        add("name", "方案名称", "name", .text, scenario.name, group: "scenario")
        let planFile: String
        if case .fixed(let file) = scenario.allocation { planFile = file } else { planFile = "" }
        add("allocation.strategy", "资金分配方式", "allocation", .choice, scenario.allocation.key, choices: ["even", "optimised", "fixed"],
            hint: "even = 平均分配, optimised = tuopin allocate, fixed = plan_file", group: "scenario")
        add("allocation.exit_margin", "稳定脱贫余量", "stable-exit margin", .number, planFile.isEmpty ? Self.number(scenario.exitMargin) : "",
            hint: "0–1 × line", group: "scenario")
        add("allocation.plan_file", "固定方案文件", "fixed plan file", .text, planFile, hint: "fixed only", group: "scenario")
        for source in IncomeSource.allCases {
            let assumption = scenario[source]
            let (zh, en) = Self.sourceLabels[source.key] ?? (source.key, source.key)
            add("sources.\(source.key).growth", "\(zh) 增长", "\(en): growth", .number, Self.number(assumption.growth),
                hint: "fraction, −1…10", group: "sources")
            add("sources.\(source.key).spread", "\(zh) 波动", "\(en): spread", .number, Self.number(assumption.spread),
                hint: "SD fraction, 0…10", group: "sources")
        }
        let sourceKeys = IncomeSource.allCases.map(\.key)
        for (i, shock) in scenario.shocks.map(Optional.some).appending(nil, times: extraShocks).enumerated() {
            let group = "shocks[\(i)]"
            add("\(group).name", "冲击名称", "shock", .text, shock?.name ?? "", hint: "empty: removed", group: group)
            add("\(group).sources", "受影响收入", "sources hit", .names, shock?.sources.map(\.key).joined(separator: ", ") ?? "",
                choices: sourceKeys, group: group)
            add("\(group).scope", "范围", "scope", .choice, shock?.scope.rawValue ?? "county", choices: ["county", "township"], group: group)
            add("\(group).tiers", "乡镇梯次", "tiers", .integers, shock?.tiers.map(String.init).joined(separator: ", ") ?? "",
                hint: "1, 2, 3; empty: all", group: group)
            add("\(group).probability", "概率", "probability", .number, shock.map { Self.number($0.probability) } ?? "", hint: "0–1", group: group)
            add("\(group).loss", "损失比例", "loss", .number, shock.map { Self.number($0.loss) } ?? "", hint: "fraction 0–1", group: group)
        }
        let causeKeys = PovertyCause.allCases.map(\.key)
        for (i, risk) in scenario.risks.map(Optional.some).appending(nil, times: extraRisks).enumerated() {
            let group = "risks[\(i)]"
            add("\(group).name", "风险名称", "risk", .text, risk?.name ?? "", hint: "empty: removed", group: group)
            add("\(group).causes", "致贫原因", "causes", .names, risk?.causes.map(\.key).joined(separator: ", ") ?? "",
                choices: causeKeys, hint: "empty: every household", group: group)
            add("\(group).probability", "概率", "probability", .number, risk.map { Self.number($0.probability) } ?? "", hint: "0–1", group: group)
            add("\(group).loss_fraction", "收入损失比例", "loss fraction", .number, risk.map { Self.number($0.lossFraction) } ?? "",
                hint: "fraction 0–1", group: group)
            add("\(group).loss_yuan", "损失（元）", "loss, yuan", .number, risk.map { Self.number($0.lossYuan) } ?? "", hint: "yuan", group: group)
            add("\(group).duration_years", "持续年数", "lasts, years", .integer, risk.map { String($0.durationYears) } ?? "",
                hint: "plan --through; empty: 1", group: group)
        }
        for (i, levers) in scenario.years.map(Optional.some).appending(nil, times: extraYears).enumerated() {
            let group = "years[\(i)]"
            add("\(group).year", "年份", "year", .integer, levers.map { String($0.year) } ?? "", hint: "a later year; empty: removed", group: group)
            add("\(group).funds", "当年资金（元）", "funds, yuan", .number, levers?.funds.map(Self.number) ?? "",
                hint: "empty: the year before's", group: group)
            add("\(group).transfer_increase_per_person", "转移性收入增加", "transfer increase", .number,
                levers?.transferIncreasePerPerson.map(Self.number) ?? "", hint: "yuan a person a year", group: group)
            add("\(group).poverty_line", "贫困线", "poverty line", .number, levers?.povertyLine.map(Self.number) ?? "",
                hint: "yuan a person a year", group: group)
            add("\(group).growth", "收入增长", "growth by source", .text,
                levers?.growth.map { "\($0.source.key) = \(Self.number($0.growth))" }.joined(separator: ", ") ?? "",
                hint: "migrant = -0.05, planting = 0.02", group: group)
            add("\(group).relocation_count", "当年搬迁户数", "households relocated", .integer,
                levers?.relocationCount.map { String($0) } ?? "", hint: "plan --through; empty: relocation.csv's schedule", group: group)
        }
        let policy = scenario.policy
        add("policy.poverty_line", "贫困线", "poverty line", .number, policy.povertyLine.map(Self.number) ?? "",
            hint: "yuan a person a year; empty: county.toml's", group: "policy")
        add("policy.transfer_increase_per_person", "转移性收入增加", "transfer increase", .number, Self.number(policy.transferIncreasePerPerson),
            hint: "yuan a person a year", group: "policy")
        add("policy.transfer_recipients", "增加对象", "who receives it", .choice, policy.transferRecipients.rawValue,
            choices: ["safety_net", "registered_poor", "all"], group: "policy")
        add("policy.infrastructure_works", "基础设施补短板", "infrastructure works", .choice, policy.infrastructureWorks.rawValue,
            choices: ["none", "planned", "all"], group: "policy")
        var relocationFile = "", relocationCount = ""
        switch scenario.relocation {
        case .file(let file)?: relocationFile = file
        case .count(let count)?: relocationCount = String(count)
        case nil: break
        }
        add("relocation.file", "搬迁名单文件", "relocation file", .text, relocationFile, hint: "empty: relocation.csv", group: "relocation")
        add("relocation.count", "搬迁户数", "households moving", .integer, relocationCount, hint: "instead of a file", group: "relocation")
        add("relocation.farm_income_kept", "保留农业收入比例", "farm income kept", .number, Self.number(scenario.relocationEffects.farmIncomeKept),
            hint: "fraction 0–1", group: "relocation")
        add("relocation.support_income", "后续扶持收入", "follow-up income", .number, Self.number(scenario.relocationEffects.supportIncome),
            hint: "yuan a year a household", group: "relocation")
        let targets = scenario.targets
        add("targets.persons_exit", "脱贫人数目标", "persons exiting, at least", .integer, targets.personsExit.map(String.init) ?? "",
            hint: "empty: not tracked", group: "targets")
        add("targets.villages_exit", "出列村数目标", "villages exiting, at least", .integer, targets.villagesExit.map(String.init) ?? "",
            hint: "empty: not tracked", group: "targets")
        add("targets.max_returning_households", "返贫户上限", "households returning, at most", .integer,
            targets.maximumReturningHouseholds.map(String.init) ?? "", hint: "empty: not tracked", group: "targets")
        add("targets.county_exit", "全县摘帽为目标", "county exit is a target", .boolean, targets.countyExit ? "true" : "false",
            choices: ["true", "false"], group: "targets")
        self.fields = fields
    }

    /// The income sources' labels, by the key scenario files use.
    static let sourceLabels: [String: (String, String)] = [
        "planting": ("种植业", "planting"), "migrant": ("务工", "migrant work"), "breeding": ("养殖业", "breeding"),
        "forestry": ("林果业", "forestry and fruit"), "pv_dividend": ("光伏收益", "PV dividend"),
        "ecological_post": ("生态公益岗位", "ecological posts"), "asset_dividend": ("资产收益分红", "asset dividends"),
        "transfers": ("转移性收入", "transfers"), "other": ("其他", "other"),
    ]

    /// A number as the file writes it: the shortest text that reads back as the same Double.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The scenario file written from `values` (field path → text, as submitted) and the parser's
    /// scenario from it. Fields left empty leave their key out; a shock or risk whose name is empty is
    /// dropped; number fields are written as typed, so the parser judges them as it judges a file.
    /// - Parameter file: the name the messages give the file (`scenarios/NAME.toml`).
    /// - Throws: `Refusal` with the parser's message, attributed to its field.
    public static func build(values: [String: String], file: String) throws(Refusal) -> (scenario: Scenario, toml: String) {
        let writer = ScenarioFileWriter(values: values)
        let (text, lines) = writer.write()
        do {
            return (try Scenario.parse(toml: text, file: file), text)
        } catch {
            // The parser names the key ("shocks[0].loss: expected …"); a syntax error only its line.
            let named = values.keys.first { error.message.hasPrefix($0 + ":") }
            let path = named ?? (error.line > 0 && error.line <= lines.count ? lines[error.line - 1] : nil)
            throw Refusal(errors: [(path, error.description)])
        }
    }
}

/// Writes a scenario file from the editor's values, remembering which field each line holds.
private struct ScenarioFileWriter {
    var values: [String: String]

    func value(_ path: String) -> String? {
        guard let text = values[path]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// Items of a list field, split at commas (also Chinese ones and 、).
    static func items(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The file's text and, for each of its lines, the path of the field it holds (nil for headers).
    func write() -> (text: String, lines: [String?]) {
        var out: [String] = [], owners: [String?] = []
        func header(_ text: String) { out.append(""); owners.append(nil); out.append(text); owners.append(nil) }
        func key(_ name: String, _ path: String, _ rendered: String) { out.append("\(name) = \(rendered)"); owners.append(path) }
        func raw(_ name: String, _ path: String) { if let text = value(path) { key(name, path, text) } }
        func string(_ name: String, _ path: String) { if let text = value(path) { key(name, path, Self.quoted(text)) } }
        func names(_ name: String, _ path: String) {
            if let text = value(path) { key(name, path, "[" + Self.items(text).map(Self.quoted).joined(separator: ", ") + "]") }
        }
        func integers(_ name: String, _ path: String) {
            if let text = value(path) { key(name, path, "[" + Self.items(text).joined(separator: ", ") + "]") }
        }
        out.append("# Written by the scenario editor of tuopin serve; schema: notebooks-data/README.md, \"Scenario files\".")
        owners.append(nil)
        string("name", "name")
        header("[allocation]")
        string("strategy", "allocation.strategy")
        raw("exit_margin", "allocation.exit_margin")
        string("plan_file", "allocation.plan_file")
        for source in IncomeSource.allCases {
            let base = "sources.\(source.key)"
            guard value("\(base).growth") != nil || value("\(base).spread") != nil else { continue }
            header("[\(base)]")
            raw("growth", "\(base).growth")
            raw("spread", "\(base).spread")
        }
        for group in Self.groups("shocks", in: values) where value("\(group).name") != nil {
            header("[[shocks]]")
            string("name", "\(group).name")
            names("sources", "\(group).sources")
            string("scope", "\(group).scope")
            integers("tiers", "\(group).tiers")
            raw("probability", "\(group).probability")
            raw("loss", "\(group).loss")
        }
        for group in Self.groups("risks", in: values) where value("\(group).name") != nil {
            header("[[risks]]")
            string("name", "\(group).name")
            names("causes", "\(group).causes")
            raw("probability", "\(group).probability")
            raw("loss_fraction", "\(group).loss_fraction")
            raw("loss_yuan", "\(group).loss_yuan")
            raw("duration_years", "\(group).duration_years")
        }
        header("[policy]")
        raw("poverty_line", "policy.poverty_line")
        raw("transfer_increase_per_person", "policy.transfer_increase_per_person")
        string("transfer_recipients", "policy.transfer_recipients")
        string("infrastructure_works", "policy.infrastructure_works")
        header("[relocation]")
        string("file", "relocation.file")
        raw("count", "relocation.count")
        raw("farm_income_kept", "relocation.farm_income_kept")
        raw("support_income", "relocation.support_income")
        header("[targets]")
        raw("persons_exit", "targets.persons_exit")
        raw("villages_exit", "targets.villages_exit")
        raw("max_returning_households", "targets.max_returning_households")
        raw("county_exit", "targets.county_exit")
        for group in Self.groups("years", in: values) {
            guard let entered = value("\(group).year") else { continue }
            // Anything but digits goes in quotes: the parser refuses it at this field, and no
            // text of a field ever becomes TOML of its own.
            let year = entered.allSatisfy({ $0.isASCII && $0.isNumber }) ? entered : Self.quoted(entered)
            header("[years.\(year)]")
            owners[owners.count - 1] = "\(group).year"
            raw("funds", "\(group).funds")
            raw("transfer_increase_per_person", "\(group).transfer_increase_per_person")
            raw("poverty_line", "\(group).poverty_line")
            raw("relocation_count", "\(group).relocation_count")
            if let growth = value("\(group).growth") {
                header("[years.\(year).growth]")
                owners[owners.count - 1] = "\(group).growth"
                for pair in Self.items(growth) {
                    let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    let number = parts.count == 2 ? parts[1] : ""
                    let plain = !number.isEmpty && number.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE_".contains($0)) }
                    out.append("\(Self.quoted(parts[0])) = \(plain ? number : Self.quoted(number))")
                    owners.append("\(group).growth")
                }
            }
        }
        return (out.joined(separator: "\n") + "\n", owners)
    }

    /// The groups `kind[i]` present among the values, in the order of i.
    static func groups(_ kind: String, in values: [String: String]) -> [String] {
        let indices = Set(values.keys.compactMap { key -> Int? in
            guard key.hasPrefix(kind + "["), let close = key.firstIndex(of: "]") else { return nil }
            return Int(key[key.index(key.startIndex, offsetBy: kind.count + 1)..<close])
        })
        return indices.sorted().map { "\(kind)[\($0)]" }
    }
}

private extension Array {
    /// The array followed by `count` copies of `element`.
    func appending(_ element: Element, times count: Int) -> [Element] { self + Array(repeating: element, count: Swift.max(0, count)) }
}
