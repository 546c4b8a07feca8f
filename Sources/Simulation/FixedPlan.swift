import Foundation
import Planning
import Tabular

extension PlanIncome {
    /// A fixed plan read from a CSV file (`allocation = { strategy = "fixed", plan_file = … }`):
    /// one row per grant, columns `village` (a `villages.csv` id), `source` (a `funds.csv` id) and
    /// `amount` (yuan ≥ 0); a village may appear on several rows.
    ///
    /// The money earns the projects' average return (`EvenPlan.returnPerYuan`), and a village's
    /// yearly income is shared equally by its registered poor households.
    /// - Throws: `InputError` naming the file, line and column of the first bad cell.
    public static func fixed(path: String, registry: CountyRegistry, returnPerYuan: Double) throws -> PlanIncome {
        let csv = try CSVFile(path: path)
        let table = try DataTable.load(csv, numeric: ["amount"], categorical: ["village", "source"])
        func column(_ name: String) -> Int { (csv.columnIndex(name) ?? -1) + 1 }
        guard let amounts = table.numbers("amount"), let villages = table.categories("village"),
              let sources = table.categories("source") else {
            throw InputError(file: path, line: 1, message: "expected the columns village, source and amount")
        }
        let villageIndex = Dictionary(registry.villages.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let fundIndex = Dictionary(registry.funds.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var perVillage = [Double](repeating: 0, count: registry.villages.count)
        var spent = [Double](repeating: 0, count: registry.funds.count)
        for row in 0..<table.rowCount {
            let line = table.lines[row]
            let villageID = villages.codes[row] >= 0 ? villages.levels[Int(villages.codes[row])] : ""
            guard let v = villageIndex[villageID] else {
                throw InputError(file: path, line: line, column: column("village"), message: "expected a village id of villages.csv, found \"\(villageID)\"")
            }
            let sourceID = sources.codes[row] >= 0 ? sources.levels[Int(sources.codes[row])] : ""
            guard let f = fundIndex[sourceID] else {
                throw InputError(file: path, line: line, column: column("source"), message: "expected a fund id of funds.csv, found \"\(sourceID)\"")
            }
            let amount = amounts[row]
            guard amount.isFinite && amount >= 0 else {
                throw InputError(file: path, line: line, column: column("amount"), message: "expected an amount of yuan ≥ 0, found \(amount)")
            }
            perVillage[v] += amount
            spent[f] += amount
        }
        let households = registry.households
        let year = registry.county.year
        var poorHouseholds = [Int](repeating: 0, count: registry.villages.count)
        for h in 0..<households.count where !households.hasExited(h, by: year) { poorHouseholds[Int(households.village[h])] += 1 }
        var income = [Double](repeating: 0, count: households.count)
        for h in 0..<households.count where !households.hasExited(h, by: year) {
            let v = Int(households.village[h])
            income[h] = perVillage[v] * returnPerYuan / Double(poorHouseholds[v])
        }
        return PlanIncome(strategy: "fixed", income: income, spentBySource: spent, projectMix: projectMix(of: registry))
    }
}
