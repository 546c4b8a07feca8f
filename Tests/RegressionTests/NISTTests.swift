import Foundation
import Testing
@testable import Regression
@testable import Tabular

/// One NIST StRD linear least-squares dataset with its certified values.
struct NISTDataset {
    var name: String
    var columns: [String]
    var rows: [[String]]
    var parameters: [(name: String, estimate: Double, standardDeviation: Double)]
    var residualStandardDeviation: Double
    var rSquared: Double

    init(url: URL) throws {
        name = url.deletingPathExtension().lastPathComponent
        // Split on scalars: "\r\n" is one Character in Swift, so splitting Characters on "\n" would miss it.
        let lines = try String(contentsOf: url, encoding: .utf8).unicodeScalars
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0.filter { $0 != "\r" })) }
        func numbers(_ line: String) -> [Double] { line.split(separator: " ").compactMap { Double($0) } }
        guard let rangeLine = lines.first(where: { $0.contains("Data") && $0.contains("(lines") }) else { throw ReferenceMissing(path: url.path) }
        let bounds = rangeLine.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let (first, last) = (bounds[0], bounds[1])
        columns = lines[first - 2].replacingOccurrences(of: "Data:", with: "").split(separator: " ").map(String.init)
        rows = lines[(first - 1)...(last - 1)].map { $0.split(separator: " ").map(String.init) }
        parameters = lines.prefix(first - 1).compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0].hasPrefix("B"), let e = Double(parts[1]), let s = Double(parts[2]) else { return nil }
            return (String(parts[0]), e, s)
        }
        residualStandardDeviation = lines.first { $0.contains("Standard Deviation") && !$0.contains("of") }.flatMap { numbers($0).last } ?? .nan
        rSquared = lines.first { $0.contains("R-Squared") }.flatMap { numbers($0).last } ?? .nan
    }

    /// The model NIST certifies: polynomial in x for one predictor, linear in x1…xk otherwise;
    /// no intercept when there is no B0.
    var formula: String {
        let predictors = Array(columns.dropFirst())
        let hasIntercept = parameters.contains { $0.name == "B0" }
        var terms: [String]
        if predictors.count == 1 {
            let degree = parameters.count - (hasIntercept ? 1 : 0)
            terms = (1...degree).map { $0 == 1 ? "x" : "I(x^\($0))" }
        } else {
            terms = predictors
        }
        return "y ~ " + (hasIntercept ? "" : "0 + ") + terms.joined(separator: " + ")
    }
}

@Suite("NIST StRD linear regression")
struct NISTTests {
    static let names = ["Norris", "Pontius", "NoInt1", "NoInt2", "Longley", "Wampler1", "Wampler2"]

    @Test(arguments: names)
    func certifiedValuesToNineDigits(name: String) throws {
        let data = try NISTDataset(url: try referenceFolder("nist").appendingPathComponent("\(name).dat"))
        let text = csvText(data.columns.enumerated().map { (j, c) in (c, data.rows.map { $0[j] }) })
        let result = try fitLinearModel(try frame(text, data.formula))
        #expect(result.coefficients.count == data.parameters.count)
        var worst = 15.0
        for (coefficient, certified) in zip(result.coefficients, data.parameters) {
            let lreEstimate = logRelativeError(coefficient.estimate, certified.estimate)
            let lreError = logRelativeError(coefficient.standardError ?? .nan, certified.standardDeviation)
            #expect(lreEstimate >= 9, "\(name) \(certified.name) estimate LRE \(lreEstimate)")
            #expect(lreError >= 9, "\(name) \(certified.name) std. error LRE \(lreError)")
            worst = min(worst, lreEstimate, lreError)
        }
        let lreSD = logRelativeError(result.residualStandardError ?? .nan, data.residualStandardDeviation)
        let lreR2 = logRelativeError(result.rSquared, data.rSquared)
        #expect(lreSD >= 9, "\(name) residual SD LRE \(lreSD)")
        #expect(lreR2 >= 9, "\(name) R² LRE \(lreR2)")
        worst = min(worst, lreSD, lreR2)
        print("NIST \(name): worst LRE \(String(format: "%.1f", worst))")
    }
}
