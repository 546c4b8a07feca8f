import Foundation
import Testing

@testable import Reports

/// Headless Chromium, if one is installed (`scripts/test` installs Debian's `chromium` when missing).
enum Browser {
    static let path: String? = {
        if let chosen = ProcessInfo.processInfo.environment["TUOPIN_BROWSER"], FileManager.default.isExecutableFile(atPath: chosen) { return chosen }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) { return folder + "/" + name }
        }
        return nil
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the browser headless with `arguments` and its own profile folder; kills it after `timeout` seconds.
    static func run(_ arguments: [String], timeout: TimeInterval = 90) throws -> Run {
        let browser = try #require(path)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("tuopin-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=\(profile.path)"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = DispatchTime.now() + timeout
        DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Width and height from a PNG's IHDR chunk, or nil if `data` is not a PNG.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

/// Opens the HTML page in a real browser. Without a browser these tests are skipped and say why
/// (Swift Testing lists them as skipped with the reason), never passed silently.
@Suite("HTML page in a browser", .enabled(if: Browser.path != nil, "no headless Chromium on this machine: install Debian's chromium (scripts/test does when it can)"))
struct BrowserTests {
    let demo = Comparison.daiCountyDemo()
    let folder = packageRoot.appendingPathComponent(".build/screenshots")

    private func writePage(_ language: Language, by: BreakdownDimension?) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("comparison-\(language.rawValue)\(by.map { "-by-\($0.rawValue)" } ?? "").html")
        try Data(demo.rendered(as: .html, language: language, by: by).utf8).write(to: page, options: .atomic)
        return page
    }

    @Test(arguments: [Language.zh, Language.en])
    func screenshotIsWritten(language: Language) throws {
        let page = try writePage(language, by: nil)
        let shot = folder.appendingPathComponent("comparison-\(language.rawValue).png")
        try? FileManager.default.removeItem(at: shot)
        let run = try Browser.run(["--screenshot=\(shot.path)", "--window-size=1280,2000", page.absoluteString])
        #expect(run.status == 0, "chromium exited with \(run.status): \(run.stderr.suffix(2_000))")
        let data = try #require(FileManager.default.contents(atPath: shot.path), "no screenshot at \(shot.path)")
        let size = try #require(Browser.pngSize(data), "the screenshot is not a PNG")
        #expect(size.width == 1280 && size.height == 2000)
        // A blank page compresses to a few kilobytes; tables and charts do not.
        #expect(data.count > 50_000, "screenshot of only \(data.count) bytes")
    }

    @Test func browserBuildsTheChartsFromThePage() throws {
        let page = try writePage(.zh, by: .township)
        let run = try Browser.run(["--dump-dom", page.absoluteString])
        #expect(run.status == 0, "chromium exited with \(run.status): \(run.stderr.suffix(2_000))")
        let dom = run.stdout
        #expect(dom.components(separatedBy: "<svg").count - 1 == 4, "the browser's DOM lacks the four charts")
        #expect(dom.components(separatedBy: "<table").count - 1 == 2)
        #expect(dom.contains("年度目标 ≤ 3000人"))
        #expect(dom.contains("<td class=\"diff better\">-1037人</td>"))
    }
}
