/// Guards the TOML readers (county.toml, scenario files) against an abort inside TOMLKit's C++
/// parser (toml++ 3.x, `parse_key`): a table header whose name starts with a character that cannot
/// start a bare key — `[é]`, `[来源]`, `[+]`, `[.a]`, `[#`, `[` then a line end — trips an assertion
/// in toml++ and kills the process instead of giving a syntax error. Found by fuzzing
/// (scripts/fuzz, targets county-toml and scenario). The readers call this first and report the
/// header as a syntax error; everything else is left to TOMLKit. Likewise `}` where an array
/// expects a value (`a = [}`, `a = [1, }`: assertion in `parse_value`), and a date followed by a
/// space and a lone digit (`d = 2019-01-01 1`, or any 10-character value shaped like a date,
/// `e = 1399-0=-0= 1`): toml++ reads on for a time after the space and asserts at the terminator
/// behind the digit (`parse_value`, `!is_value_terminator`). No valid TOML has that shape — a time
/// after a date needs HH:MM:SS — so reporting it first changes no valid file's meaning. And a NUL
/// character anywhere: TOMLKit passes the text on as a C string, which ends at the first NUL, so
/// the rest of the file would be silently ignored (or read as an unterminated string).
public enum TOMLHeaderCheck {
    /// The first table header (`[name]` or `[[name]]` at the start of a line, outside strings,
    /// comments and array or inline-table values) whose name starts with a character other than
    /// A–Z, a–z, 0–9, `_`, `-`, a quote or `]`, or the first `}` where an array expects a value
    /// (after its `[` or a comma), or the lone digit after a date-shaped value and a space, or the
    /// first NUL character; nil when
    /// there is none.
    /// - Returns: one-based line and column of the offending character (columns count Unicode
    ///   scalars), the character itself (`"\n"` for a line end, `"U+0000"` for a NUL), and what was
    ///   expected there.
    public static func badTableHeader(in text: String) -> (line: Int, column: Int, found: String, expected: String)? {
        enum State { case normal, basic, literal, multilineBasic, multilineLiteral, comment }
        let s = Array(text.unicodeScalars)
        var state = State.normal
        var line = 1, column = 0
        var open: [Unicode.Scalar] = []   // open [ and { of values (arrays, inline tables)
        var expectingArrayValue = false   // after an array's [ or a comma in it
        var atLineStart = true   // nothing but blanks so far on this line
        func isKeyStart(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "\"", "'", "]": return true
            default: return false
            }
        }
        func isTerminator(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case " ", "\t", "\n", "\r", "]", "}", ",", "#": return true
            default: return false
            }
        }
        /// A value starting at `i` shaped like a date (10 characters, `-` at 5 and 8), then one space
        /// and a digit that ends the value: the input toml++ asserts on.
        func dateThenLoneDigit(at i: Int) -> Bool {
            guard i + 11 < s.count, s[i + 4] == "-", s[i + 7] == "-", s[i + 10] == " ",
                  ("0"..."9").contains(s[i + 11]) else { return false }
            for k in i..<(i + 10) where isTerminator(s[k]) { return false }
            return i + 12 == s.count || isTerminator(s[i + 12])
        }
        func triple(_ quote: Unicode.Scalar, at i: Int) -> Bool {
            i + 2 < s.count && s[i] == quote && s[i + 1] == quote && s[i + 2] == quote
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                line += 1
                column = 0
                atLineStart = true
                if state == .comment || state == .basic || state == .literal { state = .normal }
                i += 1
                continue
            }
            column += 1
            // A NUL ends the text where TOMLKit hands it to C++ as a C string: a NUL in a comment
            // would silently drop the rest of the file. TOML allows it nowhere (not even escaped
            // in a string it is written raw), so it is refused at its place.
            if c == "\u{0}" {
                return (line, column, "U+0000", "a character other than NUL (TOML text cannot contain U+0000)")
            }
            switch state {
            case .comment:
                break
            case .basic:
                if c == "\\" && i + 1 < s.count && s[i + 1] != "\n" { i += 1; column += 1 } else if c == "\"" { state = .normal }
            case .literal:
                if c == "'" { state = .normal }
            case .multilineBasic:
                if c == "\\" && i + 1 < s.count && s[i + 1] != "\n" {
                    i += 1; column += 1
                } else if triple("\"", at: i) {
                    state = .normal; i += 2; column += 2
                }
            case .multilineLiteral:
                if triple("'", at: i) { state = .normal; i += 2; column += 2 }
            case .normal:
                if c == " " || c == "\t" || c == "\r" { i += 1; continue }
                if c == "}" && expectingArrayValue {
                    return (line, column, "}", "a value in the array")
                }
                if i > 0, "=[,{ \t".unicodeScalars.contains(s[i - 1]), dateThenLoneDigit(at: i) {
                    return (line, column + 11, String(s[i + 11]), "a time HH:MM:SS after the date and the space (or no space)")
                }
                if c != "#" { expectingArrayValue = false }
                if c == "#" {
                    state = .comment
                } else if c == "\"" {
                    if triple("\"", at: i) { state = .multilineBasic; i += 2; column += 2 } else { state = .basic }
                } else if c == "'" {
                    if triple("'", at: i) { state = .multilineLiteral; i += 2; column += 2 } else { state = .literal }
                } else if c == "[" && atLineStart && open.isEmpty {
                    // A table header: after [ or [[ and blanks, the name must start like a key.
                    var j = i + 1
                    if j < s.count && s[j] == "[" { j += 1 }
                    while j < s.count && (s[j] == " " || s[j] == "\t") { j += 1 }
                    if j < s.count && !isKeyStart(s[j]) {
                        return (line, column + (j - i), s[j] == "\n" || s[j] == "\r" ? "\n" : String(s[j]),
                                "a table name starting with a letter A–Z, a digit, _ or - (quote other names: [\"名称\"])")
                    }
                    column += j - i - 1
                    i = j
                    atLineStart = false
                    continue
                } else if c == "[" || c == "{" {
                    open.append(c)
                    expectingArrayValue = c == "["
                } else if c == "]" || c == "}" {
                    if !open.isEmpty { open.removeLast() }
                } else if c == "," {
                    expectingArrayValue = open.last == "["
                }
                atLineStart = false
            }
            i += 1
        }
        return nil
    }
}
