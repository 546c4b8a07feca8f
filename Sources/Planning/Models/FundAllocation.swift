import Foundation
import Optimization

/// Yuan from one source to one project type in one village.
public struct AllocationLine: Sendable, Equatable {
    /// Indices into `CountyRegistry.villages` and `.funds`.
    public var village: Int
    public var source: Int
    public var type: ProjectType
    /// Yuan.
    public var yuan: Double
    /// Projects to start: `yuan / average project cost` of the type.
    public var projects: Double
}

/// Persons expected to exit in one village (or township) under a plan.
public struct AreaOutcome: Sendable, Equatable {
    /// Village index (for villages) or township index (for townships).
    public var index: Int
    /// Registered poor persons (not exited).
    public var poorPersons: Int
    /// Persons lifted above the line (expected; the last household reached may count in part).
    public var personsLifted: Double
    /// Persons lifted by the even-spreading baseline.
    public var baselinePersonsLifted: Double
    /// Yuan of the plan.
    public var yuan: Double
}

/// One fund source after the solve.
public struct SourceUse: Sendable, Equatable {
    public var source: Int
    /// Yuan available and used.
    public var amount: Double
    public var used: Double
    /// Objective gained by one more yuan of this source (dual of its budget row): weighted persons per
    /// yuan for `persons`; 0 when the source is not exhausted or pays for no estimated project type.
    public var shadowPrice: Double
}

/// A rule at its bound with a non-zero dual: what relaxing it by one unit (yuan) would gain.
public struct BindingRule: Sendable, Equatable {
    public var name: String
    public var kind: AllocationRowKind
    /// ∂objective/∂(right-hand side).
    public var dual: Double
}

/// A fund's share rule after the solve: the share of its amount that went to the rule's category.
public struct ShareOutcome: Sendable, Equatable {
    /// Index into `CountyRegistry.funds`.
    public var source: Int
    public var category: ProjectCategory
    /// The rule's minimum share and the share achieved (yuan on the category ÷ the fund's amount).
    public var minimumShare: Double
    public var share: Double
    /// Yuan of the fund spent on the category.
    public var yuan: Double
}

/// Everything `tuopin allocate` reports.
public struct FundAllocationResult: Sendable {
    public var status: SolveStatus
    public var objective: AllocationObjective
    /// Optimum of the model (weighted), equal to the optimum of `fullModel`'s MPS.
    public var objectiveValue: Double
    /// Relative duality gap of the final LP.
    public var gap: Double
    /// Persons lifted to the target income (unweighted, expected) and households fully lifted.
    public var personsLifted: Double
    public var householdsLifted: Int
    /// Yuan spent.
    public var cost: Double
    public var lines: [AllocationLine]
    public var villages: [AreaOutcome]
    public var townships: [AreaOutcome]
    public var sources: [SourceUse]
    /// One entry per fund with a share rule (empty without rules, or when the solve failed).
    public var shares: [ShareOutcome] = []
    public var binding: [BindingRule]
    public var baseline: EvenSpreadingResult
    /// Poor persons of safety-net households (兜底户), left to transfers.
    public var safetyNetPersons: Int
    public var poorPersons: Int
    /// Interior-point iterations over all rounds, rounds of added rules, and wall-clock seconds.
    public var iterations: Int
    public var rounds: Int
    public var seconds: Double
    /// Rows and columns of the final solved model and of the full model.
    public var solvedRows: Int
    public var fullRows: Int
    public var columns: Int
    /// When the model is infeasible: what is short, in words (English), e.g. a minimum above a budget.
    public var shortfalls: [String]
    /// The stable-exit margin (`FundAllocationOptions.exitMargin`), a fraction of the line.
    public var exitMargin: Double = 0
    /// The target per-capita income the margin gives, yuan per person per year: line × (1 + margin),
    /// the income persons are lifted to.
    public var targetIncome: Double = 0

    /// Yuan per person lifted (∞ when nobody is lifted).
    public var costPerPerson: Double { personsLifted > 0 ? cost / personsLifted : .infinity }
}

public enum FundAllocation {
    /// Builds and solves the allocation model of `registry`, and evaluates even spreading.
    /// - Throws: `AllocationError` when there are no funds, no project returns, or the budget is not positive.
    public static func solve(_ registry: CountyRegistry, options: FundAllocationOptions = FundAllocationOptions()) throws(AllocationError) -> FundAllocationResult {
        if let b = options.budget, !(b > 0) { throw .invalidBudget(b) }
        let model = try FundAllocationModel(registry: registry, options: options)
        return solve(model, registry: registry, options: options)
    }

    /// Solves a built model: `model.fullModel` at once, or (with `options.rowGeneration`) by row
    /// generation: the LP without the per-village maximum and capacity rows, then again with every such
    /// row the solution breaks, until none is broken. The optimum is that of `model.fullModel` either
    /// way (rows left out hold at it, so their duals are zero).
    public static func solve(_ model: FundAllocationModel, registry: CountyRegistry, options: FundAllocationOptions) -> FundAllocationResult {
        let started = Date()
        var working = model.base
        var kinds = model.baseRowKinds
        var waiting = model.pending
        if !options.rowGeneration {
            working = model.fullModel
            kinds += model.pending.map(\.kind)
            waiting = []
        }
        var rounds = 0, iterations = 0
        var solution = LPSolver.solve(working, options: options.solver)
        iterations += solution.iterations
        while solution.status == .optimal, rounds < options.maximumRounds {
            let x = solution.primal
            var broken: [PendingRow] = [], kept: [PendingRow] = []
            for p in waiting {
                let activity = p.coefficients.reduce(0) { $0 + $1.value * x[$1.variable] }
                if activity > p.row.upper + 1e-7 * (1 + abs(p.row.upper)) { broken.append(p) } else { kept.append(p) }
            }
            guard !broken.isEmpty else { break }
            for p in broken { working.addRow(p.row, coefficients: p.coefficients); kinds.append(p.kind) }
            waiting = kept
            rounds += 1
            solution = LPSolver.solve(working, options: options.solver)
            iterations += solution.iterations
        }
        let baseline = EvenSpreading.evaluate(registry: registry, curves: model.curves, returns: model.returns, budget: options.budget)
        var result = FundAllocationResult(
            status: solution.status, objective: options.objective, objectiveValue: solution.objective, gap: solution.gap,
            personsLifted: 0, householdsLifted: 0, cost: 0, lines: [], villages: [], townships: [], sources: [], binding: [],
            baseline: baseline, safetyNetPersons: model.curves.reduce(0) { $0 + $1.safetyNetPersons },
            poorPersons: model.curves.reduce(0) { $0 + $1.poorPersons }, iterations: iterations, rounds: rounds,
            seconds: 0, solvedRows: working.rowCount, fullRows: model.base.rowCount + model.pending.count,
            columns: model.base.variableCount, shortfalls: [], exitMargin: model.exitMargin, targetIncome: model.targetIncome)
        if solution.status == .optimal {
            fill(&result, model: model, working: working, kinds: kinds, solution: solution, registry: registry)
        } else {
            result.shortfalls = shortfalls(model: model, registry: registry, options: options)
            result.sources = registry.funds.indices.map { SourceUse(source: $0, amount: registry.funds[$0].amount, used: 0, shadowPrice: .nan) }
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Reads the plan, outcomes, source use and binding rules off an optimal solution.
    static func fill(_ result: inout FundAllocationResult, model: FundAllocationModel, working: LinearModel, kinds: [AllocationRowKind],
                     solution: Solution, registry: CountyRegistry) {
        let x = solution.primal
        var villagePersons = [Double](repeating: 0, count: registry.villages.count)
        var villageYuan = villagePersons
        var used = [Double](repeating: 0, count: registry.funds.count)
        for (j, role) in model.columns.enumerated() {
            switch role {
            case let .spend(v, f, t):
                let yuan = max(0, x[j])
                guard yuan > 0.5 else { continue }
                let ret = model.returns[t]
                result.lines.append(AllocationLine(village: v, source: f, type: ret.type, yuan: yuan, projects: yuan / ret.averageProjectCost))
                villageYuan[v] += yuan
                used[f] += yuan
            case let .lift(v, k):
                let share = min(1, max(0, x[j]))
                villagePersons[v] += share * Double(model.curves[v].segments[k].persons)
                if share > 1 - 1e-6 { result.householdsLifted += 1 }
            }
        }
        result.cost = used.reduce(0, +)
        for (f, fund) in registry.funds.enumerated() {
            guard let rule = fund.shareRule else { continue }
            var yuan = 0.0
            for line in result.lines where line.source == f {
                let t = model.returns.firstIndex { $0.type == line.type }
                if (t.map { model.categories[$0] } ?? line.type.defaultCategory) == rule.category { yuan += line.yuan }
            }
            result.shares.append(ShareOutcome(source: f, category: rule.category, minimumShare: rule.minimumShare,
                                              share: fund.amount > 0 ? yuan / fund.amount : 0, yuan: yuan))
        }
        result.personsLifted = villagePersons.reduce(0, +)
        result.sources = registry.funds.indices.map { f in
            let dual = model.budgetRow[f].map { solution.rowDuals[$0] } ?? 0
            return SourceUse(source: f, amount: registry.funds[f].amount, used: used[f], shadowPrice: dual > 1e-12 ? dual : 0)
        }
        var townshipOutcomes = registry.townships.indices.map { AreaOutcome(index: $0, poorPersons: 0, personsLifted: 0, baselinePersonsLifted: 0, yuan: 0) }
        for v in registry.villages.indices {
            let outcome = AreaOutcome(index: v, poorPersons: model.curves[v].poorPersons, personsLifted: villagePersons[v],
                                      baselinePersonsLifted: result.baseline.personsByVillage[v], yuan: villageYuan[v])
            if outcome.poorPersons > 0 || outcome.yuan > 0 { result.villages.append(outcome) }
            let t = registry.villages[v].township
            townshipOutcomes[t].poorPersons += outcome.poorPersons
            townshipOutcomes[t].personsLifted += outcome.personsLifted
            townshipOutcomes[t].baselinePersonsLifted += outcome.baselinePersonsLifted
            townshipOutcomes[t].yuan += outcome.yuan
        }
        result.townships = townshipOutcomes
        let scale = max(1, solution.rowDuals.map(abs).max() ?? 1)
        for (i, row) in working.rows.enumerated() where kinds[i] != .link {
            let dual = solution.rowDuals[i]
            let activity = solution.rowActivities[i]
            let atBound = abs(activity - (dual >= 0 ? row.upper : row.lower)) <= 1e-6 * (1 + abs(activity))
            if abs(dual) > 1e-7 * scale && atBound { result.binding.append(BindingRule(name: row.name, kind: kinds[i], dual: dual)) }
        }
        result.binding.sort { abs($0.dual) > abs($1.dual) }
    }

    /// Plain reasons a model may be infeasible: a source's minimum per village over its amount, the
    /// minima over the total budget, a minimum a village cannot absorb within its project capacity.
    static func shortfalls(model: FundAllocationModel, registry: CountyRegistry, options: FundAllocationOptions) -> [String] {
        var out: [String] = []
        var villagesBySource = [Set<Int>](repeating: [], count: registry.funds.count)
        var upperBySourceVillage: [Int: [Int: Double]] = [:]
        for (j, role) in model.columns.enumerated() {
            if case let .spend(v, f, _) = role {
                villagesBySource[f].insert(v)
                upperBySourceVillage[f, default: [:]][v, default: 0] += model.base.variables[j].upper
            }
        }
        var totalMinimum = 0.0
        for (f, fund) in registry.funds.enumerated() {
            guard let least = fund.minPerVillage, least > 0 else { continue }
            let n = villagesBySource[f].count
            let need = least * Double(n)
            totalMinimum += need
            if need > fund.amount {
                out.append("fund \(fund.id) (\(fund.name)) needs \(format(need)) yuan for its minimum of \(format(least)) in each of \(n) villages but has \(format(fund.amount)): short \(format(need - fund.amount))")
            }
            for (v, upper) in (upperBySourceVillage[f] ?? [:]).sorted(by: { $0.key < $1.key }) where upper < least {
                out.append("village \(registry.villages[v].id) (\(registry.villages[v].name)) can absorb at most \(format(upper)) yuan of fund \(fund.id) within its project capacity, below the minimum \(format(least))")
            }
        }
        if let budget = options.budget, totalMinimum > budget {
            out.append("the minima per village add up to \(format(totalMinimum)) yuan, over the budget of \(format(budget)): short \(format(totalMinimum - budget))")
        }
        return out
    }

    static func format(_ x: Double) -> String { String(format: "%.0f", x) }
}
