import Foundation
import Testing
@testable import Regression

/// Formulas and data a hostile or unlucky user writes: repeated interactions, the response on the
/// right, values whose squares overflow or underflow.
@Suite struct HostileFormulaTests {
    /// Terms are sets of factors (R's `terms()` and patsy): repetition and order do not make new terms.
    @Test func repeatedInteractionsAreOneTerm() throws {
        let reference = try Formula("y ~ x1 + x2 + x1:x2")
        #expect(try Formula("y ~ x1*x2*x1*x2").terms.map(\.factorSet) == reference.terms.map(\.factorSet))
        #expect(try Formula("y ~ x1 + x2 + x2:x1").terms.map(\.factorSet) == reference.terms.map(\.factorSet))
        #expect(try Formula("y ~ x1:x1 + x2").terms.map(\.label) == ["x1", "x2"])
        #expect(try Formula("y ~ x1*x2 - x2:x1").terms.map(\.label) == ["x1", "x2"])
        // 2¹³ − 1 = 8,191 terms: refused with the position of the product.
        let wide = "y ~ " + (1...13).map { "a\($0)" }.joined(separator: "*")
        #expect(throws: RegressionError.self) { try Formula(wide) }
        // The fit is the fit of the reduced formula.
        let d = Synthetic(n: 30, seed: 41)
        let a = try fitLinearModel(try frame(d.csv, "y ~ x1*x2*x1*x2")), b = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2 + x1:x2"))
        #expect(a.coefficients.map(\.term) == b.coefficients.map(\.term))
        #expect(zip(a.coefficients, b.coefficients).allSatisfy { $0.estimate == $1.estimate })
    }

    @Test func theResponseIsRefusedOnTheRight() {
        #expect(throws: RegressionError.formula(position: 5, message: "the response y also appears as a term on the right-hand side; remove it")) {
            try Formula("y ~ y")
        }
        #expect(throws: RegressionError.self) { try Formula("log(y) ~ x + log(y)") }
    }

    /// A wide categorical crossing is refused before its design is built.
    @Test func aDesignTooWideIsRefusedBeforeItIsBuilt() throws {
        var rows = "y,a,b,c\n"
        for i in 0..<2000 { rows += "\(i % 7),a\(i),b\(i % 1999),c\(i % 1997)\n" }
        #expect(throws: RegressionError.self) { try frame(rows, "y ~ C(a):C(b):C(c)") }
    }

    /// y scaled by 2¹⁰⁰⁰ and x1 by 2⁻⁶⁰⁰: least squares is scale-equivariant, so the coefficients and
    /// standard errors scale by exactly the powers of two and R², t and F do not change, to the bit.
    @Test func resultsScaleExactly() throws {
        let d = Synthetic(n: 40, seed: 43)
        let base = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2"), options: RegressionOptions(covariance: .hc1))
        let scaledText = csvText([("y", d.y.map { "\(Foundation.scalbn($0, 1000))" }), ("x1", d.x1.map { "\(Foundation.scalbn($0, -600))" }),
                                  ("x2", d.x2.map { "\($0)" })])
        let scaled = try fitLinearModel(try frame(scaledText, "y ~ x1 + x2"), options: RegressionOptions(covariance: .hc1))
        let exponents = ["(Intercept)": 1000, "x1": 1600, "x2": 1000]
        for (b, s) in zip(base.coefficients, scaled.coefficients) {
            let e = exponents[b.term] ?? 0
            #expect(Foundation.scalbn(b.estimate, e) == s.estimate, "\(b.term)")
            #expect(b.standardError.map { Foundation.scalbn($0, e) } == s.standardError, "\(b.term)")
            #expect(b.statistic == s.statistic && b.pValue == s.pValue)
        }
        #expect(base.rSquared == scaled.rSquared && base.fStatistic == scaled.fStatistic)
        #expect(scaled.rSquared.isFinite && (scaled.fStatistic ?? 0) > 0)
    }

    /// y scaled by 2⁻¹⁰⁴⁰ (subnormal: the values keep about 34 bits): the fit equals the fit of the
    /// same rounded values scaled back up by 2¹⁰⁴⁰, scaled down again — standard errors never 0.
    @Test func subnormalResponsesKeepTheirStandardErrors() throws {
        let d = Synthetic(n: 40, seed: 47)
        let tiny = d.y.map { Foundation.scalbn($0, -1040) }
        let tinyFit = try fitLinearModel(try frame(csvText([("y", tiny.map { "\($0)" }), ("x1", d.x1.map { "\($0)" }), ("x2", d.x2.map { "\($0)" })]), "y ~ x1 + x2"))
        let upText = csvText([("y", tiny.map { "\(Foundation.scalbn($0, 1040))" }), ("x1", d.x1.map { "\($0)" }), ("x2", d.x2.map { "\($0)" })])
        let up = try fitLinearModel(try frame(upText, "y ~ x1 + x2"))
        for (t, u) in zip(tinyFit.coefficients, up.coefficients) {
            let se = try #require(t.standardError)
            #expect(se > 0)
            #expect(abs(Foundation.scalbn(se, 1040) - (u.standardError ?? .nan)) <= 1e-8 * (u.standardError ?? .nan), "\(t.term)")
            #expect(abs(Foundation.scalbn(t.estimate, 1040) - u.estimate) <= 1e-8 * max(abs(u.estimate), u.standardError ?? 0), "\(t.term)")
        }
        #expect(abs(tinyFit.rSquared - up.rSquared) <= 1e-12)
    }

    /// Numbers in a formula go through the strict reader (NumberText): 1e999 is refused as beyond
    /// the largest Double, with its position, instead of becoming an infinite exponent.
    @Test func anExponentBeyondTheLargestDoubleIsRefused() {
        #expect(throws: RegressionError.formula(position: 9, message: "expected a finite number, found \"1e999\" (a number beyond the largest finite one (±1.8e308))")) {
            try Formula("y ~ I(x^1e999)")
        }
        #expect(throws: RegressionError.formula(position: 13, message: "expected a finite number, found \"2.5.1\" (a second decimal point)")) {
            try Formula("y ~ I(x1^2.5.1)")
        }
        #expect(throws: Never.self) { try Formula("y ~ I(x1^1e2) + I(x2^.5)") }
    }

    /// An exponent that is finite as written but not once evaluated (1e300·1e300) is refused with the term.
    @Test func anExponentThatEvaluatesToInfinityIsRefused() throws {
        let d = Synthetic(n: 20, seed: 47)
        #expect {
            try frame(d.csv, "y ~ I(x1^(1e300*1e300))")
        } throws: { error in
            guard case RegressionError.invalidSpecification(let message) = error else { return false }
            return message == "the exponent of ^ in x1^(1e+300*1e+300) must be a finite number, found inf"
        }
        // A finite exponent still gives the power, exactly for small integers.
        let squared = try frame(d.csv, "y ~ I(x1^2)")
        #expect(squared.columnNames.count == 2 && squared.design[0, 1] == d.x1[0] * d.x1[0])
    }
}
