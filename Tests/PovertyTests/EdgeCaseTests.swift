import Foundation
import Testing
@testable import Poverty

/// Inputs at the edges, each with a defined answer or a typed error.
@Suite("Edge cases")
struct EdgeCaseTests {
    @Test func nobodyPoorGivesZeroPoverty() throws {
        let p = try PovertyProfile(try IncomeDistribution(incomes: [3000, 4000, 5000]), line: 2300)
        #expect(p.headcount == 0 && p.povertyGap == 0 && p.squaredPovertyGap == 0)
        #expect(p.watts == 0 && p.sen == 0 && p.sst == 0 && p.poorPersons == 0 && p.aggregateGap == 0)
        // An income exactly at the line is not poor (poor means below).
        #expect(try IncomeDistribution(incomes: [2300, 5000]).headcount(line: 2300) == 0)
        // Nobody poor: the subgroup shares of total poverty are undefined, not NaN.
        let split = try IncomeDistribution(incomes: [3000, 4000]).fgtBySubgroup(groups: [0, 1], alpha: 0, line: 2300)
        #expect(split.groups.allSatisfy { $0.shareOfTotal == nil && $0.contribution == 0 })
    }

    @Test func everyonePoor() throws {
        // Incomes 500 and 1500 at z = 2000: gaps ¾ and ¼. H = 1, P1 = ½, P2 = (9/16 + 1/16)/2 = 5/16.
        // Gini of the poor = Gini of all = 1000·2/(2·4·1000) = ¼ ⇒ Sen = 1·(½ + ½·¼) = 5/8.
        let d = try IncomeDistribution(incomes: [500, 1500])
        let p = try PovertyProfile(d, line: 2000)
        #expect(p.headcount == 1)
        expectClose(p.povertyGap, 0.5, 1e-15, "P1")
        expectClose(p.squaredPovertyGap, 5.0 / 16, 1e-15, "P2")
        expectClose(p.sen, 5.0 / 8, 1e-15, "Sen")
        // Sen with everyone poor: H = 1 so Sen = I + (1 − I)·G (the poor are everyone).
        expectClose(p.sen, 0.5 + 0.5 * (try #require(p.gini)), 1e-15, "Sen = I + (1−I)G")
        expectClose(p.aggregateGap, 2000, 1e-12, "aggregate gap 1500 + 500")
    }

    @Test func zeroIncomes() throws {
        // FGT and Sen/SST accept zero incomes; Theil takes its limit; the log-based ones throw.
        let d = try IncomeDistribution(incomes: [0, 1000, 3000])
        expectClose(try d.headcount(line: 2000), 2.0 / 3, 1e-15, "H")
        expectClose(try d.povertyGap(line: 2000), (1 + 0.5) / 3, 1e-15, "P1 with a zero income (gap ratio 1)")
        // Sen: poor {0, 1000}: Gini mean difference Δ = 2·1000/4 = 500, Sen = P1 + H·Δ/(2z) = ½ + ⅔·500/4000.
        expectClose(try d.sen(line: 2000), 0.5 + (2.0 / 3) * 500 / 4000, 1e-15, "Sen with a zero income")
        // Theil: the zero income contributes 0 · ln 0 = 0; μ = 4000/3.
        let mu = 4000.0 / 3
        expectClose(try d.theil(), ((1000 / mu) * log(1000 / mu) + (3000 / mu) * log(3000 / mu)) / 3, 1e-15, "Theil with a zero")
        expectClose(try d.gini(), bruteForceGini([0, 1000, 3000]), 1e-15, "Gini with a zero")
        #expect(throws: PovertyError.nonPositiveIncome(measure: "Watts", index: 0, value: 0)) { try d.watts(line: 2000) }
        #expect(throws: PovertyError.nonPositiveIncome(measure: "MLD", index: 0, value: 0)) { try d.meanLogDeviation() }
        #expect(throws: PovertyError.nonPositiveIncome(measure: "Atkinson(1.0)", index: 0, value: 0)) { try d.atkinson(epsilon: 1) }
        #expect(throws: PovertyError.nonPositiveIncome(measure: "Atkinson(2.0)", index: 0, value: 0)) { try d.atkinson(epsilon: 2) }
        #expect(throws: PovertyError.self) { try d.generalizedEntropy(alpha: -1) }
        // Atkinson with ε < 1 is defined: (mean √x)² = ((0 + √1000 + √3000)/3)².
        let root = (1000.0.squareRoot() + 3000.0.squareRoot()) / 3
        expectClose(try d.atkinson(epsilon: 0.5), 1 - root * root / mu, 1e-15, "A(0.5) with a zero")
        // The profile reports the undefined measures as missing, never as NaN or infinity.
        let p = try PovertyProfile(d, line: 2000)
        #expect(p.watts == nil && p.meanLogDeviation == nil)
        #expect(p.atkinson.map(\.value).map { $0 == nil } == [false, true, true])
        #expect(p.undefined.map(\.measure) == ["watts", "mld", "atkinson:1", "atkinson:2"])
        #expect(p.theil != nil && p.gini != nil)
    }

    @Test func negativeIncomes() throws {
        // A loss-making household: poverty measures count its gap ratio above 1; Gini allows it while
        // the mean is positive; the entropy family refuses it.
        let d = try IncomeDistribution(incomes: [-500, 1000, 4000])
        expectClose(try d.povertyGap(line: 2000), (1.25 + 0.5) / 3, 1e-15, "P1 with a negative income")
        expectClose(try d.gini(), bruteForceGini([-500, 1000, 4000]), 1e-15, "Gini with a negative income")
        #expect(throws: PovertyError.negativeIncome(measure: "Theil", index: 0, value: -500)) { try d.theil() }
        #expect(throws: PovertyError.negativeIncome(measure: "Atkinson(0.5)", index: 0, value: -500)) { try d.atkinson(epsilon: 0.5) }
        #expect(throws: PovertyError.nonPositiveIncome(measure: "Watts", index: 0, value: -500)) { try d.watts(line: 2000) }
        // A non-positive mean makes every relative measure undefined.
        let broke = try IncomeDistribution(incomes: [-500, 200])
        #expect(throws: PovertyError.nonPositiveMean(measure: "Gini", mean: -150)) { try broke.gini() }
        let p = try PovertyProfile(broke, line: 1000)
        #expect(p.gini == nil && p.theil == nil && p.atkinson.allSatisfy { $0.value == nil })
        #expect(p.headcount == 1)
        // A zero-weight observation is ignored by the entropy family.
        let ignored = try IncomeDistribution(incomes: [-500, 1000, 4000], weights: [0, 1, 1])
        expectClose(try ignored.theil(), try IncomeDistribution(incomes: [1000, 4000]).theil(), 1e-15, "zero weight ignored")
    }

    @Test func singleObservation() throws {
        let poor = try PovertyProfile(try IncomeDistribution(incomes: [1000]), line: 2000)
        #expect(poor.headcount == 1 && poor.gini == 0 && poor.theil == 0 && poor.meanLogDeviation == 0)
        expectClose(poor.povertyGap, 0.5, 0, "P1")
        expectClose(poor.sen, 0.5, 0, "Sen of one poor person = gap ratio")
        expectClose(poor.sst, 0.5, 0, "SST of one poor person = gap ratio")
        expectClose(poor.watts, log(2.0), 1e-15, "Watts")
        #expect(poor.atkinson.allSatisfy { abs($0.value ?? 1) < 1e-15 })
        // No variance from one household.
        #expect(throws: PovertyError.tooFewPSUs(stratum: nil, count: 1)) {
            try FGTStandardError.estimate(perCapitaIncomes: [1000], design: SampleDesign(householdWeights: [1]), alpha: 0, line: 2000)
        }
        // A stratum with a single PSU, likewise.
        #expect(throws: PovertyError.tooFewPSUs(stratum: 7, count: 1)) {
            try FGTStandardError.estimate(perCapitaIncomes: [1000, 2000, 3000],
                                          design: SampleDesign(householdWeights: [1, 1, 1], strata: [3, 3, 7]), alpha: 0, line: 2500)
        }
    }

    @Test func emptyAndInvalidInputAreTypedErrors() throws {
        #expect(throws: PovertyError.emptyDistribution) { try IncomeDistribution(incomes: []) }
        #expect(throws: PovertyError.emptyDistribution) { try IncomeDistribution.giniBySource(sources: []) }
        #expect(throws: PovertyError.zeroTotalWeight) { try IncomeDistribution(incomes: [1, 2], weights: [0, 0]) }
        #expect(throws: PovertyError.negativeWeight(index: 1, value: -1)) { try IncomeDistribution(incomes: [1, 2], weights: [1, -1]) }
        #expect(throws: PovertyError.nonFinite(what: "income", index: 1)) { try IncomeDistribution(incomes: [1, .nan]) }
        #expect(throws: PovertyError.nonFinite(what: "weight", index: 0)) { try IncomeDistribution(incomes: [1, 2], weights: [.infinity, 1]) }
        #expect(throws: PovertyError.lengthMismatch(what: "weights", expected: 2, found: 1)) { try IncomeDistribution(incomes: [1, 2], weights: [1]) }
        #expect(throws: PovertyError.invalidHouseholdSize(index: 0, value: 0)) {
            try IncomeDistribution(perCapitaIncomes: [1], householdSizes: [0])
        }
        let d = try IncomeDistribution(incomes: [1, 2])
        #expect(throws: PovertyError.invalidLine(0)) { try d.headcount(line: 0) }
        #expect(throws: PovertyError.invalidLine(-5)) { try d.sen(line: -5) }
        #expect(throws: PovertyError.self) { try d.headcount(line: .nan) }
        #expect(throws: PovertyError.self) { try d.fgt(alpha: -1, line: 2) }
        #expect(throws: PovertyError.self) { try d.atkinson(epsilon: -0.5) }
        #expect(throws: PovertyError.missingGroup(index: 1)) { try d.fgtBySubgroup(groups: [0, -1], alpha: 0, line: 2) }
        // Extreme parameters overflow into an error, never into infinity.
        #expect(throws: PovertyError.self) { try IncomeDistribution(incomes: [1e-300, 1]).generalizedEntropy(alpha: -5) }
    }
}
