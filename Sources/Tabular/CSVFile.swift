#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The text encoding a CSV file was found to be in.
public enum TextEncoding: String, Sendable {
    /// UTF-8 (with or without a byte-order mark) or plain ASCII.
    case utf8 = "UTF-8"
    /// GBK / GB18030, common in exports from Chinese county offices; transcoded to UTF-8 on reading.
    case gb18030 = "GBK/GB18030"
}

/// A CSV file read into memory and scanned record by record (RFC 4180: comma-separated,
/// fields optionally in double quotes, `""` for a quote inside quotes, line breaks inside
/// quotes allowed, `\n` or `\r\n` line ends, blank lines skipped). The first record is the header.
///
/// The scanner works on bytes and hands each record to a closure without allocating per field,
/// so 10⁶ rows parse in well under a second; cells become numbers or strings only when a
/// loader asks for them.
public struct CSVFile: Sendable {
    /// The path as given (used in error messages).
    public let path: String
    /// The UTF-8 content (BOM removed; transcoded when the file was GBK).
    public let bytes: [UInt8]
    /// The encoding the file was in.
    public let encoding: TextEncoding
    /// Column names from the header row, trimmed of surrounding spaces.
    public let header: [String]
    /// Byte offset where the first data record starts, and its line number.
    let dataOffset: Int
    let dataLine: Int

    /// Reads and checks the header of a CSV file.
    /// - Throws: `InputError` when the file cannot be read, is empty, is UTF-16, is neither UTF-8 nor GBK,
    ///   or its header has an empty or repeated column name.
    public init(path: String) throws {
        try self.init(path: path, data: try readWholeFile(path))
    }

    /// Parses CSV held in memory; `path` names it in errors.
    public init(path: String, data: [UInt8]) throws {
        self.path = path
        var raw = data
        if raw.count >= 2, (raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF) {
            throw InputError(file: path, message: "the file is UTF-16; expected UTF-8 (save it as \"CSV UTF-8\")")
        }
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { raw.removeFirst(3) }
        if let bad = firstInvalidUTF8(raw) {
            // Not UTF-8. GBK when the GBK/GB18030 byte structure holds further than UTF-8 did (a
            // county export with Chinese text before the break); then a broken sequence is reported
            // where it is, not at the first Chinese character. Columns are characters of the line.
            let gbk = gb18030Check(raw)
            if gbk.pairs > 0, gbk.invalidAt == nil {
                switch transcodeGB18030(raw) {
                case .success(let converted):
                    raw = converted
                    encoding = .gb18030
                case .failure(let refused):
                    throw Self.gb18030Error(path: path, raw: raw, at: refused.offset)
                }
            } else if let at = gbk.invalidAt, gbk.pairs > 0, at > bad {
                throw Self.gb18030Error(path: path, raw: raw, at: at)
            } else {
                let (line, column) = lineAndColumn(of: bad, in: raw)
                throw InputError(file: path, line: line, column: column,
                                 message: "byte 0x\(String(raw[bad], radix: 16, uppercase: true)) is not valid UTF-8 and the file is not GBK either; expected UTF-8 text")
            }
        } else {
            encoding = .utf8
        }
        bytes = raw
        // Header record.
        var fields: [String] = []
        var headerEnd = 0
        var nextLine = 1
        var headerLine = 0
        var scanner = Scanner(bytes: raw, path: path)
        var record = CSVRecord()
        let found = try raw.withUnsafeBufferPointer { buffer -> Bool in
            guard try scanner.next(into: &record, buffer: buffer) else { return false }
            fields = (0..<record.count).map { record.string($0).trimmingCharacters(in: .whitespaces) }
            headerEnd = scanner.position
            nextLine = scanner.line
            headerLine = record.line
            return true
        }
        guard found else { throw InputError(file: path, message: "the file is empty; expected a header row and data") }
        var seen: [String: Int] = [:]
        for (i, name) in fields.enumerated() {
            if name.isEmpty {
                throw InputError(file: path, line: headerLine, column: i + 1, message: "empty column name in the header")
            }
            if let first = seen[name] {
                throw InputError(file: path, line: headerLine, column: i + 1,
                                 message: "column name \"\(name)\" repeats column \(first + 1)")
            }
            seen[name] = i
        }
        header = fields
        dataOffset = headerEnd
        dataLine = nextLine
    }

    /// Zero-based index of a header column, or nil.
    public func columnIndex(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Calls `body` for each data record in file order. The record (and the byte views it
    /// hands out) is valid only during the call.
    /// - Throws: `InputError` for an unterminated quote or text after a closing quote, and whatever `body` throws.
    public func forEachRecord(_ body: (borrowing CSVRecord) throws -> Void) throws {
        var scanner = Scanner(bytes: bytes, path: path)
        scanner.position = dataOffset
        scanner.line = dataLine
        var record = CSVRecord()
        try bytes.withUnsafeBufferPointer { buffer in
            while try scanner.next(into: &record, buffer: buffer) {
                try body(record)
            }
        }
    }

    /// Splits the data records into at most `count` runs of whole records of about equal size, so
    /// they can be parsed on several cores. A file containing a double quote is not split (a quoted
    /// field may hold a line break, so a line start is not always a record start).
    /// Files of at most `minimumBytes` of data are not split (threads cost more than they save).
    public func chunks(_ count: Int, minimumBytes: Int = 1 << 20) -> [CSVChunk] {
        let end = bytes.count
        let whole = [CSVChunk(start: dataOffset, end: end, line: dataLine)]
        guard count > 1, end - dataOffset > minimumBytes else { return whole }
        let hasQuote = bytes.withUnsafeBufferPointer { p -> Bool in
            guard let base = p.baseAddress else { return false }
            return memchr(base + dataOffset, 0x22, end - dataOffset) != nil
        }
        if hasQuote { return whole }
        var result: [CSVChunk] = []
        var start = dataOffset
        var line = dataLine
        bytes.withUnsafeBufferPointer { p in
            for k in 1...count {
                var cut = k == count ? end : dataOffset + (end - dataOffset) * k / count
                while cut < end && p[cut - 1] != 0x0A { cut += 1 }
                if cut <= start { continue }
                result.append(CSVChunk(start: start, end: cut, line: line))
                for i in start..<cut where p[i] == 0x0A { line += 1 }
                start = cut
            }
        }
        return result
    }

    /// Calls `body` for each record of one chunk (from `chunks(_:)`), in file order.
    public func forEachRecord(in chunk: CSVChunk, _ body: (borrowing CSVRecord) throws -> Void) throws {
        var scanner = Scanner(bytes: bytes, path: path)
        scanner.position = chunk.start
        scanner.line = chunk.line
        var record = CSVRecord()
        try bytes.withUnsafeBufferPointer { buffer in
            let bounded = UnsafeBufferPointer(rebasing: buffer[0..<chunk.end])
            while try scanner.next(into: &record, buffer: bounded) {
                try body(record)
            }
        }
    }

    /// About how many records `chunk` holds, from the line breaks in its first 64 KiB (10 % added),
    /// to reserve storage; not a count.
    public func estimatedRecords(in chunk: CSVChunk) -> Int {
        let sample = min(chunk.end - chunk.start, 65_536)
        guard sample > 0 else { return 0 }
        var breaks = 0
        for i in chunk.start..<chunk.start + sample where bytes[i] == 0x0A { breaks += 1 }
        return Int(Double(max(breaks, 1)) * Double(chunk.end - chunk.start) / Double(sample) * 1.1) + 1
    }

    /// The number of data records (one full scan).
    public func recordCount() throws -> Int {
        var n = 0
        try forEachRecord { _ in n += 1 }
        return n
    }
}

/// A run of whole data records: bytes `start..<end` of the file, the first on line `line`.
public struct CSVChunk: Sendable, Equatable {
    public let start: Int
    public let end: Int
    public let line: Int
}

/// One CSV record: field boundaries into the file's bytes, reused from record to record.
public struct CSVRecord: ~Copyable {
    /// One-based line on which the record starts.
    public internal(set) var line: Int = 0
    /// Number of fields.
    public internal(set) var count: Int = 0
    var starts: [Int] = []
    var ends: [Int] = []
    var quoted: [Bool] = []
    var base: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)

    init() {}

    /// The raw bytes of field `i` (without surrounding quotes; `""` inside quotes not yet collapsed).
    public func rawBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: base[starts[i]..<ends[i]])
    }

    /// True when field `i` is empty or only spaces.
    public func isBlank(_ i: Int) -> Bool {
        var p = starts[i]
        while p < ends[i] {
            if base[p] != 0x20 && base[p] != 0x09 { return false }
            p += 1
        }
        return true
    }

    /// Field `i` as a string (quotes removed, `""` collapsed to `"`).
    public func string(_ i: Int) -> String {
        let raw = rawBytes(i)
        if !quoted[i] { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            out.append(raw[k])
            if raw[k] == 0x22 && k + 1 < raw.count && raw[k + 1] == 0x22 { k += 2 } else { k += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Field `i` parsed as a decimal number by the rules of `NumberText` (correctly rounded and
    /// finite; `inf`, `nan`, hexadecimal, thousands separators, full-width digits and trailing
    /// text are not numbers), after removing surrounding ASCII spaces and tabs; nil when it is not
    /// one (`numberProblem(_:whole:)` says why). Allocation-free.
    public func double(_ i: Int) -> Double? {
        parseDecimal(rawBytes(i))
    }

    /// Why field `i` (trimmed of surrounding ASCII spaces and tabs) is not a decimal number, or a
    /// whole number when `whole`, under the rules of `NumberText`; nil when it is one. For messages
    /// after `double(_:)` or `int(_:)` returned nil (not for the hot path).
    public func numberProblem(_ i: Int, whole: Bool = false) -> NumberTextProblem? {
        let raw = rawBytes(i)
        var lo = 0, hi = raw.count
        while lo < hi && (raw[lo] == 0x20 || raw[lo] == 0x09) { lo += 1 }
        while hi > lo && (raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09) { hi -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: raw[lo..<hi])
        if whole {
            if case .failure(let problem) = NumberText.wholeNumber(bytes: trimmed) { return problem }
        } else if case .failure(let problem) = NumberText.decimal(bytes: trimmed) {
            return problem
        }
        return nil
    }
}

struct Scanner {
    let bytes: [UInt8]
    let path: String
    var position = 0
    var line = 1

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// Scans the next non-blank record into `record`; false at end of input.
    mutating func next(into record: inout CSVRecord, buffer: UnsafeBufferPointer<UInt8>) throws -> Bool {
        let n = buffer.count
        // Skip blank lines.
        while position < n {
            let b = buffer[position]
            if b == 0x0A { line += 1; position += 1 } else if b == 0x0D { position += 1 } else { break }
        }
        if position >= n { return false }
        record.base = buffer
        record.line = line
        record.count = 0
        var field = 0
        while true {
            if field == record.starts.count {
                record.starts.append(0); record.ends.append(0); record.quoted.append(false)
            }
            if position < n && buffer[position] == 0x22 {
                // Quoted field.
                let quoteLine = line
                position += 1
                let start = position
                var closed = false
                while position < n {
                    let b = buffer[position]
                    if b == 0x22 {
                        if position + 1 < n && buffer[position + 1] == 0x22 { position += 2; continue }
                        closed = true
                        break
                    }
                    if b == 0x0A { line += 1 }
                    position += 1
                }
                guard closed else {
                    throw InputError(file: path, line: quoteLine, column: field + 1,
                                     message: "a quoted field is not closed; expected a closing \" before the end of the file")
                }
                record.starts[field] = start
                record.ends[field] = position
                record.quoted[field] = true
                position += 1  // closing quote
                if position < n {
                    let b = buffer[position]
                    if b != 0x2C && b != 0x0A && b != 0x0D {
                        throw InputError(file: path, line: line, column: field + 1,
                                         message: "expected a comma or the end of the line after a closing quote, found \"\(String(decoding: [b], as: UTF8.self))\"")
                    }
                }
            } else {
                let start = position
                while position < n {
                    let b = buffer[position]
                    if b == 0x2C || b == 0x0A || b == 0x0D { break }
                    position += 1
                }
                record.starts[field] = start
                record.ends[field] = position
                record.quoted[field] = false
            }
            field += 1
            if position >= n { break }
            let b = buffer[position]
            if b == 0x2C { position += 1; if position >= n { // trailing comma: one more empty field
                    if field == record.starts.count { record.starts.append(0); record.ends.append(0); record.quoted.append(false) }
                    record.starts[field] = n; record.ends[field] = n; record.quoted[field] = false; field += 1
                    break
                }
                continue
            }
            // End of line.
            if b == 0x0D { position += 1 }
            if position < n && buffer[position] == 0x0A { position += 1 }
            line += 1
            break
        }
        record.count = field
        return true
    }
}

// MARK: - reading

/// The bytes of a file, read with POSIX calls straight into one array (no intermediate `Data` copy).
/// - Throws: `InputError` when the file is missing, a folder, or unreadable.
func readWholeFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
        throw InputError(file: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
        throw InputError(file: path, message: "not a regular file")
    }
    let size = Int(info.st_size)
    var failure: Int32 = 0
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        count = 0
        guard let base = buffer.baseAddress else { return }
        while count < size {
            let got = read(fd, base + count, size - count)
            if got < 0 { if errno == EINTR { continue }; failure = errno; return }
            if got == 0 { break }
            count += got
        }
    }
    if failure != 0 { throw InputError(file: path, message: "cannot read the file (\(String(cString: strerror(failure))))") }
    // A file that grew while being read: take the rest too.
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if got <= 0 { break }
        bytes.append(contentsOf: chunk[0..<got])
    }
    return bytes
}

// MARK: - encodings

/// Offset of the first byte that breaks UTF-8, or nil when the whole buffer is valid UTF-8.
func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
    b.withUnsafeBufferPointer { p -> Int? in
        guard let base = p.baseAddress else { return nil }
        let n = p.count
        var i = 0
        while i < n {
            // Skip ASCII eight bytes at a time.
            while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            if i >= n { break }
            let c = p[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minimum: UInt32 = 0
            var value: UInt32 = 0
            if c & 0xE0 == 0xC0 { need = 1; minimum = 0x80; value = UInt32(c & 0x1F) }
            else if c & 0xF0 == 0xE0 { need = 2; minimum = 0x800; value = UInt32(c & 0x0F) }
            else if c & 0xF8 == 0xF0 { need = 3; minimum = 0x10000; value = UInt32(c & 0x07) }
            else { return i }
            if i + need >= n { return i }
            for k in 1...need {
                guard i + k < n, p[i + k] & 0xC0 == 0x80 else { return i }
                value = (value << 6) | UInt32(p[i + k] & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return i }
            i += need + 1
        }
        return nil
    }
}

/// Scans the GBK/GB18030 byte structure: every non-ASCII byte must start a double-byte character
/// (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F) or a four-byte sequence (lead, 0x30–0x39,
/// 0x81–0xFE, 0x30–0x39). Returns the offset of the first byte where that breaks (nil: never) and
/// the number of multi-byte characters before it.
func gb18030Check(_ b: [UInt8]) -> (invalidAt: Int?, pairs: Int) {
    var i = 0
    let n = b.count
    var pairs = 0
    while i < n {
        let c = b[i]
        if c < 0x80 { i += 1; continue }
        guard c >= 0x81 && c <= 0xFE, i + 1 < n else { return (i, pairs) }
        let t = b[i + 1]
        if t >= 0x30 && t <= 0x39 {
            guard i + 3 < n, b[i + 2] >= 0x81, b[i + 2] <= 0xFE, b[i + 3] >= 0x30, b[i + 3] <= 0x39 else { return (i, pairs) }
            i += 4
        } else {
            guard t >= 0x40 && t <= 0xFE && t != 0x7F else { return (i, pairs) }
            i += 2
        }
        pairs += 1
    }
    return (nil, pairs)
}

/// Where iconv stopped reading GB18030: the offset of the sequence it refused.
struct GB18030Refusal: Error { var offset: Int }

/// GB18030 (a superset of GBK) to UTF-8 with the C library's iconv; the offset of the first
/// sequence iconv refuses otherwise (0 when iconv is unavailable).
func transcodeGB18030(_ input: [UInt8]) -> Result<[UInt8], GB18030Refusal> {
    let cd = iconv_open("UTF-8", "GB18030")
    if cd == iconv_t(bitPattern: -1) { return .failure(GB18030Refusal(offset: 0)) }
    defer { iconv_close(cd) }
    var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
    var inCopy = input
    let written: Result<Int, GB18030Refusal> = inCopy.withUnsafeMutableBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            guard let inBase = inBuf.baseAddress, let outBase = outBuf.baseAddress else { return .success(0) }
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
            var outLeft = outBuf.count
            let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            if r == -1 || inLeft != 0 { return .failure(GB18030Refusal(offset: inBuf.count - inLeft)) }
            return .success(outBuf.count - outLeft)
        }
    }
    return written.map { count in
        output.removeSubrange(count...)
        return output
    }
}

extension CSVFile {
    /// A broken GBK/GB18030 sequence at byte `offset`: its line, its column in characters (an ASCII
    /// byte or a whole GBK character each count one) and its bytes.
    static func gb18030Error(path: String, raw: [UInt8], at offset: Int) -> InputError {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, raw.count) where raw[i] == 0x0A { line += 1; lineStart = i + 1 }
        var column = 1, i = lineStart
        while i < offset {
            let c = raw[i]
            i += c < 0x80 ? 1 : (i + 1 < raw.count && raw[i + 1] >= 0x30 && raw[i + 1] <= 0x39 ? 4 : 2)
            column += 1
        }
        let shown = raw[min(offset, raw.count)..<min(offset + 2, raw.count)]
            .map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        return InputError(file: path, line: line, column: column,
                          message: "the bytes \(shown) are not a GBK/GB18030 character (the file reads as GBK before them); expected GBK text throughout, or UTF-8")
    }
}

/// One-based line and byte column of a byte offset.
func lineAndColumn(of offset: Int, in b: [UInt8]) -> (Int, Int) {
    var line = 1
    var lineStart = 0
    for i in 0..<min(offset, b.count) where b[i] == 0x0A {
        line += 1
        lineStart = i + 1
    }
    return (line, offset - lineStart + 1)
}

