/// The permutation that puts finite `values` in ascending order, stable (equal values keep
/// their input order), so every result built on it is reproducible.
///
/// Large inputs use an LSD radix sort on the IEEE-754 bit patterns (mapped so that unsigned
/// order is numeric order): six passes of 11 bits, with all six histograms counted in one
/// read and the passes whose digit is the same for every key skipped (whole yuan amounts skip
/// the low ones). O(n). Small inputs use a comparison sort.
func ascendingOrder(_ values: [Double]) -> [Int] {
    let n = values.count
    if n < 4096 {
        return values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }
    let digitBits: UInt64 = 11
    let radix = 1 << 11
    let passes = 6
    var keys = [UInt64](repeating: 0, count: n)
    var order = [Int](repeating: 0, count: n)
    var keysOut = [UInt64](repeating: 0, count: n)
    var orderOut = [Int](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: radix * passes)
    keys.withUnsafeMutableBufferPointer { k in
        counts.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                let bits = values[i].bitPattern
                let key = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
                k[i] = key
                for p in 0..<passes { c[p * radix + Int((key >> (digitBits * UInt64(p))) & UInt64(radix - 1))] += 1 }
            }
        }
    }
    for i in 0..<n { order[i] = i }
    for p in 0..<passes {
        let shift = digitBits * UInt64(p)
        let moved: Bool = keys.withUnsafeBufferPointer { k in
            order.withUnsafeBufferPointer { o in
                keysOut.withUnsafeMutableBufferPointer { kOut in
                    orderOut.withUnsafeMutableBufferPointer { oOut in
                        counts.withUnsafeMutableBufferPointer { c in
                            let base = p * radix
                            // Every key has the same digit: this pass would not move anything.
                            if c[base + Int((k[0] >> shift) & UInt64(radix - 1))] == n { return false }
                            var start = 0
                            for d in base..<(base + radix) {
                                let count = c[d]
                                c[d] = start
                                start += count
                            }
                            for i in 0..<n {
                                let slot = base + Int((k[i] >> shift) & UInt64(radix - 1))
                                let target = c[slot]
                                c[slot] = target + 1
                                kOut[target] = k[i]
                                oOut[target] = o[i]
                            }
                            return true
                        }
                    }
                }
            }
        }
        if moved {
            swap(&keys, &keysOut)
            swap(&order, &orderOut)
        }
    }
    return order
}
