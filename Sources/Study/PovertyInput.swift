import Foundation
import Reports
import Poverty
import Tabular

/// The columns `tuopin poverty` reads, checked cell by cell so that every problem names its
/// file, line and column before any measure is computed.
public struct PovertyInput: Sendable {
    /// Which columns hold what (names as in the CSV header).
    public struct Columns: Sendable {
        /// Per-capita income, yuan a year.
        public var income: String
        /// Household survey weight (none: every row weighs 1).
        public var weight: String?
        /// Persons in the household (none: every row is one person).
        public var size: String?
        /// Categorical column for the breakdown by subgroup.
        public var by: String?
        /// Income-source columns for the Gini decomposition.
        public var sources: [String]
        /// Stratum and primary sampling unit of the survey design.
        public var strata: String?
        public var psu: String?

        public init(income: String, weight: String? = nil, size: String? = nil, by: String? = nil, sources: [String] = [],
                    strata: String? = nil, psu: String? = nil) {
            self.income = income
            self.weight = weight
            self.size = size
            self.by = by
            self.sources = sources
            self.strata = strata
            self.psu = psu
        }
    }

    let path: String
    /// File line of each row.
    let lines: [Int]
    /// One-based CSV column of the income, for locating messages about incomes.
    let incomeColumn: Int
    let incomes: [Double]
    /// Household survey weights (1 when no weight column).
    let householdWeights: [Double]
    /// Persons per row (1 when no size column: each row is a person).
    let sizes: [Int]
    /// Group code per row and the group labels, when grouping was asked for.
    let groups: (column: String, codes: [Int], levels: [String])?
    /// Income sources: names and one array per source.
    let sources: [(name: String, values: [Double])]
    let strata: [Int]?
    /// Labels of the stratum codes (empty without strata).
    let strataLevels: [String]
    let psus: [Int]?

    /// Reads and checks the file.
    /// - Throws: `InputError` naming file, line and column for a missing column, an empty or
    ///   non-numeric cell, a negative weight, a household size that is not a whole number ≥ 1, an
    ///   empty group, or a file without data rows.
    public static func load(path: String, columns: Columns) throws -> PovertyInput {
        let csv = try CSVFile(path: path)
        let numeric = [columns.income] + [columns.weight, columns.size].compactMap { $0 } + columns.sources
        let categorical = [columns.by, columns.strata, columns.psu].compactMap { $0 }
        let table = try DataTable.load(csv, numeric: numeric, categorical: categorical)
        let lines = table.lines

        func column(_ name: String) -> Int { (csv.columnIndex(name) ?? -1) + 1 }
        func numbers(_ name: String, what: String, check: (Double) -> String?) throws -> [Double] {
            let values = table.numbers(name) ?? []
            for (i, v) in values.enumerated() {
                let problem = v.isNaN ? "\(what) is missing; expected a number" : check(v)
                if let problem {
                    throw InputError(file: path, line: lines[i], column: column(name), message: "\(problem) (column \"\(name)\")")
                }
            }
            return values
        }
        func codes(_ name: String, what: String) throws -> (codes: [Int], levels: [String]) {
            guard let found = table.categories(name) else { return ([], []) }
            for (i, c) in found.codes.enumerated() where c < 0 {
                throw InputError(file: path, line: lines[i], column: column(name),
                                 message: "\(what) is empty; expected a value in column \"\(name)\"")
            }
            return (found.codes.map(Int.init), found.levels)
        }

        let incomes = try numbers(columns.income, what: "income") { _ in nil }
        var weights = [Double](repeating: 1, count: table.rowCount)
        if let name = columns.weight {
            weights = try numbers(name, what: "weight") { $0 < 0 ? "weight \(Self.plainNumber($0)) is negative; expected a weight ≥ 0" : nil }
            guard weights.contains(where: { $0 > 0 }) else {
                throw InputError(file: path, line: 0, column: 0, message: "every weight in column \"\(name)\" is 0; expected at least one positive weight")
            }
        }
        var sizes = [Int](repeating: 1, count: table.rowCount)
        if let name = columns.size {
            let values = try numbers(name, what: "household size") { v in
                v >= 1 && v == v.rounded() && v <= 1e6 ? nil : "household size \(Self.plainNumber(v)) is not valid; expected a whole number of persons ≥ 1"
            }
            sizes = values.map { Int($0) }
        }
        var groups: (column: String, codes: [Int], levels: [String])? = nil
        if let name = columns.by {
            let found = try codes(name, what: "group")
            groups = (name, found.codes, found.levels)
        }
        let sources = try columns.sources.map { name in
            (name: name, values: try numbers(name, what: "income source") { _ in nil })
        }
        let strataCodes = try columns.strata.map { try codes($0, what: "stratum") }
        let psus = try columns.psu.map { try codes($0, what: "PSU").codes }
        return PovertyInput(path: path, lines: lines, incomeColumn: column(columns.income), incomes: incomes,
                            householdWeights: weights, sizes: sizes, groups: groups, sources: sources,
                            strata: strataCodes?.codes, strataLevels: strataCodes?.levels ?? [], psus: psus)
    }

    /// `file:line:column` of row `index`'s income, for messages about a measure that met it.
    func locationOfIncome(row index: Int) -> String {
        guard lines.indices.contains(index) else { return path }
        return "\(path):\(lines[index]):\(incomeColumn)"
    }

    /// A number as people write it: "0" and "-500", not "0.0" and "-500.0".
    static func plainNumber(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
