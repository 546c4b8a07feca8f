import Foundation
import Testing
@testable import Planning

@Suite("Synthetic-county generator")
struct GeneratorTests {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() {
        let a = CountyWriter.files(CountyGenerator.generate(.daixian, households: 400, seed: 5))
        let b = CountyWriter.files(CountyGenerator.generate(.daixian, households: 400, seed: 5))
        let c = CountyWriter.files(CountyGenerator.generate(.daixian, households: 400, seed: 6))
        #expect(a.map(\.name) == b.map(\.name))
        for (x, y) in zip(a, b) { #expect(x.bytes == y.bytes, "\(x.name)") }
        let households = { (files: [(name: String, bytes: [UInt8])]) in files.first { $0.name == "households.csv" }?.bytes ?? [] }
        #expect(households(a) != households(c))
    }

    @Test(arguments: [("daixian", UInt64(2018)), ("shangzhou", UInt64(2019))])
    func committedSamplesRegenerateByteForByte(name: String, seed: UInt64) throws {
        let blueprint = try #require(CountyBlueprint.named(name))
        for (file, bytes) in CountyWriter.files(CountyGenerator.generate(blueprint, seed: seed)) {
            let committed = try Data(contentsOf: URL(fileURLWithPath: sampleFolder(name) + "/" + file))
            #expect(Array(committed) == bytes, "\(name)/\(file) differs from a fresh generate")
        }
    }

    @Test func writtenFolderReadsBackToTheSameBytes() throws {
        let registry = CountyGenerator.generate(.shangzhou, households: 500, seed: 3)
        let folder = try temporaryFolder() + "/sz"
        try CountyWriter.write(registry, to: folder)
        let loaded = try CountyFolder.load(folder)
        for (x, y) in zip(CountyWriter.files(registry), CountyWriter.files(loaded)) { #expect(x.bytes == y.bytes, "\(x.name)") }
        #expect(loaded.county.region == .west && loaded.county.exitThreshold == 0.03)
    }

    @Test func writingIntoAnExistingFolderKeepsOtherFiles() throws {
        let folder = try temporaryFolder() + "/dx"
        try CountyWriter.write(CountyGenerator.generate(.daixian, households: 100, seed: 1), to: folder)
        try FileManager.default.createDirectory(atPath: folder + "/scenarios", withIntermediateDirectories: true)
        try "name = \"baseline\"\n".write(toFile: folder + "/scenarios/baseline.toml", atomically: true, encoding: .utf8)
        try CountyWriter.write(CountyGenerator.generate(.daixian, households: 120, seed: 2), to: folder)
        #expect(FileManager.default.fileExists(atPath: folder + "/scenarios/baseline.toml"))
        #expect(try CountyFolder.load(folder).households.count == 120)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (folder as NSString).deletingLastPathComponent)
        #expect(leftovers == ["dx"])
    }

    @Test func scaledCountyKeepsTheProportionsExactly() throws {
        let n = 2_000
        let s = Double(n) / 21_471
        let r = CountyGenerator.generate(.daixian, households: n, seed: 9)
        let h = r.households
        #expect(h.count == n)
        #expect(h.size.reduce(0) { $0 + Int($1) } == Int((49_417 * s).rounded()))
        let exited2016 = (0..<n).filter { h.exitYear[$0] == 2016 }.reduce(0) { $0 + Int(h.size[$1]) }
        #expect(exited2016 == Int((8_047 * s).rounded()))
        #expect(r.county.agriculturalPopulation == Int((172_000 * s).rounded()))
        let villagesPerTownship = [36, 38, 40, 34, 32, 30, 45, 40, 30, 28, 24]  // the Dai blueprint, 377 in all
        #expect(r.villages.count == villagesPerTownship.map { max(1, Int((Double($0) * s).rounded())) }.reduce(0, +))
        #expect(Set(r.townships.map(\.name)).count == 11)
        // Every household of an exited village has exited by that year.
        for i in 0..<n {
            if let e = r.villages[Int(h.village[i])].exitYear { #expect(h.exitYear[i] != 0 && Int(h.exitYear[i]) <= e) }
        }
    }

    @Test func remainingPoorAndExitedIncomesSitOnTheirSideOfTheLine() {
        let r = CountyGenerator.generate(.daixian, households: 1_000, seed: 4)
        let h = r.households
        let line = r.county.povertyLine
        for i in 0..<h.count {
            let perCapita = h.income[i] / Double(h.size[i])
            if h.hasExited(i, by: r.county.year) { #expect(perCapita >= line) }
            if !h.hasExited(i, by: r.county.year) && h.category[i] == .standard { #expect(perCapita >= line && h.guaranteesHold(i)) }
            // The stored sources never exceed the income: the derived "other" is ≥ 0.
            #expect(h.income(.other, i) >= 0)
        }
    }
}

/// Villages planned to exit next year are close to the exit threshold; villages planned later are
/// deeper in poverty (the exits of earlier years preferred villages planned to exit sooner).
@Suite("Generated villages by planned exit year")
struct GeneratedVillageDepthTests {
    /// Dai plans its remaining poor villages over two years (90 in 2019, 45 in 2020); Shangzhou all
    /// in one, so it has nothing to compare.
    @Test(arguments: [UInt64(21), 22])
    func villagesPlannedNextYearHaveLowerIncidence(seed: UInt64) throws {
        let r = CountyGenerator.generate(.daixian, households: 20_000, seed: seed)
        let h = r.households
        var remaining = [Int](repeating: 0, count: r.villages.count)
        var below = remaining
        for i in 0..<h.count where !h.hasExited(i, by: r.county.year) {
            remaining[Int(h.village[i])] += Int(h.size[i])
            if h.income[i] < r.county.povertyLine * Double(h.size[i]) { below[Int(h.village[i])] += Int(h.size[i]) }
        }
        var incidence: [Int: [Double]] = [:], belowLine: [Int: [Double]] = [:]
        for (v, village) in r.villages.enumerated() where village.isPoor && village.exitYear == nil {
            let year = try #require(village.plannedExitYear)
            let population = Double(max(1, village.agriculturalPopulation))
            incidence[year, default: []].append(Double(remaining[v]) / population)
            belowLine[year, default: []].append(Double(below[v]) / population)
        }
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(max(1, x.count)) }
        #expect(incidence.keys.sorted() == [r.county.year + 1, r.county.year + 2])
        let next = try #require(incidence[r.county.year + 1])
        let later = incidence.filter { $0.key > r.county.year + 1 }.flatMap(\.value)
        #expect(mean(next) < mean(later), "incidence next year \(mean(next)), later \(mean(later))")
        let nextBelow = try #require(belowLine[r.county.year + 1])
        let laterBelow = belowLine.filter { $0.key > r.county.year + 1 }.flatMap(\.value)
        #expect(mean(nextBelow) < mean(laterBelow), "below the line: next year \(mean(nextBelow)), later \(mean(laterBelow))")
    }
}
