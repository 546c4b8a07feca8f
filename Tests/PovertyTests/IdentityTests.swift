import Foundation
import TestSupport
import Testing
@testable import Poverty

/// Identities and invariances that must hold for any data.
@Suite("Identities and invariances")
struct IdentityTests {
    static let sample = syntheticHouseholds(600, seed: 42)

    @Test func sourceContributionsAddUpToTheTotalGini() throws {
        var random = TestRandom(state: 7)
        let n = 300
        let planting = (0..<n).map { _ in (3000 * random.uniform()).rounded() }
        let migrant = (0..<n).map { _ in random.uniform() < 0.4 ? 0 : (8000 * random.uniform()).rounded() }
        let breeding = (0..<n).map { _ in (2000 * random.uniform() - 300).rounded() }  // losses possible
        let weights = (0..<n).map { _ in 1 + Double(random.next() % 5) }
        let result = try IncomeDistribution.giniBySource(sources: [planting, migrant, breeding], weights: weights)
        let totals = (0..<n).map { planting[$0] + migrant[$0] + breeding[$0] }
        // Total Gini by a second method (pairwise), and the sum of the parts.
        expectClose(result.gini, bruteForceGini(totals, weights: weights), 1e-12, "total Gini")
        expectIdentity(result.sources.map(\.contribution).reduce(0, +), result.gini, "Σ S_k G_k R_k = G")
        expectIdentity(result.sources.map(\.share).reduce(0, +), 1, "Σ S_k = 1")
        expectIdentity(result.sources.compactMap(\.contributionShare).reduce(0, +), 1, "Σ relative contributions = 1")
        expectIdentity(result.sources.compactMap(\.marginalEffect).reduce(0, +), 0, "Σ marginal effects = 0")
        for source in result.sources {
            // Each source's Gini by the pairwise definition; contribution = S·G·R.
            let values = [planting, migrant, breeding][source.source]
            expectClose(source.gini, bruteForceGini(values, weights: weights), 1e-12, "G_\(source.source)")
            let g = try #require(source.gini), r = try #require(source.giniCorrelation)
            expectIdentity(source.share * g * r, source.contribution, "S·G·R of source \(source.source)")
        }
    }

    @Test func marginalEffectMatchesAFiniteDifference() throws {
        // Raise one source by a factor 1 + e: (G(e) − G) / (e·G) → S_k (G_k R_k / G − 1) as e → 0
        // (distinct totals, so ranks do not change for small e).
        let planting = [1200.0, 800, 3000, 150, 2200, 900]
        let migrant = [0.0, 6000, 1500, 9000, 400, 2500]
        let result = try IncomeDistribution.giniBySource(sources: [planting, migrant])
        let e = 1e-6
        for (k, source) in result.sources.enumerated() {
            let raised = (0..<6).map { i in planting[i] * (k == 0 ? 1 + e : 1) + migrant[i] * (k == 1 ? 1 + e : 1) }
            let finiteDifference = (bruteForceGini(raised) - result.gini) / (e * result.gini)
            expectClose(source.marginalEffect, finiteDifference, 1e-5, "marginal effect of source \(k)")
        }
    }

    @Test func sourceProportionalToIncomeHasCorrelationOneAndReversedHasMinusOne() throws {
        let base = [100.0, 400, 900, 1600, 2500]
        let proportional = base.map { $0 * 0.3 }
        let reversed = [500.0, 400, 300, 200, 100]  // falls as total income rises
        let constant = [Double](repeating: 250, count: 5)
        let result = try IncomeDistribution.giniBySource(sources: [base, proportional, reversed, constant])
        expectClose(result.sources[1].giniCorrelation, 1, 1e-14, "R of a proportional source")
        expectClose(result.sources[2].giniCorrelation, -1, 1e-14, "R of a reversed source")
        expectClose(result.sources[3].gini, 0, 1e-15, "G of a constant source")
        #expect(result.sources[3].giniCorrelation == nil)
        expectClose(result.sources[3].contribution, 0, 1e-15, "contribution of a constant source")
    }

    @Test func shapleyPartsAddUpToTheChange() throws {
        let year1 = try IncomeDistribution(perCapitaIncomes: Self.sample.incomes, householdSizes: Self.sample.sizes,
                                           householdWeights: Self.sample.weights)
        var random = TestRandom(state: 99)
        let grown = Self.sample.incomes.map { $0 * (0.9 + 0.5 * random.uniform()) }
        let year2 = try IncomeDistribution(perCapitaIncomes: grown, householdSizes: Self.sample.sizes,
                                           householdWeights: Self.sample.weights)
        for alpha in [0.0, 1, 2, 1.5] {
            let d = try GrowthRedistribution(from: year1, to: year2, alpha: alpha, line: 3000)
            expectIdentity(d.shapleyGrowth + d.shapleyRedistribution, d.change, "Shapley sum, α = \(alpha)", relative: 1e-15)
            expectIdentity(d.growth + d.redistribution + d.residual, d.change, "DR sum, α = \(alpha)", relative: 1e-15)
            expectIdentity(d.change, try year2.fgt(alpha: alpha, line: 3000) - year1.fgt(alpha: alpha, line: 3000), "change")
        }
        // Pure growth (every income × 1.2): no redistribution, and the growth part is the whole change.
        let pure = try GrowthRedistribution(from: year1, to: IncomeDistribution(incomes: year1.incomes.map { $0 * 1.2 },
                                                                                weights: year1.weights), alpha: 1, line: 3000)
        expectClose(pure.redistribution, 0, 1e-15, "redistribution under pure growth")
        expectClose(pure.shapleyGrowth, pure.change, 1e-15, "Shapley growth under pure growth")
    }

    @Test func subgroupContributionsAddUpToTheTotal() throws {
        let d = try IncomeDistribution(perCapitaIncomes: Self.sample.incomes, householdSizes: Self.sample.sizes,
                                       householdWeights: Self.sample.weights)
        let groups = Self.sample.incomes.indices.map { $0 % 5 }
        for alpha in [0.0, 1, 2, 0.5] {
            let decomposition = try d.fgtBySubgroup(groups: groups, alpha: alpha, line: 3000)
            expectIdentity(decomposition.groups.map(\.contribution).reduce(0, +), decomposition.total, "Σ contributions, α = \(alpha)")
            expectIdentity(decomposition.groups.compactMap(\.shareOfTotal).reduce(0, +), 1, "Σ shares, α = \(alpha)")
            expectIdentity(decomposition.groups.map(\.populationShare).reduce(0, +), 1, "Σ population shares")
            for row in decomposition.groups {
                // A group's FGT is the FGT of its own members.
                let members = try IncomeDistribution(incomes: groups.indices.filter { groups[$0] == row.group }.map { d.incomes[$0] },
                                                     weights: groups.indices.filter { groups[$0] == row.group }.map { d.weights[$0] })
                expectIdentity(try #require(row.fgt), try members.fgt(alpha: alpha, line: 3000), "FGT of group \(row.group)")
            }
        }
    }

    @Test func theilAndMLDSplitIntoWithinAndBetween() throws {
        let d = try IncomeDistribution(perCapitaIncomes: Self.sample.incomes, householdSizes: Self.sample.sizes,
                                       householdWeights: Self.sample.weights)
        let groups = Self.sample.incomes.map { $0 < 2500 ? 0 : ($0 < 6000 ? 1 : 2) }
        let theil = try d.theilBySubgroup(groups: groups)
        expectIdentity(theil.within + theil.between, try d.theil(), "Theil within + between")
        let mld = try d.meanLogDeviationBySubgroup(groups: groups)
        expectIdentity(mld.within + mld.between, try d.meanLogDeviation(), "MLD within + between")
        let ge2 = try d.generalizedEntropyBySubgroup(groups: groups, alpha: 2)
        expectIdentity(ge2.within + ge2.between, try d.generalizedEntropy(alpha: 2), "GE(2) within + between")
        // Between part by hand: Theil of group means with population shares.
        let between = theil.groups.reduce(0.0) { sum, g in
            let r = (g.mean ?? 0) / d.mean
            return sum + g.populationShare * r * log(r)
        }
        expectIdentity(theil.between, between, "Theil between")
        // Identical groups: no between-group inequality.
        let doubled = try IncomeDistribution(incomes: d.incomes + d.incomes, weights: d.weights + d.weights)
        let split = try doubled.theilBySubgroup(groups: [Int](repeating: 0, count: d.count) + [Int](repeating: 1, count: d.count))
        expectClose(split.between, 0, 1e-15, "between part of two identical groups")
    }

    @Test func weightsAllTwoGiveTheUnweightedResult() throws {
        let incomes = Self.sample.incomes
        let unweighted = try PovertyProfile(try IncomeDistribution(incomes: incomes), line: 3000, atkinsonEpsilons: [0.5, 1, 1.5, 2])
        let doubled = try PovertyProfile(try IncomeDistribution(incomes: incomes, weights: [Double](repeating: 2, count: incomes.count)),
                                         line: 3000, atkinsonEpsilons: [0.5, 1, 1.5, 2])
        // Scaling every weight by 2 is exact in binary floating point, so the relative measures agree bit for bit.
        #expect(doubled.headcount == unweighted.headcount)
        #expect(doubled.povertyGap == unweighted.povertyGap)
        #expect(doubled.squaredPovertyGap == unweighted.squaredPovertyGap)
        #expect(doubled.watts == unweighted.watts)
        #expect(doubled.sen == unweighted.sen)
        #expect(doubled.sst == unweighted.sst)
        #expect(doubled.gini == unweighted.gini)
        #expect(doubled.theil == unweighted.theil)
        #expect(doubled.meanLogDeviation == unweighted.meanLogDeviation)
        #expect(doubled.atkinson.map(\.value) == unweighted.atkinson.map(\.value))
        #expect(doubled.meanIncome == unweighted.meanIncome)
        #expect(doubled.persons == 2 * unweighted.persons && doubled.poorPersons == 2 * unweighted.poorPersons)
        #expect(doubled.aggregateGap == 2 * unweighted.aggregateGap)
        // Same for the standard error: constant weights cancel in the ratio estimator.
        let one = try FGTStandardError.estimate(perCapitaIncomes: incomes, design: SampleDesign(householdWeights: [Double](repeating: 1, count: incomes.count)), alpha: 1, line: 3000)
        let two = try FGTStandardError.estimate(perCapitaIncomes: incomes, design: SampleDesign(householdWeights: [Double](repeating: 2, count: incomes.count)), alpha: 1, line: 3000)
        #expect(one == two)
    }

    @Test func weightsAllTwoLeaveTheDecompositionsUnchanged() throws {
        let incomes = Self.sample.incomes
        let groups = incomes.indices.map { $0 % 4 }
        let one = try IncomeDistribution(incomes: incomes)
        let two = try IncomeDistribution(incomes: incomes, weights: [Double](repeating: 2, count: incomes.count))
        #expect(try one.fgtBySubgroup(groups: groups, alpha: 1, line: 3000).groups.map(\.contribution)
            == two.fgtBySubgroup(groups: groups, alpha: 1, line: 3000).groups.map(\.contribution))
        #expect(try one.theilBySubgroup(groups: groups).between == two.theilBySubgroup(groups: groups).between)
        let sources = [incomes.map { $0 * 0.4 }, incomes.map { $0 * 0.6 }]
        let a = try IncomeDistribution.giniBySource(sources: sources)
        let b = try IncomeDistribution.giniBySource(sources: sources, weights: [Double](repeating: 2, count: incomes.count))
        #expect(a.sources.map(\.contribution) == b.sources.map(\.contribution))
        #expect(a.gini == b.gini)
    }

    @Test func householdSizeCountsPersonsLikeRepeatedRows() throws {
        // A household of m persons with weight w counts as m·w persons: same as m rows of weight w.
        let s = Self.sample
        let households = try IncomeDistribution(perCapitaIncomes: s.incomes, householdSizes: s.sizes, householdWeights: s.weights)
        var personIncomes: [Double] = [], personWeights: [Double] = []
        for j in s.incomes.indices {
            for _ in 0..<s.sizes[j] { personIncomes.append(s.incomes[j]); personWeights.append(s.weights[j]) }
        }
        let persons = try IncomeDistribution(incomes: personIncomes, weights: personWeights)
        let a = try PovertyProfile(households, line: 3000), b = try PovertyProfile(persons, line: 3000)
        expectIdentity(a.persons, b.persons, "persons")
        for (x, y, name) in [(a.headcount, b.headcount, "H"), (a.povertyGap, b.povertyGap, "P1"), (a.sen, b.sen, "Sen"),
                             (a.sst, b.sst, "SST"), (a.gini ?? .nan, b.gini ?? .nan, "Gini"), (a.theil ?? .nan, b.theil ?? .nan, "Theil")] {
            expectIdentity(x, y, name)
        }
    }

    @Test func scalingIncomesAndLineLeavesRelativeMeasuresUnchanged() throws {
        let d = try IncomeDistribution(perCapitaIncomes: Self.sample.incomes, householdSizes: Self.sample.sizes,
                                       householdWeights: Self.sample.weights)
        let factor = 7.3
        let a = try PovertyProfile(d, line: 3000)
        let b = try PovertyProfile(try IncomeDistribution(incomes: d.incomes.map { $0 * factor }, weights: d.weights), line: 3000 * factor)
        let pairs: [(Double?, Double?, String)] = [
            (a.headcount, b.headcount, "H"), (a.povertyGap, b.povertyGap, "P1"), (a.squaredPovertyGap, b.squaredPovertyGap, "P2"),
            (a.watts, b.watts, "Watts"), (a.sen, b.sen, "Sen"), (a.sst, b.sst, "SST"), (a.gini, b.gini, "Gini"),
            (a.theil, b.theil, "Theil"), (a.meanLogDeviation, b.meanLogDeviation, "MLD"),
        ] + zip(a.atkinson, b.atkinson).map { ($0.value, $1.value, "Atkinson(\($0.epsilon))") }
        for (x, y, name) in pairs {
            expectIdentity(try #require(x), try #require(y), name)
        }
        expectIdentity(b.aggregateGap, factor * a.aggregateGap, "aggregate gap scales with the line")
        expectIdentity(a.aggregateGap, a.povertyGap * 3000 * a.persons, "aggregate gap = P1 · z · persons")
    }
}
