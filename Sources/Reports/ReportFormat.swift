import Foundation

/// The formats a comparison renders to.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// An aligned plain-text table (East Asian wide characters count two columns).
    case text
    /// A GitHub-flavoured Markdown document.
    case markdown
    /// CSV with unformatted numbers, for scripts.
    case csv
    /// CSV for Excel: the same columns, UTF-8 with a byte-order mark and CRLF line ends, so Excel
    /// opens Chinese labels correctly and reads numbers as numbers.
    case excelCSV = "excel-csv"
    /// The JSON of the CLI contract (`scenarios`, `rows` with `key`, `label`, `values`, …).
    case json
    /// A self-contained HTML page with inline CSS and SVG charts.
    case html
}

extension Comparison {
    /// Renders the comparison in `format` and `language`, with the breakdown table `by` (if any) after
    /// the main table.
    /// - Throws: `ComparisonError` if the model does not validate, or if `by` names a breakdown the
    ///   comparison does not contain.
    public func rendered(as format: ReportFormat, language: Language, by breakdown: BreakdownDimension? = nil) throws -> String {
        try validate()
        if let breakdown, table(by: breakdown) == nil {
            throw ComparisonError(location: "by_\(breakdown.rawValue)", message: "this comparison has no breakdown by \(breakdown.rawValue)")
        }
        let tables = [table] + (breakdown.flatMap { table(by: $0) }.map { [$0] } ?? [])
        switch format {
        case .text: return TextRenderer(comparison: self, language: language).render(tables)
        case .markdown: return MarkdownRenderer(comparison: self, language: language).render(tables)
        case .csv: return CSVRenderer(comparison: self, language: language).render(tables, forExcel: false)
        case .excelCSV: return CSVRenderer(comparison: self, language: language).render(tables, forExcel: true)
        case .json: return ContractJSONRenderer(comparison: self, language: language).render(main: table, breakdown: breakdown).rendered() + "\n"
        case .html: return HTMLRenderer(comparison: self, language: language).render(tables)
        }
    }
}

extension Comparison {
    /// The comparison as an Excel workbook (.xlsx): the rows of the CSV with numbers stored as numbers
    /// and formatted by unit, and the breakdown `by` (if any) after the main rows.
    /// - Throws: `ComparisonError` as `rendered(as:language:by:)`, or if the zip archive cannot be written.
    /// `extraSheets` (plain tables, as `TableWorkbook` writes them) follow the comparison's sheet.
    public func workbook(language: Language, by breakdown: BreakdownDimension? = nil, extraSheets: [TableSheet] = []) throws -> Data {
        try validate()
        if let breakdown, table(by: breakdown) == nil {
            throw ComparisonError(location: "by_\(breakdown.rawValue)", message: "this comparison has no breakdown by \(breakdown.rawValue)")
        }
        let tables = [table] + (breakdown.flatMap { table(by: $0) }.map { [$0] } ?? [])
        return try XLSXRenderer(comparison: self, language: language).render(tables, extraSheets: extraSheets)
    }
}

extension Comparison {
    /// The JSON value `rendered(as: .json, …)` prints, for callers that add keys of their own
    /// after the contract's (`tuopin plan --through`'s by-year section).
    /// - Throws: as `rendered(as:language:by:)`.
    public func json(language: Language, by breakdown: BreakdownDimension? = nil) throws -> JSON {
        try validate()
        if let breakdown, table(by: breakdown) == nil {
            throw ComparisonError(location: "by_\(breakdown.rawValue)", message: "this comparison has no breakdown by \(breakdown.rawValue)")
        }
        return ContractJSONRenderer(comparison: self, language: language).render(main: table, breakdown: breakdown)
    }
}
