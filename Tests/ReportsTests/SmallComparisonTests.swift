import Foundation
import Testing

@testable import Reports

/// A comparison small enough to write its renderings out by hand.
@Suite("A hand-checked small comparison")
struct SmallComparisonTests {
    let small = Comparison(
        title: LocalizedText(zh: "标题", en: "T"),
        scenarios: [ScenarioName(name: "a", label: LocalizedText(zh: "甲", en: "A")), ScenarioName(name: "b", label: LocalizedText(zh: "乙", en: "B"))],
        table: ComparisonTable(title: LocalizedText(zh: "主要", en: "Main"), sections: [.poverty, .funds],
                               rows: [.poorPersonsRemaining([Estimate(1_234), Estimate(1_000)])])
    )

    @Test func textByHand() throws {
        let expected = """
            T

            Main
            Indicator                 A (baseline)      B  vs baseline
            ────────────────────────  ────────────  ─────  ───────────
            Poverty and exits
              Poor persons remaining         1,234  1,000         -234

            """
        #expect(try small.rendered(as: .text, language: .en) == expected)
    }

    @Test func chineseTextByHand() throws {
        // 年末剩余贫困人口 is 16 columns wide, plus the indent of 2; 甲（基线） is 10.
        let expected = """
            标题

            主要
            指标                甲（基线）      乙  较基线
            ──────────────────  ──────────  ──────  ──────
            贫困人口与退出
              年末剩余贫困人口      1234人  1000人  -234人

            """
        #expect(try small.rendered(as: .text, language: .zh) == expected)
    }

    @Test func jsonAndCSVByHand() throws {
        let json = try small.rendered(as: .json, language: .en)
        #expect(json.contains("\"scenarios\": [\n    \"a\",\n    \"b\"\n  ]"))
        #expect(json.contains("\"values\": [\n        1234,\n        1000\n      ]"))
        #expect(json.contains("\"differences\": [\n        0,\n        -234\n      ]"))
        #expect(json.contains("\"intervals\": [\n        null,\n        null\n      ]"))
        let csv = try small.rendered(as: .csv, language: .en)
        #expect(csv == "Key,Section,Indicator,Unit,A,A 5%,A 95%,B,B 5%,B 95%,B vs baseline\npoor_persons,Poverty and exits,Poor persons remaining,persons,1234,,,1000,,,-234\n")
    }

    @Test func degenerateChartsStayWellFormed() throws {
        var flat = small
        let same = HeadcountDistribution(binEdges: [], shares: [], p05: 500, median: 500, p95: 500, probabilityTargetMet: 1)
        flat.charts = ComparisonCharts(
            poorPersonsByTownship: CategorySeries(title: LocalizedText("x"), unit: .persons, categories: [LocalizedText("胡峪乡")], values: [[Estimate(0)], [Estimate(0)]]),
            headcount: HeadcountChart(title: LocalizedText("h"), target: nil, targetLabel: LocalizedText("t"), distributions: [same, same]),
            funds: FundsChart(title: LocalizedText("f"), sources: [LocalizedText("s")], projectTypes: [LocalizedText("p")], amounts: [[[0]], [[0]]]))
        let html = try flat.rendered(as: .html, language: .zh)
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(!html.lowercased().contains("nan") && !html.contains("inf\""))
        // Every draw at 500: the axis is widened to 450…550 and has ticks.
        #expect(html.contains(">500</text>"))
    }

    @Test func htmlWithoutChartsOrHeadlineStillRenders() throws {
        let html = try small.rendered(as: .html, language: .en)
        #expect(!html.contains("<svg") && !html.contains("class=\"cards\""))
        #expect(html.contains("<td class=\"diff better\">-234</td>"))
    }
}
