import Foundation
import Testing
@testable import Simulation

/// The one builder of the income columns (`IncomeColumns`) that the one-year engine's
/// `FrozenColumns` and the projection's `ProjectionYearColumns` share, against the prepared model's
/// own arrays and the rule it documents.
@Suite("Income columns")
struct IncomeColumnsTests {
    @Test func columnsAreTheModelsArraysAndTheRuleLine() {
        let input = randomCounty(households: 301, seed: 12, withPlan: true)
        let model = PreparedModel(input: input, scenario: busyScenario(), giniBinsPerLine: 32)
        let n = model.households
        let plain = IncomeColumns(model)
        let frozen = FrozenColumns(model, threads: 2)
        #expect(frozen.padded >= n && frozen.padded % FrozenColumns.lanes == 0)
        for (columns, padded) in [(plain, n), (frozen.income, frozen.padded)] {
            #expect(Array(columns.baseMean.pointer.prefix(n)) == model.baseMean)
            #expect(Array(columns.baseVariance.pointer.prefix(n)) == model.baseVariance)
            #expect(Array(columns.baseStandardDeviation.pointer.prefix(n)) == model.baseStandardDeviation)
            for j in 0..<model.shockedSources.count {
                #expect(Array(columns.shockedMean.pointer[(j * padded)..<(j * padded + n)]) == model.shockedMean[j])
                #expect(Array(columns.shockedVariance.pointer[(j * padded)..<(j * padded + n)]) == model.shockedVariance[j])
            }
            var always = 0
            for h in 0..<n {
                let poorAnyway = model.flags[h] & PreparedModel.alwaysPoorBit != 0
                if poorAnyway { always += 1 }
                #expect(columns.ruleLine.start[h] == (poorAnyway ? .infinity : model.lineTimesPersons[h]))
            }
            #expect(always > 0)
            // Padding is inert: no income, no spread, never poor.
            for h in n..<padded {
                #expect(columns.baseMean.start[h] == 0 && columns.baseVariance.start[h] == 0 && columns.ruleLine.start[h] == -.infinity)
            }
        }
    }
}
