// This module is compiled for x86-64 with AVX2 (`-target-cpu haswell`, Package.swift): its code
// may run only after `PhiloxAVX2.isSupported` said yes. The Simulation module dispatches to it.

#if os(Linux) && arch(x86_64)
import Foundation
#endif

/// Philox4x32-10 on four lanes — `Simulation.PhiloxLanes.blocks(_:_:_:_:into:)` bit for bit —
/// compiled for AVX2, where a `SIMD4<UInt64>` fills one 256-bit register: each round is two
/// `vpmuludq` and a few shifts, masks and XORs on four lanes at once (101 instructions for the
/// four blocks instead of 292 with SSE2).
///
/// Arguments cross the module boundary as pointers and scalars only: a vector argument would be
/// passed in one 256-bit register here and in two 128-bit registers by an SSE2 caller.
public enum PhiloxAVX2 {
    /// Whether this CPU and operating system run the module's code: x86-64 Linux whose
    /// `/proc/cpuinfo` lists every feature `-target-cpu haswell` lets the compiler use (AVX,
    /// AVX2, FMA, BMI1, BMI2, LZCNT, MOVBE, F16C, POPCNT). False elsewhere, or when the
    /// environment variable `TUOPIN_NO_AVX2` is set (to run the portable path on any CPU).
    public static let isSupported: Bool = {
        #if os(Linux) && arch(x86_64)
        if ProcessInfo.processInfo.environment["TUOPIN_NO_AVX2"] != nil { return false }
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
        return ["avx", "avx2", "fma", "bmi1", "bmi2", "abm", "movbe", "f16c", "popcnt"].allSatisfy(flags.contains)
        #else
        return false
        #endif
    }()

    /// Lanes of the key schedule: round r's two keys, each repeated in four lanes.
    public static let scheduleCount = 80

    /// The key schedule of the key (key0, key1) (each below 2³²) for `blocks`: `out[8r + i]` is
    /// key0 + r·0x9E3779B9 mod 2³² and `out[8r + 4 + i]` is key1 + r·0xBB67AE85 mod 2³², for
    /// rounds r = 0…9 and lanes i = 0…3 (`scheduleCount` words). Portable code: callable anywhere.
    public static func keySchedule(key0: UInt64, key1: UInt64, into out: UnsafeMutablePointer<UInt64>) {
        for r: UInt64 in 0..<10 {
            for i in 0..<4 {
                out[Int(r) * 8 + i] = (key0 &+ r &* 0x9E37_79B9) & 0xFFFF_FFFF
                out[Int(r) * 8 + 4 + i] = (key1 &+ r &* 0xBB67_AE85) & 0xFFFF_FFFF
            }
        }
    }

    /// The blocks of counters (units[i], c1, c2, c3), i = 0…3 (`units` lanes below 2³²), under
    /// the key whose `keySchedule` is `schedule`: `out[4w + i]` is word w of lane i's block.
    /// Call only when `isSupported`.
    @inline(never)
    public static func blocks(units: UnsafePointer<UInt64>, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32,
                              schedule: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>) {
        let c0 = UnsafeRawPointer(units).loadUnaligned(as: SIMD4<UInt64>.self)
        var x = (c0, SIMD4(repeating: UInt64(c1)), SIMD4(repeating: UInt64(c2)), SIMD4(repeating: UInt64(c3)))
        let keys = UnsafeRawPointer(schedule)
        // Ten rounds, unrolled.
        round(&x, keys, 0)
        round(&x, keys, 1)
        round(&x, keys, 2)
        round(&x, keys, 3)
        round(&x, keys, 4)
        round(&x, keys, 5)
        round(&x, keys, 6)
        round(&x, keys, 7)
        round(&x, keys, 8)
        round(&x, keys, 9)
        let raw = UnsafeMutableRawPointer(out)
        raw.storeBytes(of: x.0, toByteOffset: 0, as: SIMD4<UInt64>.self)
        raw.storeBytes(of: x.1, toByteOffset: 32, as: SIMD4<UInt64>.self)
        raw.storeBytes(of: x.2, toByteOffset: 64, as: SIMD4<UInt64>.self)
        raw.storeBytes(of: x.3, toByteOffset: 96, as: SIMD4<UInt64>.self)
    }

    /// Philox round r on four lanes (see `Simulation.PhiloxLanes`): products of operands masked
    /// to 32 bits, high and low halves by a shift and a mask, the round's keys read from the schedule.
    @inline(__always)
    static func round(_ x: inout (SIMD4<UInt64>, SIMD4<UInt64>, SIMD4<UInt64>, SIMD4<UInt64>), _ keys: UnsafeRawPointer, _ r: Int) {
        let low = SIMD4<UInt64>(repeating: 0xFFFF_FFFF)
        let k0 = keys.loadUnaligned(fromByteOffset: r &* 64, as: SIMD4<UInt64>.self)
        let k1 = keys.loadUnaligned(fromByteOffset: r &* 64 &+ 32, as: SIMD4<UInt64>.self)
        let product0 = (x.0 & low) &* SIMD4(repeating: 0xD251_1F53)
        let product1 = (x.2 & low) &* SIMD4(repeating: 0xCD9E_8D57)
        x = ((product1 &>> 32) ^ x.1 ^ k0, product1 & low,
             (product0 &>> 32) ^ x.3 ^ k1, product0 & low)
    }
}
