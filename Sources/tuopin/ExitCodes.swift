import Foundation
import Linear
import Regression
import Reports
import Optimization
import Poverty
import Simulation
import Tabular
import Planning

/// Exit status of the CLI contract: 0 success, 1 bad input, 2 usage, 3 numerical failure.
struct CLIExit {
    var value: Int32
    var isUsage: Bool { value == 2 }
    static let badInput = CLIExit(value: 1)
    static let usage = CLIExit(value: 2)
    static let numerical = CLIExit(value: 3)
}

/// A failure the CLI reports with a chosen exit code and message (for checks made in the CLI itself).
struct CLIFailure: Error, CustomStringConvertible {
    var exit: CLIExit
    var description: String
}

/// Which exit code one of the project's errors leads to; nil for errors of the argument parser
/// (help, version, unknown options), which keep its own wording.
func cliExitCode(for error: Error) -> CLIExit? {
    switch error {
    case is InputError, is InputErrors: return .badInput
    case let failure as CLIFailure: return failure.exit
    case is ComparisonFileError, is ComparisonError: return .badInput
    case is LinearAlgebraError: return .numerical
    case let e as RegressionError: return e.isUsage ? .usage : (e.isNumerical ? .numerical : .badInput)
    case is PovertyError: return .badInput
    case is LPOutcomeFailure: return .numerical
    case is PlanningOutcomeFailure: return .numerical
    case is ResettlementError: return .badInput
    case let e as AllocationError:
        if case .invalidBudget = e { return .usage }
        if case .infeasibleShareRule = e { return .numerical }
        return .badInput
    case is SimulationInputError: return .badInput
    default: return nil
    }
}

/// The message printed for an error (every line already names file, line and column where known).
func describe(_ error: Error) -> String {
    String(describing: error)
}
