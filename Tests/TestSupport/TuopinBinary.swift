import Foundation

/// The built `tuopin` binary, for the end-to-end tests that run it.
public enum TuopinBinary {
    /// The repository root, found from this file's path (Tests/TestSupport/…).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `TUOPIN_BINARY` when set, else the binary beside the test bundle (the same build folder), else
    /// `.build/debug/tuopin`.
    /// - Throws: `TuopinBinary.NotFound` when none exists.
    public static func url() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["TUOPIN_BINARY"] { return URL(fileURLWithPath: path) }
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("tuopin")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let fallback = repositoryRoot.appendingPathComponent(".build/debug/tuopin")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else { throw NotFound(path: fallback.path) }
        return fallback
    }

    public struct NotFound: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "tuopin binary not found next to the test bundle or at \(path); run swift build first" }
    }
}
