// libFuzzer target for the MPS reader in both layouts: every input must either give a LinearModel
// or fail with an InputError; a model that was read must also write back as MPS text. A crash, a
// trap or a hang is a bug (scripts/fuzz).
import Foundation
import Optimization

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMPS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    // As MPSReader.read decodes a file: UTF-8, else Latin-1.
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let text = String(data: bytes, encoding: .utf8) ?? String(data: bytes, encoding: .isoLatin1) else { return 0 }
    for format in [MPSFormat.free, .fixed] {
        if let model = try? MPSReader.parse(text, file: "fuzz.mps", format: format) {
            _ = MPSWriter.text(model)
        }
    }
    return 0
}
