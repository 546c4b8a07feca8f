#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension IncomeDistribution {
    /// Watts index: Σ_{y_i < z} w_i · ln(z / y_i) / W (0 when nobody is poor). One O(n) pass.
    ///
    /// Zero or negative incomes: the logarithm is undefined for them, so a poor person with
    /// y ≤ 0 makes the index undefined and this throws (rather than returning infinity or
    /// dropping the person silently). Callers that want a value anyway must decide what such an
    /// income means (e.g. floor it at a small positive amount) before calling.
    /// - Throws: `PovertyError.invalidLine`; `.nonPositiveIncome(measure: "Watts", …)` naming the first such person.
    public func watts(line z: Double) throws -> Double {
        try checkLine(z)
        var sum = 0.0
        for i in incomes.indices where incomes[i] < z {
            let y = incomes[i]
            guard y > 0 else { throw PovertyError.nonPositiveIncome(measure: "Watts", index: i, value: y) }
            sum += weights[i] * log(z / y)
        }
        return sum / totalWeight
    }
}
