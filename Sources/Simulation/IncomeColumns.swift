/// The per-household columns a draw's income and poverty test are computed from, built once for
/// both engines (the one-year `FrozenColumns` and the projection's `ProjectionYearColumns`):
/// income mean and variance without the shocked sources, the shocked sources' means and variances
/// by slot, and the poverty test's threshold.
///
/// A draw's income is baseMean + Σ_j shockedMean_j·multiplier_j + √(baseVariance + Σ_j
/// shockedVariance_j·multiplier_j²)·z (or baseStandardDeviation·z when no shocked source has a
/// spread), in yuan a household; poor ⇔ income < ruleLine. Columns are padded to `padded`
/// households with inert ones (no income, no spread, a line of −∞: never poor).
struct IncomeColumns: @unchecked Sendable {
    /// Households per column (the model's, plus inert padding).
    let padded: Int
    let baseMean: Buffer<Double>
    let baseVariance: Buffer<Double>
    let baseStandardDeviation: Buffer<Double>
    /// Shocked-source means and variances by slot: [j·padded + h].
    let shockedMean: Buffer<Double>
    let shockedVariance: Buffer<Double>
    /// line × persons (yuan), or +∞ when the household is poor whatever its income (registered
    /// poor with a guarantee unmet); −∞ for padding.
    let ruleLine: Buffer<Double>

    /// Unfilled columns of `padded` (≥ model.households) households; `fill` writes them.
    init(unfilled model: PreparedModel, padded: Int) {
        self.padded = padded
        let slots = model.shockedSources.count
        baseMean = Buffer(unfilled: padded)
        baseVariance = Buffer(unfilled: padded)
        baseStandardDeviation = Buffer(unfilled: padded)
        shockedMean = Buffer(unfilled: slots * padded)
        shockedVariance = Buffer(unfilled: slots * padded)
        ruleLine = Buffer(unfilled: padded)
    }

    /// The columns of `model`, filled, without padding beyond its households.
    init(_ model: PreparedModel) {
        self.init(unfilled: model, padded: model.households)
        fill(model)
    }

    /// Writes every column from `model` (each element once: the buffers were left unfilled).
    func fill(_ model: PreparedModel) {
        let n = model.households
        fill(baseMean.start, from: model.baseMean, 0)
        fill(baseVariance.start, from: model.baseVariance, 0)
        fill(baseStandardDeviation.start, from: model.baseStandardDeviation, 0)
        for j in 0..<model.shockedSources.count {
            fill(shockedMean.start + j * padded, from: model.shockedMean[j], 0)
            fill(shockedVariance.start + j * padded, from: model.shockedVariance[j], 0)
        }
        let rule = ruleLine.start
        model.lineTimesPersons.withUnsafeBufferPointer { line in
            model.flags.withUnsafeBufferPointer { flags in
                for h in 0..<n {
                    (rule + h).initialize(to: flags[h] & PreparedModel.alwaysPoorBit != 0 ? .infinity : line[h])
                }
            }
        }
        for h in n..<padded { (rule + h).initialize(to: -.infinity) }
    }

    private func fill(_ start: UnsafeMutablePointer<Double>, from values: [Double], _ filler: Double) {
        values.withUnsafeBufferPointer { v in
            for h in 0..<v.count { (start + h).initialize(to: v[h]) }
        }
        for h in values.count..<padded { (start + h).initialize(to: filler) }
    }
}
