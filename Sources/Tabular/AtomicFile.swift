import Foundation

/// A file that could not be written, with the reason the system gave.
public struct FileWriteError: Error, Sendable, CustomStringConvertible {
    /// The destination as the user named it.
    public var path: String
    /// Why it failed (the system's words).
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): cannot write the output file (\(reason))" }
}

/// Whole-file writes that a reader never sees half-done.
public enum AtomicFile {
    /// Writes `data` to a temporary file `.NAME.tmp-PID` in the destination's folder and renames it
    /// onto `path`, so a reader sees the old file or the new one, never a part, even when the process
    /// is killed part-way (only a kill during the write itself can leave the temporary file behind).
    /// - Throws: `FileWriteError` when the folder cannot be written or the rename fails; the
    ///   temporary file is removed and `path` is left as it was.
    public static func write(_ data: Data, to path: String) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: path, reason: error.localizedDescription)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }
}
