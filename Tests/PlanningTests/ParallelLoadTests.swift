import Foundation
import Testing
import TestSupport
@testable import Planning

/// The county loader's two threads (issue 24): households.csv read in two halves, the other tables
/// beside it, and verbs that read only the tables they use.
@Suite("Parallel county loading")
struct ParallelLoadTests {
    /// A generated county whose households.csv is above the 2 MiB from which it is read in halves.
    static func bigCounty() throws -> (folder: String, generated: CountyRegistry) {
        let generated = CountyGenerator.generate(.daixian, households: 30_000, seed: 24)
        let folder = try temporaryFolder("parallel") + "/c"
        try CountyWriter.write(generated, to: folder)
        return (folder, generated)
    }

    /// A copy of `folder` whose households.csv holds one double quote (a quoted id with the same
    /// value), so that `CSVFile.chunks` does not split it: the one-thread reading of the same data.
    static func oneThreadCopy(of folder: String) throws -> String {
        let copy = try temporaryFolder("serial") + "/c"
        try FileManager.default.copyItem(atPath: folder, toPath: copy)
        try editLine(copy + "/households.csv", 2) { line in
            let fields = line.components(separatedBy: ",")
            return (["\"\(fields[0])\""] + fields.dropFirst()).joined(separator: ",")
        }
        return copy
    }

    @Test("households read in two halves equal the one-thread reading and the generated registry")
    func halvesEqualOneThread() throws {
        let (folder, generated) = try Self.bigCounty()
        let size = try FileManager.default.attributesOfItem(atPath: folder + "/households.csv")[.size] as? Int ?? 0
        #expect(size > 2 << 20, "households.csv must be large enough to be split")
        let copy = try Self.oneThreadCopy(of: folder)

        let parallel = try CountyFolder.load(folder), serial = try CountyFolder.load(copy)
        let a = parallel.households, b = serial.households
        #expect(a.count == 30_000)
        #expect(a.ids == b.ids)
        #expect(a.village == b.village && a.size == b.size && a.labour == b.labour && a.migrantWorkers == b.migrantWorkers)
        #expect(a.category == b.category && a.cause == b.cause && a.welfare == b.welfare)
        #expect(a.registeredYear == b.registeredYear && a.exitYear == b.exitYear)
        #expect(a.income == b.income && a.sourceIncome == b.sourceIncome)
        #expect(a.education == b.education && a.medical == b.medical && a.housing == b.housing && a.water == b.water)
        #expect(a.compliantSpending == b.compliantSpending && a.risks == b.risks && a.monitoredYear == b.monitoredYear)
        #expect(parallel.sourceLines?.households == serial.sourceLines?.households)
        #expect(parallel.sourceLines?.households == (0..<30_000).map { Int32($0 + 2) })
        // Against the generator's own registry (not read from text): ids, villages, sizes, categories.
        let g = generated.households
        #expect(a.ids == g.ids && a.village == g.village && a.size == g.size && a.category == g.category)
        // relocation.csv refers to the households by id: the same rows resolved on either reading.
        #expect(parallel.relocation.map(\.household) == serial.relocation.map(\.household))
        #expect(parallel.relocation.count == generated.relocation.count)
        #expect(parallel.ordinaryHouseholds.ids == generated.ordinaryHouseholds.ids)
    }

    @Test("an error in the second half is reported at its own line and column, as one thread reports it")
    func errorInSecondHalf() throws {
        let (folder, _) = try Self.bigCounty()
        let line = 25_002  // household 25,001, in the second half
        try setField(folder + "/households.csv", line: line, column: 3, to: "0")
        let (registry, errors) = loadOrErrors(folder)
        #expect(registry == nil)
        // size 0 is refused at its cell (other files' checks against that size may add their own errors).
        #expect(errors.contains { $0.hasPrefix("\(folder)/households.csv:\(line):3: expected") }, "\(errors)")
        #expect(errors.allSatisfy { !$0.contains("households.csv:") || $0.contains("households.csv:\(line):") }, "\(errors)")
    }

    @Test("an id of the first half repeated in the second half is a duplicate naming its first line")
    func duplicateAcrossHalves() throws {
        let (folder, generated) = try Self.bigCounty()
        let line = 28_002
        try setField(folder + "/households.csv", line: line, column: 1, to: generated.households.ids[9])
        let (registry, errors) = loadOrErrors(folder)
        #expect(registry == nil)
        #expect(errors.contains { $0.hasPrefix("\(folder)/households.csv:\(line):1: expected a unique id (this one is already on line 11)") }, "\(errors)")
    }

    @Test("a verb's tables: resettlement data without funds, projects and ordinary households, and their errors not read")
    func onlyTheTablesAVerbReads() throws {
        let folder = try smallCounty(households: 600, seed: 24)
        let full = try CountyFolder.load(folder)
        let resettle = try CountyFolder.load(folder, tables: .resettlement)
        #expect(resettle.relocation == full.relocation && resettle.sites == full.sites)
        #expect(resettle.households.ids == full.households.ids && resettle.villages == full.villages)
        #expect(resettle.projects.isEmpty && resettle.funds.isEmpty && resettle.ordinaryHouseholds.count == 0)
        #expect(!full.projects.isEmpty && !full.funds.isEmpty && !full.relocation.isEmpty)
        let allocate = try CountyFolder.load(folder, tables: .programmes)
        #expect(allocate.projects == full.projects && allocate.funds == full.funds)
        #expect(allocate.relocation.isEmpty && allocate.sites.isEmpty)

        // A broken projects.csv stops the whole-folder load (validate, plan) but not resettle's.
        try setField(folder + "/projects.csv", line: 2, column: 1, to: "")
        let (_, errors) = loadOrErrors(folder)
        #expect(errors.contains { $0.hasPrefix("\(folder)/projects.csv:2:") }, "\(errors)")
        #expect(try CountyFolder.load(folder, tables: .resettlement).relocation == full.relocation)
        #expect(throws: (any Error).self) { try CountyFolder.load(folder, tables: .programmes) }
    }
}
