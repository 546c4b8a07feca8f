// libFuzzer entry point for the CSV reader and the typed table loader (scripts/fuzz builds it with
// `swiftc -sanitize=fuzzer,address` together with Sources/Tabular). Any input must either load or
// fail with an InputError; a crash, a trap or a hang is a bug.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let csv = try? CSVFile(path: "fuzz.csv", data: bytes) else { return 0 }
    // Every column both ways, as regress and the importers read them.
    _ = try? DataTable.load(csv, numeric: [], categorical: [], automatic: csv.header)
    _ = try? DataTable.load(csv, numeric: Array(csv.header.prefix(2)), categorical: Array(csv.header.suffix(2)))
    _ = try? csv.forEachRecord { record in
        for i in 0..<record.count {
            _ = record.double(i)
            _ = record.int(i)
            _ = record.bool(i)
            _ = record.trimmedString(i)
        }
    }
    for chunk in csv.chunks(3) { _ = try? csv.forEachRecord(in: chunk) { _ in } }
    return 0
}
