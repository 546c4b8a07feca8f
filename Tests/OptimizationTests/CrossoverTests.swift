import Foundation
import Linear
import Testing
@testable import Optimization

/// Checks of the crossover's vertex recomputed from the model alone (not from the solver's own
/// factorisation): the certified netlib optimum, bounds, the basis count and rank, and dual feasibility.
@Suite("crossover to a basic solution")
struct CrossoverTests {
    static func crossed(_ model: LinearModel) -> Solution {
        var options = SolverOptions()
        options.crossover = true
        return LPSolver.solve(model, options: options)
    }

    @Test("netlib: certified optimum at a vertex with a nonsingular basis", arguments: netlibOptima.map(\.name))
    func netlibVertex(name: String) throws {
        let optimum = try #require(netlibOptima.first { $0.name == name }).optimum
        let model = try MPSReader.read(path: try referencePath("netlib/\(name).mps"))
        let solution = Self.crossed(model)
        let summary = try #require(solution.crossover)
        print("\(name): interior point + crossover \(solution.seconds) s, crossover \(summary.seconds) s, "
              + "push \(summary.pushPivots), simplex \(summary.simplexPivots)")
        try #require(summary.outcome == .optimal, "crossover ended \(summary.outcome)")
        try #require(solution.status == .optimal)
        let basis = try #require(solution.basis)
        // The readme's optimum has 11 significant digits.
        let relativeError = abs(solution.objective - optimum) / abs(optimum)
        #expect(relativeError <= 1e-9, "objective \(solution.objective) vs \(optimum): \(relativeError)")
        let check = VertexCheck(model: model, solution: solution, basis: basis)
        #expect(check.basicCount == model.rowCount)
        #expect(check.offBound == 0, "\(check.offBound) nonbasic columns or rows not at their bound")
        #expect(check.primalViolation <= 1e-9, "primal violation \(check.primalViolation)")
        #expect(check.wrongSignedDuals <= 1e-9, "dual sign violation \(check.wrongSignedDuals)")
        #expect(check.reciprocalCondition > 1e-14, "basis reciprocal condition \(check.reciprocalCondition)")
        let duality = DualityCheck(model: model, solution: solution)
        #expect(duality.dualResidual <= 1e-9, "dual residual \(duality.dualResidual)")
        #expect(duality.relativeDualityGap <= 1e-9, "duality gap \(duality.relativeDualityGap)")
        #expect(duality.complementarity <= 1e-9, "complementarity \(duality.complementarity)")
    }

    /// A maximisation with a ranged row, a free column and an upper-bounded column, solved by hand:
    /// max 3x + 2y s.t. 1 ≤ x + y ≤ 4, x − y ≤ 2 (free y), 0 ≤ x ≤ 5 → x = 3, y = 1, objective 11;
    /// both rows at their upper ends with duals 2.5 and 0.5 (3 = y₁ + y₂, 2 = y₁ − y₂), both columns basic.
    @Test func rangedMaximisationByHand() throws {
        var model = LinearModel(name: "HAND", sense: .maximize)
        let x = model.addVariable(Variable(name: "x", lower: 0, upper: 5, cost: 3))
        let y = model.addVariable(Variable(name: "y", lower: -.infinity, upper: .infinity, cost: 2))
        model.addRow(Row(name: "sum", lower: 1, upper: 4), coefficients: [(x, 1), (y, 1)])
        model.addRow(Row(name: "diff", lower: -.infinity, upper: 2), coefficients: [(x, 1), (y, -1)])
        let solution = Self.crossed(model)
        try #require(solution.crossover?.outcome == .optimal)
        #expect(solution.primal == [3, 1])
        #expect(abs(solution.objective - 11) <= 1e-12)
        #expect(abs(solution.rowDuals[0] - 2.5) <= 1e-12 && abs(solution.rowDuals[1] - 0.5) <= 1e-12)
        let basis = try #require(solution.basis)
        #expect(basis.columns == [.basic, .basic])
        #expect(basis.rows == [.atUpper, .atUpper])
    }

    /// The basis file pairs each basic column with a nonbasic row and lists the nonbasic columns.
    @Test func basisFileFormat() throws {
        let model = try MPSReader.read(path: try referencePath("netlib/afiro.mps"))
        let solution = Self.crossed(model)
        let basis = try #require(solution.basis)
        let text = try #require(MPSBasisWriter.text(model, basis: basis))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "NAME          AFIRO")
        #expect(lines.last == "ENDATA")
        let codes = lines.dropFirst().dropLast().map { String($0.prefix(3)) }
        let basicColumns = basis.columns.filter { $0 == .basic }.count
        #expect(codes.filter { $0 == " XU" || $0 == " XL" }.count == basicColumns)
        #expect(codes.count == model.variableCount)
        #expect(basicColumns == basis.rows.filter { $0 != .basic }.count)
    }
}

/// A basis and its solution measured against the model: how many entries are basic, nonbasic
/// values away from their bound, bound violations, wrong-signed reduced costs and row duals, and
/// the reciprocal condition number of the basis matrix `[A −I]_B` from its singular values (LAPACK).
struct VertexCheck {
    var basicCount = 0
    var offBound = 0
    var primalViolation = 0.0
    var wrongSignedDuals = 0.0
    var reciprocalCondition = 0.0

    init(model: LinearModel, solution: Solution, basis: Basis) {
        let a = model.matrix
        let m = model.rowCount, n = model.variableCount
        let sign: Double = model.sense == .maximize ? -1 : 1
        let activity = a.multiply(solution.primal)
        let cNorm = model.variables.reduce(0) { max($0, abs($1.cost)) }
        var dense = [Double](repeating: 0, count: m * m)
        var position = 0
        func scale(_ b: Double) -> Double { 1 + abs(b) }
        for j in 0..<n {
            let v = model.variables[j], x = solution.primal[j]
            primalViolation = max(primalViolation, (v.lower - x) / scale(v.lower), (x - v.upper) / scale(v.upper))
            let z = sign * solution.reducedCosts[j] / (1 + cNorm)
            switch basis.columns[j] {
            case .basic:
                basicCount += 1
                if position < m {
                    for k in a.columnStart[j]..<a.columnStart[j + 1] { dense[a.rowIndex[k] + position * m] = a.values[k] }
                }
                position += 1
            case .atLower:
                if x != v.lower { offBound += 1 }
                if v.lower != v.upper { wrongSignedDuals = max(wrongSignedDuals, -z) }
            case .atUpper:
                if x != v.upper { offBound += 1 }
                if v.lower != v.upper { wrongSignedDuals = max(wrongSignedDuals, z) }
            case .free:
                if x != 0 { offBound += 1 }
                wrongSignedDuals = max(wrongSignedDuals, abs(z))
            }
        }
        for i in 0..<m {
            let r = model.rows[i], act = activity[i]
            primalViolation = max(primalViolation, (r.lower - act) / scale(r.lower), (act - r.upper) / scale(r.upper))
            // A row's dual prices its lower side when positive (minimisation form).
            let y = sign * solution.rowDuals[i] / (1 + cNorm)
            switch basis.rows[i] {
            case .basic:
                basicCount += 1
                if position < m { dense[i + position * m] = -1 }
                position += 1
                wrongSignedDuals = max(wrongSignedDuals, abs(y))
            case .atLower:
                // The activity is recomputed in floating point: at the bound up to its rounding.
                if abs(act - r.lower) > 1e-9 * scale(r.lower) { offBound += 1 }
                if r.lower != r.upper { wrongSignedDuals = max(wrongSignedDuals, -y) }
            case .atUpper:
                if abs(act - r.upper) > 1e-9 * scale(r.upper) { offBound += 1 }
                if r.lower != r.upper { wrongSignedDuals = max(wrongSignedDuals, y) }
            case .free:
                offBound += 1
            }
        }
        guard basicCount == m, m > 0, let matrix = try? Matrix(rows: m, columns: m, columnMajor: dense),
              let svd = try? singularValueDecomposition(matrix),
              let largest = svd.singularValues.max(), let smallest = svd.singularValues.min(), largest > 0 else { return }
        reciprocalCondition = smallest / largest
    }
}
