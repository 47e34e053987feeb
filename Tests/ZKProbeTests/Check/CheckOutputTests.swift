import Foundation
import Testing
import TestSupport

@testable import ZKProbe

private func sampleReport(version: String, mntrKey: String = "zk_avg_latency") -> CheckReport {
    var leader = MemberReport(address: "zk1:2181", state: .leader)
    leader.version = version
    leader.zxid = 0x2_0000_0005
    leader.latencyAvg = 1.5
    leader.monitorValues = [MonitorSample(mntrKey, 1), MonitorSample("zk_znode_count", 5)]
    var follower = MemberReport(address: "[::1]:2181", state: .follower)
    follower.version = version
    follower.zxid = 0x2_0000_0004
    let dead = MemberReport(address: "zk3:2181", state: .unreachable)
    return EnsembleAssessment().assess([leader, follower, dead])
}

struct CheckOutputTests {
    static let injections = [
        "3.8.0\"} 1\nzkprobe_ensemble_verdict 0\n#",
        "3.8.0\\\"} 1\r\nzkprobe_ensemble_verdict 0",
        "evil\\",
        "line\u{2028}sep\u{0}nul\u{1B}[31m",
        "c1\u{85}next\u{9B}31m\u{7F}",
    ]

    @Test(arguments: injections)
    func serverStringsCannotInjectSeries(evil: String) throws {
        let text = sampleReport(version: evil, mntrKey: "zk_x{pool=\"a\"}\nzkprobe_ensemble_quorum 0").prometheus(
            includeMonitorValues: true)
        let samples = try #require(parseExposition(text), "exposition must stay well formed")
        #expect(samples.filter { $0.name == "zkprobe_ensemble_verdict" }.count == 1)
        #expect(samples.filter { $0.name == "zkprobe_ensemble_quorum" }.count == 1)
        let info = samples.filter { $0.name == "zkprobe_member_info" }
        #expect(info.count == 2)
        // The value survives, split into the short version and the build (the text after `3.8.0`, none of which
        // starts with `-` or holds `, built on `), except control characters (C0 but line feed, DEL, C1), which
        // become U+FFFD.
        let expected = String(evil.unicodeScalars.map { s -> Character in
            (s.value < 0x20 && s != "\n") || (0x7F...0x9F).contains(s.value) ? "\u{FFFD}" : Character(s)
        })
        #expect(info.allSatisfy { ($0.labels["version"] ?? "") + ($0.labels["build"] ?? "") == expected })
        #expect(info.allSatisfy { !evil.hasPrefix("3.8.0") || $0.labels["version"] == "3.8.0" })
    }

    @Test func everyFamilyHasHelpAndTypeBeforeItsSamples() throws {
        let text = sampleReport(version: "3.8.0").prometheus(includeMonitorValues: true)
        var typed: Set<String> = []
        var helped: Set<String> = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("# HELP ") { helped.insert(String(words[2])) } else if line.hasPrefix("# TYPE ") {
                typed.insert(String(words[2]))
            } else {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(typed.contains(name) && helped.contains(name), "\(name) sampled before HELP/TYPE")
            }
        }
        let samples = try #require(parseExposition(text))
        let up = samples.filter { $0.name == "zkprobe_member_up" }
        #expect(up.map { $0.labels["member"]! }.sorted() == ["[::1]:2181", "zk1:2181", "zk3:2181"])
        #expect(up.first { $0.labels["member"] == "zk3:2181" }?.value == "0")
        let states = samples.filter { $0.name == "zkprobe_member_state" && $0.value == "1" }
        #expect(states.count == 3, "exactly one state per member is 1")
    }

    @Test func jsonCarriesTheDocumentedKeysAndParses() throws {
        let report = sampleReport(version: "3.8.0 \"quoted\"\n")
        let text = report.jsonText()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "warning")
        #expect(object["leader"] as? String == "zk1:2181")
        #expect(object["failureTolerance"] as? Int == 0)
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members.map { $0["state"] as? String } == ["leader", "follower", "unreachable"])
        #expect(members[0]["version"] as? String == "3.8.0 \"quoted\"\n")
        #expect(members[0]["zxid"] as? String == "0x200000005")
        #expect(members[1]["lag"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["severity"] as? String == "warning" && $0["member"] as? String == "zk3:2181" })
    }

    @Test func nagiosFirstLineHasStatusAndParseablePerfdata() throws {
        let out = sampleReport(version: "3.8.0|evil\nZOOKEEPER OK").nagios()
        let parsed = try #require(parseNagiosOutput(out), "one status line, one |, perfdata per the guidelines")
        #expect(parsed.status == "WARNING")
        #expect(parsed.longText.allSatisfy { !$0.hasPrefix("ZOOKEEPER") })
        #expect(parsed.perfdata.allSatisfy { ["", "ms", "s"].contains($0.unit) })
        // The ensemble-wide labels come first, always the same, whatever was measured.
        #expect(parsed.perfdata.prefix(9).map(\.label) == CheckReport.ensembleLabels.map(\.label))
        #expect(out.contains("failure_tolerance=0;"))
    }

    @Test func textShowsEveryMemberAndFindingWithoutColourUnlessAsked() {
        let report = sampleReport(version: "3.8.0-abc")
        let plain = report.text(colour: false)
        #expect(!plain.contains("\u{1B}["))
        for m in report.members { #expect(plain.contains(m.address)) }
        for f in report.findings { #expect(plain.contains(f.message)) }
        #expect(report.text(colour: true).contains("\u{1B}[33"))
    }
}

struct PrometheusExpositionTests {
    @Test func severalEnsemblesShareEachFamilyOnceWithTheirLabel() throws {
        let a = sampleReport(version: "3.8.0")
        let b = sampleReport(version: "3.9.2")
        let text = PrometheusExposition.render([
            .init(report: a, ensemble: "kafka-a"), .init(report: b, ensemble: "kafka\"b", includeMonitorValues: true),
        ])
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(types.count == Set(types).count, "a family's TYPE line appears more than once")
        let samples = try #require(parseExposition(text))
        #expect(samples.allSatisfy { $0.labels["ensemble"] == "kafka-a" || $0.labels["ensemble"] == "kafka\"b" })
        let verdicts = samples.filter { $0.name == "zkprobe_ensemble_verdict" }
        #expect(verdicts.map { $0.labels["ensemble"]! } == ["kafka-a", "kafka\"b"])
        #expect(samples.filter { $0.name == "zkprobe_mntr" }.allSatisfy { $0.labels["ensemble"] == "kafka\"b" })
        // The label comes first on every sample line, so textfile set-ups sort by ensemble.
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.contains("{ensemble=\""), "\(line)")
        }
    }

    @Test func withoutEnsembleNoSeriesIsLabelled() {
        #expect(!sampleReport(version: "3.8.0").prometheus().contains("ensemble="))
    }
}
