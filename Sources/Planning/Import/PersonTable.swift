import Foundation
import Spreadsheet
import Tabular

/// The members of a person-level export kept as `persons.csv`, one row per member, so that poverty
/// can be broken down by person attributes (sex, age group, health, skill) — which the household
/// table cannot hold.
///
/// Columns, in this order, each only when the export has it (`household` and `member` always):
/// - `household`: the 户编号; `member`: 1, 2, … in the sheet's order within the household;
/// - `village`; `relation` (与户主关系); `sex` (性别, as written, e.g. 男/女; an empty cell is `unknown`);
/// - `age` (年龄, whole years) and `age_group`: `0-15`, `16-59`, `60+` — the age groups of China's
///   population statistics (children, working age, elderly); `unknown` when the age is empty;
/// - `health` (健康状况), `skill` (劳动技能), `school` (在校生状况), as written;
/// - `income_per_person`: the household's net income ÷ its members (yuan per person a year), the
///   income every member shares; left out when the export gives no household income.
///
/// Identity numbers (证件号码) and names are not copied: the table is for counting, not for finding
/// persons. A poor person is then a row whose `income_per_person` is below the line, so
/// `tuopin poverty persons.csv --income income_per_person --line Z --by sex` counts the poor persons
/// of each sex, and their sum is the households' poor persons.
struct PersonTable {
    static let attributeOrder = ["relation", "sex", "age", "health", "skill", "school"]

    let sheet: Worksheet
    let source: [String: Int]
    let household: Int
    let village: Int?
    private(set) var columns: [String] = []
    private var csv = ""
    private var sheetRows: [Int] = []
    private var withIncome: Bool?

    /// `columns`: person role (`PersonRows.personColumns`' values) → sheet column; `household`: the
    /// 户编号 column; `village`: the household's village column, when the sheet has one.
    init(sheet: Worksheet, columns: [String: Int], household: Int, village: Int?) {
        self.sheet = sheet
        self.source = columns
        self.household = household
        self.village = village
    }

    /// The age group of `age` whole years.
    static func ageGroup(_ age: Double) -> String {
        age < 16 ? "0-15" : age < 60 ? "16-59" : "60+"
    }

    /// Adds household `id`'s members (sheet rows, 0-based); `incomePerPerson` in yuan a year.
    /// A non-empty age that is not a whole number of years from 0 to 150 is an error at its cell.
    mutating func add(household id: String, rows: [Int], incomePerPerson: Double?, workbook: String, log: inout InputErrorLog) {
        if withIncome == nil {
            withIncome = incomePerPerson != nil
            columns = ["household", "member"] + (village != nil ? ["village"] : [])
            for name in Self.attributeOrder where source[name] != nil {
                columns.append(name)
                if name == "age" { columns.append("age_group") }
            }
            if incomePerPerson != nil { columns.append("income_per_person") }
        }
        for (k, r) in rows.enumerated() {
            var fields = [CSVText.field(id), String(k + 1)]
            if let village { fields.append(CSVText.field(sheet[r, village].text)) }
            for name in Self.attributeOrder {
                guard let c = source[name] else { continue }
                let text = sheet[r, c].text.trimmingSpaces
                switch name {
                case "sex": fields.append(text.isEmpty ? "unknown" : CSVText.field(text))
                case "age":
                    if text.isEmpty { fields += ["", "unknown"]; continue }
                    let years: Double? = if case .number(let v) = sheet[r, c] { v } else { Double(text) }
                    guard let years, years >= 0, years <= 150, years == years.rounded() else {
                        log.add(InputError(file: workbook, cell: sheet.reference(row: r, column: c),
                                           message: "expected 年龄 in whole years from 0 to 150, found \"\(text)\""))
                        fields += ["", "unknown"]
                        continue
                    }
                    fields += [String(Int(years)), Self.ageGroup(years)]
                default: fields.append(CSVText.field(text))
                }
            }
            if withIncome == true { fields.append(incomePerPerson.map { SpreadsheetCell.number($0).text } ?? "") }
            csv += fields.joined(separator: ",") + "\n"
            sheetRows.append(r + 1)
        }
    }

    /// `persons.csv`, or nil when the sheet has no person attribute to keep.
    func table(workbook: String) -> WorkbookImport.Table? {
        guard Self.attributeOrder.contains(where: { source[$0] != nil }), !columns.isEmpty else { return nil }
        let sheetColumns = columns.map { name -> Int in
            switch name {
            case "household": household
            case "member", "age_group", "income_per_person": -1
            case "village": village ?? -1
            default: source[name] ?? -1
            }
        }
        return WorkbookImport.Table(file: "persons.csv", csv: columns.joined(separator: ",") + "\n" + csv, sheet: sheet.name,
                                    workbook: workbook, sheetRows: sheetRows, sheetColumns: sheetColumns)
    }
}
