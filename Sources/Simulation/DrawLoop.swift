import SimulationAVX2
import SimulationKernels

extension SharedRun {
    /// The hot loop: every household, every draw of the batch.
    ///
    /// Households go in blocks of `BatchScratch.blockSize`, four at a time in vector lanes
    /// (`FrozenColumns.lanes`). Phase 1 computes the block's incomes for every draw of the batch:
    /// one vector Philox call gives four households × four draws of words (lane = household,
    /// word = draw), then normals, common-shock multipliers and risk losses are applied to four
    /// households at once, and the incomes are stored draw by draw. Phase 2 runs draw by draw
    /// over the block and applies the household rule to four households at once: counts are
    /// summed in vector lanes (integers: the order does not matter; a village's poor persons are
    /// summed over a run of groups of four that share the village and added once), the poverty
    /// gap sums go in four lane sums (lane = household mod 4, each in household order, folded
    /// in a fixed order at the end of the draw), and the Gini histogram is added lane by lane in
    /// household order. Every draw is summed whole by one batch, so every number is the same
    /// whatever the batch size or the number of threads.
    ///
    /// Phase 2 is `SimulationKernels.HouseholdRule.block`, inlined here. Where the CPU has AVX2
    /// (`PhiloxAVX2.isSupported`), the Philox rounds and phase 2 run in `SimulationAVX2`
    /// (`PhiloxAVX2.blocks`, `RulesAVX2.block`, the same rule inlined there): the same operations
    /// in the same order, compiled for 256-bit registers, so the same bits (tested); else
    /// everything runs here.
    func simulateBatch(firstDraw: Int, count: Int, scratch: BatchScratch, poorDraws: UnsafeMutableBufferPointer<UInt32>) {
        let c = columns
        let baseMean = c.baseMean.start, baseVariance = c.baseVariance.start
        let baseSD = c.baseStandardDeviation.start
        let shockedMean = c.shockedMean.start, shockedVariance = c.shockedVariance.start
        let lineTimesPersons = c.lineTimesPersons.start, ruleLine = c.ruleLine.start
        let giniScale = c.giniScale.start, planIncome = c.planIncome.start
        let poorCountWords = c.poorCounts.start, returningPersonWords = c.returningPersons.start
        let liftedPersonWords = c.liftedPersons.start
        let personsAsDouble = c.personsAsDouble.start, village = c.village.start
        let villageGroup = c.villageGroup.start
        let township = c.township.start, riskMask = c.riskMask.start
        let riskThreshold = c.riskThreshold.pointer
        let riskLossFraction = c.riskLossFraction.pointer, riskLossYuan = c.riskLossYuan.pointer
        let accumulators = scratch.accumulators.pointer
        let villagePoor = scratch.villagePoor.start
        let histogram = scratch.histogram.start
        let multipliers = scratch.multipliers
        let shockFree = scratch.shockFree.start
        let order = c.phaseOrder.start
        let unshockedMean = c.unshockedMean.start, unshockedSD = c.unshockedStandardDeviation.start
        let incomes = scratch.incomes.start
        let blockPoorDraws = scratch.blockPoorDraws.start
        let philoxWords = scratch.philoxWords.start
        let philoxWordLanes = UnsafeMutableRawPointer(philoxWords).assumingMemoryBound(to: UInt64.self)
        let philoxUnits = scratch.philoxUnits.start
        let philoxSchedule = scratch.philoxSchedule.start
        let avx2 = PhiloxAVX2.isSupported && !options.portableKernels
        let ruleLanes = scratch.ruleLanes.start, rulePacked = scratch.rulePacked.start
        let ruleColumns = HouseholdRule.Columns(
            ruleLine: ruleLine, lineTimesPersons: lineTimesPersons, planIncome: planIncome, giniScale: giniScale,
            personsAsDouble: personsAsDouble, poorCounts: poorCountWords, returningPersons: returningPersonWords,
            liftedPersons: liftedPersonWords, village: village, villageGroup: villageGroup)
        PhiloxAVX2.keySchedule(key0: UInt64(generator.key.0), key1: UInt64(generator.key.1), into: philoxSchedule)

        let slots = model.shockedSources.count
        let townships = model.townships
        let villages = model.villages
        let padded = c.padded
        let bins = scratch.bins
        let ruleBins = GiniBins(count: bins)
        let blockSize = BatchScratch.blockSize
        let varianceMatters = model.shockedVarianceMatters
        let philox = PhiloxLanes(self.generator)
        let firstQuad = firstDraw >> 2
        let quads = (count + 3) >> 2
        let multiplierStride = townships &* slots
        let incomeStream = RandomStream.householdIncome.rawValue
        let riskStream = RandomStream.householdRisk.rawValue
        let knots = NormalTable.knots
        /// Four Philox blocks, counters (philoxUnits[i], c1, c2, c3), into `philoxWords`: the
        /// AVX2 rounds where the CPU has them, else the portable SSE2 ones (the same bits).
        @inline(__always)
        func philoxBlocks(_ units: SIMD4<UInt64>, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32) {
            if avx2 {
                PhiloxAVX2.blocks(units: philoxUnits, c1, c2, c3, schedule: philoxSchedule, into: philoxWordLanes)
            } else {
                philox.blocks(units, c1, c2, c3, into: philoxWords)
            }
        }

        for g in 0..<count {
            accumulators[g] = DrawAccumulator()
            let row = UnsafeMutableBufferPointer(rebasing: multipliers.pointer[(g * townships * slots)..<((g + 1) * townships * slots)])
            model.multipliers(draw: firstDraw + g, generator: generator, into: row)
            for t in 0..<townships {
                var free = true
                for j in 0..<slots where row[t &* slots &+ j] != 1 { free = false }
                shockFree[g &* townships &+ t] = free ? 1 : 0
            }
        }

        var blockStart = 0
        while blockStart < padded {
            let blockEnd = min(blockStart + blockSize, padded)

            // Phase 1: the block's incomes, four households × four draws per Philox call. The
            // households go in `phaseOrder` (the block sorted by risk mask), so the four lanes
            // usually share their risks and the risk streams are drawn only where needed.
            var i = blockStart
            while i < blockEnd {
                let h0 = Int(order[i]), h1 = Int(order[i &+ 1]), h2 = Int(order[i &+ 2]), h3 = Int(order[i &+ 3])
                let units = SIMD4<UInt64>(UInt64(h0), UInt64(h1), UInt64(h2), UInt64(h3))
                store(units, philoxUnits)
                let b0 = h0 &- blockStart, b1 = h1 &- blockStart, b2 = h2 &- blockStart, b3 = h3 &- blockStart
                let masks = SIMD4<UInt64>(riskMask[h0], riskMask[h1], riskMask[h2], riskMask[h3])
                let anyRisk = masks[0] | masks[1] | masks[2] | masks[3]
                let mean0 = SIMD4<Double>(baseMean[h0], baseMean[h1], baseMean[h2], baseMean[h3])
                let sd0 = SIMD4<Double>(baseSD[h0], baseSD[h1], baseSD[h2], baseSD[h3])
                let t0 = Int(township[h0]), t1 = Int(township[h1]), t2 = Int(township[h2]), t3 = Int(township[h3])
                // The draw's "no shock in the lanes' townships" test reads one flag when the four
                // households share a township (the usual case: households come by village).
                let oneTownship = t0 == t1 && t0 == t2 && t0 == t3
                let meanU = SIMD4<Double>(unshockedMean[h0], unshockedMean[h1], unshockedMean[h2], unshockedMean[h3])
                let sdU = SIMD4<Double>(unshockedSD[h0], unshockedSD[h1], unshockedSD[h2], unshockedSD[h3])
                for quad in 0..<quads {
                    let counter = UInt32(truncatingIfNeeded: firstQuad &+ quad)
                    philoxBlocks(units, counter, incomeStream, 0)
                    let words = (philoxWords[0], philoxWords[1], philoxWords[2], philoxWords[3])
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
                            // No shock in any lane's township (the usual case): every multiplier is 1.
                            let free = shockFree + ((g0 &+ d) &* townships)
                            if oneTownship ? free[t0] != 0 : free[t0] & free[t1] & free[t2] & free[t3] != 0 {
                                return meanU + sdU * z
                            }
                            var mean = mean0
                            var variance = SIMD4<Double>(baseVariance[h0], baseVariance[h1], baseVariance[h2], baseVariance[h3])
                            let row = multipliers.start + ((g0 &+ d) &* multiplierStride)
                            for j in 0..<slots {
                                let m = SIMD4<Double>(row[t0 &* slots &+ j], row[t1 &* slots &+ j], row[t2 &* slots &+ j], row[t3 &* slots &+ j])
                                let a = shockedMean + j &* padded, v = shockedVariance + j &* padded
                                mean += SIMD4<Double>(a[h0], a[h1], a[h2], a[h3]) * m
                                variance += SIMD4<Double>(v[h0], v[h1], v[h2], v[h3]) * (m * m)
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
                            philoxBlocks(units, counter, riskStream, UInt32(truncatingIfNeeded: k))
                            let r = (philoxWords[0], philoxWords[1], philoxWords[2], philoxWords[3])
                            let exposed = (masks & SIMD4(repeating: UInt64(1) << UInt64(k))) .!= 0
                            let threshold = SIMD4<UInt64>(repeating: riskThreshold[k])
                            let lossYuan = riskLossYuan[k], lossFraction = riskLossFraction[k]
                            let hit0 = exposed .& (r.0 .< threshold), hit1 = exposed .& (r.1 .< threshold)
                            let hit2 = exposed .& (r.2 .< threshold), hit3 = exposed .& (r.3 .< threshold)
                            // yuan + (hit ? loss : 0) is yuan + loss where hit and yuan exactly where not.
                            yuan.0 += keep(lossYuan, where: hit0)
                            yuan.1 += keep(lossYuan, where: hit1)
                            yuan.2 += keep(lossYuan, where: hit2)
                            yuan.3 += keep(lossYuan, where: hit3)
                            fraction.0 += keep(lossFraction, where: hit0)
                            fraction.1 += keep(lossFraction, where: hit1)
                            fraction.2 += keep(lossFraction, where: hit2)
                            fraction.3 += keep(lossFraction, where: hit3)
                        }
                        income.0 -= yuan.0 + fraction.0 * positivePart(income.0)
                        income.1 -= yuan.1 + fraction.1 * positivePart(income.1)
                        income.2 -= yuan.2 + fraction.2 * positivePart(income.2)
                        income.3 -= yuan.3 + fraction.3 * positivePart(income.3)
                    }
                    let row0 = incomes + (g0 &* blockSize)
                    let row1 = row0 + blockSize, row2 = row1 + blockSize, row3 = row2 + blockSize
                    row0[b0] = income.0[0]; row0[b1] = income.0[1]; row0[b2] = income.0[2]; row0[b3] = income.0[3]
                    row1[b0] = income.1[0]; row1[b1] = income.1[1]; row1[b2] = income.1[2]; row1[b3] = income.1[3]
                    row2[b0] = income.2[0]; row2[b1] = income.2[1]; row2[b2] = income.2[2]; row2[b3] = income.2[3]
                    row3[b0] = income.3[0]; row3[b1] = income.3[1]; row3[b2] = income.3[2]; row3[b3] = income.3[3]
                }
                i &+= 4
            }

            // Phase 2: the rules, draw by draw over the block, four households at a time.
            for hb in Swift.stride(from: 0, to: blockEnd &- blockStart, by: 4) {
                store(SIMD4<Int64>.zero, blockPoorDraws + hb)
            }
            for g in 0..<count {
                var sums = accumulators[g]
                let villageRow = villagePoor + (g &* villages)
                let histogramBytes = UnsafeMutableRawPointer(histogram + (g &* bins))
                let row = incomes + (g &* blockSize)
                // The lane sums go through memory: vectors cross into SimulationAVX2 as pointers.
                store(sums.gapLanes, ruleLanes)
                store(sums.scaledSquaredGapLanes, ruleLanes + 4)
                if avx2 {
                    RulesAVX2.block(ruleColumns, bins: ruleBins, blockStart: blockStart, blockEnd: blockEnd,
                                    incomes: row, blockPoorDraws: blockPoorDraws, villageRow: villageRow,
                                    histogram: histogramBytes, gapLanes: ruleLanes, packed: rulePacked)
                } else {
                    HouseholdRule.block(ruleColumns, bins: ruleBins, blockStart: blockStart, blockEnd: blockEnd,
                                        incomes: row, blockPoorDraws: blockPoorDraws, villageRow: villageRow,
                                        histogram: histogramBytes, gapLanes: ruleLanes, packed: rulePacked)
                }
                sums.gapLanes = load(ruleLanes)
                sums.scaledSquaredGapLanes = load(ruleLanes + 4)
                sums.add(countSum: rulePacked[0], returningSum: rulePacked[1])
                accumulators[g] = sums
            }
            for h in blockStart..<min(blockEnd, model.households) {
                poorDraws[h] &+= UInt32(truncatingIfNeeded: blockPoorDraws[h &- blockStart])
            }
            blockStart = blockEnd
        }
    }
}

/// `value` where `mask`, else +0.
@inline(__always)
func keep(_ value: Double, where mask: SIMDMask<SIMD4<Int64>>) -> SIMD4<Double> {
    let m = unsafeBitCast(mask, to: SIMD4<UInt64>.self)
    return unsafeBitCast(SIMD4<UInt64>(repeating: value.bitPattern) & m, to: SIMD4<Double>.self)
}

/// The bin arithmetic of the per-draw Gini histogram (see `SimulationKernels.HouseholdRule.Bins`).
typealias GiniBins = HouseholdRule.Bins
