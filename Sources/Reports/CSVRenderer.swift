/// The comparison as CSV with unformatted numbers (fractions and probabilities as fractions, yuan as
/// yuan): columns key, section, indicator, unit, then per scenario its value, 5 % and 95 % ends and,
/// after the baseline, the difference to the baseline. Breakdown rows follow the main rows with keys
/// `ENTITY/KEY`. For Excel: a UTF-8 byte-order mark and CRLF line ends.
struct CSVRenderer {
    var comparison: Comparison
    var language: Language

    func render(_ tables: [ComparisonTable], forExcel: Bool) -> String {
        let zh = language == .zh
        var header = [Vocabulary.key, Vocabulary.section, Vocabulary.indicator, Vocabulary.unit].map { $0.text(in: language) }
        for (i, scenario) in comparison.scenarios.enumerated() {
            let name = scenario.label.text(in: language)
            header += [name, name + " 5%", name + " 95%"]
            if i > 0 { header.append(name + (zh ? " 较基线" : " vs baseline")) }
        }
        var rows: [[String]] = []
        for table in tables {
            let sectionLabels = Dictionary(table.sections.map { ($0.key, $0.label.text(in: language)) }, uniquingKeysWith: { first, _ in first })
            for (_, members) in table.grouped {
                for row in members {
                    var cells = [row.key, sectionLabels[row.section] ?? row.section, row.label.text(in: language), row.unit.rawValue]
                    for i in comparison.scenarios.indices {
                        let value = row.values[i]
                        cells += [Self.number(value?.value), Self.number(value?.low), Self.number(value?.high)]
                        if i > 0 { cells.append(Self.number(row.difference(at: i))) }
                    }
                    rows.append(cells)
                }
            }
        }
        let text = TextTable(header: header, rows: rows).csv()
        return forExcel ? "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" : text + "\n"
    }

    /// A number as a spreadsheet reads it: whole numbers without a decimal point, others in Swift's
    /// shortest round-trip form; empty when missing.
    static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
