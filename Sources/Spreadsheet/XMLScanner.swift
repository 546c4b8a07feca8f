import Foundation

/// The attributes of one start tag, read from the part's bytes when asked for. Valid only during
/// the `start` call that receives them.
struct XMLAttributes {
    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    /// Name start, name end, value start, value end (byte offsets) of each attribute.
    fileprivate let ranges: [(Int, Int, Int, Int)]

    /// The value of the attribute whose local name (after any `prefix:`) is `name`, with entity
    /// and character references replaced; nil when absent or not valid UTF-8.
    subscript(_ name: String) -> String? {
        var key = name
        return key.withUTF8 { want -> String? in
            for (nameStart, nameEnd, valueStart, valueEnd) in ranges {
                var start = nameStart
                for k in nameStart..<nameEnd where bytes[k] == UInt8(ascii: ":") { start = k + 1 }
                guard nameEnd - start == want.count else { continue }
                var same = true
                for k in 0..<want.count where bytes[start + k] != want[k] { same = false; break }
                if same { return XMLScanner.decode(bytes, valueStart, valueEnd, attribute: true) }
            }
            return nil
        }
    }
}

/// The receiver of an `XMLScanner` pass: elements by local name (prefixes dropped), text with
/// references replaced (CDATA sections as they are).
protocol XMLScannerDelegate: AnyObject {
    /// Whether the next text run is wanted (text that is not wanted is not turned into a String).
    var wantsText: Bool { get }
    func start(_ name: String, _ attributes: XMLAttributes)
    func end(_ name: String)
    func text(_ string: String)
}

/// A one-pass scanner of the XML an .xlsx workbook holds (UTF-8, no document type): start and end
/// tags with their attributes, text with the five predefined entities and character references,
/// CDATA sections, comments and processing instructions (skipped). It checks what a parser must
/// for these parts — tags nested and closed, names matching, attributes quoted, references known,
/// UTF-8 valid, one root — and reports the first problem with its line and column. Not checked:
/// namespace URIs (the parts find elements and attributes by local name) and the characters XML
/// forbids in text (control characters), which Office writes escaped (`_x0001_`) anyway.
///
/// It replaces Foundation's XMLParser for the workbook's parts: about ten times faster on sheet
/// data (no per-element dictionary and no bridging), and without XMLParser's leak of one CFString
/// per parse error (seen by the fuzzer).
enum XMLScanner {
    /// Scans `data`, calling `delegate`; returns the first problem ("line L, column C: …") or nil.
    static func scan(_ data: Data, _ delegate: XMLScannerDelegate) -> String? {
        data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            do throws(ScanProblem) {
                try run(bytes, delegate)
                return nil
            } catch {
                let (line, column) = position(bytes, error.offset)
                return "line \(line), column \(column): \(error.message)"
            }
        }
    }

    struct ScanProblem: Error { var offset: Int; var message: String }

    private static let lessThan = UInt8(ascii: "<"), greaterThan = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    private static let ampersand = UInt8(ascii: "&"), equals = UInt8(ascii: "=")

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
    /// Bytes that may start a name (ASCII letters, `_`, `:`, and any byte of a non-ASCII character)
    /// and that may follow in one (also digits, `-` and `.`).
    private static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A || b >= 0x80
    }
    private static func isNameByte(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
    }

    private static func run(_ b: UnsafeBufferPointer<UInt8>, _ delegate: XMLScannerDelegate) throws(ScanProblem) {
        let n = b.count
        guard let base = b.baseAddress, n > 0 else { throw ScanProblem(offset: 0, message: "expected a root element, found an empty part") }
        var i = 0
        // A UTF-8 byte order mark is allowed; other encodings are not what Office writes.
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        let declarationOffset = i
        if n >= 2, (b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) {
            throw ScanProblem(offset: 0, message: "expected UTF-8, found a UTF-16 byte order mark")
        }
        var open: [(Int, Int)] = []       // the name ranges of the elements open, outermost first
        var rootSeen = false
        var attributes: [(Int, Int, Int, Int)] = []
        attributes.reserveCapacity(8)

        func find(_ needle: [UInt8], from start: Int) -> Int? {
            var k = start
            while k + needle.count <= n {
                if b[k] == needle[0] {
                    var same = true
                    for m in 1..<needle.count where b[k + m] != needle[m] { same = false; break }
                    if same { return k }
                }
                k += 1
            }
            return nil
        }
        func localName(_ start: Int, _ end: Int) throws(ScanProblem) -> String {
            var s = start
            for k in start..<end where b[k] == UInt8(ascii: ":") { s = k + 1 }
            guard s < end, let name = makeString(b, s, end) else {
                throw ScanProblem(offset: start, message: "expected an element name")
            }
            return name
        }

        while i < n {
            if b[i] != lessThan {
                // A text run up to the next tag.
                let start = i
                if let next = memchr(base + i, Int32(lessThan), n - i) {
                    i = base.distance(to: next.assumingMemoryBound(to: UInt8.self))
                } else {
                    i = n
                }
                if open.isEmpty {
                    for k in start..<i where !isSpace(b[k]) {
                        throw ScanProblem(offset: k, message: "expected only white space outside the root element, found text")
                    }
                } else if delegate.wantsText {
                    guard let text = decode(b, start, i, attribute: false) else {
                        throw ScanProblem(offset: start, message: "expected text with known references (&lt; &gt; &amp; &quot; &apos; &#…;) in valid UTF-8")
                    }
                    delegate.text(text)
                } else if !isPlainASCII(b, start, i), decode(b, start, i, attribute: false) == nil {
                    throw ScanProblem(offset: start, message: "expected text with known references (&lt; &gt; &amp; &quot; &apos; &#…;) in valid UTF-8")
                }
                continue
            }
            let tag = i
            guard i + 1 < n else { throw ScanProblem(offset: i, message: "expected a tag after <, found the end") }
            let next = b[i + 1]
            if next == UInt8(ascii: "?") {
                guard let close = find(Array("?>".utf8), from: i + 2) else { throw ScanProblem(offset: tag, message: "expected ?> to close the processing instruction") }
                // The target's name, then white space or ?>; the declaration <?xml …?> only at the very start.
                var targetEnd = i + 2
                if targetEnd < close, isNameStart(b[targetEnd]) { targetEnd += 1 }
                while targetEnd > i + 2, targetEnd < close, isNameByte(b[targetEnd]) { targetEnd += 1 }
                guard targetEnd > i + 2, targetEnd == close || isSpace(b[targetEnd]) else {
                    throw ScanProblem(offset: tag, message: "expected a processing instruction's name after <?")
                }
                if targetEnd == i + 5, (b[i + 2] | 0x20) == UInt8(ascii: "x"), (b[i + 3] | 0x20) == UInt8(ascii: "m"), (b[i + 4] | 0x20) == UInt8(ascii: "l") {
                    guard i == declarationOffset else { throw ScanProblem(offset: tag, message: "expected the XML declaration only at the start of the part") }
                    if let problem = declarationProblem(b, i + 5, close) { throw ScanProblem(offset: tag, message: problem) }
                }
                i = close + 2
                continue
            }
            if next == UInt8(ascii: "!") {
                if i + 3 < n, b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                    guard let close = find(Array("--".utf8), from: i + 4), close + 2 < n, b[close + 2] == greaterThan else {
                        throw ScanProblem(offset: tag, message: "expected --> to close the comment (and no -- inside it)")
                    }
                    i = close + 3
                    continue
                }
                let cdata = Array("<![CDATA[".utf8)
                if i + cdata.count <= n, (0..<cdata.count).allSatisfy({ b[i + $0] == cdata[$0] }) {
                    guard !open.isEmpty else { throw ScanProblem(offset: tag, message: "expected a CDATA section inside an element") }
                    let start = i + cdata.count
                    guard let close = find(Array("]]>".utf8), from: start) else { throw ScanProblem(offset: tag, message: "expected ]]> to close the CDATA section") }
                    if delegate.wantsText {
                        guard let text = makeString(b, start, close) else {
                            throw ScanProblem(offset: start, message: "expected valid UTF-8 in the CDATA section")
                        }
                        delegate.text(text)
                    }
                    i = close + 3
                    continue
                }
                throw ScanProblem(offset: tag, message: "expected an element, a comment or CDATA; document type declarations are not accepted")
            }
            if next == slash {
                // An end tag: its name must be the innermost open element's.
                var k = i + 2
                let nameStart = k
                if k < n, isNameStart(b[k]) { k += 1 } else { throw ScanProblem(offset: tag, message: "expected an end tag </name>") }
                while k < n, isNameByte(b[k]) { k += 1 }
                let nameEnd = k
                while k < n, isSpace(b[k]) { k += 1 }
                guard k < n, b[k] == greaterThan, nameEnd > nameStart else { throw ScanProblem(offset: tag, message: "expected an end tag </name>") }
                guard let (openStart, openEnd) = open.last else { throw ScanProblem(offset: tag, message: "expected no end tag here: no element is open") }
                var same = openEnd - openStart == nameEnd - nameStart
                if same { for m in 0..<(nameEnd - nameStart) where b[openStart + m] != b[nameStart + m] { same = false; break } }
                guard same else {
                    let expected = String(decoding: UnsafeBufferPointer(rebasing: b[openStart..<openEnd]), as: UTF8.self)
                    throw ScanProblem(offset: tag, message: "expected </\(expected)> to close <\(expected)>")
                }
                open.removeLast()
                delegate.end(try localName(nameStart, nameEnd))
                i = k + 1
                continue
            }
            // A start tag with its attributes.
            var k = i + 1
            let nameStart = k
            if isNameStart(b[k]) { k += 1 }
            while k > nameStart, k < n, isNameByte(b[k]) { k += 1 }
            let nameEnd = k
            guard nameEnd > nameStart else { throw ScanProblem(offset: tag, message: "expected an element name after <") }
            if open.isEmpty {
                guard !rootSeen else { throw ScanProblem(offset: tag, message: "expected one root element, found a second") }
                rootSeen = true
            }
            attributes.removeAll(keepingCapacity: true)
            var selfClosing = false
            while true {
                let before = k
                while k < n, isSpace(b[k]) { k += 1 }
                guard k < n else { throw ScanProblem(offset: tag, message: "expected > to close the tag, found the end") }
                if b[k] == greaterThan { k += 1; break }
                if b[k] == slash {
                    guard k + 1 < n, b[k + 1] == greaterThan else { throw ScanProblem(offset: k, message: "expected /> to close the tag") }
                    selfClosing = true
                    k += 2
                    break
                }
                guard k > before else { throw ScanProblem(offset: k, message: "expected white space before an attribute") }
                let attributeStart = k
                guard isNameStart(b[k]) else { throw ScanProblem(offset: k, message: "expected an attribute name") }
                k += 1
                while k < n, isNameByte(b[k]) { k += 1 }
                let attributeEnd = k
                for (otherStart, otherEnd, _, _) in attributes where otherEnd - otherStart == attributeEnd - attributeStart {
                    var same = true
                    for m in 0..<(attributeEnd - attributeStart) where b[otherStart + m] != b[attributeStart + m] { same = false; break }
                    if same { throw ScanProblem(offset: attributeStart, message: "expected each attribute once, found one twice") }
                }
                while k < n, isSpace(b[k]) { k += 1 }
                guard k < n, b[k] == equals else { throw ScanProblem(offset: k, message: "expected = after the attribute name") }
                k += 1
                while k < n, isSpace(b[k]) { k += 1 }
                guard k < n, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") else {
                    throw ScanProblem(offset: k, message: "expected a quoted attribute value")
                }
                let quote = b[k]
                let valueStart = k + 1
                k = valueStart
                var check = false   // a reference or a non-ASCII byte: decoded once here to be checked
                while k < n, b[k] != quote {
                    if b[k] == lessThan { throw ScanProblem(offset: k, message: "expected no < in an attribute value") }
                    if b[k] == ampersand || b[k] >= 0x80 { check = true }
                    k += 1
                }
                guard k < n else { throw ScanProblem(offset: valueStart, message: "expected the closing quote of the attribute value") }
                if check, decode(b, valueStart, k, attribute: true) == nil {
                    throw ScanProblem(offset: valueStart, message: "expected an attribute value with known references (&lt; &gt; &amp; &quot; &apos; &#…;) in valid UTF-8")
                }
                attributes.append((attributeStart, attributeEnd, valueStart, k))
                k += 1
            }
            let name = try localName(nameStart, nameEnd)
            delegate.start(name, XMLAttributes(bytes: b, ranges: attributes))
            if selfClosing { delegate.end(name) } else { open.append((nameStart, nameEnd)) }
            i = k
        }
        if let (openStart, openEnd) = open.last {
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[openStart..<openEnd]), as: UTF8.self)
            throw ScanProblem(offset: n, message: "expected </\(name)>, found the end of the part")
        }
        guard rootSeen else { throw ScanProblem(offset: n, message: "expected a root element, found none") }
    }

    /// What is wrong with the XML declaration's content `b[start..<end]` (after `<?xml`, before
    /// `?>`): `version="1.x"`, then optionally `encoding` (UTF-8 only) and `standalone` (yes|no), in
    /// that order; nil when it is right.
    private static func declarationProblem(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        var pairs: [(String, String)] = []
        var k = start
        while true {
            let before = k
            while k < end, isSpace(b[k]) { k += 1 }
            if k == end { break }
            guard k > before else { return "expected white space between the declaration's fields" }
            let nameStart = k
            while k < end, isNameByte(b[k]) { k += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<k]), as: UTF8.self)
            while k < end, isSpace(b[k]) { k += 1 }
            guard k < end, b[k] == equals else { return "expected name=\"value\" in the XML declaration" }
            k += 1
            while k < end, isSpace(b[k]) { k += 1 }
            guard k < end, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") else { return "expected a quoted value in the XML declaration" }
            let quote = b[k]
            let valueStart = k + 1
            k = valueStart
            while k < end, b[k] != quote { k += 1 }
            guard k < end else { return "expected the closing quote in the XML declaration" }
            pairs.append((name, String(decoding: UnsafeBufferPointer(rebasing: b[valueStart..<k]), as: UTF8.self)))
            k += 1
        }
        let order = ["version", "encoding", "standalone"]
        var last = -1
        for (name, value) in pairs {
            guard let position = order.firstIndex(of: name), position > last else { return "expected version, encoding and standalone in the XML declaration, found \(name)" }
            if last == -1 && position != 0 { return "expected version first in the XML declaration" }
            last = position
            switch name {
            case "version":
                let digits = value.dropFirst(2)
                guard value.hasPrefix("1."), !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                    return "expected version 1.x in the XML declaration, found \(value)"
                }
            case "encoding":
                guard ["utf-8", "utf8"].contains(value.lowercased()) else { return "expected the encoding UTF-8, found \(value)" }
            default:
                guard value == "yes" || value == "no" else { return "expected standalone yes or no, found \(value)" }
            }
        }
        return last == -1 ? "expected version in the XML declaration" : nil
    }

    /// The text of `b[start..<end]` with references replaced and line ends normalised (CR LF and
    /// CR to LF; in attribute values white space to spaces, as XML says); nil when a reference is
    /// unknown or malformed, or the bytes are not UTF-8.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, attribute: Bool) -> String? {
        var plain = true
        for k in start..<end {
            let c = b[k]
            if c == ampersand || c == 0x0D || (attribute && (c == 0x0A || c == 0x09)) { plain = false; break }
        }
        if plain { return makeString(b, start, end) }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var k = start
        while k < end {
            let c = b[k]
            if c == 0x0D {
                out.append(attribute ? 0x20 : 0x0A)
                k += (k + 1 < end && b[k + 1] == 0x0A) ? 2 : 1
                continue
            }
            if attribute && (c == 0x0A || c == 0x09) { out.append(0x20); k += 1; continue }
            guard c == ampersand else { out.append(c); k += 1; continue }
            var semicolon = k + 1
            while semicolon < end, semicolon - k <= 12, b[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
            guard semicolon < end, b[semicolon] == UInt8(ascii: ";") else { return nil }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[(k + 1)..<semicolon]), as: UTF8.self)
            switch name {
            case "lt": out.append(lessThan)
            case "gt": out.append(greaterThan)
            case "amp": out.append(ampersand)
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                guard name.hasPrefix("#") else { return nil }
                let digits = name.dropFirst()
                let value: UInt32?
                if digits.hasPrefix("x") { value = UInt32(digits.dropFirst(), radix: 16) } else { value = UInt32(digits, radix: 10) }
                guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = semicolon + 1
        }
        return String(validating: out, as: UTF8.self)
    }

    /// `b[start..<end]` as a String; nil when it is not valid UTF-8. ASCII (all names, numbers and
    /// references of a sheet) takes the fast path: no validation to do.
    static func makeString(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        let slice = UnsafeBufferPointer(rebasing: b[start..<end])
        for byte in slice where byte >= 0x80 { return String(validating: slice, as: UTF8.self) }
        return String(decoding: slice, as: UTF8.self)
    }

    /// Whether `b[start..<end]` holds neither a reference nor a non-ASCII byte (nothing to check).
    private static func isPlainASCII(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for k in start..<end where b[k] == ampersand || b[k] >= 0x80 { return false }
        return true
    }

    /// Line and column (1-based, columns in bytes) of a byte offset.
    private static func position(_ b: UnsafeBufferPointer<UInt8>, _ offset: Int) -> (Int, Int) {
        var line = 1, lineStart = 0
        for k in 0..<min(offset, b.count) where b[k] == 0x0A { line += 1; lineStart = k + 1 }
        return (line, offset - lineStart + 1)
    }
}
