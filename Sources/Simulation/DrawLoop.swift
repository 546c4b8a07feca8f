extension SharedRun {
    /// The hot loop: every household, every draw of the batch.
    ///
    /// Households go in blocks of `BatchScratch.blockSize`, four at a time in vector lanes
    /// (`FrozenColumns.lanes`). Phase 1 computes the block's incomes for every draw of the batch:
    /// one vector Philox call gives four households × four draws of words (lane = household,
    /// word = draw), then normals, common-shock multipliers and risk losses are applied to four
    /// households at once, and the incomes are stored draw by draw. Phase 2 runs draw by draw
    /// over the block and applies the household rule to four households at once: counts are
    /// summed in vector lanes (integers: the order does not matter), while the floating sums —
    /// the poverty gap and the Gini histogram — are added lane by lane in household order. So
    /// every number is the same whatever the batch size or the number of threads, and the same
    /// as a plain household-by-household loop would give.
    func simulateBatch(firstDraw: Int, count: Int, scratch: BatchScratch, poorDraws: UnsafeMutableBufferPointer<UInt32>) {
        let c = columns
        let baseMean = c.baseMean.start, baseVariance = c.baseVariance.start
        let baseSD = c.baseStandardDeviation.start
        let shockedMean = c.shockedMean.start, shockedVariance = c.shockedVariance.start
        let lineTimesPersons = c.lineTimesPersons.start, ruleLine = c.ruleLine.start
        let giniScale = c.giniScale.start, planIncome = c.planIncome.start
        let personsAndOne = c.personsAndOne.start
        let unregisteredPersonsAndOne = c.unregisteredPersonsAndOne.start
        let persons = c.persons.start, village = c.village.start
        let township = c.township.start, riskMask = c.riskMask.start
        let riskThreshold = c.riskThreshold.pointer
        let riskLossFraction = c.riskLossFraction.pointer, riskLossYuan = c.riskLossYuan.pointer
        let accumulators = scratch.accumulators.pointer
        let villagePoor = scratch.villagePoor.start
        let histogram = scratch.histogram.start
        let multipliers = scratch.multipliers
        let incomes = scratch.incomes.start
        let blockPoorDraws = scratch.blockPoorDraws.start

        let slots = model.shockedSources.count
        let townships = model.townships
        let villages = model.villages
        let padded = c.padded
        let bins = scratch.bins
        let lastBin = SIMD4<Double>(repeating: Double(bins - 1))
        let blockSize = BatchScratch.blockSize
        let varianceMatters = model.shockedVarianceMatters
        let philox = PhiloxLanes(self.generator)
        let firstQuad = firstDraw >> 2
        let quads = (count + 3) >> 2
        let multiplierStride = townships &* slots
        let incomeStream = RandomStream.householdIncome.rawValue
        let riskStream = RandomStream.householdRisk.rawValue
        let knots = NormalTable.knots
        let laneOffsets = SIMD4<UInt64>(0, 1, 2, 3)
        let halfMask = SIMD4<Int64>(repeating: 0xFFFF_FFFF)

        for g in 0..<count {
            accumulators[g] = DrawAccumulator()
            let row = UnsafeMutableBufferPointer(rebasing: multipliers.pointer[(g * townships * slots)..<((g + 1) * townships * slots)])
            model.multipliers(draw: firstDraw + g, generator: generator, into: row)
        }

        var blockStart = 0
        while blockStart < padded {
            let blockEnd = min(blockStart + blockSize, padded)

            // Phase 1: the block's incomes, four households × four draws per Philox call.
            var h = blockStart
            while h < blockEnd {
                let hb = h &- blockStart
                let units = SIMD4<UInt64>(repeating: UInt64(truncatingIfNeeded: h)) &+ laneOffsets
                let masks = SIMD4<UInt64>(riskMask[h], riskMask[h &+ 1], riskMask[h &+ 2], riskMask[h &+ 3])
                let anyRisk = masks[0] | masks[1] | masks[2] | masks[3]
                let mean0 = SIMD4<Double>(baseMean[h], baseMean[h &+ 1], baseMean[h &+ 2], baseMean[h &+ 3])
                let sd0 = SIMD4<Double>(baseSD[h], baseSD[h &+ 1], baseSD[h &+ 2], baseSD[h &+ 3])
                let variance0 = SIMD4<Double>(baseVariance[h], baseVariance[h &+ 1], baseVariance[h &+ 2], baseVariance[h &+ 3])
                let rows = SIMD4<Int>(Int(township[h]), Int(township[h &+ 1]), Int(township[h &+ 2]), Int(township[h &+ 3])) &* slots
                for quad in 0..<quads {
                    let counter = UInt32(truncatingIfNeeded: firstQuad &+ quad)
                    let words = philox.blocks(units, counter, incomeStream, 0)
                    var income = (
                        RandomVariates.tableNormals(words.0, knots: knots), RandomVariates.tableNormals(words.1, knots: knots),
                        RandomVariates.tableNormals(words.2, knots: knots), RandomVariates.tableNormals(words.3, knots: knots))
                    let g0 = quad &* 4
                    if slots == 0 {
                        income.0 = mean0 + sd0 * income.0
                        income.1 = mean0 + sd0 * income.1
                        income.2 = mean0 + sd0 * income.2
                        income.3 = mean0 + sd0 * income.3
                    } else {
                        func shocked(_ d: Int, _ z: SIMD4<Double>) -> SIMD4<Double> {
                            var mean = mean0
                            var variance = variance0
                            let row = multipliers.start + ((g0 &+ d) &* multiplierStride)
                            for j in 0..<slots {
                                let m = SIMD4<Double>(row[rows[0] &+ j], row[rows[1] &+ j], row[rows[2] &+ j], row[rows[3] &+ j])
                                let column = j &* padded &+ h
                                let a = SIMD4<Double>(shockedMean[column], shockedMean[column &+ 1],
                                                      shockedMean[column &+ 2], shockedMean[column &+ 3])
                                let v = SIMD4<Double>(shockedVariance[column], shockedVariance[column &+ 1],
                                                      shockedVariance[column &+ 2], shockedVariance[column &+ 3])
                                mean += a * m
                                variance += v * (m * m)
                            }
                            return mean + (varianceMatters ? variance.squareRoot() : sd0) * z
                        }
                        income.0 = shocked(0, income.0)
                        income.1 = shocked(1, income.1)
                        income.2 = shocked(2, income.2)
                        income.3 = shocked(3, income.3)
                    }
                    if anyRisk != 0 {
                        var yuan = (SIMD4<Double>.zero, SIMD4<Double>.zero, SIMD4<Double>.zero, SIMD4<Double>.zero)
                        var fraction = yuan
                        var bits = anyRisk
                        while bits != 0 {
                            let k = bits.trailingZeroBitCount
                            bits &= bits &- 1
                            let r = philox.blocks(units, counter, riskStream, UInt32(truncatingIfNeeded: k))
                            let exposed = (masks & SIMD4(repeating: UInt64(1) << UInt64(k))) .!= 0
                            let threshold = SIMD4<UInt64>(repeating: riskThreshold[k])
                            let lossYuan = riskLossYuan[k], lossFraction = riskLossFraction[k]
                            let hit0 = exposed .& (r.0 .< threshold), hit1 = exposed .& (r.1 .< threshold)
                            let hit2 = exposed .& (r.2 .< threshold), hit3 = exposed .& (r.3 .< threshold)
                            yuan.0.replace(with: yuan.0 + lossYuan, where: hit0)
                            yuan.1.replace(with: yuan.1 + lossYuan, where: hit1)
                            yuan.2.replace(with: yuan.2 + lossYuan, where: hit2)
                            yuan.3.replace(with: yuan.3 + lossYuan, where: hit3)
                            fraction.0.replace(with: fraction.0 + lossFraction, where: hit0)
                            fraction.1.replace(with: fraction.1 + lossFraction, where: hit1)
                            fraction.2.replace(with: fraction.2 + lossFraction, where: hit2)
                            fraction.3.replace(with: fraction.3 + lossFraction, where: hit3)
                        }
                        income.0 -= yuan.0 + fraction.0 * income.0.replacing(with: 0, where: income.0 .< 0)
                        income.1 -= yuan.1 + fraction.1 * income.1.replacing(with: 0, where: income.1 .< 0)
                        income.2 -= yuan.2 + fraction.2 * income.2.replacing(with: 0, where: income.2 .< 0)
                        income.3 -= yuan.3 + fraction.3 * income.3.replacing(with: 0, where: income.3 .< 0)
                    }
                    let base = incomes + (g0 &* blockSize &+ hb)
                    store(income.0, base)
                    store(income.1, base + blockSize)
                    store(income.2, base + 2 &* blockSize)
                    store(income.3, base + 3 &* blockSize)
                }
                h &+= 4
            }

            // Phase 2: the rules, draw by draw over the block, four households at a time.
            for hb in Swift.stride(from: 0, to: blockEnd &- blockStart, by: 4) {
                store(SIMD4<Int64>.zero, blockPoorDraws + hb)
            }
            for g in 0..<count {
                var sums = accumulators[g]
                let villageRow = villagePoor + (g &* villages)
                let histogramRow = histogram + (g &* bins)
                let row = incomes + (g &* blockSize)
                var poorCounts = SIMD4<Int64>.zero
                var returningCounts = SIMD4<Int64>.zero
                var liftedCounts = SIMD4<Int64>.zero
                var h = blockStart
                while h < blockEnd {
                    let hb = h &- blockStart
                    let income: SIMD4<Double> = load(row + hb)
                    let rule: SIMD4<Double> = load(ruleLine + h)
                    let line: SIMD4<Double> = load(lineTimesPersons + h)
                    let poor = income .< rule
                    let poorBits = SIMD4<Int64>(repeating: 0).replacing(with: -1, where: poor)
                    let liftedBits = SIMD4<Int64>(repeating: 0).replacing(
                        with: -1, where: ((income - load(planIncome + h)) .< rule) .& .!poor)
                    let counts: SIMD4<Int64> = load(personsAndOne + h)
                    let poorPersons = counts & poorBits
                    poorCounts &+= poorPersons
                    returningCounts &+= load(unregisteredPersonsAndOne + h) & poorBits
                    liftedCounts &+= counts & liftedBits
                    let poorSoFar: SIMD4<Int64> = load(blockPoorDraws + hb)
                    store(poorSoFar &- poorBits, blockPoorDraws + hb)
                    let gap = (line - income).replacing(with: 0, where: .!(line - income .> 0))
                    sums.gapYuan += gap[0]
                    sums.gapYuan += gap[1]
                    sums.gapYuan += gap[2]
                    sums.gapYuan += gap[3]
                    let nonNegative = income.replacing(with: 0, where: .!(income .> 0))
                    let scaled = nonNegative * (load(giniScale + h) as SIMD4<Double>)
                    let bin = scaled.replacing(with: lastBin, where: .!(scaled .< lastBin))
                    for lane in 0..<4 {
                        villageRow[Int(village[h &+ lane])] &+= Int32(truncatingIfNeeded: poorPersons[lane])
                        histogramRow[Int(bin[lane])] += SIMD2(Double(persons[h &+ lane]), nonNegative[lane])
                    }
                    h &+= 4
                }
                let poorSum = poorCounts.wrappedSum(), returningSum = returningCounts.wrappedSum()
                sums.poorPersons &+= Int(poorSum & 0xFFFF_FFFF)
                sums.poorHouseholds &+= Int(poorSum >> 32)
                sums.returningPersons &+= Int(returningSum & 0xFFFF_FFFF)
                sums.returningHouseholds &+= Int(returningSum >> 32)
                sums.liftedPersons &+= Int((liftedCounts & halfMask).wrappedSum())
                accumulators[g] = sums
            }
            for h in blockStart..<min(blockEnd, model.households) {
                poorDraws[h] &+= UInt32(truncatingIfNeeded: blockPoorDraws[h &- blockStart])
            }
            blockStart = blockEnd
        }
    }
}

/// Four consecutive values at `pointer` as a vector (unaligned load).
@inline(__always)
func load<T: SIMDScalar>(_ pointer: UnsafePointer<T>) -> SIMD4<T> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<T>.self)
}

@inline(__always)
func load<T: SIMDScalar>(_ pointer: UnsafeMutablePointer<T>) -> SIMD4<T> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<T>.self)
}

/// Stores a vector at `pointer` (unaligned).
@inline(__always)
func store<T: SIMDScalar>(_ value: SIMD4<T>, _ pointer: UnsafeMutablePointer<T>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<T>.self)
}
