import ArgumentParser
import Foundation
import Optimization
import Planning
import Reports

/// `tuopin resettle DIR`: assigns relocating natural villages and scattered households to resettlement
/// sites by branch and bound; see docs/planning.md.
struct ResettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resettle",
        abstract: "Assign relocating villages and households to resettlement sites (flats, seats, subsidies).",
        discussion: """
            Exit codes: 0 optimal; 1 bad input; 3 infeasible or stopped before the gap closed (what is short on stderr).
            JSON keys: status, objective, gap, placed_persons, unplaced_persons, sites [{site, occupancy, …}], unplaced, budget_value.
            """
    )

    @Argument(help: "County folder (relocation.csv, sites.csv, site_flats.csv, …).")
    var folder: String

    @Flag(help: "Every relocating household must be placed (else the model reports what is short and exits 3).")
    var requireAll = false

    @Option(help: "Most yuan of building subsidies.", transform: NumberOption.decimal)
    var subsidyBudget: Double?

    @Option(help: "Cost of distance, yuan per person per km.", transform: NumberOption.decimal)
    var yuanPerPersonKm: Double = 100

    @Option(help: "Stop branch and bound after this many seconds (the gap is reported).", transform: NumberOption.decimal)
    var timeLimit: Double = 30

    @Option(help: "Write the model as free-format MPS to this file.")
    var exportMps: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let b = subsidyBudget, !(b > 0) { throw ValidationError("--subsidy-budget must be a positive number of yuan") }
        guard timeLimit > 0, yuanPerPersonKm >= 0 else { throw ValidationError("--time-limit must be positive, --yuan-per-person-km not negative") }
        try output.require([.text, .markdown, .csv, .json], verb: "resettle")
    }

    func run() throws {
        CommandInputs.folders(folder)
        // Only the tables the model uses: resettle reads no fund data and no ordinary households.
        let registry = try CountyFolder.load(folder, tables: .resettlement)
        var options = ResettlementOptions()
        options.requireAll = requireAll
        options.subsidyBudget = subsidyBudget
        options.yuanPerPersonKm = yuanPerPersonKm
        options.solver.timeLimit = timeLimit
        let model = try ResettlementModel(registry: registry, options: options)
        if let path = exportMps { try writeAtomically(Data(MPSWriter.text(model.model).utf8), to: path) }
        let result = Resettlement.solve(model, registry: registry, options: options)
        let report = ResettlementReport(result: result, registry: registry, model: model, language: output.lang)
        try output.emit(report)
        guard result.status == .optimal else {
            throw PlanningOutcomeFailure(what: "resettlement", status: result.status,
                                         shortfalls: result.status == .infeasible ? result.unplaced.map(\.reason) : [])
        }
    }
}

/// Renders a `ResettlementResult` as JSON, CSV (sites by flat type) or a text / Markdown summary, zh or en.
struct ResettlementReport: PlanningReport {
    var result: ResettlementResult
    var registry: CountyRegistry
    var model: ResettlementModel
    var language: Language

    private func label(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    func json() -> JSON {
        let r = result
        return .object([
            ("status", .string(r.status.rawValue)),
            ("objective", .number(r.objective)),
            ("cost_yuan", .number(r.cost.totalYuan)),
            ("cost", .object([("subsidies_yuan", .number(r.cost.subsidiesYuan)), ("travel_yuan", .number(r.cost.travelYuan)),
                              ("construction_yuan", .number(r.cost.constructionYuan)), ("empty_flats_yuan", .number(r.cost.emptyFlatsYuan))])),
            ("gap", .number(r.gap)),
            ("bound", .number(r.bound)),
            ("nodes", .int(r.nodes)),
            ("placed_persons", .int(r.placedPersons)),
            ("unplaced_persons", .int(r.unplacedPersons)),
            ("placed_households", .int(r.placedHouseholds)),
            ("unplaced_households", .int(r.unplacedHouseholds)),
            ("sites", .array(r.sites.map { o in
                let site = registry.sites[o.site]
                return .object([
                    ("site", .string(site.id)), ("name", .string(site.name)), ("kind", .string(site.kind.rawValue)),
                    ("occupancy", .number(o.occupancy)), ("households", .int(o.households)), ("persons", .int(o.persons)),
                    ("subsidy", .number(o.subsidy)), ("travel_yuan", .number(o.travelYuan)),
                    ("flats", .array(o.flats.map { f in .object([
                        ("area_m2", .number(f.area)), ("flats", .int(f.flats)), ("taken", .int(f.taken)),
                        ("occupancy", .number(f.occupancy)), ("one_more", Self.json(f.oneMore)),
                    ]) })),
                    ("pupils", .number(o.pupils)), ("school_seats", .int(site.schoolSeats)), ("one_more_school_seat", Self.json(o.oneMoreSchoolSeat)),
                    ("kindergarten_children", .number(o.kindergartenChildren)), ("kindergarten_seats", .int(site.kindergartenSeats)),
                    ("one_more_kindergarten_seat", Self.json(o.oneMoreKindergartenSeat)),
                ])
            })),
            ("natural_villages", .array(model.groups.enumerated().map { g, group in .object([
                ("village", .string(registry.villages[group.village].id)), ("natural_village", .string(group.naturalVillage)),
                ("households", .int(group.members.count)), ("persons", .int(group.persons)),
                ("site", r.groupSites[g].map { .string(registry.sites[$0].id) } ?? .null),
            ]) })),
            ("unplaced", .array(r.unplaced.map { .object([("who", .string($0.label)), ("households", .int($0.households)),
                                                          ("persons", .int($0.persons)), ("reason", .string($0.reason))]) })),
            ("one_more_10000_yuan_of_budget", r.oneMoreBudget.map(Self.json) ?? .null),
            ("solve_seconds", .number(r.seconds)),
            ("model", .object([("rows", .int(model.model.rowCount)), ("columns", .int(model.model.variableCount)),
                               ("integers", .int(model.model.variables.filter(\.isInteger).count))])),
        ])
    }

    /// What one more unit of a limit buys: `binds`, and when it binds `persons_placed` and `cost_yuan`
    /// per unit (null when the re-solve did not prove its optimum).
    static func json(_ v: LimitValue) -> JSON {
        .object([("binds", .bool(v.binds)), ("persons_placed", v.personsPlaced.isFinite ? .number(v.personsPlaced) : .null),
                 ("cost_yuan", v.costYuan.isFinite ? .number(v.costYuan) : .null)])
    }

    /// Occupancy by site and flat type as CSV.
    func csv() -> String {
        var out = "site,kind,households,persons,flat_area_m2,flats,taken,occupancy,one_more_flat_persons_placed,one_more_flat_cost_yuan\n"
        for o in result.sites {
            let site = registry.sites[o.site]
            if o.flats.isEmpty { out += "\(site.id),\(site.kind.rawValue),\(o.households),\(o.persons),,,,,,\n" }
            for f in o.flats {
                out += "\(site.id),\(site.kind.rawValue),\(o.households),\(o.persons),\(f.area),\(f.flats),\(f.taken),"
                // A flat type with no flats has no occupancy (NaN in the result), a value not computed
                // none: empty cells.
                out += [(f.occupancy, "%.4f"), (f.oneMore.personsPlaced, "%.2f"), (f.oneMore.costYuan, "%.2f")]
                    .map { $0.0.isFinite ? String(format: $0.1, $0.0) : "" }.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    func table(markdown: Bool) -> String {
        let r = result
        func row(_ cells: [String]) -> String { markdown ? "| " + cells.joined(separator: " | ") + " |\n" : cells.joined(separator: "  ") + "\n" }
        func header(_ cells: [String]) -> String { markdown ? row(cells) + "|" + String(repeating: " --- |", count: cells.count) + "\n" : row(cells) }
        func n(_ x: Double, _ digits: Int = 0) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "-" }
        var out = markdown ? "## " + label("Resettlement", "易地扶贫搬迁安置") + "\n\n" : ""
        out += header([label("figure", "指标"), label("value", "数值")])
        out += row([label("status", "状态"), solveStatusLabel(r.status, language)])
        out += row([label("cost, yuan (subsidies + travel + construction)", "费用（元，补助＋搬迁＋建设）"), n(r.cost.totalYuan)])
        out += row([label("  building subsidies, yuan", "  建房补助（元）"), n(r.cost.subsidiesYuan)])
        out += row([label("  travel, yuan", "  搬迁路费（元）"), n(r.cost.travelYuan)])
        out += row([label("  construction, yuan", "  安置点建设（元）"), n(r.cost.constructionYuan)])
        out += row([label("    of which flats left empty, yuan", "    其中空置住房（元）"), n(r.cost.emptyFlatsYuan)])
        out += row([label("model objective (with its penalties; not money)", "模型目标值（含罚项，非金额）"), n(r.objective)])
        out += row([label("optimality gap", "最优间隙"), r.gap.isFinite ? String(format: "%.2e", r.gap) : "-"])
        out += row([label("placed persons (households)", "已安置人数（户数）"), "\(r.placedPersons) (\(r.placedHouseholds))"])
        out += row([label("unplaced persons (households)", "未安置人数（户数）"), "\(r.unplacedPersons) (\(r.unplacedHouseholds))"])
        out += "\n" + header([label("site", "安置点"), label("flat m²", "户型（㎡）"), label("flats", "套数"), label("taken", "入住"), label("occupancy", "入住率"),
                                 label("one more flat: persons placed", "每增一套：多安置人数"), label("one more flat: cost change, yuan", "每增一套：费用变化（元）")])
        for o in r.sites {
            let site = registry.sites[o.site]
            if o.flats.isEmpty { out += row(["\(site.id) \(site.name)", "-", "-", "\(o.households) " + label("households", "户"), "-", "-", "-"]) }
            for f in o.flats {
                out += row(["\(site.id) \(site.name)", n(f.area), "\(f.flats)", "\(f.taken)", n(f.occupancy * 100, 1) + "%",
                            n(f.oneMore.personsPlaced, 2), n(f.oneMore.costYuan)])
            }
        }
        // The other limits that bind: seats and the subsidy budget, in the units that move.
        var limits: [(String, LimitValue)] = []
        for o in r.sites {
            let site = registry.sites[o.site]
            if o.oneMoreSchoolSeat.binds { limits.append((label("one more school seat at \(site.id)", "\(site.id)每增一个小学学位"), o.oneMoreSchoolSeat)) }
            if o.oneMoreKindergartenSeat.binds { limits.append((label("one more kindergarten seat at \(site.id)", "\(site.id)每增一个幼儿园学位"), o.oneMoreKindergartenSeat)) }
        }
        if let budget = r.oneMoreBudget, budget.binds { limits.append((label("10,000 yuan more subsidy budget", "补助预算每增1万元"), budget)) }
        if !limits.isEmpty {
            out += "\n" + header([label("limit reached", "已达上限"), label("persons placed", "多安置人数"), label("cost change, yuan", "费用变化（元）")])
            for (what, v) in limits { out += row([what, n(v.personsPlaced, 2), n(v.costYuan)]) }
        }
        if !r.unplaced.isEmpty {
            out += "\n" + header([label("unplaced", "未安置"), label("households", "户数"), label("persons", "人数"), label("why", "原因")])
            for u in r.unplaced.prefix(20) { out += row([u.label, "\(u.households)", "\(u.persons)", u.reason]) }
        }
        out += "\n" + label("solved in \(n(r.seconds, 3)) s, \(r.nodes) nodes", "求解 \(n(r.seconds, 3)) 秒，\(r.nodes) 个分支节点") + "\n"
        return out
    }
}
