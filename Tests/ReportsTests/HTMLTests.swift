import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import Reports

@Suite("HTML page")
struct HTMLTests {
    let demo = Comparison.daiCountyDemo()

    /// Parses the page as XML, counting elements; fails on any markup error.
    final class ElementCounter: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        var texts: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            counts[name, default: 0] += 1
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
    }

    @Test(arguments: [Language.zh, Language.en])
    func pageIsWellFormedAndSelfContained(language: Language) throws {
        let html = try demo.rendered(as: .html, language: language, by: .township)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang="))
        let parser = XMLParser(data: Data(html.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        let parsed = parser.parse()
        #expect(parsed, "not well-formed: \(parser.parserError.map { String(describing: $0) } ?? "") at line \(parser.lineNumber)")
        // Four charts: townships, headcount, funds by source, funds by project type.
        #expect(counter.counts["svg"] == 4)
        #expect(counter.counts["table"] == 2)
        #expect(counter.counts["script"] == nil && counter.counts["link"] == nil && counter.counts["img"] == nil)
        for forbidden in ["http://", "https://", "url(", "@import", "src="] { #expect(!html.contains(forbidden), "\(forbidden) in the page") }
        // One bar per township and scenario: 11 × 3 titled bars in the township chart.
        let text = counter.texts.joined()
        if language == .zh {
            #expect(text.contains("代县 2020 年脱贫方案比较"))
            #expect(text.contains("年度目标 ≤ 3000人"))
            #expect(text.contains("达标概率：96.2%"))
            #expect(text.contains("胡峪乡"))
        } else {
            #expect(text.contains("Year's target ≤ 3,000"))
            #expect(text.contains("chance of meeting the target: 96.2%"))
        }
    }

    @Test func differencesAreHighlightedByDirection() throws {
        let html = try demo.rendered(as: .html, language: .en)
        // Poor persons: the optimised plan is better (-1,037), the shock worse (+1,520).
        #expect(html.contains("<td class=\"diff better\">-1,037</td>"))
        #expect(html.contains("<td class=\"diff worse\">+1,520</td>"))
        // Money spent is neither better nor worse.
        #expect(html.contains("<td class=\"diff same\">¥0</td>"))
        #expect(html.contains("<span class=\"v\">3,719</span><span class=\"ci\">3,389–4,049</span>"))
    }
}
