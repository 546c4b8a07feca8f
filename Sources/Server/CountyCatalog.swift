import Foundation
import Planning
import Study
import Tabular

/// The county folders the web app may read and write: those given on the command line and every
/// folder holding a `county.toml` directly under the `--root` folders. Nothing outside them is ever
/// opened: a county is named by its id, a scenario by a plain file name checked by
/// `scenarioPath(county:file:)`.
public final class CountyCatalog: @unchecked Sendable {
    /// One county folder.
    public struct Entry: Sendable, Equatable {
        /// The id in URLs: the folder's name (made unique with `-2`, `-3`, … when two share one).
        public var id: String
        /// The folder, absolute, with symbolic links resolved.
        public var folder: String
    }

    /// The counties, in the order given (folders of a root by name).
    public let entries: [Entry]
    private let lock = NSLock()
    private var workspaces: [String: CountyWorkspace] = [:]

    /// The catalogue of `folders` (each a county folder) and of the county folders directly under
    /// each of `roots`.
    /// - Throws: `InputError` for a folder that does not exist or has no `county.toml`, or a root
    ///   that cannot be listed.
    public init(folders: [String], roots: [String] = []) throws {
        var found: [String] = []
        for folder in folders {
            let resolved = Self.resolved(folder)
            guard FileManager.default.fileExists(atPath: resolved + "/county.toml") else {
                throw InputError(file: folder, message: "expected a county folder holding county.toml")
            }
            found.append(resolved)
        }
        for root in roots {
            let resolvedRoot = Self.resolved(root)
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: resolvedRoot).sorted() } catch {
                throw InputError(file: root, message: "cannot list this folder of counties (\(error.localizedDescription))")
            }
            for name in names where !name.hasPrefix(".") {
                let folder = Self.resolved(resolvedRoot + "/" + name)
                if FileManager.default.fileExists(atPath: folder + "/county.toml"), !found.contains(folder) { found.append(folder) }
            }
        }
        var used: [String: Int] = [:]
        entries = found.map { folder in
            let base = Self.slug((folder as NSString).lastPathComponent)
            let count = (used[base] ?? 0) + 1
            used[base] = count
            return Entry(id: count == 1 ? base : "\(base)-\(count)", folder: folder)
        }
    }

    /// The folder with `.` and `..` removed and symbolic links resolved.
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// An id made of letters, digits, `-` and `_` only (anything else becomes `-`).
    static func slug(_ name: String) -> String {
        let mapped = name.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" ? Character(scalar) : "-"
        }
        let text = String(mapped)
        return text.isEmpty ? "county" : text
    }

    /// The county of `id`, or nil.
    public func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }

    /// The county opened for study (read once, then kept: the server writes only scenario files).
    /// - Throws: `InputErrors` with every problem of the folder.
    public func workspace(_ entry: Entry) throws(InputErrors) -> CountyWorkspace {
        lock.lock()
        if let open = workspaces[entry.id] { lock.unlock(); return open }
        lock.unlock()
        let opened = try CountyWorkspace(folder: entry.folder)
        lock.lock()
        workspaces[entry.id] = opened
        lock.unlock()
        return opened
    }

    /// The scenario file `file` of the county: a plain name ending in `.toml` (letters, digits,
    /// Chinese characters, `-`, `_`, `.`; no `/`, no leading `.`), in the county's `scenarios/`
    /// folder, and — when it exists — not a link leading out of that folder.
    /// - Returns: the absolute path, or nil when the name is refused.
    public func scenarioPath(_ entry: Entry, file: String) -> String? {
        guard Self.isScenarioFileName(file) else { return nil }
        let folder = entry.folder + "/scenarios"
        let path = folder + "/" + file
        if FileManager.default.fileExists(atPath: path) {
            let real = Self.resolved(path)
            guard real.hasPrefix(Self.resolved(folder) + "/") else { return nil }
        }
        return path
    }

    /// True for a name the web app may read or write as a scenario file.
    public static func isScenarioFileName(_ file: String) -> Bool {
        guard file.hasSuffix(".toml"), file.count > 5, file.count <= 100, !file.hasPrefix("."), !file.contains("..") else { return false }
        return file.unicodeScalars.allSatisfy { scalar in
            CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" || scalar == "."
        }
    }

    /// The scenario files of the county, `baseline.toml` first (`ScenarioFiles.paths`); empty when none.
    public func scenarioFiles(_ entry: Entry) -> [String] {
        ((try? ScenarioFiles.paths(folder: entry.folder, given: [])) ?? []).map { ($0 as NSString).lastPathComponent }
    }
}
