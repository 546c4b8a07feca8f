import Testing
@testable import Tabular

@Suite("Typed cells and the error log")
struct CellParsingTests {
    @Test func integersAndFlags() throws {
        let f = try CSVFile(path: "c.csv", data: Array("n,flag\n 42 ,是\n-7,No\n3.5,maybe\n,TRUE\n".utf8))
        var ints: [Int?] = []
        var flags: [Bool?] = []
        try f.forEachRecord { r in ints.append(r.int(0)); flags.append(r.bool(1)) }
        #expect(ints == [42, -7, nil, nil])
        #expect(flags == [true, false, nil, true])
    }

    @Test func logSortsAndFormatsErrors() {
        var log = InputErrorLog()
        log.expected("an integer ≥ 1", found: "0", file: "b.csv", line: 3, column: 2)
        log.expected("a tier 1, 2 or 3", found: "4", file: "a.csv", line: 9, column: 2)
        #expect(throws: InputErrors.self) { try log.throwIfAny() }
        do { try log.throwIfAny() } catch {
            #expect(error.errors.map(\.description) == [
                "a.csv:9:2: expected a tier 1, 2 or 3, found \"4\"",
                "b.csv:3:2: expected an integer ≥ 1, found \"0\"",
            ])
        }
    }
}

@Suite("Byte-keyed index")
struct ByteKeyIndexTests {
    @Test func findsInsertsAndReportsRepeats() {
        var index = ByteKeyIndex(capacity: 2)
        let keys = (0..<1000).map { "H\($0 * 7919 % 100_003)" }
        for (k, key) in keys.enumerated() {
            var copy = key
            let previous = copy.withUTF8 { index.insert($0, value: Int32(k)) }
            #expect(previous == nil)
        }
        #expect(index.count == 1000)
        for (k, key) in keys.enumerated() { #expect(index.find(key) == Int32(k)) }
        #expect(index.find("H-1") == nil)
        var again = "H0"
        #expect(again.withUTF8 { index.insert($0, value: 5) } == 0)
        let built = ByteKeyIndex(["代县", "商州区", "代县"])
        #expect(built.find("代县") == 0 && built.find("商州区") == 1 && built.count == 2)
    }
}
