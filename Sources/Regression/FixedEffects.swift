import Linear

/// Absorbing one or two fixed effects: the within transformation (Frisch–Waugh–Lovell).
///
/// One factor: subtract the (weighted) group mean from every column, exactly.
/// Two factors: alternating projections (the method of Guimarães & Portugal 2010 / reghdfe's
/// simplest solver) until no entry moves by more than `tolerance` times the column's scale.
enum FixedEffects {
    /// Demeans the columns of `x` and `y` within the levels of each factor, in place.
    /// - Returns: the number of sweeps used (1 for a single factor).
    /// - Throws: `RegressionError.didNotConverge` when two factors need more than `maxIterations` sweeps.
    static func demean(_ x: inout Matrix, _ y: inout [Double], factors: [FactorCodes], weights: [Double]?,
                       tolerance: Double, maxIterations: Int) throws -> Int {
        guard !factors.isEmpty else { return 0 }
        let n = y.count
        // Group weight totals per factor.
        let totals: [[Double]] = factors.map { f in
            var t = [Double](repeating: 0, count: f.levelCount)
            for i in 0..<n { t[Int(f.codes[i])] += weights?[i] ?? 1 }
            return t
        }
        var sums = [Double](repeating: 0, count: factors.map(\.levelCount).max() ?? 0)
        var maxSweeps = 1

        func sweep(_ column: UnsafeMutableBufferPointer<Double>, factor f: Int) -> Double {
            let codes = factors[f].codes
            let levels = factors[f].levelCount
            for l in 0..<levels { sums[l] = 0 }
            if let w = weights {
                for i in 0..<n { sums[Int(codes[i])] += w[i] * column[i] }
            } else {
                for i in 0..<n { sums[Int(codes[i])] += column[i] }
            }
            var largest = 0.0
            for l in 0..<levels {
                sums[l] /= totals[f][l]
                largest = max(largest, abs(sums[l]))
            }
            for i in 0..<n { column[i] -= sums[Int(codes[i])] }
            return largest
        }

        func demeanColumn(_ column: UnsafeMutableBufferPointer<Double>, label: String) throws {
            var scale = 0.0
            for i in 0..<n { scale = max(scale, abs(column[i])) }
            if factors.count == 1 {
                _ = sweep(column, factor: 0)
                return
            }
            for iteration in 1...maxIterations {
                let moved = max(sweep(column, factor: 0), sweep(column, factor: 1))
                if moved <= tolerance * max(scale, Double.leastNormalMagnitude) {
                    maxSweeps = max(maxSweeps, iteration)
                    return
                }
            }
            throw RegressionError.didNotConverge("absorbing \(factors.map(\.name).joined(separator: " and ")) from \(label) took more than \(maxIterations) sweeps")
        }

        let columns = x.columns
        try x.elements.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for j in 0..<columns {
                try demeanColumn(UnsafeMutableBufferPointer(start: base + j * n, count: n), label: "column \(j + 1)")
            }
        }
        try y.withUnsafeMutableBufferPointer { try demeanColumn($0, label: "the response") }
        return maxSweeps
    }

    /// Degrees of freedom the absorbed factors use: G₁ for one factor; G₁ + G₂ − c for two, where c is
    /// the number of connected components of the bipartite graph linking levels that share observations.
    static func degreesOfFreedom(_ factors: [FactorCodes]) -> Int {
        switch factors.count {
        case 0: return 0
        case 1: return factors[0].levelCount
        default:
            let a = factors[0], b = factors[1]
            var parent = Array(0..<(a.levelCount + b.levelCount))
            func find(_ v: Int) -> Int {
                var v = v
                while parent[v] != v {
                    parent[v] = parent[parent[v]]
                    v = parent[v]
                }
                return v
            }
            for i in 0..<a.codes.count {
                let p = find(Int(a.codes[i])), q = find(a.levelCount + Int(b.codes[i]))
                if p != q { parent[p] = q }
            }
            var components = 0
            for v in 0..<parent.count where find(v) == v { components += 1 }
            return a.levelCount + b.levelCount - components
        }
    }

    /// True when every level of `inner` occurs within a single level of `outer` (e.g. villages within townships).
    static func isNested(_ inner: FactorCodes, within outer: [Int32]) -> Bool {
        var owner = [Int32](repeating: -1, count: inner.levelCount)
        for i in 0..<inner.codes.count {
            let l = Int(inner.codes[i])
            if owner[l] < 0 { owner[l] = outer[i] } else if owner[l] != outer[i] { return false }
        }
        return true
    }
}
