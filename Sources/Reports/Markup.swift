import Foundation

/// Escapes text for HTML and SVG (valid XML too): `&`, `<`, `>`, `"` and `'`.
public func escapeMarkup(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}

/// A coordinate for SVG with at most one decimal, so pages are small and stable byte for byte.
func coordinate(_ v: Double) -> String {
    guard v.isFinite, abs(v) < 1e9 else { return "0" }
    let rounded = (v * 10).rounded() / 10
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(format: "%.1f", rounded)
}

/// Axis ticks at 1, 2 or 5 × 10ᵏ covering `low…high`, about `count` of them.
func niceTicks(low: Double, high: Double, count: Int = 5) -> [Double] {
    // A range that is not finite (or too wide for a Double step) would loop forever or trap converting the power.
    guard high > low, count > 0, (high - low).isFinite else { return [low] }
    let rough = (high - low) / Double(count)
    let power = pow10(floor(log10(rough)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
    var ticks: [Double] = []
    var value = (low / step).rounded(.up) * step
    while value <= high + step * 1e-9 {
        ticks.append(value)
        value += step
    }
    return ticks
}

private func pow10(_ e: Double) -> Double {
    var result = 1.0
    let n = Int(e)
    if n >= 0 { for _ in 0..<n { result *= 10 } } else { for _ in 0..<(-n) { result /= 10 } }
    return result
}

private func log10(_ v: Double) -> Double { Foundation.log10(v) }
private func floor(_ v: Double) -> Double { v.rounded(.down) }

/// Approximate rendered width of `text` in pixels at `fontSize` (wide characters count double).
func textWidth(_ text: String, fontSize: Double) -> Double {
    Double(displayWidth(text)) * fontSize * 0.56
}

/// Colours of the scenarios (baseline grey, then colour-blind-safe hues) and of stacked segments.
enum Palette {
    static let scenarios = ["#8a8f98", "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00"]
    static let segments = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999"]
    static let target = "#c0392b"

    static func scenario(_ i: Int) -> String { scenarios[i % scenarios.count] }
    static func segment(_ i: Int) -> String { segments[i % segments.count] }
}
