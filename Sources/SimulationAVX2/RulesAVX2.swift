/// Phase 2 of the Monte-Carlo draw loop (the household rule over one block of households in one
/// draw) compiled for AVX2, where a four-lane vector of Doubles fills one 256-bit register: the
/// same operations in the same order as the portable loop in `Simulation.SharedRun.simulateBatch`,
/// hence the same bits (no fused multiply-add: Swift does not contract `a * b + c`).
///
/// Everything crosses the module boundary as pointers and integers (see `PhiloxAVX2`).
public enum RulesAVX2 {
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

    /// The Gini histogram's bin arithmetic (`Simulation.GiniBins`): last bin, the power of two
    /// P, the shift and the mask.
    public struct Bins {
        public var last: Double
        public var power: Double
        public var shift: UInt64
        public var mask: UInt64

        public init(last: Double, power: Double, shift: UInt64, mask: UInt64) {
            self.last = last
            self.power = power
            self.shift = shift
            self.mask = mask
        }
    }

    /// Households `blockStart..<blockEnd` (multiples of 4) in one draw: `incomes[h − blockStart]`
    /// their incomes. Adds each household's poor mark (−1 when poor) to `blockPoorDraws`, the
    /// village counts to `villageRow`, the (persons, income) pairs to the histogram at
    /// `histogram` (bytes), the gap lane sums to `gapLanes[0…3]` and `gapLanes[4…7]` (Σ g, Σ g²·s),
    /// and returns nothing else but the packed count sums in `packed[0]` (poor words) and
    /// `packed[1]` (returning and lifted words). Call only when `PhiloxAVX2.isSupported`.
    @inline(never)
    public static func block(_ c: Columns, bins: Bins, blockStart: Int, blockEnd: Int,
                             incomes row: UnsafePointer<Double>, blockPoorDraws: UnsafeMutablePointer<Int64>,
                             villageRow: UnsafeMutablePointer<Int32>, histogram histogramBytes: UnsafeMutableRawPointer,
                             gapLanes lanes: UnsafeMutablePointer<Double>, packed: UnsafeMutablePointer<UInt64>) {
        let last = SIMD4<Double>(repeating: bins.last), power = SIMD4<Double>(repeating: bins.power)
        let shift = bins.shift, mask = SIMD4<UInt64>(repeating: bins.mask)
        var counts = SIMD4<UInt64>.zero, returning = SIMD4<UInt64>.zero
        var gapLanes: SIMD4<Double> = load(lanes), squaredGapLanes: SIMD4<Double> = load(lanes + 4)
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
            returning &+= (load(c.returningPersons + h) & poorBits) &+ (load(c.liftedPersons + h) & liftedBits)
            let poorSoFar: SIMD4<Int64> = load(blockPoorDraws + hb)
            store(poorSoFar &- unsafeBitCast(poorBits, to: SIMD4<Int64>.self), blockPoorDraws + hb)
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
            let nonNegative = positivePart(income)
            let x = nonNegative * scale
            let capped = SIMD4(x[0] < last[0] ? x[0] : last[0], x[1] < last[1] ? x[1] : last[1],
                               x[2] < last[2] ? x[2] : last[2], x[3] < last[3] ? x[3] : last[3])
            let offsets = (unsafeBitCast(capped + power, to: SIMD4<UInt64>.self) &>> shift) & mask
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

    @inline(__always)
    static func load<T: SIMDScalar>(_ pointer: UnsafePointer<T>) -> SIMD4<T> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<T>.self)
    }

    @inline(__always)
    static func load<T: SIMDScalar>(_ pointer: UnsafeMutablePointer<T>) -> SIMD4<T> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<T>.self)
    }

    @inline(__always)
    static func store<T: SIMDScalar>(_ value: SIMD4<T>, _ pointer: UnsafeMutablePointer<T>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<T>.self)
    }

    /// max(x, 0) lane by lane: x where x > 0, else +0.
    @inline(__always)
    static func positivePart(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let m = unsafeBitCast(x .> 0, to: SIMD4<UInt64>.self)
        return unsafeBitCast(unsafeBitCast(x, to: SIMD4<UInt64>.self) & m, to: SIMD4<Double>.self)
    }
}
