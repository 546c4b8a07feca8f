/// The comparison as aligned plain text for a terminal: title, then each table with its section
/// headings and indented rows, then the notes. Columns line up with Chinese text (`displayWidth`).
struct TextRenderer {
    var comparison: Comparison
    var language: Language

    func render(_ tables: [ComparisonTable]) -> String {
        var out = [comparison.title.text(in: language)]
        if let subtitle = comparison.subtitle { out.append(subtitle.text(in: language)) }
        for table in tables {
            let layout = TableLayout(table: table, scenarios: comparison.scenarios, language: language)
            let rows: [[String]] = layout.lines.map { line in
                switch line {
                case .section(let title): return [title] + Array(repeating: "", count: layout.header.count - 1)
                case .row(let cells, _): return ["  " + cells[0]] + cells.dropFirst()
                }
            }
            out.append("")
            out.append(table.title.text(in: language))
            out.append(TextTable(header: layout.header, rows: rows, rightAligned: layout.rightAligned).text())
        }
        let notes = (tables.contains(where: \.hasIntervals) ? [Vocabulary.intervalNote] : []) + comparison.notes
        if !notes.isEmpty { out += [""] + notes.map { $0.text(in: language) } }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The comparison as a Markdown document: `#` title, a table per table with bold section rows, notes.
struct MarkdownRenderer {
    var comparison: Comparison
    var language: Language

    func render(_ tables: [ComparisonTable]) -> String {
        var out = ["# " + comparison.title.text(in: language)]
        if let subtitle = comparison.subtitle { out += ["", subtitle.text(in: language)] }
        for table in tables {
            let layout = TableLayout(table: table, scenarios: comparison.scenarios, language: language)
            let rows: [[String]] = layout.lines.map { line in
                switch line {
                case .section(let title): return ["**\(title)**"] + Array(repeating: "", count: layout.header.count - 1)
                case .row(let cells, _): return cells
                }
            }
            out += ["", "## " + table.title.text(in: language), "", TextTable(header: layout.header, rows: rows, rightAligned: layout.rightAligned).markdown()]
        }
        if tables.contains(where: \.hasIntervals) { out += ["", Vocabulary.intervalNote.text(in: language)] }
        out += comparison.notes.map { "\n" + $0.text(in: language) }
        return out.joined(separator: "\n") + "\n"
    }
}
