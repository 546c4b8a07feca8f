// CSV import of a generated county's households.csv (10⁶ households by default;
// TUOPIN_BENCH_IMPORT_HOUSEHOLDS=n1,n2 for others), the file written once under benchmarks/.data:
// - the generic reader (`DataTable.load`, every column typed automatically, as pandas read_csv);
// - the registry importer (`CountyFolder.load`: every file of the folder, every cell validated);
// - the Dai sample folder.
// Reading the file from disk is inside the time (it is in the page cache after the first run).
import BenchSupport
import Benchmark
import Foundation
import Planning
import Tabular

let benchmarks: @Sendable () -> Void = {
    let rows = BenchmarkMetric.itemsPerSecond("rows")
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, rows],
        maxDuration: .seconds(10), maxIterations: 10)
    for n in environmentInts("TUOPIN_BENCH_IMPORT_HOUSEHOLDS", [1_000_000]) {
        Benchmark("CSV import (DataTable, all columns typed), households.csv of \(sizeLabel(n)) households") { benchmark, folder in
            try benchmark.measureThroughput(items: n, metric: rows) {
                let csv = try CSVFile(path: folder + "/households.csv")
                blackHole(try DataTable.load(csv, numeric: [], categorical: [], automatic: csv.header))
            }
        } setup: {
            try syntheticCountyFolder(households: n)
        }
        Benchmark("County import and validation (CountyFolder.load), \(sizeLabel(n)) households") { benchmark, folder in
            try benchmark.measureThroughput(items: n, metric: rows) { blackHole(try CountyFolder.load(folder)) }
        } setup: {
            try syntheticCountyFolder(households: n)
        }
    }
    Benchmark("County import and validation (CountyFolder.load), Dai sample (21,471 households)") { benchmark in
        try benchmark.measureThroughput(items: 21_471, metric: rows) { blackHole(try CountyFolder.load(daiFolder)) }
    }
}
