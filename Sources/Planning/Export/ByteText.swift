/// A growing UTF-8 byte buffer for writing CSV quickly and deterministically.
struct ByteText {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func text(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// A CSV field: quoted (with `""` for quotes) only when it holds a comma, quote or line break.
    mutating func field(_ s: String) {
        if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            bytes.append(0x22)
            for b in s.utf8 { if b == 0x22 { bytes.append(0x22) }; bytes.append(b) }
            bytes.append(0x22)
        } else {
            bytes.append(contentsOf: s.utf8)
        }
    }

    mutating func int(_ v: Int) {
        if v < 0 { bytes.append(0x2D) }
        var m = v.magnitude
        if m == 0 { bytes.append(0x30); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while m > 0 { buffer[n] = UInt8(m % 10) + 0x30; m /= 10; n += 1 }
            for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(buffer[k]) }
        }
    }

    /// A number: whole numbers without a decimal point, others in Swift's shortest round-trip form.
    mutating func number(_ v: Double) {
        if v == v.rounded() && abs(v) < 1e15 { int(Int(v)) } else { text(String(v)) }
    }

    mutating func flag(_ v: Bool) { bytes.append(v ? 0x31 : 0x30) }
    mutating func comma() { bytes.append(0x2C) }
    mutating func newline() { bytes.append(0x0A) }

    /// A header row.
    mutating func header(_ names: [String]) {
        text(names.joined(separator: ","))
        newline()
    }
}
