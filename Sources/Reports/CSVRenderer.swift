/// The rows of a comparison for spreadsheets and scripts, with unformatted numbers (fractions and
/// probabilities as fractions, yuan as yuan): columns key, section, indicator, unit, then per scenario
/// its value, 5 % and 95 % ends and, after the baseline, the difference to the baseline. Breakdown rows
/// follow the main rows with keys `ENTITY/KEY`. Shared by the CSV and xlsx renderers.
struct SpreadsheetLayout {
    enum Cell: Equatable {
        case text(String)
        /// A number and the unit that decides its display format in a spreadsheet.
        case number(Double, MeasureUnit)
        case empty
    }

    var header: [String]
    var rows: [[Cell]]

    init(comparison: Comparison, tables: [ComparisonTable], language: Language) {
        var header = [Vocabulary.key, Vocabulary.section, Vocabulary.indicator, Vocabulary.unit].map { $0.text(in: language) }
        for (i, scenario) in comparison.scenarios.enumerated() {
            let name = scenario.label.text(in: language)
            header += [name, name + " 5%", name + " 95%"]
            if i > 0 { header.append(name + " " + Vocabulary.versusBaseline.text(in: language)) }
        }
        self.header = header
        var rows: [[Cell]] = []
        for table in tables {
            for (section, members) in table.grouped {
                for row in members {
                    var cells: [Cell] = [.text(row.key), .text(section.label.text(in: language)), .text(row.label.text(in: language)), .text(row.unit.rawValue)]
                    func number(_ v: Double?) -> Cell { v.map { .number($0, row.unit) } ?? .empty }
                    for i in comparison.scenarios.indices {
                        let value = row.values[i]
                        cells += [number(value?.value), number(value?.low), number(value?.high)]
                        if i > 0 { cells.append(number(row.difference(at: i))) }
                    }
                    rows.append(cells)
                }
            }
        }
        self.rows = rows
    }
}

/// The comparison as CSV (see `SpreadsheetLayout` for the columns). For Excel: a UTF-8 byte-order
/// mark and CRLF line ends.
struct CSVRenderer {
    var comparison: Comparison
    var language: Language

    func render(_ tables: [ComparisonTable], forExcel: Bool) -> String {
        let layout = SpreadsheetLayout(comparison: comparison, tables: tables, language: language)
        let rows = layout.rows.map { $0.map { cell -> String in
            switch cell {
            case .text(let s): return s
            case .number(let v, _): return Self.number(v)
            case .empty: return ""
            }
        } }
        let text = TextTable(header: layout.header, rows: rows).csv()
        return forExcel ? "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" : text + "\n"
    }

    /// A number as a spreadsheet reads it: whole numbers without a decimal point, others in Swift's
    /// shortest round-trip form; empty when not finite.
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
