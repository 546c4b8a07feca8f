import Tabular

/// Reads `projects.csv`: unique ids, known types, township (required) and village (blank for a
/// township- or county-level project) from the other files, cost ≥ 0, households ≥ 0.
func loadProjects(_ csv: CSVFile, townshipIndex: [String: Int]?, villageIndex: [String: Int]?,
                  log: inout InputErrorLog) throws -> [Project]? {
    guard let c = Schemas.projects.bind(csv, log: &log) else { return nil }
    var cells = CellReader(file: csv.path, log: log)
    var out: [Project] = []
    var seen: [String: Int] = [:]
    /// The category first given to each type, and its line.
    var categoryOfType: [ProjectType: (category: ProjectCategory, line: Int)] = [:]
    let width = csv.header.count
    try csv.forEachRecord { r in
        guard cells.checkWidth(r, width) else { return }
        let id = cells.text(r, c[0], "id")
        if !id.isEmpty {
            if let first = seen[id] { cells.duplicate(r, c[0], "id", firstLine: first) } else { seen[id] = r.line }
        }
        let type: ProjectType = cells.code(r, c[1], "type", .planting)
        let name = cells.text(r, c[2], "name")
        let townshipName = cells.text(r, c[3], "township", required: false)
        var township: Int?
        if !townshipName.isEmpty, let index = townshipIndex {
            if let t = index[townshipName] { township = t } else { cells.unknown(r, c[3], "township", in: "townships.csv") }
        }
        let villageName = cells.text(r, c[4], "village", required: false)
        var village: Int?
        if !villageName.isEmpty, let index = villageIndex {
            if let v = index[villageName] { village = v } else { cells.unknown(r, c[4], "village", in: "villages.csv") }
        }
        var category = type.defaultCategory
        if c[13] >= 0 && !r.isBlank(c[13]) {
            category = cells.code(r, c[13], "category", type.defaultCategory)
            if let first = categoryOfType[type], first.category != category {
                cells.rule(r, c[13], "category", "the category of the other \(type.rawValue) projects (\(first.category.rawValue), line \(first.line)): the allocation funds project types")
            } else if categoryOfType[type] == nil {
                categoryOfType[type] = (category, r.line)
            }
        } else if let first = categoryOfType[type] {
            category = first.category
        }
        out.append(Project(
            id: id, type: type, name: name, township: township, village: village,
            year: cells.int(r, c[5], "year", 1949...2100) ?? 0,
            status: cells.code(r, c[6], "status", ProjectStatus.planned),
            cost: cells.number(r, c[7], "cost") ?? 0,
            households: cells.int(r, c[8], "households", 0...Int.max) ?? 0,
            incomePerHousehold: cells.number(r, c[9], "income_per_household") ?? 0,
            incomeSD: cells.number(r, c[10], "income_sd", nullable: true, fallback: 0) ?? 0,
            capacity: cells.number(r, c[11], "capacity", nullable: true, fallback: 0) ?? 0,
            unit: cells.text(r, c[12], "unit", required: false), category: category))
    }
    log = cells.log
    return out
}

/// Reads `funds.csv`: unique ids, known kinds, amount ≥ 0, `eligible_types` a `;`-separated list of
/// project types or `*`, optional per-village minimum ≤ maximum.
func loadFunds(_ csv: CSVFile, log: inout InputErrorLog) throws -> [Fund]? {
    guard let c = Schemas.funds.bind(csv, log: &log) else { return nil }
    var cells = CellReader(file: csv.path, log: log)
    var out: [Fund] = []
    var seen: [String: Int] = [:]
    let width = csv.header.count
    try csv.forEachRecord { r in
        guard cells.checkWidth(r, width) else { return }
        let id = cells.text(r, c[0], "id")
        if !id.isEmpty {
            if let first = seen[id] { cells.duplicate(r, c[0], "id", firstLine: first) } else { seen[id] = r.line }
        }
        let list = cells.text(r, c[4], "eligible_types")
        var types: Set<ProjectType>? = nil
        if list != "*" && !list.isEmpty {
            var set = Set<ProjectType>()
            for part in list.split(separator: ";") {
                if let t = ProjectType.parse(String(part)) { set.insert(t) } else {
                    cells.rule(r, c[4], "eligible_types", "\"*\" or project types separated by \";\" (\(ProjectType.allowedList))")
                    break
                }
            }
            types = set
        }
        let minimum = cells.number(r, c[5], "min_per_village", nullable: true)
        let maximum = cells.number(r, c[6], "max_per_village", nullable: true)
        if let lo = minimum, let hi = maximum, lo > hi {
            cells.rule(r, c[6], "max_per_village", "a maximum not below min_per_village (\(formatYuan(lo)))")
        }
        var shareRule: FundShareRule?
        let hasCategory = c[8] >= 0 && !r.isBlank(c[8]), hasShare = c[9] >= 0 && !r.isBlank(c[9])
        if hasCategory || hasShare {
            if !hasCategory {
                cells.rule(r, max(c[8], c[9]), "share_category", "a share_category (\(ProjectCategory.allowedList)) with min_share")
            } else if !hasShare {
                cells.rule(r, c[9] >= 0 ? c[9] : c[8], "min_share", "a min_share (a fraction above 0 and at most 1) with share_category")
            } else {
                let category: ProjectCategory = cells.code(r, c[8], "share_category", .industry)
                if let share = cells.number(r, c[9], "min_share") {
                    if share > 0 && share <= 1 { shareRule = FundShareRule(category: category, minimumShare: share) } else {
                        cells.rule(r, c[9], "min_share", "a fraction above 0 and at most 1 (0.55 for 55 %)")
                    }
                }
            }
        }
        out.append(Fund(id: id, name: cells.text(r, c[1], "name"), kind: cells.code(r, c[2], "kind", FundKind.county),
                        amount: cells.number(r, c[3], "amount") ?? 0, eligibleTypes: types,
                        minPerVillage: minimum, maxPerVillage: maximum,
                        poorVillagesOnly: cells.flag(r, c[7], "poor_villages_only", fallback: false), shareRule: shareRule))
    }
    log = cells.log
    return out
}

/// Reads `sites.csv` (unique ids, known townships where given, numbers ≥ 0).
func loadSites(_ csv: CSVFile, townshipIndex: [String: Int]?, log: inout InputErrorLog) throws -> [Site]? {
    guard let c = Schemas.sites.bind(csv, log: &log) else { return nil }
    var cells = CellReader(file: csv.path, log: log)
    var out: [Site] = []
    var seen: [String: Int] = [:]
    let width = csv.header.count
    try csv.forEachRecord { r in
        guard cells.checkWidth(r, width) else { return }
        let id = cells.text(r, c[0], "id")
        if !id.isEmpty {
            if let first = seen[id] { cells.duplicate(r, c[0], "id", firstLine: first) } else { seen[id] = r.line }
        }
        let townshipName = cells.text(r, c[2], "township", required: false)
        var township: Int?
        if !townshipName.isEmpty, let index = townshipIndex {
            if let t = index[townshipName] { township = t } else { cells.unknown(r, c[2], "township", in: "townships.csv") }
        }
        out.append(Site(
            id: id, name: cells.text(r, c[1], "name"), township: township, kind: cells.code(r, c[3], "kind", SiteKind.dispersed),
            landMu: cells.number(r, c[4], "land_mu", nullable: true, fallback: 0) ?? 0,
            buildingArea: cells.number(r, c[5], "building_area_m2", nullable: true, fallback: 0) ?? 0,
            cost: cells.number(r, c[6], "cost", nullable: true, fallback: 0) ?? 0,
            subsidyPerPerson: cells.number(r, c[7], "subsidy_per_person") ?? 0,
            schoolSeats: cells.int(r, c[8], "school_seats", 0...Int.max, nullable: true) ?? 0,
            kindergartenSeats: cells.int(r, c[9], "kindergarten_seats", 0...Int.max, nullable: true) ?? 0,
            hasClinic: cells.flag(r, c[10], "clinic"),
            distanceKm: cells.number(r, c[11], "distance_km") ?? 0))
    }
    log = cells.log
    return out
}

/// Reads `site_flats.csv` into the sites' flat types: known site ids, area > 0, flats ≥ 0, each
/// (site, area) once; flats only at concentrated sites.
func loadSiteFlats(_ csv: CSVFile, sites: inout [Site], log: inout InputErrorLog) throws {
    guard let c = Schemas.siteFlats.bind(csv, log: &log) else { return }
    var cells = CellReader(file: csv.path, log: log)
    let index = Dictionary(sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    var seen: [String: Int] = [:]
    let width = csv.header.count
    try csv.forEachRecord { r in
        guard cells.checkWidth(r, width) else { return }
        let siteID = cells.text(r, c[0], "site")
        let area = cells.number(r, c[1], "flat_area_m2", minimum: 1) ?? 1
        let count = cells.int(r, c[2], "flats", 0...Int.max) ?? 0
        guard !siteID.isEmpty else { return }
        guard let s = index[siteID] else { cells.unknown(r, c[0], "site", in: "sites.csv"); return }
        if sites[s].kind != .concentrated { cells.rule(r, c[0], "site", "a concentrated site (dispersed resettlement has no flats)") }
        let key = "\(siteID)|\(area)"
        if let first = seen[key] { cells.duplicate(r, c[1], "flat_area_m2", firstLine: first); return }
        seen[key] = r.line
        sites[s].flats.append(FlatType(area: area, count: count))
    }
    for s in sites.indices { sites[s].flats.sort { $0.area < $1.area } }
    log = cells.log
}

/// Reads `relocation.csv`: unique ids, known villages; a registered poor row names its household in
/// households.csv (same village, persons equal to its size, at most one row per household); a
/// non-poor row (同步搬迁) leaves `household` blank.
func loadRelocation(_ csv: CSVFile, villageIndex: [String: Int]?, households: HouseholdTable?, householdIndex: HouseholdIndex?,
                    log: inout InputErrorLog) throws -> [Relocation]? {
    guard let c = Schemas.relocation.bind(csv, log: &log) else { return nil }
    var cells = CellReader(file: csv.path, log: log)
    var out: [Relocation] = []
    var seen: [String: Int] = [:]
    var seenHousehold: [Int32: Int] = [:]
    let width = csv.header.count
    try csv.forEachRecord { r in
        guard cells.checkWidth(r, width) else { return }
        let id = cells.text(r, c[0], "id")
        if !id.isEmpty {
            if let first = seen[id] { cells.duplicate(r, c[0], "id", firstLine: first) } else { seen[id] = r.line }
        }
        let kind: RelocationKind = cells.code(r, c[1], "kind", .scattered)
        let villageName = cells.text(r, c[2], "village")
        var village = 0
        if !villageName.isEmpty, let index = villageIndex {
            if let v = index[villageName] { village = v } else { cells.unknown(r, c[2], "village", in: "villages.csv") }
        }
        let natural = cells.text(r, c[3], "natural_village")
        let householdID = cells.text(r, c[4], "household", required: false)
        let personsCell = cells.int(r, c[5], "persons", 1...1000)
        let persons = personsCell ?? 1
        let poor = cells.flag(r, c[6], "poor")
        let year = cells.int(r, c[7], "year", 1949...2100) ?? 0
        var household: Int?
        if poor && householdID.isEmpty {
            cells.rule(r, c[4], "household", "the id of the registered household (poor is 1)")
        } else if !poor && !householdID.isEmpty {
            cells.rule(r, c[4], "household", "a blank household for a non-poor household moving alongside (poor is 0)")
        } else if !householdID.isEmpty, let index = householdIndex, let table = households {
            if let h = index.find(householdID, in: table.ids) {
                household = Int(h)
                if let first = seenHousehold[h] { cells.duplicate(r, c[4], "household", firstLine: first) } else { seenHousehold[h] = r.line }
                if personsCell != nil, Int(table.size[Int(h)]) != persons {
                    cells.rule(r, c[5], "persons", "the size of household \(householdID) in households.csv (\(table.size[Int(h)]))")
                }
                if villageIndex != nil, !villageName.isEmpty, Int(table.village[Int(h)]) != village {
                    cells.rule(r, c[2], "village", "the village of household \(householdID) in households.csv")
                }
            } else {
                cells.unknown(r, c[4], "household", in: "households.csv")
            }
        }
        out.append(Relocation(id: id, kind: kind, village: village, naturalVillage: natural, household: household,
                              persons: persons, isPoor: poor, year: year))
    }
    log = cells.log
    return out
}
