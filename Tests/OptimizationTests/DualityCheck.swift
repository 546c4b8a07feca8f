import Foundation
@testable import Optimization

/// Independent check of an LP solution of a minimisation or maximisation `model` from the model data
/// alone: the reduced costs are recomputed as `z = c − Aᵀy`, split into the parts the bounds carry, the
/// dual objective `Σ_i y_i·(row bound) + Σ_j z_j·(variable bound) + constant` is compared with `cᵀx`,
/// and complementary slackness is measured.
struct DualityCheck {
    /// `max_j |z_j − (c_j − A_jᵀ y)|` relative to `1 + ‖c‖∞` (reported reduced costs against recomputed ones).
    var dualResidual: Double
    /// Sign-infeasibility of the duals (a row or bound dual of the wrong sign for its active side)
    /// folded into `dualResidual`.
    /// `|primal objective − dual objective| / (1 + |primal objective|)`.
    var relativeDualityGap: Double
    /// `max(|y_i|·slack_i, |z_j|·distance to bound_j)`, relative to `1 + |objective|`.
    var complementarity: Double

    init(model: LinearModel, solution: Solution) {
        let a = model.matrix
        let sign: Double = model.sense == .maximize ? -1 : 1
        let x = solution.primal
        // Work in minimisation form.
        let y = solution.rowDuals.map { sign * $0 }
        let c = model.variables.map { sign * $0.cost }
        let atY = a.multiplyTransposed(y)
        let activity = a.multiply(x)
        let cNorm = c.reduce(0) { max($0, abs($1)) }
        var residual = 0.0
        var dualObjective = sign * model.objectiveConstant
        var complementarity = 0.0
        for (i, row) in model.rows.enumerated() {
            // A positive dual prices the lower side of the row, a negative one the upper side.
            let yi = y[i]
            if yi > 0 {
                if row.lower.isFinite { dualObjective += yi * row.lower } else { residual = max(residual, yi / (1 + cNorm)) }
                if row.lower.isFinite { complementarity = max(complementarity, yi * abs(activity[i] - row.lower)) }
            } else if yi < 0 {
                if row.upper.isFinite { dualObjective += yi * row.upper } else { residual = max(residual, -yi / (1 + cNorm)) }
                if row.upper.isFinite { complementarity = max(complementarity, -yi * abs(activity[i] - row.upper)) }
            }
        }
        for (j, v) in model.variables.enumerated() {
            let z = c[j] - atY[j]
            residual = max(residual, abs(z - sign * solution.reducedCosts[j]) / (1 + cNorm))
            if z > 0 {
                if v.lower.isFinite { dualObjective += z * v.lower } else { residual = max(residual, z / (1 + cNorm)) }
                if v.lower.isFinite { complementarity = max(complementarity, z * abs(x[j] - v.lower)) }
            } else if z < 0 {
                if v.upper.isFinite { dualObjective += z * v.upper } else { residual = max(residual, -z / (1 + cNorm)) }
                if v.upper.isFinite { complementarity = max(complementarity, -z * abs(x[j] - v.upper)) }
            }
        }
        let primalObjective = sign * solution.objective
        dualResidual = residual
        relativeDualityGap = abs(primalObjective - dualObjective) / (1 + abs(primalObjective))
        self.complementarity = complementarity / (1 + abs(primalObjective))
    }
}
