/// A hash index from short byte strings (identifiers such as `H0000001`) to row numbers, keyed
/// directly by the bytes of a CSV field so that loaders of 10⁶ rows make no `String` per lookup.
///
/// Open addressing with linear probing over a power-of-two table, FNV-1a hashing; the keys are kept
/// in one contiguous byte arena. Not for untrusted adversarial input (no hash seeding).
public struct ByteKeyIndex: Sendable {
    private var slots: [Int32]          // -1 empty, else entry number
    private var keyStart: [Int] = []
    private var keyEnd: [Int] = []
    private var values: [Int32] = []
    private var arena: [UInt8] = []
    private var mask: Int

    /// An empty index sized for about `capacity` keys.
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        keyStart.reserveCapacity(capacity); keyEnd.reserveCapacity(capacity); values.reserveCapacity(capacity)
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

    @inline(__always) private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always) private func equals(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = keyStart[entry], e = keyEnd[entry]
        guard e - s == key.count else { return false }
        var k = 0
        while k < key.count { if arena[s + k] != key[k] { return false }; k += 1 }
        return true
    }

    /// The value of `key`, or nil.
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = ByteKeyIndex.hash(key) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if equals(entry, key) { return values[entry] }
            slot = (slot + 1) & mask
        }
    }

    /// The value of `key` (a `String`), or nil.
    public func find(_ key: String) -> Int32? {
        var copy = key
        return copy.withUTF8 { find($0) }
    }

    /// Adds `key → value` unless `key` is present; returns the existing value when it was.
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> Int32? {
        if values.count * 2 >= slots.count { grow() }
        var slot = ByteKeyIndex.hash(key) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if equals(entry, key) { return values[entry] }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(values.count)
        keyStart.append(arena.count)
        arena.append(contentsOf: key)
        keyEnd.append(arena.count)
        values.append(value)
        return nil
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for entry in 0..<values.count {
            let h = arena.withUnsafeBufferPointer { a in ByteKeyIndex.hash(UnsafeBufferPointer(rebasing: a[keyStart[entry]..<keyEnd[entry]])) }
            var slot = h & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }
}

extension CSVRecord {
    /// Field `i` without surrounding spaces, as bytes (unquoted fields only: quoted ones may hold `""`;
    /// for those use `trimmedString`). Valid only while the record is.
    public func trimmedBytes(_ i: Int) -> UnsafeBufferPointer<UInt8>? {
        if quoted[i] { return nil }
        let raw = rawBytes(i)
        var lo = 0, hi = raw.count
        while lo < hi && (raw[lo] == 0x20 || raw[lo] == 0x09) { lo += 1 }
        while hi > lo && (raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09) { hi -= 1 }
        return UnsafeBufferPointer(rebasing: raw[lo..<hi])
    }
}
