import Tabular

/// Reads `townships.csv`: unique names, tier 1–3, optional English names (an empty cell: none).
func loadTownships(_ csv: CSVFile, log: inout InputErrorLog) throws -> [Township]? {
    guard let c = Schemas.townships.bind(csv, log: &log) else { return nil }
    var cells = CellReader(file: csv.path, log: log)
    var out: [Township] = []
    var seen: [String: Int] = [:]
    let width = csv.header.count
    try csv.forEachRecord { r in
        guard cells.checkWidth(r, width) else { return }
        let name = cells.text(r, c[0], "name")
        let tier = cells.int(r, c[1], "tier", 1...3) ?? 1
        if !name.isEmpty {
            if let first = seen[name] { cells.duplicate(r, c[0], "name", firstLine: first) } else { seen[name] = r.line }
        }
        let english = c[2] >= 0 ? cells.text(r, c[2], "name_en", required: false) : ""
        out.append(Township(name: name, tier: tier, englishName: english.isEmpty ? nil : english))
    }
    if out.isEmpty { cells.log.add(InputError(file: csv.path, line: 2, message: "expected at least one township, found none")) }
    log = cells.log
    return out
}

/// Reads `villages.csv`; `townshipIndex` maps township names to indices (nil when townships.csv failed,
/// then references are not checked).
func loadVillages(_ csv: CSVFile, townshipIndex: [String: Int]?, log: inout InputErrorLog) throws -> (villages: [Village], lines: [Int32])? {
    guard let c = Schemas.villages.bind(csv, log: &log) else { return nil }
    var cells = CellReader(file: csv.path, log: log)
    var out: [Village] = []
    var lines: [Int32] = []
    var seen: [String: Int] = [:]
    let width = csv.header.count
    let years = 1949...2100
    try csv.forEachRecord { r in
        guard cells.checkWidth(r, width) else { return }
        let id = cells.text(r, c[0], "id")
        if !id.isEmpty {
            if let first = seen[id] { cells.duplicate(r, c[0], "id", firstLine: first) } else { seen[id] = r.line }
        }
        let townshipName = cells.text(r, c[1], "township")
        var township = 0
        if let index = townshipIndex, !townshipName.isEmpty {
            if let t = index[townshipName] { township = t } else { cells.unknown(r, c[1], "township", in: "townships.csv") }
        }
        let village = Village(
            id: id, township: township, name: cells.text(r, c[2], "name"),
            isPoor: cells.flag(r, c[3], "poor"),
            agriculturalPopulation: cells.int(r, c[4], "agricultural_population", 0...Int.max) ?? 0,
            naturalVillages: cells.int(r, c[5], "natural_villages", 1...Int.max) ?? 1,
            road: cells.flag(r, c[6], "road"), water: cells.flag(r, c[7], "water"),
            electricity: cells.flag(r, c[8], "electricity"), broadband: cells.flag(r, c[9], "broadband"),
            clinic: cells.flag(r, c[10], "clinic"), school: cells.flag(r, c[11], "school"),
            collectiveIncome: cells.number(r, c[12], "collective_income") ?? 0,
            plannedExitYear: cells.int(r, c[13], "planned_exit_year", years, nullable: true),
            exitYear: cells.int(r, c[14], "exit_year", years, nullable: true))
        if !village.isPoor && village.exitYear != nil {
            cells.rule(r, c[14], "exit_year", "a blank exit_year for a village that is not a registered poor village")
        }
        out.append(village)
        lines.append(Int32(r.line))
    }
    if out.isEmpty { cells.log.add(InputError(file: csv.path, line: 2, message: "expected at least one village, found none")) }
    log = cells.log
    return (out, lines)
}
