/// A hash index from short byte strings (identifiers such as `H0000001`) to row numbers, keyed
/// directly by the bytes of a CSV field so that loaders of 10⁶ rows make no `String` per lookup.
///
/// Open addressing with linear probing over a power-of-two table, FNV-1a hashing; the keys are kept
/// in one contiguous byte arena. Not for untrusted adversarial input (no hash seeding).
public struct ByteKeyIndex: Sendable {
    /// Per slot: 0 when empty, else (32-bit fingerprint of the hash << 32) | (entry + 1).
    private var slots: [UInt64]
    /// Per entry: (start in the arena << 20) | length (keys up to 1 MiB).
    private var spans: [UInt64] = []
    private var values: [Int32] = []
    private var arena: [UInt8] = []
    private var mask: Int

    /// An empty index sized for about `capacity` keys.
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        spans.reserveCapacity(capacity); values.reserveCapacity(capacity)
        arena.reserveCapacity(capacity * 8)
    }

    /// An index of `keys`, mapping each to its position (the first position when a key repeats).
    public init(_ keys: [String]) {
        self.init(capacity: keys.count)
        for (k, key) in keys.enumerated() {
            var copy = key
            copy.withUTF8 { _ = insert($0, value: Int32(k)) }
        }
    }

    /// Number of keys.
    public var count: Int { values.count }

    /// FNV-1a followed by a 64-bit finaliser so that the low bits (the slot) and the high bits
    /// (the fingerprint) are both well mixed, even for sequential identifiers.
    @inline(__always) private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    @inline(__always) private static func same(_ span: UInt64, _ arena: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(span >> 20), length = Int(span & 0xF_FFFF)
        guard length == key.count else { return false }
        var k = 0
        while k < length { if arena[start + k] != key[k] { return false }; k += 1 }
        return true
    }

    /// Slot of `key` (holding it, or the empty slot where it would go).
    @inline(__always) private func probe(_ key: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> (slot: Int, entry: Int?) {
        let fingerprint = h >> 32
        var slot = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { s in
            spans.withUnsafeBufferPointer { sp in
                arena.withUnsafeBufferPointer { a in
                    while true {
                        let v = s[slot]
                        if v == 0 { return (slot, nil) }
                        let entry = Int(v & 0xFFFF_FFFF) - 1
                        if v >> 32 == fingerprint && ByteKeyIndex.same(sp[entry], a, key) { return (slot, entry) }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// The value of `key`, or nil.
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let entry = probe(key, ByteKeyIndex.hash(key)).entry else { return nil }
        return values[entry]
    }

    /// The value of `key` (a `String`), or nil.
    public func find(_ key: String) -> Int32? {
        var copy = key
        return copy.withUTF8 { find($0) }
    }

    /// Adds `key → value` unless `key` is present; returns the existing value when it was.
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> Int32? {
        if values.count * 2 >= slots.count { grow() }
        let h = ByteKeyIndex.hash(key)
        let (slot, entry) = probe(key, h)
        if let e = entry { return values[e] }
        slots[slot] = (h >> 32) << 32 | UInt64(values.count + 1)
        spans.append(UInt64(arena.count) << 20 | UInt64(key.count))
        arena.append(contentsOf: key)
        values.append(value)
        return nil
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for v in slots where v != 0 {
            let entry = Int(v & 0xFFFF_FFFF) - 1
            let span = spans[entry]
            let h = arena.withUnsafeBufferPointer { a in
                ByteKeyIndex.hash(UnsafeBufferPointer(rebasing: a[Int(span >> 20)..<Int(span >> 20) + Int(span & 0xF_FFFF)]))
            }
            var slot = Int(truncatingIfNeeded: h) & newMask
            while fresh[slot] != 0 { slot = (slot + 1) & newMask }
            fresh[slot] = v
        }
        slots = fresh
        mask = newMask
    }
}

extension CSVRecord {
    /// Field `i` without surrounding spaces, as bytes (unquoted fields only: quoted ones may hold `""`;
    /// for those use `trimmedString`). Valid only while the record is.
    public func trimmedBytes(_ i: Int) -> UnsafeBufferPointer<UInt8>? {
        if isQuoted(i) { return nil }
        let raw = rawBytes(i)
        var lo = 0, hi = raw.count
        while lo < hi && (raw[lo] == 0x20 || raw[lo] == 0x09) { lo += 1 }
        while hi > lo && (raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09) { hi -= 1 }
        return UnsafeBufferPointer(rebasing: raw[lo..<hi])
    }
}
