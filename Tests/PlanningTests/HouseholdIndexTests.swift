import Testing
import TestSupport
@testable import Planning

/// The sorted household index's byte comparison against the standard library's view comparison.
@Suite("Household id order")
struct HouseholdIndexTests {
    @Test("bytesPrecede orders as utf8.lexicographicallyPrecedes, prefixes and non-ASCII included")
    func byteOrder() {
        var random = TestRandom(state: 3)
        let alphabet: [String] = ["H", "0", "1", "9", "a", "é", "户", "_", " "]
        var ids = ["", "H", "H0", "H00", "H0000001", "H0000002", "户1", "户"]
        for _ in 0..<400 {
            let length = Int(random.uniform() * 6)
            ids.append((0..<length).map { _ in alphabet[Int(random.uniform() * Double(alphabet.count)) % alphabet.count] }.joined())
        }
        for a in ids {
            for b in ids.prefix(60) {
                #expect(bytesPrecede(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) vs \(b)")
            }
        }
        // The search finds every id of a byte-sorted list.
        let sorted = Array(Set(ids)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (k, id) in sorted.enumerated() { #expect(HouseholdIndex.sorted.find(id, in: sorted) == Int32(k)) }
        #expect(HouseholdIndex.sorted.find("不在", in: sorted) == nil)
    }
}
