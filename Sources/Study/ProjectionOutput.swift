import Foundation
import Reports

extension ProjectionReport {
    /// The comparison followed by this by-year section, in `format` — the bytes `tuopin plan
    /// --through`, `tuopin compare --through` and the web app's downloads print, so that they agree:
    /// - text, Markdown: `prefix` (plan's income model, or ""), the comparison, a blank line, the
    ///   by-year and exit-year tables;
    /// - CSV: the comparison's CSV, a blank line, the two tables' CSV blocks; Excel CSV: the same text
    ///   with CRLF line ends after a UTF-8 byte-order mark;
    /// - JSON: the comparison's object with `through`, `years` and `exit_year` after its keys;
    /// - HTML: the comparison's page with the section (path chart with its 5–95 % band, the two
    ///   tables) inserted before the end of its main part.
    ///
    /// Every text ends with a newline.
    /// - Throws: `ComparisonError` as `Comparison.rendered(as:language:by:)`.
    public func rendered(after comparison: Comparison, as format: ReportFormat, language: Language,
                         by breakdown: BreakdownDimension? = nil, prefix: String = "") throws -> Data {
        let text: String
        switch format {
        case .json:
            guard case .object(let pairs) = try comparison.json(language: language, by: breakdown) else {
                return Data(try comparison.rendered(as: .json, language: language, by: breakdown).utf8)
            }
            text = JSON.object(pairs + jsonPairs).rendered() + "\n"
        case .html:
            text = inserted(intoHTML: try comparison.rendered(as: .html, language: language, by: breakdown), language: language)
        case .csv, .excelCSV:
            let body = try comparison.rendered(as: .csv, language: language, by: breakdown) + "\n" + csv(language)
            if format == .excelCSV {
                return Data([0xEF, 0xBB, 0xBF]) + Data(body.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            }
            text = body
        case .markdown:
            text = prefix + (try comparison.rendered(as: .markdown, language: language, by: breakdown)) + "\n" + markdown(language)
        case .text:
            text = prefix + (try comparison.rendered(as: .text, language: language, by: breakdown)) + "\n" + self.text(language)
        }
        return Data((text.hasSuffix("\n") ? text : text + "\n").utf8)
    }

    /// The comparison's workbook with the by-year and exit-year tables as sheets after the
    /// comparison's (the same cells as the CSV blocks).
    /// - Throws: `ComparisonError`, or a failure to write the archive.
    public func workbook(after comparison: Comparison, language: Language, by breakdown: BreakdownDimension? = nil) throws -> Data {
        try comparison.workbook(language: language, by: breakdown, extraSheets: tables.map { $0.sheet(language) })
    }
}
