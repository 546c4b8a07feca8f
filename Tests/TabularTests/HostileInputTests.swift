import Foundation
import Testing
@testable import Tabular

/// Issue 25, round two, for the shared readers: GBK files with a broken sequence, NUL bytes in
/// TOML, and the key locator both TOML readers use.
@Suite("Hostile input: encodings and TOML text")
struct HostileInputTests {
    /// "代县" in GBK is B4 FA CF D8. A file of GBK lines with a broken pair on line 3 is reported at
    /// line 3, at the broken character's column (characters, a GBK pair counting one), not at the
    /// first Chinese character on line 2.
    @Test func aBrokenGBKSequenceIsReportedWhereItIs() {
        let bytes: [UInt8] = Array("name,n\n".utf8) + [0xB4, 0xFA, 0xCF, 0xD8] + Array(",1\n".utf8)
            + Array("ab,".utf8) + [0xB4, 0xFA, 0xCF, 0x7F] + Array("\n".utf8)
        #expect(throws: InputError(file: "g.csv", line: 3, column: 5,
                                   message: "the bytes 0xCF 0x7F are not a GBK/GB18030 character (the file reads as GBK before them); expected GBK text throughout, or UTF-8")) {
            try CSVFile(path: "g.csv", data: bytes)
        }
    }

    /// A lead byte at the very end of the file, after valid GBK: at its own place too.
    @Test func aTruncatedGBKCharacterAtTheEndIsReportedThere() {
        let bytes: [UInt8] = Array("name,n\n".utf8) + [0xB4, 0xFA] + Array(",1\nx,".utf8) + [0xB4]
        #expect(throws: InputError(file: "g.csv", line: 3, column: 3,
                                   message: "the bytes 0xB4 are not a GBK/GB18030 character (the file reads as GBK before them); expected GBK text throughout, or UTF-8")) {
            try CSVFile(path: "g.csv", data: bytes)
        }
    }

    /// A file that is neither (a stray byte before any Chinese text) keeps the UTF-8 message at that byte.
    @Test func aStrayByteInAnOtherwiseASCIIFileIsStillAUTF8Error() {
        let bytes: [UInt8] = Array("name,n\nab".utf8) + [0xFF] + Array(",1\n".utf8)
        #expect(throws: InputError(file: "u.csv", line: 2, column: 3,
                                   message: "byte 0xFF is not valid UTF-8 and the file is not GBK either; expected UTF-8 text")) {
            try CSVFile(path: "u.csv", data: bytes)
        }
    }

    @Test func gbkFilesStillRead() throws {
        let bytes: [UInt8] = Array("name,n\n".utf8) + [0xB4, 0xFA, 0xCF, 0xD8] + Array(",1\n".utf8)
        let f = try CSVFile(path: "gbk.csv", data: bytes)
        #expect(f.encoding == .gb18030)
    }

    @Test func aNULInTOMLIsFoundWithItsPlace() throws {
        let found = try #require(TOMLHeaderCheck.badTableHeader(in: "a = 1\n# ok \u{0} rest\nb = 2\n"))
        #expect(found.line == 2 && found.column == 6 && found.found == "U+0000")
        let inString = try #require(TOMLHeaderCheck.badTableHeader(in: "name = \"x\u{0}y\"\n"))
        #expect(inString.line == 1 && inString.column == 10)
        #expect(TOMLHeaderCheck.badTableHeader(in: "a = \"\\u0000\"\n") == nil)   // the escape is six characters, not a NUL
    }

    @Test func theLocatorFindsKeysTablesAndWhatOnlyHeadersDefine() {
        let text = "name = 1\n[[targets]]\nyear = 1\n\n[[targets]]\nyear = 2\n  villages = 3\n[a.b.c]\nx = 1\n"
        let locator = TOMLKeyLocator(text: text)
        #expect(locator.position(of: "name") == (1, 1))
        #expect(locator.position(of: "targets[1]") == (5, 1))
        #expect(locator.position(of: "targets[1].villages") == (7, 3))
        #expect(locator.position(of: "targets[1].persons") == (5, 1))   // missing: its table
        #expect(locator.position(of: "a") == (8, 1))                    // defined only by [a.b.c]
        #expect(locator.position(of: "nothing") == (0, 0))
    }

    @Test func theClosestKeyIsSuggestedOnlyWhenClose() {
        let known = ["year", "villages", "persons"]
        #expect(TOMLKeyLocator.closestKey(to: "person", in: known) == "persons")
        #expect(TOMLKeyLocator.closestKey(to: "vilages", in: known) == "villages")
        #expect(TOMLKeyLocator.closestKey(to: "budget", in: known) == nil)
        #expect(TOMLKeyLocator.closestKey(to: String(repeating: "y", count: 10_000), in: known) == nil)
    }
}
