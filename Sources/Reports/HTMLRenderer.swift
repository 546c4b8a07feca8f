/// The comparison as one self-contained HTML page for leaders: title, the tables with differences to
/// the baseline coloured (green better, red worse), and inline SVG charts — poor persons by township,
/// next year's headcount against the target, funds by source and project type. Inline CSS only: no
/// script, no font or image from the network. The markup is well-formed XML as well as HTML.
struct HTMLRenderer {
    var comparison: Comparison
    var language: Language
    var format: NumberFormat { NumberFormat(language: language) }

    private func t(_ text: LocalizedText) -> String { escapeMarkup(text.text(in: language)) }

    func render(_ tables: [ComparisonTable]) -> String {
        var page: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"\(language == .zh ? "zh-CN" : "en")\">",
            "<head>",
            "<meta charset=\"utf-8\"/>",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
            "<title>\(t(comparison.title))</title>",
            "<style>\n\(Self.styleSheet)\n</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>\(t(comparison.title))</h1>",
        ]
        if let subtitle = comparison.subtitle { page.append("<p class=\"subtitle\">\(t(subtitle))</p>") }
        page.append(scenarioChips())
        page.append("</header>")
        page.append("<main>")
        page.append(headlineCards())
        if let main = tables.first { page.append(tableSection(main)) }
        page.append(chartsSection())
        for table in tables.dropFirst() { page.append(tableSection(table)) }
        if !comparison.notes.isEmpty {
            page.append("<footer>" + comparison.notes.map { "<p>\(t($0))</p>" }.joined() + "<p>\(t(Vocabulary.generatedBy))</p></footer>")
        }
        page += ["</main>", "</body>", "</html>"]
        return page.joined(separator: "\n") + "\n"
    }

    private func scenarioChips() -> String {
        let chips = comparison.scenarios.enumerated().map { i, scenario in
            "<span class=\"chip\"><span class=\"swatch\" style=\"background:\(Palette.scenario(i))\"></span>\(t(scenario.label))" +
                (i == 0 ? "<span class=\"base\">\(t(Vocabulary.baselineMark))</span>" : "") + "</span>"
        }
        return "<p class=\"chips\">" + chips.joined() + "</p>"
    }

    /// One card per scenario with the headline rows: value, and for the other scenarios the difference to the baseline.
    private func headlineCards() -> String {
        let rows = comparison.headlineRows
        guard !rows.isEmpty else { return "" }
        var html = ["<div class=\"cards\">"]
        for (i, scenario) in comparison.scenarios.enumerated() {
            html.append("<div class=\"card\" style=\"border-top:6px solid \(Palette.scenario(i))\">")
            html.append("<h3>\(t(scenario.label))" + (i == 0 ? "<small>\(t(Vocabulary.baselineMark))</small>" : "") + "</h3>")
            html.append("<dl>")
            for row in rows {
                let value = row.values[i].map { format.value($0.value, unit: row.unit) } ?? NumberFormat.missing
                var figure = "<dd><span class=\"big\">\(escapeMarkup(value))</span>"
                if i > 0, let difference = row.difference(at: i) {
                    figure += " <span class=\"delta \(row.change(at: i).rawValue)\">\(escapeMarkup(format.difference(difference, unit: row.unit)))</span>"
                }
                html.append("<dt>\(t(row.label))</dt>" + figure + "</dd>")
            }
            html.append("</dl>")
            html.append("</div>")
        }
        html.append("</div>")
        return html.joined(separator: "\n")
    }

    private func tableSection(_ table: ComparisonTable) -> String {
        let scenarios = comparison.scenarios
        var html = ["<section>", "<h2>\(t(table.title))</h2>", "<table>", "<thead>", "<tr>", "<th class=\"indicator\">\(t(Vocabulary.indicator))</th>"]
        for (i, scenario) in scenarios.enumerated() {
            html.append("<th class=\"scenario\" style=\"border-top:4px solid \(Palette.scenario(i))\">\(t(scenario.label))" +
                        (i == 0 ? "<br/><small>\(t(Vocabulary.baselineMark))</small>" : "") + "</th>")
            if i > 0 { html.append("<th class=\"diff\" style=\"border-top:4px solid \(Palette.scenario(i))\">\(t(Vocabulary.versusBaseline))</th>") }
        }
        html += ["</tr>", "</thead>", "<tbody>"]
        let columns = 1 + scenarios.count * 2 - 1
        for (section, rows) in table.grouped {
            html.append("<tr class=\"section\"><th colspan=\"\(columns)\">\(t(section.label))</th></tr>")
            for row in rows {
                var cells = ["<th class=\"indicator\">\(t(row.label))</th>"]
                for i in scenarios.indices {
                    cells.append(valueCell(row.values[i], unit: row.unit))
                    if i > 0 {
                        let change = row.change(at: i)
                        let text = row.difference(at: i).map { format.difference($0, unit: row.unit) } ?? NumberFormat.missing
                        cells.append("<td class=\"diff \(change.rawValue)\">\(escapeMarkup(text))</td>")
                    }
                }
                html.append("<tr>" + cells.joined() + "</tr>")
            }
        }
        html += ["</tbody>", "</table>"]
        html.append("<p class=\"legend\"><span class=\"key better\">\(t(Vocabulary.legendBetter))</span><span class=\"key worse\">\(t(Vocabulary.legendWorse))</span>" + (table.hasIntervals ? t(Vocabulary.intervalNoteHTML) : "") + "</p>")
        html.append("</section>")
        return html.joined(separator: "\n")
    }

    private func valueCell(_ estimate: Estimate?, unit: MeasureUnit) -> String {
        guard let estimate else { return "<td class=\"value\">\(NumberFormat.missing)</td>" }
        var cell = "<td class=\"value\"><span class=\"v\">\(escapeMarkup(format.value(estimate.value, unit: unit)))</span>"
        if let (low, high) = estimate.interval {
            cell += "<span class=\"ci\">\(escapeMarkup(format.interval(low, high, unit: unit)))</span>"
        }
        return cell + "</td>"
    }

    private func chartsSection() -> String {
        let charts = SVGCharts(scenarios: comparison.scenarios, language: language)
        var html: [String] = []
        if let series = comparison.charts.poorPersonsByTownship {
            html.append(figure(series.title, charts.townshipBars(series), caption: Vocabulary.barsCaption))
        }
        if let headcount = comparison.charts.headcount {
            html.append(figure(headcount.title, charts.headcountPanels(headcount), caption: Vocabulary.headcountCaption))
        }
        if let funds = comparison.charts.funds {
            let bySource = charts.stackedBars(title: Vocabulary.bySource.text(in: language), categories: funds.sources,
                                              parts: { funds.totalsBySource(scenario: $0) }, total: { funds.total(scenario: $0) }, largest: funds.largestTotal)
            let byType = charts.stackedBars(title: Vocabulary.byProjectType.text(in: language), categories: funds.projectTypes,
                                            parts: { funds.totalsByProjectType(scenario: $0) }, total: { funds.total(scenario: $0) }, largest: funds.largestTotal)
            html.append("<section class=\"figure\">\n<h2>\(t(funds.title))</h2>\n<h3>\(t(Vocabulary.bySource))</h3>\n\(bySource)\n<h3>\(t(Vocabulary.byProjectType))</h3>\n\(byType)\n</section>")
        }
        return html.joined(separator: "\n")
    }

    private func figure(_ title: LocalizedText, _ svg: String, caption: LocalizedText) -> String {
        "<section class=\"figure\">\n<h2>\(t(title))</h2>\n\(svg)\n<p class=\"legend\">\(t(caption))</p>\n</section>"
    }

    static let styleSheet = """
        body { margin: 0; background: #eef0f3; color: #1d2430; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; font-size: 15px; line-height: 1.45; }
        header { background: #8f1d21; color: #fff; padding: 22px 36px 16px; }
        h1 { margin: 0 0 6px; font-size: 28px; letter-spacing: 0.02em; }
        .subtitle { margin: 0 0 12px; color: #f3dcdc; }
        .chips { margin: 0; }
        .chip { display: inline-block; margin: 0 10px 6px 0; padding: 3px 12px 3px 8px; background: rgba(255,255,255,0.14); border-radius: 14px; font-weight: 600; }
        .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 7px; border-radius: 3px; border: 1px solid rgba(255,255,255,0.7); vertical-align: -1px; }
        .base { font-weight: normal; opacity: 0.85; }
        main { max-width: 1040px; margin: 0 auto; padding: 8px 20px 30px; }
        section { background: #fff; margin: 18px 0; padding: 14px 20px 12px; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,0.08); }
        h2 { font-size: 19px; margin: 4px 0 12px; padding-left: 10px; border-left: 5px solid #8f1d21; }
        h3 { font-size: 15px; margin: 12px 0 4px; color: #444; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { padding: 6px 10px; border-bottom: 1px solid #e4e6ea; }
        thead th { background: #f6f7f9; font-size: 14px; text-align: right; vertical-align: bottom; }
        thead th.indicator { text-align: left; }
        thead small { font-weight: normal; color: #666; }
        tbody th.indicator { text-align: left; font-weight: normal; padding-left: 22px; }
        tr.section th { text-align: left; background: #fbf3f3; color: #8f1d21; font-size: 14px; padding-top: 9px; }
        td.value { text-align: right; white-space: nowrap; }
        td.value .v { display: block; font-weight: 700; font-size: 16px; }
        td.value .ci { display: block; color: #777; font-size: 12px; }
        td.diff { text-align: right; white-space: nowrap; font-weight: 600; font-size: 14px; color: #555; }
        td.diff.better { background: #e3f4e8; color: #17693a; }
        td.diff.worse { background: #fbe5e3; color: #a32a1f; }
        .legend { color: #555; font-size: 13px; margin: 10px 0 2px; }
        .key { display: inline-block; padding: 1px 8px; margin-right: 8px; border-radius: 3px; font-weight: 600; }
        .key.better { background: #e3f4e8; color: #17693a; }
        .key.worse { background: #fbe5e3; color: #a32a1f; }
        .cards { display: flex; flex-wrap: wrap; gap: 14px; margin: 18px 0 0; }
        .card { flex: 1 1 220px; background: #fff; border-radius: 6px; padding: 10px 16px 8px; box-shadow: 0 1px 3px rgba(0,0,0,0.08); }
        .card h3 { margin: 2px 0 8px; font-size: 17px; color: #1d2430; }
        .card h3 small { font-weight: normal; color: #666; font-size: 13px; }
        .card dl { margin: 0; }
        .card dt { color: #555; font-size: 13px; margin-top: 6px; }
        .card dd { margin: 0 0 2px; }
        .card .big { font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }
        .delta { font-size: 13px; font-weight: 600; padding: 1px 6px; border-radius: 3px; color: #555; background: #f0f1f3; white-space: nowrap; }
        .delta.better { background: #e3f4e8; color: #17693a; }
        .delta.worse { background: #fbe5e3; color: #a32a1f; }
        svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
        footer { color: #666; font-size: 13px; padding: 4px 4px 20px; }
        footer p { margin: 4px 0; }
        @media print { body { background: #fff; } section { box-shadow: none; break-inside: avoid; } }
        """
}
