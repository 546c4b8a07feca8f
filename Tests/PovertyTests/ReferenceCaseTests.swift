import Foundation
import Testing
@testable import Poverty

/// One case of `../shared/reference/poverty/cases.json`.
struct ReferenceCase: Decodable, CustomTestStringConvertible {
    let name: String
    let incomes: [Double]
    let line: Double?
    let expected: [String: ExpectedValue]
    let tolerance: Double
    var testDescription: String { "case \(name)" }
}

/// A number, or an object of numbers keyed by a parameter (Atkinson's ε).
enum ExpectedValue: Decodable {
    case number(Double)
    case byParameter([String: Double])
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let x = try? container.decode(Double.self) { self = .number(x) } else {
            self = .byParameter(try container.decode([String: Double].self))
        }
    }
}

struct ReferenceFile: Decodable { let cases: [ReferenceCase] }

func loadReferenceCases() throws -> [ReferenceCase] {
    try JSONDecoder().decode(ReferenceFile.self, from: try referenceData("poverty/cases.json")).cases
}

@Suite("Reference cases (shared/reference/poverty/cases.json)")
struct ReferenceCaseTests {
    @Test func referenceFileHasTheThreeCases() throws {
        let cases = try loadReferenceCases()
        #expect(cases.map(\.name) == ["A", "B", "C"])
    }

    /// Every key of every case against its published value, within the case's tolerance;
    /// an unknown key fails, so a new reference value cannot be skipped silently.
    @Test(arguments: try loadReferenceCases())
    func everyExpectedValueMatches(_ reference: ReferenceCase) throws {
        let d = try IncomeDistribution(incomes: reference.incomes)
        let tol = reference.tolerance
        for (key, value) in reference.expected.sorted(by: { $0.key < $1.key }) {
            let what = "case \(reference.name) \(key)"
            switch (key, value) {
            case ("atkinson", .byParameter(let byEpsilon)):
                for (epsilonText, expected) in byEpsilon {
                    let epsilon = try #require(Double(epsilonText))
                    expectClose(try d.atkinson(epsilon: epsilon), expected, tol, "\(what)(\(epsilonText))")
                }
            case (_, .number(let expected)):
                expectClose(try measure(key, of: d, line: reference.line), expected, tol, what)
            default:
                Issue.record("\(what): unexpected value shape")
            }
        }
    }

    /// The profile (what the CLI prints) agrees with the single measures on the reference cases.
    @Test(arguments: try loadReferenceCases().filter { $0.line != nil })
    func profileAgreesWithReference(_ reference: ReferenceCase) throws {
        let line = try #require(reference.line)
        let profile = try PovertyProfile(try IncomeDistribution(incomes: reference.incomes), line: line)
        for (key, value) in reference.expected {
            guard case .number(let expected) = value else { continue }
            let actual: Double? = switch key {
            case "headcount": profile.headcount
            case "poverty_gap": profile.povertyGap
            case "squared_poverty_gap": profile.squaredPovertyGap
            case "watts": profile.watts
            case "sen": profile.sen
            case "sst": profile.sst
            case "gini": profile.gini
            case "theil": profile.theil
            case "mld": profile.meanLogDeviation
            default: nil
            }
            expectClose(actual, expected, reference.tolerance, "profile of case \(reference.name) \(key)")
        }
        #expect(profile.undefined.isEmpty)
    }

    func measure(_ key: String, of d: IncomeDistribution, line: Double?) throws -> Double? {
        func z() throws -> Double { try #require(line, "case needs a line for \(key)") }
        switch key {
        case "gini": return try d.gini()
        case "theil": return try d.theil()
        case "mld": return try d.meanLogDeviation()
        case "headcount": return try d.headcount(line: z())
        case "poverty_gap": return try d.povertyGap(line: z())
        case "squared_poverty_gap": return try d.squaredPovertyGap(line: z())
        case "watts": return try d.watts(line: z())
        case "sen": return try d.sen(line: z())
        case "sst": return try d.sst(line: z())
        default:
            Issue.record("reference key \(key) has no test mapping")
            return nil
        }
    }
}
