import Foundation

/// Formats numbers for readers in one language.
///
/// - Chinese: 万 (10⁴) and 亿 (10⁸) with three significant digits (4.94万人, 79.3万元, 1.23亿元),
///   plain integers below 10,000 (8150人), unit suffixes 人/户/个/元.
/// - English: thousands separators (49,417), yuan as ¥793,000 below a million and ¥49.4 million above.
/// - Fractions and probabilities as percentages with one decimal (28.7%); a fraction below 10 % gets
///   two decimals (1.95%), so an incidence just under the 2 % / 3 % exit line never rounds onto it;
///   probabilities that are not exactly 0 or 1 never show as 0.0% or 100.0% (<0.1%, >99.9%).
/// - Differences carry a sign; differences of fractions and probabilities are percentage points
///   (fractions: two decimals below 10 points, like their values).
public struct NumberFormat: Sendable {
    /// The language of the reader.
    public var language: Language

    public init(language: Language) {
        self.language = language
    }

    /// Shown where a value is missing.
    public static let missing = "—"

    /// A value with its unit, e.g. `4.94万人` / `49,417`, `28.7%`, `¥49.4 million`.
    public func value(_ v: Double, unit: MeasureUnit) -> String {
        guard v.isFinite else { return Self.missing }
        switch unit {
        case .persons, .households, .count:
            return magnitude(v, integer: true) + suffix(unit)
        case .yuan:
            return yuan(v)
        case .fraction:
            return percent(v, decimals: abs(v) < 0.1 ? 2 : 1)
        case .probability:
            if v > 0 && v < 0.0005 { return "<0.1%" }
            if v < 1 && v >= 0.9995 { return ">99.9%" }
            return percent(v, decimals: 1)
        case .index:
            return String(format: abs(v) >= 0.1 || v == 0 ? "%.3f" : "%.4f", v)
        }
    }

    /// A difference to the baseline with its sign: `+1,234`, `-2345人`, `-1.2 pp` / `-1.2个百分点`, `+¥1.2 million`.
    public func difference(_ d: Double, unit: MeasureUnit) -> String {
        guard d.isFinite else { return Self.missing }
        let sign = d > 0 ? "+" : (d < 0 ? "-" : "")
        switch unit {
        case .fraction, .probability:
            let decimals = unit == .fraction && abs(d) < 0.1 ? 2 : 1
            let points = String(format: "%.\(decimals)f", abs(d) * 100)
            if Double(points) == 0 { return language == .zh ? "0个百分点" : "0 pp" }
            return sign + points + (language == .zh ? "个百分点" : " pp")
        case .index:
            return sign + String(format: "%.4f", abs(d))
        case .persons, .households, .count:
            let text = magnitude(abs(d), integer: true)
            return (text == "0" ? "" : sign) + text + suffix(unit)
        case .yuan:
            let text = yuan(abs(d))
            return (d == 0 ? "" : sign) + text
        }
    }

    /// An interval without the unit suffix where the value beside it carries it:
    /// `4.70万～5.12万` (zh), `47,020–51,200` (en), `62.1%–70.4%`.
    public func interval(_ low: Double, _ high: Double, unit: MeasureUnit) -> String {
        let separator = language == .zh ? "～" : "–"
        return bare(low, unit: unit) + separator + bare(high, unit: unit)
    }

    /// A value without the 人/户/个 suffix (for intervals and chart axes): `4.70万`, `3000`, `3,000`; other units as `value`.
    public func bare(_ v: Double, unit: MeasureUnit) -> String {
        guard v.isFinite else { return Self.missing }
        switch unit {
        case .persons, .households, .count: return magnitude(v, integer: true)
        default: return value(v, unit: unit)
        }
    }

    /// A value followed by its interval in brackets: `4.94万人（4.70万～5.12万）`, `49,417 (47,020–51,200)`.
    public func estimate(_ e: Estimate?, unit: MeasureUnit) -> String {
        guard let e else { return Self.missing }
        let text = value(e.value, unit: unit)
        guard let (low, high) = e.interval else { return text }
        let range = interval(low, high, unit: unit)
        return language == .zh ? "\(text)（\(range)）" : "\(text) (\(range))"
    }

    /// `x` rounded to a whole number, as digits (`grouped` adds separators); `—` when `x` is not finite
    /// or beyond ±2⁶³ (never a trap on a computed value).
    public static func whole(_ x: Double, grouped: Bool = false) -> String {
        let r = x.rounded()
        guard r.isFinite, let v = Int(exactly: r) else { return "—" }
        return grouped ? Self.grouped(v) : String(v)
    }

    /// A whole number with thousands separators: 49417 → `49,417`.
    public static func grouped(_ v: Int) -> String {
        let digits = String(v.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (v < 0 ? "-" : "") + out
    }

    /// A number of persons, households or villages: zh 万/亿 with three significant digits from 10,000, en grouped.
    private func magnitude(_ v: Double, integer: Bool) -> String {
        let rounded = v.rounded()
        guard abs(rounded) < 9.0e15 else { return String(format: "%.3g", v) }
        if language == .en { return Self.grouped(Int(rounded)) }
        if abs(rounded) < 10_000 { return String(Int(rounded)) }
        if abs(rounded) < 100_000_000 { return Self.significant(v / 10_000) + "万" }
        return Self.significant(v / 100_000_000) + "亿"
    }

    /// Three significant digits, at most two decimals and none from 100 up: 4.94, 21.6, 123, 4940.
    static func significant(_ w: Double) -> String {
        let a = abs(w)
        let decimals = a < 9.995 ? 2 : (a < 99.95 ? 1 : 0)
        return String(format: "%.\(decimals)f", w)
    }

    private func suffix(_ unit: MeasureUnit) -> String {
        guard language == .zh else { return "" }
        switch unit {
        case .persons: return "人"
        case .households: return "户"
        case .count: return "个"
        default: return ""
        }
    }

    private func yuan(_ v: Double) -> String {
        let a = abs(v).rounded()
        let sign = v < 0 ? "-" : ""
        switch language {
        case .zh:
            if a < 10_000 { return sign + String(Int(a.rounded())) + "元" }
            if a < 100_000_000 { return sign + Self.significant(a / 10_000) + "万元" }
            return sign + Self.significant(a / 100_000_000) + "亿元"
        case .en:
            if a < 1_000_000 { return sign + "¥" + Self.grouped(Int(a.rounded())) }
            if a < 1_000_000_000 { return sign + "¥" + Self.significant(a / 1_000_000) + " million" }
            return sign + "¥" + Self.significant(a / 1_000_000_000) + " billion"
        }
    }

    private func percent(_ v: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f%%", v * 100)
    }
}
