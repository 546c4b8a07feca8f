import Foundation
import TestSupport
import Testing
@testable import Linear
@testable import Regression

/// Gauss–Jordan inverse with partial pivoting, written out in the test as an independent second method.
func gaussJordanInverse(_ a: [[Double]]) -> [[Double]] {
    let n = a.count
    var m = a.map { $0 + [Double](repeating: 0, count: n) }
    for i in 0..<n { m[i][n + i] = 1 }
    for c in 0..<n {
        let p = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) } ?? c
        m.swapAt(c, p)
        let d = m[c][c]
        for j in 0..<(2 * n) { m[c][j] /= d }
        for r in 0..<n where r != c {
            let f = m[r][c]
            for j in 0..<(2 * n) { m[r][j] -= f * m[c][j] }
        }
    }
    return m.map { Array($0[n...]) }
}

/// Textbook sandwich (XᵀX)⁻¹ (Σ ωᵢ xᵢxᵢᵀ) (XᵀX)⁻¹ by explicit sums: the normal-equations route the
/// library avoids, used here only as an independent check on well-conditioned data.
func naiveSandwich(x: [[Double]], omega: [Double]) -> [[Double]] {
    let k = x[0].count
    var xtx = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    var meat = xtx
    for (i, row) in x.enumerated() {
        for a in 0..<k { for b in 0..<k { xtx[a][b] += row[a] * row[b]; meat[a][b] += omega[i] * row[a] * row[b] } }
    }
    let inv = gaussJordanInverse(xtx)
    func mul(_ p: [[Double]], _ q: [[Double]]) -> [[Double]] {
        (0..<k).map { a in (0..<k).map { b in (0..<k).reduce(0) { $0 + p[a][$1] * q[$1][b] } } }
    }
    return mul(mul(inv, meat), inv)
}

/// A small heteroskedastic dataset with groups, built deterministically.
struct Synthetic {
    var x1: [Double] = [], x2: [Double] = [], y: [Double] = [], group: [Int] = [], other: [Int] = [], weight: [Double] = []
    init(n: Int, seed: UInt64, groups: Int = 6, otherGroups: Int = 4) {
        var r = TestRandom(state: seed)
        for i in 0..<n {
            let a = r.normal(), b = r.uniform() * 3
            let g = i % groups, h = (i / 3) % otherGroups
            x1.append(a); x2.append(b); group.append(g); other.append(h)
            weight.append(0.5 + r.uniform())
            y.append(1 + 2 * a - 0.5 * b + 0.3 * Double(g) - 0.2 * Double(h) + (0.5 + abs(a)) * r.normal())
        }
    }
    var csv: String {
        csvText([("y", y.map { "\($0)" }), ("x1", x1.map { "\($0)" }), ("x2", x2.map { "\($0)" }),
                 ("g", group.map { "g\($0)" }), ("h", other.map { "h\($0)" }), ("w", weight.map { "\($0)" })])
    }
}

func close(_ a: Double?, _ b: Double, relative: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= relative * max(abs(b), 1e-300)
}

@Suite("Covariance estimators")
struct CovarianceTests {
    @Test func heteroskedasticErrorsMatchTheTextbookSandwich() throws {
        let d = Synthetic(n: 40, seed: 11)
        let x = (0..<40).map { [1, d.x1[$0], d.x2[$0]] }
        let ols = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2"))
        let residuals = ols.residuals
        // Leverage hᵢ = xᵢᵀ(XᵀX)⁻¹xᵢ by the same textbook route.
        let bread = naiveSandwich(x: x, omega: [Double](repeating: 1, count: 40))
        let h = x.map { row in (0..<3).reduce(0.0) { s, a in s + (0..<3).reduce(0.0) { $0 + row[a] * bread[a][$1] * row[$1] } } }
        let n = 40.0, k = 3.0
        let cases: [(CovarianceType, [Double])] = [
            (.hc0, residuals.map { $0 * $0 }),
            (.hc1, residuals.map { $0 * $0 * n / (n - k) }),
            (.hc2, residuals.indices.map { residuals[$0] * residuals[$0] / (1 - h[$0]) }),
            (.hc3, residuals.indices.map { residuals[$0] * residuals[$0] / ((1 - h[$0]) * (1 - h[$0])) }),
        ]
        for (type, omega) in cases {
            let fit = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2"), options: RegressionOptions(covariance: type))
            let expected = naiveSandwich(x: x, omega: omega)
            for j in 0..<3 {
                #expect(close(fit.coefficients[j].standardError, expected[j][j].squareRoot()), "\(type) column \(j)")
            }
        }
    }

    @Test func oneRegressorClosedForms() throws {
        // y = βx with no intercept: β̂ = Σxy/Σx², HC0 var = Σx²e²/(Σx²)², cluster var = Σ_g(Σ_{i∈g}xᵢeᵢ)²/(Σx²)² · G/(G−1).
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        let y: [Double] = [1.2, 1.9, 3.4, 3.8, 5.3, 5.9, 7.4, 7.7]
        let g = ["a", "a", "b", "b", "b", "c", "c", "d"]
        let text = csvText([("y", y.map { "\($0)" }), ("x", x.map { "\($0)" }), ("g", g)])
        let sxx = zip(x, x).reduce(0) { $0 + $1.0 * $1.1 }
        let beta = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } / sxx
        let e = zip(x, y).map { $1 - beta * $0 }
        let hc0 = zip(x, e).reduce(0) { $0 + $1.0 * $1.0 * $1.1 * $1.1 } / (sxx * sxx)
        var sums: [String: Double] = [:]
        for i in 0..<8 { sums[g[i], default: 0] += x[i] * e[i] }
        let groups = 4.0, n = 8.0
        let cluster = sums.values.reduce(0) { $0 + $1 * $1 } / (sxx * sxx) * groups / (groups - 1) * (n - 1) / (n - 1)
        let f0 = try fitLinearModel(try frame(text, "y ~ x - 1"), options: RegressionOptions(covariance: .hc0))
        #expect(close(f0.coefficients[0].estimate, beta, relative: 1e-14))
        #expect(close(f0.coefficients[0].standardError, hc0.squareRoot(), relative: 1e-12))
        let fc = try fitLinearModel(try frame(text, "y ~ 0 + x", clusters: ["g"]), options: RegressionOptions(covariance: .cluster(["g"])))
        #expect(close(fc.coefficients[0].standardError, cluster.squareRoot(), relative: 1e-12))
        #expect(fc.testDegreesOfFreedom == 3)
        #expect(fc.clusterCounts == [4])
        // p-value on G − 1 = 3 degrees of freedom.
        let t = beta / cluster.squareRoot()
        #expect(close(fc.coefficients[0].pValue, Distributions.twoSidedTPValue(t, degreesOfFreedom: 3), relative: 1e-12))
    }

    @Test func clusterErrorsMatchExplicitSums() throws {
        let d = Synthetic(n: 36, seed: 5)
        let x = (0..<36).map { [1, d.x1[$0], d.x2[$0]] }
        let base = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2"))
        func clusterOmegaMatrix(_ codes: [Int]) -> [[Double]] {
            // Σ_g s_g s_gᵀ with s_g = Σ xᵢeᵢ, sandwiched by the naive bread, with the small-sample factor.
            var scores: [Int: [Double]] = [:]
            for i in 0..<36 { scores[codes[i], default: [0, 0, 0]] = zip(scores[codes[i]] ?? [0, 0, 0], x[i]).map { $0 + $1 * base.residuals[i] } }
            var meat = [[Double]](repeating: [0, 0, 0], count: 3)
            for s in scores.values { for a in 0..<3 { for b in 0..<3 { meat[a][b] += s[a] * s[b] } } }
            let G = Double(scores.count), n = 36.0, k = 3.0
            var xtx = [[Double]](repeating: [0, 0, 0], count: 3)
            for row in x { for a in 0..<3 { for b in 0..<3 { xtx[a][b] += row[a] * row[b] } } }
            let inv = gaussJordanInverse(xtx)
            func mul(_ p: [[Double]], _ q: [[Double]]) -> [[Double]] { (0..<3).map { a in (0..<3).map { b in (0..<3).reduce(0) { $0 + p[a][$1] * q[$1][b] } } } }
            let v = mul(mul(inv, meat), inv)
            let c = G / (G - 1) * (n - 1) / (n - k)
            return v.map { $0.map { $0 * c } }
        }
        let one = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2", clusters: ["g"]), options: RegressionOptions(covariance: .cluster(["g"])))
        let expectedOne = clusterOmegaMatrix(d.group)
        for j in 0..<3 { #expect(close(one.coefficients[j].standardError, expectedOne[j][j].squareRoot())) }
        // Two-way: V_g + V_h − V_{g∩h}, each with its own G.
        let two = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2", clusters: ["g", "h"]), options: RegressionOptions(covariance: .cluster(["g", "h"])))
        let vg = clusterOmegaMatrix(d.group), vh = clusterOmegaMatrix(d.other)
        let vgh = clusterOmegaMatrix((0..<36).map { d.group[$0] * 100 + d.other[$0] })
        for j in 0..<3 where !two.covarianceAdjusted {
            #expect(close(two.coefficients[j].standardError, (vg[j][j] + vh[j][j] - vgh[j][j]).squareRoot()))
        }
        #expect(two.testDegreesOfFreedom == Double(min(6, 4) - 1))
    }

    @Test func weightedLeastSquaresMatchesTheTransformedModel() throws {
        let d = Synthetic(n: 30, seed: 9)
        let wls = try fitLinearModel(try frame(d.csv, "y ~ x1 + x2", weights: "w"), options: RegressionOptions(covariance: .hc1))
        // Second method: OLS on √w-scaled rows with the intercept column scaled too.
        let scaled = csvText([
            ("y", (0..<30).map { "\(d.y[$0] * d.weight[$0].squareRoot())" }),
            ("c", (0..<30).map { "\(d.weight[$0].squareRoot())" }),
            ("x1", (0..<30).map { "\(d.x1[$0] * d.weight[$0].squareRoot())" }),
            ("x2", (0..<30).map { "\(d.x2[$0] * d.weight[$0].squareRoot())" }),
        ])
        let ols = try fitLinearModel(try frame(scaled, "y ~ 0 + c + x1 + x2"), options: RegressionOptions(covariance: .hc1))
        for j in 0..<3 {
            #expect(close(wls.coefficients[j].estimate, ols.coefficients[j].estimate, relative: 1e-12))
            #expect(close(wls.coefficients[j].standardError, ols.coefficients[j].standardError ?? .nan, relative: 1e-10))
        }
        // All weights 2: same estimates and standard errors as unweighted.
        let twos = csvText([("y", d.y.map { "\($0)" }), ("x1", d.x1.map { "\($0)" }), ("x2", d.x2.map { "\($0)" }), ("w", d.y.map { _ in "2" })])
        let a = try fitLinearModel(try frame(twos, "y ~ x1 + x2", weights: "w"))
        let b = try fitLinearModel(try frame(twos, "y ~ x1 + x2"))
        for j in 0..<3 {
            #expect(close(a.coefficients[j].estimate, b.coefficients[j].estimate, relative: 1e-12))
            #expect(close(a.coefficients[j].standardError, b.coefficients[j].standardError ?? .nan, relative: 1e-12))
        }
        #expect(close(a.rSquared, b.rSquared, relative: 1e-12))
    }
}
