import Foundation
import Testing
@testable import Linear
@testable import Regression
@testable import Tabular

@Suite("Fixed effects, ridge, logit, collinearity")
struct ModelTests {
    @Test func absorbedEffectsEqualExplicitDummies() throws {
        let d = Synthetic(n: 48, seed: 21)
        for type in [CovarianceType.classical, .hc1, .hc2, .hc3, .cluster(["h"])] {
            let absorbed = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2 | g", clusters: type.clusterColumns), options: RegressionOptions(covariance: type))
            let dummies = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2 + C(g)", clusters: type.clusterColumns), options: RegressionOptions(covariance: type))
            for term in ["x1", "x2"] {
                let a = try #require(absorbed.coefficient(term)), b = try #require(dummies.coefficient(term))
                #expect(close(a.estimate, b.estimate, relative: 1e-11), "\(type) \(term)")
                #expect(close(a.standardError, b.standardError ?? .nan, relative: 1e-9), "\(type) \(term) se")
            }
            #expect(absorbed.dfResidual == dummies.dfResidual)
            #expect(close(absorbed.rSquared, dummies.rSquared, relative: 1e-11))
        }
    }

    @Test func twoAbsorbedFactorsEqualExplicitDummies() throws {
        // In Synthetic, g = i mod 6 and h = ⌊i/3⌋ mod 4, so g fixes the parity of h: the bipartite
        // graph of levels has two components and the dummies have one more collinearity than G₁+G₂−1.
        let d = Synthetic(n: 60, seed: 22)
        var drop = RegressionOptions()
        drop.dropCollinear = true
        let absorbed = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2 | g + h"))
        let dummies = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2 + C(g) + C(h)"), options: drop)
        #expect(dummies.droppedTerms.count == 1)
        for term in ["x1", "x2"] {
            #expect(close(absorbed.coefficient(term)?.estimate, dummies.coefficient(term)?.estimate ?? .nan, relative: 1e-9))
            #expect(close(absorbed.coefficient(term)?.standardError, dummies.coefficient(term)?.standardError ?? .nan, relative: 1e-8))
        }
        #expect(absorbed.dfAbsorbed == 6 + 4 - 2)
        #expect(absorbed.dfResidual == dummies.dfResidual)
        #expect(close(absorbed.rSquared, dummies.rSquared, relative: 1e-10))
        // A connected design: every (g, h) pair occurs.
        let connected = d.csv.components(separatedBy: "\n").enumerated().map { (i, line) -> String in
            guard i > 0, !line.isEmpty else { return line }
            var cells = line.components(separatedBy: ",")
            cells[4] = "h\(((i - 1) / 6) % 4)"
            return cells.joined(separator: ",")
        }.joined(separator: "\n")
        let a = try fitLinearModel(try frame(connected, "y ~ x1 + x2 | g + h"))
        let b = try fitLinearModel(try frame(connected, "y ~ x1 + x2 + C(g) + C(h)"))
        #expect(a.dfAbsorbed == 6 + 4 - 1 && a.dfResidual == b.dfResidual)
        #expect(close(a.coefficient("x1")?.standardError, b.coefficient("x1")?.standardError ?? .nan, relative: 1e-8))
    }

    @Test func ridgeMatchesItsNormalEquations() throws {
        let d = Synthetic(n: 25, seed: 31)
        let lambda = 3.5
        let fit = try fitRidge(try frame(d.csv, "y ~ x1 + x2"), penalty: lambda)
        // Second method: (X_cᵀX_c + λI)β = X_cᵀy_c by Gauss–Jordan, intercept ȳ − x̄β.
        let m1 = d.x1.reduce(0, +) / 25, m2 = d.x2.reduce(0, +) / 25, my = d.y.reduce(0, +) / 25
        let xc = (0..<25).map { [d.x1[$0] - m1, d.x2[$0] - m2] }
        var a = [[lambda, 0], [0, lambda]]
        var b = [0.0, 0.0]
        for (i, row) in xc.enumerated() { for p in 0..<2 { b[p] += row[p] * (d.y[i] - my); for q in 0..<2 { a[p][q] += row[p] * row[q] } } }
        let inv = gaussJordanInverse(a)
        let beta = (0..<2).map { p in (0..<2).reduce(0) { $0 + inv[p][$1] * b[$1] } }
        #expect(close(fit.coefficient("x1")?.estimate, beta[0], relative: 1e-11))
        #expect(close(fit.coefficient("x2")?.estimate, beta[1], relative: 1e-11))
        #expect(close(fit.coefficient("(Intercept)")?.estimate, my - m1 * beta[0] - m2 * beta[1], relative: 1e-11))
        #expect(fit.coefficients.allSatisfy { $0.standardError == nil })
        // λ = 0 is OLS.
        let zero = try fitRidge(try frame(d.csv, "y ~ x1 + x2"), penalty: 0)
        let ols = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2"))
        for j in 0..<3 { #expect(close(zero.coefficients[j].estimate, ols.coefficients[j].estimate, relative: 1e-11)) }
        #expect(throws: RegressionError.self) { try fitRidge(try frame(d.csv, "y ~ x1"), penalty: -1) }
    }

    @Test func logitWithOneBinaryRegressorMatchesTheTwoByTwoTable() throws {
        // Counts: x=0: 30 with y=1, 50 with y=0; x=1: 45 with y=1, 25 with y=0.
        var rows: [(String, String)] = []
        for (x, y, count) in [(0, 1, 30), (0, 0, 50), (1, 1, 45), (1, 0, 25)] { rows += Array(repeating: ("\(y)", "\(x)"), count: count) }
        let text = csvText([("exited", rows.map(\.0)), ("x", rows.map(\.1))])
        let fit = try fitLogit(try frame(text, "exited ~ x"))
        let b0 = log(30.0 / 50), b1 = log(45.0 / 25) - log(30.0 / 50)
        #expect(close(fit.coefficient("(Intercept)")?.estimate, b0, relative: 1e-9))
        #expect(close(fit.coefficient("x")?.estimate, b1, relative: 1e-9))
        #expect(close(fit.coefficient("x")?.standardError, (1.0 / 30 + 1.0 / 50 + 1.0 / 45 + 1.0 / 25).squareRoot(), relative: 1e-9))
        #expect(close(fit.coefficient("(Intercept)")?.standardError, (1.0 / 30 + 1.0 / 50).squareRoot(), relative: 1e-9))
        // z test.
        let z = b1 / (1.0 / 30 + 1.0 / 50 + 1.0 / 45 + 1.0 / 25).squareRoot()
        #expect(close(fit.coefficient("x")?.pValue, erfc(abs(z) / 2.0.squareRoot()), relative: 1e-8))
        // Log-likelihood in closed form from the cell proportions.
        let ll = 30 * log(30.0 / 80) + 50 * log(50.0 / 80) + 45 * log(45.0 / 70) + 25 * log(25.0 / 70)
        #expect(close(fit.logLikelihood, ll, relative: 1e-10))
    }

    @Test func logitRejectsSeparationAndNonBinaryOutcomes() throws {
        let separated = csvText([("y", ["0", "0", "0", "1", "1", "1"]), ("x", ["1", "2", "3", "4", "5", "6"])])
        #expect(throws: RegressionError.self) { try fitLogit(try frame(separated, "y ~ x")) }
        let notBinary = csvText([("y", ["0", "2", "1"]), ("x", ["1", "2", "3"])])
        #expect(throws: InputError.self) { try fitLogit(try frame(notBinary, "y ~ x"), file: "t.csv") }
    }

    @Test func collinearTermsAreNamedOrDroppedLikeR() throws {
        let d = Synthetic(n: 20, seed: 41)
        let text = csvText([("y", d.y.map { "\($0)" }), ("x1", d.x1.map { "\($0)" }), ("x2", d.x2.map { "\($0)" }),
                            ("x3", (0..<20).map { "\(d.x1[$0] + 2 * d.x2[$0])" })])
        #expect(throws: RegressionError.collinear(terms: ["x3"])) { try fitLinearModel(try frame(text, "y ~ x1 + x2 + x3")) }
        var options = RegressionOptions()
        options.dropCollinear = true
        let dropped = try fitLinearModel(try frame(text, "y ~ x1 + x2 + x3"), options: options)
        let reduced = try fitLinearModel(try frame(text, "y ~ x1 + x2"))
        #expect(dropped.droppedTerms == ["x3"])
        for j in 0..<3 {
            #expect(close(dropped.coefficients[j].estimate, reduced.coefficients[j].estimate, relative: 1e-12))
            #expect(close(dropped.coefficients[j].standardError, reduced.coefficients[j].standardError ?? .nan, relative: 1e-12))
        }
        // A regressor constant within the absorbed groups is wiped out by them.
        let constantInGroup = csvText([("y", d.y.map { "\($0)" }), ("x1", d.x1.map { "\($0)" }),
                                       ("z", (0..<20).map { "\(Double($0 % 4) * 1.5)" }), ("g", (0..<20).map { "g\($0 % 4)" })])
        #expect(throws: RegressionError.collinear(terms: ["z"])) { try fitLinearModel(try frame(constantInGroup, "y ~ x1 + z | g")) }
    }

    @Test func categoricalCodingFollowsTreatmentContrasts() throws {
        let text = csvText([("y", ["1", "2", "3", "4", "5", "7"]), ("t", ["峨口镇", "上馆镇", "峨口镇", "上馆镇", "峪口乡", "峪口乡"])])
        let f = try frame(text, "y ~ C(t)")
        let levels = sortLevels(["峨口镇", "上馆镇", "峪口乡"])
        #expect(f.columnNames == ["(Intercept)"] + levels.dropFirst().map { "C(t)[T.\($0)]" })
        // Cell means: the intercept is the baseline level's mean, the others differences.
        let fit = try fitLinearModel(f)
        let means: [String: Double] = ["峨口镇": 2, "上馆镇": 3, "峪口乡": 6]
        #expect(close(fit.coefficients[0].estimate, means[levels[0]] ?? .nan, relative: 1e-12))
        #expect(close(fit.coefficients[1].estimate, (means[levels[1]] ?? .nan) - (means[levels[0]] ?? .nan), relative: 1e-12))
        // Without an intercept every level gets its own column; a text column is categorical by itself.
        let g = try frame(text, "y ~ 0 + t")
        #expect(g.columnNames == levels.map { "t[\($0)]" })
    }

    @Test func missingValuesDropRowsAndBadCellsNameTheirPlace() throws {
        let text = "y,x\n1,2\n2,NA\n,4\n4,5\n5,7\n"
        let f = try frame(text, "y ~ x")
        #expect(f.observations == 3 && f.droppedRows == 2 && f.lines == [2, 5, 6])
        do {
            _ = try frame("y,x\n1,2\n2,oops\n3,4\n", "y ~ I(x^2)")
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.line == 3 && e.column == 2)
        }
        do {
            _ = try frame("y,x\n1,2\n2,0\n3,4\n", "y ~ log(x)")
            Issue.record("expected an error for log(0)")
        } catch let e as InputError {
            #expect(e.line == 3)
        }
    }

    @Test func fStatisticEqualsTheSquaredTForOneRegressor() throws {
        let d = Synthetic(n: 30, seed: 51)
        let fit = try fitLinearModel(try frame(d.csv, "y ~ x1"))
        let t = try #require(fit.coefficient("x1")?.statistic)
        #expect(close(fit.fStatistic, t * t, relative: 1e-10))
        #expect(close(fit.fPValue, fit.coefficient("x1")?.pValue ?? .nan, relative: 1e-9))
        // Classical F from R²: F = (R²/q)/((1−R²)/df).
        let two = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2"))
        #expect(close(two.fStatistic, (two.rSquared / 2) / ((1 - two.rSquared) / Double(two.dfResidual)), relative: 1e-10))
    }
}

@Suite("Model frames")
struct ModelFrameTests {
    @Test func aRegressorCanAlsoBeTheClusterVariable() throws {
        let text = "y,x,z\n1,1,3\n2,1,1\n3,2,4\n5,2,1\n4,3,5\n7,3,9\n"
        let f = try frame(text, "y ~ x + z", clusters: ["x"])
        #expect(f.columnNames == ["(Intercept)", "x", "z"])
        #expect(f.clusters.first?.levels == ["1", "2", "3"])
    }
}
