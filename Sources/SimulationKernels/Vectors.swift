// Four-lane memory and arithmetic helpers shared by the draw loop (Simulation) and its AVX2
// compilation (SimulationAVX2). Inlinable: each module compiles them for its own CPU target.

/// Four consecutive values at `pointer` as a vector (unaligned load).
@inlinable @inline(__always)
public func load<T: SIMDScalar>(_ pointer: UnsafePointer<T>) -> SIMD4<T> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<T>.self)
}

/// Four consecutive values at `pointer` as a vector (unaligned load).
@inlinable @inline(__always)
public func load<T: SIMDScalar>(_ pointer: UnsafeMutablePointer<T>) -> SIMD4<T> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<T>.self)
}

/// Stores a vector at `pointer` (unaligned): four consecutive values.
@inlinable @inline(__always)
public func store<T: SIMDScalar>(_ value: SIMD4<T>, _ pointer: UnsafeMutablePointer<T>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<T>.self)
}

/// max(x, 0) lane by lane: x where x > 0, else +0 (as `Swift.max(x, 0)` for every non-NaN x).
@inlinable @inline(__always)
public func positivePart(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let m = unsafeBitCast(x .> 0, to: SIMD4<UInt64>.self)
    return unsafeBitCast(unsafeBitCast(x, to: SIMD4<UInt64>.self) & m, to: SIMD4<Double>.self)
}
