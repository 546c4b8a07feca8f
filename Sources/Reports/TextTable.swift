/// Plain-text, Markdown and CSV tables whose columns line up in a terminal even with Chinese text
/// (East Asian wide and fullwidth characters take two columns).
public struct TextTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns aligned right (numbers); others left.
    public var rightAligned: Set<Int> = []

    /// A table of `header` and `rows` (each row as many cells as the header); `rightAligned` lists the numeric columns.
    public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// Columns padded to the widest cell (by terminal display width), two spaces apart, a rule under the header.
    public func text() -> String {
        let all = [header] + rows
        let widths = header.indices.map { j in all.map { displayWidth($0[j]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { j, cell in
                let gap = String(repeating: " ", count: widths[j] - displayWidth(cell))
                return rightAligned.contains(j) ? gap + cell : cell + gap
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table; `|` in cells is escaped.
    public func markdown() -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        let rule = "|" + header.indices.map { rightAligned.contains($0) ? " ---: |" : " --- |" }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// RFC 4180 CSV (fields with a comma, quote or line break are quoted), lines joined by `\n`.
    public func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
    }
}

/// Terminal columns a string occupies: 2 for East Asian wide/fullwidth characters, 0 for combining marks, 1 otherwise.
public func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { total, scalar in
        let v = scalar.value
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark { return total }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return total + (wide ? 2 : 1)
    }
}

extension String {
    /// The string without trailing spaces.
    public func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
