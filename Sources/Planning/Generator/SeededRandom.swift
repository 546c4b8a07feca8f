/// A small, seeded pseudo-random generator (SplitMix64) for the synthetic-county generator:
/// the same seed gives the same sequence on every platform and build, so `generate` is
/// byte-for-byte reproducible. (Not for the simulation, which uses a counter-based generator.)
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [a, b).
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform whole number in 0..<n (n ≥ 1), by rejection so every value is equally likely.
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return Int(x % bound) }
        }
    }

    /// True with probability p.
    mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        let u = max(uniform(), 0x1p-60)
        let v = uniform()
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }

    /// Log-normal with mean 1: exp(σz − σ²/2), z standard normal (σ = 0 gives 1).
    mutating func lognormal(_ sigma: Double) -> Double {
        sigma > 0 ? _exp(sigma * normal() - sigma * sigma / 2) : 1
    }

    /// Index drawn with probability proportional to `weights` (all ≥ 0, some > 0), using a cumulative table.
    mutating func pick(cumulative: [Double]) -> Int {
        let total = cumulative.last ?? 0
        let x = uniform() * total
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Fisher–Yates shuffle with this generator (deterministic, unlike `shuffle()` across library versions).
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, below(i + 1))
        }
    }

    /// Binomial(n, p) by summing trials (n is small here: persons in a household).
    mutating func binomial(_ n: Int, _ p: Double) -> Int {
        var k = 0
        for _ in 0..<max(0, n) where uniform() < p { k += 1 }
        return k
    }
}

#if canImport(Glibc)
import Glibc
private func _log(_ x: Double) -> Double { Glibc.log(x) }
private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
private func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#elseif canImport(Darwin)
import Darwin
private func _log(_ x: Double) -> Double { Darwin.log(x) }
private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
private func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
