extension SharedRun {
    /// The hot loop: every household, every draw of the batch.
    ///
    /// Households go in blocks of `BatchScratch.blockSize`. For a block, phase 1 computes the
    /// incomes of every draw of the batch (one Philox call per household, stream and four draws;
    /// normals, shocks and losses four draws at a time in vector registers) into a small block
    /// array; phase 2 then runs draw by draw over the block, so the draw's sums stay in
    /// registers and its histogram and village counts stay in the first-level cache. Within a draw, households are visited in index order: the floating
    /// sums are the same whatever the batch size or the number of threads.
    func simulateBatch(firstDraw: Int, count: Int, scratch: BatchScratch, poorDraws: UnsafeMutableBufferPointer<UInt32>) {
        let c = columns
        let baseMean = c.baseMean.pointer, baseVariance = c.baseVariance.pointer
        let baseSD = c.baseStandardDeviation.pointer
        let shockedMean = c.shockedMean.pointer, shockedVariance = c.shockedVariance.pointer
        let rules = c.rules.pointer
        let township = c.township.pointer, riskMask = c.riskMask.pointer
        let riskThreshold = c.riskThreshold.pointer
        let riskLossFraction = c.riskLossFraction.pointer, riskLossYuan = c.riskLossYuan.pointer
        let accumulators = scratch.accumulators.pointer
        let villagePoor = scratch.villagePoor.pointer
        let histogram = scratch.histogram.pointer
        let multipliers = scratch.multipliers.pointer
        let incomes = scratch.incomes.pointer
        let blockPoorDraws = scratch.blockPoorDraws.pointer

        let slots = model.shockedSources.count
        let townships = model.townships
        let villages = model.villages
        let bins = scratch.bins
        let lastBin = Double(bins - 1)
        let stride = scratch.drawsPerBatch
        let varianceMatters = model.shockedVarianceMatters
        let generator = self.generator
        let firstQuad = firstDraw >> 2
        let quads = (count + 3) >> 2
        let multiplierStride = townships &* slots
        let incomeStream = RandomStream.householdIncome.rawValue
        let riskStream = RandomStream.householdRisk.rawValue
        let knots = NormalTable.knots

        for g in 0..<count {
            accumulators[g] = DrawAccumulator()
            let row = UnsafeMutableBufferPointer(rebasing: multipliers[(g * townships * slots)..<((g + 1) * townships * slots)])
            model.multipliers(draw: firstDraw + g, generator: generator, into: row)
        }

        var blockStart = 0
        while blockStart < model.households {
            let blockEnd = min(blockStart + BatchScratch.blockSize, model.households)

            // Phase 1: the block's incomes, four draws at a time in vector registers.
            for h in blockStart..<blockEnd {
                let hb = h &- blockStart
                let unit = UInt32(truncatingIfNeeded: h)
                let mask = riskMask[h]
                let mean0 = SIMD4<Double>(repeating: baseMean[h])
                let sd0 = SIMD4<Double>(repeating: baseSD[h])
                let variance0 = SIMD4<Double>(repeating: baseVariance[h])
                let townshipRow = Int(township[h]) &* slots
                blockPoorDraws[hb] = 0
                for quad in 0..<quads {
                    let counter = UInt32(truncatingIfNeeded: firstQuad &+ quad)
                    let z = RandomVariates.standardNormals(generator.block(unit, counter, incomeStream, 0), knots: knots)
                    var mean = mean0
                    var sd = sd0
                    if slots > 0 {
                        var variance = variance0
                        let g0 = quad &* 4
                        for j in 0..<slots {
                            let column = townshipRow &+ j
                            let m = SIMD4<Double>(
                                multipliers[g0 &* multiplierStride &+ column],
                                multipliers[(g0 &+ 1) &* multiplierStride &+ column],
                                multipliers[(g0 &+ 2) &* multiplierStride &+ column],
                                multipliers[(g0 &+ 3) &* multiplierStride &+ column])
                            mean += shockedMean[h &* slots &+ j] * m
                            variance += shockedVariance[h &* slots &+ j] * (m * m)
                        }
                        if varianceMatters { sd = variance.squareRoot() }
                    }
                    var income = mean + sd * z
                    if mask != 0 {
                        var yuan = SIMD4<Double>.zero
                        var fraction = SIMD4<Double>.zero
                        var bits = mask
                        while bits != 0 {
                            let k = bits.trailingZeroBitCount
                            bits &= bits &- 1
                            let words = generator.block(unit, counter, riskStream, UInt32(truncatingIfNeeded: k))
                            let hit = SIMD4<UInt64>(truncatingIfNeeded: words) .< SIMD4<UInt64>(repeating: riskThreshold[k])
                            yuan.replace(with: yuan + riskLossYuan[k], where: hit)
                            fraction.replace(with: fraction + riskLossFraction[k], where: hit)
                        }
                        income -= yuan + fraction * income.replacing(with: 0, where: income .< 0)
                    }
                    let base = hb &* stride &+ quad &* 4
                    incomes[base] = income[0]
                    incomes[base &+ 1] = income[1]
                    incomes[base &+ 2] = income[2]
                    incomes[base &+ 3] = income[3]
                }
            }

            // Phase 2: the rules, draw by draw over the block.
            for g in 0..<count {
                var sums = accumulators[g]
                let villageRow = villagePoor.baseAddress.map { $0 + g &* villages }
                let histogramRow = histogram.baseAddress.map { $0 + g &* bins }
                guard let villageRow, let histogramRow else { continue }
                for h in blockStart..<blockEnd {
                    let hb = h &- blockStart
                    let income = incomes[hb &* stride &+ g]
                    let rule = rules[h]
                    let size = Int(rule.persons)
                    let registered = Int(rule.flags & Int32(PreparedModel.registeredBit))
                    let alwaysPoor = Int(rule.flags & Int32(PreparedModel.alwaysPoorBit)) >> 1
                    let poor = (income < rule.lineTimesPersons ? 1 : 0) | alwaysPoor
                    let notPoor = 1 &- poor
                    let returning = poor & (1 &- registered)
                    // Poor without the plan's income but not with it (plan income is 0 without a plan).
                    let lifted = notPoor & (income - rule.planIncome < rule.lineTimesPersons ? 1 : 0)
                    sums.poorPersons &+= poor &* size
                    sums.poorHouseholds &+= poor
                    sums.returningHouseholds &+= returning
                    sums.returningPersons &+= returning &* size
                    sums.liftedPersons &+= lifted &* size
                    sums.gaps.add(income: income, lineTimesPersons: rule.lineTimesPersons, giniScale: rule.giniScale)
                    villageRow[Int(rule.village)] &+= Int32(truncatingIfNeeded: poor) &* rule.persons
                    let nonNegative = max(income, 0)
                    let bin = Int(min(nonNegative * rule.giniScale, lastBin))
                    histogramRow[bin] += SIMD2(Double(size), nonNegative)
                    blockPoorDraws[hb] &+= UInt32(truncatingIfNeeded: poor)
                }
                accumulators[g] = sums
            }
            for h in blockStart..<blockEnd { poorDraws[h] &+= blockPoorDraws[h &- blockStart] }
            blockStart = blockEnd
        }
    }
}
