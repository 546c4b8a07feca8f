import Foundation
import Tabular
import TOMLKit

/// A province folder: county folders and `province.toml`.
///
/// ```toml
/// name = "商洛市"                       # the province, prefecture or programme
/// counties = ["shangzhou", "danfeng"]  # county folders, relative to the province folder
/// [targets]                            # optional
/// counties_exit = 2                    # counties that should exit (摘帽) in the year
/// ```
public struct Province: Sendable, Equatable {
    /// The province's name.
    public var name: String
    /// The county folders, as absolute paths, in the file's order.
    public var counties: [String]
    /// Counties that should exit in the simulated year; nil when not given.
    public var countiesExitTarget: Int?

    /// Whether `folder` is a province folder (holds `province.toml`).
    public static func isProvinceFolder(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("province.toml"))
    }

    /// Reads `folder/province.toml`.
    /// - Throws: `InputErrors`, each on its line and column: syntax, a wrong or unknown key, a county
    ///   folder named twice or missing (a folder without county.toml).
    public static func load(folder: String) throws(InputErrors) -> Province {
        let path = (folder as NSString).appendingPathComponent("province.toml")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputErrors([InputError(file: path, message: "cannot read the file; expected province.toml with name and counties")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputErrors([InputError(file: path, message: "expected UTF-8 text")])
        }
        if let bad = TOMLHeaderCheck.badTableHeader(in: text) {
            throw InputErrors([InputError(file: path, line: bad.line, column: bad.column,
                                          message: "expected valid TOML: \(bad.expected), found \(bad.found.debugDescription)")])
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw InputErrors([InputError(file: path, line: error.source.begin.line, column: error.source.begin.column,
                                          message: "expected valid TOML: \(error.description)")])
        } catch {
            throw InputErrors([InputError(file: path, message: "expected valid TOML: \(error)")])
        }
        let locator = TOMLKeyLocator(text: text)
        var log = InputErrorLog()
        func report(_ key: String, _ message: String) {
            let (line, column) = locator.position(of: key)
            log.add(InputError(file: path, line: line, column: column, message: message))
        }
        func refuseUnknown(_ t: TOMLTable, known: [String], prefix: String) {
            for key in t.keys.sorted() where !known.contains(key) {
                let hint = TOMLKeyLocator.closestKey(to: key, in: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                report(prefix + key, "expected one of the keys \(known.sorted().joined(separator: ", ")), found \"\(key)\"\(hint)")
            }
        }
        refuseUnknown(table, known: ["name", "counties", "targets"], prefix: "")
        let name = table["name"]?.string ?? ""
        if name.isEmpty { report("name", "expected a non-empty string for \"name\"") }
        var counties: [String] = []
        if let list = table["counties"]?.array, !list.isEmpty {
            var seen = Set<String>()
            for (k, item) in list.enumerated() {
                guard let relative = item.string, !relative.isEmpty else {
                    report("counties", "expected county folder names (strings) in \"counties\", item \(k + 1) is \(item.debugDescription)")
                    continue
                }
                let absolute = ((relative.hasPrefix("/") ? relative : (folder as NSString).appendingPathComponent(relative)) as NSString).standardizingPath
                if !seen.insert(absolute).inserted { report("counties", "expected each county once in \"counties\", \"\(relative)\" is named twice") }
                if !FileManager.default.fileExists(atPath: (absolute as NSString).appendingPathComponent("county.toml")) {
                    report("counties", "expected a county folder with county.toml at \"\(relative)\" (\(absolute))")
                }
                counties.append(absolute)
            }
        } else {
            report("counties", "expected a non-empty list of county folders for \"counties\"")
        }
        var exitTarget: Int?
        if let targets = table["targets"] {
            if let t = targets.table {
                refuseUnknown(t, known: ["counties_exit"], prefix: "targets.")
                if let value = t["counties_exit"] {
                    if let n = value.int, n >= 0, n <= max(counties.count, 0) { exitTarget = n } else {
                        report("targets.counties_exit", "expected a whole number from 0 to the \(counties.count) counties for \"targets.counties_exit\", found \(value.debugDescription)")
                    }
                }
            } else {
                report("targets", "expected a table [targets]")
            }
        }
        try log.throwIfAny()
        return Province(name: name, counties: counties, countiesExitTarget: exitTarget)
    }
}
