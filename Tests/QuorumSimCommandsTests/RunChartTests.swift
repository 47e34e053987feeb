import CommandLineSupport
import Foundation
import Testing

@testable import QuorumSimCommands

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `quorumsim run --svg`: the chart parses as XML and marks the target, the simulated figures and the exact one.
struct RunChartTests {
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/three-servers-three-zones.json").path

    /// Elements by name, with their attributes and text (title and text contents joined).
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append((name, attributes))
            text += "\n"
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    static func figure(_ v: Double) -> String { String(format: "%.4g", v) }

    @Test func chartMarksTargetEstimateAndExactFigure() throws {
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: svg) }
        let outcome = QuorumSimTool.run([
            "run", Self.scenario, "--years", "200", "--replications", "4", "--threads", "2", "--seed", "3",
            "--format", "json", "--svg", svg, "--target-availability", "0.99999",
        ])
        #expect(outcome.status == ExitStatus.success, "\(outcome.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.outputText.utf8)) as? [[String: Any]]
        ).first
        let downtime = try #require((report?["downtimeMinutesPerYear"] as? [String: Any])?["mean"] as? Double)
        let exact = try #require((report?["exact"] as? [String: Any])?["quorumLossMinutesPerYear"] as? Double)

        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: svg)))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(collector.elements.first?.name == "svg")
        #expect(collector.elements.contains { $0.name == "g" && $0.attributes["id"] == "target" })
        #expect(collector.elements.filter { $0.attributes["class"] == "estimate" }.count == 2)
        #expect(collector.elements.filter { $0.attributes["class"] == "exact" }.count == 1)
        // 0.99999 is 5.2596 min/yr.
        #expect(collector.text.contains("target 5.26 min/yr"))
        #expect(collector.text.contains("downtime, simulated: \(Self.figure(downtime)) ["))
        #expect(collector.text.contains("without quorum, exact: \(Self.figure(exact)) min/yr"))
        #expect(collector.text.contains("3 voters as 1/1/1 over a, b, c"))
    }

    @Test func unwritableChartIsOneLineAndExitOne() {
        let outcome = QuorumSimTool.run([
            "run", Self.scenario, "--years", "1", "--replications", "2", "--svg", "/nonexistent-folder/x.svg",
        ])
        #expect(outcome.status == ExitStatus.failure)
        #expect(outcome.standardError.hasPrefix("quorumsim run: --svg /nonexistent-folder/x.svg: "))
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
    }

    @Test(arguments: [
        ["--target-downtime", "10", "--format", "json"], ["--target-availability", "0.9", "--format", "csv"],
        ["--svg", "x.svg", "--target-downtime", "10", "--target-availability", "0.9"],
        ["--svg", "x.svg", "--target-availability", "1"], ["--svg", "x.svg", "--target-downtime", "-1"],
        ["--svg", ""],
    ])
    func targetNeedsTheChartAndOneForm(_ extra: [String]) {
        let outcome = QuorumSimTool.run(["run", Self.scenario] + extra)
        #expect(outcome.status == ExitStatus.usage, "\(extra)")
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
    }
}
