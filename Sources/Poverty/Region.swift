/// Region of a county, which sets the incidence threshold of village and county exit.
public enum Region: String, Sendable, CaseIterable, Codable {
    case east, central, west
}

/// Incidence thresholds for village and county exit: incidence must be *below* them.
/// The programme's rule is 2 %, or 3 % in the western region; both are parameters here.
public struct IncidenceThresholds: Sendable, Equatable {
    /// Threshold in the eastern and central regions (a fraction).
    public var standard: Double
    /// Threshold in the western region (a fraction).
    public var western: Double

    /// The programme's thresholds: 2 %, and 3 % in the west.
    public static let programme = IncidenceThresholds(standard: 0.02, western: 0.03)

    public init(standard: Double, western: Double) {
        self.standard = standard
        self.western = western
    }

    /// The threshold that applies in `region`.
    public func threshold(for region: Region) -> Double { region == .west ? western : standard }
}

/// Incidence = registered poor persons ÷ agricultural population, the programme's definition.
/// - Throws: `.invalidPopulation` when the population is ≤ 0 or the poor count is negative or larger.
public func incidence(poorPersons: Int, agriculturalPopulation: Int) throws -> Double {
    guard agriculturalPopulation > 0 else {
        throw PovertyError.invalidPopulation("agricultural population is \(agriculturalPopulation); expected at least 1 person")
    }
    guard poorPersons >= 0, poorPersons <= agriculturalPopulation else {
        throw PovertyError.invalidPopulation("\(poorPersons) registered poor persons in an agricultural population of \(agriculturalPopulation); expected between 0 and the population")
    }
    return Double(poorPersons) / Double(agriculturalPopulation)
}
