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
        var scanner = Scanner(path: path)
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
        var scanner = Scanner(path: path)
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
    /// they can be parsed on several cores. Each cut is after a line break outside double quotes
    /// (an even number of `"` before it), and each run's first line is counted from the line breaks
    /// before it; both counts are made on all cores, sixteen bytes at a time.
    ///
    /// A cut is a record boundary and a run's line is the one a sequential pass gives whenever the
    /// file's quotes are well formed and its lines end in `\n` or `\r\n`. For other files (a `"`
    /// inside an unquoted field, a lone `\r`) the runs may not be: so a caller must read the runs
    /// with `forEachRecord(in:_:)` and use them only when none threw and each returned the next
    /// run's `line` (`CSVFile.joins(_:endLines:)`); otherwise it reads the file in one pass.
    /// Files of at most `minimumBytes` of data are not split (threads cost more than they save).
    public func chunks(_ count: Int, minimumBytes: Int = 1 << 20) -> [CSVChunk] {
        let end = bytes.count
        let whole = [CSVChunk(start: dataOffset, end: end, line: dataLine)]
        guard count > 1, end - dataOffset > minimumBytes else { return whole }
        let bounds = (0...count).map { dataOffset + (end - dataOffset) * $0 / count }
        let tallies = SpanTallies(count: count)
        let data = bytes
        DispatchQueue.concurrentPerform(iterations: count) { k in
            let tally = data.withUnsafeBufferPointer { countLineBreaksAndQuotes($0, bounds[k], bounds[k + 1]) }
            tallies.set(k, tally)
        }
        var result: [CSVChunk] = []
        var start = dataOffset
        var startLine = dataLine
        var breaksBefore = 0, quotesBefore = 0  // before bounds[k]
        bytes.withUnsafeBufferPointer { p in
            for k in 1..<count {
                let tally = tallies.get(k - 1)
                breaksBefore += tally.breaks
                quotesBefore += tally.quotes
                // From the even split point to the first line break outside quotes.
                var cut = bounds[k]
                var breaks = breaksBefore
                var quotes = quotesBefore
                var found = false
                while cut < end {
                    let b = p[cut]
                    cut += 1
                    if b == 0x22 { quotes += 1 } else if b == 0x0A {
                        breaks += 1
                        if quotes & 1 == 0 { found = true; break }
                    }
                }
                guard found, cut > start, cut < end else { continue }
                result.append(CSVChunk(start: start, end: cut, line: startLine))
                start = cut
                startLine = dataLine + breaks
            }
        }
        result.append(CSVChunk(start: start, end: end, line: startLine))
        return result
    }

    /// True when runs read with `forEachRecord(in:_:)`, none of which threw, are the records of one
    /// sequential pass: each run ended on the line the next one starts on (`endLines[k]` is what
    /// reading `chunks[k]` returned).
    public static func joins(_ chunks: [CSVChunk], endLines: [Int]) -> Bool {
        guard endLines.count == chunks.count else { return false }
        for k in chunks.indices.dropFirst() where endLines[k - 1] != chunks[k].line { return false }
        return true
    }

    /// Calls `body` for each record of one chunk (from `chunks(_:)`), in file order, and returns
    /// the line the scanner reached at the chunk's end (see `chunks(_:)` for how to check a split).
    @discardableResult
    public func forEachRecord(in chunk: CSVChunk, _ body: (borrowing CSVRecord) throws -> Void) throws -> Int {
        var scanner = Scanner(path: path)
        scanner.position = chunk.start
        scanner.line = chunk.line
        var record = CSVRecord()
        try bytes.withUnsafeBufferPointer { buffer in
            let bounded = UnsafeBufferPointer(rebasing: buffer[0..<chunk.end])
            while try scanner.next(into: &record, buffer: bounded) {
                try body(record)
            }
        }
        return scanner.line
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

/// Line breaks and double quotes counted in one span of a file, by one worker each.
final class SpanTallies: @unchecked Sendable {
    private var tallies: [(breaks: Int, quotes: Int)]
    private let lock = NSLock()
    init(count: Int) { tallies = Array(repeating: (0, 0), count: count) }
    func set(_ k: Int, _ tally: (breaks: Int, quotes: Int)) {
        lock.lock(); tallies[k] = tally; lock.unlock()
    }
    func get(_ k: Int) -> (breaks: Int, quotes: Int) {
        lock.lock(); defer { lock.unlock() }
        return tallies[k]
    }
}

/// The `\n` and `"` bytes in `p[lo..<hi]`, sixteen bytes at a time: a lane comparison gives −1
/// (all bits set) where a byte matches, subtracted into byte counters that are summed every 255
/// blocks, before they could wrap (≈ 20 GB/s a core, against ≈ 4 for a word-at-a-time count).
func countLineBreaksAndQuotes(_ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> (breaks: Int, quotes: Int) {
    guard let base = p.baseAddress, lo < hi else { return (0, 0) }
    let raw = UnsafeRawPointer(base)
    let newline = SIMD16<UInt8>(repeating: 0x0A), quote = SIMD16<UInt8>(repeating: 0x22)
    var breaks = 0, quotes = 0
    var i = lo
    while i + 16 <= hi {
        let blocks = min(255, (hi - i) / 16)
        var breakCounts = SIMD16<UInt8>(), quoteCounts = SIMD16<UInt8>()
        for _ in 0..<blocks {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            breakCounts &-= unsafeBitCast(v .== newline, to: SIMD16<UInt8>.self)
            quoteCounts &-= unsafeBitCast(v .== quote, to: SIMD16<UInt8>.self)
            i += 16
        }
        for k in 0..<16 {
            breaks += Int(breakCounts[k])
            quotes += Int(quoteCounts[k])
        }
    }
    while i < hi {
        if base[i] == 0x0A { breaks += 1 } else if base[i] == 0x22 { quotes += 1 }
        i += 1
    }
    return (breaks, quotes)
}

/// A run of whole data records: bytes `start..<end` of the file, the first on line `line`.
public struct CSVChunk: Sendable, Equatable {
    public let start: Int
    public let end: Int
    public let line: Int
}

/// Where one field of a record lies in the file's bytes, and what the scanner learnt of it on the way.
struct CSVField {
    /// Byte range of the field (without surrounding quotes).
    var start: Int
    var end: Int
    /// The field's digits as one integer, when `flags` has `number`.
    var significand: UInt64
    /// `quoted`, `number`, `whole`, `negative` bits and, from bit 8, the digits after the point.
    var flags: UInt32

    /// The field was in double quotes.
    static let quoted: UInt32 = 1
    /// The field is exactly `[+-]?D*(.D*)?` with 1 to 19 digits, no spaces: `significand`, `negative`
    /// and the fraction digits (bits 8…) give its value.
    static let number: UInt32 = 2
    /// A `number` without a decimal point and with at most 18 digits (a whole number).
    static let whole: UInt32 = 4
    static let negative: UInt32 = 8
}

/// One CSV record: field boundaries into the file's bytes, reused from record to record (one
/// buffer that grows to the widest record; no per-field allocation or copy-on-write check).
public struct CSVRecord: ~Copyable {
    /// One-based line on which the record starts.
    public internal(set) var line: Int = 0
    /// Number of fields.
    public internal(set) var count: Int = 0
    var fields: UnsafeMutablePointer<CSVField>
    var capacity: Int
    var base: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)

    init() {
        capacity = 16
        fields = .allocate(capacity: capacity)
    }

    deinit { fields.deallocate() }

    /// Room for field `i` (doubling the buffer when a record is wider than any before).
    @inline(__always)
    mutating func ensure(_ i: Int) {
        if i >= capacity { grow() }
    }

    @inline(never)
    mutating func grow() {
        let bigger = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: fields, count: capacity)
        fields.deallocate()
        fields = bigger
        capacity *= 2
    }

    /// True when field `i` was in double quotes.
    @inline(__always)
    func isQuoted(_ i: Int) -> Bool {
        precondition(i >= 0 && i < count, "field index out of range")
        return fields[i].flags & CSVField.quoted != 0
    }

    /// The raw bytes of field `i` (without surrounding quotes; `""` inside quotes not yet collapsed).
    public func rawBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(i >= 0 && i < count, "field index out of range")
        let f = fields[i]
        return UnsafeBufferPointer(start: base.baseAddress.map { $0 + f.start }, count: f.end - f.start)
    }

    /// True when field `i` is empty or only spaces.
    public func isBlank(_ i: Int) -> Bool {
        let raw = rawBytes(i)
        for b in raw where b != 0x20 && b != 0x09 { return false }
        return true
    }

    /// Field `i` as a string (quotes removed, `""` collapsed to `"`).
    public func string(_ i: Int) -> String {
        let raw = rawBytes(i)
        if !isQuoted(i) { return String(decoding: raw, as: UTF8.self) }
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
    /// one (`numberProblem(_:whole:)` says why). Allocation-free; a plain number's digits were
    /// already gathered by the scanner, so its bytes are not read again.
    public func double(_ i: Int) -> Double? {
        precondition(i >= 0 && i < count, "field index out of range")
        let f = fields[i]
        if f.flags & CSVField.number != 0,
           let v = decimalToDouble(significand: f.significand, power: -Int(f.flags >> 8),
                                   negative: f.flags & CSVField.negative != 0) {
            return v
        }
        return parseDecimal(rawBytes(i))
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
    let path: String
    var position = 0
    var line = 1

    init(path: String) {
        self.path = path
    }

    /// Scans the next non-blank record into `record`; false at end of input. Unquoted fields that
    /// are plain numbers have their digits gathered on the way (`CSVField.number`).
    mutating func next(into record: inout CSVRecord, buffer: UnsafeBufferPointer<UInt8>) throws -> Bool {
        let n = buffer.count
        guard let bytes = buffer.baseAddress else { return false }
        var position = self.position
        defer { self.position = position }
        // Skip blank lines.
        while position < n {
            let b = bytes[position]
            if b == 0x0A { line += 1; position += 1 } else if b == 0x0D { position += 1 } else { break }
        }
        if position >= n { return false }
        record.base = buffer
        record.line = line
        record.count = 0
        var field = 0
        while true {
            record.ensure(field)
            if position < n && bytes[position] == 0x22 {
                // Quoted field.
                let quoteLine = line
                position += 1
                let start = position
                var closed = false
                while position < n {
                    let b = bytes[position]
                    if b == 0x22 {
                        if position + 1 < n && bytes[position + 1] == 0x22 { position += 2; continue }
                        closed = true
                        break
                    }
                    if b == 0x0A { line += 1 }
                    position += 1
                }
                guard closed else {
                    record.count = field
                    throw InputError(file: path, line: quoteLine, column: field + 1,
                                     message: "a quoted field is not closed; expected a closing \" before the end of the file")
                }
                record.fields[field] = CSVField(start: start, end: position, significand: 0, flags: CSVField.quoted)
                position += 1  // closing quote
                if position < n {
                    let b = bytes[position]
                    if b != 0x2C && b != 0x0A && b != 0x0D {
                        record.count = field
                        throw InputError(file: path, line: line, column: field + 1,
                                         message: "expected a comma or the end of the line after a closing quote, found \"\(String(decoding: [b], as: UTF8.self))\"")
                    }
                }
            } else {
                // Unquoted: first as a plain number [+-]?D*(.D*)?, then (if something else
                // follows) on to the next comma or line end.
                let start = position
                var flags: UInt32 = 0
                if position < n {
                    let b = bytes[position]
                    if b == 0x2D { flags = CSVField.negative; position += 1 } else if b == 0x2B { position += 1 }
                }
                let digitsStart = position
                var w: UInt64 = 0
                accumulateDigits(bytes, &position, n, into: &w)
                var digits = position - digitsStart
                var fraction = 0
                var point = false
                if position < n && bytes[position] == 0x2E {
                    point = true
                    position += 1
                    let fractionStart = position
                    accumulateDigits(bytes, &position, n, into: &w)
                    fraction = position - fractionStart
                    digits += fraction
                }
                let atEnd = position >= n || bytes[position] == 0x2C || bytes[position] == 0x0A || bytes[position] == 0x0D
                if atEnd {
                    if digits > 0 && digits <= 19 {
                        flags |= CSVField.number | UInt32(fraction) << 8
                        if !point && digits <= 18 { flags |= CSVField.whole }
                    }
                } else {
                    while position < n {
                        let b = bytes[position]
                        if b == 0x2C || b == 0x0A || b == 0x0D { break }
                        position += 1
                    }
                }
                record.fields[field] = CSVField(start: start, end: position, significand: w, flags: flags)
            }
            field += 1
            if position >= n { break }
            let b = bytes[position]
            if b == 0x2C { position += 1; if position >= n { // trailing comma: one more empty field
                    record.ensure(field)
                    record.fields[field] = CSVField(start: n, end: n, significand: 0, flags: 0)
                    field += 1
                    break
                }
                continue
            }
            // End of line.
            if b == 0x0D { position += 1 }
            if position < n && bytes[position] == 0x0A { position += 1 }
            line += 1
            break
        }
        record.count = field
        return true
    }
}

/// The value of the eight ASCII digits at `p` (the first the most significant), or nil when one
/// of the eight bytes is not a digit. Word-parallel: a byte is a digit when its high nibble is 3
/// and adding 6 does not carry it out of the low nibble; the digits are then combined in pairs,
/// fours and the eight by three multiplications (each step weights the lower-addressed part by 10,
/// 100 or 10⁴ and shifts it into place).
@inline(__always)
func eightDigits(_ p: UnsafePointer<UInt8>) -> UInt64? {
    let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    let isDigits = (word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
    guard isDigits == 0x3333_3333_3333_3333 else { return nil }
    var v = word &- 0x3030_3030_3030_3030
    // Bytes d0 d1 … d7 (d0 first in memory, the lowest byte): pairs 10·d0 + d1 in every other byte.
    v = (v &* 10) &+ (v >> 8)
    // Pairs to fours and fours to the eight: 100·p0 + p1 and 10⁴·f0 + f1 in the top half.
    let pairs = v & 0x0000_00FF_0000_00FF, upperPairs = (v >> 16) & 0x0000_00FF_0000_00FF
    return ((pairs &* (100 + (1_000_000 << 32))) &+ (upperPairs &* (1 + (10_000 << 32)))) >> 32
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
        adviseHugePages(base, size)
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

/// Asks Linux to back the 2 MiB-aligned interior of a large, not yet touched buffer with
/// transparent huge pages, so that reading a 150 MB file into it faults 75 times instead of
/// 37,000 (the faults and their page clearing were a fifth of a large file's import). Only advice:
/// ignored where huge pages are off or unsupported, and the memory stays the allocator's.
func adviseHugePages(_ base: UnsafeMutablePointer<UInt8>, _ size: Int) {
    #if os(Linux)
    let huge = 2 << 20
    guard size >= 4 * huge else { return }
    let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: base) + size) & ~(huge - 1)
    guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(aligned, end - start, 14)  // MADV_HUGEPAGE
    #endif
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

/// Appends the decimal digits at `bytes[position...]` (before `n`) to `w` (`w·10 + d` per digit,
/// eight at a time while eight digits follow) and moves `position` past them. Wraps past 19 digits;
/// the caller counts the digits and takes the slow parser then.
@inline(__always)
private func accumulateDigits(_ bytes: UnsafePointer<UInt8>, _ position: inout Int, _ n: Int, into w: inout UInt64) {
    while position + 8 <= n, let eight = eightDigits(bytes + position) {
        w = w &* 100_000_000 &+ eight
        position += 8
    }
    while position < n {
        let d = bytes[position] &- 0x30
        if d > 9 { break }
        w = w &* 10 &+ UInt64(d)
        position += 1
    }
}
