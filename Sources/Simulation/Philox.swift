/// Philox4x32-10, the counter-based random number generator of Salmon, Moraes, Dror and Shaw,
/// "Parallel random numbers: as easy as 1, 2, 3" (SC'11).
///
/// A counter-based generator is a keyed bijection: the output block depends only on the
/// 128-bit counter and the 64-bit key, with no state carried from one call to the next. The
/// simulation puts the household, the draw, the kind of shock (`RandomStream`) and a block
/// number in the counter and the seed in the key, so every random number is a pure function of
/// those keys: the results are identical whatever the number of threads or the order of work.
///
/// The round function follows the paper: two 32×32→64-bit products with the multipliers
/// 0xD2511F53 and 0xCD9E8D57, a Feistel-like exchange with the key XORed in, and a Weyl
/// increment of the key (0x9E3779B9, 0xBB67AE85) between rounds; ten rounds.
public struct Philox4x32: Sendable, Equatable {
    /// The two key words (the seed).
    public var key: (UInt32, UInt32)

    /// A generator keyed by a 64-bit seed: low word first.
    public init(seed: UInt64) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// A generator keyed by its two key words, as in the published known-answer tables.
    public init(key0: UInt32, key1: UInt32) {
        key = (key0, key1)
    }

    public static func == (a: Philox4x32, b: Philox4x32) -> Bool {
        a.key.0 == b.key.0 && a.key.1 == b.key.1
    }

    /// The output block (four uniformly distributed 32-bit words) for one counter.
    @inlinable @inline(__always)
    public func block(_ c0: UInt32, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32) -> SIMD4<UInt32> {
        Philox4x32.bijection(c0, c1, c2, c3, key.0, key.1, rounds: 10)
    }

    /// Philox4x32 with a chosen number of rounds (the published tables also list 7 rounds).
    @inlinable @inline(__always)
    public static func bijection(
        _ c0: UInt32, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32,
        _ k0: UInt32, _ k1: UInt32, rounds: Int
    ) -> SIMD4<UInt32> {
        var x0 = c0, x1 = c1, x2 = c2, x3 = c3
        var key0 = k0, key1 = k1
        for round in 0..<rounds {
            if round > 0 {
                key0 = key0 &+ 0x9E37_79B9
                key1 = key1 &+ 0xBB67_AE85
            }
            let product0 = UInt64(0xD251_1F53) &* UInt64(x0)
            let product1 = UInt64(0xCD9E_8D57) &* UInt64(x2)
            let high0 = UInt32(truncatingIfNeeded: product0 >> 32)
            let low0 = UInt32(truncatingIfNeeded: product0)
            let high1 = UInt32(truncatingIfNeeded: product1 >> 32)
            let low1 = UInt32(truncatingIfNeeded: product1)
            x0 = high1 ^ x1 ^ key0
            x1 = low1
            x2 = high0 ^ x3 ^ key1
            x3 = low0
        }
        return SIMD4(x0, x1, x2, x3)
    }
}

/// The kinds of randomness in the simulation. Each has its own counter word, so adding a risk
/// or a shock to a scenario never changes the numbers drawn for the others.
public enum RandomStream: UInt32, Sendable {
    /// The household's idiosyncratic income shock (one standard normal per household and draw).
    case householdIncome = 1
    /// The household's illness and disaster events (one uniform per household, draw and risk).
    case householdRisk = 2
    /// The common shocks (one uniform per exposed unit — township or county —, draw and shock).
    case commonShock = 3
}

/// Where each random number comes from: the counter layout shared by the engine and the tests.
///
/// Counter = (unit, draw ÷ 4, stream, index); the output block holds four 32-bit words, word
/// `draw mod 4` belongs to the draw. So one Philox call serves four consecutive draws of a unit
/// and the value for (seed, unit, draw, stream, index) never depends on how work is split.
/// `unit` is the household index, the township index, or `countyUnit` for county-wide shocks;
/// `index` is 0 for income, the risk number for risks, the shock number for common shocks.
public enum RandomCounter {
    /// The unit number used for shocks that hit the whole county at once.
    public static let countyUnit: UInt32 = 0xFFFF_FFFF

    /// The 32-bit word for one (unit, draw, stream, index), computed on its own (slow path,
    /// used by tests and by the per-draw common shocks).
    @inlinable
    public static func word(
        _ generator: Philox4x32, unit: UInt32, draw: Int, stream: RandomStream, index: UInt32
    ) -> UInt32 {
        let block = generator.block(unit, UInt32(truncatingIfNeeded: draw >> 2), stream.rawValue, index)
        return block[draw & 3]
    }
}

/// Four Philox4x32-10 blocks at once, one a lane: the engine's form of `Philox4x32.block`.
///
/// Lane i computes `block(c0[i], c1, c2, c3)`, bit for bit (the tests check it). The words are
/// kept in 64-bit lanes (always below 2³²), so each 32×32→64-bit product is a plain 64-bit
/// vector multiply of operands whose upper halves are known to be zero — one unsigned 32-bit
/// multiply instruction per pair of lanes on x86-64 (`pmuludq`) — and the high and low halves
/// come out with a shift and a mask, without shuffles.
public struct PhiloxLanes: Sendable {
    /// The four output words of the four blocks: `words.0[i]` is word 0 of lane i's block.
    public typealias Words = (SIMD4<UInt64>, SIMD4<UInt64>, SIMD4<UInt64>, SIMD4<UInt64>)

    @usableFromInline let key0: UInt64
    @usableFromInline let key1: UInt64

    public init(_ generator: Philox4x32) {
        key0 = UInt64(generator.key.0)
        key1 = UInt64(generator.key.1)
    }

    /// The blocks of counters (c0[i], c1, c2, c3), i = 0…3; `c0` lanes must be below 2³².
    @inlinable @inline(__always)
    public func blocks(_ c0: SIMD4<UInt64>, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32) -> Words {
        var x: Words = (c0, SIMD4(repeating: UInt64(c1)), SIMD4(repeating: UInt64(c2)), SIMD4(repeating: UInt64(c3)))
        // Ten rounds, unrolled; the key of round r is key + r·(0x9E3779B9, 0xBB67AE85) mod 2³².
        PhiloxLanes.round(&x, key0, key1)
        PhiloxLanes.round(&x, (key0 &+ 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 0xBB67_AE85) & 0xFFFF_FFFF)
        PhiloxLanes.round(&x, (key0 &+ 2 &* 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 2 &* 0xBB67_AE85) & 0xFFFF_FFFF)
        PhiloxLanes.round(&x, (key0 &+ 3 &* 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 3 &* 0xBB67_AE85) & 0xFFFF_FFFF)
        PhiloxLanes.round(&x, (key0 &+ 4 &* 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 4 &* 0xBB67_AE85) & 0xFFFF_FFFF)
        PhiloxLanes.round(&x, (key0 &+ 5 &* 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 5 &* 0xBB67_AE85) & 0xFFFF_FFFF)
        PhiloxLanes.round(&x, (key0 &+ 6 &* 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 6 &* 0xBB67_AE85) & 0xFFFF_FFFF)
        PhiloxLanes.round(&x, (key0 &+ 7 &* 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 7 &* 0xBB67_AE85) & 0xFFFF_FFFF)
        PhiloxLanes.round(&x, (key0 &+ 8 &* 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 8 &* 0xBB67_AE85) & 0xFFFF_FFFF)
        PhiloxLanes.round(&x, (key0 &+ 9 &* 0x9E37_79B9) & 0xFFFF_FFFF, (key1 &+ 9 &* 0xBB67_AE85) & 0xFFFF_FFFF)
        return x
    }

    /// `blocks(c0, c1, c2, c3)` written to `out[0…3]` (word 0 of the four lanes first), out of
    /// line: the engine's form.
    ///
    /// Swift's integer SIMD operators reach LLVM as scalar lane operations that its SLP
    /// vectorizer must regroup into vector instructions. Inlined into the draw loop, where the
    /// words are taken apart lane by lane, it finds no vector to start from and leaves the ten
    /// rounds as 80 scalar 64-bit multiplies; here the four vector stores are that start, and
    /// with the Simulation target's `-slp-threshold` (Package.swift) the rounds stay in vector
    /// registers, two `pmuludq` per product (SSE2): about 290 instructions for the four blocks
    /// instead of 420 (callgrind). Where the CPU has AVX2 the engine calls
    /// `SimulationAVX2.PhiloxAVX2.blocks` instead (the same rounds in 256-bit registers, 101
    /// instructions).
    @inline(never)
    public func blocks(_ c0: SIMD4<UInt64>, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32, into out: UnsafeMutablePointer<SIMD4<UInt64>>) {
        let x = blocks(c0, c1, c2, c3)
        out[0] = x.0
        out[1] = x.1
        out[2] = x.2
        out[3] = x.3
    }

    /// One Philox round on four lanes. The operands of the products are masked to 32 bits, which
    /// tells the compiler that a 32×32→64-bit multiply (`pmuludq`) suffices.
    @inlinable @inline(__always)
    static func round(_ x: inout Words, _ k0: UInt64, _ k1: UInt64) {
        let low = SIMD4<UInt64>(repeating: 0xFFFF_FFFF)
        let product0 = (x.0 & low) &* SIMD4(repeating: 0xD251_1F53)
        let product1 = (x.2 & low) &* SIMD4(repeating: 0xCD9E_8D57)
        x = ((product1 &>> 32) ^ x.1 ^ SIMD4(repeating: k0), product1 & low,
             (product0 &>> 32) ^ x.3 ^ SIMD4(repeating: k1), product0 & low)
    }
}
