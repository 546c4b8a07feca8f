/// The cells of a comparison table as readers see them, shared by the text and Markdown renderers:
/// indicator, then per scenario its value (with interval) and, after the baseline, the difference.
struct TableLayout {
    var header: [String]
    /// Each line is either a section heading or an indicator row.
    var lines: [Line]
    var rightAligned: Set<Int>

    enum Line {
        case section(String)
        case row(cells: [String], changes: [Change])
    }

    init(table: ComparisonTable, scenarios: [ScenarioName], language: Language) {
        let format = NumberFormat(language: language)
        var header = [Vocabulary.indicator.text(in: language)]
        for (i, scenario) in scenarios.enumerated() {
            header.append(scenario.label.text(in: language) + (i == 0 ? Vocabulary.baselineMark.text(in: language) : ""))
            if i > 0 { header.append(Vocabulary.versusBaseline.text(in: language)) }
        }
        self.header = header
        self.rightAligned = Set(1..<header.count)
        var lines: [Line] = []
        for (section, rows) in table.grouped {
            lines.append(.section(section.label.text(in: language)))
            for row in rows {
                var cells = [row.label.text(in: language)]
                var changes: [Change] = []
                for i in scenarios.indices {
                    cells.append(format.estimate(row.values[i], unit: row.unit))
                    if i > 0 {
                        cells.append(row.difference(at: i).map { format.difference($0, unit: row.unit) } ?? NumberFormat.missing)
                        changes.append(row.change(at: i))
                    }
                }
                lines.append(.row(cells: cells, changes: changes))
            }
        }
        self.lines = lines
    }
}
