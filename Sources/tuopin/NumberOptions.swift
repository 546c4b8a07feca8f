import ArgumentParser
import Tabular

/// Numeric command-line options read by the rules of every file reader (`NumberText`): the whole
/// argument is one number or the command stops with a usage error (exit 2) naming the option,
/// what was found and why. Without these, the argument parser's own `Double(String)` would take
/// `nan`, `inf`, `0x1p3` and `1e999` (as infinity). `--seed` (up to 2⁶⁴ − 1, more digits than
/// `NumberText.wholeNumber` takes) stays with the standard library's `UInt64(String)`, which is as
/// strict: ASCII digits with an optional `+`, nothing else.
enum NumberOption {
    /// A decimal option: `NumberText.decimal` of the whole argument (no surrounding spaces).
    static func decimal(_ argument: String) throws -> Double {
        switch NumberText.decimal(argument) {
        case .success(let value): return value
        case .failure(let problem): throw NumberOptionError(expected: NumberText.expectedDecimal, problem: problem)
        }
    }

    /// A whole-number option: `NumberText.wholeNumber` of the whole argument.
    static func wholeNumber(_ argument: String) throws -> Int {
        switch NumberText.wholeNumber(argument) {
        case .success(let value): return value
        case .failure(let problem): throw NumberOptionError(expected: NumberText.expectedWholeNumber, problem: problem)
        }
    }
}

/// Why an option's argument is not a number; the argument parser prints it after the option's name.
struct NumberOptionError: Error, CustomStringConvertible {
    var expected: String
    var problem: NumberTextProblem
    var description: String { "expected \(expected), found \"\(problem.text)\" (\(problem))" }
}
