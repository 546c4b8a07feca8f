import Foundation
import Tabular

/// Reads `households.csv` into columns (structure of arrays), checking every cell: size ≥ 1,
/// 0 ≤ labour ≤ size, 0 ≤ migrant_workers ≤ labour, categories, causes and welfare from their code
/// lists, years, finite incomes with every source ≥ 0 and their sum ≤ income (the remainder is the
/// derived `other` source), unique ids and known villages. `villageIndex` is nil when villages.csv
/// failed (references are then not checked). Also returns the id → row map for relocation.csv.
/// The optional monitoring columns: `compliant_spending` (yuan ≥ 0, blank = 0), `risk`
/// (`MonitoringRisk` codes joined by `;`, blank = none), `monitored_year` (blank = not monitored).
/// `schema` is `Schemas.households` or `Schemas.ordinaryHouseholds` (non-registered households:
/// category, cause, welfare and registered_year may be blank or absent; `registered_year` blank
/// means never registered, stored as 0).
func loadHouseholds(_ csv: CSVFile, villageIndex: ByteKeyIndex?, schema: TableSchema = Schemas.households,
                    log: inout InputErrorLog) throws -> (HouseholdTable, HouseholdIndex, lines: [Int32])? {
    guard let c = schema.bind(csv, log: &log) else { return nil }
    if let parallel = loadHouseholdsInChunks(csv, columns: c, villageIndex: villageIndex, schema: schema) { return parallel }
    var rows = HouseholdRows(csv, columns: c, villageIndex: villageIndex, schema: schema, log: log)
    rows.table.reserve(max(16, csv.bytes.count / 90))
    try csv.forEachRecord { r in rows.read(r) }
    if rows.table.count == 0 && !rows.ordinary {
        rows.cells.log.add(InputError(file: csv.path, line: 2, message: "expected at least one household, found none"))
    }
    log = rows.cells.log
    return (rows.table, rows.hashing ? .hashed(rows.seen) : .sorted, rows.firstLine)
}

/// The households of `csv` read on two threads, one half of the records each, when that gives
/// exactly what one thread gives: nil (read it on one thread) for a small file or one core, when
/// either half finds a problem or the halves do not join as one pass's records (`CSVFile.joins`),
/// when the ids do not increase throughout (duplicates are then
/// looked for by hashing, in row order), or when there is no household. A registry in the usual
/// export order, without errors, takes this path.
private func loadHouseholdsInChunks(_ csv: CSVFile, columns c: [Int], villageIndex: ByteKeyIndex?,
                                    schema: TableSchema) -> (HouseholdTable, HouseholdIndex, lines: [Int32])? {
    guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return nil }
    let chunks = csv.chunks(2, minimumBytes: 2 << 20)
    guard chunks.count == 2 else { return nil }
    // A half that throws (a malformed record) gives nil: the one-thread reading then throws it.
    let second = SideTask { () -> HouseholdRows? in
        var rows = HouseholdRows(csv, columns: c, villageIndex: villageIndex, schema: schema, log: InputErrorLog())
        rows.table.reserve(csv.estimatedRecords(in: chunks[1]))
        do { try csv.forEachRecord(in: chunks[1]) { r in rows.read(r) } } catch { return nil }
        return rows
    }
    var first = HouseholdRows(csv, columns: c, villageIndex: villageIndex, schema: schema, log: InputErrorLog())
    first.table.reserve(csv.estimatedRecords(in: chunks[0]) + csv.estimatedRecords(in: chunks[1]))
    let firstEnd = try? csv.forEachRecord(in: chunks[0]) { r in first.read(r) }
    // The halves are one pass's records only when the first ended on the line the second starts on.
    guard var rest = second.value(), let firstEnd, CSVFile.joins(chunks, endLines: [firstEnd, chunks[1].line]),
          first.cells.log.isEmpty, rest.cells.log.isEmpty, !first.hashing, !rest.hashing,
          let last = first.table.ids.last, let next = rest.table.ids.first, bytesPrecede(last, next) else { return nil }
    first.table.append(contentsOf: rest.table)
    rest.table = HouseholdTable()
    first.firstLine.append(contentsOf: rest.firstLine)
    return (first.table, .sorted, first.firstLine)
}

/// The row-by-row reading of a household file: every cell checked, values appended to `table`,
/// problems to `cells.log`.
private struct HouseholdRows {
    let c: [Int]
    let villageIndex: ByteKeyIndex?
    let ordinary: Bool
    var cells: CellReader
    var table = HouseholdTable()
    // Ids that keep increasing (the usual export order) are distinct without hashing; the hash
    // index is built only once an id breaks the order.
    var seen = ByteKeyIndex(capacity: 0)
    var hashing = false
    var previousID: [UInt8] = []
    var lastVillageKey: [UInt8] = []
    var lastVillage: Int32 = -1
    let categories = CodeMatcher<HouseholdCategory>(), causes = CodeMatcher<PovertyCause>(), welfares = CodeMatcher<Welfare>()
    var firstLine: [Int32] = []
    let width: Int
    let years = 1949...2100
    let sourceColumns: [Int]
    let flagsAt: Int
    let spendingAt: Int, riskAt: Int, monitoredAt: Int
    let monitoring: Bool

    init(_ csv: CSVFile, columns c: [Int], villageIndex: ByteKeyIndex?, schema: TableSchema, log: InputErrorLog) {
        self.c = c
        self.villageIndex = villageIndex
        ordinary = schema.file == Schemas.ordinaryHouseholds.file
        cells = CellReader(file: csv.path, log: log)
        width = csv.header.count
        sourceColumns = IncomeSource.stored.map { c[11 + $0.rawValue] }
        flagsAt = 11 + IncomeSource.stored.count
        spendingAt = c[flagsAt + 4]; riskAt = c[flagsAt + 5]; monitoredAt = c[flagsAt + 6]
        monitoring = spendingAt >= 0 || riskAt >= 0 || monitoredAt >= 0
    }

    mutating func read(_ r: borrowing CSVRecord) {
        guard cells.checkWidth(r, width) else { return }
        let row = Int32(table.ids.count)
        var id = ""
        if let bytes = r.trimmedBytes(c[0]), !bytes.isEmpty {
            id = String(decoding: bytes, as: UTF8.self)
            if !hashing && (table.ids.isEmpty || previousID.lexicographicallyPrecedes(bytes)) {
                previousID.removeAll(keepingCapacity: true)
                previousID.append(contentsOf: bytes)
            } else {
                if !hashing { seen = ByteKeyIndex(table.ids); hashing = true }
                if let first = seen.insert(bytes, value: row) { cells.duplicate(r, c[0], "id", firstLine: Int(firstLine[Int(first)])) }
            }
        } else {
            id = cells.text(r, c[0], "id")
            if !hashing { seen = ByteKeyIndex(table.ids); hashing = true }
            var copy = id
            if !id.isEmpty, let first = copy.withUTF8({ seen.insert($0, value: row) }) {
                cells.duplicate(r, c[0], "id", firstLine: Int(firstLine[Int(first)]))
            }
        }
        firstLine.append(Int32(r.line))
        var village: Int32 = 0
        if let index = villageIndex {
            let found: Int32?
            let blank: Bool
            if let bytes = r.trimmedBytes(c[1]) {
                blank = bytes.isEmpty
                if lastVillage >= 0 && lastVillageKey.elementsEqual(bytes) {
                    found = lastVillage
                } else {
                    found = blank ? nil : index.find(bytes)
                    if let v = found { lastVillage = v; lastVillageKey.removeAll(keepingCapacity: true); lastVillageKey.append(contentsOf: bytes) }
                }
            } else {
                let name = r.trimmedString(c[1])
                blank = name.isEmpty
                found = index.find(name)
            }
            if blank { cells.rule(r, c[1], "village", "a non-empty value") } else if let v = found { village = v } else {
                cells.unknown(r, c[1], "village", in: "villages.csv")
            }
        }
        let sizeCell = cells.int(r, c[2], "size", 1...1000)
        let labourCell = cells.int(r, c[3], "labour", 0...1000)
        if let size = sizeCell, let labour = labourCell, labour > size {
            cells.rule(r, c[3], "labour", "at most size (\(size)) persons able to work")
        }
        let migrantCell = cells.int(r, c[4], "migrant_workers", 0...1000, fallback: 0)
        if let migrants = migrantCell, let labour = labourCell, migrants > labour {
            cells.rule(r, c[4], "migrant_workers", "at most labour (\(labour)) migrant workers")
        }
        let size = sizeCell ?? 1, labour = labourCell ?? 0, migrants = migrantCell ?? 0
        let blankAllowed = ordinary
        let category: HouseholdCategory = blankAllowed && (c[5] < 0 || r.isBlank(c[5])) ? .standard
            : cells.code(r, c[5], "category", .missing, matcher: categories)
        let cause: PovertyCause = blankAllowed && (c[6] < 0 || r.isBlank(c[6])) ? .other : cells.code(r, c[6], "cause", .other, matcher: causes)
        let welfare: Welfare = blankAllowed && (c[7] < 0 || r.isBlank(c[7])) ? .none : cells.code(r, c[7], "welfare", .none, matcher: welfares)
        let registeredCell = cells.int(r, c[8], "registered_year", years, nullable: ordinary, fallback: ordinary ? 0 : nil)
        let exit = cells.int(r, c[9], "exit_year", years, nullable: true)
        if let e = exit, let registered = registeredCell, e < registered {
            cells.rule(r, c[9], "exit_year", "an exit year not before registered_year (\(registered))")
        }
        let registered = registeredCell ?? 0
        let incomeCell = cells.number(r, c[10], "income", minimum: -.infinity)
        let income = incomeCell ?? 0
        var sum = 0.0
        var sourcesValid = true
        for (k, i) in sourceColumns.enumerated() {
            let cell = cells.number(r, i, IncomeSource.stored[k].column)
            if cell == nil { sourcesValid = false }
            let v = cell ?? 0
            table.sourceIncome[k].append(v)
            sum += v
        }
        if incomeCell != nil && sourcesValid && sum > income + 0.5 {
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
        if monitoring {
            table.compliantSpending.append(cells.number(r, spendingAt, "compliant_spending", nullable: true, fallback: 0) ?? 0)
            var mask: UInt8 = 0
            if riskAt >= 0 {
                for part in r.trimmedString(riskAt).split(separator: ";") {
                    let code = String(part).trimmingSpaces
                    if code.isEmpty { continue }
                    if let risk = MonitoringRisk.parse(code) { mask |= risk.bit } else {
                        cells.rule(r, riskAt, "risk", "risk codes \(MonitoringRisk.allowedList) joined by \";\" (blank: none)")
                    }
                }
            }
            table.risks.append(mask)
            let monitored = cells.int(r, monitoredAt, "monitored_year", years, nullable: true, fallback: 0)
            if let m = monitored, m != 0, let registered = registeredCell, registered != 0, m < registered {
                cells.rule(r, monitoredAt, "monitored_year", "a year not before registered_year (\(registered))")
            }
            table.monitoredYear.append(Int32(monitored ?? 0))
        }
    }
}

/// Yuan with at most two decimals, for messages.
func formatYuan(_ v: Double) -> String {
    guard v.isFinite, abs(v) < 9e15 else { return "\(v)" }  // no Int conversion to trap
    return v == v.rounded() ? String(Int(v)) : String((v * 100).rounded() / 100)
}

/// Whether `a`'s UTF-8 bytes precede `b`'s (memcmp order, a prefix first): the order of
/// `a.utf8.lexicographicallyPrecedes(b.utf8)` without walking a generic view byte by byte.
func bytesPrecede(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { pa in
        b.withUTF8 { pb in
            let common = min(pa.count, pb.count)
            var k = 0
            while k < common {
                if pa[k] != pb[k] { return pa[k] < pb[k] }
                k += 1
            }
            return pa.count < pb.count
        }
    }
}

/// Finds a household row by id: by binary search when the ids were in increasing byte order, else by hash.
enum HouseholdIndex {
    case sorted
    case hashed(ByteKeyIndex)

    func find(_ id: String, in ids: [String]) -> Int32? {
        switch self {
        case .hashed(let index): return index.find(id)
        case .sorted:
            var lo = 0, hi = ids.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if bytesPrecede(ids[mid], id) { lo = mid + 1 } else { hi = mid }
            }
            return lo < ids.count && ids[lo] == id ? Int32(lo) : nil
        }
    }
}
