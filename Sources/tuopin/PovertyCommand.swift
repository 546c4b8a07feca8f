import ArgumentParser
import Tabular
import Foundation
import Poverty
import Study

/// `tuopin poverty DATA.csv --income COL --line Z …`: poverty and inequality measures of a
/// household (or person) file, with breakdowns by group and by income source.
struct PovertyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poverty",
        abstract: "Poverty and inequality measures (FGT, Watts, Sen, SST, Gini, Theil, MLD, Atkinson) of a household file.",
        discussion: """
            Each row is a household with its per-capita net income (or a person, without --size).
            Households count by their persons: weight × size. A person is poor when income < line.
            Standard errors are linearised under the sample design: --weight as survey weights,
            optional --strata and --psu (default: every household its own PSU).
            Measures that take logarithms (Watts, MLD, Atkinson ε ≥ 1) are not reported (null)
            when an income is ≤ 0; standard error says which row.
            """
    )

    @Argument(help: "CSV file with a header row.")
    var data: String

    @Option(help: "Column of per-capita net income, yuan a year.")
    var income: String

    @Option(help: "Poverty line, yuan per person a year (e.g. 2300 at 2010 prices, adjusted yearly).", transform: NumberOption.decimal)
    var line: Double

    @Option(help: "Column of household survey weights (households represented).")
    var weight: String?

    @Option(help: "Column of household size (persons); without it each row is one person.")
    var size: String?

    @Option(help: "Column of groups (township, tier, category) for the breakdown by subgroup.")
    var by: String?

    @Option(help: "Comma-separated income-source columns, per capita in yuan, for the Gini decomposition by source.")
    var sources: String?

    @Option(help: "Comma-separated Atkinson inequality aversions ε ≥ 0.")
    var atkinson: String = "0.5,1,2"

    @Option(help: "Column of sampling strata, for standard errors.")
    var strata: String?

    @Option(help: "Column of primary sampling units (e.g. village), for standard errors.")
    var psu: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard line.isFinite, line > 0 else { throw ValidationError("--line must be a positive amount of yuan, got \(line)") }
        _ = try epsilons()
        try output.require([.text, .markdown, .csv, .json], verb: "poverty")
        if let sources, sourceColumns(sources).isEmpty { throw ValidationError("--sources needs at least one column name") }
    }

    func run() throws {
        CommandInputs.files(data)
        let columns = PovertyInput.Columns(income: income, weight: weight, size: size, by: by,
                                           sources: sources.map(sourceColumns) ?? [], strata: strata, psu: psu)
        let input = try PovertyInput.load(path: data, columns: columns)
        let analysis = try PovertyAnalysis(input, line: line, atkinsonEpsilons: try epsilons())
        for note in analysis.notes { FileHandle.standardError.write(Data(("tuopin poverty: " + note + "\n").utf8)) }
        try output.emit(PovertyReport.render(analysis, format: output.reportFormat, language: output.lang))
    }

    private func sourceColumns(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func epsilons() throws -> [Double] {
        let values = atkinson.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try values.map { text in
            switch NumberText.decimal(text) {
            case .success(let e) where e >= 0: return e
            case .success: throw ValidationError("--atkinson takes comma-separated numbers ≥ 0, got \"\(text)\"")
            case .failure(let problem):
                throw ValidationError("--atkinson takes comma-separated numbers ≥ 0, got \"\(text)\" (\(problem))")
            }
        }
    }
}
