import Foundation
import Tabular
import TOMLKit

extension Scenario {
    /// Reads a scenario from the text of a TOML file (schema: `notebooks-data/README.md`).
    ///
    /// - Parameters:
    ///   - toml: the file's text.
    ///   - file: the file's name as the user gave it, used in errors and as the default name.
    /// - Throws: `InputError` with the file, line and column — of the syntax error as TOMLKit
    ///   reports it, or of the offending key for a semantic error (unknown key, wrong type,
    ///   value out of range); the message names the key (`shocks[0].probability`).
    public static func parse(toml: String, file: String) throws(InputError) -> Scenario {
        // A header like [名称] or a = [} would abort inside TOMLKit's parser: report it as a syntax error first.
        if let bad = TOMLHeaderCheck.badTableHeader(in: toml) {
            throw InputError(file: file, line: bad.line, column: bad.column,
                             message: "TOML syntax: expected \(bad.expected), found \(bad.found.debugDescription)")
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            throw InputError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                             message: "TOML syntax: expected valid TOML: \(error.description)")
        } catch {
            throw InputError(file: file, message: "TOML syntax: expected valid TOML: \(error)")
        }
        let reader = ScenarioReader(file: file, locator: TOMLKeyLocator(text: toml))
        return try reader.scenario(root, defaultName: baseName(file))
    }

    /// Reads and parses the scenario file at `path` (UTF-8).
    /// - Throws: `InputError` if the file cannot be read or is not a valid scenario.
    public static func load(path: String) throws(InputError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the scenario file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, message: "the scenario file is not UTF-8 text")
        }
        return try parse(toml: text, file: path)
    }

    private static func baseName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        if last.hasSuffix(".toml") { return String(last.dropLast(5)) }
        return last
    }
}

/// Turns the parsed TOML tables into a `Scenario`, checking every key and value.
private struct ScenarioReader {
    let file: String
    let locator: TOMLKeyLocator

    func error(_ path: String, _ message: String) -> InputError {
        let (line, column) = locator.position(of: path)
        return InputError(file: file, line: line, column: column, message: "\(path): \(message)")
    }

    func join(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }

    func checkKeys(_ table: TOMLTable, _ path: String, allowed: [String]) throws(InputError) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            let hint = TOMLKeyLocator.closestKey(to: key, in: allowed).map { "; did you mean \"\($0)\"?" } ?? ""
            throw error(join(path, key), "unknown key (expected one of: \(allowed.joined(separator: ", "))\(hint))")
        }
    }

    func number(_ table: TOMLTable, _ path: String, _ key: String, default value: Double? = nil,
                in range: ClosedRange<Double>? = nil, meaning: String = "a number") throws(InputError) -> Double? {
        guard let raw = table[key] else { return value }
        let full = join(path, key)
        let found: Double
        if let d = raw.double {
            found = d
        } else if let i = raw.int {
            // An integer the nearest Double would change (beyond ±2⁵³) is not read as another number.
            guard let exact = Double(exactly: i) else {
                throw error(full, "expected \(meaning), found the integer \(i), which a decimal number cannot hold exactly (beyond ±2^53)")
            }
            found = exact
        } else {
            throw error(full, "expected \(meaning), found \(raw.type)")
        }
        if !found.isFinite { throw error(full, "expected \(meaning) (a finite number; inf and nan are not), found \(found)") }
        if let range, !range.contains(found) {
            throw error(full, "expected \(meaning) in [\(range.lowerBound), \(range.upperBound)], found \(found)")
        }
        return found
    }

    func integer(_ table: TOMLTable, _ path: String, _ key: String, minimum: Int = 0) throws(InputError) -> Int? {
        guard let raw = table[key] else { return nil }
        guard let value = raw.int else { throw error(join(path, key), "expected an integer, found \(raw.type)") }
        if value < minimum { throw error(join(path, key), "expected an integer ≥ \(minimum), found \(value)") }
        return value
    }

    func string(_ table: TOMLTable, _ path: String, _ key: String) throws(InputError) -> String? {
        guard let raw = table[key] else { return nil }
        guard let value = raw.string else { throw error(join(path, key), "expected a string, found \(raw.type)") }
        return value
    }

    func subtable(_ table: TOMLTable, _ path: String, _ key: String) throws(InputError) -> TOMLTable? {
        guard let raw = table[key] else { return nil }
        guard let value = raw.table else { throw error(join(path, key), "expected a table, found \(raw.type)") }
        return value
    }

    /// A string or an array of strings, each mapped through `decode`.
    func names<T>(_ table: TOMLTable, _ path: String, _ key: String, kind: String,
                  valid: [String], decode: (String) -> T?) throws(InputError) -> [T]? {
        guard let raw = table[key] else { return nil }
        let full = join(path, key)
        var texts: [String] = []
        if let single = raw.string {
            texts = [single]
        } else if let array = raw.array {
            for i in array.indices {
                guard let text = array[i].string else { throw error(full, "expected strings, element \(i) is \(array[i].type)") }
                texts.append(text)
            }
        } else {
            throw error(full, "expected a \(kind) name or a list of them, found \(raw.type)")
        }
        var out: [T] = []
        for text in texts {
            guard let value = decode(text) else {
                throw error(full, "unknown \(kind) \"\(text)\" (expected one of: \(valid.joined(separator: ", ")))")
            }
            out.append(value)
        }
        return out
    }

    func tables(_ root: TOMLTable, _ key: String) throws(InputError) -> [TOMLTable] {
        guard let raw = root[key] else { return [] }
        guard let array = raw.array else { throw error(key, "expected an array of tables ([[\(key)]]), found \(raw.type)") }
        var out: [TOMLTable] = []
        for i in array.indices {
            guard let table = array[i].table else { throw error("\(key)[\(i)]", "expected a table, found \(array[i].type)") }
            out.append(table)
        }
        return out
    }

    func scenario(_ root: TOMLTable, defaultName: String) throws(InputError) -> Scenario {
        try checkKeys(root, "", allowed: ["name", "sources", "shocks", "risks", "policy", "allocation", "relocation", "targets", "years"])
        var scenario = Scenario(name: try string(root, "", "name") ?? defaultName)

        if let sources = try subtable(root, "", "sources") {
            try checkKeys(sources, "sources", allowed: IncomeSource.allCases.map(\.key))
            for source in IncomeSource.allCases {
                guard let table = try subtable(sources, "sources", source.key) else { continue }
                let path = "sources.\(source.key)"
                try checkKeys(table, path, allowed: ["growth", "spread"])
                let growth = try number(table, path, "growth", default: 0, in: -1...10, meaning: "a growth fraction") ?? 0
                // The engine needs growth > −1 (Simulation.validate): −1 leaves the source nothing to
                // spread around, so refuse it here, at the key, rather than as an unlocated engine error.
                if growth == -1 {
                    throw error("\(path).growth", "expected a growth fraction above -1 and at most 10, found -1 (the simulation models growth > -1 only; a source lost for certain is a shock with probability = 1 and loss = 1)")
                }
                scenario[source] = SourceAssumption(
                    growth: growth,
                    spread: try number(table, path, "spread", default: 0, in: 0...10, meaning: "a standard deviation (fraction)") ?? 0)
            }
        }

        for (i, table) in try tables(root, "shocks").enumerated() {
            let path = "shocks[\(i)]"
            try checkKeys(table, path, allowed: ["name", "sources", "scope", "tiers", "probability", "loss"])
            guard let sources = try names(table, path, "sources", kind: "income source",
                                          valid: IncomeSource.allCases.map(\.key), decode: IncomeSource.init(key:)),
                  !sources.isEmpty else { throw error(path, "missing key sources (the income sources the shock hits)") }
            let scopeText = try string(table, path, "scope") ?? "county"
            guard let scope = CommonShock.Scope(rawValue: scopeText) else {
                throw error("\(path).scope", "expected \"county\" or \"township\", found \"\(scopeText)\"")
            }
            var tiers: [Int] = []
            if let raw = table["tiers"] {
                guard let array = raw.array else { throw error("\(path).tiers", "expected a list of tiers like [1, 2]") }
                for j in array.indices {
                    guard let tier = array[j].int, (1...3).contains(tier) else {
                        throw error("\(path).tiers", "expected tiers 1, 2 or 3, element \(j) is \(array[j].debugDescription)")
                    }
                    tiers.append(tier)
                }
            }
            guard let probability = try number(table, path, "probability", in: 0...1, meaning: "a probability") else {
                throw error(path, "missing key probability")
            }
            guard let loss = try number(table, path, "loss", in: 0...1, meaning: "a loss fraction") else {
                throw error(path, "missing key loss (fraction of the sources' income lost)")
            }
            scenario.shocks.append(CommonShock(
                name: try string(table, path, "name") ?? "shock \(i + 1)", sources: sources, scope: scope,
                tiers: tiers, probability: probability, loss: loss))
        }

        let riskTables = try tables(root, "risks")
        if riskTables.count > Scenario.maximumRisks {
            throw error("risks[\(Scenario.maximumRisks)]", "at most \(Scenario.maximumRisks) risks are supported")
        }
        for (i, table) in riskTables.enumerated() {
            let path = "risks[\(i)]"
            try checkKeys(table, path, allowed: ["name", "causes", "probability", "loss_fraction", "loss_yuan", "duration_years"])
            let causes = try names(table, path, "causes", kind: "cause", valid: PovertyCause.allCases.map(\.key),
                                   decode: PovertyCause.init(key:)) ?? []
            guard let probability = try number(table, path, "probability", in: 0...1, meaning: "a probability") else {
                throw error(path, "missing key probability")
            }
            let fraction = try number(table, path, "loss_fraction", default: 0, in: 0...1, meaning: "a loss fraction") ?? 0
            let yuan = try number(table, path, "loss_yuan", default: 0, in: 0...1e9, meaning: "a loss in yuan") ?? 0
            let duration = try integer(table, path, "duration_years", minimum: 1) ?? 1
            if duration > YearLevers.maximumYears {
                throw error("\(path).duration_years", "expected an integer from 1 to \(YearLevers.maximumYears), found \(duration)")
            }
            scenario.risks.append(HouseholdRisk(
                name: try string(table, path, "name") ?? "risk \(i + 1)", causes: causes,
                probability: probability, lossFraction: fraction, lossYuan: yuan, durationYears: duration))
        }

        if let policy = try subtable(root, "", "policy") {
            try checkKeys(policy, "policy", allowed: ["poverty_line", "transfer_increase_per_person", "transfer_recipients",
                                                      "infrastructure_works"])
            scenario.policy.povertyLine = try number(policy, "policy", "poverty_line", in: 1...1e7, meaning: "yuan per person per year")
            scenario.policy.transferIncreasePerPerson = try number(
                policy, "policy", "transfer_increase_per_person", default: 0, in: -1e7...1e7, meaning: "yuan per person per year") ?? 0
            if let text = try string(policy, "policy", "transfer_recipients") {
                guard let recipients = PolicyLevers.TransferRecipients(rawValue: text) else {
                    throw error("policy.transfer_recipients", "expected \"safety_net\", \"registered_poor\" or \"all\", found \"\(text)\"")
                }
                scenario.policy.transferRecipients = recipients
            }
            if let text = try string(policy, "policy", "infrastructure_works") {
                guard let works = PolicyLevers.InfrastructureWorks(rawValue: text) else {
                    throw error("policy.infrastructure_works", "expected \"none\", \"planned\" or \"all\", found \"\(text)\"")
                }
                scenario.policy.infrastructureWorks = works
            }
        }

        (scenario.allocation, scenario.exitMargin) = try allocation(root)

        if let relocation = try subtable(root, "", "relocation") {
            try checkKeys(relocation, "relocation", allowed: ["file", "count", "farm_income_kept", "support_income"])
            let file = try string(relocation, "relocation", "file")
            let count = try integer(relocation, "relocation", "count")
            switch (file, count) {
            case let (file?, nil): scenario.relocation = .file(file)
            case let (nil, count?): scenario.relocation = .count(count)
            case (nil, nil): scenario.relocation = nil  // relocation.csv
            case (_?, _?): throw error("relocation.count", "give either file or count, not both")
            }
            scenario.relocationEffects.farmIncomeKept = try number(
                relocation, "relocation", "farm_income_kept", default: 1, in: 0...1, meaning: "a share of farm income") ?? 1
            scenario.relocationEffects.supportIncome = try number(
                relocation, "relocation", "support_income", default: 0, in: 0...1e7, meaning: "yuan a year per household") ?? 0
        }

        if let targets = try subtable(root, "", "targets") {
            try checkKeys(targets, "targets", allowed: ["persons_exit", "villages_exit", "max_returning_households", "county_exit"])
            scenario.targets.personsExit = try integer(targets, "targets", "persons_exit")
            scenario.targets.villagesExit = try integer(targets, "targets", "villages_exit")
            scenario.targets.maximumReturningHouseholds = try integer(targets, "targets", "max_returning_households")
            if let raw = targets["county_exit"] {
                guard let flag = raw.bool else { throw error("targets.county_exit", "expected true or false, found \(raw.type)") }
                scenario.targets.countyExit = flag
            }
        }
        scenario.years = try years(root)
        return scenario
    }

    /// `[years.YYYY]` tables: `funds`, `transfer_increase_per_person`, `poverty_line`, `growth`
    /// (a table of sources), `relocation_count` (an integer ≥ 0), sorted by year.
    func years(_ root: TOMLTable) throws(InputError) -> [YearLevers] {
        guard let table = try subtable(root, "", "years") else { return [] }
        var out: [YearLevers] = []
        for key in table.keys.sorted() {
            let path = "years.\(key)"
            guard key.count == 4, key.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(key), year >= 1900 else {
                throw error(path, "expected a year like [years.2020] (four digits), found \"\(key)\"")
            }
            guard let levers = try subtable(table, "years", key) else { continue }
            try checkKeys(levers, path, allowed: ["funds", "transfer_increase_per_person", "poverty_line", "growth", "relocation_count"])
            var entry = YearLevers(year: year)
            entry.funds = try number(levers, path, "funds", in: 0...1e13, meaning: "the year's funds in yuan")
            entry.relocationCount = try integer(levers, path, "relocation_count")
            entry.transferIncreasePerPerson = try number(levers, path, "transfer_increase_per_person", in: -1e7...1e7,
                                                         meaning: "yuan per person per year")
            entry.povertyLine = try number(levers, path, "poverty_line", in: 1...1e7, meaning: "yuan per person per year")
            if let growth = try subtable(levers, path, "growth") {
                let growthPath = "\(path).growth"
                try checkKeys(growth, growthPath, allowed: IncomeSource.allCases.map(\.key))
                for source in IncomeSource.allCases {
                    guard let value = try number(growth, growthPath, source.key, in: -1...10, meaning: "a growth fraction") else { continue }
                    if value == -1 {
                        throw error("\(growthPath).\(source.key)", "expected a growth fraction above -1 and at most 10, found -1")
                    }
                    entry.growth.append((source, value))
                }
            }
            out.append(entry)
        }
        return out
    }

    /// `allocation = "even"`, `[allocation] strategy = "fixed"  plan_file = "…"`, or
    /// `[allocation] strategy = "optimised"  exit_margin = 0.1` (the stable-exit margin, 0…1, only in
    /// the table form and not with a fixed plan); returns the strategy and the margin (0 when absent).
    func allocation(_ root: TOMLTable) throws(InputError) -> (strategy: AllocationStrategy, exitMargin: Double) {
        guard let raw = root["allocation"] else { return (.optimised, 0) }
        var strategy: String
        var planFile: String? = nil
        var exitMargin = 0.0
        if let text = raw.string {
            strategy = text
        } else if let table = raw.table {
            try checkKeys(table, "allocation", allowed: ["strategy", "plan_file", "exit_margin"])
            strategy = try string(table, "allocation", "strategy") ?? "optimised"
            planFile = try string(table, "allocation", "plan_file")
            exitMargin = try number(table, "allocation", "exit_margin", default: 0, in: 0...1,
                                    meaning: "a stable-exit margin (a fraction of the poverty line, 0.1: lift to the line × 1.1)") ?? 0
            if strategy == "fixed", table["exit_margin"] != nil {
                throw error("allocation.exit_margin", "a fixed plan does not use exit_margin (only the \"optimised\" and \"even\" strategies do)")
            }
        } else {
            throw error("allocation", "expected a strategy name or a table, found \(raw.type)")
        }
        switch strategy {
        case "optimised", "optimized": return (.optimised, exitMargin)
        case "even": return (.even, exitMargin)
        case "fixed":
            guard let planFile else { throw error("allocation", "strategy \"fixed\" needs plan_file") }
            return (.fixed(planFile: planFile), 0)
        default:
            throw error(raw.string != nil ? "allocation" : "allocation.strategy",
                        "expected \"optimised\", \"even\" or \"fixed\", found \"\(strategy)\"")
        }
    }
}
