import Foundation
import TestSupport
import Testing
@testable import Tabular

/// Random CSV files loaded by `DataTable.load` and by a naive reference reader written here
/// (split on line breaks and commas, Swift's own `Double(String)` for numbers, levels sorted with
/// Foundation's string comparison of scalars): the two must give the same columns, cell for cell.
@Suite("CSV loading against a naive reference reader")
struct ReferenceParserTests {

    /// A number as a person or a program would write it: integers, decimals with 1–17 significant
    /// digits, exponents, signs, surrounding spaces.
    static func numberText(_ r: inout TestRandom) -> String {
        var digits = String(r.next() % 100_000_000_000_000_000)
        digits = String(digits.prefix(1 + r.below(17)))
        let sign = r.pick(["", "", "-", "+"])
        switch r.below(6) {
        case 0: return sign + digits
        case 1:
            let cut = r.below(digits.count + 1)
            return sign + String(digits.prefix(cut)) + "." + String(digits.dropFirst(cut)) + (cut == digits.count ? "0" : "")
        case 2: return sign + "0." + String(repeating: "0", count: r.below(8)) + digits
        case 3: return sign + digits.prefix(1) + "." + digits.dropFirst() + "e" + r.pick(["", "-", "+"]) + String(r.below(300))
        case 4: return " " + sign + digits + " "
        default: return "\(Double(bitPattern: r.next() & 0x7FEF_FFFF_FFFF_FFFF))"
        }
    }

    static let words = ["滩上镇", "V010001", "standard", "missing", "illness", "a b", "x.y", "NA", "", ".", "NaN", "是", "10万"]

    /// Columns: a numbers (some missing), b whole numbers, c text from a small set, d automatic
    /// text that starts with a long run of missing cells, e only missing cells, f unique ids out of
    /// order, g village codes in increasing order with repeats, h a sawtooth of codes (increasing runs
    /// that restart).
    static func randomFile(rows: Int, seed: UInt64, quoted: Bool) -> String {
        var r = TestRandom(state: seed)
        var text = "a,b,c,d,e,f,g,h\n"
        text.reserveCapacity(rows * 60)
        let quietRows = rows * 2 / 3
        for i in 0..<rows {
            let a = r.below(20) == 0 ? r.pick(["", "NA", "nan", "N/A", ".", " "]) : numberText(&r)
            let b = r.below(30) == 0 ? "" : String(Int(r.next() % 2_000_001) - 1_000_000)
            var c = r.pick(words)
            if quoted && r.below(10) == 0 { c = "\"\(c),\"\"q\"\"\"" }
            let d = i < quietRows ? r.pick(["", "NA", ".", ""]) : r.pick(["甲", "乙", "", "丙 ", "NA"])
            let e = r.pick(["", "NA", "NaN"])
            let f = "H\(String(format: "%07d", i * 7919 % 1_000_003))"
            let g = "V\(String(format: "%05d", i / 7))"
            let h = "m\(String(format: "%04d", i % 1_501))"
            text += "\(a),\(b),\(c),\(d),\(e),\(f),\(g),\(h)\n"
        }
        return text
    }

    /// The naive reader: fields split on commas (quotes handled the slow, obvious way), a column is
    /// numeric when every cell is a number or a missing marker, else categorical.
    static func reference(_ text: String) -> (header: [String], columns: [String: Column]) {
        func fields(_ line: Substring) -> [String] {
            var out: [String] = [], cell = "", inQuotes = false
            var chars = Array(line)[...]
            while let ch = chars.popFirst() {
                if inQuotes {
                    if ch == "\"" {
                        if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { inQuotes = false }
                    } else { cell.append(ch) }
                } else if ch == "\"" { inQuotes = true } else if ch == "," { out.append(cell); cell = "" } else { cell.append(ch) }
            }
            out.append(cell)
            return out
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = fields(lines[0])
        let rows = lines.dropFirst().map(fields)
        var columns: [String: Column] = [:]
        let missing: Set<String> = ["", "NA", "NaN", "nan", "N/A", "."]
        for (j, name) in header.enumerated() {
            let cells = rows.map { $0[j].trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
            let values = cells.map { missing.contains($0) ? Double.nan : Double($0) }
            if values.allSatisfy({ $0 != nil }) {
                columns[name] = .numeric(values.map { $0 ?? .nan })
            } else {
                let present = Set(cells.filter { $0 != "" && $0 != "NA" })
                let levels: [String]
                if present.allSatisfy({ Double($0) != nil }) {
                    levels = present.sorted { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) }
                } else {
                    levels = present.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                }
                let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
                columns[name] = .categorical(codes: cells.map { index[$0] ?? -1 }, levels: levels)
            }
        }
        return (header, columns)
    }

    static func expectSame(_ table: DataTable, _ reference: [String: Column], _ name: String) {
        switch (table.columns[name], reference[name]) {
        case (.numeric(let got)?, .numeric(let want)?):
            #expect(got.count == want.count, "column \(name)")
            let mismatch = zip(got, want).enumerated().first { !($0.element.0 == $0.element.1 || ($0.element.0.isNaN && $0.element.1.isNaN)) }
            #expect(mismatch == nil, "column \(name), row \(mismatch.map { "\($0.offset): \($0.element)" } ?? "")")
        case (.categorical(let codes, let levels)?, .categorical(let wantCodes, let wantLevels)?):
            #expect(levels == wantLevels, "column \(name)")
            #expect(codes == wantCodes, "column \(name)")
        default:
            Issue.record("column \(name): \(String(describing: table.columns[name])) against \(String(describing: reference[name]))")
        }
    }

    @Test(arguments: zip([UInt64(1), 2, 3], [false, true, false]))
    func automaticTypingMatchesTheReference(seed: UInt64, quoted: Bool) throws {
        // Split in three (as on three cores) whatever the size, quoted or not (cuts outside quotes).
        let text = Self.randomFile(rows: 6_000, seed: seed, quoted: quoted)
        let file = try CSVFile(path: "random.csv", data: Array(text.utf8))
        #expect(file.chunks(3, minimumBytes: 0).count == 3)
        let (header, want) = Self.reference(text)
        let table = try DataTable.load(file, numeric: [], categorical: [], automatic: header, chunks: 3, parallelAbove: 0)
        #expect(table.rowCount == 6_000)
        for name in header { Self.expectSame(table, want, name) }
        // Asked for explicitly, the numeric and categorical loaders give the same columns.
        let explicit = try DataTable.load(file, numeric: ["a", "b", "e"], categorical: ["c", "d", "f", "g", "h"],
                                          automatic: [], chunks: 3, parallelAbove: 0)
        for name in header { Self.expectSame(explicit, want, name) }
        // And so does one sequential pass.
        let whole = try DataTable.load(file, numeric: [], categorical: [], automatic: header, chunks: 1, parallelAbove: 0)
        for name in header { Self.expectSame(whole, want, name) }
    }

    @Test func aColumnOfMissingCellsThenTextInALaterChunkIsCategorical() throws {
        // The first chunk sees only missing markers in d, the second the text: the merged column
        // must code the first chunk's cells as categories too (\".\" is a level, blank and NA are missing).
        var text = "d,x\n"
        for i in 0..<4_000 { text += (i < 3_000 ? ["", ".", "NA"][i % 3] : "t\(i % 5)") + ",\(i)\n" }
        let file = try CSVFile(path: "late.csv", data: Array(text.utf8))
        #expect(file.chunks(2, minimumBytes: 0).count == 2)
        let table = try DataTable.load(file, numeric: [], categorical: [], automatic: ["d", "x"], chunks: 2, parallelAbove: 0)
        let (_, want) = Self.reference(text)
        Self.expectSame(table, want, "d")
        Self.expectSame(table, want, "x")
    }
}
