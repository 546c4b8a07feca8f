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
    ///
    /// A symbolic link is followed: the file it points to is replaced, the link stays. A destination
    /// that exists and is not a regular file (a FIFO, a terminal, `/dev/null`, `/dev/full`) is written
    /// through, never replaced by a rename (there is nothing to keep whole there).
    /// - Throws: `FileWriteError` when the folder cannot be written, the rename fails or a write-through
    ///   fails (e.g. no space on `/dev/full`); the temporary file is removed and a regular file at `path`
    ///   is left as it was.
    public static func write(_ data: Data, to path: String) throws(FileWriteError) {
        var target = URL(fileURLWithPath: path)
        var information = stat()
        if stat(path, &information) == 0 {
            if (information.st_mode & S_IFMT) != S_IFREG {
                try writeThrough(data, to: path)
                return
            }
            target = target.resolvingSymlinksInPath()
        }
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())-\(writes.next())")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: path, reason: error.localizedDescription)
        }
        if rename(temporary.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    /// Writes into an existing file that is not a regular file, as it is (no temporary, no rename).
    private static func writeThrough(_ data: Data, to path: String) throws(FileWriteError) {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            try? handle.close()
            throw FileWriteError(path: path, reason: error.localizedDescription)
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
