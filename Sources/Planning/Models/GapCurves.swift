/// One poor household on its village's curve: closing its gap lifts its persons to the target income
/// (the poverty line, or the line × (1 + exit margin) for a stable exit).
public struct GapSegment: Sendable, Equatable {
    /// Index into `CountyRegistry.households`.
    public var household: Int
    /// Persons in the household.
    public var persons: Int
    /// Income gap to the target, yuan per year: `g = (target − per-capita income) · size` (> 0).
    public var gap: Double
    /// Per-capita gap `(target − per-capita income)`, yuan per person per year: the cost in income of
    /// lifting one of its persons, so segments sorted by it ascending give the concave
    /// "persons lifted per yuan of income" curve.
    public var perCapitaGap: Double { gap / Double(persons) }
}

/// A village's households below the target that projects can lift, sorted by per-capita gap ascending
/// (cheapest persons first), and the poor it cannot lift with projects.
public struct VillageGapCurve: Sendable {
    /// Index into `CountyRegistry.villages`.
    public var village: Int
    /// Poor, working-capable (not 兜底户) households below the target, by per-capita gap ascending.
    public var segments: [GapSegment]
    /// Registered poor persons (not yet exited) of the village.
    public var poorPersons: Int
    /// Poor persons in safety-net households (兜底户): lifted by transfers, not projects; not on the curve.
    public var safetyNetPersons: Int
    /// Poor persons whose per-capita income is already at or above the target (not on the curve).
    public var aboveLinePersons: Int

    /// Σ g over the curve, yuan per year.
    public var totalGap: Double { segments.reduce(0) { $0 + $1.gap } }
    /// Households on the curve (the households a project in this village can reach).
    public var workableHouseholds: Int { segments.count }

    /// Persons lifted when `income` yuan a year reach the village and go to households in curve order
    /// (cheapest persons first): the value of the concave piecewise-linear curve at `income`.
    /// The last household reached may be partly lifted (a fraction of its persons): the LP relaxation.
    public func personsLifted(income: Double) -> Double {
        var left = income, persons = 0.0
        for s in segments {
            if left <= 0 { break }
            let share = min(1, left / s.gap)
            persons += share * Double(s.persons)
            left -= share * s.gap
        }
        return persons
    }
}

public enum GapCurves {
    /// The per-capita income a plan lifts households to, yuan per person per year:
    /// `line × (1 + exitMargin)`. With `exitMargin` 0 it is the line itself (lifted exactly to the
    /// line); a margin above 0 aims at a stable exit (稳定脱贫), income that stays above the line when
    /// next year's income falls a little.
    public static func targetIncome(line: Double, exitMargin: Double) -> Double { line * (1 + exitMargin) }

    /// The gap curve of every village of the registry (index = village index), at the target income
    /// `targetIncome(line: county's poverty line, exitMargin:)`.
    ///
    /// A household is on a curve when it is poor in the registry's year (`registry.isPoor`), is not a
    /// safety-net household (兜底户, who cannot work), and its per-capita income is below the target;
    /// its gap is `(target − per-capita income) · size` yuan a year.
    /// - Parameter exitMargin: the stable-exit margin, a fraction ≥ 0 of the line (0.1: lift to the
    ///   line × 1.1). Default 0: lift to the line.
    public static func build(_ registry: CountyRegistry, exitMargin: Double = 0) -> [VillageGapCurve] {
        let target = targetIncome(line: registry.county.povertyLine, exitMargin: exitMargin)
        let table = registry.households
        var curves = registry.villages.indices.map {
            VillageGapCurve(village: $0, segments: [], poorPersons: 0, safetyNetPersons: 0, aboveLinePersons: 0)
        }
        for h in 0..<table.count where registry.isPoor(h) {
            let v = Int(table.village[h]), n = Int(table.size[h])
            curves[v].poorPersons += n
            if table.category[h] == .safetyNet { curves[v].safetyNetPersons += n; continue }
            let perCapitaGap = target - table.perCapitaIncome(h)
            guard perCapitaGap > 0, perCapitaGap.isFinite else { curves[v].aboveLinePersons += n; continue }
            curves[v].segments.append(GapSegment(household: h, persons: n, gap: perCapitaGap * Double(n)))
        }
        for v in curves.indices {
            curves[v].segments.sort { ($0.perCapitaGap, $0.household) < ($1.perCapitaGap, $1.household) }
        }
        return curves
    }

    /// Next year's extra income by household (index = household, length `households`) when each
    /// village's projects deliver `villageIncome[v]` yuan a year: the income closes the gaps of the
    /// village's curve in order (smallest gap per person first), each up to its gap; what is left
    /// after every gap is closed is shared equally by the curve's households. The rule the allocation
    /// model assumes, used for the optimised and the even plan alike.
    public static func householdIncome(villageIncome: [Double], curves: [VillageGapCurve], households: Int) -> [Double] {
        var income = [Double](repeating: 0, count: households)
        for curve in curves where curve.village < villageIncome.count {
            var remaining = villageIncome[curve.village]
            for segment in curve.segments where remaining > 0 {
                let given = min(remaining, segment.gap)
                income[segment.household] += given
                remaining -= given
            }
            if remaining > 0, !curve.segments.isEmpty {
                let share = remaining / Double(curve.segments.count)
                for segment in curve.segments { income[segment.household] += share }
            }
        }
        return income
    }
}
