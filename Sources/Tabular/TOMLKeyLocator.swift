/// Finds the line and column where a key of a TOML document is written, so that semantic errors
/// (a probability of 1.5, an unknown source) point at the place to fix. TOMLKit reports
/// positions only for syntax errors, hence this light scan of the text.
///
/// Paths are dotted, with `[i]` for the i-th element (0-based) of an array of tables:
/// `sources.planting.growth`, `shocks[1].probability`, `targets`.
///
/// Shared by the county.toml and scenario readers. One pass over the text, so a file of thousands of
/// table headers costs no more than reading it.
public struct TOMLKeyLocator: Sendable {
    private var positions: [String: Position] = [:]
    /// Every recorded path in the order written, for finding the first place inside a table that
    /// only headers of sub-tables define (`[a.b.c]` defines `a`).
    private var written: [(path: String, position: Position)] = []

    public typealias Position = (line: Int, column: Int)

    public init(text: String) {
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
        if positions[path] == nil {
            positions[path] = (line, column)
            written.append((path, (line, column)))
        }
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

    /// The position of `path`; when it is not written as such, the first place written inside it
    /// (a table defined only by `[path.sub]` headers or `path.key = …` lines); else its nearest
    /// written ancestor; (0, 0) if none is found.
    public func position(of path: String) -> Position {
        if let found = positions[path] { return found }
        if let inside = written.first(where: { $0.path.hasPrefix(path + ".") || $0.path.hasPrefix(path + "[") }) {
            return inside.position
        }
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

extension TOMLKeyLocator {
    /// The known key a mistyped `key` most likely means: the one at the smallest edit distance, when
    /// that is at most a third of the longer name (at least 1); nil when none is that close. An
    /// unknown key longer than 64 characters is no typing slip: nil without comparing.
    public static func closestKey(to key: String, in known: [String]) -> String? {
        let a = Array(key.unicodeScalars)
        guard a.count <= 64 else { return nil }
        var best: (key: String, distance: Int)?
        for candidate in known {
            let b = Array(candidate.unicodeScalars)
            // Levenshtein distance, one row at a time.
            var row = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var previous = row[0]
                row[0] = i + 1
                for (j, y) in b.enumerated() {
                    let substitution = previous + (x == y ? 0 : 1)
                    previous = row[j + 1]
                    row[j + 1] = min(substitution, row[j] + 1, row[j + 1] + 1)
                }
            }
            let d = row[b.count]
            if d <= max(1, max(a.count, b.count) / 3), d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.key
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
