/// Finds the line and column where a key of a TOML document is written, so that semantic errors
/// (a probability of 1.5, an unknown source) point at the place to fix. TOMLKit reports
/// positions only for syntax errors, hence this light scan of the text.
///
/// Paths are dotted, with `[i]` for the i-th element (0-based) of an array of tables:
/// `sources.planting.growth`, `shocks[1].probability`, `targets`.
struct TOMLKeyLocator {
    private(set) var positions: [String: (line: Int, column: Int)] = [:]

    init(text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        var lineNumber = 0
        // Lines end at "\n" or "\r\n" (one Character in Swift, so splitting on "\n" alone would
        // leave a Windows file as a single line).
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = Substring(rawLine)
            guard let firstIndex = line.firstIndex(where: { $0 != " " && $0 != "\t" }) else { continue }
            let column = line.distance(from: line.startIndex, to: firstIndex) + 1
            let content = line[firstIndex...]
            if content.hasPrefix("#") { continue }
            if content.hasPrefix("[[") {
                let name = TOMLKeyLocator.headerName(content.dropFirst(2), closing: "]]")
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                table = "\(name)[\(index)]"
                record(table, lineNumber, column)
            } else if content.hasPrefix("[") {
                table = TOMLKeyLocator.headerName(content.dropFirst(), closing: "]")
                record(table, lineNumber, column)
            } else if let equals = content.firstIndex(of: "=") {
                let key = TOMLKeyLocator.normalise(content[..<equals])
                guard !key.isEmpty else { continue }
                record(table.isEmpty ? key : "\(table).\(key)", lineNumber, column)
            }
        }
    }

    private mutating func record(_ path: String, _ line: Int, _ column: Int) {
        if positions[path] == nil { positions[path] = (line, column) }
    }

    private static func headerName(_ text: Substring, closing: String) -> String {
        let end = text.range(of: closing)?.lowerBound ?? text.endIndex
        return normalise(text[..<end])
    }

    /// `a . "b" .c` → `a.b.c` (quotes and spaces around dots removed).
    private static func normalise(_ key: Substring) -> String {
        key.split(separator: ".").map {
            $0.trimmingCharacters(in: [" ", "\t", "\"", "'"])
        }.joined(separator: ".")
    }

    /// The position of `path`, or of its nearest written ancestor; (0, 0) if none is found.
    func position(of path: String) -> (line: Int, column: Int) {
        var candidate = path
        while !candidate.isEmpty {
            if let found = positions[candidate] { return found }
            if let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) {
                candidate = String(candidate[..<cut])
            } else {
                break
            }
        }
        return (0, 0)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var start = startIndex, end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
