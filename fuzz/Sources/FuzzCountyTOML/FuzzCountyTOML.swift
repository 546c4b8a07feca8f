// libFuzzer target for the county.toml reader: every input must either give a County or fail with
// InputErrors; a crash, a trap or a hang is a bug (scripts/fuzz).
import Foundation
import Planning

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCountyTOML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    // The reader takes UTF-8 only (anything else is an error before TOML is parsed).
    guard let text = String(bytes: UnsafeBufferPointer(start: data, count: size), encoding: .utf8) else { return 0 }
    _ = try? County.parse(toml: text, file: "county.toml")
    return 0
}
