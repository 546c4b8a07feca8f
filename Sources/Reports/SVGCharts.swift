/// The HTML page's charts as inline SVG. They only lay out and format the figures of the model.
struct SVGCharts {
    /// The series each chart draws, one colour each (a comparison's scenarios).
    var scenarios: [ScenarioName]
    var language: Language
    var format: NumberFormat { NumberFormat(language: language) }
    let width = 960.0

    private func text(_ s: String, x: Double, y: Double, size: Double = 13, anchor: String = "start", weight: String? = nil, fill: String = "#222") -> String {
        "<text x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" font-size=\"\(coordinate(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\"" + (weight.map { " font-weight=\"\($0)\"" } ?? "") + ">\(escapeMarkup(s))</text>"
    }

    private func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) -> String {
        let shape = "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" width=\"\(coordinate(max(0, width)))\" height=\"\(coordinate(height))\" fill=\"\(fill)\""
        guard let title else { return shape + "/>" }
        return shape + "><title>\(escapeMarkup(title))</title></rect>"
    }

    private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) -> String {
        "<line x1=\"\(coordinate(x1))\" y1=\"\(coordinate(y1))\" x2=\"\(coordinate(x2))\" y2=\"\(coordinate(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(coordinate(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
    }

    private func svg(height: Double, label: String, body: [String]) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\" role=\"img\" aria-label=\"\(escapeMarkup(label))\">\n" + body.joined(separator: "\n") + "\n</svg>"
    }

    /// A row of coloured squares with labels, wrapping to further rows when wider than the chart.
    private func legend(_ items: [(String, String)], y: Double, left: Double) -> (svg: [String], height: Double) {
        var out: [String] = []
        var x = left, rowY = y
        for (label, colour) in items {
            let itemWidth = 22 + textWidth(label, fontSize: 13) + 18
            if x + itemWidth > width - 10 && x > left { x = left; rowY += 22 }
            out.append(rect(x: x, y: rowY - 11, width: 14, height: 14, fill: colour))
            out.append(text(label, x: x + 20, y: rowY + 1))
            x += itemWidth
        }
        return (out, rowY - y + 22)
    }

    /// Grouped horizontal bars: poor persons remaining by township, one bar per scenario, with the 5 %–95 % range as a whisker.
    func townshipBars(_ series: CategorySeries) -> String {
        let labels = series.categories.map { $0.text(in: language) }
        let labelWidth = (labels.map { textWidth($0, fontSize: 14) }.max() ?? 60) + 16
        let left = labelWidth, right = width - 90
        let barHeight = 13.0, gap = 3.0, groupGap = 14.0
        let scenarioCount = Double(scenarios.count)
        let groupHeight = scenarioCount * (barHeight + gap) - gap
        let (legendSVG, legendHeight) = legend(scenarios.enumerated().map { ($0.element.label.text(in: language), Palette.scenario($0.offset)) }, y: 18, left: left)
        let top = 18 + legendHeight + 8
        let ticks = niceTicks(low: 0, high: max(series.maximum, 1))
        let scaleMax = max(ticks.last ?? 1, series.maximum)
        func x(_ v: Double) -> Double { left + (right - left) * v / scaleMax }
        let plotHeight = Double(labels.count) * (groupHeight + groupGap)
        var body = legendSVG
        for tick in ticks {
            body.append(line(x(tick), top - 4, x(tick), top + plotHeight, stroke: "#e3e3e3"))
            body.append(text(format.bare(tick, unit: series.unit), x: x(tick), y: top + plotHeight + 18, size: 12, anchor: "middle", fill: "#555"))
        }
        for (c, label) in labels.enumerated() {
            let groupTop = top + Double(c) * (groupHeight + groupGap)
            if c % 2 == 1 { body.insert(rect(x: 0, y: groupTop - groupGap / 2, width: width, height: groupHeight + groupGap, fill: "#f6f7f9"), at: 0) }
            body.append(text(label, x: left - 10, y: groupTop + groupHeight / 2 + 5, size: 14, anchor: "end", weight: "600"))
            for (s, scenario) in scenarios.enumerated() {
                let estimate = series.values[s][c]
                let y = groupTop + Double(s) * (barHeight + gap)
                body.append(rect(x: left, y: y, width: x(estimate.value) - left, height: barHeight, fill: Palette.scenario(s),
                                 title: "\(scenario.label.text(in: language)): \(format.estimate(estimate, unit: series.unit))"))
                var end = x(estimate.value)
                if let (low, high) = estimate.interval {
                    body.append(line(x(low), y + barHeight / 2, x(high), y + barHeight / 2, stroke: "#333", width: 1.2))
                    body.append(line(x(low), y + 3, x(low), y + barHeight - 3, stroke: "#333", width: 1.2))
                    body.append(line(x(high), y + 3, x(high), y + barHeight - 3, stroke: "#333", width: 1.2))
                    end = max(end, x(high))
                }
                body.append(text(format.value(estimate.value, unit: series.unit), x: end + 5, y: y + barHeight - 2, size: 11.5, fill: "#333"))
            }
        }
        body.append(line(left, top - 4, left, top + plotHeight, stroke: "#999"))
        return svg(height: top + plotHeight + 30, label: series.title.text(in: language), body: body)
    }

    /// One histogram panel per scenario on a common axis, the median marked, the 5 %–95 % range
    /// under it, and the target as a red dashed line across all panels.
    func headcountPanels(_ chart: HeadcountChart) -> String {
        let labels = scenarios.map { $0.label.text(in: language) }
        let left = 20.0, right = width - 20
        let panelHeight = 92.0, panelGap = 40.0
        let top = 44.0
        let (low, high) = chart.range
        let pad = (high - low) * 0.03
        let ticks = niceTicks(low: low - pad, high: high + pad, count: 8)
        let axisLow = min(low - pad, ticks.first ?? low), axisHigh = max(high + pad, ticks.last ?? high)
        func x(_ v: Double) -> Double { left + (right - left) * (v - axisLow) / (axisHigh - axisLow) }
        let tallest = max(chart.largestShare, 1e-12)
        var body: [String] = []
        let totalHeight = Double(labels.count) * (panelHeight + panelGap)
        for (s, distribution) in chart.distributions.enumerated() {
            let panelTop = top + Double(s) * (panelHeight + panelGap)
            let baseline = panelTop + panelHeight - 22
            body.append(text(labels[s], x: left, y: panelTop + 2, size: 15, weight: "700", fill: Palette.scenario(s) == Palette.scenarios[0] ? "#444" : Palette.scenario(s)))
            if let p = distribution.probabilityTargetMet {
                body.append(text("\(Vocabulary.chanceTargetMet.text(in: language))\(language == .zh ? "：" : ": ")\(format.value(p, unit: .probability))", x: right, y: panelTop + 2, size: 15, anchor: "end", weight: "700", fill: "#222"))
            }
            for (b, share) in distribution.shares.enumerated() {
                let x0 = x(distribution.binEdges[b]), x1 = x(distribution.binEdges[b + 1])
                let h = (baseline - panelTop - 14) * share / tallest
                body.append(rect(x: x0 + 0.5, y: baseline - h, width: x1 - x0 - 1, height: h, fill: Palette.scenario(s),
                                 title: "\(format.interval(distribution.binEdges[b], distribution.binEdges[b + 1], unit: .persons)): \(format.value(share, unit: .probability))"))
            }
            body.append(line(left, baseline, right, baseline, stroke: "#999"))
            // The 5 %–95 % range as a bracket under the bars, the median as a tick.
            let rangeY = baseline + 10
            body.append(line(x(distribution.p05), rangeY, x(distribution.p95), rangeY, stroke: "#333", width: 2))
            body.append(line(x(distribution.p05), rangeY - 4, x(distribution.p05), rangeY + 4, stroke: "#333", width: 2))
            body.append(line(x(distribution.p95), rangeY - 4, x(distribution.p95), rangeY + 4, stroke: "#333", width: 2))
            body.append("<circle cx=\"\(coordinate(x(distribution.median)))\" cy=\"\(coordinate(rangeY))\" r=\"4\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"2\"/>")
            body.append(text("\(Vocabulary.median.text(in: language)) \(format.value(distribution.median, unit: .persons))", x: x(distribution.median), y: rangeY + 18, size: 12, anchor: "middle", fill: "#333"))
        }
        let axisY = top + totalHeight - panelGap + 26
        for tick in ticks {
            body.append(line(x(tick), axisY, x(tick), axisY + 5, stroke: "#777"))
            body.append(text(format.bare(tick, unit: .persons), x: x(tick), y: axisY + 20, size: 12, anchor: "middle", fill: "#555"))
        }
        body.append(line(left, axisY, right, axisY, stroke: "#777"))
        if let target = chart.target {
            body.append(line(x(target), top - 18, x(target), axisY, stroke: Palette.target, width: 2.5, dash: "7 5"))
            let caption = "\(chart.targetLabel.text(in: language)) ≤ \(format.value(target, unit: .persons))"
            let toLeft = x(target) + textWidth(caption, fontSize: 14) + 10 > right
            body.append(text(caption, x: x(target) + (toLeft ? -8 : 8), y: top - 22, size: 14, anchor: toLeft ? "end" : "start", weight: "700", fill: Palette.target))
        }
        return svg(height: axisY + 32, label: chart.title.text(in: language), body: body)
    }

    /// Horizontal stacked bars, one per scenario: `parts(scenario)` split by `categories`, the total at the end.
    func stackedBars(title: String, categories: [LocalizedText], parts: (Int) -> [Double], total: (Int) -> Double, largest: Double) -> String {
        let labels = scenarios.map { $0.label.text(in: language) }
        let labelWidth = (labels.map { textWidth($0, fontSize: 14) }.max() ?? 60) + 16
        let left = labelWidth, right = width - 120
        let (legendSVG, legendHeight) = legend(categories.enumerated().map { ($0.element.text(in: language), Palette.segment($0.offset)) }, y: 18, left: left)
        let top = 18 + legendHeight + 6
        let barHeight = 30.0, gap = 14.0
        func scale(_ v: Double) -> Double { (right - left) * v / max(largest, 1) }
        var body = legendSVG
        for (s, label) in labels.enumerated() {
            let y = top + Double(s) * (barHeight + gap)
            body.append(text(label, x: left - 10, y: y + barHeight / 2 + 5, size: 14, anchor: "end", weight: "600"))
            var x = left
            for (c, amount) in parts(s).enumerated() where amount > 0 {
                let w = scale(amount)
                let caption = format.value(amount, unit: .yuan)
                body.append(rect(x: x, y: y, width: w, height: barHeight, fill: Palette.segment(c),
                                 title: "\(categories[c].text(in: language)): \(caption)"))
                if textWidth(caption, fontSize: 11.5) + 6 < w {
                    body.append(text(caption, x: x + w / 2, y: y + barHeight / 2 + 4, size: 11.5, anchor: "middle", fill: Palette.segment(c) == "#f0e442" ? "#222" : "#fff"))
                }
                x += w
            }
            body.append(text(format.value(total(s), unit: .yuan), x: x + 8, y: y + barHeight / 2 + 5, size: 14, weight: "700"))
        }
        return svg(height: top + Double(labels.count) * (barHeight + gap) + 4, label: title, body: body)
    }
}

extension CategorySeries {
    /// The series as inline SVG: grouped horizontal bars, one bar per entry of `seriesNames` (in the
    /// order of `values`) for each category, with the 5 %–95 % range as a whisker where the
    /// estimates have one, labels and numbers in `language`. The comparison page draws poor persons
    /// by township with it; the web app's county profile too.
    public func barChartSVG(seriesNames: [ScenarioName], language: Language) -> String {
        SVGCharts(scenarios: seriesNames, language: language).townshipBars(self)
    }
}
