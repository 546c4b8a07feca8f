import ArgumentParser
import Foundation
import Planning

/// `tuopin import WORKBOOK.xlsx… --to DIR`: office workbooks into a county folder of CSV files.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert registry workbooks (.xlsx, as offices export them) into a county folder of CSV files.",
        discussion: """
            One sheet per table, named like the table (农户/households, 村/villages, 乡镇/townships, 项目/projects, 资金/funds, \
            安置点/sites, 户型/site_flats, 搬迁/relocation); title rows above the header are skipped; Chinese column names as \
            the national system writes them map to tuopin's (notebooks-data/README.md). With --county-toml the folder is \
            checked as a county folder before it is put in place, errors named workbook.xlsx:Sheet!C12. Nothing is written \
            when anything is wrong (exit 1).
            """)

    @Argument(help: "Workbooks (.xlsx).")
    var workbooks: [String]

    @Option(help: "The county folder to write.")
    var to: String

    @Option(help: "county.toml to copy into the folder (the workbooks do not hold it).")
    var countyToml: String?

    @Flag(help: "Replace a non-empty folder.")
    var force = false

    func run() throws {
        CommandInputs.files(workbooks + (countyToml.map { [$0] } ?? []))
        try CommandInputs.refuseOverwriting(to)
        let tables = try WorkbookImport.importWorkbooks(workbooks, to: to, countyTOML: countyToml, replace: force)
        for table in tables {
            let rows = table.sheetRows.count
            FileHandle.standardError.write(Data("tuopin: \(table.workbook) sheet \(table.sheet) → \(to)/\(table.file) (\(rows) rows)\n".utf8))
        }
        if countyToml == nil {
            FileHandle.standardError.write(Data("tuopin: no --county-toml: add \(to)/county.toml before validate or plan\n".utf8))
        }
    }
}
