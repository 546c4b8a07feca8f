import Testing
import TestSupport
@testable import Poverty

@Suite("Sorting")
struct SortingTests {
    /// The radix path (n ≥ 4096) against the standard library's sort: same order, ties kept in input order.
    @Test func radixOrderMatchesAStableComparisonSort() {
        var random = TestRandom(state: 5)
        var values: [Double] = (0..<20_000).map { _ in
            switch random.next() % 6 {
            case 0: return -Double(random.next() % 1000)          // negatives, with ties
            case 1: return 0
            case 2: return Double(random.next() % 50)              // many ties
            case 3: return 1e-300 * random.uniform()               // tiny
            case 4: return 1e12 * random.uniform()                 // large
            default: return 4000 * random.uniform() - 100
            }
        }
        values[17] = -0.0
        values[18] = -1e308
        let order = ascendingOrder(values)
        let expected = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        // −0.0 and +0.0 are equal values; compare the sorted values, and the order of ties elsewhere.
        #expect(order.map { values[$0] } == expected.map { values[$0] })
        let mismatched = zip(order, expected).filter { $0 != $1 && values[$0] != 0 }
        #expect(mismatched.isEmpty, "ties out of input order: \(mismatched.prefix(3))")
        #expect(Set(order).count == values.count)
    }

    @Test func sortedDistributionKeepsIncomeWeightPairs() throws {
        var random = TestRandom(state: 11)
        let incomes = (0..<10_000).map { _ in Double(random.next() % 5000) }
        let weights = incomes.map { $0 / 7 + 1 }  // weight is a function of income: pairs must stay together
        let sorted = try IncomeDistribution(incomes: incomes, weights: weights).sortedByIncome()
        #expect(sorted.isSortedByIncome && sorted.incomes == incomes.sorted())
        #expect(zip(sorted.incomes, sorted.weights).allSatisfy { $0 / 7 + 1 == $1 })
    }
}
