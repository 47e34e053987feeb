import CommandLineSupport
import Foundation
import Testing

@testable import QuorumSim
@testable import QuorumSimCommands

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `quorumsim recommend --svg`: the chart, parsed, draws the target where the axis puts it, rings the recommended
/// placement, keeps coinciding lines visible and its labels apart, and labels its axis in one notation.
struct RecommendChartTests {
    /// Every element with its attributes, the `g` it is in, and (for `text` and `title`) its own text.
    final class Elements: NSObject, XMLParserDelegate {
        struct Element {
            var name: String
            var attributes: [String: String]
            var group: String?
            var text = ""
        }
        var elements: [Element] = []
        var open: [Int] = []
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let group = open.reversed().lazy.compactMap { self.elements[$0].attributes["id"] }.first
            elements.append(Element(name: name, attributes: attributes, group: group))
            open.append(elements.count - 1)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            _ = open.popLast()
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = open.last { elements[last].text += string }
        }
    }

    static func chart(_ arguments: [String]) throws -> (json: [String: Any], svg: [Elements.Element]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (_, capture) = runQuorumSim(
            ["recommend", "--years", "100", "--replications", "2", "--format", "json", "--svg", path] + arguments)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(capture.stdout.utf8)) as? [String: Any], "\(capture.stderr)")
        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: path)))
        let elements = Elements()
        parser.delegate = elements
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        return (json, elements.elements)
    }

    static func number(_ element: Elements.Element, _ key: String) -> Double {
        Double(element.attributes[key] ?? "") ?? .nan
    }

    /// The y axis as its tick labels draw it: y of a value, fitted through the first and last tick (a grid line
    /// sits 4 units above its label's baseline), after checking every tick lies on that line.
    static func yMapping(_ svg: [Elements.Element]) throws -> (Double) -> Double {
        let ticks = svg.filter { $0.attributes["class"] == "tick" && $0.attributes["text-anchor"] == "end" }
            .map { (log10(Double($0.text) ?? .nan), number($0, "y") - 4) }
        let first = try #require(ticks.first), last = try #require(ticks.last)
        let slope = (last.1 - first.1) / (last.0 - first.0)
        let map = { (v: Double) in first.1 + (log10(v) - first.0) * slope }
        for tick in ticks { #expect(abs(map(pow(10, tick.0)) - tick.1) < 0.11, "\(ticks)") }
        return map
    }

    @Test(arguments: [
        (["--target-downtime", "5"], "recommended"), (["--target-downtime", "10"], "recommended"),
        (["--target-downtime", "0.01", "--max-voters", "5"], "best (none meets)"),
        (["--zones", "2", "--target-availability", "0.9999"], "best (none meets)"),
    ])
    func theTargetAndTheRecommendationAreDrawnWhereTheAxisPutsThem(_ flags: [String], _ role: String) throws {
        let (json, svg) = try Self.chart(flags)
        let y = try Self.yMapping(svg)
        let target = flags.contains("--target-downtime")
            ? Double(flags[flags.firstIndex(of: "--target-downtime")! + 1])!
            : (1 - Double(flags[flags.firstIndex(of: "--target-availability")! + 1])!) * hoursPerYear * 60
        let line = try #require(svg.first { $0.name == "line" && $0.group == "target" })
        #expect(abs(Self.number(line, "y1") - y(target)) < 0.11 && line.attributes["y1"] == line.attributes["y2"])

        let pick = try #require((json["recommended"] as? [String: Any]) ?? (json["best"] as? [String: Any]))
        #expect((json["recommended"] is NSNull) == (role != "recommended"))
        let voters = try #require(pick["voters"] as? Int)
        let downtime = try #require(pick["downtimeMinutesPerYear"] as? Double)
        let ring = try #require(svg.first { $0.name == "circle" && $0.group == "marked" })
        let xTick = try #require(svg.first { $0.attributes["class"] == "tick" && $0.attributes["text-anchor"] == "middle" && $0.text == "\(voters)" })
        #expect(Self.number(ring, "cx") == Self.number(xTick, "x"))
        #expect(abs(Self.number(ring, "cy") - y(downtime)) < 0.11, "\(downtime)")
        let legend = svg.filter { $0.name == "text" && $0.group == "marked" }.map(\.text)
        #expect(legend == [role, "\(voters) voter\(voters == 1 ? "" : "s") as \(pick["layout"] as? String ?? "")"])
    }

    /// No two labels' boxes overlap (boxes estimated from the font size: 0.6 em a character, 1 em high).
    @Test(arguments: [["--target-downtime", "5"], ["--zones", "5", "--max-voters", "7"], ["--target-downtime", "0.01"]])
    func noTwoLabelsOverlap(_ flags: [String]) throws {
        let (_, svg) = try Self.chart(flags)
        let texts = svg.filter { $0.name == "text" && $0.attributes["transform"] == nil }
        let boxes = texts.map { t -> (String, CGRect) in
            let size = Double(t.attributes["font-size"] ?? "13") ?? 13
            let width = Double(t.text.count) * size * 0.6
            var x = Self.number(t, "x")
            if t.attributes["text-anchor"] == "middle" { x -= width / 2 }
            if t.attributes["text-anchor"] == "end" { x -= width }
            return (t.text, CGRect(x: x, y: Self.number(t, "y") - size * 0.8, width: width, height: size))
        }
        #expect(boxes.count > 10)
        for i in boxes.indices {
            #expect(boxes[i].1.maxX <= 820, "\(boxes[i].0) leaves the chart")
            for j in boxes.indices where j > i {
                #expect(!boxes[i].1.intersects(boxes[j].1), "\(boxes[i].0) overlaps \(boxes[j].0)")
            }
        }
    }

    /// Lines whose points coincide (the best split over two zones is often the one-zone placement) stay visible:
    /// the earlier series' dot is drawn larger than the later one's on the same spot.
    @Test func coincidingPointsStayVisible() throws {
        let (_, svg) = try Self.chart(["--target-downtime", "5"])
        let dots = svg.filter { $0.name == "circle" && $0.group == nil && $0.attributes["cx"] != nil }
        var seen: [String: Double] = [:]
        var coinciding = 0
        for dot in dots {
            let key = "\(dot.attributes["cx"]!),\(dot.attributes["cy"]!)"
            if let earlier = seen[key] {
                coinciding += 1
                #expect(earlier > Self.number(dot, "r"), "\(key)")
            }
            seen[key] = Self.number(dot, "r")
        }
        #expect(coinciding > 0, "the test needs a chart where two series coincide")
    }

    /// One notation per axis: plain numbers while every decade fits, else `1eN` for every tick.
    @Test(arguments: [
        ([0.5, 2e4], ["0.1", "1", "10", "100", "1000", "10000", "100000"]),
        ([2e-3, 3], ["0.001", "0.01", "0.1", "1", "10"]),
        ([0.5, 3e5], ["1e-1", "1e0", "1e1", "1e2", "1e3", "1e4", "1e5", "1e6"]),
        ([2e-5, 3], ["1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0", "1e1"]),
    ])
    func tickLabelsUseOneNotation(_ values: [Double], _ labels: [String]) {
        let axis = LogAxis(values: values, top: 0, height: 100)
        #expect(stride(from: axis.lo, through: axis.hi, by: 1).map(axis.tickLabel) == labels)
    }
}
