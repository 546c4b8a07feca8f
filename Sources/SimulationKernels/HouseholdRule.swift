/// Phase 2 of the Monte-Carlo draw loop: the household rule over one block of households in one
/// draw, four households at a time in vector lanes. The one source of the rule, compiled twice:
/// inlined into `Simulation.SharedRun.simulateBatch` for the default CPU (SSE2, two 128-bit
/// registers a vector of four Doubles) and into `SimulationAVX2.RulesAVX2.block` for AVX2 (one
/// 256-bit register) — the same operations in the same order, hence the same bits (no fused
/// multiply-add: Swift does not contract `a * b + c`).
///
/// Everything crosses module boundaries as pointers and integers: a vector argument would be
/// passed in one 256-bit register by AVX2 code and in two 128-bit registers by SSE2 code.
public enum HouseholdRule {
    /// The household columns phase 2 reads, each padded to whole vectors (see
    /// `Simulation.FrozenColumns` for their meaning).
    public struct Columns {
        public var ruleLine: UnsafePointer<Double>
        public var lineTimesPersons: UnsafePointer<Double>
        public var planIncome: UnsafePointer<Double>
        public var giniScale: UnsafePointer<Double>
        public var personsAsDouble: UnsafePointer<Double>
        public var poorCounts: UnsafePointer<UInt64>
        public var returningPersons: UnsafePointer<UInt64>
        public var liftedPersons: UnsafePointer<UInt64>
        public var village: UnsafePointer<Int32>
        public var villageGroup: UnsafePointer<Int32>

        public init(ruleLine: UnsafePointer<Double>, lineTimesPersons: UnsafePointer<Double>, planIncome: UnsafePointer<Double>,
                    giniScale: UnsafePointer<Double>, personsAsDouble: UnsafePointer<Double>, poorCounts: UnsafePointer<UInt64>,
                    returningPersons: UnsafePointer<UInt64>, liftedPersons: UnsafePointer<UInt64>,
                    village: UnsafePointer<Int32>, villageGroup: UnsafePointer<Int32>) {
            self.ruleLine = ruleLine
            self.lineTimesPersons = lineTimesPersons
            self.planIncome = planIncome
            self.giniScale = giniScale
            self.personsAsDouble = personsAsDouble
            self.poorCounts = poorCounts
            self.returningPersons = returningPersons
            self.liftedPersons = liftedPersons
            self.village = village
            self.villageGroup = villageGroup
        }
    }

    /// The bin arithmetic of the per-draw Gini histogram.
    ///
    /// Bin k of `count` holds the scaled incomes x = y·s in [k, k + 1) (the last bin: everything
    /// above). With P the least power of two ≥ `count`, min(x, count − 1) + P lies in [P, 2P), a
    /// binade where the mantissa holds (x + P − P)·2⁵²⁻ᵏ exactly up to rounding at 2ᵏ⁻⁵² (P = 2ᵏ):
    /// its mantissa bits from position 52 − k up are ⌊x⌋. Shifted right by 52 − k − 4 and masked,
    /// they are ⌊x⌋·16, the byte offset of the bin's (persons, income) pair — one minimum, one add,
    /// one shift and one mask, no float-to-integer conversion. x within 2ᵏ⁻⁵² (10⁻¹³ for 1,024
    /// bins) below an integer may land in the next bin: the bin then holds an income that much
    /// above its upper edge, which moves the grouped Gini by far less than its own error bound.
    public struct Bins {
        /// The last bin's number, count − 1.
        public var last: Double
        /// P, the least power of two ≥ count.
        public var power: Double
        /// 52 − k − 4 for P = 2ᵏ.
        public var shift: UInt64
        /// (P − 1)·16: the offset bits.
        public var mask: UInt64

        /// `count` ≥ 2 bins, at most 2⁴⁰.
        public init(count: Int) {
            let k = (count - 1).bitWidth - (count - 1).leadingZeroBitCount
            last = Double(count - 1)
            power = Double(1 << k)
            shift = UInt64(52 - k - 4)
            mask = UInt64((1 << k) - 1) << 4
        }

        /// 16·⌊min(x, count − 1)⌋ lane by lane, for x ≥ 0 (non-negative, not NaN): byte offsets.
        @inlinable @inline(__always)
        public func byteOffsets(_ x: SIMD4<Double>) -> SIMD4<UInt64> {
            Bins.byteOffsets(x, last: SIMD4(repeating: last), power: SIMD4(repeating: power), shift: shift,
                             mask: SIMD4(repeating: mask))
        }

        /// `byteOffsets(x)` with `last`, `power` and `mask` in every lane (`HouseholdRule.block`
        /// fills the vectors once per call).
        @inlinable @inline(__always)
        public static func byteOffsets(_ x: SIMD4<Double>, last: SIMD4<Double>, power: SIMD4<Double>, shift: UInt64,
                                mask: SIMD4<UInt64>) -> SIMD4<UInt64> {
            // Written lane by lane as x < last ? x : last, the form LLVM turns into `minpd`.
            let capped = SIMD4(x[0] < last[0] ? x[0] : last[0], x[1] < last[1] ? x[1] : last[1],
                               x[2] < last[2] ? x[2] : last[2], x[3] < last[3] ? x[3] : last[3])
            return (unsafeBitCast(capped + power, to: SIMD4<UInt64>.self) &>> shift) & mask
        }
    }

    /// Households `blockStart..<blockEnd` (multiples of 4) in one draw, `incomes[h − blockStart]`
    /// their incomes (yuan). For each household h, poor when its income is below `ruleLine[h]`:
    /// subtracts its poor mark (−1 when poor, else 0) from `blockPoorDraws[h − blockStart]`; adds
    /// its packed poor count (`poorCounts[h]` when poor) to its village's `villageRow` entry;
    /// adds (persons, max(income, 0)) to the Gini histogram's bin at byte offset
    /// `bins.byteOffsets(max(income, 0)·giniScale[h])` of `histogram`; adds the gap
    /// g = max(line·persons − income, 0) and g²·giniScale[h] to the lane sums `gapLanes[h mod 4]`
    /// and `gapLanes[4 + h mod 4]` (read on entry, written on exit). Writes the block's packed
    /// count sums to `packed[0]` (poor words) and `packed[1]` (returning and lifted words).
    ///
    /// Integer counts are order-free; a village's poor persons are summed over a run of groups of
    /// four in that village (`villageGroup[h / 4]`, −1 for a group of mixed villages, whose
    /// households are added one by one from `village`); the Double sums go lane by lane in
    /// household order.
    @inlinable @inline(__always)
    public static func block(_ c: Columns, bins: Bins, blockStart: Int, blockEnd: Int,
                             incomes row: UnsafePointer<Double>, blockPoorDraws: UnsafeMutablePointer<Int64>,
                             villageRow: UnsafeMutablePointer<Int32>, histogram histogramBytes: UnsafeMutableRawPointer,
                             gapLanes lanes: UnsafeMutablePointer<Double>, packed: UnsafeMutablePointer<UInt64>) {
        let last = SIMD4<Double>(repeating: bins.last), power = SIMD4<Double>(repeating: bins.power)
        let shift = bins.shift, mask = SIMD4<UInt64>(repeating: bins.mask)
        // Packed counts (see `Simulation.FrozenColumns.poorCounts`), summed in vector lanes.
        var counts = SIMD4<UInt64>.zero, returning = SIMD4<UInt64>.zero
        var gapLanes: SIMD4<Double> = load(lanes), squaredGapLanes: SIMD4<Double> = load(lanes + 4)
        // A village's poor persons are summed over a run of groups of four in that village: the
        // difference of `counts` between the run's end and its start. −2: no run (at the start
        // and after a group of mixed villages, whose mark is −1, so a mixed group never counts
        // as the run's continuation).
        var runVillage: Int32 = -2
        var runStart = SIMD4<UInt64>.zero
        var h = blockStart
        while h < blockEnd {
            let hb = h &- blockStart
            let income: SIMD4<Double> = load(row + hb)
            let rule: SIMD4<Double> = load(c.ruleLine + h)
            let line: SIMD4<Double> = load(c.lineTimesPersons + h)
            let poor = income .< rule
            let poorBits = unsafeBitCast(poor, to: SIMD4<UInt64>.self)
            let liftedBits = unsafeBitCast((income - load(c.planIncome + h)) .< rule, to: SIMD4<UInt64>.self) & ~poorBits
            let packedWords: SIMD4<UInt64> = load(c.poorCounts + h)
            let poorWords = packedWords & poorBits
            let poorSoFar: SIMD4<Int64> = load(blockPoorDraws + hb)
            store(poorSoFar &- unsafeBitCast(poorBits, to: SIMD4<Int64>.self), blockPoorDraws + hb)
            // PovertyGapSums.add in four lane sums (lane = household mod 4): Σ g and Σ g²·s.
            let gap = positivePart(line - income)
            let scale: SIMD4<Double> = load(c.giniScale + h)
            gapLanes += gap
            squaredGapLanes += gap * gap * scale
            let groupVillage = c.villageGroup[h &>> 2]
            if groupVillage != runVillage {
                if runVillage >= 0 {
                    villageRow[Int(runVillage)] &+= Int32(truncatingIfNeeded: (counts &- runStart).wrappedSum())
                }
                runVillage = groupVillage
                runStart = counts
                if groupVillage < 0 {
                    runVillage = -2
                    for lane in 0..<4 {
                        villageRow[Int(c.village[h &+ lane])] &+= Int32(truncatingIfNeeded: poorWords[lane])
                    }
                }
            }
            counts &+= poorWords
            // Returning and lifted persons: after the village run, where the compiler schedules
            // them with fewer live registers across the run's branch (callgrind).
            returning &+= (load(c.returningPersons + h) & poorBits) &+ (load(c.liftedPersons + h) & liftedBits)
            // The Gini histogram: bin ⌊min(y·s, bins − 1)⌋ of the non-negative income y, as a
            // byte offset (see `Bins`), lane by lane in household order.
            let nonNegative = positivePart(income)
            let offsets = Bins.byteOffsets(nonNegative * scale, last: last, power: power, shift: shift, mask: mask)
            let persons: SIMD4<Double> = load(c.personsAsDouble + h)
            for lane in 0..<4 {
                let cell = histogramBytes + Int(truncatingIfNeeded: offsets[lane])
                cell.storeBytes(of: cell.load(as: SIMD2<Double>.self) + SIMD2(persons[lane], nonNegative[lane]),
                                as: SIMD2<Double>.self)
            }
            h &+= 4
        }
        if runVillage >= 0 {
            villageRow[Int(runVillage)] &+= Int32(truncatingIfNeeded: (counts &- runStart).wrappedSum())
        }
        store(gapLanes, lanes)
        store(squaredGapLanes, lanes + 4)
        packed[0] = counts.wrappedSum()
        packed[1] = returning.wrappedSum()
    }
}
