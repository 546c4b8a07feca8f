import Foundation

/// One cell of a printed table.
enum Cell {
    case text(String)
    case int(Int)
    /// A number printed with the given decimals.
    case number(Double, Int)
    /// A fraction printed as a percentage with the given decimals (CSV keeps the fraction).
    case percent(Double, Int)

    var display: String {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .number(let d, let k): return String(format: "%.\(k)f", d)
        case .percent(let d, let k): return String(format: "%.\(k)f%%", d * 100)
        }
    }

    var csv: String {
        switch self {
        case .percent(let d, _): return String(d)
        case .number(let d, _): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        default: return display
        }
    }

    var isNumeric: Bool { if case .text = self { return false } else { return true } }
}

/// A titled table with bilingual labels, rendered as aligned text, Markdown or CSV.
struct ReportTable {
    var key: String
    var title: (zh: String, en: String)
    var columns: [(zh: String, en: String)]
    var rows: [[Cell]]

    func title(_ lang: Language) -> String { lang == .zh ? title.zh : title.en }
    func headers(_ lang: Language) -> [String] { columns.map { lang == .zh ? $0.zh : $0.en } }

    func text(_ lang: Language) -> String {
        let head = headers(lang)
        let body = rows.map { $0.map(\.display) }
        var widths = head.map(displayWidth)
        for row in body { for (k, cell) in row.enumerated() where k < widths.count { widths[k] = max(widths[k], displayWidth(cell)) } }
        func line(_ cells: [String], numeric: [Bool]) -> String {
            cells.enumerated().map { k, c in
                let padding = String(repeating: " ", count: max(0, widths[k] - displayWidth(c)))
                return numeric[k] ? padding + c : c + padding
            }.joined(separator: "  ")
        }
        let numeric = columns.indices.map { k in rows.first.map { k < $0.count && $0[k].isNumeric } ?? false }
        var out = title(lang) + "\n" + line(head, numeric: numeric) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in body { out += line(row, numeric: numeric) + "\n" }
        return out
    }

    func markdown(_ lang: Language) -> String {
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        let numeric = columns.indices.map { k in rows.first.map { k < $0.count && $0[k].isNumeric } ?? false }
        var out = "## \(title(lang))\n\n| " + headers(lang).map(escape).joined(separator: " | ") + " |\n"
        out += "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map { escape($0.display) }.joined(separator: " | ") + " |\n" }
        return out
    }

    /// CSV block: a `# title` line, the header and the rows (fractions stay fractions).
    func csv(_ lang: Language) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "# \(key): \(title(lang))\n" + headers(lang).map(field).joined(separator: ",") + "\n"
        for row in rows { out += row.map { field($0.csv) }.joined(separator: ",") + "\n" }
        return out
    }
}

/// Terminal width of a string: East Asian wide characters take two columns.
func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { n, u in
        let v = u.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
        return n + (wide ? 2 : 1)
    }
}
