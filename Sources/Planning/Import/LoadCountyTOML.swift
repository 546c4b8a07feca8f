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
    // Lines end at "\n" or "\r\n" (a single Character in Swift: a Windows file split on "\n" is one line).
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
    /// Line and column of `key = …` (first occurrence at or after `from`), for messages.
    func place(_ key: String, from: Int = 0) -> (Int, Int) {
        for (n, line) in lines.enumerated() where n >= from {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix(key), trimmed.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("=") {
                return (n + 1, line.count - trimmed.count + 1)
            }
        }
        return (0, 0)
    }
    var ok = true
    func fail(_ key: String, _ expectation: String, found: String, from: Int = 0) {
        let (line, column) = place(key, from: from)
        log.add(InputError(file: path, line: line, column: column, message: "expected \(expectation) for \"\(key)\", found \(found)"))
        ok = false
    }
    func shown(_ value: TOMLValueConvertible?) -> String {
        guard let v = value else { return "nothing (the key is missing)" }
        return "\(v.debugDescription)"
    }
    let known: Set<String> = ["name", "name_en", "province", "region", "year", "poverty_line", "agricultural_population", "total_population", "targets"]
    for key in table.keys.sorted() where !known.contains(key) {
        let (line, column) = place(key)
        log.add(InputError(file: path, line: line, column: column,
                           message: "expected one of the keys \(known.sorted().joined(separator: ", ")), found \"\(key)\""))
        ok = false
    }
    let name = table["name"]?.string ?? ""
    if name.isEmpty { fail("name", "a non-empty string", found: shown(table["name"])) }
    let region = table["region"]?.string.flatMap(Region.init(rawValue:))
    if region == nil { fail("region", "\"east\", \"central\" or \"west\"", found: shown(table["region"])) }
    let year = table["year"]?.int ?? 0
    if !(1949...2100).contains(year) { fail("year", "a year from 1949 to 2100", found: shown(table["year"])) }
    // An integer line is taken only when a Double holds it exactly (not beyond 2⁵³); TOML's inf and nan are not lines.
    let line = table["poverty_line"]?.double ?? table["poverty_line"]?.int.flatMap { Double(exactly: $0) } ?? 0
    if !(line > 0 && line.isFinite) { fail("poverty_line", "a positive finite number of yuan per person per year", found: shown(table["poverty_line"])) }
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
            var searchFrom = 0
            for element in list {
                let (tableLine, _) = place("year", from: searchFrom)
                searchFrom = tableLine
                guard let t = element.table, let y = t["year"]?.int, let v = t["villages"]?.int, let p = t["persons"]?.int,
                      v >= 0, p >= 0 else {
                    fail("year", "[[targets]] tables with whole numbers year, villages ≥ 0, persons ≥ 0",
                         found: element.debugDescription, from: max(0, tableLine - 1))
                    continue
                }
                targets.append(YearTarget(year: y, villages: v, persons: p))
            }
        } else {
            fail("targets", "an array of tables ([[targets]])", found: shown(array))
        }
    }
    guard ok, let region else { return nil }
    return County(name: name, englishName: table["name_en"]?.string, province: table["province"]?.string, region: region,
                  year: year, povertyLine: line, agriculturalPopulation: agricultural, totalPopulation: total,
                  targets: targets.sorted { $0.year < $1.year })
}
