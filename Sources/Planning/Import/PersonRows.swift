import Foundation
import Spreadsheet
import Tabular

/// Person-level exports of the national poverty information system: one row per household member,
/// the household's values repeated on each member's row, linked by 户编号. They are aggregated to
/// tuopin's households as follows (documented in notebooks-data/README.md, "Person rows"):
///
/// - `size` = the members listed (a 家庭人口数 column, when present, must agree);
/// - `labour` = members whose 劳动技能 names a labour force (普通劳动力, 技能劳动力, 弱劳动力, 半劳动力),
///   not 丧失劳动力 or 无劳动力;
/// - `migrant_workers` = members whose 务工状况 says they work away or locally (务工, 外出), not 未务工;
/// - household columns (village, cause, category, years, incomes, guarantees) from the household's
///   first row; a member row that disagrees is an error at its cell;
/// - income: 家庭纯收入 when given, else the official modules 工资性收入 + 生产经营性收入 −
///   生产经营性支出 + 财产性收入 + 转移性收入 (household values); 工资性收入 is `migrant` (wage
///   income), 财产性收入 is `asset_dividend`, 转移性收入 is `transfers`, and the net business income
///   stays in the derived "other" income (the export does not split it by industry).
///
/// The members themselves are kept in a second table, `persons.csv` (`PersonTable`), for breakdowns
/// by sex and age group (`tuopin poverty DIR/persons.csv --income income_per_person --line Z --by sex`).
enum PersonRows {
    /// Person columns: office name → role.
    static let personColumns: [String: String] = [
        "证件号码": "person", "身份证号": "person", "身份证号码": "person", "与户主关系": "relation", "成员姓名": "person",
        "劳动技能": "skill", "务工状况": "work", "务工情况": "work", "年龄": "age", "性别": "sex", "健康状况": "health",
        "在校生状况": "school", "在校生情况": "school", "文化程度": "education_level",
    ]
    static let modules: [String: String] = [
        "工资性收入": "wage", "生产经营性收入": "business", "财产性收入": "property", "生产经营性支出": "business_cost",
    ]

    /// The header row of a person-level sheet: a row naming 户编号 (or id) and a person column.
    static func headerRow(_ sheet: Worksheet) -> Int? {
        for r in 0..<min(20, sheet.rowCount) {
            let names = sheet.row(r).map { RegistryHeaders.normalised($0.text) }
            let hasId = names.contains { RegistryHeaders.canonical($0, file: "households.csv", columns: Schemas.households.columns) == "id" }
            if hasId && names.contains(where: { personColumns[$0] != nil }) { return r }
        }
        return nil
    }

    /// The households of a person-level sheet, and its members as `persons.csv` (`PersonTable`).
    static func tables(_ sheet: Worksheet, header: Int, workbook: String, log: inout InputErrorLog) -> [WorkbookImport.Table] {
        let known = Schemas.households.columns
        var household: [String: Int] = [:], person: [String: Int] = [:], module: [String: Int] = [:]
        var ok = true
        for (c, cell) in sheet.row(header).enumerated() {
            let name = RegistryHeaders.normalised(cell.text)
            if name.isEmpty { continue }
            if let role = personColumns[name] { person[role] = person[role] ?? c; continue }
            if let role = modules[name] { module[role] = c; continue }
            guard let canonical = RegistryHeaders.canonical(cell.text, file: "households.csv", columns: known) else {
                let hint = RegistryHeaders.suggestion(for: cell.text, file: "households.csv", columns: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                log.add(InputError(file: workbook, cell: sheet.reference(row: header, column: c),
                                   message: "expected a household or member column of the registry\(hint), found \"\(cell.text)\""))
                ok = false
                continue
            }
            if !canonical.isEmpty, household[canonical] == nil { household[canonical] = c }
        }
        guard ok, let idColumn = household["id"] else { return [] }
        // Members grouped by 户编号, households in order of first appearance.
        var order: [String] = [], members: [String: [Int]] = [:]
        for r in (header + 1)..<sheet.rowCount {
            let id = sheet[r, idColumn].text.trimmingSpaces
            if id.isEmpty {
                if !sheet.isBlankRow(r) {
                    log.add(InputError(file: workbook, cell: sheet.reference(row: r, column: idColumn), message: "expected the household's 户编号 on every member row, found none"))
                }
                continue
            }
            if members[id] == nil { order.append(id) }
            members[id, default: []].append(r)
        }
        // The counted columns always; income, migrant and asset_dividend from the modules when no income is given.
        let fromModules = household["income"] == nil && !module.isEmpty
        let derived: Set<String> = fromModules ? ["size", "labour", "migrant_workers", "income", "migrant", "asset_dividend"]
                                               : ["size", "labour", "migrant_workers"]
        let columns = known.filter { household[$0] != nil || derived.contains($0) }
        var csv = columns.joined(separator: ",") + "\n"
        var sheetRows: [Int] = []
        var persons = PersonTable(sheet: sheet, columns: person, household: idColumn, village: household["village"])
        func number(_ r: Int, _ c: Int?) -> Double {
            guard let c, case .number(let v) = sheet[r, c] else { return 0 }
            return v
        }
        for id in order {
            guard let rows = members[id], let first = rows.first else { continue }
            // Household values must be the same on every member's row.
            for (name, c) in household.sorted(by: { $0.value < $1.value }) where name != "size" {
                let value = sheet[first, c].text
                for r in rows.dropFirst() where sheet[r, c].text != value {
                    log.add(InputError(file: workbook, cell: sheet.reference(row: r, column: c),
                                       message: "expected the household's \"\(name)\" of its first member row (\(sheet.reference(row: first, column: c)): \"\(value)\"), found \"\(sheet[r, c].text)\""))
                }
            }
            if let c = household["size"], case .number(let stated) = sheet[first, c], Int(exactly: stated) != rows.count {
                log.add(InputError(file: workbook, cell: sheet.reference(row: first, column: c),
                                   message: "expected 家庭人口数 to count the \(rows.count) member rows of household \(id), found \(sheet[first, c].text)"))
            }
            let labour = person["skill"].map { c in rows.filter { r in
                let t = sheet[r, c].text
                return t.contains("劳动力") && !t.contains("丧失") && !t.contains("无劳动力")
            }.count } ?? 0
            let migrants = person["work"].map { c in rows.filter { r in
                let t = sheet[r, c].text
                return (t.contains("务工") || t.contains("外出")) && !t.contains("未") && !t.contains("无")
            }.count } ?? 0
            var fields: [String] = []
            var householdIncome: Double? = household["income"].flatMap { c in
                if case .number(let v) = sheet[first, c] { return v } else { return nil }
            }
            for column in columns {
                switch column {
                case "size": fields.append(String(rows.count))
                case "labour" where household["labour"] == nil: fields.append(String(labour))
                case "migrant_workers" where household["migrant_workers"] == nil: fields.append(String(min(migrants, labour)))
                case "income" where fromModules:
                    let total = number(first, module["wage"]) + number(first, module["business"]) - number(first, module["business_cost"])
                        + number(first, module["property"]) + number(first, household["transfers"])
                    fields.append(SpreadsheetCell.number(total).text)
                    householdIncome = total
                case "migrant" where fromModules && household["migrant"] == nil: fields.append(SpreadsheetCell.number(number(first, module["wage"])).text)
                case "asset_dividend" where fromModules && household["asset_dividend"] == nil:
                    fields.append(SpreadsheetCell.number(number(first, module["property"])).text)
                default:
                    fields.append(household[column].map { CSVText.field(sheet[first, $0].text) } ?? "")
                }
            }
            csv += fields.joined(separator: ",") + "\n"
            sheetRows.append(first + 1)
            persons.add(household: id, rows: rows, incomePerPerson: householdIncome.map { $0 / Double(rows.count) },
                        workbook: workbook, log: &log)
        }
        let sheetColumns = columns.map { household[$0] ?? -1 }
        let households = WorkbookImport.Table(file: "households.csv", csv: csv, sheet: sheet.name, workbook: workbook, sheetRows: sheetRows, sheetColumns: sheetColumns)
        return [households] + (persons.table(workbook: workbook).map { [$0] } ?? [])
    }
}
