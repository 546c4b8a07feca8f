import Foundation
import Testing

@testable import Reports

/// This test target's folder (goldens live in `Golden/` beside the tests).
let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
/// The package root, two folders up.
let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()

/// Compares `actual` with the golden file `name`; with `TUOPIN_UPDATE_GOLDEN=1` in the environment it
/// writes the golden instead (review the diff with `git diff Tests/ReportsTests/Golden` before committing).
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = testsFolder.appendingPathComponent("Golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["TUOPIN_UPDATE_GOLDEN"] == "1" {
        try Data(actual.utf8).write(to: url, options: .atomic)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("golden \(name) is missing: run TUOPIN_UPDATE_GOLDEN=1 swift test --filter ReportsTests and review it", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != actual {
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }.map { $0.offset } ?? min(a.count, e.count)
        let got = first < a.count ? a[first] : "<end>", want = first < e.count ? e[first] : "<end>"
        Issue.record("\(name) differs from its golden at line \(first + 1):\n  got:  \(got)\n  want: \(want)", sourceLocation: sourceLocation)
    }
}

/// The display columns of a line: one entry per terminal column, a wide character filling two.
func displayColumns(_ line: String) -> [Character] {
    line.flatMap { ch -> [Character] in
        let width = displayWidth(String(ch))
        return width == 2 ? [ch, ch] : (width == 0 ? [] : [ch])
    }
}
