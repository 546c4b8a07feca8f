import Foundation
import Testing
@testable import Simulation
import SimulationAVX2
import TestSupport

@Suite("Philox4x32-10 and variates")
struct RandomTests {
    /// Random123's kat_vectors (philox4x32, rounds, counter[4], key[2] → output[4]).
    @Test func publishedKnownAnswers() {
        let cases: [(rounds: Int, counter: [UInt32], key: [UInt32], expected: [UInt32])] = [
            (10, [0, 0, 0, 0], [0, 0], [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8]),
            (10, [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], [0xFFFF_FFFF, 0xFFFF_FFFF],
             [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD]),
            (10, [0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344], [0xA409_3822, 0x299F_31D0],
             [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1]),
            (7, [0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344], [0xA409_3822, 0x299F_31D0],
             [0x4DFC_CABA, 0x190A_87F0, 0xC473_62BA, 0xB6B5_242A]),
        ]
        for c in cases {
            let out = Philox4x32.bijection(c.counter[0], c.counter[1], c.counter[2], c.counter[3],
                                           c.key[0], c.key[1], rounds: c.rounds)
            #expect([out[0], out[1], out[2], out[3]] == c.expected)
        }
        let keyed = Philox4x32(key0: 0xA409_3822, key1: 0x299F_31D0)
        #expect(keyed.block(0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344) == SIMD4(0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1))
        #expect(Philox4x32(seed: 0x299F_31D0_A409_3822) == keyed)
    }

    @Test func wordOfADrawIsTheLaneOfItsQuad() {
        let g = Philox4x32(seed: 42)
        for draw in [0, 1, 2, 3, 4, 7, 1001] {
            let block = g.block(17, UInt32(draw / 4), RandomStream.householdIncome.rawValue, 0)
            #expect(RandomCounter.word(g, unit: 17, draw: draw, stream: .householdIncome, index: 0) == block[draw % 4])
        }
        // Streams and units give different numbers.
        #expect(RandomCounter.word(g, unit: 17, draw: 5, stream: .householdIncome, index: 0)
                != RandomCounter.word(g, unit: 17, draw: 5, stream: .householdRisk, index: 0))
    }

    /// The engine's four-lane Philox (both forms: returned, and stored out of line) equals four
    /// calls of the published scalar one (itself checked against the known answers above), for
    /// units near the 32-bit edge and several keys.
    @Test func laneBlocksEqualScalarBlocks() {
        for seed: UInt64 in [0, 42, 0xFFFF_FFFF_FFFF_FFFF, 0x299F_31D0_A409_3822] {
            let g = Philox4x32(seed: seed)
            let lanes = PhiloxLanes(g)
            for first: UInt64 in [0, 4, 1_000_000, 0xFFFF_FFFC] {
                for (c1, c2, c3): (UInt32, UInt32, UInt32) in [(0, 1, 0), (249, 2, 7), (0xFFFF_FFFF, 3, 0xFFFF_FFFF)] {
                    let units = SIMD4<UInt64>(first, first + 1, first + 2, first + 3)
                    let words = lanes.blocks(units, c1, c2, c3)
                    let stored = UnsafeMutablePointer<SIMD4<UInt64>>.allocate(capacity: 4)
                    defer { stored.deallocate() }
                    lanes.blocks(units, c1, c2, c3, into: stored)
                    #expect([stored[0], stored[1], stored[2], stored[3]] == [words.0, words.1, words.2, words.3])
                    for lane in 0..<4 {
                        let scalar = g.block(UInt32(first) + UInt32(lane), c1, c2, c3)
                        #expect([words.0[lane], words.1[lane], words.2[lane], words.3[lane]]
                                == [UInt64(scalar[0]), UInt64(scalar[1]), UInt64(scalar[2]), UInt64(scalar[3])])
                    }
                }
            }
        }
    }

    /// The AVX2 rounds (`PhiloxAVX2.blocks`, the engine's form where the CPU has AVX2) equal the
    /// published scalar Philox (checked against the known answers above), lane by lane.
    @Test(.enabled(if: PhiloxAVX2.isSupported)) func avx2BlocksEqualScalarBlocks() {
        let schedule = UnsafeMutablePointer<UInt64>.allocate(capacity: PhiloxAVX2.scheduleCount)
        let units = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)
        let out = UnsafeMutablePointer<UInt64>.allocate(capacity: 16)
        defer { schedule.deallocate(); units.deallocate(); out.deallocate() }
        var rng = TestRandom(state: 3)
        for seed: UInt64 in [0, 42, 0xFFFF_FFFF_FFFF_FFFF, 0x299F_31D0_A409_3822] {
            let g = Philox4x32(seed: seed)
            PhiloxAVX2.keySchedule(key0: UInt64(g.key.0), key1: UInt64(g.key.1), into: schedule)
            for _ in 0..<200 {
                let c = (0..<7).map { _ in UInt32(truncatingIfNeeded: rng.next()) }
                for lane in 0..<4 { units[lane] = UInt64(c[lane]) }
                PhiloxAVX2.blocks(units: units, c[4], c[5], c[6], schedule: schedule, into: out)
                for lane in 0..<4 {
                    let scalar = g.block(c[lane], c[4], c[5], c[6])
                    #expect((0..<4).map { out[4 * $0 + lane] } == (0..<4).map { UInt64(scalar[$0]) })
                }
            }
        }
    }

    /// The engine's four-lane normals equal `tableNormal` lane by lane, bit for bit, in the
    /// central segments, at every segment edge and in the tails.
    @Test func laneNormalsEqualScalarNormals() {
        var words: [UInt32] = [0, 1, 0xFFFF_FFFF, 0xFFFF_FFFE, 0x8000_0000, 0x7FFF_FFFF]
        for segment: UInt32 in [0, 1, 31, 32, 33, 2047, 2048, 4062, 4063, 4064, 4065, 4095] {
            words += [segment << 20, (segment << 20) | 0xF_FFFF, (segment << 20) | 0x5_5555]
        }
        var state: UInt64 = 7
        for _ in 0..<40_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            words.append(UInt32(truncatingIfNeeded: state >> 32))
        }
        while words.count % 4 != 0 { words.append(12345) }
        var mismatches: [UInt32] = []
        for i in Swift.stride(from: 0, to: words.count, by: 4) {
            let vector = SIMD4<UInt64>(UInt64(words[i]), UInt64(words[i + 1]), UInt64(words[i + 2]), UInt64(words[i + 3]))
            let z = RandomVariates.tableNormals(vector)
            for lane in 0..<4 where z[lane].bitPattern != RandomVariates.tableNormal(words[i + lane]).bitPattern {
                mismatches.append(words[i + lane])
            }
        }
        #expect(mismatches.isEmpty, "words \(mismatches.prefix(10))")
    }

    /// Φ(Φ⁻¹(p)) = p, with Φ from the C library's erfc: an independent check of the coefficients.
    @Test func inverseNormalMatchesErfc() {
        var p = 1e-10
        while p < 1 {
            for q in [p, 1 - p] where q > 0 && q < 1 {
                let x = RandomVariates.inverseNormalCDF(q)
                let back = RandomVariates.normalCDF(x)
                let density = exp(-x * x / 2) / (2 * Double.pi).squareRoot()
                // Acklam: relative error of x below 1.15e-9, i.e. |Φ(x) − q| ≤ φ(x)·1.2e-9·|x|.
                #expect(abs(back - q) <= density * 1.2e-9 * max(abs(x), 1) + 1e-16, "p = \(q)")
            }
            p *= 1.7
        }
        #expect(RandomVariates.inverseNormalCDF(0.5) == 0)
        #expect(abs(RandomVariates.inverseNormalCDF(0.975) - 1.959963984540054) < 5e-9)
    }

    /// The engine's normals (`tableNormal` of Philox words) have normal moments and distribution.
    @Test func normalVariatesHaveNormalMomentsAndPassKolmogorovSmirnov() {
        let g = Philox4x32(seed: 2020)
        let n = 200_000
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            z[i] = RandomVariates.tableNormal(RandomCounter.word(g, unit: UInt32(i % 5000), draw: i / 5000, stream: .householdIncome, index: 0))
        }
        let mean = z.reduce(0, +) / Double(n)
        let m2 = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        let m3 = z.reduce(0) { $0 + pow($1 - mean, 3) } / Double(n)
        let m4 = z.reduce(0) { $0 + pow($1 - mean, 4) } / Double(n)
        // Sampling standard errors: mean 1/√n, variance √(2/n), skewness √(6/n), kurtosis √(24/n); 4.5 SE.
        let root = Double(n).squareRoot()
        #expect(abs(mean) < 4.5 / root)
        #expect(abs(m2 - 1) < 4.5 * (2.0).squareRoot() / root)
        #expect(abs(m3 / pow(m2, 1.5)) < 4.5 * (6.0).squareRoot() / root)
        #expect(abs(m4 / (m2 * m2) - 3) < 4.5 * (24.0).squareRoot() / root)
        // Kolmogorov–Smirnov distance to Φ; 1.63/√n is the 1 % critical value.
        let sorted = z.sorted()
        var distance = 0.0
        for (i, x) in sorted.enumerated() {
            let cdf = RandomVariates.normalCDF(x)
            distance = max(distance, abs(cdf - Double(i) / Double(n)), abs(Double(i + 1) / Double(n) - cdf))
        }
        #expect(distance < 1.63 / root)
    }

    /// The engine's table normal is within 5·10⁻⁵ of the accurate quantile everywhere (and
    /// equal to it in the tails); the four-lane form is lane for lane the scalar one.
    @Test func tableNormalsAreCloseToTheAccurateQuantile() {
        var words: [UInt32] = [0, 1, 33_554_431, 33_554_432, 134_217_727, 134_217_728, 2_147_483_647, 2_147_483_648,
                               4_261_412_863, 4_261_412_864, .max - 1, .max]
        let g = Philox4x32(seed: 9)
        for i in 0..<200_000 { words.append(RandomCounter.word(g, unit: UInt32(i), draw: 0, stream: .householdIncome, index: 0)) }
        var worst = 0.0
        for w in words { worst = max(worst, abs(RandomVariates.tableNormal(w) - RandomVariates.standardNormal(w))) }
        #expect(worst < 5e-5, "worst \(worst)")
        for w in words where w < 33_554_432 || w >= 4_261_412_864 {
            #expect(RandomVariates.tableNormal(w) == RandomVariates.standardNormal(w))
        }
        for start in Swift.stride(from: 0, to: words.count - 3, by: 4) {
            let block = SIMD4(words[start], words[start + 1], words[start + 2], words[start + 3])
            let vector = RandomVariates.standardNormals(block)
            for lane in 0..<4 { #expect(vector[lane] == RandomVariates.tableNormal(block[lane])) }
        }
    }

    @Test func uniformThresholdsAreExactFractionsOfTwoToThe32() {
        #expect(RandomVariates.threshold(probability: 0) == 0)
        #expect(RandomVariates.threshold(probability: 1) == 1 << 32)
        #expect(RandomVariates.threshold(probability: 0.25) == 1 << 30)
        #expect(RandomVariates.openUniform(0) == 0.5 * 0x1p-32)
        #expect(RandomVariates.openUniform(.max) < 1)
    }
}
