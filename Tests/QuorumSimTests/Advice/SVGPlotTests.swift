import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

@testable import QuorumSim

struct SVGPlotTests {
    @Test func rendersWellFormedXMLWithEveryPointAndLegend() throws {
        let plot = SVGPlot(
            title: "Downtime <per> year", xLabel: "voters", yLabel: "minutes per year",
            series: [
                .init(label: "one zone", points: [(1, 500), (3, 260), (5, 259)]),
                .init(label: "three zones", points: [(3, 2.5), (5, 0.0001), (7, 0)]),
            ])
        let svg = plot.render()
        let document = try XMLDocument(data: Data(svg.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        let circles = try root.nodes(forXPath: "//*[local-name()='circle']")
        #expect(circles.count == 5, "the zero point is left out of a log axis")
        #expect(svg.contains("one zone") && svg.contains("three zones"))
        #expect(svg.contains("Downtime &lt;per&gt; year"))
        // Lower downtime is drawn lower (larger y) on the page.
        let ys = try root.nodes(forXPath: "//*[local-name()='circle']/@cy").compactMap { Double($0.stringValue ?? "") }
        #expect(ys[0] < ys[3])
    }
}
