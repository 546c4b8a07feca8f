import Optimization

/// What the fund-allocation model maximises.
public enum AllocationObjective: String, Sendable, CaseIterable {
    /// Registered poor persons lifted above the line (weighted by village priority).
    case persons
    /// Aggregate income gap closed, yuan per year (FGT1 · z · N reduced; weighted).
    case gap
    /// Squared gap reduced, in persons: Σ n·(d/z)² of the households lifted (FGT2 · N; weighted). Partly
    /// closing a household counts the chord `λ·n·(d/z)²`, a lower bound of the true reduction.
    case fgt2
}

/// Options of `FundAllocation`: one struct for every choice of the model.
public struct FundAllocationOptions: Sendable {
    public var objective: AllocationObjective = .persons
    /// Total yuan that may be spent across all sources (a row `Σ x ≤ budget`); nil: each source's own amount only.
    public var budget: Double?
    /// Weight of a person (or yuan of gap) in a tier-1 township. Default 1.2.
    public var tier1Weight: Double = 1.2
    /// Extra weight factor for a registered poor village (multiplies the tier weight). Default 1.1.
    public var poorVillageWeight: Double = 1.1
    /// Stable-exit margin (稳定脱贫), a fraction ≥ 0 of the poverty line: households are lifted to the
    /// target per-capita income `line × (1 + exitMargin)` (`GapCurves.targetIncome`) instead of the
    /// line itself, so that next year's ups and downs leave them above the line. The curves, the
    /// gaps, "persons lifted" (persons brought to the target) and the even-spreading baseline all use
    /// the target. Default 0: lifted exactly to the line.
    public var exitMargin: Double = 0
    /// Interior-point tolerances and limits.
    public var solver = SolverOptions()
    /// Whether to solve by row generation (the LP without the per-village maximum and capacity rows
    /// first, adding the broken ones and solving again) instead of solving the full model at once.
    /// The interior-point method's sparse normal equations make the full model cheap (its extra rows
    /// touch one village each), and one solve beats several; row generation pays only on the dense
    /// path. Default false.
    public var rowGeneration: Bool = false
    /// Most rounds of adding violated per-village rules (row generation). Default 30.
    public var maximumRounds: Int = 30
    public init() {}
}

/// The role of one column of the allocation model.
public enum AllocationColumn: Sendable, Equatable {
    /// Yuan from fund `source` to projects of `type` in `village` (indices into the registry; `type` into the returns list).
    case spend(village: Int, source: Int, type: Int)
    /// Share (0…1) of the gap of `segment` of `village`'s curve that is closed.
    case lift(village: Int, segment: Int)
}

/// The kind of a row, for reports of binding rules.
public enum AllocationRowKind: String, Sendable {
    /// Income delivered to a village covers the gaps it closes.
    case link
    /// A fund source's amount.
    case budget
    /// The `--budget` total.
    case total
    /// A source's minimum per village.
    case minimum
    /// A source's maximum per village.
    case maximum
    /// A project type reaches each workable poor household of a village at most once.
    case capacity
    /// A fund's share rule: at least a share of its amount to one category of projects.
    case share
}

/// A row with its coefficients, kept aside until the solution violates it (row generation).
public struct PendingRow: Sendable {
    public var row: Row
    public var kind: AllocationRowKind
    public var village: Int
    public var coefficients: [(variable: Int, value: Double)]
}

/// The fund-allocation LP of DESIGN.md ("The planning models"), built from a registry:
///
///     maximise   Σ_v w_v Σ_h value_h · λ_h
///     subject to Σ_h g_h λ_h − Σ_{f,t} r_t x_vft ≤ 0             (link_v: income delivered covers the gaps closed)
///                Σ_{v,t} x_vft ≤ amount_f                          (budget_f)
///                Σ_{v,f,t} x_vft ≤ budget                          (total, with --budget)
///                min_f ≤ Σ_t x_vft ≤ max_f                         (min_v_f / max_v_f, per village)
///                Σ_f x_vft ≤ c_t · H_v                             (cap_v_t: one project of a type per household)
///                Σ_{v, t ∈ K_f} x_vft ≥ s_f · amount_f              (share_f: a fund's share rule, category K_f, share s_f)
///                0 ≤ λ_h ≤ 1,  x_vft ≥ 0 only where f may pay for t (and v is poor for poor-only sources)
///
/// with g_h = (z − per-capita income)·size, z = line × (1 + exit margin) the target income
/// (`FundAllocationOptions.exitMargin`, 0 by default: z is the line), r_t the yearly income per yuan of
/// type t, c_t its cost per household reached, H_v the village's workable poor households below z, and
/// value_h = size (persons), g_h (gap) or size·(d_h/z)² (fgt2, d_h = z − per-capita income).
/// Safety-net households (兜底户) are not on any curve.
/// A per-village row over a single column is written as that column's bounds. Per-village max and
/// capacity rows start aside (`pending`) and enter when violated; `fullModel` has them all.
public struct FundAllocationModel: Sendable {
    /// The rows solved from the start (links, budgets, total, minima).
    public var base: LinearModel
    /// Per-village maximum and capacity rows, added when a solution breaks them.
    public var pending: [PendingRow]
    public var columns: [AllocationColumn]
    public var baseRowKinds: [AllocationRowKind]
    /// Row index in `base` of each fund's budget row (nil: the fund pays for no estimated project type).
    public var budgetRow: [Int?]
    public var curves: [VillageGapCurve]
    public var returns: [ProjectTypeReturn]
    /// Priority weight of each village.
    public var weights: [Double]
    /// Amount of each fund, yuan.
    public var amounts: [Double]
    /// The stable-exit margin the curves were built with (`FundAllocationOptions.exitMargin`).
    public var exitMargin: Double
    /// Target per-capita income of the curves, yuan per person per year: line × (1 + exitMargin).
    public var targetIncome: Double
    /// The category of each entry of `returns` (the category projects.csv gives its type).
    public var categories: [ProjectCategory]
    /// Row index in `base` of each fund's share rule (nil: the fund has none).
    public var shareRow: [Int?]

    /// The complete model (every pending row added): the one exported as MPS.
    public var fullModel: LinearModel {
        var model = base
        for p in pending { model.addRow(p.row, coefficients: p.coefficients) }
        return model
    }

    /// Builds the model. Throws `AllocationError.noFunds` / `.noProjects` when there is nothing to
    /// allocate, `.invalidExitMargin` when `options.exitMargin` is not a finite fraction ≥ 0, and
    /// `.infeasibleShareRule` when a fund's share rule asks more of a category than its columns can
    /// take (Σ of their upper bounds, at most the fund's amount). A spending column under a share
    /// rule is bounded by its village's project capacity (and the fund's maximum), not by the
    /// village's gap: the rule may oblige spending more than lifts anyone.
    public init(registry: CountyRegistry, options: FundAllocationOptions = FundAllocationOptions()) throws(AllocationError) {
        guard options.exitMargin >= 0, options.exitMargin.isFinite else { throw .invalidExitMargin(options.exitMargin) }
        guard !registry.funds.isEmpty else { throw .noFunds }
        let returns = ProjectReturns.estimate(registry.projects)
        guard !returns.isEmpty else { throw .noProjects }
        let curves = GapCurves.build(registry, exitMargin: options.exitMargin)
        let target = GapCurves.targetIncome(line: registry.county.povertyLine, exitMargin: options.exitMargin)
        self.curves = curves
        self.exitMargin = options.exitMargin
        self.targetIncome = target
        self.returns = returns
        self.amounts = registry.funds.map(\.amount)
        var categoryOfType: [ProjectType: ProjectCategory] = [:]
        for p in registry.projects where categoryOfType[p.type] == nil { categoryOfType[p.type] = p.category }
        let categories = returns.map { categoryOfType[$0.type] ?? $0.type.defaultCategory }
        self.categories = categories
        weights = registry.villages.map { v in
            (registry.townships[v.township].tier == 1 ? options.tier1Weight : 1) * (v.isPoor ? options.poorVillageWeight : 1)
        }
        var model = LinearModel(name: "TUOPIN_ALLOCATE", sense: .maximize)
        var kinds: [AllocationRowKind] = []
        var columns: [AllocationColumn] = []
        var pending: [PendingRow] = []

        // Rows fixed from the start: one budget per fund that can pay for an estimated type, the total.
        var budgetRow = [Int?](repeating: nil, count: registry.funds.count)
        for (f, fund) in registry.funds.enumerated() where returns.contains(where: { fund.mayPay(for: $0.type) }) {
            budgetRow[f] = model.addRow(Row(name: "budget_\(mpsName(fund.id))", lower: -.infinity, upper: fund.amount))
            kinds.append(.budget)
        }
        var shareRow = [Int?](repeating: nil, count: registry.funds.count)
        for (f, fund) in registry.funds.enumerated() {
            guard let rule = fund.shareRule, budgetRow[f] != nil else { continue }
            shareRow[f] = model.addRow(Row(name: "share_\(mpsName(fund.id))_\(rule.category.rawValue)", lower: rule.minimumShare * fund.amount, upper: .infinity))
            kinds.append(.share)
        }
        if let rule = registry.funds.enumerated().first(where: { $0.element.shareRule != nil && budgetRow[$0.offset] == nil }) {
            throw .infeasibleShareRule(fund: rule.element.id, category: rule.element.shareRule?.category.rawValue ?? "", required: (rule.element.shareRule?.minimumShare ?? 0) * rule.element.amount, possible: 0)
        }
        var totalRow: Int?
        if let budget = options.budget {
            totalRow = model.addRow(Row(name: "total_budget", lower: -.infinity, upper: budget))
            kinds.append(.total)
        }

        for (v, village) in registry.villages.enumerated() {
            let curve = curves[v]
            guard !curve.segments.isEmpty else { continue }
            let vid = mpsName(village.id)
            let link = model.addRow(Row(name: "link_\(vid)", lower: -.infinity, upper: 0))
            kinds.append(.link)
            let usefulIncome = curve.totalGap
            // Spending columns.
            var byType = [[Int]](repeating: [], count: returns.count)
            for (f, fund) in registry.funds.enumerated() {
                guard let budget = budgetRow[f], !(fund.poorVillagesOnly && !village.isPoor) else { continue }
                var mine: [Int] = []
                for (t, ret) in returns.enumerated() where fund.mayPay(for: ret.type) {
                    let capacity = ret.costPerHousehold * Double(curve.workableHouseholds)
                    var upper = min(fund.amount, fund.maxPerVillage ?? .infinity, capacity)
                    let shared = shareRow[f] != nil && fund.shareRule?.category == categories[t]
                    // More than the village's whole gap is never useful (unless a minimum or a share rule forces spending).
                    if (fund.minPerVillage ?? 0) <= 0, !shared, ret.returnPerYuan > 0 { upper = min(upper, usefulIncome / ret.returnPerYuan) }
                    var entries: [(row: Int, value: Double)] = [(link, -ret.returnPerYuan), (budget, 1)]
                    if let totalRow { entries.append((totalRow, 1)) }
                    if shared, let row = shareRow[f] { entries.append((row, 1)) }
                    let j = model.addVariable(Variable(name: "x_\(vid)_\(mpsName(fund.id))_\(ret.type.rawValue)", lower: 0, upper: upper), column: entries)
                    columns.append(.spend(village: v, source: f, type: t))
                    mine.append(j)
                    byType[t].append(j)
                }
                guard !mine.isEmpty else { continue }
                let upperSum = mine.reduce(0) { $0 + model.variables[$1].upper }
                if let least = fund.minPerVillage, least > 0 {
                    if mine.count == 1 {
                        var x = model.variables[mine[0]]; x.lower = least
                        model.updateVariable(mine[0], x)
                    } else {
                        model.addRow(Row(name: "min_\(vid)_\(mpsName(fund.id))", lower: least, upper: .infinity),
                                     coefficients: mine.map { ($0, 1) })
                        kinds.append(.minimum)
                    }
                }
                if let most = fund.maxPerVillage, mine.count > 1, upperSum > most {
                    pending.append(PendingRow(row: Row(name: "max_\(vid)_\(mpsName(fund.id))", lower: -.infinity, upper: most),
                                              kind: .maximum, village: v, coefficients: mine.map { ($0, 1) }))
                }
            }
            for (t, list) in byType.enumerated() where list.count > 1 {
                let capacity = returns[t].costPerHousehold * Double(curve.workableHouseholds)
                if list.reduce(0, { $0 + model.variables[$1].upper }) > capacity {
                    pending.append(PendingRow(row: Row(name: "cap_\(vid)_\(returns[t].type.rawValue)", lower: -.infinity, upper: capacity),
                                              kind: .capacity, village: v, coefficients: list.map { ($0, 1) }))
                }
            }
            // Curve columns: one per household below the target.
            for (k, s) in curve.segments.enumerated() {
                let d = s.perCapitaGap / target
                let value: Double
                switch options.objective {
                case .persons: value = Double(s.persons)
                case .gap: value = s.gap
                case .fgt2: value = Double(s.persons) * d * d
                }
                model.addVariable(Variable(name: "h_\(mpsName(registry.households.ids[s.household]))", lower: 0, upper: 1, cost: weights[v] * value),
                                  column: [(link, s.gap)])
                columns.append(.lift(village: v, segment: k))
            }
        }
        // A share rule its columns cannot meet is refused here, with the numbers, not left to the solver.
        for (f, fund) in registry.funds.enumerated() {
            guard let rule = fund.shareRule, let row = shareRow[f] else { continue }
            var possible = 0.0
            for (j, role) in columns.enumerated() {
                if case let .spend(_, source, t) = role, source == f, categories[t] == rule.category { possible += model.variables[j].upper }
            }
            let required = rule.minimumShare * fund.amount
            if min(possible, fund.amount) < required * (1 - 1e-9) {
                throw .infeasibleShareRule(fund: fund.id, category: rule.category.rawValue, required: required, possible: min(possible, fund.amount))
            }
            _ = row
        }
        self.shareRow = shareRow
        self.base = model
        self.pending = pending
        self.columns = columns
        self.baseRowKinds = kinds
        self.budgetRow = budgetRow
    }
}

/// A name usable in free-format MPS: white space becomes `_`.
func mpsName(_ s: String) -> String {
    // Printable ASCII has no white space but the space: most ids take this path, no Character walk.
    if s.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return s }
    return String(s.map { $0.isWhitespace ? "_" : $0 })
}
