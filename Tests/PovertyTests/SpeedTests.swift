import Foundation
import Testing
@testable import Poverty

@Suite("Speed")
struct SpeedTests {
    /// Every measure of the profile on 10⁵ households (≈3.5·10⁵ persons by weight × size) stays fast
    /// even in a debug build; a release build does 10⁶ in well under a second.
    @Test func profileOfAHundredThousandHouseholdsIsFast() throws {
        let s = syntheticHouseholds(100_000, seed: 2024)
        let clock = ContinuousClock()
        var profile: PovertyProfile?
        let elapsed = try clock.measure {
            let d = try IncomeDistribution(perCapitaIncomes: s.incomes, householdSizes: s.sizes, householdWeights: s.weights)
            profile = try PovertyProfile(d, line: 3000)
            _ = try d.fgtBySubgroup(groups: s.sizes, alpha: 1, line: 3000)
        }
        let p = try #require(profile)
        #expect(p.headcount > 0.1 && p.headcount < 0.5 && p.undefined.isEmpty)
        #expect(elapsed < .seconds(3), "profile of 10⁵ households took \(elapsed)")
    }
}
