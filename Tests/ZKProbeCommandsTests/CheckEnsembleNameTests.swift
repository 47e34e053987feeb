import Foundation
import CommandLineSupport
import Testing
import TestSupport

@testable import ZKProbe
@testable import ZKProbeCommands

/// `zkprobe check --ensemble NAME`: the name on every Prometheus series, in the JSON document, on the first line of
/// text and Nagios output; a bad name is a one-line usage error.
struct CheckEnsembleNameTests {
    static let srvr = """
        Zookeeper version: 3.8.0-abc, built on 2022-02-25 08:49 UTC
        Latency min/avg/max: 0/0.5/7
        Received: 120
        Sent: 119
        Connections: 2
        Outstanding: 0
        Zxid: 0x300000010
        Mode: standalone
        Node count: 5

        """

    static func run(_ extra: [String]) throws -> (CommandOutcome, String) {
        let server = try FakeServer(behaviors: [
            .respond({ word, _ in Array((word == "srvr" ? srvr : word == "ruok" ? "imok" : "").utf8) }, chunk: 512, pause: .zero)
        ])
        defer { server.stop() }
        let outcome = CheckCommand.run(
            [server.address(0), "--timeout", "2"] + extra, terminal: false, readFile: TextFile.memory())
        return (outcome, String(decoding: outcome.standardOutput, as: UTF8.self))
    }

    @Test(arguments: [
        "", " orders", "orders ", "a\tb", "a\nb", "a\rb", "esc\u{1B}[31m", "c1\u{85}", "nul\u{0}",
        String(repeating: "x", count: EnsembleName.maximumLength + 1),
    ])
    func aBadNameIsAOneLineUsageError(_ name: String) {
        let outcome = CheckCommand.run(["--ensemble", name, "zk1"], terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == ExitStatus.unknown)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("--ensemble"))
    }

    @Test(arguments: ["orders", "prod eu-1 (ünïcode)", String(repeating: "x", count: EnsembleName.maximumLength)])
    func aGoodNameIsKept(_ name: String) throws {
        let options = try #require(try CheckCommand.parse(["--ensemble", name, "zk1"]))
        #expect(options.ensemble == name)
    }

    @Test func everyPrometheusSeriesCarriesTheNameFirst() throws {
        let (outcome, text) = try Self.run(["--format", "prometheus", "--ensemble", "orders"])
        #expect(outcome.status == 0)
        let samples = try #require(parseExposition(text))
        #expect(samples.count > 20)
        #expect(samples.allSatisfy { $0.labels["ensemble"] == "orders" })
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.contains("{ensemble=\"orders\""), "\(line)")
        }
        let received = samples.first { $0.name == "zkprobe_member_packets_received_total" }
        #expect(received?.value == "120")
        #expect(text.contains("# TYPE zkprobe_member_packets_received_total counter\n"))
        // Without the flag: no ensemble label anywhere.
        let (_, plain) = try Self.run(["--format", "prometheus"])
        #expect(try #require(parseExposition(plain)).allSatisfy { $0.labels["ensemble"] == nil })
    }

    @Test func jsonTextAndNagiosNameTheEnsemble() throws {
        let (_, json) = try Self.run(["--format", "json", "--ensemble", "orders"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["ensemble"] as? String == "orders")
        let (_, unnamed) = try Self.run(["--format", "json"])
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(unnamed.utf8)) as? [String: Any])
        #expect(plain["ensemble"] is NSNull)
        let document = try JSONDecoder().decode(CheckDocument.self, from: Data(json.utf8))
        #expect(document.ensemble == "orders")

        let (_, text) = try Self.run(["--ensemble", "orders"])
        #expect(text.hasPrefix("ENSEMBLE orders\n"))
        let (_, nagios) = try Self.run(["--format", "nagios", "--ensemble", "orders"])
        #expect(nagios.hasPrefix("ZOOKEEPER OK - ensemble orders: "), "\(nagios)")
    }
}
