import Foundation
import Testing
@testable import Regression

@Suite("Formulas")
struct FormulaTests {
    @Test func parsesTheRStyleForms() throws {
        let f = try Formula("income ~ planting + migrant + breeding")
        #expect(f.terms.map(\.label) == ["planting", "migrant", "breeding"] && f.hasIntercept && f.absorbed.isEmpty)
        #expect(try Formula("y ~ 0 + x").hasIntercept == false)
        #expect(try Formula("y ~ x - 1").hasIntercept == false)
        #expect(try Formula("y ~ -1 + x").hasIntercept == false)
        #expect(try Formula("y ~ a*b").terms.map(\.label) == ["a", "b", "a:b"])
        #expect(try Formula("y ~ a*b - a:b").terms.map(\.label) == ["a", "b"])
        #expect(try Formula("y ~ C(township) + I(x^2) + log(size)").terms.map(\.label) == ["C(township)", "I(x^2)", "log(size)"])
        let fe = try Formula("income ~ migrant_days | village + year")
        #expect(fe.absorbed == ["village", "year"])
        #expect(try Formula("log(income) ~ x").response == .call("log", .column("income")))
        #expect(try Formula("y ~ `收入 来源` + 种植").terms.map(\.label) == ["收入 来源", "种植"])
    }

    @Test func errorsSayWhereAndWhat() {
        #expect(throws: RegressionError.formula(position: 3, message: "expected \"~\" after the response, found \"x\"")) { try Formula("y x") }
        #expect(throws: RegressionError.self) { try Formula("y ~ ") }
        #expect(throws: RegressionError.self) { try Formula("y ~ x | a + b + c") }
        #expect(throws: RegressionError.self) { try Formula("y ~ foo(x)") }
        #expect(throws: RegressionError.self) { try Formula("y ~ x $ z") }
        #expect(throws: RegressionError.self) { try Formula("") }
    }
}

@Suite("Distributions")
struct DistributionTests {
    @Test func tTailsMatchClosedForms() {
        for t in [0.1, 0.7, 1.0, 2.5, 10.0, 1000.0] {
            // df = 1 (Cauchy): p = 1 − (2/π)·atan|t|; df = 2: p = 1 − |t|/√(2 + t²).
            let cauchy = 1 - 2 / Double.pi * atan(t)
            let root = (2 + t * t).squareRoot()
            let two = 2 / (root * (root + t))  // 1 − t/√(2+t²) without cancellation
            #expect(abs(Distributions.twoSidedTPValue(t, degreesOfFreedom: 1) - cauchy) <= 1e-13 * max(cauchy, 1e-300) + 1e-16)
            #expect(abs(Distributions.twoSidedTPValue(-t, degreesOfFreedom: 2) - two) <= 1e-12 * two)
        }
        #expect(abs(Distributions.twoSidedTPValue(1.959963984540054, degreesOfFreedom: .infinity) - 0.05) < 1e-15)
        // F(1, d) upper tail equals the two-sided t tail at √F.
        for d in [3.0, 17, 250] {
            #expect(abs(Distributions.fUpperTail(4.2, d1: 1, d2: d) - Distributions.twoSidedTPValue(4.2.squareRoot(), degreesOfFreedom: d)) < 1e-14)
        }
        // F(2, ∞)·2 is χ²(2): upper tail e^{−x/2}.
        #expect(abs(Distributions.fUpperTail(3, d1: 2, d2: .infinity) - exp(-3.0)) < 1e-15)
    }

    @Test func quantilesInvertTheTails() {
        // df = 1: the quantile is tan(π(p − ½)).
        for p in [0.6, 0.9, 0.975, 0.999] {
            #expect(abs(Distributions.tQuantile(p, degreesOfFreedom: 1) - tan(Double.pi * (p - 0.5))) < 1e-9 * tan(Double.pi * (p - 0.5)))
        }
        #expect(abs(Distributions.tQuantile(0.975, degreesOfFreedom: .infinity) - 1.959963984540054) < 1e-12)
        #expect(abs(Distributions.tQuantile(0.025, degreesOfFreedom: 10) + Distributions.tQuantile(0.975, degreesOfFreedom: 10)) < 1e-14)
    }
}
