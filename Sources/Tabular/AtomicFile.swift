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
    /// Numbers the writes of this process (their temporary files).
    private static let writes = WriteCounter()

    /// Writes `data` to a temporary file `.NAME.tmp-PID-N` in the destination's folder (N counts the
    /// writes of the process, so two threads writing one file never share a temporary) and renames it
    /// onto `path`, so a reader sees the old file or the new one, never a part, even when the process
    /// is killed part-way (only a kill during the write itself can leave the temporary file behind).
    /// - Throws: `FileWriteError` when the folder cannot be written or the rename fails; the
    ///   temporary file is removed and `path` is left as it was.
    public static func write(_ data: Data, to path: String) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(writes.next())")
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

/// A thread-safe counter.
private final class WriteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        count += 1
        return count
    }
}
