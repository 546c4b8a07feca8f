import Foundation
import Testing
@testable import Optimization

@Test("debug run", .enabled(if: ProcessInfo.processInfo.environment["LPDEBUG"] != nil))
func debugRun() throws {
    let path = ProcessInfo.processInfo.environment["LPDEBUG"] ?? ""
    let model = try MPSReader.read(path: path)
    var options = SolverOptions()
    options.log = true
    let s = LPSolver.solve(model, options: options)
    print("status \(s.status) objective \(s.objective) iterations \(s.iterations) seconds \(s.seconds)")
}

@Test("debug duals", .enabled(if: ProcessInfo.processInfo.environment["LPDEBUG"] != nil))
func debugDuals() throws {
    let path = ProcessInfo.processInfo.environment["LPDEBUG"] ?? ""
    let model = try MPSReader.read(path: path)
    let s = LPSolver.solve(model)
    let a = model.matrix
    let aty = a.multiplyTransposed(s.rowDuals)
    let act = a.multiply(s.primal)
    for (i, r) in model.rows.enumerated() {
        let y = s.rowDuals[i]
        if (y > 1e-6 && !r.lower.isFinite) || (y < -1e-6 && !r.upper.isFinite) || (abs(y) > 1e-6 && min(abs(act[i]-r.lower), abs(act[i]-r.upper)) > 1e-5) {
            print("row \(r.name) [\(r.lower), \(r.upper)] act \(act[i]) y \(y)")
        }
    }
    for (j, v) in model.variables.enumerated() {
        let z = v.cost - aty[j]
        if abs(z - s.reducedCosts[j]) > 1e-6 || (z > 1e-6 && !v.lower.isFinite) || (z < -1e-6 && !v.upper.isFinite) || (abs(z) > 1e-6 && min(abs(s.primal[j]-v.lower), abs(s.primal[j]-v.upper)) > 1e-5) {
            print("col \(v.name) [\(v.lower), \(v.upper)] x \(s.primal[j]) z \(z) reported \(s.reducedCosts[j])")
        }
    }
}
