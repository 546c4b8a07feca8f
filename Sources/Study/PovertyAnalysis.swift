import Foundation
import Reports
import Poverty
import Tabular

/// Everything `tuopin poverty` reports, computed from checked input by the `Poverty` module.
public struct PovertyAnalysis: Sendable {
    let path: String
    let rows: Int
    let profile: PovertyProfile
    /// Linearised standard errors of FGT(0), FGT(1), FGT(2); nil where not estimable (see `notes`).
    let standardErrors: [(key: String, value: Double?)]
    let groupColumn: String?
    let groupLevels: [String]
    let groupRows: [Int]
    let groups: [SubgroupProfile]
    let theilSplit: InequalityDecomposition?
    let mldSplit: InequalityDecomposition?
    let sourceNames: [String]
    let sources: GiniBySource?
    /// Messages for standard error: undefined measures and adjustments made, each located where possible.
    public let notes: [String]

    /// Name given to the source added when the sources do not add up to the income.
    static let residualSourceName = "(residual)"

    /// Computes every measure of `tuopin poverty` for `input` at the poverty line `line` (yuan a
    /// person a year) with Atkinson indices for `atkinsonEpsilons`.
    /// - Throws: `PovertyError` when the incomes, weights or design cannot give the profile.
    public init(_ input: PovertyInput, line: Double, atkinsonEpsilons: [Double]) throws {
        var notes: [String] = []
        func explain(_ measure: String, _ error: PovertyError) -> String {
            switch error {
            case let .nonPositiveIncome(_, index, value):
                return "\(input.locationOfIncome(row: index)): \(measure) not reported: income \(PovertyInput.plainNumber(value)) ≤ 0, and the measure takes logarithms or negative powers of incomes"
            case let .negativeIncome(_, index, value):
                return "\(input.locationOfIncome(row: index)): \(measure) not reported: income \(PovertyInput.plainNumber(value)) is negative, and the measure needs incomes ≥ 0"
            case let .tooFewPSUs(stratum?, count) where input.strataLevels.indices.contains(stratum):
                return "\(input.path): \(measure) not reported: stratum \"\(input.strataLevels[stratum])\" has \(count) primary sampling unit(s); a standard error needs at least 2 per stratum"
            default:
                return "\(input.path): \(measure) not reported: \(error)"
            }
        }
        let distribution = try IncomeDistribution(perCapitaIncomes: input.incomes, householdSizes: input.sizes,
                                                  householdWeights: input.householdWeights)
        path = input.path
        rows = input.incomes.count
        profile = try PovertyProfile(distribution, line: line, atkinsonEpsilons: atkinsonEpsilons)
        for undefined in profile.undefined { notes.append(explain(undefined.measure, undefined.reason)) }

        let design = try SampleDesign(householdWeights: input.householdWeights, householdSizes: input.sizes,
                                      strata: input.strata, psus: input.psus)
        let seKeys = ["headcount", "poverty_gap", "squared_poverty_gap"]
        do {
            let estimates = try FGTStandardError.estimates(perCapitaIncomes: input.incomes, design: design, alphas: [0, 1, 2], line: line)
            standardErrors = zip(seKeys, estimates).map { ($0, $1.standardError) }
        } catch let error as PovertyError {
            notes.append(explain("standard errors", error))
            standardErrors = seKeys.map { ($0, nil) }
        }

        if let grouping = input.groups {
            groupColumn = grouping.column
            groupLevels = grouping.levels
            var counts = [Int](repeating: 0, count: grouping.levels.count)
            for c in grouping.codes { counts[c] += 1 }
            groupRows = counts
            groups = try distribution.profileBySubgroup(groups: grouping.codes, groupCount: grouping.levels.count, line: line)
            func split(_ name: String, _ body: () throws -> InequalityDecomposition) -> InequalityDecomposition? {
                do { return try body() } catch let error as PovertyError {
                    notes.append(explain("\(name) between and within groups", error))
                    return nil
                } catch { return nil }
            }
            theilSplit = split("theil") { try distribution.theilBySubgroup(groups: grouping.codes, groupCount: grouping.levels.count) }
            mldSplit = split("mld") { try distribution.meanLogDeviationBySubgroup(groups: grouping.codes, groupCount: grouping.levels.count) }
        } else {
            groupColumn = nil
            groupLevels = []
            groupRows = []
            groups = []
            theilSplit = nil
            mldSplit = nil
        }

        if input.sources.isEmpty {
            sourceNames = []
            sources = nil
        } else {
            var names = input.sources.map(\.name)
            var values = input.sources.map(\.values)
            // The decomposition is of the sum of the sources: when that differs from the income
            // column, the difference becomes one more source so that the parts explain the income's Gini.
            var residual = input.incomes
            for source in values { for i in residual.indices { residual[i] -= source[i] } }
            let mismatched = residual.indices.filter { abs(residual[$0]) > 1e-9 * max(1, abs(input.incomes[$0])) }
            if let first = mismatched.first {
                names.append(Self.residualSourceName)
                values.append(residual)
                notes.append("\(input.locationOfIncome(row: first)): the sources do not add up to the income on \(mismatched.count) row(s); their difference is reported as the source \"\(Self.residualSourceName)\"")
            }
            sourceNames = names
            do {
                sources = try IncomeDistribution.giniBySource(sources: values, weights: distribution.weights)
            } catch let error as PovertyError {
                notes.append(explain("Gini by income source", error))
                sources = nil
            }
        }
        self.notes = notes
    }
}
