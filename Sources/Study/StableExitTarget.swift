import Planning
import Reports

/// The income a stable-exit plan lifts households to, as the reports print it: the target
/// `GapCurves.targetIncome(line:exitMargin:)` in whole yuan with grouped digits ("3,889") and the
/// factor 1 + margin ("1.10" for a whole percentage, else up to four significant digits: "1.125").
public struct StableExitTarget: Sendable {
    /// The target income, whole yuan a person with grouped digits.
    public let income: String
    /// 1 + margin as printed.
    public let factor: String

    public init(line: Double, exitMargin: Double) {
        income = NumberFormat.whole(GapCurves.targetIncome(line: line, exitMargin: exitMargin), grouped: true)
        let percent = (1 + exitMargin) * 100
        factor = String(format: abs(percent - percent.rounded()) < 1e-9 ? "%.2f" : "%.4g", 1 + exitMargin)
    }
}
