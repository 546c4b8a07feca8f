/// Why a regression could not be estimated.
public enum RegressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The formula does not parse; `position` is the one-based character.
    case formula(position: Int, message: String)
    /// An option or variable does not fit the model (e.g. a text column used in arithmetic).
    case invalidSpecification(String)
    /// The design matrix is rank deficient: these terms are linear combinations of earlier ones.
    case collinear(terms: [String])
    /// Fewer usable observations than parameters.
    case notEnoughObservations(observations: Int, parameters: Int)
    /// An observation has leverage 1, so HC2/HC3 (which divide by 1 − hᵢᵢ) are undefined.
    case leverageOne(line: Int)
    /// An iterative fit (logistic IRLS, absorbing two fixed effects) did not converge.
    case didNotConverge(String)
    /// The outcome is perfectly predicted by the regressors (logistic regression has no finite maximum).
    case perfectSeparation(String)

    /// True for failures of the numbers (exit code 3), false for bad input or usage.
    public var isNumerical: Bool {
        switch self {
        case .formula, .invalidSpecification: return false
        default: return true
        }
    }

    /// True for mistakes in the command line (formula syntax, options): exit code 2.
    public var isUsage: Bool {
        if case .formula = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .formula(let p, let m): return "formula, character \(p): \(m)"
        case .invalidSpecification(let m): return m
        case .collinear(let terms):
            return "the design is singular: \(terms.joined(separator: ", ")) \(terms.count == 1 ? "is a linear combination" : "are linear combinations") of earlier terms (drop \(terms.count == 1 ? "it" : "them"), or pass --drop-collinear)"
        case .notEnoughObservations(let n, let k): return "\(n) usable observations for \(k) parameters; need more observations than parameters"
        case .leverageOne(let line): return "the observation on line \(line) has leverage 1, so HC2/HC3 are undefined; use hc1 or cluster"
        case .didNotConverge(let m): return "did not converge: \(m)"
        case .perfectSeparation(let m): return "perfect separation: \(m)"
        }
    }
}
