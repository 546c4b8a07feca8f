import Foundation
import Testing
@testable import Poverty

@Suite("Speed")
struct SpeedTests {
    /// CPU seconds this thread spends in `body` (not wall time, so that other tests or builds
    /// running on the machine at the same time do not make the check flaky).
    static func threadCPUSeconds(_ body: () throws -> Void) rethrows -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    /// Every measure of the profile, plus the breakdown by group, on 10⁵ households (≈3.5·10⁵
    /// persons by weight × size) within 2 CPU seconds even in a debug build (it takes about
    /// 0.2 s there; a release build does the profile of 10⁶ households in about 0.25 s).
    @Test func profileOfAHundredThousandHouseholdsIsFast() throws {
        let s = syntheticHouseholds(100_000, seed: 2024)
        var profile: PovertyProfile?
        let seconds = try Self.threadCPUSeconds {
            let d = try IncomeDistribution(perCapitaIncomes: s.incomes, householdSizes: s.sizes, householdWeights: s.weights)
            profile = try PovertyProfile(d, line: 3000)
            _ = try d.profileBySubgroup(groups: s.sizes, line: 3000)
        }
        let p = try #require(profile)
        #expect(p.headcount > 0.1 && p.headcount < 0.5 && p.undefined.isEmpty)
        #expect(seconds < 2, "profile of 10⁵ households took \(seconds) CPU seconds")
    }
}
