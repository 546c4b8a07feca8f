#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension IncomeDistribution {
    /// Atkinson index with inequality aversion ε ≥ 0, a fraction (the share of mean income society
    /// would give up for equality):
    ///
    ///     A(ε) = 1 − (Σ w_i (y_i/μ)^(1−ε) / W)^(1/(1−ε))   for ε ≠ 1
    ///     A(1) = 1 − exp(Σ w_i ln y_i / W) / μ               (1 − geometric mean / mean)
    ///
    /// A(0) = 0. Zero and negative incomes: for 0 < ε < 1 zero incomes are allowed and negative
    /// ones throw `.negativeIncome`; for ε ≥ 1 (logarithm or negative power) any income ≤ 0 throws
    /// `.nonPositiveIncome`. Observations with zero weight are ignored. O(n).
    /// - Throws: `.invalidParameter` for ε < 0 or not finite, `.nonPositiveMean`, and the income errors above.
    public func atkinson(epsilon: Double) throws -> Double {
        guard epsilon.isFinite, epsilon >= 0 else {
            throw PovertyError.invalidParameter(name: "ε", value: epsilon, expected: "a finite number ≥ 0")
        }
        let name = "Atkinson(\(epsilon))"
        let mu = try positiveMean(name)
        if epsilon == 0 { return 0 }
        try checkIncomes(name, allowZero: epsilon < 1)
        if epsilon == 1 {
            var sum = 0.0
            for i in incomes.indices where weights[i] > 0 { sum += weights[i] * log(incomes[i] / mu) }
            return try finite(1 - exp(sum / totalWeight), name, parameter: "ε", epsilon)
        }
        let power = 1 - epsilon
        var sum = 0.0
        if epsilon == 2 {
            for i in incomes.indices where weights[i] > 0 { sum += weights[i] * (mu / incomes[i]) }
        } else if epsilon == 0.5 {
            for i in incomes.indices where weights[i] > 0 { sum += weights[i] * (incomes[i] / mu).squareRoot() }
        } else {
            for i in incomes.indices where weights[i] > 0 { sum += weights[i] * pow(incomes[i] / mu, power) }
        }
        return try finite(1 - pow(sum / totalWeight, 1 / power), name, parameter: "ε", epsilon)
    }
}
