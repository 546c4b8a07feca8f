import Testing
@testable import Linear

@Suite struct InPlaceCholeskyTests {
    /// The in-place factor and solve agree with the textbook solution of a small SPD system.
    @Test func inPlaceCholeskySolvesKnownSystem() throws {
        // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = (1, −2, 3) → b = A·x = (0, −5, 7).
        var a: [Double] = [4, 2, 0, 2, 5, 1, 0, 1, 3]
        try choleskyFactorizeInPlace(&a, order: 3)
        // U₁₁ = 2, U₁₂ = 1, U₂₂ = 2, U₂₃ = 0.5, U₃₃ = sqrt(3 − 0.25).
        #expect(abs(a[0] - 2) < 1e-15 && abs(a[3] - 1) < 1e-15 && abs(a[4] - 2) < 1e-15)
        #expect(abs(a[8] - (2.75).squareRoot()) < 1e-15)
        var b: [Double] = [0, -5, 7]
        try choleskySolveInPlace(factor: a, order: 3, &b)
        #expect(abs(b[0] - 1) < 1e-13 && abs(b[1] + 2) < 1e-13 && abs(b[2] - 3) < 1e-13)
    }

    @Test func inPlaceCholeskyReportsIndefiniteMinor() {
        var a: [Double] = [1, 2, 2, 1]   // leading minor of order 2 is −3
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) {
            try choleskyFactorizeInPlace(&a, order: 2)
        }
    }
}
