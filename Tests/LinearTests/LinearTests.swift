import Foundation
import Testing
@testable import Linear
import TestSupport


extension TestRandom {
    /// An r × c matrix of entries uniform in (−1, 1).
    mutating func matrix(_ r: Int, _ c: Int) -> Matrix {
        var m = Matrix(rows: r, columns: c)
        for k in 0..<(r * c) { m.elements[k] = symmetric() }
        return m
    }
}

/// Reference product by the textbook triple loop.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
        for j in 0..<b.columns {
            var s = 0.0
            for k in 0..<a.columns { s += a[i, k] * b[k, j] }
            c[i, j] = s
        }
    }
    return c
}

func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.rows == b.rows && a.columns == b.columns)
    return zip(a.elements, b.elements).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// The n×n Hilbert matrix H[i][j] = 1/(i+j+1).
func hilbert(_ n: Int) -> Matrix {
    var h = Matrix(rows: n, columns: n)
    for i in 0..<n { for j in 0..<n { h[i, j] = 1 / Double(i + j + 1) } }
    return h
}

/// The exact inverse of the Hilbert matrix (closed form, integer entries):
/// (H⁻¹)ᵢⱼ = (−1)^{i+j} (i+j+1) C(n+i, n−j−1) C(n+j, n−i−1) C(i+j, i)², zero-based.
func hilbertInverse(_ n: Int) -> Matrix {
    func binomial(_ a: Int, _ b: Int) -> Double {
        if b < 0 || b > a { return 0 }
        var r = 1.0
        for k in 0..<b { r = r * Double(a - k) / Double(k + 1) }
        return r.rounded()
    }
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n {
        for j in 0..<n {
            let sign: Double = (i + j) % 2 == 0 ? 1 : -1
            let c = binomial(i + j, i)
            m[i, j] = sign * Double(i + j + 1) * binomial(n + i, n - j - 1) * binomial(n + j, n - i - 1) * c * c
        }
    }
    return m
}

@Suite("BLAS wrappers")
struct BLASTests {
    @Test func gemmMatchesTripleLoopForAllTranspositions() throws {
        var rng = TestRandom(state: 1)
        let a = rng.matrix(7, 5), b = rng.matrix(5, 4)
        try #expect(maxDifference(gemm(a, b), naiveProduct(a, b)) < 1e-13)
        try #expect(maxDifference(gemm(a.transposed, b, transposeA: true), naiveProduct(a, b)) < 1e-13)
        try #expect(maxDifference(gemm(a, b.transposed, transposeB: true), naiveProduct(a, b)) < 1e-13)
        var c = Matrix(rows: 7, columns: 4, repeating: 1)
        try gemm(a, b, into: &c, alpha: 2, beta: 3)
        let expected = naiveProduct(a, b)
        for k in 0..<c.elements.count { #expect(abs(c.elements[k] - (2 * expected.elements[k] + 3)) < 1e-13) }
    }

    @Test func gemmRejectsNonConformingShapes() {
        #expect(throws: LinearAlgebraError.self) { try gemm(Matrix(rows: 2, columns: 3), Matrix(rows: 2, columns: 3)) }
    }

    @Test func gemvMatchesLoop() throws {
        var rng = TestRandom(state: 2)
        let a = rng.matrix(6, 3)
        let x = [1.5, -2.0, 0.25]
        let y = try gemv(a, x)
        for i in 0..<6 { #expect(abs(y[i] - (0..<3).reduce(0) { $0 + a[i, $1] * x[$1] }) < 1e-14) }
        let z = try gemv(a, [1, 2, 3, 4, 5, 6], transpose: true)
        for j in 0..<3 { #expect(abs(z[j] - (0..<6).reduce(0) { $0 + a[$1, j] * Double($1 + 1) }) < 1e-14) }
    }

    @Test func syrkEqualsTransposeProduct() throws {
        var rng = TestRandom(state: 3)
        let a = rng.matrix(9, 4)
        try #expect(maxDifference(syrk(a), naiveProduct(a.transposed, a)) < 1e-13)
        try #expect(maxDifference(syrk(a, transpose: false), naiveProduct(a, a.transposed)) < 1e-13)
    }

    @Test func dotAndNorm() {
        #expect(dot([1, 2, 3], [4, 5, 6]) == 32)
        #expect(norm2([3, 4]) == 5)
        #expect(norm2([3e300, 4e300]) == 5e300)  // no overflow
    }
}

@Suite("LAPACK wrappers")
struct LAPACKTests {
    @Test func choleskyInverseOfHilbertMatchesClosedForm() throws {
        let n = 6
        let inv = try choleskyFactorize(hilbert(n)).inverse()
        let exact = hilbertInverse(n)
        // cond(H6) ≈ 1.5e7: relative accuracy about 1e-16 × cond.
        for k in 0..<(n * n) { #expect(abs(inv.elements[k] - exact.elements[k]) <= 1e-7 * abs(exact.elements[k])) }
        #expect(exact[0, 0] == Double(n * n))  // (H⁻¹)₁₁ = n², a check on the closed form itself
    }

    @Test func choleskySolveAndFactor() throws {
        var rng = TestRandom(state: 4)
        let b = rng.matrix(8, 5)
        var a = naiveProduct(b.transposed, b)
        for i in 0..<5 { a[i, i] += 1 }
        let f = try choleskyFactorize(a)
        try #expect(maxDifference(naiveProduct(f.upper.transposed, f.upper), a) < 1e-12)
        let x = [1.0, -1, 2, 0.5, 3]
        let rhs = try gemv(a, x)
        let solved = try f.solve(rhs)
        for i in 0..<5 { #expect(abs(solved[i] - x[i]) < 1e-12) }
        var buffer = a.elements
        try choleskyFactorizeInPlace(&buffer, order: 5)
        var v = rhs
        try choleskySolveInPlace(factor: buffer, order: 5, &v)
        for i in 0..<5 { #expect(abs(v[i] - x[i]) < 1e-12) }
    }

    @Test func choleskyReportsTheFailingMinor() throws {
        let a = try Matrix(rowMajor: [[4, 2, 0], [2, 1, 0], [0, 0, 1]])  // second leading minor is 0
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) { try choleskyFactorize(a) }
        let neg = try Matrix(rowMajor: [[-1]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 1)) { try choleskyFactorize(neg) }
    }

    @Test func luSolvesAndDetectsSingularity() throws {
        let a = try Matrix(rowMajor: [[0, 2, 1], [1, 1, 1], [2, 1, 3]])  // needs pivoting (a11 = 0)
        let lu = try luFactorize(a)
        // det by cofactors: 0·(3−1) − 2·(3−2) + 1·(1−2) = −3
        #expect(abs(lu.determinant - -3) < 1e-14)
        let x = try lu.solve([3, 3, 6])  // solution (1, 1, 1)
        for v in x { #expect(abs(v - 1) < 1e-14) }
        let xt = try lu.solve([3, 4, 5], transpose: true)  // Aᵀ·(1,1,1) = (3,4,5)
        for v in xt { #expect(abs(v - 1) < 1e-14) }
        let singular = try Matrix(rowMajor: [[1, 2], [2, 4]])
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) { try luFactorize(singular) }
        let hinv = try luFactorize(hilbert(5)).solve(Matrix.identity(5))
        let exact = hilbertInverse(5)
        for k in 0..<25 { #expect(abs(hinv.elements[k] - exact.elements[k]) <= 1e-8 * abs(exact.elements[k])) }
    }

    @Test func qrReproducesTheMatrixAndSolvesLeastSquares() throws {
        var rng = TestRandom(state: 5)
        let a = rng.matrix(10, 4)
        let qr = try qrFactorize(a)
        let q = try qr.thinQ()
        // Q₁ᵀQ₁ = I and Q₁R = A.
        try #expect(maxDifference(syrk(q), Matrix.identity(4)) < 1e-14)
        try #expect(maxDifference(gemm(q, qr.r), a) < 1e-14)
        // Least squares against the normal equations solved by Cholesky (a second method).
        let y = (0..<10).map { _ in rng.symmetric() }
        let qty = try qr.applyQ(to: y)
        let beta = try qr.solveR(qty)
        let normal = try choleskyFactorize(syrk(a)).solve(try gemv(a, y, transpose: true))
        for j in 0..<4 { #expect(abs(beta[j] - normal[j]) < 1e-12) }
        // Applying Q then Qᵀ is the identity.
        let back = try qr.applyQ(to: qr.applyQ(to: y, transpose: false))
        for i in 0..<10 { #expect(abs(back[i] - y[i]) < 1e-14) }
    }

    @Test func pivotedQRRevealsRank() throws {
        var rng = TestRandom(state: 6)
        var a = rng.matrix(12, 4)
        for i in 0..<12 { a[i, 2] = a[i, 0] + 2 * a[i, 1] }  // column 2 depends on 0 and 1
        let qr = try pivotedQRFactorize(a)
        let d = qr.r.diagonal.map(abs)
        #expect(d[3] < 1e-14 * d[0])
        #expect(d[2] > 1e-3 * d[0])
        #expect(Set(qr.permutation) == Set(0..<4))
        // A·P = Q·R
        let q = try qr.thinQ()
        try #expect(maxDifference(gemm(q, qr.r), a.selectingColumns(qr.permutation)) < 1e-13)
    }

    @Test func triangularSolveAndInverse() throws {
        let u = try Matrix(rowMajor: [[2, 1, -1], [0, 3, 2], [0, 0, 4]])
        var b = Matrix(column: [2 + 1 - 1, 3 + 2, 4])
        try solveTriangular(u, &b, upper: true, transpose: false)
        for v in b.elements { #expect(abs(v - 1) < 1e-15) }
        let inv = try invertTriangular(u, upper: true)
        try #expect(maxDifference(gemm(u, inv), Matrix.identity(3)) < 1e-15)
        let zeroDiagonal = try Matrix(rowMajor: [[1, 1], [0, 0]])
        var c = Matrix(column: [1, 1])
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) {
            try solveTriangular(zeroDiagonal, &c, upper: true, transpose: false)
        }
    }

    @Test func svdOfHilbertAndReconstruction() throws {
        var rng = TestRandom(state: 7)
        let a = rng.matrix(8, 5)
        let svd = try singularValueDecomposition(a)
        var us = svd.u
        for j in 0..<5 { for i in 0..<8 { us[i, j] *= svd.singularValues[j] } }
        try #expect(maxDifference(gemm(us, svd.vTransposed), a) < 1e-13)
        // Singular values of a symmetric positive definite matrix are its eigenvalues.
        let h = hilbert(5)
        let s = try singularValueDecomposition(h).singularValues
        let e = try symmetricEigen(h).values
        for k in 0..<5 { #expect(abs(s[k] - e[4 - k]) < 1e-14) }
        #expect(try singularValueDecomposition(Matrix(rowMajor: [[1, 2], [2, 4]])).rank() == 1)
    }

    @Test func symmetricEigenOfKnownMatrix() throws {
        // Tridiagonal 2,−1 matrix of order n: eigenvalues 2 − 2cos(kπ/(n+1)).
        let n = 6
        var t = Matrix(rows: n, columns: n)
        for i in 0..<n { t[i, i] = 2; if i > 0 { t[i, i - 1] = -1; t[i - 1, i] = -1 } }
        let (values, vectors) = try symmetricEigen(t)
        for k in 1...n {
            #expect(abs(values[k - 1] - (2 - 2 * cos(Double(k) * .pi / Double(n + 1)))) < 1e-14)
        }
        try #expect(maxDifference(syrk(vectors), Matrix.identity(n)) < 1e-14)
    }

    @Test func dimensionsPastInt32AreErrorsNotTraps() {
        #expect(throws: LinearAlgebraError.self) { try lapackInt(Int(Int32.max) + 1, "n") }
        #expect(throws: LinearAlgebraError.self) { try checkElementCount(100_000, 100_000, "A") }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
    }
}

@Suite("Tall-skinny QR")
struct TallSkinnyQRTests {
    /// TSQR against one Householder QR of the whole matrix (LAPACK dgeqrf): R equal up to row signs,
    /// Q₁ equal up to column signs, least-squares parts equal.
    @Test(arguments: [(37, 4, 8), (1000, 6, 64), (513, 5, 512), (12, 12, 4)])
    func agreesWithOneHouseholderQR(rows: Int, columns: Int, blockRows: Int) throws {
        var rng = TestRandom(state: UInt64(rows * 31 + columns))
        let a = rng.matrix(rows, columns)
        let y = (0..<rows).map { _ in rng.symmetric() }
        let blocked = try TallSkinnyQR(a, blockRows: blockRows)
        let plain = try qrFactorize(a)
        let r1 = blocked.r, r2 = plain.r.leadingBlock(rows: columns, columns: columns)
        let signs = (0..<columns).map { r1[$0, $0] * r2[$0, $0] < 0 ? -1.0 : 1.0 }
        for i in 0..<columns { for j in i..<columns { #expect(abs(r1[i, j] - signs[i] * r2[i, j]) < 1e-12 * (1 + abs(r2[i, j]))) } }
        let q1 = try blocked.thinQ(), q2 = try plain.thinQ()
        for j in 0..<columns { for i in 0..<rows { #expect(abs(q1[i, j] - signs[j] * q2[i, j]) < 1e-12) } }
        let parts = try blocked.project(y)
        let qty = try plain.applyQ(to: y)
        for i in 0..<columns { #expect(abs(parts.leading[i] - signs[i] * qty[i]) < 1e-12) }
        // Residual against y − Q₁Q₁ᵀy from the plain factor, and its sum of squares.
        let fitted = try gemv(q2, Array(qty.prefix(columns)))
        var ssr = 0.0
        for i in 0..<rows {
            #expect(abs(parts.residual[i] - (y[i] - fitted[i])) < 1e-12)
            ssr += parts.residual[i] * parts.residual[i]
        }
        #expect(abs(parts.residualSumOfSquares - ssr) <= 1e-12 * max(ssr, 1e-300) + 1e-28)
    }

    @Test func rejectsWideMatrices() {
        #expect(throws: LinearAlgebraError.self) { try TallSkinnyQR(Matrix(rows: 2, columns: 3)) }
    }
}
