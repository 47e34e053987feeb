import Foundation
import Testing
import TestSupport

@testable import ZKProbe

/// The files under `monitoring/` against the metrics zkprobe emits: the dashboard parses, every panel has a
/// query, every query uses only the documented variables and only names that the renderer produces for a full
/// report or that the recording rules define. A renamed metric fails here before it breaks a dashboard.
/// (`promtool` checks the same files in IntegrationTests' `MonitoringRulesTests`.)
struct MonitoringFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let allowedVariables: Set<String> = ["ensemble", "member", "__rate_interval", "__interval", "__range"]
    /// Series from other exporters that the alert rules read on purpose (documented in docs/zkprobe-metrics.md).
    static let otherExporters: Set<String> = ["up", "node_textfile_mtime_seconds"]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// A report in which every figure is set, the write probe's too, so every family of the exposition appears.
    static func fullReport() -> CheckReport {
        var m = MemberReport(address: "zk1:2181", state: .leader)
        m.version = "3.8.0-abc, built on 2024-01-01 00:00 UTC"
        m.imok = true
        m.zxid = 0x1_0000_0002
        (m.latencyMin, m.latencyAvg, m.latencyMax) = (1, 2, 3)
        (m.received, m.sent, m.connections, m.outstanding, m.nodeCount) = (10, 9, 2, 0, 6)
        (m.openFileDescriptors, m.maxFileDescriptors, m.syncedFollowers, m.pendingSyncs) = (40, 1000, 2, 0)
        m.lag = 0
        m.exchangeSeconds = 0.001
        m.monitorValues = (MonitorMetric.gauges + MonitorMetric.counters).flatMap(\.keys).map { MonitorSample($0, 1) }
        var client = ClientMeasurement()
        (client.connectSeconds, client.roundTripSeconds, client.writeSeconds) = (0.001, 0.001, 0.002)
        (client.readSeconds, client.visibilitySeconds, client.completed) = (0.001, 0, true)
        m.client = client
        return CheckReport(
            leader: "zk1:2181", quorum: true, votersConfigured: 1, votersServing: 1, majority: 1,
            failureTolerance: 0, members: [m], findings: [Finding(.wordsNotWhitelisted, "note")],
            durationSeconds: 0.01, membershipSource: "test", ensemble: "e", clientProbe: .write(path: "/zkprobe"))
    }

    static func emittedNames() throws -> Set<String> {
        let text = fullReport().prometheus(includeMonitorValues: true)
        let samples = try #require(parseExposition(text))
        return Set(samples.map(\.name))
    }

    static func recordedNames() throws -> Set<String> {
        Set(ruleEntries(try text("monitoring/prometheus/zkprobe-compat.rules.yml")).filter(\.isRecord).map(\.name))
    }

    /// Every non-empty query of the dashboards (panel targets and `label_values` variable selectors); every panel
    /// but a row must have one.
    static func dashboardQueries() throws -> [(panel: String, expr: String)] {
        let folder = root.appendingPathComponent("monitoring/grafana")
        for panel in try dashboardPanels(inFolder: folder) where panel.type != "row" {
            #expect(panel.exprs.contains { !$0.isEmpty }, "panel \(panel.title) has no query")
        }
        return try TestSupport.dashboardQueries(inFolder: folder).filter { !$0.expr.isEmpty }.map { ($0.panel, $0.expr) }
    }

    @Test func theFullReportHasEveryFirstClassMetric() throws {
        let names = try Self.emittedNames()
        for metric in MonitorMetric.gauges + MonitorMetric.counters {
            #expect(names.contains(metric.name), "\(metric.name) missing")
        }
        #expect(names.isSuperset(of: ["zkprobe_member_ruok", "zkprobe_ensemble_finding", "zkprobe_member_info"]))
        let client = ["connect", "round_trip", "write", "read", "visibility"].map {
            "zkprobe_member_client_\($0)_seconds"
        }
        #expect(names.isSuperset(of: client + ["zkprobe_member_client_completed", "zkprobe_ensemble_writable"]))
    }

    @Test func theDashboardHasTheVariablesAndASchemaVersion() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("monitoring/grafana/zookeeper-ensembles.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let version = try #require(dashboard["schemaVersion"] as? Int)
        #expect((36...41).contains(version))
        let list = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        let names = Set(list.compactMap { $0["name"] as? String })
        #expect(names.isSuperset(of: ["ensemble", "member"]))
        #expect(list.filter { $0["name"] as? String == "ensemble" || $0["name"] as? String == "member" }
            .allSatisfy { (($0["query"] as? [String: Any])?["query"] as? String)?.hasPrefix("label_values(") == true })
    }

    @Test func everyDashboardQueryUsesOnlyDocumentedVariablesAndKnownNames() throws {
        let known = try Self.emittedNames().union(try Self.recordedNames())
        let queries = try Self.dashboardQueries()
        #expect(queries.count >= 20)
        for (panel, expr) in queries {
            let variables = templateVariables(inPromQL: expr)
            #expect(variables.isSubset(of: Self.allowedVariables), "\(panel): \(variables) in \(expr)")
            let names = metricNames(inPromQL: expr)
            #expect(!names.isEmpty, "\(panel): no metric in \(expr)")
            #expect(names.isSubset(of: known), "\(panel): unknown \(names.subtracting(known)) in \(expr)")
        }
    }

    @Test func everyRuleReadsOnlyNamesZKProbeEmits() throws {
        let emitted = try Self.emittedNames()
        let recorded = try Self.recordedNames()
        let compat = ruleEntries(try Self.text("monitoring/prometheus/zkprobe-compat.rules.yml"))
        let alerts = ruleEntries(try Self.text("monitoring/prometheus/zkprobe-alerts.rules.yml"))
        #expect(compat.count >= 50 && alerts.count >= 20)
        for rule in compat {
            let names = metricNames(inPromQL: rule.expression)
            #expect(!names.isEmpty && names.isSubset(of: emitted), "\(rule.name): \(names.subtracting(emitted)) in \(rule.expression)")
        }
        for rule in alerts {
            let names = metricNames(inPromQL: rule.expression)
            let known = emitted.union(recorded).union(Self.otherExporters)
            #expect(!names.isEmpty && names.isSubset(of: known), "\(rule.name): \(names.subtracting(known)) in \(rule.expression)")
        }
    }

    @Test(arguments: [
        (#"sum by (ensemble) (changes(zkprobe_member_state{ensemble=~"$ensemble",state="leader"}[$__rate_interval]))"#,
         ["zkprobe_member_state"]),
        (#"a / b{x="y"} >= 0.8 and c > 0"#, ["a", "b", "c"]),
        (#"max_over_time(v[1h]) unless on (ensemble) w offset 5m"#, ["v", "w"]),
        (#"label_replace(x * 1000, "instance", "$1", "member", "(.+)")"#, ["x"]),
        (#"sum(rate(y_total[5m])) without (member) or vector(0)"#, ["y_total"]),
    ])
    func namesAreReadOutOfExpressions(_ expr: String, _ expected: [String]) {
        #expect(metricNames(inPromQL: expr) == Set(expected))
    }
}
