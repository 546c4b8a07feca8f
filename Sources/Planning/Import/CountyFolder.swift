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
        var log = InputErrorLog()
        func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
        // Tables may come from workbooks in the folder (one sheet per table, `WorkbookImport`);
        // workbooks without a registry sheet (a comparison saved beside the data) are passed over.
        var sheetTables: [String: WorkbookImport.Table] = [:]
        let workbooks = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.lowercased().hasSuffix(".xlsx") && !$0.hasPrefix("~$") && !$0.hasPrefix(".") }.sorted().map(file)
        if !workbooks.isEmpty {
            do { for t in try WorkbookImport.tables(workbooks: workbooks, requireTables: false) { sheetTables[t.file] = t } } catch {
                for e in error.errors { log.add(e) }
            }
        }
        func open(_ name: String, required: Bool) -> CSVFile? {
            let p = file(name)
            if let sheet = sheetTables[name] {
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
        func guarded<T>(_ body: () throws -> T?) -> T? {
            do { return try body() } catch {
                if !log.absorb(error) { log.add(InputError(file: path, message: "\(error)")) }
                return nil
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputErrors([InputError(file: path, message: "expected a county folder (with \(requiredFiles.joined(separator: ", "))), found no such folder")])
        }
        let county = loadCountyTOML(path: file("county.toml"), log: &log)
        let townships = open("townships.csv", required: true).flatMap { csv in guarded { try loadTownships(csv, log: &log) } }
        let townshipIndex = townships.map { Dictionary($0.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a }) }
        var villagesFile = file("villages.csv"), householdsFile = file("households.csv")
        let villagesLoaded = open("villages.csv", required: true).flatMap { csv in
            villagesFile = csv.path
            return guarded { try loadVillages(csv, townshipIndex: townshipIndex, log: &log) }
        }
        let villages = villagesLoaded?.villages
        let villageIndex = villages.map { Dictionary($0.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a }) }
        let loaded = open("households.csv", required: true).flatMap { csv in
            householdsFile = csv.path
            return guarded { try loadHouseholds(csv, villageIndex: villages.map { ByteKeyIndex($0.map(\.id)) }, log: &log) }
        }
        let ordinary = open("ordinary_households.csv", required: false).flatMap { csv in
            guarded { try loadHouseholds(csv, villageIndex: villages.map { ByteKeyIndex($0.map(\.id)) }, schema: Schemas.ordinaryHouseholds, log: &log) }
        }
        if let registered = loaded?.0, let others = ordinary?.0 {
            // An ordinary household must not also be on the registry: its id is new.
            let index = ByteKeyIndex(registered.ids)
            for (k, id) in others.ids.enumerated() where !id.isEmpty && index.find(id) != nil {
                log.add(InputError(file: file("ordinary_households.csv"), line: Int(ordinary?.lines[k] ?? 0), column: 1,
                                   message: "expected an id not in households.csv (ordinary households are not registered), found \"\(id)\""))
            }
        }
        let projects = open("projects.csv", required: false).flatMap { csv in
            guarded { try loadProjects(csv, townshipIndex: townshipIndex, villageIndex: villageIndex, log: &log) }
        }
        let funds = open("funds.csv", required: false).flatMap { csv in guarded { try loadFunds(csv, log: &log) } }
        var sites = open("sites.csv", required: false).flatMap { csv in
            guarded { try loadSites(csv, townshipIndex: townshipIndex, log: &log) }
        }
        if let csv = open("site_flats.csv", required: false) {
            if sites == nil && FileManager.default.fileExists(atPath: file("sites.csv")) == false {
                log.add(InputError(file: csv.path, message: "expected sites.csv beside site_flats.csv, found none"))
            } else if var list = sites {
                _ = guarded { () throws -> Bool? in try loadSiteFlats(csv, sites: &list, log: &log); return true }
                sites = list
            }
        }
        let relocation = open("relocation.csv", required: false).flatMap { csv in
            guarded { try loadRelocation(csv, villageIndex: villageIndex, households: loaded?.0, householdIndex: loaded?.1, log: &log) }
        }
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
                                      projects: projects ?? [], funds: funds ?? [], sites: sites ?? [], relocation: relocation ?? [])
        if let others = ordinary?.0 { registry.ordinaryHouseholds = others }
        if let villageLines = villagesLoaded?.lines, let householdLines = loaded?.lines {
            registry.sourceLines = SourceLines(villagesFile: villagesFile, householdsFile: householdsFile,
                                               villages: villageLines, households: householdLines)
        }
        return registry
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
