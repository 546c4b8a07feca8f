import Foundation
import Tabular
import TOMLKit

/// Reads `county.toml`:
///
/// ```toml
/// name = "代县"                    # required
/// name_en = "Dai County"           # optional
/// province = "山西省"               # optional
/// region = "central"               # east | central | west (required)
/// year = 2018                      # required
/// poverty_line = 3535              # yuan per person per year (required)
/// agricultural_population = 172000 # required
/// total_population = 216000        # optional
/// [[targets]]                      # optional, one table per year
/// year = 2018
/// villages = 61
/// persons = 14000
/// [monitoring]                     # optional: the monitoring rule (防返贫监测)
/// threshold = 5400                 # yuan per person per year (required in the table)
/// spending_threshold = 10000       # yuan per household, optional
/// stable_years = 1                 # optional, default 1
/// risk_probability = 0.2           # optional, default 0.2
/// source = "…"                     # optional
/// [[monitoring.years]]             # optional, per-year parameters
/// year = 2021
/// threshold = 6000
/// spending_threshold = 12000       # optional
/// ```
/// Errors name the line and column (syntax errors from TOMLKit; wrong values on the key's line).
func loadCountyTOML(path: String, log: inout InputErrorLog) -> County? {
    guard let data = FileManager.default.contents(atPath: path) else {
        log.add(InputError(file: path, message: "cannot read the file (missing or not readable); expected county.toml with name, region, year, poverty_line, agricultural_population"))
        return nil
    }
    guard let text = String(data: data, encoding: .utf8) else {
        log.add(InputError(file: path, message: "expected UTF-8 text"))
        return nil
    }
    return parseCountyTOML(text, file: path, log: &log)
}

extension County {
    /// Reads the text of a `county.toml` (schema: `loadCountyTOML`); `file` names it in errors.
    /// - Throws: `InputErrors` with every problem found (syntax error from TOMLKit, or each wrong,
    ///   missing or unknown key on its line and column).
    public static func parse(toml text: String, file: String = "county.toml") throws(InputErrors) -> County {
        var log = InputErrorLog()
        let county = parseCountyTOML(text, file: file, log: &log)
        try log.throwIfAny()
        guard let county else { throw InputErrors([InputError(file: file, message: "expected a valid county.toml")]) }
        return county
    }
}

/// Checks the text of a `county.toml`, recording problems in `log`; nil when any was found.
func parseCountyTOML(_ text: String, file path: String, log: inout InputErrorLog) -> County? {
    // A header like [名称] or a = [} would abort inside TOMLKit's parser: report it as a syntax error first.
    if let bad = TOMLHeaderCheck.badTableHeader(in: text) {
        log.add(InputError(file: path, line: bad.line, column: bad.column,
                           message: "expected valid TOML: \(bad.expected), found \(bad.found.debugDescription)"))
        return nil
    }
    let table: TOMLTable
    do {
        table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
        log.add(InputError(file: path, line: error.source.begin.line, column: error.source.begin.column,
                           message: "expected valid TOML: \(error.description)"))
        return nil
    } catch {
        log.add(InputError(file: path, message: "expected valid TOML: \(error)"))
        return nil
    }
    let locator = TOMLKeyLocator(text: text)
    var ok = true
    /// An error at the line and column where `path` (`poverty_line`, `targets[1].villages`) is written.
    func report(_ key: String, _ message: String) {
        let (line, column) = locator.position(of: key)
        log.add(InputError(file: path, line: line, column: column, message: message))
        ok = false
    }
    func fail(_ key: String, _ expectation: String, found: String) {
        report(key, "expected \(expectation) for \"\(key)\", found \(found)")
    }
    func shown(_ value: TOMLValueConvertible?) -> String {
        guard let v = value else { return "nothing (the key is missing)" }
        return "\(v.debugDescription)"
    }
    /// Refuses every key of `table` not in `known`, naming the closest known key when one is near.
    func refuseUnknownKeys(_ table: TOMLTable, known: [String], prefix: String, what: String) {
        for key in table.keys.sorted() where !known.contains(key) {
            let hint = TOMLKeyLocator.closestKey(to: key, in: known).map { " (did you mean \"\($0)\"?)" } ?? ""
            report(prefix + key, "expected one of the keys \(known.sorted().joined(separator: ", "))\(what), found \"\(key)\"\(hint)")
        }
    }
    refuseUnknownKeys(table, known: ["name", "name_en", "province", "region", "year", "poverty_line",
                                     "agricultural_population", "total_population", "targets", "monitoring"], prefix: "", what: "")
    let name = table["name"]?.string ?? ""
    if name.isEmpty { fail("name", "a non-empty string", found: shown(table["name"])) }
    let region = table["region"]?.string.flatMap(Region.init(rawValue:))
    if region == nil { fail("region", "\"east\", \"central\" or \"west\"", found: shown(table["region"])) }
    let year = table["year"]?.int ?? 0
    if !(1949...2100).contains(year) { fail("year", "a year from 1949 to 2100", found: shown(table["year"])) }
    // An integer line is taken only when a Double holds it exactly (not beyond 2⁵³); TOML's inf and
    // nan are not lines, nor is one above RegistryLimits.maximumPovertyLine (10⁵ yuan).
    let line = table["poverty_line"]?.double ?? table["poverty_line"]?.int.flatMap { Double(exactly: $0) } ?? 0
    if !(line > 0 && line <= RegistryLimits.maximumPovertyLine) {
        fail("poverty_line", "a number of yuan per person per year above 0 and at most 1e5 (100,000)",
             found: shown(table["poverty_line"]))
    }
    let agricultural = table["agricultural_population"]?.int ?? 0
    if agricultural < 1 { fail("agricultural_population", "a whole number ≥ 1", found: shown(table["agricultural_population"])) }
    var total: Int?
    if let t = table["total_population"] {
        total = t.int
        if (total ?? 0) < 1 { fail("total_population", "a whole number ≥ 1", found: shown(t)) }
    }
    var targets: [YearTarget] = []
    if let array = table["targets"] {
        if let list = array.array {
            for (i, element) in list.enumerated() {
                let at = "targets[\(i)]"
                guard let t = element.table else {
                    report(at, "expected [[targets]] tables, found \(element.debugDescription)")
                    continue
                }
                refuseUnknownKeys(t, known: ["year", "villages", "persons"], prefix: "\(at).", what: " in [[targets]]")
                /// A whole number in `range` under `key`, or nil with an error at its line (the table's header when missing).
                func whole(_ key: String, _ range: ClosedRange<Int>, _ expectation: String) -> Int? {
                    if let v = t[key]?.int, range.contains(v) { return v }
                    report("\(at).\(key)", "expected \(expectation) for \"\(key)\" in [[targets]] number \(i + 1), found \(shown(t[key]))")
                    return nil
                }
                let y = whole("year", 1949...2100, "a year from 1949 to 2100")
                let v = whole("villages", 0...Int.max, "a whole number of villages ≥ 0")
                let p = whole("persons", 0...Int.max, "a whole number of persons ≥ 0")
                if let y, let v, let p { targets.append(YearTarget(year: y, villages: v, persons: p)) }
            }
        } else {
            fail("targets", "an array of tables ([[targets]])", found: shown(array))
        }
    }
    var monitoring: MonitoringRule?
    if let value = table["monitoring"] {
        if let m = value.table {
            refuseUnknownKeys(m, known: ["threshold", "spending_threshold", "stable_years", "risk_probability", "source", "years"],
                              prefix: "monitoring.", what: " in [monitoring]")
            /// A number of yuan under `key` of table `t` (path `at`), in (0, 1e5] for a threshold or ≥ 0 for spending.
            func yuan(_ t: TOMLTable, _ at: String, _ key: String, perPerson: Bool) -> Double? {
                let v = t[key]?.double ?? t[key]?.int.flatMap { Double(exactly: $0) }
                if let v, perPerson ? (v > 0 && v <= RegistryLimits.maximumPovertyLine) : (v >= 0 && v <= RegistryLimits.maximumMagnitude) {
                    return v
                }
                fail("\(at)\(key)", perPerson ? "a number of yuan per person per year above 0 and at most 1e5" : "a number of yuan ≥ 0",
                     found: shown(t[key]))
                return nil
            }
            let threshold = yuan(m, "monitoring.", "threshold", perPerson: true)
            let spending = m["spending_threshold"] == nil ? nil : yuan(m, "monitoring.", "spending_threshold", perPerson: false)
            var stable = 1
            if let s = m["stable_years"] {
                if let v = s.int, (0...50).contains(v) { stable = v } else { fail("monitoring.stable_years", "a whole number of years from 0 to 50", found: shown(s)) }
            }
            var cutoff = 0.2
            if let r = m["risk_probability"] {
                if let v = r.double ?? r.int.flatMap({ Double(exactly: $0) }), v > 0, v <= 1 { cutoff = v } else {
                    fail("monitoring.risk_probability", "a probability above 0 and at most 1", found: shown(r))
                }
            }
            var source: String?
            if let s = m["source"] {
                if let text = s.string { source = text } else { fail("monitoring.source", "a string", found: shown(s)) }
            }
            var entries: [MonitoringYear] = []
            if let list = m["years"] {
                if let array = list.array {
                    for (i, element) in array.enumerated() {
                        let at = "monitoring.years[\(i)]"
                        guard let t = element.table else { report(at, "expected [[monitoring.years]] tables, found \(element.debugDescription)"); continue }
                        refuseUnknownKeys(t, known: ["year", "threshold", "spending_threshold"], prefix: "\(at).", what: " in [[monitoring.years]]")
                        var y: Int?
                        if let v = t["year"]?.int, (1949...2100).contains(v) { y = v } else {
                            report("\(at).year", "expected a year from 1949 to 2100 for \"year\" in [[monitoring.years]] number \(i + 1), found \(shown(t["year"]))")
                        }
                        let th = yuan(t, "\(at).", "threshold", perPerson: true)
                        let sp = t["spending_threshold"] == nil ? nil : yuan(t, "\(at).", "spending_threshold", perPerson: false)
                        if entries.contains(where: { $0.year == y }) { report("\(at).year", "expected one [[monitoring.years]] entry a year, found \(y ?? 0) twice") }
                        if let y, let th { entries.append(MonitoringYear(year: y, threshold: th, spendingThreshold: sp)) }
                    }
                } else {
                    fail("monitoring.years", "an array of tables ([[monitoring.years]])", found: shown(list))
                }
            }
            if let threshold {
                monitoring = MonitoringRule(threshold: threshold, spendingThreshold: spending, stableYears: stable,
                                            riskProbability: cutoff, source: source, years: entries)
            }
        } else {
            fail("monitoring", "a table ([monitoring])", found: shown(value))
        }
    }
    guard ok, let region else { return nil }
    return County(name: name, englishName: table["name_en"]?.string, province: table["province"]?.string, region: region,
                  year: year, povertyLine: line, agriculturalPopulation: agricultural, totalPopulation: total,
                  targets: targets.sorted { $0.year < $1.year }, monitoring: monitoring)
}

