import Foundation

/// SplitMix64 (Steele, Lea & Flood, 2014): the one small seeded generator every test target uses
/// for reproducible synthetic data — the same seed gives the same numbers on every platform and
/// run. It is for building test inputs only; the engine's own generators are
/// `Planning.SeededRandom` (the county generator) and the counter-based Philox of `Simulation`.
public struct TestRandom: RandomNumberGenerator {
    /// The generator's whole state; the seed is its first value.
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    /// The same as `init(state:)`.
    public init(seed: UInt64) { self.state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1): 53 random bits, centred in their cell, so never 0 or 1
    /// (safe inside a logarithm).
    public mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

    /// Uniform in (a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform in (−1, 1).
    public mutating func symmetric() -> Double { 2 * uniform() - 1 }

    /// A standard normal by Box–Muller (one of the pair).
    public mutating func normal() -> Double {
        let u = uniform(), v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// A whole number in 0..<n (n ≥ 1; modulo bias below 2⁻⁴⁰ for the small n of tests).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A whole number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// One of `items` (not empty), each equally likely.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
