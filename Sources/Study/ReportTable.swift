import Foundation
import Reports

/// One cell of a printed table.
public enum Cell: Sendable {
    case text(String)
    case int(Int)
    /// A number printed with the given decimals.
    case number(Double, Int)
    /// A fraction printed as a percentage with the given decimals (CSV keeps the fraction).
    case percent(Double, Int)

    /// The printed text; "-" for a number that is NaN or infinite (a table never shows nan or inf).
    public var display: String {
        switch self {
        case .number(let d, _) where !d.isFinite, .percent(let d, _) where !d.isFinite: return "-"
        case .text(let s): return s
        case .int(let i): return String(i)
        case .number(let d, let k): return String(format: "%.\(k)f", d)
        case .percent(let d, let k): return String(format: "%.\(k)f%%", d * 100)
        }
    }

    /// The CSV text; empty for a number that is NaN or infinite.
    public var csv: String {
        switch self {
        case .number(let d, _) where !d.isFinite, .percent(let d, _) where !d.isFinite: return ""
        case .percent(let d, _): return String(d)
        case .number(let d, _): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        default: return display
        }
    }

    public var isNumeric: Bool { if case .text = self { return false } else { return true } }
}

/// A titled table with bilingual labels, rendered as aligned text, Markdown or CSV.
public struct ReportTable: Sendable {
    /// The table's key in CSV blocks and JSON (`by_township`, `income_model`, …).
    public var key: String
    /// The title in Chinese and English.
    public var title: (zh: String, en: String)
    /// The column headers in Chinese and English.
    public var columns: [(zh: String, en: String)]
    /// The cells, row by row.
    public var rows: [[Cell]]

    public init(key: String, title: (zh: String, en: String), columns: [(zh: String, en: String)], rows: [[Cell]]) {
        self.key = key
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    public func title(_ lang: Language) -> String { lang == .zh ? title.zh : title.en }
    public func headers(_ lang: Language) -> [String] { columns.map { lang == .zh ? $0.zh : $0.en } }

    /// Indices of the columns whose cells are numbers (aligned right).
    private var numericColumns: Set<Int> {
        Set(columns.indices.filter { k in rows.first.map { k < $0.count && $0[k].isNumeric } ?? false })
    }

    /// The title, then the table aligned for a terminal (East Asian wide characters count two columns).
    public func text(_ lang: Language) -> String {
        title(lang) + "\n" + TextTable(header: headers(lang), rows: rows.map { $0.map(\.display) }, rightAligned: numericColumns).text() + "\n"
    }

    /// A Markdown section: `## title`, then the table.
    public func markdown(_ lang: Language) -> String {
        "## \(title(lang))\n\n" + TextTable(header: headers(lang), rows: rows.map { $0.map(\.display) }, rightAligned: numericColumns).markdown() + "\n"
    }

    /// An HTML `<table>` with the title as its caption; numeric columns get `class="num"`, and each
    /// row's first cell is its header. Text is escaped.
    public func html(_ lang: Language) -> String {
        let numeric = numericColumns
        var out = "<table class=\"report\" data-key=\"\(escapeMarkup(key))\"><caption>\(escapeMarkup(title(lang)))</caption>\n<thead><tr>"
        for (k, header) in headers(lang).enumerated() {
            out += "<th\(numeric.contains(k) ? " class=\"num\"" : "")>\(escapeMarkup(header))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (k, cell) in row.enumerated() {
                out += "<td\(numeric.contains(k) ? " class=\"num\"" : "")>\(escapeMarkup(cell.display))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// CSV block: a `# title` line, the header and the rows (fractions stay fractions).
    public func csv(_ lang: Language) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "# \(key): \(title(lang))\n" + headers(lang).map(field).joined(separator: ",") + "\n"
        for row in rows { out += row.map { field($0.csv) }.joined(separator: ",") + "\n" }
        return out
    }
}

extension ReportTable {
    /// The table as a workbook sheet (`TableWorkbook`), named by its title in `lang`.
    public func sheet(_ lang: Language) -> TableSheet {
        TableSheet(name: title(lang), header: headers(lang), rows: rows.map { row in
            row.map { cell -> TableWorkbookCell in
                switch cell {
                case .text(let s): return .text(s)
                case .int(let i): return .number(Double(i), decimals: 0)
                case .number(let d, let k): return .number(d, decimals: k)
                case .percent(let d, _): return .percent(d)
                }
            }
        })
    }
}

extension Array where Element == ReportTable {
    /// The tables as an Excel workbook, one sheet each (`TableWorkbook`).
    public func workbook(_ lang: Language) throws -> Data { try TableWorkbook.data(map { $0.sheet(lang) }) }
}

extension Array where Element == ReportTable {
    /// A report made of a headline and these tables, in `format`: its own `json` (evaluated only
    /// for JSON), CSV blocks, Markdown (the headline as its title), a self-contained HTML page, or
    /// the headline and aligned text tables. Used by the reports whose output is their tables
    /// (audit, monitor).
    public func rendered(headline: String, json: @autoclosure () -> String, as format: ReportFormat, lang: Language) -> String {
        switch format {
        case .json: return json()
        case .csv, .excelCSV: return map { $0.csv(lang) }.joined(separator: "\n")
        case .markdown: return "# " + headline + "\n\n" + map { $0.markdown(lang) }.joined(separator: "\n")
        case .html:
            return "<!DOCTYPE html>\n<html lang=\"\(lang == .zh ? "zh" : "en")\"><head><meta charset=\"utf-8\"><title>\(escapeMarkup(headline))</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px}.num{text-align:right}caption{font-weight:bold;text-align:left}</style></head>\n"
                + "<body><h1>\(escapeMarkup(headline))</h1>\n" + map { $0.html(lang) }.joined(separator: "\n") + "</body></html>\n"
        case .text: return headline + "\n\n" + map { $0.text(lang) }.joined(separator: "\n")
        }
    }
}
