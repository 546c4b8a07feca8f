/// Linearised (Taylor) standard errors of FGT(α) under a stratified cluster sample, PSUs taken
/// as drawn with replacement within strata (the usual first-stage approximation of Stata `svy`
/// and R `survey`).
///
/// FGT(α) is the ratio P = Σ_j w_j m_j h_j / Σ_j w_j m_j over households j (w survey weight,
/// m size, h_j = ((z − y_j)/z)^α for y_j < z, else 0). Its linearised score is
/// u_j = m_j (h_j − P) / Σ w m; with U_hi = Σ_{j ∈ PSU i of stratum h} w_j u_j,
///
///     Var(P) = Σ_h n_h / (n_h − 1) · Σ_i (U_hi − Ū_h)²,
///
/// n_h the number of PSUs in stratum h. Households with zero weight add nothing.
public enum FGTStandardError {
    /// FGT(α) and its standard error.
    /// - Parameters:
    ///   - perCapitaIncomes: one per household, yuan.
    ///   - design: weights, sizes, optional strata and PSUs.
    /// - Throws: `.lengthMismatch`, `.nonFinite`, `.zeroTotalWeight`, `.invalidLine`, `.invalidParameter` for α,
    ///   and `.tooFewPSUs` when a stratum (or the whole unstratified sample) has a single PSU.
    public static func estimate(perCapitaIncomes y: [Double], design: SampleDesign, alpha: Double, line z: Double) throws -> Estimate {
        let all = try estimates(perCapitaIncomes: y, design: design, alphas: [alpha], line: z)
        return all[0]
    }

    /// FGT(α) and its standard error for several α at once, sharing the design's bookkeeping
    /// (one estimate per α, in order). Throws as `estimate`.
    public static func estimates(perCapitaIncomes y: [Double], design: SampleDesign, alphas: [Double], line z: Double) throws -> [Estimate] {
        let distribution = try IncomeDistribution(perCapitaIncomes: y, householdSizes: design.householdSizes,
                                                  householdWeights: design.householdWeights)
        let W = distribution.totalWeight
        // Dense codes for strata and PSUs; without them each household is its own PSU in one stratum.
        let (psuStratum, psuOf, strataLabels) = denseDesignCodes(design, count: y.count)
        let strataCount = strataLabels.count
        var psusInStratum = [Int](repeating: 0, count: strataCount)
        for h in psuStratum { psusInStratum[h] += 1 }
        for h in 0..<strataCount where psusInStratum[h] < 2 {
            throw PovertyError.tooFewPSUs(stratum: design.strata == nil ? nil : strataLabels[h], count: psusInStratum[h])
        }
        return try alphas.map { alpha in
            let p = try distribution.fgt(alpha: alpha, line: z)
            var psuTotal = [Double](repeating: 0, count: psuStratum.count)
            for j in y.indices {
                let personWeight = distribution.weights[j]
                guard personWeight > 0 else { continue }
                var term = 0.0
                if y[j] < z {
                    let ratio = (z - y[j]) / z
                    term = alpha == 0 ? 1 : (alpha == 1 ? ratio : ratio.power(alpha))
                }
                psuTotal[psuOf[j]] += personWeight * (term - p) / W
            }
            var stratumSum = [Double](repeating: 0, count: strataCount)
            for i in psuTotal.indices { stratumSum[psuStratum[i]] += psuTotal[i] }
            var within = [Double](repeating: 0, count: strataCount)
            for i in psuTotal.indices {
                let h = psuStratum[i]
                let d = psuTotal[i] - stratumSum[h] / Double(psusInStratum[h])
                within[h] += d * d
            }
            var variance = 0.0
            for h in 0..<strataCount {
                let n = Double(psusInStratum[h])
                variance += n / (n - 1) * within[h]
            }
            return Estimate(value: p, standardError: variance.squareRoot())
        }
    }
}

/// Dense PSU codes (one per household), the stratum of each PSU, and the stratum labels.
private func denseDesignCodes(_ design: SampleDesign, count n: Int) -> (stratumOfPSU: [Int], psuOf: [Int], strataLabels: [Int]) {
    if design.strata == nil && design.psus == nil {
        return ([Int](repeating: 0, count: n), Array(0..<n), [0])
    }
    var stratumCode: [Int: Int] = [:]
    var strataLabels: [Int] = []
    var psuCode: [PSUKey: Int] = [:]
    var stratumOfPSU: [Int] = []
    var psuOf = [Int](repeating: 0, count: n)
    for j in 0..<n {
        let stratum = design.strata?[j] ?? 0
        let h: Int
        if let code = stratumCode[stratum] { h = code } else {
            h = strataLabels.count; stratumCode[stratum] = h; strataLabels.append(stratum)
        }
        let key = PSUKey(stratum: stratum, psu: design.psus?[j] ?? j)
        if let code = psuCode[key] { psuOf[j] = code } else {
            psuOf[j] = stratumOfPSU.count; psuCode[key] = psuOf[j]; stratumOfPSU.append(h)
        }
    }
    return (stratumOfPSU, psuOf, strataLabels)
}

private struct PSUKey: Hashable {
    let stratum: Int
    let psu: Int
}
