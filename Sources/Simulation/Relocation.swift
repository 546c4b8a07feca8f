import Foundation
import Planning

/// What moving into a resettlement home does to a household's next year (the scenario's
/// `[relocation]` keys `farm_income_kept` and `support_income`).
///
/// A moved household (易地扶贫搬迁, placed at a site by the resettlement plan):
/// - meets the housing and safe-drinking-water guarantees (a resettlement home is built to both
///   standards), so only education and medical care remain to be checked for its exit;
/// - keeps `farmIncomeKept` of its planting, breeding and forestry income (the land and the stock
///   stay behind in the old village; reclaimed land may still be farmed — 宜耕则耕);
/// - earns `supportIncome` yuan a year more from follow-up support (后续扶持: jobs at the site's
///   industrial park, 就近就业) when it has at least one person able to work. The support income is
///   wage income: it joins the `migrant` (务工) source and shares its growth, spread and shocks.
///
/// The defaults (1 and 0) change no income: only the guarantees move with the household.
public struct RelocationEffects: Sendable, Equatable {
    /// Share (0…1) of planting, breeding and forestry income a moved household keeps.
    public var farmIncomeKept: Double
    /// Follow-up wage income, yuan a year per moved household with at least one worker (≥ 0).
    public var supportIncome: Double

    public init(farmIncomeKept: Double = 1, supportIncome: Double = 0) {
        self.farmIncomeKept = farmIncomeKept
        self.supportIncome = supportIncome
    }
}

/// One registered household that moves next year, as the simulation needs it.
public struct RelocatedHousehold: Sendable, Equatable {
    /// Index into the registry's households (and `HouseholdArrays`).
    public var household: Int
    /// Whether the household has at least one person able to work (receives `supportIncome`).
    public var hasWorker: Bool
    /// Whether education and medical care hold (the guarantees left once housing and water are met).
    public var otherGuaranteesMet: Bool

    public init(household: Int, hasWorker: Bool, otherGuaranteesMet: Bool) {
        self.household = household
        self.hasWorker = hasWorker
        self.otherGuaranteesMet = otherGuaranteesMet
    }
}

/// A scenario's relocation: the relocation rows that move next year and the resettlement plan
/// solved on them (`Resettlement.solve` on the registry with exactly these rows).
public struct RelocationPlan: Sendable {
    /// The rows that move, in the order the plan was solved on (`ResettlementResult.rowSites` order).
    public var rows: [Relocation]
    public var result: ResettlementResult

    public init(rows: [Relocation], result: ResettlementResult) {
        self.rows = rows
        self.result = result
    }

    /// The registered households the plan places at a site (rows of non-registered households,
    /// 同步搬迁, and unplaced rows are left out), each once, in row order.
    public func relocatedHouseholds(in registry: CountyRegistry) -> [RelocatedHousehold] {
        let h = registry.households
        var seen = Set<Int>()
        var out: [RelocatedHousehold] = []
        for (k, row) in rows.enumerated() {
            guard k < result.rowSites.count, result.rowSites[k] != nil, let i = row.household, i >= 0, i < h.count,
                  seen.insert(i).inserted else { continue }
            out.append(RelocatedHousehold(household: i, hasWorker: h.labour[i] > 0, otherGuaranteesMet: h.education[i] && h.medical[i]))
        }
        return out
    }
}

extension SimulationInput {
    /// Moves `households` into their resettlement homes for next year with `effects` (see
    /// `RelocationEffects`): guarantees met when education and medical care hold; planting,
    /// breeding and forestry income × `farmIncomeKept`; `supportIncome` added to the migrant (wage)
    /// income of a household with a worker. Indices outside the households are ignored.
    public mutating func relocate(_ households: [RelocatedHousehold], effects: RelocationEffects) {
        let kept = min(max(effects.farmIncomeKept, 0), 1)
        let farm: [IncomeSource] = [.planting, .breeding, .forestry]
        for move in households where move.household >= 0 && move.household < self.households.count {
            let i = move.household
            self.households.guaranteesMet[i] = move.otherGuaranteesMet
            for source in farm { self.households.incomeBySource[source.rawValue][i] *= kept }
            if move.hasWorker { self.households.incomeBySource[IncomeSource.migrant.rawValue][i] += max(0, effects.supportIncome) }
        }
    }
}

extension CountyStudy {
    /// The relocation rows `scenario` moves next year: the rows of `relocation.csv` scheduled up to
    /// next year (`year` ≤ the registry's year + 1: those of earlier years count as moved by then,
    /// later years' rows move in their year — `tuopin plan --through`) when the scenario names no
    /// schedule; its `file` (columns of relocation.csv, path relative to the scenario file), every
    /// row, in place of relocation.csv; or, for `count = n`, the first n rows of relocation.csv in
    /// the order of the plan (by year, then file order).
    /// - Throws: `InputErrors` when the scenario's relocation file is wrong.
    public func relocationRows(for scenario: Scenario, scenarioPath: String? = nil) throws -> [Relocation] {
        switch scenario.relocation {
        case nil:
            let next = registry.county.year + 1
            return registry.relocation.filter { $0.year <= next }
        case let .file(file)?:
            return try CountyFolder.loadRelocationFile(Self.path(of: file, besideScenario: scenarioPath), registry: registry)
        case let .count(count)?:
            let ordered = registry.relocation.enumerated().sorted { a, b in
                a.element.year != b.element.year ? a.element.year < b.element.year : a.offset < b.offset
            }
            return ordered.prefix(max(0, count)).map(\.element)
        }
    }

    /// Solves the resettlement model (`Resettlement.solve`) on `rows` in place of relocation.csv.
    /// - Throws: `ResettlementError` (no rows, no sites).
    public func resettle(_ rows: [Relocation], options: ResettlementOptions = ResettlementOptions()) throws -> RelocationPlan {
        var moved = registry
        moved.relocation = rows
        return RelocationPlan(rows: rows, result: try Resettlement.solve(moved, options: options))
    }
}
