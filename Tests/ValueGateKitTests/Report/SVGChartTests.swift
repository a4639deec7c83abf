import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ValueGateKit

/// The HTML report's inline charts: well-formed whatever the labels, on a readable axis.
struct SVGChartTests {
    func row(_ name: String, _ a: Int, _ b: Int, of total: Int = 20) -> Comparison.Row {
        Comparison.Row(name, Comparison.Rate(a, of: total), Comparison.Rate(b, of: total))
    }

    @Test func theAxisEndsAtTheFirstRoundMaximumAboveEveryInterval() {
        // 1 of 100 has an upper bound near 5%: a 20% axis, not 100%, keeps the bars readable.
        #expect(SVGChart.axisMaximum([row("rare", 1, 0, of: 100)]) == 0.2)
        let middling = row("middling", 6, 8)
        #expect(SVGChart.axisMaximum([middling]) >= middling.b.interval[1])
        #expect(SVGChart.axisMaximum([middling]) == 0.8)
        #expect(SVGChart.axisMaximum([row("all", 20, 20)]) == 1)
        #expect(SVGChart.axisMaximum([]) == 1)
    }

    @Test func chartsAreWellFormedXMLWithLabelsAsText() throws {
        let hostile = "<script>alert(1)</script> & \"quotes\""
        let rows = [row(hostile, 3, 9), row("push 1", 20, 0)]
        for svg in [SVGChart.bars(rows, title: hostile, axis: "share <of> samples", names: (a: hostile, b: "b & c")),
                    SVGChart.curve(rows, title: hostile, axis: "held", names: (a: "a", b: hostile))] {
            let document = try XMLDocument(data: Data(svg.utf8))
            #expect(document.rootElement()?.name == "svg")
            #expect(!svg.contains("<script"))
            let texts = try document.nodes(forXPath: "//*[local-name()='title']").compactMap(\.stringValue)
            #expect(texts.contains(hostile), "the title reads back as the text it was given")
        }
    }
}
