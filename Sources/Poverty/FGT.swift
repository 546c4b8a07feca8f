#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Foster–Greer–Thorbecke poverty measures and the yuan and person counts behind them.
///
/// A person is poor when income y < z (strictly below the line). With person weights w and total W:
///
///     FGT(α) = Σ_{y_i < z} w_i · ((z − y_i) / z)^α / W
///
/// FGT(0) is the headcount ratio H, FGT(1) the poverty-gap index, FGT(2) the squared poverty gap.
/// Zero and negative incomes are allowed: their gap ratio is 1 or more. Results are fractions.
extension IncomeDistribution {
    /// FGT(α) for any α ≥ 0 (a fraction; 0 when nobody is poor). One O(n) pass.
    /// - Throws: `PovertyError.invalidLine` when z ≤ 0 or not finite; `.invalidParameter` when α < 0 or not finite.
    public func fgt(alpha: Double, line z: Double) throws -> Double {
        try checkLine(z)
        guard alpha.isFinite, alpha >= 0 else {
            throw PovertyError.invalidParameter(name: "α", value: alpha, expected: "a finite number ≥ 0")
        }
        var sum = 0.0
        if alpha == 0 {
            for i in incomes.indices where incomes[i] < z { sum += weights[i] }
        } else if alpha == 1 {
            for i in incomes.indices where incomes[i] < z { sum += weights[i] * ((z - incomes[i]) / z) }
        } else if alpha == 2 {
            for i in incomes.indices where incomes[i] < z {
                let g = (z - incomes[i]) / z
                sum += weights[i] * g * g
            }
        } else {
            for i in incomes.indices where incomes[i] < z { sum += weights[i] * pow((z - incomes[i]) / z, alpha) }
        }
        return sum / totalWeight
    }

    /// Headcount ratio H = FGT(0): share of persons with income below z.
    public func headcount(line z: Double) throws -> Double { try fgt(alpha: 0, line: z) }

    /// Poverty-gap index FGT(1): mean shortfall (z − y)/z over everyone, the non-poor counting 0.
    public func povertyGap(line z: Double) throws -> Double { try fgt(alpha: 1, line: z) }

    /// Squared poverty gap FGT(2): mean of squared shortfall ratios; weighs the poorest most.
    public func squaredPovertyGap(line z: Double) throws -> Double { try fgt(alpha: 2, line: z) }

    /// Persons below z: Σ_{y_i < z} w_i (with household weight × size as weights, the poor persons represented).
    public func poorPersons(line z: Double) throws -> Double {
        try checkLine(z)
        var sum = 0.0
        for i in incomes.indices where incomes[i] < z { sum += weights[i] }
        return sum
    }

    /// Aggregate poverty gap in yuan a year: Σ_{y_i < z} w_i · (z − y_i), what it would cost to bring
    /// every poor person exactly to the line with perfect targeting (= FGT(1) · z · W).
    public func aggregateGap(line z: Double) throws -> Double {
        try checkLine(z)
        var sum = 0.0
        for i in incomes.indices where incomes[i] < z { sum += weights[i] * (z - incomes[i]) }
        return sum
    }
}
