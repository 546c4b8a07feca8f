import Foundation
import Testing
@testable import Optimization

/// Netlib optima from `../shared/reference/README.md` (netlib readme, confirmed with GLPK).
let netlibOptima: [(name: String, optimum: Double)] = [
    ("afiro", -464.75314286),
    ("sc50b", -70.000000000),
    ("sc50a", -64.575077059),
    ("blend", -30.812149846),
    ("adlittle", 225494.96316),
    ("share2b", -415.73224074),
    ("25fv47", 5501.8458883),
]

@Suite("netlib LPs")
struct NetlibTests {
    @Test("optimum, residuals and strong duality", arguments: netlibOptima.map(\.name))
    func netlibModel(name: String) throws {
        let optimum = try #require(netlibOptima.first { $0.name == name }).optimum
        let model = try MPSReader.read(path: try referencePath("netlib/\(name).mps"))
        let solution = LPSolver.solve(model)
        try #require(solution.status == .optimal)
        let relativeError = abs(solution.objective - optimum) / max(1, abs(optimum))
        print("\(name): objective \(solution.objective) rel.err \(relativeError) iterations \(solution.iterations) seconds \(solution.seconds)")
        // The readme rounds the optimum to 11 significant digits.
        #expect(relativeError <= 1e-6)
        #expect(solution.primalInfeasibility <= 1e-7)
        let check = DualityCheck(model: model, solution: solution)
        #expect(check.dualResidual <= 1e-6, "dual residual \(check.dualResidual)")
        #expect(check.relativeDualityGap <= 1e-6, "duality gap \(check.relativeDualityGap)")
        #expect(check.complementarity <= 1e-5, "complementarity \(check.complementarity)")
    }
}
