import Foundation
import Tabular

/// Reads and checks a county folder (county.toml, townships.csv, villages.csv, households.csv and,
/// when present, projects.csv, funds.csv, sites.csv, site_flats.csv, relocation.csv).
public enum CountyFolder {
    /// The files of a county folder; the first four are required.
    public static let requiredFiles = ["county.toml", "townships.csv", "villages.csv", "households.csv"]
    public static let optionalFiles = ["projects.csv", "funds.csv", "sites.csv", "site_flats.csv", "relocation.csv",
                                       "ordinary_households.csv"]

    /// Loads the folder at `path`, checking every file completely before returning.
    ///
    /// Checks: types of every cell, required and unknown columns, duplicate ids, references between
    /// files (village → township, household → village, project → township/village, flat → site,
    /// relocation → village/household), sizes ≥ 1, finite incomes, codes from the allowed lists,
    /// township tiers 1–3. CSV files may be UTF-8 (with or without BOM) or GBK.
    /// - Throws: `InputErrors` with every problem found, each as `file:line:column: expected …, found …`.
    public static func load(_ path: String) throws(InputErrors) -> CountyRegistry {
        try load(path, tables: .all)
    }

    /// Loads the folder at `path` as `load(_:)` does, reading and checking only the optional tables
    /// in `tables` besides the four required ones: a verb that uses no fund data (`resettle`) or no
    /// resettlement data (`allocate`) need not parse and check those files. Tables left out are
    /// empty in the registry, and problems in their files are not reported.
    ///
    /// The files are read on two threads: households.csv then relocation.csv (which refers to the
    /// households) on one, ordinary_households.csv, projects.csv, funds.csv, sites.csv and
    /// site_flats.csv on the other. The registry and the errors are those of one thread, in the
    /// same order.
    /// - Throws: `InputErrors` with every problem found in the files read, each as
    ///   `file:line:column: expected …, found …`.
    public static func load(_ path: String, tables: CountyTables) throws(InputErrors) -> CountyRegistry {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputErrors([InputError(file: path, message: "expected a county folder (with \(requiredFiles.joined(separator: ", "))), found no such folder")])
        }
        var log = InputErrorLog()
        // Tables may come from workbooks in the folder (one sheet per table, `WorkbookImport`);
        // workbooks without a registry sheet (a comparison saved beside the data) are passed over.
        var sheetTables: [String: WorkbookImport.Table] = [:]
        let workbooks = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.lowercased().hasSuffix(".xlsx") && !$0.hasPrefix("~$") && !$0.hasPrefix(".") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
        if !workbooks.isEmpty {
            do { for t in try WorkbookImport.tables(workbooks: workbooks, requireTables: false) { sheetTables[t.file] = t } } catch {
                for e in error.errors { log.add(e) }
            }
        }
        let source = FolderSource(folder: path, sheets: sheetTables)
        let county = loadCountyTOML(path: source.file("county.toml"), log: &log)
        let townships = source.read("townships.csv", required: true, log: &log) { csv, log in try loadTownships(csv, log: &log) }
        let townshipIndex = townships.map { Dictionary($0.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a }) }
        var villagesFile = source.file("villages.csv")
        let villagesLoaded = source.read("villages.csv", required: true, log: &log) { csv, log in
            villagesFile = csv.path
            return try loadVillages(csv, townshipIndex: townshipIndex, log: &log)
        }
        let villages = villagesLoaded?.villages
        let villageIndex = villages.map { Dictionary($0.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a }) }
        let villageKeys = villages.map { ByteKeyIndex($0.map(\.id)) }

        // The other thread: the tables that do not refer to the households.
        let others = SideTask { () -> OtherTables in
            var t = OtherTables()
            if tables.contains(.ordinaryHouseholds) {
                t.ordinary = source.read("ordinary_households.csv", required: false, log: &t.ordinaryLog) { csv, log in
                    try loadHouseholds(csv, villageIndex: villageKeys, schema: Schemas.ordinaryHouseholds, log: &log)
                }
            }
            if tables.contains(.programmes) {
                t.projects = source.read("projects.csv", required: false, log: &t.log) { csv, log in
                    try loadProjects(csv, townshipIndex: townshipIndex, villageIndex: villageIndex, log: &log)
                }
                t.funds = source.read("funds.csv", required: false, log: &t.log) { csv, log in try loadFunds(csv, log: &log) }
            }
            if tables.contains(.resettlement) {
                t.sites = source.read("sites.csv", required: false, log: &t.log) { csv, log in
                    try loadSites(csv, townshipIndex: townshipIndex, log: &log)
                }
                if let csv = source.open("site_flats.csv", required: false, log: &t.log) {
                    if t.sites == nil && FileManager.default.fileExists(atPath: source.file("sites.csv")) == false {
                        t.log.add(InputError(file: csv.path, message: "expected sites.csv beside site_flats.csv, found none"))
                    } else if var list = t.sites {
                        _ = source.guarded(log: &t.log) { log throws -> Bool? in try loadSiteFlats(csv, sites: &list, log: &log); return true }
                        t.sites = list
                    }
                }
            }
            return t
        }
        // This thread: the households, then relocation.csv, which names them.
        var householdsFile = source.file("households.csv")
        let loaded = source.read("households.csv", required: true, log: &log) { csv, log in
            householdsFile = csv.path
            return try loadHouseholds(csv, villageIndex: villageKeys, log: &log)
        }
        var relocationLog = InputErrorLog()
        let relocation = tables.contains(.resettlement)
            ? source.read("relocation.csv", required: false, log: &relocationLog) { csv, log in
                try loadRelocation(csv, villageIndex: villageIndex, households: loaded?.0, householdIndex: loaded?.1, log: &log)
            }
            : nil
        let other = others.value()
        // The errors in the order one thread finds them: households, ordinary households (and their
        // ids found on the registry), projects, funds, sites and flats, relocation.
        for e in other.ordinaryLog.errors { log.add(e) }
        if let registered = loaded?.0, let ordinary = other.ordinary?.0 {
            // An ordinary household must not also be on the registry: its id is new.
            let index = ByteKeyIndex(registered.ids)
            for (k, id) in ordinary.ids.enumerated() where !id.isEmpty && index.find(id) != nil {
                log.add(InputError(file: source.file("ordinary_households.csv"), line: Int(other.ordinary?.lines[k] ?? 0), column: 1,
                                   message: "expected an id not in households.csv (ordinary households are not registered), found \"\(id)\""))
            }
        }
        for e in other.log.errors { log.add(e) }
        for e in relocationLog.errors { log.add(e) }
        if !sheetTables.isEmpty {
            // Errors in tables read from a workbook name its cells: workbook.xlsx:农户!C12.
            let located = WorkbookImport.locate(log.errors, tables: Array(sheetTables.values), folder: path)
            log = InputErrorLog()
            for e in located { log.add(e) }
        }
        try log.throwIfAny()
        guard let county, let townships, let villages, let households = loaded?.0 else {
            // Unreachable in practice: a file that failed always logged why.
            throw InputErrors([InputError(file: path, message: "expected a complete county folder, found unreadable files")])
        }
        var registry = CountyRegistry(county: county, townships: townships, villages: villages, households: households,
                                      projects: other.projects ?? [], funds: other.funds ?? [], sites: other.sites ?? [],
                                      relocation: relocation ?? [])
        if let ordinary = other.ordinary?.0 { registry.ordinaryHouseholds = ordinary }
        if let villageLines = villagesLoaded?.lines, let householdLines = loaded?.lines {
            registry.sourceLines = SourceLines(villagesFile: villagesFile, householdsFile: householdsFile,
                                               villages: villageLines, households: householdLines)
        }
        return registry
    }
}

/// The optional tables of a county folder that a verb reads (`CountyFolder.load(_:tables:)`).
public struct CountyTables: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// projects.csv and funds.csv (the fund allocation).
    public static let programmes = CountyTables(rawValue: 1)
    /// sites.csv, site_flats.csv and relocation.csv (the resettlement).
    public static let resettlement = CountyTables(rawValue: 2)
    /// ordinary_households.csv (the monitoring of households not on the registry).
    public static let ordinaryHouseholds = CountyTables(rawValue: 4)
    /// Every optional table (what `tuopin validate` checks).
    public static let all: CountyTables = [.programmes, .resettlement, .ordinaryHouseholds]
}

/// Where the tables of one county folder come from: a sheet of a workbook in the folder, else the
/// CSV file of that name.
private struct FolderSource: Sendable {
    var folder: String
    var sheets: [String: WorkbookImport.Table]

    func file(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// The table `name` as CSV; nil (with the problem in `log`) when it cannot be opened, or when
    /// an optional table is absent.
    func open(_ name: String, required: Bool, log: inout InputErrorLog) -> CSVFile? {
        let p = file(name)
        if let sheet = sheets[name] {
            if FileManager.default.fileExists(atPath: p) {
                log.add(InputError(file: p, message: "expected one source for \(name), found this file and sheet \(sheet.sheet) of \(sheet.workbook): keep one"))
                return nil
            }
            do { return try CSVFile(path: p, data: sheet.csvBytes) } catch {
                if !log.absorb(error) { log.add(InputError(file: sheet.workbook, message: "\(error)")) }
                return nil
            }
        }
        if !required && !FileManager.default.fileExists(atPath: p) { return nil }
        do { return try CSVFile(path: p) } catch {
            if !log.absorb(error) { log.add(InputError(file: p, message: "\(error)")) }
            return nil
        }
    }

    /// `body`'s value; nil, with the error in `log`, when it throws.
    func guarded<T>(log: inout InputErrorLog, _ body: (inout InputErrorLog) throws -> T?) -> T? {
        do { return try body(&log) } catch {
            if !log.absorb(error) { log.add(InputError(file: folder, message: "\(error)")) }
            return nil
        }
    }

    /// Opens the table `name` and reads it with `body`.
    func read<T>(_ name: String, required: Bool, log: inout InputErrorLog,
                 _ body: (CSVFile, inout InputErrorLog) throws -> T?) -> T? {
        guard let csv = open(name, required: required, log: &log) else { return nil }
        return guarded(log: &log) { log in try body(csv, &log) }
    }
}

/// What the loader's second thread reads, with the problems found in each part.
private struct OtherTables: Sendable {
    var ordinary: (HouseholdTable, HouseholdIndex, lines: [Int32])?
    var ordinaryLog = InputErrorLog()
    var projects: [Project]?
    var funds: [Fund]?
    var sites: [Site]?
    var log = InputErrorLog()
}

/// Work started on a thread of its own at creation; `value()` waits for its result.
final class SideTask<Value: Sendable>: @unchecked Sendable {
    private var result: Value?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            result = work()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The work's result, once it has finished (the first call waits for it).
    func value() -> Value {
        done.wait()
        done.signal()
        // The semaphore orders the write of `result` before this read.
        guard let result else { preconditionFailure("SideTask finished without a value") }
        return result
    }
}

extension CountyFolder {
    /// Reads a relocation file with the columns of `relocation.csv` against a county already
    /// loaded (a scenario's `[relocation] file`): villages and households must exist in `registry`,
    /// with the same checks as `load` applies to relocation.csv.
    /// - Throws: `InputErrors` with every problem as file:line:column.
    public static func loadRelocationFile(_ path: String, registry: CountyRegistry) throws(InputErrors) -> [Relocation] {
        var log = InputErrorLog()
        let villageIndex = Dictionary(registry.villages.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [Relocation]?
        do {
            let csv = try CSVFile(path: path)
            rows = try loadRelocation(csv, villageIndex: villageIndex, households: registry.households,
                                      householdIndex: .hashed(ByteKeyIndex(registry.households.ids)), log: &log)
        } catch {
            if !log.absorb(error) { log.add(InputError(file: path, message: "\(error)")) }
        }
        try log.throwIfAny()
        return rows ?? []
    }
}
