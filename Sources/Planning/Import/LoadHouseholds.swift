import Tabular

/// Reads `households.csv` into columns (structure of arrays), checking every cell: size ≥ 1,
/// 0 ≤ labour ≤ size, 0 ≤ migrant_workers ≤ labour, categories, causes and welfare from their code
/// lists, years, finite incomes with every source ≥ 0 and their sum ≤ income (the remainder is the
/// derived `other` source), unique ids and known villages. `villageIndex` is nil when villages.csv
/// failed (references are then not checked). Also returns the id → row map for relocation.csv.
func loadHouseholds(_ csv: CSVFile, villageIndex: [String: Int]?, log: inout InputErrorLog) throws -> (HouseholdTable, [String: Int32])? {
    guard let c = Schemas.households.bind(csv, log: &log) else { return nil }
    var cells = CellReader(file: csv.path, log: log)
    var table = HouseholdTable()
    let estimate = max(16, csv.bytes.count / 90)
    table.reserve(estimate)
    var seen: [String: Int32] = [:]
    seen.reserveCapacity(estimate)
    var firstLine: [Int32] = []
    let width = csv.header.count
    let years = 1949...2100
    let sourceColumns = IncomeSource.stored.map { c[11 + $0.rawValue] }
    let flagsAt = 11 + IncomeSource.stored.count
    try csv.forEachRecord { r in
        guard cells.checkWidth(r, width) else { return }
        let row = Int32(table.ids.count)
        let id = cells.text(r, c[0], "id")
        if !id.isEmpty {
            if let first = seen[id] {
                cells.duplicate(r, c[0], "id", firstLine: Int(firstLine[Int(first)]))
            } else {
                seen[id] = row
            }
        }
        firstLine.append(Int32(r.line))
        var village: Int32 = 0
        if let index = villageIndex {
            let name = cells.text(r, c[1], "village")
            if !name.isEmpty {
                if let v = index[name] { village = Int32(v) } else { cells.unknown(r, c[1], "village", in: "villages.csv") }
            }
        }
        let size = cells.int(r, c[2], "size", 1...1000) ?? 1
        let labour = cells.int(r, c[3], "labour", 0...1000) ?? 0
        if labour > size { cells.rule(r, c[3], "labour", "at most size (\(size)) persons able to work") }
        let migrants = cells.int(r, c[4], "migrant_workers", 0...1000, fallback: 0) ?? 0
        if migrants > labour { cells.rule(r, c[4], "migrant_workers", "at most labour (\(labour)) migrant workers") }
        let category: HouseholdCategory = cells.code(r, c[5], "category", .missing)
        let cause: PovertyCause = cells.code(r, c[6], "cause", .other)
        let welfare: Welfare = cells.code(r, c[7], "welfare", .none)
        let registered = cells.int(r, c[8], "registered_year", years) ?? 2014
        let exit = cells.int(r, c[9], "exit_year", years, nullable: true)
        if let e = exit, e < registered {
            cells.rule(r, c[9], "exit_year", "an exit year not before registered_year (\(registered))")
        }
        let income = cells.number(r, c[10], "income", minimum: -.infinity) ?? 0
        var sum = 0.0
        for (k, i) in sourceColumns.enumerated() {
            let v = cells.number(r, i, IncomeSource.stored[k].column) ?? 0
            table.sourceIncome[k].append(v)
            sum += v
        }
        if sum > income + 0.5 {
            cells.rule(r, c[10], "income", "an income at least the sum of its sources (\(formatYuan(sum)))")
        }
        table.sourceIncome[IncomeSource.other.rawValue].append(income - sum)
        table.ids.append(id)
        table.village.append(village)
        table.size.append(Int32(size))
        table.labour.append(Int32(labour))
        table.migrantWorkers.append(Int32(migrants))
        table.category.append(category)
        table.cause.append(cause)
        table.welfare.append(welfare)
        table.registeredYear.append(Int32(registered))
        table.exitYear.append(Int32(exit ?? 0))
        table.income.append(income)
        table.education.append(cells.flag(r, c[flagsAt], "education"))
        table.medical.append(cells.flag(r, c[flagsAt + 1], "medical"))
        table.housing.append(cells.flag(r, c[flagsAt + 2], "housing"))
        table.water.append(cells.flag(r, c[flagsAt + 3], "water"))
    }
    if table.count == 0 { cells.log.add(InputError(file: csv.path, line: 2, message: "expected at least one household, found none")) }
    log = cells.log
    return (table, seen)
}

/// Yuan with at most two decimals, for messages.
func formatYuan(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : String((v * 100).rounded() / 100)
}
