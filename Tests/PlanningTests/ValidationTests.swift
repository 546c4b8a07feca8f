import Foundation
import Testing
import Tabular
@testable import Planning

/// Plants one error of each kind in a valid county and checks that validation reports every one,
/// each at its file, line and column, and nothing else.
@Suite("Validation reports every planted error")
struct ValidationTests {
    @Test func cleanSmallCountyLoads() throws {
        let folder = try smallCounty()
        let (registry, errors) = loadOrErrors(folder)
        #expect(errors.isEmpty)
        #expect(registry?.households.count == 300)
    }

    @Test func everyPlantedErrorIsReportedWithItsPlace() throws {
        let folder = try smallCounty()
        let households = folder + "/households.csv"
        let relocation = try RawCSV(folder + "/relocation.csv")
        let referenced = Set(relocation.column("household"))
        let rows = try RawCSV(households)
        // Household lines (1-based, header is line 1) that no relocation row refers to.
        let free = rows.column("id").enumerated().filter { !referenced.contains($0.element) }.map { $0.offset + 2 }
        let (l1, l2, l3, l4, l5, l6) = (free[0], free[1], free[2], free[3], free[4], free[5])
        try setField(folder + "/townships.csv", line: 3, column: 2, to: "4")
        try setField(folder + "/villages.csv", line: 4, column: 2, to: "不存在乡")
        try setField(households, line: l1, column: 3, to: "0")
        try setField(households, line: l2, column: 11, to: "abc")
        try setField(households, line: l3, column: 6, to: "poor")
        try setField(households, line: l4, column: 2, to: "V999999")
        try setField(households, line: l5, column: 12, to: "inf")
        // A copy of an untouched row at the end: its id repeats.
        let text = try String(contentsOfFile: households, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        try (text + lines[l6 - 1] + "\n").write(toFile: households, atomically: true, encoding: .utf8)
        let duplicateLine = lines.count + 1
        try editLine(folder + "/funds.csv", 1) { $0.replacingOccurrences(of: ",kind,", with: ",type,") }
        try editLine(folder + "/county.toml", 5) { _ in "region = \"north\"" }
        let poorRow = try #require(relocation.column("poor").firstIndex(of: "1")) + 2
        try setField(folder + "/relocation.csv", line: poorRow, column: 5, to: "H9999999")
        try setField(folder + "/site_flats.csv", line: 2, column: 1, to: "S99")
        try setField(folder + "/projects.csv", line: 2, column: 2, to: "spaceship")

        let (registry, errors) = loadOrErrors(folder)
        #expect(registry == nil)
        let places = errors.map { String($0.prefix { $0 != " " }) }
        let expected = [
            "\(folder)/county.toml:5:1:",
            "\(folder)/funds.csv:1:",
            "\(folder)/funds.csv:1:3:",
            "\(folder)/households.csv:\(l1):3:",
            "\(folder)/households.csv:\(l2):11:",
            "\(folder)/households.csv:\(l3):6:",
            "\(folder)/households.csv:\(l4):2:",
            "\(folder)/households.csv:\(l5):12:",
            "\(folder)/households.csv:\(duplicateLine):1:",
            "\(folder)/projects.csv:2:2:",
            "\(folder)/relocation.csv:\(poorRow):5:",
            "\(folder)/site_flats.csv:2:1:",
            "\(folder)/townships.csv:3:2:",
            "\(folder)/villages.csv:4:2:",
        ]
        #expect(places.sorted() == expected.sorted(), "\(errors.joined(separator: "\n"))")
        // The wording says what was expected and what was found.
        #expect(errors.contains("\(folder)/townships.csv:3:2: expected a whole number from 1 to 3 in \"tier\", found \"4\""))
        #expect(errors.contains("\(folder)/households.csv:\(l1):3: expected a whole number from 1 to 1000 in \"size\", found \"0\""))
        #expect(errors.contains("\(folder)/households.csv:\(l5):12: expected a finite number ≥ 0 in \"planting\", found \"inf\" (nan or infinity, which is not a finite number)"))
        #expect(errors.contains("\(folder)/households.csv:\(l3):6: expected standard, missing or safety_net in \"category\", found \"poor\""))
        #expect(errors.contains { $0.hasPrefix("\(folder)/households.csv:\(duplicateLine):1: expected a unique id (this one is already on line \(l6))") })
        #expect(errors.contains { $0.hasPrefix("\(folder)/county.toml:5:1: expected \"east\", \"central\" or \"west\" for \"region\"") })
        #expect(errors.contains { $0.hasPrefix("\(folder)/funds.csv:1: expected a column named \"kind\"") })
    }

    @Test func householdsInAnyOrderLoadAndTheirReferencesResolve() throws {
        let folder = try smallCounty()
        let path = folder + "/households.csv"
        let original = try CountyFolder.load(folder)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        try ([header] + lines.reversed()).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        let reversed = try CountyFolder.load(folder)
        #expect(reversed.households.ids == original.households.ids.reversed())
        let n = original.households.count
        #expect(reversed.relocation.map { $0.household.map { n - 1 - $0 } } == original.relocation.map(\.household))
    }

    @Test func missingFileAndRequiredColumnsAndWidth() throws {
        let folder = try smallCounty()
        try FileManager.default.removeItem(atPath: folder + "/townships.csv")
        try editLine(folder + "/households.csv", 3) { $0 + ",extra" }
        let (_, errors) = loadOrErrors(folder)
        #expect(errors.contains { $0.hasPrefix("\(folder)/townships.csv: cannot read the file") })
        #expect(errors.contains("\(folder)/households.csv:3:27: expected 26 fields as in the header, found 27"))
    }

    @Test func incomeBelowItsSourcesAndExitBeforeRegistration() throws {
        let folder = try smallCounty()
        let path = folder + "/households.csv"
        let rows = try RawCSV(path)
        let referenced = Set(try RawCSV(folder + "/relocation.csv").column("household"))
        let free = rows.column("id").enumerated().filter { !referenced.contains($0.element) }.map { $0.offset + 2 }
        try setField(path, line: free[0], column: 11, to: "1")
        try setField(path, line: free[1], column: 9, to: "2016")
        try setField(path, line: free[1], column: 10, to: "2015")
        let (_, errors) = loadOrErrors(folder)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("\(path):\(free[0]):11: expected an income at least the sum of its sources") })
        #expect(errors.contains("\(path):\(free[1]):10: expected an exit year not before registered_year (2016) in \"exit_year\", found \"2015\""))
    }

    @Test func gbkFilesAreReadAndUTF8BOMIsIgnored() throws {
        let folder = try smallCounty()
        let original = try CountyFolder.load(folder)
        for name in ["townships.csv", "villages.csv"] {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            let gbk = try #require(encodeGB18030(text))
            #expect(gbk != Array(text.utf8))
            try Data(gbk).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let households = try Data(contentsOf: URL(fileURLWithPath: folder + "/households.csv"))
        try (Data([0xEF, 0xBB, 0xBF]) + households).write(to: URL(fileURLWithPath: folder + "/households.csv"))
        let reread = try CountyFolder.load(folder)
        #expect(reread.townships == original.townships)
        #expect(reread.villages == original.villages)
        #expect(reread.households.ids == original.households.ids)
        #expect(reread.townships.map(\.name).contains("胡峪乡"))
    }

    @Test func textThatIsNeitherUTF8NorGBKIsRejected() throws {
        let folder = try smallCounty()
        try Data(Array("name,tier\n".utf8) + [0xFF, 0xFF, 0x80] + Array(",1\n".utf8))
            .write(to: URL(fileURLWithPath: folder + "/townships.csv"))
        let (_, errors) = loadOrErrors(folder)
        #expect(errors.contains { $0.hasPrefix("\(folder)/townships.csv:2:1: byte 0xFF is not valid UTF-8 and the file is not GBK either") })
    }
}
