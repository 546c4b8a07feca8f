import Foundation

/// A JSON value with keys kept in the order written, so output is stable byte for byte.
public enum JSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    /// A number, or `null` when it is NaN or infinite (JSON has no such numbers).
    public static func finite(_ v: Double?) -> JSON {
        guard let v, v.isFinite else { return .null }
        return .number(v)
    }

    /// Serialises with two-space indentation; doubles in Swift's shortest round-trip form
    /// (`Double.description`), integral doubles below 10¹⁵ as integers, NaN and ±∞ as `null`.
    public func rendered(indent: Int = 0) -> String {
        String(decoding: renderedBytes(indent: indent), as: UTF8.self)
    }

    /// The UTF-8 bytes of `rendered(indent:)`, written in one pass into one growing buffer (no
    /// intermediate strings per value): what a 75 MB report needs.
    public func renderedBytes(indent: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 12)
        write(into: &out, indent: indent)
        return out
    }

    /// Appends the rendering of this value at nesting level `indent` to `out`.
    public func write(into out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): JSON.writeInteger(Int64(i), into: &out)
        case .number(let v): JSON.writeNumber(v, into: &out)
        case .string(let s): JSON.writeQuoted(s, into: &out)
        case .array(let items):
            JSON.writeMembers(items.count, open: "[", close: "]", indent: indent, into: &out) { k, out in
                items[k].write(into: &out, indent: indent + 1)
            }
        case .object(let pairs):
            JSON.writeMembers(pairs.count, open: "{", close: "}", indent: indent, into: &out) { k, out in
                JSON.writeQuoted(pairs[k].0, into: &out)
                out.append(contentsOf: ": ".utf8)
                pairs[k].1.write(into: &out, indent: indent + 1)
            }
        }
    }

    /// An array or object of `count` members: `open` and `close` alone when empty; otherwise each
    /// member on its own line at level `indent + 1`, separated by commas, and `close` on a line at `indent`.
    static func writeMembers(_ count: Int, open: Unicode.Scalar, close: Unicode.Scalar, indent: Int, into out: inout [UInt8],
                             _ member: (Int, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: open))
        guard count > 0 else { out.append(UInt8(ascii: close)); return }
        for k in 0..<count {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\n"))
            writeIndent(indent + 1, into: &out)
            member(k, &out)
        }
        out.append(UInt8(ascii: "\n"))
        writeIndent(indent, into: &out)
        out.append(UInt8(ascii: close))
    }

    /// Two spaces per level.
    static func writeIndent(_ level: Int, into out: inout [UInt8]) {
        for _ in 0..<(2 * level) { out.append(UInt8(ascii: " ")) }
    }

    /// Decimal digits of `value`, with a leading `-` when negative.
    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// A JSON number: `null` for NaN or ±∞, an integer for integral values below 10¹⁵ in magnitude,
    /// otherwise Swift's shortest representation that reads back to the same double.
    public static func writeNumber(_ v: Double, into out: inout [UInt8]) {
        guard v.isFinite else { out.append(contentsOf: "null".utf8); return }  // JSON has no NaN or infinity
        if v == v.rounded(), abs(v) < 1e15 { writeInteger(Int64(v), into: &out); return }
        var text = v.description
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends `s` as a JSON string literal (see `quote`).
    static func writeQuoted(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { bytes in
            var run = 0  // start of the bytes not yet copied
            for (k, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<k]))
                run = k + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; other text kept as UTF-8.
    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        writeQuoted(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

