import Foundation
import Testing
@testable import Poverty

/// Measures against formulas worked out by hand for simple distributions.
@Suite("Closed forms")
struct ClosedFormTests {
    @Test func giniOfTwoPersonsIsHalfTheRelativeDifference() throws {
        // Σ_i Σ_j |x_i − x_j| = 2|a − b|, W = 2, μ = (a + b)/2  ⇒  G = |a − b| / (2(a + b)).
        for (a, b) in [(1.0, 3.0), (500.0, 500.0), (0.0, 2000.0), (7300.0, 1200.0)] {
            expectClose(try IncomeDistribution(incomes: [a, b]).gini(), abs(a - b) / (2 * (a + b)), 1e-15, "Gini(\(a), \(b))")
        }
    }

    @Test func giniOfTheIntegersOneToN() throws {
        // Σ_i Σ_j |i − j| = (n³ − n)/3 and μ = (n + 1)/2  ⇒  G = (n − 1) / (3n).
        for n in [2, 5, 10, 1000] {
            let d = try IncomeDistribution(incomes: (1...n).map(Double.init).reversed())
            expectClose(try d.gini(), Double(n - 1) / Double(3 * n), 1e-13, "Gini(1…\(n))")
        }
    }

    @Test func weightedGiniEqualsPairwiseDefinition() throws {
        let x = [300.0, 1200, 1200, 4500, 800, 9000, 2500]
        let w = [1.5, 2, 0.5, 3, 1, 0.25, 4]
        expectClose(try IncomeDistribution(incomes: x, weights: w).gini(), bruteForceGini(x, weights: w), 1e-14, "weighted Gini")
    }

    @Test func fgtOfAUniformGridBelowTheLine() throws {
        // Incomes 0, 1, …, n−1, line n: gap ratios (n − i)/n = k/n for k = 1…n, everyone poor.
        // H = 1, P1 = Σk/n² = (n+1)/(2n), P2 = Σk²/n³ = (n+1)(2n+1)/(6n²).
        let n = 400
        let d = try IncomeDistribution(incomes: (0..<n).map(Double.init))
        let z = Double(n), m = Double(n)
        expectClose(try d.headcount(line: z), 1, 0, "H")
        expectClose(try d.povertyGap(line: z), (m + 1) / (2 * m), 1e-14, "P1")
        expectClose(try d.squaredPovertyGap(line: z), (m + 1) * (2 * m + 1) / (6 * m * m), 1e-14, "P2")
        // α = 3 through the general power: Σk³/n⁴ = (n+1)²/(4n²).
        expectClose(try d.fgt(alpha: 3, line: z), (m + 1) * (m + 1) / (4 * m * m), 1e-14, "P3")
        // Half the grid poor: incomes 0…2n−1, line n: H = ½, P1 = (n+1)/(4n), P2 = (n+1)(2n+1)/(12n²).
        let wide = try IncomeDistribution(incomes: (0..<(2 * n)).map(Double.init))
        expectClose(try wide.headcount(line: z), 0.5, 0, "H (half poor)")
        expectClose(try wide.povertyGap(line: z), (m + 1) / (4 * m), 1e-14, "P1 (half poor)")
        expectClose(try wide.squaredPovertyGap(line: z), (m + 1) * (2 * m + 1) / (12 * m * m), 1e-14, "P2 (half poor)")
        expectClose(try wide.aggregateGap(line: z), m * (m + 1) / 2, 1e-9, "aggregate gap Σk")
        expectClose(try wide.poorPersons(line: z), m, 0, "poor persons")
    }

    @Test func entropyAndAtkinsonOfOneAndFour() throws {
        // x = {1, 4}: μ = 2.5, geometric mean 2, harmonic mean 1.6, mean of √x = 1.5, variance 2.25.
        let d = try IncomeDistribution(incomes: [1, 4])
        expectClose(try d.atkinson(epsilon: 0), 0, 0, "A(0)")
        expectClose(try d.atkinson(epsilon: 0.5), 1 - 2.25 / 2.5, 1e-15, "A(0.5)")
        expectClose(try d.atkinson(epsilon: 1), 1 - 2 / 2.5, 1e-15, "A(1)")
        expectClose(try d.atkinson(epsilon: 2), 1 - 1.6 / 2.5, 1e-15, "A(2)")
        // A(3): (mean x^−2)^(−1/2) = (½(1 + 1/16))^(−1/2).
        expectClose(try d.atkinson(epsilon: 3), 1 - pow(0.5 * (1 + 1.0 / 16), -0.5) / 2.5, 1e-15, "A(3)")
        expectClose(try d.meanLogDeviation(), log(2.5 / 2), 1e-15, "MLD = ln(μ / geomean)")
        expectClose(try d.theil(), 0.5 * (0.4 * log(0.4) + 1.6 * log(1.6)), 1e-15, "Theil")
        expectClose(try d.generalizedEntropy(alpha: 2), 2.25 / (2 * 2.5 * 2.5), 1e-15, "GE(2) = CV²/2")
        // GE(−1) = (mean(μ/x) − 1)/2 = (½(2.5 + 0.625) − 1)/2.
        expectClose(try d.generalizedEntropy(alpha: -1), (0.5 * (2.5 + 0.625) - 1) / 2, 1e-15, "GE(−1)")
        // GE(α) tends to MLD and Theil at 0 and 1.
        expectClose(try d.generalizedEntropy(alpha: 1e-7), try d.meanLogDeviation(), 1e-7, "GE(α→0)")
        expectClose(try d.generalizedEntropy(alpha: 1 + 1e-7), try d.theil(), 1e-7, "GE(α→1)")
    }

    @Test func senAndSSTForTwoPoorPersons() throws {
        // Poor 100 and 300 of 4 persons at z = 400: H = ½, gap ratios ¾ and ¼, I = ½,
        // Gini of the poor = 200·2 / (2·4·200) = ¼  ⇒  Sen = ½(½ + ½·¼) = 5/16.
        // Gap ratios over everyone {¾, ¼, 0, 0}: mean ¼, Σ|g_i − g_j| = 2(½ + ¾ + ¾ + ¼ + ¼) = 5,
        // Gini = 5 / (2·16·¼) = 5/8  ⇒  SST = ¼ (1 + 5/8) = 13/32.
        let d = try IncomeDistribution(incomes: [900, 100, 400, 300])
        expectClose(try d.sen(line: 400), 5.0 / 16, 1e-15, "Sen")
        expectClose(try d.sst(line: 400), 13.0 / 32, 1e-15, "SST")
        expectClose(try d.watts(line: 400), (log(4.0) + log(4.0 / 3)) / 4, 1e-15, "Watts")
    }

    @Test func headcountStandardErrorOfASimpleRandomSample() throws {
        // One stratum, every household its own PSU, weights and sizes 1:
        // Var = n/(n−1) Σ ((h_i − P)/n)² = P(1 − P)/(n − 1).
        let incomes = [100.0, 250, 3000, 80, 5000, 6000, 700, 9000, 10000, 12000]
        let design = try SampleDesign(householdWeights: [Double](repeating: 1, count: 10))
        let estimate = try FGTStandardError.estimate(perCapitaIncomes: incomes, design: design, alpha: 0, line: 1000)
        expectClose(estimate.value, 0.4, 1e-15, "H")
        expectClose(estimate.standardError, (0.4 * 0.6 / 9).squareRoot(), 1e-15, "SE(H)")
    }

    @Test func standardErrorWithHouseholdSizesIsTheRatioEstimatorVariance() throws {
        // Households as PSUs, equal weights, sizes m_j: FGT is the ratio R = Σ m h / Σ m, and the
        // textbook variance of a ratio of means is Σ_j (y_j − R x_j)² / (n (n − 1) x̄²) with
        // y_j = m_j h_j, x_j = m_j.
        let incomes = [800.0, 2500, 1200, 4000, 300, 5200, 1900, 2600]
        let sizes = [5, 2, 4, 3, 6, 1, 2, 3]
        let z = 2000.0
        let gap = incomes.map { $0 < z ? (z - $0) / z : 0 }
        let n = Double(incomes.count)
        let x = sizes.map(Double.init)
        let y = zip(x, gap).map { $0 * $1 }
        let ratio = y.reduce(0, +) / x.reduce(0, +)
        let xBar = x.reduce(0, +) / n
        let variance = zip(y, x).map { ($0 - ratio * $1) * ($0 - ratio * $1) }.reduce(0, +) / (n * (n - 1) * xBar * xBar)
        let design = try SampleDesign(householdWeights: [Double](repeating: 4, count: incomes.count), householdSizes: sizes)
        let estimate = try FGTStandardError.estimate(perCapitaIncomes: incomes, design: design, alpha: 1, line: z)
        expectClose(estimate.value, ratio, 1e-15, "P1 by persons")
        expectClose(estimate.standardError, variance.squareRoot(), 1e-15, "SE(P1) with household sizes")
    }

    @Test func clusteredStandardErrorIsTheSpreadOfClusterMeans() throws {
        // k equal clusters of m persons, equal weights: P is the mean of the cluster headcounts p_c and
        // Var = s²(p_c) / k, with s² the sample variance (divisor k − 1).
        let clusters: [[Double]] = [[100, 200, 5000, 6000], [300, 7000, 8000, 9000], [50, 60, 70, 9000], [5000, 6000, 7000, 8000]]
        let incomes = clusters.flatMap { $0 }
        let psus = clusters.indices.flatMap { c in [Int](repeating: c, count: 4) }
        let design = try SampleDesign(householdWeights: [Double](repeating: 3, count: 16), psus: psus)
        let shares = [0.5, 0.25, 0.75, 0]
        let meanShare = shares.reduce(0, +) / 4
        let s2 = shares.map { ($0 - meanShare) * ($0 - meanShare) }.reduce(0, +) / 3
        let estimate = try FGTStandardError.estimate(perCapitaIncomes: incomes, design: design, alpha: 0, line: 1000)
        expectClose(estimate.value, meanShare, 1e-15, "H")
        expectClose(estimate.standardError, (s2 / 4).squareRoot(), 1e-15, "SE(H), clustered")
    }

    @Test func stratifiedStandardErrorCombinesStrataByPopulationShare() throws {
        // Two strata with weights 10 and 30 per household: N_h = w_h n_h, P = Σ (N_h/N) P_h and
        // Var = Σ (N_h/N)² s_h² / n_h, s_h² = n_h P_h (1 − P_h) / (n_h − 1) for a 0/1 variable.
        let a = [100.0, 200, 3000, 4000, 5000]           // P = 0.4, n = 5, w = 10
        let b = [100.0, 6000, 7000, 8000, 50, 60, 9000]  // P = 3/7, n = 7, w = 30
        let design = try SampleDesign(householdWeights: [Double](repeating: 10, count: 5) + [Double](repeating: 30, count: 7),
                                      strata: [Int](repeating: 1, count: 5) + [Int](repeating: 2, count: 7))
        let estimate = try FGTStandardError.estimate(perCapitaIncomes: a + b, design: design, alpha: 0, line: 1000)
        let nA = 50.0, nB = 210.0, total = nA + nB
        let pA = 0.4, pB = 3.0 / 7
        let s2A = 5 * pA * (1 - pA) / 4, s2B = 7 * pB * (1 - pB) / 6
        expectClose(estimate.value, (nA * pA + nB * pB) / total, 1e-15, "H")
        let variance = (nA / total) * (nA / total) * s2A / 5 + (nB / total) * (nB / total) * s2B / 7
        expectClose(estimate.standardError, variance.squareRoot(), 1e-15, "SE(H), stratified")
    }

    @Test func dattRavallionByHand() throws {
        // Year 1 {100, 300} (μ 200), year 2 {50, 550} (μ 300), z = 150, FGT(1):
        // P11 = ⅙, P22 = ⅓, P21 (year 1 × 1.5 = {150, 450}) = 0, P12 (year 2 × ⅔) = 7/18.
        let decomposition = try GrowthRedistribution(from: try IncomeDistribution(incomes: [100, 300]),
                                                     to: try IncomeDistribution(incomes: [50, 550]), alpha: 1, line: 150)
        expectClose(decomposition.initial, 1.0 / 6, 1e-15, "P11")
        expectClose(decomposition.final, 1.0 / 3, 1e-15, "P22")
        expectClose(decomposition.growth, -1.0 / 6, 1e-15, "growth (DR)")
        expectClose(decomposition.redistribution, 2.0 / 9, 1e-15, "redistribution (DR)")
        expectClose(decomposition.residual, 1.0 / 9, 1e-15, "residual (DR)")
        expectClose(decomposition.shapleyGrowth, -1.0 / 9, 1e-15, "growth (Shapley)")
        expectClose(decomposition.shapleyRedistribution, 5.0 / 18, 1e-15, "redistribution (Shapley)")
    }
}
