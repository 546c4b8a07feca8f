#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The generalised-entropy family GE(α) and its two named members, Theil (GE(1)) and the mean log
/// deviation (GE(0)). All are O(n) and need a positive weighted mean μ.
///
/// What happens with zero and negative incomes (observations with zero weight are ignored):
/// - GE(α) for α ≤ 0, including the MLD, takes logarithms or negative powers: an income ≤ 0
///   throws `PovertyError.nonPositiveIncome`.
/// - GE(α) for α > 0, including Theil, accepts zero incomes (in Theil a zero income contributes
///   its limit 0 · ln 0 = 0) but throws `PovertyError.negativeIncome` for a negative one.
extension IncomeDistribution {
    /// GE(α) = (Σ w_i (y_i/μ)^α / W − 1) / (α(α − 1)) for α ∉ {0, 1}; GE(1) is Theil, GE(0) the MLD.
    /// - Throws: `.invalidParameter` for a non-finite α, `.nonPositiveMean`, and the income errors above.
    public func generalizedEntropy(alpha: Double) throws -> Double {
        guard alpha.isFinite else {
            throw PovertyError.invalidParameter(name: "α", value: alpha, expected: "a finite number")
        }
        if alpha == 0 { return try meanLogDeviation() }
        if alpha == 1 { return try theil() }
        let name = "GE(\(alpha))"
        let mu = try positiveMean(name)
        try checkIncomes(name, allowZero: alpha > 0)
        var sum = 0.0
        if alpha == 2 {
            for i in incomes.indices { let r = incomes[i] / mu; sum += weights[i] * r * r }
        } else {
            for i in incomes.indices where weights[i] > 0 { sum += weights[i] * pow(incomes[i] / mu, alpha) }
        }
        return try finite((sum / totalWeight - 1) / (alpha * (alpha - 1)), name, parameter: "α", alpha)
    }

    /// Theil index GE(1) = Σ w_i (y_i/μ) ln(y_i/μ) / W (zero incomes contribute 0).
    /// - Throws: `.nonPositiveMean`; `.negativeIncome(measure: "Theil", …)` for an income < 0.
    public func theil() throws -> Double {
        let mu = try positiveMean("Theil")
        try checkIncomes("Theil", allowZero: true)
        var sum = 0.0
        for i in incomes.indices where weights[i] > 0 && incomes[i] > 0 {
            let r = incomes[i] / mu
            sum += weights[i] * r * log(r)
        }
        return sum / totalWeight
    }

    /// Mean log deviation GE(0) = Σ w_i ln(μ / y_i) / W.
    /// - Throws: `.nonPositiveMean`; `.nonPositiveIncome(measure: "MLD", …)` for an income ≤ 0.
    public func meanLogDeviation() throws -> Double {
        let mu = try positiveMean("MLD")
        try checkIncomes("MLD", allowZero: false)
        var sum = 0.0
        for i in incomes.indices where weights[i] > 0 { sum += weights[i] * log(mu / incomes[i]) }
        return sum / totalWeight
    }

    func positiveMean(_ measure: String) throws -> Double {
        guard mean > 0 else { throw PovertyError.nonPositiveMean(measure: measure, mean: mean) }
        return mean
    }

    /// Throws for the first positively weighted income < 0 (or ≤ 0 when `allowZero` is false).
    func checkIncomes(_ measure: String, allowZero: Bool) throws {
        for i in incomes.indices where weights[i] > 0 {
            let y = incomes[i]
            if y < 0 {
                throw allowZero ? PovertyError.negativeIncome(measure: measure, index: i, value: y)
                    : PovertyError.nonPositiveIncome(measure: measure, index: i, value: y)
            }
            if y == 0 && !allowZero { throw PovertyError.nonPositiveIncome(measure: measure, index: i, value: y) }
        }
    }
}
