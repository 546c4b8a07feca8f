import Foundation
import Spreadsheet
import Tabular

/// Workbooks as county offices export them, converted to a county folder's CSV tables.
///
/// Each sheet is a table named by the sheet (`RegistryHeaders.file(forTable:)`: 农户 or households
/// → households.csv, 村 → villages.csv, …); sheets of other names are skipped. In a sheet, the
/// header is the first of its first 20 rows in which at least two non-empty cells, and at least
/// half of them, name known columns — so merged title rows above it are skipped. Columns map as
/// `RegistryHeaders` says; columns offices keep that tuopin does not use (names, ID numbers) are
/// left out; 人均纯收入 (per person) becomes `income` = 人均纯收入 × 家庭人口数 when the sheet has no
/// household income. Rows with every cell empty are left out. Cell text goes to the CSV as it is
/// (codes in Chinese, 是/否, are what the CSV readers accept); dates become YYYY-MM-DD.
public enum WorkbookImport {
    /// One converted table: its file name and CSV text, and where each of its lines came from.
    public struct Table: Sendable, Equatable {
        public var file: String
        /// The CSV text as UTF-8 bytes (what is written and what the CSV loader reads).
        public var csvBytes: [UInt8]
        /// The CSV text.
        public var csv: String { String(decoding: csvBytes, as: UTF8.self) }
        /// The sheet's name and, for each CSV line after the header, the sheet's row (1-based).
        public var sheet: String
        public var workbook: String
        public var sheetRows: [Int]
        /// For each CSV column, the sheet's column (0-based) it came from; -1 for a derived one.
        public var sheetColumns: [Int]

        init(file: String, csv: String, sheet: String, workbook: String, sheetRows: [Int], sheetColumns: [Int]) {
            self.init(file: file, csvBytes: Array(csv.utf8), sheet: sheet, workbook: workbook, sheetRows: sheetRows, sheetColumns: sheetColumns)
        }

        init(file: String, csvBytes: [UInt8], sheet: String, workbook: String, sheetRows: [Int], sheetColumns: [Int]) {
            self.file = file
            self.csvBytes = csvBytes
            self.sheet = sheet
            self.workbook = workbook
            self.sheetRows = sheetRows
            self.sheetColumns = sheetColumns
        }

        /// Where CSV line `line` (1-based, the header is 1) and field `column` (1-based) came from:
        /// `Sheet!C12`; the header row for line 1 is not kept, so it names the sheet's first row.
        public func cell(line: Int, column: Int) -> String {
            let row = line >= 2 && line - 2 < sheetRows.count ? sheetRows[line - 2] : 1
            let source = column >= 1 && column <= sheetColumns.count ? sheetColumns[column - 1] : -1
            return source >= 0 ? "\(sheet)!\(Worksheet.columnName(source))\(row)" : "\(sheet)!\(row):\(row)"
        }
    }

    /// The tables of `workbooks` (paths), in file order.
    /// - Throws: `InputErrors`: a workbook that cannot be read, a sheet without a recognisable
    ///   header, headers that map to nothing (each named `workbook.xlsx:Sheet!C3` with the closest
    ///   known name), a table given twice, a column given twice.
    ///   With `requireTables` false, workbooks without a registry sheet give no tables and no error.
    public static func tables(workbooks: [String], requireTables: Bool = true) throws(InputErrors) -> [Table] {
        var log = InputErrorLog()
        var out: [Table] = []
        for path in workbooks {
            let book: Workbook
            do { book = try Workbook.read(path: path) } catch { for e in error.errors { log.add(e) }; continue }
            for sheet in book.sheets {
                guard let file = RegistryHeaders.file(forTable: sheet.name) else { continue }
                if let earlier = out.first(where: { $0.file == file }) {
                    log.add(InputError(file: path, cell: "\(sheet.name)!A1", message: "expected one sheet for \(file), found a second (the first is sheet \(earlier.sheet) of \(earlier.workbook))"))
                    continue
                }
                out += convert(sheet, file: file, workbook: path, log: &log)
            }
        }
        try log.throwIfAny()
        if out.isEmpty && requireTables {
            throw InputErrors([InputError(file: workbooks.joined(separator: ", "), message: "expected sheets named after the registry's tables (农户/households, 村/villages, 乡镇/townships, 项目/projects, 资金/funds, 安置点/sites, 户型/site_flats, 搬迁/relocation), found none")])
        }
        return out
    }

    static func convert(_ sheet: Worksheet, file: String, workbook: String, log: inout InputErrorLog) -> [Table] {
        if file == "households.csv", let header = PersonRows.headerRow(sheet) {
            return PersonRows.tables(sheet, header: header, workbook: workbook, log: &log)
        }
        return convertTable(sheet, file: file, workbook: workbook, log: &log).map { [$0] } ?? []
    }

    static func convertTable(_ sheet: Worksheet, file: String, workbook: String, log: inout InputErrorLog) -> Table? {
        let known = Schemas.byFile[file]?.columns ?? []
        // The header: the first row of the first 20 where most non-empty cells are known names.
        var headerRow: Int?
        for r in 0..<min(20, sheet.rowCount) {
            let cells = sheet.row(r).map(\.text).filter { !$0.trimmingSpaces.isEmpty }
            let mapped = cells.filter { RegistryHeaders.canonical($0, file: file, columns: known).map { !$0.isEmpty } ?? false }.count
            if mapped >= 2 && mapped * 2 >= cells.count { headerRow = r; break }
        }
        guard let header = headerRow else {
            log.add(InputError(file: workbook, cell: "\(sheet.name)!A1", message: "expected a header row naming \(file)'s columns (\(known.joined(separator: ", ")) or the office names of notebooks-data/README.md) in the first 20 rows, found none"))
            return nil
        }
        var target: [(source: Int, column: String)] = []
        var perPerson: Int?
        var ok = true
        for (c, cell) in sheet.row(header).enumerated() {
            let name = cell.text
            if name.trimmingSpaces.isEmpty { continue }
            if file == "households.csv", RegistryHeaders.normalised(name) == "人均纯收入" { perPerson = c; continue }
            guard let canonical = RegistryHeaders.canonical(name, file: file, columns: known) else {
                let hint = RegistryHeaders.suggestion(for: name, file: file, columns: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                log.add(InputError(file: workbook, cell: sheet.reference(row: header, column: c),
                                   message: "expected one of the columns \(known.joined(separator: ", ")) or an office name for one\(hint), found \"\(name)\""))
                ok = false
                continue
            }
            if canonical.isEmpty { continue }
            if target.contains(where: { $0.column == canonical }) {
                log.add(InputError(file: workbook, cell: sheet.reference(row: header, column: c), message: "expected each column once, found \"\(name)\" for \"\(canonical)\" a second time"))
                ok = false
                continue
            }
            target.append((c, canonical))
        }
        guard ok else { return nil }
        // 人均纯收入 × 家庭人口数 when the household income itself is not given.
        var derivedIncome = false
        if let _ = perPerson, !target.contains(where: { $0.column == "income" }) {
            guard target.contains(where: { $0.column == "size" }) else {
                log.add(InputError(file: workbook, cell: sheet.reference(row: header, column: perPerson ?? 0), message: "expected 家庭人口数 (size) beside 人均纯收入 to give the household's income, found none"))
                return nil
            }
            derivedIncome = true
        }
        var names = target.map(\.column)
        if derivedIncome { names.append("income") }
        // Canonical order, as the generator writes it.
        let order = known.filter { names.contains($0) }
        var csv = Array((order.map(CSVText.field).joined(separator: ",") + "\n").utf8)
        let sizeSource = target.first { $0.column == "size" }?.source
        // Per CSV column: the sheet column it comes from, -1 for none, -2 for the derived income.
        let sources = order.map { column -> Int in
            if column == "income", derivedIncome, perPerson != nil, sizeSource != nil { return -2 }
            return target.first(where: { $0.column == column })?.source ?? -1
        }
        // Large sheets are converted in two runs of rows on two threads, joined in order (the
        // same bytes, rows and errors as one pass).
        let first = header + 1, end = max(first, sheet.rowCount)
        let runs = end - first > 20_000 ? [first..<(first + end) / 2, (first + end) / 2..<end] : [first..<end]
        let parts = ConvertedRuns(count: runs.count)
        let perPersonSource = perPerson
        DispatchQueue.concurrentPerform(iterations: runs.count) { k in
            parts.store(convertRows(runs[k], of: sheet, sources: sources, names: order, perPerson: perPersonSource, size: sizeSource, workbook: workbook), at: k)
        }
        var sheetRows: [Int] = []
        for part in parts.all() {
            csv.append(contentsOf: part.csv)
            sheetRows += part.sheetRows
            for e in part.log.errors { log.add(e) }
        }
        let sheetColumns = order.map { column in target.first { $0.column == column }?.source ?? -1 }
        return Table(file: file, csvBytes: csv, sheet: sheet.name, workbook: workbook, sheetRows: sheetRows, sheetColumns: sheetColumns)
    }
}

extension WorkbookImport {
    /// The CSV lines of `rows` of `sheet` (blank rows left out): per CSV column, the cell of sheet
    /// column `sources[k]` as a CSV field, nothing for -1, 人均纯收入 × 家庭人口数 for -2 (`names` name
    /// the columns in messages); the sheet rows (1-based) of the lines; the errors, in row order.
    static func convertRows(_ rows: Range<Int>, of sheet: Worksheet, sources: [Int], names: [String], perPerson: Int?, size: Int?,
                            workbook: String) -> (csv: [UInt8], sheetRows: [Int], log: InputErrorLog) {
        var csv: [UInt8] = []
        var sheetRows: [Int] = []
        var log = InputErrorLog()
        var cellBytes = 0
        for r in rows {
            if sheet.isBlankRow(r) { continue }
            if sheetRows.count == 64 {
                // Room for the rest, from the first rows' size.
                csv.reserveCapacity(csv.count + (cellBytes / 64 + 2) * (rows.upperBound - r))
            }
            let lineStart = csv.count
            for (k, source) in sources.enumerated() {
                if k > 0 { csv.append(UInt8(ascii: ",")) }
                if source == -2, let p = perPerson, let s = size {
                    let perCapita = sheet[r, p], size = sheet[r, s]
                    guard case .number(let y) = perCapita, case .number(let n) = size else {
                        log.add(InputError(file: workbook, cell: sheet.reference(row: r, column: p), message: "expected numbers in 人均纯收入 and 家庭人口数 to give the household's income, found \"\(perCapita.text)\" and \"\(size.text)\""))
                        continue
                    }
                    csv.append(contentsOf: SpreadsheetCell.number(y * n).text.utf8)
                    continue
                }
                guard source >= 0 else { continue }
                if let code = sheet.errorCode(row: r, column: source) {
                    log.add(InputError(file: workbook, cell: sheet.reference(row: r, column: source), message: "expected a value in \"\(names[k])\", found the error \(code)"))
                }
                sheet.appendCSVField(row: r, column: source, to: &csv)
            }
            csv.append(0x0A)
            cellBytes += csv.count - lineStart
            sheetRows.append(r + 1)
        }
        return (csv, sheetRows, log)
    }

    /// `errors` with those of a table read from a workbook (reported against `folder/<table's file>`)
    /// named by the workbook's cell instead: `workbook.xlsx:农户!C12`.
    static func locate(_ errors: [InputError], tables: [Table], folder: String) -> [InputError] {
        let byPath = Dictionary(tables.map { ((folder as NSString).appendingPathComponent($0.file), $0) }, uniquingKeysWith: { a, _ in a })
        return errors.map { e in
            guard e.cell == nil, let table = byPath[e.file] else { return e }
            return InputError(file: table.workbook, cell: table.cell(line: max(e.line, 1), column: e.column), message: e.message)
        }
    }
}

/// The results of `convertRows` on several threads, each storing its own slot.
private final class ConvertedRuns: @unchecked Sendable {
    private var slots: [(csv: [UInt8], sheetRows: [Int], log: InputErrorLog)?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ part: (csv: [UInt8], sheetRows: [Int], log: InputErrorLog), at k: Int) {
        lock.lock(); slots[k] = part; lock.unlock()
    }
    func all() -> [(csv: [UInt8], sheetRows: [Int], log: InputErrorLog)] {
        lock.lock(); defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}

/// CSV quoting: a field with a comma, quote or line break is quoted, quotes doubled.
enum CSVText {
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension WorkbookImport {
    /// Converts `workbooks` into the county folder `destination`, atomically: the tables (and
    /// `countyTOML`'s text as county.toml, when given) are written to a temporary folder beside it,
    /// read back as a county folder when county.toml is there — every error then named in the
    /// workbook, `workbook.xlsx:Sheet!C12` — and only then renamed to `destination`. An existing
    /// non-empty `destination` is refused unless `replace` is set (then it is replaced whole).
    /// - Returns: the tables written.
    /// - Throws: `InputErrors` (nothing is written then).
    public static func importWorkbooks(_ workbooks: [String], to destination: String, countyTOML: String?,
                                       replace: Bool) throws(InputErrors) -> [Table] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: destination, isDirectory: &isFolder) {
            let contents = (try? manager.contentsOfDirectory(atPath: destination)) ?? []
            if !isFolder.boolValue || (!contents.isEmpty && !replace) {
                throw InputErrors([InputError(file: destination, message: isFolder.boolValue
                    ? "expected an empty or new folder to import into, found \(contents.count) entries (give --force to replace it)"
                    : "expected a folder to import into, found a file")])
            }
        }
        let tables = try tables(workbooks: workbooks)
        var tomlText: String?
        if let countyTOML {
            guard let data = manager.contents(atPath: countyTOML), let text = String(data: data, encoding: .utf8) else {
                throw InputErrors([InputError(file: countyTOML, message: "cannot read the file; expected county.toml (UTF-8)")])
            }
            tomlText = text
        }
        let absolute = (destination as NSString).standardizingPath
        let parent = (absolute as NSString).deletingLastPathComponent
        let temporary = (parent.isEmpty ? "." : parent) + "/.\((absolute as NSString).lastPathComponent).import-\(UUID().uuidString)"
        func cleanUp() { try? manager.removeItem(atPath: temporary) }
        do {
            try manager.createDirectory(atPath: temporary, withIntermediateDirectories: true)
            for table in tables { try Data(table.csvBytes).write(to: URL(fileURLWithPath: temporary + "/" + table.file)) }
            if let tomlText { try Data(tomlText.utf8).write(to: URL(fileURLWithPath: temporary + "/county.toml")) }
        } catch {
            cleanUp()
            throw InputErrors([InputError(file: destination, message: "cannot write the county folder beside it (\(error.localizedDescription))")])
        }
        if tomlText != nil {
            do { _ = try CountyFolder.load(temporary) } catch {
                cleanUp()
                let copiedTOML = temporary + "/county.toml"
                throw InputErrors(locate(error.errors, tables: tables, folder: temporary).map { e in
                    e.file == copiedTOML ? InputError(file: countyTOML ?? "county.toml", line: e.line, column: e.column, message: e.message) : e
                })
            }
        }
        do {
            if manager.fileExists(atPath: absolute) {
                let old = temporary + ".old"
                try manager.moveItem(atPath: absolute, toPath: old)
                try manager.moveItem(atPath: temporary, toPath: absolute)
                try? manager.removeItem(atPath: old)
            } else {
                try manager.moveItem(atPath: temporary, toPath: absolute)
            }
        } catch {
            cleanUp()
            throw InputErrors([InputError(file: destination, message: "cannot put the county folder in place (\(error.localizedDescription))")])
        }
        return tables
    }
}
