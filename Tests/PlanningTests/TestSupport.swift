import Foundation
@testable import Planning
#if canImport(Glibc)
import Glibc
#endif

/// The committed sample folder `notebooks-data/<name>`.
func sampleFolder(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("notebooks-data").appendingPathComponent(name).path
}

/// A deliberately naive CSV reader (split on newlines and commas; the samples hold no quotes), used
/// as an independent second computation of the figures the importer and profile produce.
struct RawCSV {
    let header: [String]
    let rows: [[String]]

    init(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        precondition(!text.contains("\""), "RawCSV cannot read quoted fields")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { String($0) }
        header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func column(_ name: String) -> [String] {
        guard let k = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[k] }
    }
    func ints(_ name: String) -> [Int] { column(name).map { Int($0) ?? -1 } }
    func doubles(_ name: String) -> [Double] { column(name).map { Double($0) ?? .nan } }
}

/// A new empty temporary folder.
func temporaryFolder(_ label: String = "tuopin") throws -> String {
    let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes a small synthetic county (like Dai County) into a new temporary folder.
func smallCounty(households: Int = 300, seed: UInt64 = 11) throws -> String {
    let folder = try temporaryFolder("county") + "/c"
    try CountyWriter.write(CountyGenerator.generate(.daixian, households: households, seed: seed), to: folder)
    return folder
}

/// Replaces line `line` (1-based) of a file with `transform(old line)`.
func editLine(_ path: String, _ line: Int, _ transform: (String) -> String) throws {
    var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
    lines[line - 1] = transform(lines[line - 1])
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

/// Replaces field `column` (1-based) of line `line` with `value`.
func setField(_ path: String, line: Int, column: Int, to value: String) throws {
    try editLine(path, line) { old in
        var fields = old.components(separatedBy: ",")
        fields[column - 1] = value
        return fields.joined(separator: ",")
    }
}

/// UTF-8 text encoded as GB18030 by the C library's iconv (the test's own encoder).
func encodeGB18030(_ text: String) -> [UInt8]? {
    let cd = iconv_open("GB18030", "UTF-8")
    if cd == iconv_t(bitPattern: -1) { return nil }
    defer { iconv_close(cd) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
    let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            guard let i0 = inBuf.baseAddress, let o0 = outBuf.baseAddress else { return nil }
            var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(i0).assumingMemoryBound(to: CChar.self)
            var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(o0).assumingMemoryBound(to: CChar.self)
            var il = inBuf.count, ol = outBuf.count
            guard iconv(cd, &ip, &il, &op, &ol) != -1, il == 0 else { return nil }
            return outBuf.count - ol
        }
    }
    guard let n = written else { return nil }
    return Array(output.prefix(n))
}

/// Loads a folder, returning the registry or the error descriptions.
func loadOrErrors(_ path: String) -> (CountyRegistry?, [String]) {
    do { return (try CountyFolder.load(path), []) } catch { return (nil, error.errors.map(\.description)) }
}
