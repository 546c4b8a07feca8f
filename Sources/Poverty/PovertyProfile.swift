/// A measure that could not be computed for this distribution, and why.
public struct UndefinedMeasure: Sendable, Equatable {
    /// The measure's key, as in the CLI's JSON: "watts", "mld", "atkinson:1", …
    public let measure: String
    public let reason: PovertyError
}

/// Every poverty and inequality measure of one distribution at one line, computed with one sort.
///
/// Measures that are undefined for these incomes (a log-based measure with an income ≤ 0, any
/// relative measure with a mean ≤ 0) are nil and listed in `undefined` with the reason; the
/// rest are always finite.
public struct PovertyProfile: Sendable, Equatable {
    /// Poverty line, yuan per person a year.
    public let line: Double
    /// Observations (rows), and persons represented (Σ weights).
    public let observations: Int
    public let persons: Double
    /// Weighted mean per-capita income, yuan.
    public let meanIncome: Double
    /// Persons below the line, and Σ w (z − y) over them in yuan.
    public let poorPersons: Double
    public let aggregateGap: Double
    /// FGT(0), FGT(1), FGT(2).
    public let headcount: Double
    public let povertyGap: Double
    public let squaredPovertyGap: Double
    public let sen: Double
    public let sst: Double
    public let watts: Double?
    public let gini: Double?
    public let theil: Double?
    public let meanLogDeviation: Double?
    /// Atkinson(ε) for each requested ε, in the order given.
    public let atkinson: [(epsilon: Double, value: Double?)]
    public let undefined: [UndefinedMeasure]

    /// - Parameters:
    ///   - distribution: incomes and person weights.
    ///   - line: poverty line z, yuan (> 0).
    ///   - atkinsonEpsilons: the ε values to report (each ≥ 0).
    /// - Throws: `.invalidLine`, `.invalidParameter` for a bad ε — problems of the request, not of the data.
    public init(_ distribution: IncomeDistribution, line: Double, atkinsonEpsilons: [Double] = [0.5, 1, 2]) throws {
        try checkLine(line)
        for e in atkinsonEpsilons where !(e.isFinite && e >= 0) {
            throw PovertyError.invalidParameter(name: "ε", value: e, expected: "a finite number ≥ 0")
        }
        var undefined: [UndefinedMeasure] = []
        func attempt(_ key: String, _ body: () throws -> Double) -> Double? {
            do { return try body() } catch let error as PovertyError {
                undefined.append(UndefinedMeasure(measure: key, reason: error))
                return nil
            } catch {
                return nil
            }
        }
        let sorted = distribution.sortedByIncome()
        self.line = line
        observations = distribution.count
        persons = distribution.totalWeight
        meanIncome = distribution.mean
        poorPersons = try distribution.poorPersons(line: line)
        aggregateGap = try distribution.aggregateGap(line: line)
        headcount = try distribution.headcount(line: line)
        povertyGap = try distribution.povertyGap(line: line)
        squaredPovertyGap = try distribution.squaredPovertyGap(line: line)
        sen = try sorted.sen(line: line)
        sst = try sorted.sst(line: line)
        watts = attempt("watts") { try distribution.watts(line: line) }
        gini = attempt("gini") { try sorted.gini() }
        theil = attempt("theil") { try distribution.theil() }
        meanLogDeviation = attempt("mld") { try distribution.meanLogDeviation() }
        atkinson = atkinsonEpsilons.map { e in
            (e, attempt("atkinson:\(epsilonKey(e))") { try distribution.atkinson(epsilon: e) })
        }
        self.undefined = undefined
    }

    public static func == (a: PovertyProfile, b: PovertyProfile) -> Bool {
        a.line == b.line && a.observations == b.observations && a.persons == b.persons && a.meanIncome == b.meanIncome
            && a.poorPersons == b.poorPersons && a.aggregateGap == b.aggregateGap && a.headcount == b.headcount
            && a.povertyGap == b.povertyGap && a.squaredPovertyGap == b.squaredPovertyGap && a.sen == b.sen
            && a.sst == b.sst && a.watts == b.watts && a.gini == b.gini && a.theil == b.theil
            && a.meanLogDeviation == b.meanLogDeviation && a.undefined == b.undefined
            && a.atkinson.count == b.atkinson.count
            && zip(a.atkinson, b.atkinson).allSatisfy { $0.epsilon == $1.epsilon && $0.value == $1.value }
    }
}

/// The key of an ε in reports: "1" for whole numbers, the shortest decimal otherwise ("0.5", "1.5").
public func epsilonKey(_ epsilon: Double) -> String {
    if epsilon == epsilon.rounded(), abs(epsilon) < 1e15 { return String(Int(epsilon)) }
    return "\(epsilon)"
}
