import Foundation
import Testing
@testable import Optimization

/// Models of the repository's netlib set (`benchmarks/models/netlib`, xz-compressed MPS) small
/// enough for the debug-build suite yet numerically harder than the seven of `../shared/reference`:
/// their certified optima are read from `benchmarks/models/netlib/optima.tsv` (netlib readme with
/// Koch's 2004 corrections; see its README). The whole set runs in `scripts/bench-netlib`.
let netlibSetModels = ["perold", "pilot4", "etamacro"]

/// `benchmarks/models/netlib` of this repository (found from this file's path).
func netlibSetDirectory() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("benchmarks/models/netlib")
}

/// The certified optimum of `name` from `optima.tsv` (tab-separated: model, certified, readme, source).
func netlibSetOptimum(_ name: String) throws -> Double {
    let text = try String(contentsOf: netlibSetDirectory().appendingPathComponent("optima.tsv"), encoding: .utf8)
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        if fields.count >= 2, fields[0] == name, let value = Double(fields[1]) { return value }
    }
    throw NetlibSetMissing(what: "\(name) in optima.tsv")
}

/// Decompresses `name.mps.xz` into a temporary file and returns its path: with /usr/bin/xz, or
/// where a fresh machine lacks it with Python's standard `lzma` module (python3 is always there).
func decompressedNetlibModel(_ name: String) throws -> String {
    let source = netlibSetDirectory().appendingPathComponent("\(name).mps.xz").path
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-netlib-\(ProcessInfo.processInfo.processIdentifier)-\(name).mps")
    FileManager.default.createFile(atPath: target.path, contents: nil)
    let output = try FileHandle(forWritingTo: target)
    defer { try? output.close() }
    let xz = Process()
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/xz") {
        xz.executableURL = URL(fileURLWithPath: "/usr/bin/xz")
        xz.arguments = ["-dc", source]
    } else {
        xz.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        xz.arguments = ["python3", "-c", "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)", source]
    }
    xz.standardOutput = output
    try xz.run()
    xz.waitUntilExit()
    guard xz.terminationStatus == 0 else { throw NetlibSetMissing(what: "decompressed \(source) (exit \(xz.terminationStatus))") }
    return target.path
}

struct NetlibSetMissing: Error { var what: String }

@Suite("netlib set (benchmarks/models/netlib)")
struct NetlibSetTests {
    @Test("certified optimum at 1e-6 relative, residuals and duality", arguments: netlibSetModels)
    func certifiedOptimum(name: String) throws {
        let optimum = try netlibSetOptimum(name)
        let path = try decompressedNetlibModel(name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try MPSReader.read(path: path)
        var options = SolverOptions()
        options.crossover = true
        let solution = LPSolver.solve(model, options: options)
        print("\(name): \(solution.status) objective \(solution.objective) iterations \(solution.iterations) seconds \(solution.seconds)")
        try #require(solution.status == .optimal)
        let relativeError = abs(solution.objective - optimum) / max(1, abs(optimum))
        #expect(relativeError <= 1e-6, "objective \(solution.objective) against certified \(optimum)")
        #expect(solution.primalInfeasibility <= 1e-7)
        let check = DualityCheck(model: model, solution: solution)
        #expect(check.dualResidual <= 1e-6, "dual residual \(check.dualResidual)")
        #expect(check.relativeDualityGap <= 1e-6, "duality gap \(check.relativeDualityGap)")
    }
}
