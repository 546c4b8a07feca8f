// libFuzzer target for the xlsx reader (Workbook.read, Spreadsheet): every input must either give
// a Workbook or fail with InputErrors; a crash, a trap, a leak, a hang or unbounded memory is a bug
// (scripts/fuzz).
//
// Two kinds of input, told apart by the first byte:
// - "Z" then the bytes of a whole .xlsx archive: fuzzes the zip layer (ZIPFoundation's reading of
//   the central directory, the zip-bomb limits) and, when the archive survives, the parts.
// - anything else: the XML parts themselves, separated by a NUL byte, in the order workbook.xml,
//   sharedStrings.xml, styles.xml, sheet1.xml, sheet2.xml (missing parts are left out). They are
//   packed into a valid archive here, so a mutation of the XML reaches the XML parsers instead of
//   failing the archive's CRC check.
import Foundation
import Spreadsheet
import ZIPFoundation

/// Builds an in-memory .xlsx archive from the XML parts; nil if ZIPFoundation refuses.
private func archive(parts: [Data]) -> Data? {
    let names = ["xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                 "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]
    guard let archive = try? Archive(accessMode: .create) else { return nil }
    var entries = Array(zip(names, parts))
    // The sheets' relationships, fixed: rId1 → sheet1, rId2 → sheet2.
    let rels = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>
        """
    entries.append(("xl/_rels/workbook.xml.rels", Data(rels.utf8)))
    for (name, data) in entries where !data.isEmpty {   // an empty part is a part left out
        do {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        } catch { return nil }
    }
    return archive.data
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkbook(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let bytes, size > 0 else { return 0 }
    let data = Data(bytes: bytes, count: size)
    if data.first == UInt8(ascii: "Z") {
        _ = try? Workbook.read(data: Data(data.dropFirst()), name: "fuzz.xlsx")
        return 0
    }
    let parts = data.split(separator: 0, maxSplits: 4, omittingEmptySubsequences: false).map { Data($0) }
    guard let packed = archive(parts: parts) else { return 0 }
    _ = try? Workbook.read(data: packed, name: "fuzz.xlsx")
    return 0
}
