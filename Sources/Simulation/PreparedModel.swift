/// The input and the scenario folded into the few per-household numbers the draw loop needs
/// (structure of arrays, computed once per run).
///
/// Income model of household h in a draw (a_s = income_s·(1 + growth_s), M_s the product of the
/// common shocks hitting source s in h's township in that draw, z a standard normal):
///
///     Y = Σ_s a_s·M_s·(1 + spread_s·z_s) + ε + plan + transfer lever − risk losses
///
/// with ε the regression's year-to-year residual, of standard deviation σ_ε (`ResidualSpread`:
/// for the fitted income model, a fixed share of each household's earned income Σ_earned a_s).
/// The z_s of different sources and ε are independent normals, so
/// their weighted sum is exactly one normal with variance Σ_s (a_s·M_s·spread_s)² + σ_ε²: the
/// engine draws that one normal per household and draw. Sources hit by no common shock are
/// summed once here (`baseMean`, `baseVariance`); each source hit by a shock keeps its own
/// mean and variance array so the draw can scale them by M_s and M_s².
struct PreparedModel {
    let households: Int
    let villages: Int
    let townships: Int
    let line: Double

    // Per household.
    var baseMean: [Double]
    /// Variance (yuan²) of the parts no common shock scales; its square root when no shocked
    /// source has a spread (then the draw needs no square root).
    var baseVariance: [Double]
    var baseStandardDeviation: [Double]
    /// For each shocked source j: a_j (yuan) and (a_j·spread_j)² (yuan²).
    var shockedMean: [[Double]]
    var shockedVariance: [[Double]]
    var lineTimesPersons: [Double]
    /// giniBinsPerLine ÷ (line · persons): income × this = histogram bin.
    var giniScale: [Double]
    var persons: [Int32]
    var village: [Int32]
    var township: [Int32]
    /// Bit 0: registered poor now; bit 1: poor whatever the income (registered, guarantees unmet).
    var flags: [UInt8]
    /// Bit k: risk k applies to the household.
    var riskMask: [UInt8]
    var planIncome: [Double]
    /// The deterministic projection Σ_s a_s + plan + lever (no shocks, no risks), yuan.
    var projectedIncome: [Double]

    // Scenario constants.
    let shockedSources: [IncomeSource]
    let shockedVarianceMatters: Bool
    let riskThreshold: [UInt64]
    let riskLossFraction: [Double]
    let riskLossYuan: [Double]
    let hasPlan: Bool
    /// For each common shock: scope, exposed townships, threshold, loss, shocked-source slots.
    let shocks: [PreparedShock]

    // Per village and county.
    var villageExitLimit: [Double]  // exitThreshold × agricultural population
    var villageCanExit: [Bool]  // poor village with infrastructure met
    var villageTownship: [Int]
    let countyExitLimit: Double
    let countyAgriculturalPopulation: Double
    /// Persons in the registry (the denominator of FGT1).
    let totalPersons: Double
    /// Households and persons registered poor now.
    let registeredHouseholds: Int
    let registeredPersons: Int

    struct PreparedShock {
        let scope: CommonShock.Scope
        let exposed: [Bool]  // by township
        let threshold: UInt64
        let keep: Double  // 1 − loss
        let slots: [Int]  // indices into shockedSources
    }

    static let registeredBit: UInt8 = 1
    static let alwaysPoorBit: UInt8 = 2

    init(input: SimulationInput, scenario: Scenario, giniBinsPerLine: Int) {
        let h = input.households
        let n = h.count
        households = n
        villages = input.villages.count
        townships = input.county.townshipTier.count
        line = scenario.policy.povertyLine ?? input.county.povertyLine

        var shockedSet = Set<IncomeSource>()
        for shock in scenario.shocks { shockedSet.formUnion(shock.sources) }
        shockedSources = IncomeSource.allCases.filter { shockedSet.contains($0) }
        let slotOf = Dictionary(uniqueKeysWithValues: shockedSources.enumerated().map { ($1, $0) })
        shockedVarianceMatters = shockedSources.contains { scenario[$0].spread > 0 }

        var baseMean = [Double](repeating: 0, count: n)
        var baseVariance = [Double](repeating: input.residualSpread.total * input.residualSpread.total, count: n)
        var shockedMean = [[Double]](repeating: [Double](repeating: 0, count: n), count: shockedSources.count)
        var shockedVariance = shockedMean
        var projectedIncome = [Double](repeating: 0, count: n)
        // Next year's earned income before shocks, for the residual that scales with it.
        let perYuanEarned = input.residualSpread.perYuanEarned
        var earned = [Double](repeating: 0, count: perYuanEarned > 0 ? n : 0)
        // One pass per source over plain buffers (the same additions in the same order as a loop
        // over arrays; the buffers only spare the uniqueness and bounds checks of 10⁶ elements).
        for source in IncomeSource.allCases {
            let assumption = scenario[source]
            let residual = input.residualSpread.bySource[source.rawValue]
            let growth = 1 + assumption.growth, spread = assumption.spread
            let addsEarned = source.isEarned && !earned.isEmpty
            h.incomeBySource[source.rawValue].withUnsafeBufferPointer { income in
                projectedIncome.withUnsafeMutableBufferPointer { projected in
                    baseVariance.withUnsafeMutableBufferPointer { variances in
                        func each(_ body: (Int, Double, Double) -> Void) {
                            for i in 0..<n where income[i] != 0 {
                                let mean = income[i] * growth
                                projected[i] += mean
                                if addsEarned { earned[i] += mean }
                                variances[i] += residual * residual
                                body(i, mean, (mean * spread) * (mean * spread))
                            }
                        }
                        if let slot = slotOf[source] {
                            shockedMean[slot].withUnsafeMutableBufferPointer { means in
                                shockedVariance[slot].withUnsafeMutableBufferPointer { shocked in
                                    each { i, mean, variance in means[i] = mean; shocked[i] = variance }
                                }
                            }
                        } else {
                            baseMean.withUnsafeMutableBufferPointer { means in
                                each { i, mean, variance in means[i] += mean; variances[i] += variance }
                            }
                        }
                    }
                }
            }
        }
        for i in earned.indices {
            let spread = perYuanEarned * earned[i]
            baseVariance[i] += spread * spread
        }
        planIncome = h.planIncome
        hasPlan = h.planIncome.contains { $0 != 0 }
        let lever = scenario.policy.transferIncreasePerPerson
        persons = h.persons.map { Int32(truncatingIfNeeded: $0) }
        village = h.village.map { Int32(truncatingIfNeeded: $0) }
        township = h.township.map { Int32(truncatingIfNeeded: $0) }
        // Risk masks by cause, once (a household's mask is its cause's).
        var maskOfCause = [UInt8](repeating: 0, count: PovertyCause.allCases.count)
        for cause in PovertyCause.allCases {
            for (k, risk) in scenario.risks.enumerated() where risk.causes.isEmpty || risk.causes.contains(cause) {
                maskOfCause[Int(cause.rawValue)] |= UInt8(1) << UInt8(k)
            }
        }
        var flags = [UInt8](repeating: 0, count: n)
        var riskMask = [UInt8](repeating: 0, count: n)
        var lineTimesPersons = [Double](repeating: 0, count: n)
        var giniScale = [Double](repeating: 0, count: n)
        let line = self.line
        let recipients = scenario.policy.transferRecipients
        baseMean.withUnsafeMutableBufferPointer { means in
            projectedIncome.withUnsafeMutableBufferPointer { projected in
                for i in 0..<n {
                    let receivesLever: Bool
                    switch recipients {
                    case .safetyNet: receivesLever = h.category[i] == .safetyNet
                    case .registeredPoor: receivesLever = h.registeredPoor[i]
                    case .all: receivesLever = true
                    }
                    let extra = h.planIncome[i] + (receivesLever ? lever * Double(h.persons[i]) : 0)
                    means[i] += extra
                    projected[i] += extra
                    let size = Double(h.persons[i])
                    lineTimesPersons[i] = line * size
                    giniScale[i] = Double(giniBinsPerLine) / (line * size)
                    if h.registeredPoor[i] {
                        flags[i] = PreparedModel.registeredBit | (h.guaranteesMet[i] ? 0 : PreparedModel.alwaysPoorBit)
                    }
                    riskMask[i] = maskOfCause[Int(h.cause[i].rawValue)]
                }
            }
        }
        self.baseMean = baseMean
        self.baseVariance = baseVariance
        self.shockedMean = shockedMean
        self.shockedVariance = shockedVariance
        self.projectedIncome = projectedIncome
        self.flags = flags
        self.riskMask = riskMask
        self.lineTimesPersons = lineTimesPersons
        self.giniScale = giniScale
        // Used as is when no shocked source has a spread (shockedVariance is then all zero).
        baseStandardDeviation = baseVariance.map { $0.squareRoot() }
        riskThreshold = scenario.risks.map { RandomVariates.threshold(probability: $0.probability) }
        riskLossFraction = scenario.risks.map(\.lossFraction)
        riskLossYuan = scenario.risks.map(\.lossYuan)

        let tiers = input.county.townshipTier
        shocks = scenario.shocks.map { shock in
            PreparedShock(
                scope: shock.scope,
                exposed: tiers.map { shock.tiers.isEmpty || shock.tiers.contains($0) },
                threshold: RandomVariates.threshold(probability: shock.probability),
                keep: 1 - shock.loss,
                slots: shock.sources.compactMap { slotOf[$0] })
        }

        let threshold = input.county.exitThreshold
        villageExitLimit = input.villages.agriculturalPopulation.map { threshold * Double($0) }
        villageCanExit = zip(input.villages.poorVillage, input.villages.infrastructureOK).map { $0 && $1 }
        villageTownship = input.villages.township
        countyExitLimit = threshold * Double(input.county.agriculturalPopulation)
        countyAgriculturalPopulation = Double(input.county.agriculturalPopulation)
        totalPersons = h.persons.reduce(0.0) { $0 + Double($1) }
        registeredHouseholds = h.registeredPoor.reduce(0) { $0 + ($1 ? 1 : 0) }
        registeredPersons = zip(h.persons, h.registeredPoor).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
    }

    /// The common-shock multipliers of one draw: `out[t·S + j]` = M for shocked source j in
    /// township t (S = shockedSources.count).
    func multipliers(draw: Int, generator: Philox4x32, into out: UnsafeMutableBufferPointer<Double>) {
        let slots = shockedSources.count
        for i in 0..<(townships * slots) { out[i] = 1 }
        for (k, shock) in shocks.enumerated() {
            var countyHit = false
            if shock.scope == .county {
                let word = RandomCounter.word(generator, unit: RandomCounter.countyUnit, draw: draw,
                                              stream: .commonShock, index: UInt32(k))
                countyHit = UInt64(word) < shock.threshold
            }
            for t in 0..<townships where shock.exposed[t] {
                let hit: Bool
                if shock.scope == .county {
                    hit = countyHit
                } else {
                    let word = RandomCounter.word(generator, unit: UInt32(t), draw: draw, stream: .commonShock, index: UInt32(k))
                    hit = UInt64(word) < shock.threshold
                }
                if hit { for j in shock.slots { out[t * slots + j] *= shock.keep } }
            }
        }
    }
}
