import Foundation
import Testing
import TestSupport
@testable import Optimization

@Suite("presolve against no presolve")
struct PresolveTests {
    /// minimise −x subject to x ≤ −5 (a singleton L row), x free: optimum 5 at x = −5. The same with
    /// x in MI (−∞, 10] and with the row written as −x ≥ 5.
    @Test func freeColumnAloneInARow() {
        for (lower, upper, coefficient, rowLower, rowUpper) in [(-Double.infinity, Double.infinity, 1.0, -Double.infinity, -5.0),
                                                                (-.infinity, 10, 1, -.infinity, -5),
                                                                (-.infinity, .infinity, -1, 5, .infinity)] {
            var model = LinearModel()
            let x = model.addVariable(Variable(name: "x", lower: lower, upper: upper, cost: -1))
            model.addRow(Row(name: "r", lower: rowLower, upper: rowUpper), coefficients: [(x, coefficient)])
            let s = LPSolver.solve(model)
            #expect(s.status == .optimal, "bounds [\(lower), \(upper)]")
            #expect(abs(s.objective - 5) < 1e-7 && abs((s.primal.first ?? .nan) + 5) < 1e-6, "\(s.objective)")
        }
    }

    /// Random small models with every bound type (free, lower, upper, boxed, fixed, minus infinity)
    /// and every row type (L, G, E, ranged; many singletons): presolve must not change the verdict
    /// or the optimum the solver reaches without it.
    @Test func randomModelsAgreeWithAndWithoutPresolve() {
        var random = TestRandom(seed: 2026)
        var plain = SolverOptions()
        plain.presolve = false
        var compared = 0
        for trial in 0..<300 {
            var model = LinearModel()
            let columns = 1 + Int(random.next() % 4), rows = 1 + Int(random.next() % 4)
            var variables: [Int] = []
            for j in 0..<columns {
                let a = (random.uniform(-6, 6) * 4).rounded() / 4, width = (random.uniform(0, 8) * 4).rounded() / 4
                let (lower, upper): (Double, Double)
                switch random.next() % 6 {
                case 0: (lower, upper) = (-.infinity, .infinity)
                case 1: (lower, upper) = (a, .infinity)
                case 2: (lower, upper) = (-.infinity, a)
                case 3: (lower, upper) = (a, a + width)
                case 4: (lower, upper) = (a, a)
                default: (lower, upper) = (0, .infinity)
                }
                variables.append(model.addVariable(Variable(name: "x\(j)", lower: lower, upper: upper, cost: (random.uniform(-3, 3) * 2).rounded() / 2)))
            }
            for i in 0..<rows {
                let entries = random.next() % 3 == 0 ? 1 : 1 + Int(random.next() % UInt64(columns))
                var picked = Set<Int>()
                while picked.count < min(entries, columns) { picked.insert(Int(random.next() % UInt64(columns))) }
                let coefficients = picked.sorted().map { (variables[$0], ((random.uniform(-3, 3) * 2).rounded() / 2).nonZero) }
                let b = (random.uniform(-6, 6) * 4).rounded() / 4
                let (lower, upper): (Double, Double)
                switch random.next() % 4 {
                case 0: (lower, upper) = (-.infinity, b)
                case 1: (lower, upper) = (b, .infinity)
                case 2: (lower, upper) = (b, b)
                default: (lower, upper) = (b, b + (random.uniform(0, 6) * 4).rounded() / 4)
                }
                model.addRow(Row(name: "r\(i)", lower: lower, upper: upper), coefficients: coefficients)
            }
            let with = LPSolver.solve(model), without = LPSolver.solve(model, options: plain)
            guard without.status == .optimal || without.status == .infeasible || without.status == .unbounded else { continue }
            compared += 1
            #expect(with.status == without.status, "model \(trial): \(with.status) with presolve, \(without.status) without\n\(MPSWriter.text(model))")
            if with.status == .optimal && without.status == .optimal {
                #expect(abs(with.objective - without.objective) <= 1e-6 * (1 + abs(without.objective)),
                        "model \(trial): \(with.objective) with presolve, \(without.objective) without")
            }
        }
        #expect(compared >= 250)
    }
}

private extension Double {
    /// 1 in place of 0, so a drawn coefficient is never an explicit zero.
    var nonZero: Double { self == 0 ? 1 : self }
}
