import Foundation

/// A comparison whose parts do not fit together (a row with the wrong number of values, a row in an
/// unknown section, a chart of the wrong shape, a number that is not finite).
public struct ComparisonError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where in the model, e.g. `table.rows[3] (incidence)`.
    public var location: String
    /// What is wrong.
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

extension Comparison {
    /// Checks that the parts fit together: at least one scenario, unique scenario names, every row one
    /// value per scenario in a known section with a unique key, intervals ordered (low ≤ high), all
    /// numbers finite, and chart series of the scenarios' count and their categories' shape.
    /// - Throws: `ComparisonError` naming the first part that does not fit.
    public func validate() throws {
        guard !scenarios.isEmpty else { throw ComparisonError(location: "scenarios", message: "no scenario to compare") }
        var seen = Set<String>()
        for (i, scenario) in scenarios.enumerated() where !seen.insert(scenario.name).inserted {
            throw ComparisonError(location: "scenarios[\(i)]", message: "the name \"\(scenario.name)\" appears twice")
        }
        try validate(table, at: "table")
        if let byTownship { try validate(byTownship, at: "by_township") }
        if let byTier { try validate(byTier, at: "by_tier") }
        try validateCharts()
    }

    private func validate(_ table: ComparisonTable, at location: String) throws {
        let sectionKeys = Set(table.sections.map(\.key))
        var keys = Set<String>()
        for (i, row) in table.rows.enumerated() {
            let here = "\(location).rows[\(i)] (\(row.key))"
            guard keys.insert(row.key).inserted else { throw ComparisonError(location: here, message: "the key appears twice") }
            guard sectionKeys.contains(row.section) else {
                throw ComparisonError(location: here, message: "section \"\(row.section)\" is not among the table's sections")
            }
            guard row.values.count == scenarios.count else {
                throw ComparisonError(location: here, message: "\(row.values.count) values for \(scenarios.count) scenarios")
            }
            for (j, value) in row.values.enumerated() {
                guard let value else { continue }
                try checkEstimate(value, at: "\(here).values[\(j)]")
            }
        }
    }

    private func checkEstimate(_ estimate: Estimate, at location: String) throws {
        let numbers = [estimate.value, estimate.low, estimate.high].compactMap { $0 }
        guard numbers.allSatisfy(\.isFinite) else { throw ComparisonError(location: location, message: "a number is not finite") }
        if (estimate.low == nil) != (estimate.high == nil) {
            throw ComparisonError(location: location, message: "an interval needs both ends (low and high)")
        }
        if let interval = estimate.interval, interval.low > interval.high {
            throw ComparisonError(location: location, message: "interval low \(interval.low) is above high \(interval.high)")
        }
    }

    private func validateCharts() throws {
        if let series = charts.poorPersonsByTownship {
            guard series.values.count == scenarios.count else {
                throw ComparisonError(location: "charts.poor_persons_by_township", message: "\(series.values.count) series for \(scenarios.count) scenarios")
            }
            for (s, values) in series.values.enumerated() {
                guard values.count == series.categories.count else {
                    throw ComparisonError(location: "charts.poor_persons_by_township.values[\(s)]", message: "\(values.count) values for \(series.categories.count) categories")
                }
                for (c, value) in values.enumerated() { try checkEstimate(value, at: "charts.poor_persons_by_township.values[\(s)][\(c)]") }
            }
        }
        if let headcount = charts.headcount {
            guard headcount.distributions.count == scenarios.count else {
                throw ComparisonError(location: "charts.headcount", message: "\(headcount.distributions.count) distributions for \(scenarios.count) scenarios")
            }
            if let target = headcount.target, !target.isFinite { throw ComparisonError(location: "charts.headcount.target", message: "not finite") }
            for (s, d) in headcount.distributions.enumerated() {
                let here = "charts.headcount.distributions[\(s)]"
                guard (d.binEdges + d.shares + [d.p05, d.median, d.p95]).allSatisfy(\.isFinite) else {
                    throw ComparisonError(location: here, message: "a number is not finite")
                }
                guard d.binEdges.isEmpty ? d.shares.isEmpty : d.binEdges.count == d.shares.count + 1 else {
                    throw ComparisonError(location: here, message: "\(d.binEdges.count) bin edges for \(d.shares.count) bins (edges must be one more)")
                }
                guard zip(d.binEdges, d.binEdges.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    throw ComparisonError(location: here, message: "bin edges must increase")
                }
                guard d.p05 <= d.median, d.median <= d.p95 else {
                    throw ComparisonError(location: here, message: "quantiles out of order (p05 ≤ median ≤ p95)")
                }
            }
        }
        if let funds = charts.funds {
            guard funds.amounts.count == scenarios.count else {
                throw ComparisonError(location: "charts.funds", message: "\(funds.amounts.count) scenarios of amounts for \(scenarios.count) scenarios")
            }
            for (s, bySource) in funds.amounts.enumerated() {
                guard bySource.count == funds.sources.count else {
                    throw ComparisonError(location: "charts.funds.amounts[\(s)]", message: "\(bySource.count) sources, expected \(funds.sources.count)")
                }
                for (f, byType) in bySource.enumerated() {
                    guard byType.count == funds.projectTypes.count else {
                        throw ComparisonError(location: "charts.funds.amounts[\(s)][\(f)]", message: "\(byType.count) project types, expected \(funds.projectTypes.count)")
                    }
                    guard byType.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                        throw ComparisonError(location: "charts.funds.amounts[\(s)][\(f)]", message: "amounts must be finite and not negative")
                    }
                }
            }
        }
    }
}
