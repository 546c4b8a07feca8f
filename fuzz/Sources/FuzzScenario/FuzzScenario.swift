// libFuzzer target for the scenario TOML parser (Scenario.parse): every input must either give a
// Scenario or fail with an InputError; a crash, a trap or a hang is a bug (scripts/fuzz).
import Foundation
import Simulation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    // Scenario.load takes UTF-8 only (anything else is an error before TOML is parsed).
    guard let text = String(bytes: UnsafeBufferPointer(start: data, count: size), encoding: .utf8) else { return 0 }
    _ = try? Scenario.parse(toml: text, file: "fuzz.toml")
    return 0
}
