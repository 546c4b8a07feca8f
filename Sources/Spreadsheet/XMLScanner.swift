import Foundation

/// The attributes of one start tag, read from the part's bytes when asked for. Valid only during
/// the `start` call that receives them.
struct XMLAttributes {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Name start, name end, value start, value end (byte offsets) of each attribute.
    let ranges: UnsafeBufferPointer<(Int, Int, Int, Int)>

    /// The value of the attribute whose local name (after any `prefix:`) is `name`, with entity
    /// and character references replaced; nil when absent or not valid UTF-8.
    subscript(_ name: String) -> String? {
        var key = name
        return key.withUTF8 { want -> String? in
            guard let (valueStart, valueEnd) = range(want) else { return nil }
            return XMLScanner.decode(bytes, valueStart, valueEnd, attribute: true)
        }
    }

    /// The byte range of the value of the attribute whose local name is `want`, as written (references
    /// not replaced); nil when absent.
    private func range(_ want: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        for (nameStart, nameEnd, valueStart, valueEnd) in ranges {
            var start = nameStart
            for k in nameStart..<nameEnd where bytes[k] == UInt8(ascii: ":") { start = k + 1 }
            guard nameEnd - start == want.count else { continue }
            var same = true
            for k in 0..<want.count where bytes[start + k] != want[k] { same = false; break }
            if same { return (valueStart, valueEnd) }
        }
        return nil
    }

    /// The number of attributes.
    var count: Int { ranges.count }

    /// The local name (after any `prefix:`) of attribute `k` (0-based, in the order written).
    func localName(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let (nameStart, nameEnd, _, _) = ranges[k]
        var start = nameStart
        for p in nameStart..<nameEnd where bytes[p] == UInt8(ascii: ":") { start = p + 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<nameEnd])
    }

    /// Attribute `k`'s value as the part's bytes when nothing in it needs replacing (see
    /// `plainValue(_:needsDecoding:)`); nil when it does (then `value(_:)`).
    func plainValue(_ k: Int) -> UnsafeBufferPointer<UInt8>? {
        let (_, _, valueStart, valueEnd) = ranges[k]
        for p in valueStart..<valueEnd {
            let c = bytes[p]
            if c == UInt8(ascii: "&") || c == 0x0D || c == 0x0A || c == 0x09 { return nil }
        }
        return UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
    }

    /// Attribute `k`'s value with references replaced.
    func value(_ k: Int) -> String? {
        let (_, _, valueStart, valueEnd) = ranges[k]
        return XMLScanner.decode(bytes, valueStart, valueEnd, attribute: true)
    }

    /// The value of attribute `name` (an ASCII name such as `r`) as bytes, without making a String:
    /// the part's own bytes when they hold no reference and no white space that XML normalises
    /// (almost always), else nil with `needsDecoding` set (ask `self[name]` then). Absent: nil, false.
    func plainValue(_ name: StaticString, needsDecoding: inout Bool) -> UnsafeBufferPointer<UInt8>? {
        needsDecoding = false
        let want = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        guard let (valueStart, valueEnd) = range(want) else { return nil }
        for k in valueStart..<valueEnd {
            let c = bytes[k]
            if c == UInt8(ascii: "&") || c == 0x0D || c == 0x0A || c == 0x09 { needsDecoding = true; return nil }
        }
        return UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
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

/// The byte-level receiver of an `XMLScanner` pass, for the hot parts (sheets, shared strings):
/// names as their bytes (the local name, valid UTF-8), text as bytes with references replaced and
/// line ends normalised (valid UTF-8). Every buffer is valid only during the call.
protocol XMLByteSink {
    /// Whether the next text run is wanted (text that is not wanted is still checked).
    var wantsText: Bool { get }
    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes)
    mutating func end(_ name: UnsafeBufferPointer<UInt8>)
    /// A text run; `inPart` when `bytes` are the part's own (valid for the whole scan, not only
    /// during the call: no reference or CR was replaced).
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, inPart: Bool)
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are exactly `name`'s (an ASCII element or attribute name).
    @inline(__always)
    func `is`(_ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard count == n, let base = baseAddress else { return n == 0 && count == 0 }
        let want = name.utf8Start
        for k in 0..<n where base[k] != want[k] { return false }
        return true
    }
}

/// The String delegate seen through the byte sink: names and text made into Strings as before.
private struct StringSink: XMLByteSink {
    let delegate: XMLScannerDelegate
    var wantsText: Bool { delegate.wantsText }
    func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: XMLAttributes) {
        delegate.start(String(decoding: name, as: UTF8.self), attributes)
    }
    func end(_ name: UnsafeBufferPointer<UInt8>) { delegate.end(String(decoding: name, as: UTF8.self)) }
    func text(_ bytes: UnsafeBufferPointer<UInt8>, inPart: Bool) { delegate.text(String(decoding: bytes, as: UTF8.self)) }
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
        var sink = StringSink(delegate: delegate)
        return scan(data, &sink)
    }

    /// Scans `data`, calling `sink` with bytes (no String per name or text run); returns the first
    /// problem ("line L, column C: …") or nil.
    static func scan<Sink: XMLByteSink>(_ data: Data, _ sink: inout Sink) -> String? {
        data.withUnsafeBytes { raw -> String? in scan(raw.bindMemory(to: UInt8.self), &sink) }
    }

    /// Scans the bytes `bytes` whole, as `scan(_:_:)`.
    static func scan<Sink: XMLByteSink>(_ bytes: UnsafeBufferPointer<UInt8>, _ sink: inout Sink) -> String? {
        do throws(ScanProblem) {
            _ = try run(bytes, &sink, Segment(start: 0, end: bytes.count, first: true, last: true))
            return nil
        } catch {
            return message(bytes, error)
        }
    }

    /// "line L, column C: …" of a problem found in `bytes`.
    static func message(_ bytes: UnsafeBufferPointer<UInt8>, _ problem: ScanProblem) -> String {
        let (line, column) = position(bytes, problem.offset)
        return "line \(line), column \(column): \(problem.message)"
    }

    struct ScanProblem: Error { var offset: Int; var message: String }

    /// A run of a part's bytes scanned on its own (so that two threads can scan the halves of a
    /// sheet): bytes `start..<end`; `first` when it starts the part (byte order mark, declaration,
    /// one root), `last` when it ends it (every element closed). A segment that is not first starts
    /// inside elements it does not know: an end tag with none of its own open closes one of them
    /// (`SegmentEnd.outerCloses`), checked against the previous segment's open elements afterwards.
    struct Segment { var start: Int; var end: Int; var first: Bool; var last: Bool }

    /// What a segment leaves for the check that the segments join into one well-formed part.
    struct SegmentEnd {
        /// The elements open at the segment's end (name ranges, outermost first).
        var open: [(Int, Int)] = []
        /// The end tags that closed elements opened before the segment: name range and offset, in order.
        var outerCloses: [(Int, Int, Int)] = []
        /// The offset of the last start tag, CDATA section or non-blank text with none of the
        /// segment's own elements open (-1: none); such an event after the root's end is an error
        /// that only a whole scan can name.
        var lastOuterEvent = -1
    }

    private static let lessThan = UInt8(ascii: "<"), greaterThan = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    private static let ampersand = UInt8(ascii: "&"), equals = UInt8(ascii: "=")

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
    /// Bytes that may start a name (ASCII letters, `_`, `:`, and any byte of a non-ASCII character)
    /// and that may follow in one (also digits, `-` and `.`).
    @inline(__always) private static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A || b >= 0x80
    }
    @inline(__always) private static func isNameByte(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
    }

    /// Scans `segment` of `b`, calling `sink`. Offsets in problems are offsets into `b`.
    static func run<Sink: XMLByteSink>(_ b: UnsafeBufferPointer<UInt8>, _ sink: inout Sink,
                                       _ segment: Segment) throws(ScanProblem) -> SegmentEnd {
        let n = segment.end
        guard let base = b.baseAddress, n > 0 else { throw ScanProblem(offset: 0, message: "expected a root element, found an empty part") }
        var i = segment.start
        var declarationOffset = -1
        if segment.first {
            // A UTF-8 byte order mark is allowed; other encodings are not what Office writes.
            if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
            declarationOffset = i
            if n >= 2, (b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) {
                throw ScanProblem(offset: 0, message: "expected UTF-8, found a UTF-16 byte order mark")
            }
        }
        let inner = !segment.first          // elements opened before the segment enclose it
        var result = SegmentEnd()
        // The name ranges of the elements open (outermost first) and the attribute ranges of the
        // current tag, in buffers of our own: an Array's uniqueness check and range replacement on
        // every tag were a tenth of a sheet's scan.
        var open = ScanStack<(Int, Int)>(capacity: 16)
        defer { open.free() }
        var rootSeen = false
        var attributes = ScanStack<(Int, Int, Int, Int)>(capacity: 8)
        defer { attributes.free() }
        var scratch: [UInt8] = []

        func find(_ needle: StaticString, from start: Int) -> Int? {
            let want = needle.utf8Start, count = needle.utf8CodeUnitCount
            var k = start
            while k + count <= n {
                if b[k] == want[0] {
                    var same = true
                    for m in 1..<count where b[k + m] != want[m] { same = false; break }
                    if same { return k }
                }
                k += 1
            }
            return nil
        }
        /// The local name (after any prefix) of `b[start..<end]`, checked to be a name in UTF-8.
        func localName(_ start: Int, _ end: Int) throws(ScanProblem) -> UnsafeBufferPointer<UInt8> {
            var s = start
            var ascii = true
            for k in start..<end {
                let c = b[k]
                if c == UInt8(ascii: ":") { s = k + 1 } else if c >= 0x80 { ascii = false }
            }
            let name = UnsafeBufferPointer(rebasing: b[s..<end])
            guard s < end, ascii || String(validating: name, as: UTF8.self) != nil else {
                throw ScanProblem(offset: start, message: "expected an element name")
            }
            return name
        }
        let badText = "expected text with known references (&lt; &gt; &amp; &quot; &apos; &#…;) in valid UTF-8"

        while i < n {
            if b[i] != lessThan {
                // A text run up to the next tag.
                let start = i
                if let next = memchr(base + i, Int32(lessThan), n - i) {
                    i = base.distance(to: next.assumingMemoryBound(to: UInt8.self))
                } else {
                    i = n
                }
                if open.isEmpty && !inner {
                    for k in start..<i where !isSpace(b[k]) {
                        throw ScanProblem(offset: k, message: "expected only white space outside the root element, found text")
                    }
                    continue
                }
                if open.isEmpty, result.lastOuterEvent < start, (start..<i).contains(where: { !isSpace(b[$0]) }) { result.lastOuterEvent = start }
                // Plain ASCII without references or CR is passed as it is; anything else is decoded (and checked).
                var plain = true
                for k in start..<i {
                    let c = b[k]
                    if c == ampersand || c == 0x0D || c >= 0x80 { plain = false; break }
                }
                if sink.wantsText {
                    if plain {
                        sink.text(UnsafeBufferPointer(rebasing: b[start..<i]), inPart: true)
                    } else {
                        guard decodeBytes(b, start, i, attribute: false, into: &scratch) else { throw ScanProblem(offset: start, message: badText) }
                        scratch.withUnsafeBufferPointer { sink.text($0, inPart: false) }
                    }
                } else if !plain, !decodeBytes(b, start, i, attribute: false, into: &scratch) {
                    throw ScanProblem(offset: start, message: badText)
                }
                continue
            }
            let tag = i
            guard i + 1 < n else { throw ScanProblem(offset: i, message: "expected a tag after <, found the end") }
            let next = b[i + 1]
            if next == UInt8(ascii: "?") {
                guard let close = find("?>", from: i + 2) else { throw ScanProblem(offset: tag, message: "expected ?> to close the processing instruction") }
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
                    guard let close = find("--", from: i + 4), close + 2 < n, b[close + 2] == greaterThan else {
                        throw ScanProblem(offset: tag, message: "expected --> to close the comment (and no -- inside it)")
                    }
                    i = close + 3
                    continue
                }
                let cdata: StaticString = "<![CDATA["
                let cdataCount = cdata.utf8CodeUnitCount
                if i + cdataCount <= n, (0..<cdataCount).allSatisfy({ b[i + $0] == cdata.utf8Start[$0] }) {
                    if open.isEmpty {
                        guard inner else { throw ScanProblem(offset: tag, message: "expected a CDATA section inside an element") }
                        result.lastOuterEvent = tag
                    }
                    let start = i + cdataCount
                    guard let close = find("]]>", from: start) else { throw ScanProblem(offset: tag, message: "expected ]]> to close the CDATA section") }
                    if sink.wantsText {
                        let content = UnsafeBufferPointer(rebasing: b[start..<close])
                        guard !content.contains(where: { $0 >= 0x80 }) || String(validating: content, as: UTF8.self) != nil else {
                            throw ScanProblem(offset: start, message: "expected valid UTF-8 in the CDATA section")
                        }
                        sink.text(content, inPart: true)
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
                if let (openStart, openEnd) = open.last {
                    var same = openEnd - openStart == nameEnd - nameStart
                    if same { for m in 0..<(nameEnd - nameStart) where b[openStart + m] != b[nameStart + m] { same = false; break } }
                    guard same else {
                        let expected = String(decoding: UnsafeBufferPointer(rebasing: b[openStart..<openEnd]), as: UTF8.self)
                        throw ScanProblem(offset: tag, message: "expected </\(expected)> to close <\(expected)>")
                    }
                    open.removeLast()
                } else {
                    guard inner else { throw ScanProblem(offset: tag, message: "expected no end tag here: no element is open") }
                    result.outerCloses.append((nameStart, nameEnd, tag))
                }
                sink.end(try localName(nameStart, nameEnd))
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
                if inner {
                    result.lastOuterEvent = tag
                } else {
                    guard !rootSeen else { throw ScanProblem(offset: tag, message: "expected one root element, found a second") }
                    rootSeen = true
                }
            }
            attributes.removeAll()
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
                for a in 0..<attributes.count {
                    let (otherStart, otherEnd, _, _) = attributes[a]
                    guard otherEnd - otherStart == attributeEnd - attributeStart else { continue }
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
                if check, !decodeBytes(b, valueStart, k, attribute: true, into: &scratch) {
                    throw ScanProblem(offset: valueStart, message: "expected an attribute value with known references (&lt; &gt; &amp; &quot; &apos; &#…;) in valid UTF-8")
                }
                attributes.append((attributeStart, attributeEnd, valueStart, k))
                k += 1
            }
            let name = try localName(nameStart, nameEnd)
            sink.start(name, XMLAttributes(bytes: b, ranges: attributes.buffer))
            if selfClosing { sink.end(name) } else { open.append((nameStart, nameEnd)) }
            i = k
        }
        guard segment.last else {
            result.open = Array(open.buffer)
            return result
        }
        if let (openStart, openEnd) = open.last {
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[openStart..<openEnd]), as: UTF8.self)
            throw ScanProblem(offset: n, message: "expected </\(name)>, found the end of the part")
        }
        guard rootSeen || inner else { throw ScanProblem(offset: n, message: "expected a root element, found none") }
        return result
    }

    /// A growable stack in memory the scanner owns (freed by `free()`), without an Array's checks.
    struct ScanStack<Element> {
        private var base: UnsafeMutablePointer<Element>
        private var capacity: Int
        private(set) var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }
        func free() { base.deallocate() }

        var isEmpty: Bool { count == 0 }
        var last: Element? { count > 0 ? base[count - 1] : nil }
        var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
        subscript(_ k: Int) -> Element { base[k] }

        mutating func append(_ element: Element) {
            if count == capacity {
                let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
                larger.moveInitialize(from: base, count: count)
                base.deallocate()
                base = larger
                capacity *= 2
            }
            (base + count).initialize(to: element)
            count += 1
        }
        mutating func removeLast() { count -= 1; (base + count).deinitialize(count: 1) }
        mutating func removeAll() { base.deinitialize(count: count); count = 0 }
    }

    /// Whether segment ends `ends` (of consecutive segments of `b`, from the first to the last) join
    /// into one well-formed part: each segment closes, innermost first, exactly elements the ones
    /// before it left open, and nothing follows the root's end. When they do, the whole part scans
    /// with the same events and no problem.
    static func segmentsJoin(_ b: UnsafeBufferPointer<UInt8>, _ ends: [SegmentEnd]) -> Bool {
        guard var stack = ends.first?.open else { return false }
        for (k, end) in ends.enumerated().dropFirst() {
            for (start, finish, _) in end.outerCloses {
                guard let (openStart, openEnd) = stack.popLast(), openEnd - openStart == finish - start,
                      (0..<(finish - start)).allSatisfy({ b[openStart + $0] == b[start + $0] }) else { return false }
            }
            if stack.isEmpty {
                // The root ended in this segment: it must be the last, with nothing after the root's end.
                guard k == ends.count - 1, let last = end.outerCloses.last, end.lastOuterEvent < last.2 else { return false }
            }
            stack += end.open
        }
        return stack.isEmpty
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
        guard decodeBytes(b, start, end, attribute: attribute, into: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// `decode`'s text as bytes in `out` (replaced, reusing its storage); false when `decode` gives nil.
    static func decodeBytes(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, attribute: Bool,
                            into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(end - start)
        var k = start
        var ascii = true
        while k < end {
            let c = b[k]
            if c == 0x0D {
                out.append(attribute ? 0x20 : 0x0A)
                k += (k + 1 < end && b[k + 1] == 0x0A) ? 2 : 1
                continue
            }
            if attribute && (c == 0x0A || c == 0x09) { out.append(0x20); k += 1; continue }
            guard c == ampersand else {
                if c >= 0x80 { ascii = false }
                out.append(c); k += 1; continue
            }
            var semicolon = k + 1
            while semicolon < end, semicolon - k <= 12, b[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
            guard semicolon < end, b[semicolon] == UInt8(ascii: ";") else { return false }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[(k + 1)..<semicolon]), as: UTF8.self)
            switch name {
            case "lt": out.append(lessThan)
            case "gt": out.append(greaterThan)
            case "amp": out.append(ampersand)
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                guard name.hasPrefix("#") else { return false }
                let digits = name.dropFirst()
                let value: UInt32?
                if digits.hasPrefix("x") { value = UInt32(digits.dropFirst(), radix: 16) } else { value = UInt32(digits, radix: 10) }
                guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return false }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = semicolon + 1
        }
        return ascii || String(validating: out, as: UTF8.self) != nil
    }

    /// `b[start..<end]` as a String; nil when it is not valid UTF-8. ASCII (all names, numbers and
    /// references of a sheet) takes the fast path: no validation to do.
    static func makeString(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        let slice = UnsafeBufferPointer(rebasing: b[start..<end])
        for byte in slice where byte >= 0x80 { return String(validating: slice, as: UTF8.self) }
        return String(decoding: slice, as: UTF8.self)
    }

    /// Line and column (1-based, columns in bytes) of a byte offset.
    private static func position(_ b: UnsafeBufferPointer<UInt8>, _ offset: Int) -> (Int, Int) {
        var line = 1, lineStart = 0
        for k in 0..<min(offset, b.count) where b[k] == 0x0A { line += 1; lineStart = k + 1 }
        return (line, offset - lineStart + 1)
    }
}
