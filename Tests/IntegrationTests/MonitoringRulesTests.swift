import Foundation
import Testing
import TestSupport

/// The shipped Prometheus rules and dashboard through Debian's `promtool`: both rule files pass
/// `promtool check rules`, the alerts' unit tests (`monitoring/prometheus/tests/`) pass `promtool test rules`,
/// and every dashboard query, its variables substituted, parses as PromQL (as a recording rule's expression).
/// The names they use are checked against the renderer in ZKProbeTests' `MonitoringFilesTests`.
struct MonitoringRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let prometheusFolder = root.appendingPathComponent("monitoring/prometheus").path

    @Test(arguments: [("zkprobe-compat.rules.yml", 60), ("zkprobe-alerts.rules.yml", 23)])
    func ruleFilesPassPromtoolCheckRules(_ file: String, _ atLeast: Int) throws {
        let promtool = try ExternalTool.locate("promtool", package: "prometheus")
        let path = Self.prometheusFolder + "/" + file
        let run = try ExternalTool.run(promtool, ["check", "rules", path])
        #expect(run.status == 0, "\(run.commandLine)\n\(run.standardOutput)\(run.standardError)")
        let count = run.standardOutput.split(separator: " ").compactMap { Int($0) }.first ?? 0
        #expect(count >= atLeast, "\(run.standardOutput)")
    }

    @Test func theAlertsUnitTestsPass() throws {
        let promtool = try ExternalTool.locate("promtool", package: "prometheus")
        let folder = Self.prometheusFolder + "/tests"
        let tests = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yml") }.sorted()
        #expect(!tests.isEmpty)
        let run = try ExternalTool.run(promtool, ["test", "rules"] + tests.map { folder + "/" + $0 })
        #expect(run.status == 0, "\(run.commandLine)\n\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("SUCCESS"), "\(run.standardOutput)")
        // Every alert of the rule file has a test case of its own.
        let alerts = try String(contentsOfFile: Self.prometheusFolder + "/zkprobe-alerts.rules.yml", encoding: .utf8)
        let testText = try tests.map { try String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }.joined()
        for rule in ruleEntries(alerts) where !rule.isRecord {
            #expect(testText.contains("alertname: \(rule.name)\n"), "no promtool test for \(rule.name)")
        }
    }

    /// zkprobe on two hosts, the deployment docs/operations.md recommends: two node exporters serve the same two
    /// members under their own `instance`. Every recording rule of both compatibility groups must still evaluate
    /// (a rule that only overwrote `instance` failed with "vector cannot contain metrics with the same labelset")
    /// and give one series per member whose `instance` is the member, which dashboards such as Grafana 11442 use
    /// as the legend.
    @Test func everyRecordingRuleGivesOneSeriesPerMemberFromTwoNodeExporters() throws {
        let rulesPath = Self.prometheusFolder + "/zkprobe-compat.rules.yml"
        let rules = ruleEntries(try String(contentsOfFile: rulesPath, encoding: .utf8)).filter(\.isRecord)
        #expect(rules.count >= 60)
        let members = [("zk1:2181", "leader"), ("zk2:2181", "follower")]
        var test = "rule_files:\n  - \(rulesPath)\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"
        for name in Set(rules.flatMap { metricNames(inPromQL: $0.expression) }).sorted() {
            for host in ["zk1:9100", "zk2:9100"] {
                for (member, state) in members {
                    let labels = "member=\"\(member)\",instance=\"\(host)\",job=\"node\""
                    switch name {
                    case "zkprobe_member_state":
                        for each in ["leader", "follower"] {
                            test += "      - series: '\(name){\(labels),state=\"\(each)\"}'\n"
                            test += "        values: '\(each == state ? 1 : 0)x3'\n"
                        }
                    case "zkprobe_member_info":
                        test += "      - series: '\(name){\(labels),version=\"3.8.0\",build=\"abc\"}'\n        values: '1x3'\n"
                    default:
                        test += "      - series: '\(name){\(labels)}'\n        values: '1x3'\n"
                    }
                }
            }
        }
        test += "    promql_expr_test:\n"
        for rule in rules {
            test += "      - expr: count by (instance, member) (\(rule.name))\n        eval_time: 2m\n        exp_samples:\n"
            for (member, _) in members {
                test += "          - labels: '{instance=\"\(member)\",member=\"\(member)\"}'\n            value: 1\n"
            }
        }
        let run = try Promtool.run(["test", "rules"], on: test, named: "two-hosts.test.yml")
        #expect(run.status == 0, "\(run.commandLine)\n\(run.standardOutput)\(run.standardError)")
    }

    @Test func everyDashboardQueryParsesAsPromQL() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("monitoring/grafana/zookeeper-ensembles.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let exprs = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(exprs.count >= 20)
        let substitutions = [
            ("$__rate_interval", "1m"), ("$__interval", "15s"), ("$__range", "1h"), ("$ensemble", ".*"),
            ("$member", ".*"),
        ]
        var rules = "groups:\n  - name: dashboard\n    rules:\n"
        for (index, expr) in exprs.enumerated() {
            let substituted = substitutions.reduce(expr) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            let quoted = String(data: try JSONSerialization.data(withJSONObject: [substituted], options: .withoutEscapingSlashes), encoding: .utf8)!
            rules += "      - record: dashboard_query_\(index)\n        expr: \(quoted.dropFirst().dropLast())\n"
        }
        let run = try Promtool.run(["check", "rules"], on: rules, named: "queries.yml")
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)\n\(rules)")
    }
}
