/// An SVG chart of a multi-year projection: the mean path of one figure (poor persons) by year
/// for each scenario, with its 5–95 % band (the draws' quantiles) shaded, and the exit limit as a
/// dashed line. It only lays out the figures it is given.
public struct PathChart: Sendable {
    /// One scenario's path: its label, and by year (mean, 5 %, 95 %).
    public struct Series: Sendable {
        public var label: String
        public var points: [(year: Int, mean: Double, low: Double, high: Double)]
        public init(label: String, points: [(year: Int, mean: Double, low: Double, high: Double)]) {
            self.label = label
            self.points = points
        }
    }

    public var title: String
    public var series: [Series]
    /// A horizontal reference line (the county's exit limit, persons) and its label; nil for none.
    public var limit: (value: Double, label: String)?

    public init(title: String, series: [Series], limit: (value: Double, label: String)? = nil) {
        self.title = title
        self.series = series
        self.limit = limit
    }

    /// The chart as an inline `<svg>` element (960 × 360 user units).
    public func svg() -> String {
        let width = 960.0, height = 360.0
        let left = 80.0, right = 200.0, top = 36.0, bottom = 40.0
        let years = Set(series.flatMap { $0.points.map(\.year) }).sorted()
        var top_ = 0.0
        for s in series { for p in s.points { top_ = max(top_, p.high.isFinite ? p.high : 0, p.mean.isFinite ? p.mean : 0) } }
        if let limit, limit.value.isFinite { top_ = max(top_, limit.value) }
        let scaleTop = niceCeiling(top_ * 1.05)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ year: Int) -> Double {
            guard let first = years.first, let last = years.last, last > first else { return left + plotWidth / 2 }
            return left + plotWidth * Double(year - first) / Double(last - first)
        }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (scaleTop > 0 ? max(0, value) / scaleTop : 0)) }
        var body: [String] = []
        body.append("<text x=\"\(coordinate(left))\" y=\"20\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">\(escapeMarkup(title))</text>")
        for k in 0...4 {
            let value = scaleTop * Double(k) / 4
            body.append("<line x1=\"\(coordinate(left))\" y1=\"\(coordinate(y(value)))\" x2=\"\(coordinate(left + plotWidth))\" y2=\"\(coordinate(y(value)))\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>")
            body.append("<text x=\"\(coordinate(left - 8))\" y=\"\(coordinate(y(value) + 4))\" font-size=\"12\" text-anchor=\"end\" fill=\"#555\">\(Int(value.rounded()))</text>")
        }
        for year in years {
            body.append("<text x=\"\(coordinate(x(year)))\" y=\"\(coordinate(height - bottom + 20))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#555\">\(year)</text>")
        }
        if let limit, limit.value.isFinite {
            body.append("<line x1=\"\(coordinate(left))\" y1=\"\(coordinate(y(limit.value)))\" x2=\"\(coordinate(left + plotWidth))\" y2=\"\(coordinate(y(limit.value)))\" stroke=\"\(Palette.target)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>")
            body.append("<text x=\"\(coordinate(left + plotWidth + 6))\" y=\"\(coordinate(y(limit.value) + 4))\" font-size=\"12\" fill=\"\(Palette.target)\">\(escapeMarkup(limit.label))</text>")
        }
        for (i, s) in series.enumerated() {
            let colour = Palette.scenario(i)
            let band = s.points.map { "\(coordinate(x($0.year))),\(coordinate(y($0.high)))" }
                + s.points.reversed().map { "\(coordinate(x($0.year))),\(coordinate(y($0.low)))" }
            body.append("<polygon points=\"\(band.joined(separator: " "))\" fill=\"\(colour)\" fill-opacity=\"0.15\" stroke=\"none\"><title>\(escapeMarkup(s.label)) 5–95 %</title></polygon>")
            let path = s.points.map { "\(coordinate(x($0.year))),\(coordinate(y($0.mean)))" }
            body.append("<polyline points=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\"/>")
            for p in s.points {
                body.append("<circle cx=\"\(coordinate(x(p.year)))\" cy=\"\(coordinate(y(p.mean)))\" r=\"3.5\" fill=\"\(colour)\"><title>\(escapeMarkup(s.label)) \(p.year): \(Int(p.mean.rounded())) (\(Int(p.low.rounded()))–\(Int(p.high.rounded())))</title></circle>")
            }
            let legendY = top + 10 + Double(i) * 22
            body.append("<rect x=\"\(coordinate(width - right + 60))\" y=\"\(coordinate(legendY - 10))\" width=\"14\" height=\"14\" fill=\"\(colour)\"/>")
            body.append("<text x=\"\(coordinate(width - right + 80))\" y=\"\(coordinate(legendY + 2))\" font-size=\"13\" fill=\"#222\">\(escapeMarkup(s.label))</text>")
        }
        return "<svg class=\"chart path-chart\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\" role=\"img\" aria-label=\"\(escapeMarkup(title))\">\n"
            + body.joined(separator: "\n") + "\n</svg>"
    }

    /// The least of 1, 2, 2.5, 5 × 10ᵏ at or above `v` (0 for v ≤ 0).
    private func niceCeiling(_ v: Double) -> Double {
        guard v > 0, v.isFinite else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= v { magnitude *= 10 }
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * magnitude >= v { return step * magnitude }
        return 10 * magnitude
    }
}
