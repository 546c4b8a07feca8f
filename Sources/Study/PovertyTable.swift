import Foundation
import Reports

/// How a number is shown in `tuopin poverty`'s tables (JSON and CSV always carry the full value).
enum PovertyNumberStyle {
    /// Indices and shares: four decimals.
    case fraction
    /// Yuan: whole yuan with thousands separators.
    case yuan
    /// Persons: whole numbers with separators, one decimal when weights make them fractional.
    case persons

    /// The display text; "—" for a missing value.
    func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        switch self {
        case .fraction: return String(format: "%.4f", value)
        case .yuan: return grouped(value, decimals: 0)
        case .persons: return grouped(value, decimals: value == value.rounded() ? 0 : 1)
        }
    }

    private func grouped(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        let digits = Array(parts[0])
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return (value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "") + out
    }
}

/// One table of `tuopin poverty`'s report: a key (used in CSV), a title, columns and rows.
struct PovertyTable {
    enum Cell {
        case text(String)
        case number(Double?, PovertyNumberStyle)
    }
    struct Row {
        /// Machine key of the row (measure key, group or source name), used in CSV.
        var key: String
        var cells: [Cell]
    }
    var key: String
    var title: String?
    /// (key, label) of each column; the first column holds the row labels.
    var columns: [(key: String, label: String)]
    var rows: [Row] = []

    /// Long CSV: `table,row,column,value`, one line per cell, full-precision numbers, empty for missing.
    static func csv(_ tables: [PovertyTable]) -> String {
        var out = "table,row,column,value\n"
        for table in tables {
            for row in table.rows {
                for (column, cell) in zip(table.columns.dropFirst(), row.cells.dropFirst()) {
                    guard case .number(let value, _) = cell else { continue }
                    let text = value.map { jsonNumber($0) } ?? ""
                    out += [table.key, row.key, column.key, text].map(csvField).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    static func markdown(_ tables: [PovertyTable], heading: (title: String, subtitle: String)) -> String {
        var out = "## \(heading.title)\n\n\(heading.subtitle)\n"
        for table in tables {
            out += "\n"
            if let title = table.title { out += "### \(title)\n\n" }
            out += "| " + table.columns.map { escapeMarkdown($0.label) }.joined(separator: " | ") + " |\n"
            out += "|" + table.columns.indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined() + "\n"
            for row in table.rows {
                out += "| " + row.cells.map { escapeMarkdown(display($0)) }.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    /// Plain text for the terminal: columns aligned by display width (a Chinese character takes two cells).
    static func text(_ tables: [PovertyTable], heading: (title: String, subtitle: String)) -> String {
        var out = "\(heading.title)\n\(heading.subtitle)\n"
        for table in tables {
            out += "\n"
            if let title = table.title { out += "\(title)\n" }
            let grid = [table.columns.map(\.label)] + table.rows.map { $0.cells.map(display) }
            var widths = [Int](repeating: 0, count: table.columns.count)
            for line in grid { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], displayWidth(cell)) } }
            for line in grid {
                let cells = line.enumerated().map { i, cell -> String in
                    let pad = String(repeating: " ", count: widths[i] - displayWidth(cell))
                    return i == 0 ? cell + pad : pad + cell
                }
                out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
            }
        }
        return out
    }

    private static func display(_ cell: Cell) -> String {
        switch cell {
        case .text(let s): return s
        case .number(let v, let style): return style.format(v)
        }
    }
}

private func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}

private func escapeMarkdown(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

/// A number as JSON text: integers without a fraction, others in Swift's shortest round-trip form.
private func jsonNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
