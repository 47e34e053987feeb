import Foundation
import TestSupport
import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

extension RealEnsembleSideTests {
    /// `zkprobe serve` scraped by a real Prometheus over the multi-target pattern, for two real ensembles and a
    /// silent fake: the series and their labels, the values against `zkprobe check --format json`, every shipped
    /// rule and dashboard query evaluated on the data, an unknown target refused, a bad SIGHUP survived.
    ///
    /// Alert expressions are evaluated as they are and must not fail; since an alert's comparison is meant to
    /// return nothing on healthy ensembles, what must have data is every `zkprobe_*` series each one reads.
    /// Recording rules and dashboard queries must return data.
    @Suite(.serialized) struct ServeIntegrationTests {
        @Test func prometheusScrapesTheExporterAndEveryShippedQueryHasData() throws {
            let alpha = try Ensemble.start(servers: 3)
            defer { alpha.destroy() }
            let beta = try Ensemble.start(servers: 3)
            defer { beta.destroy() }
            let silent = try FakeServer(.silent)
            defer { silent.stop() }
            let config = """
                # two real ensembles (alpha write-probed: an alert reads its series) and a silent member
                alpha = \(alpha.endpoints.joined(separator: " ")) --write-probe /zkprobe-serve
                beta = --connect '\(beta.connectString)/kafka'
                silent = \(silent.address()) --timeout 3600

                """
            let serve = try ServeProcess.start(config: config)
            defer { serve.stop() }
            let prometheus = try PrometheusServer.start(configuration: try Self.prometheusConfiguration(serve.address))
            defer { prometheus.stop() }

            try Self.waitForData(prometheus)
            try Self.expectSeriesAndValues(prometheus, ["alpha": alpha, "beta": beta], silent: silent.address())
            // The dashboard as it opens: every ensemble and every member selected (its "All"), named one by one.
            try Self.expectEveryShippedExpressionEvaluates(
                prometheus, ensemble: "alpha|beta|silent",
                member: (alpha.endpoints + beta.endpoints + [silent.address()]).joined(separator: "|"))

            // Unknown targets: refused by the real process, without a connection to what they name.
            for target in [alpha.endpoints[0], "gamma"] {
                let refused = try HTTPGet.fetch(URL(string: "http://\(serve.address)/probe?target=\(target)")!)
                #expect(refused.status == 404, "\(target): \(refused)")
            }
            // A bad file on SIGHUP: logged, the old configuration stays, Prometheus keeps getting alpha.
            try (config + "alpha = \(alpha.endpoints[0])\n").write(
                toFile: serve.configPath, atomically: true, encoding: .utf8)
            kill(serve.pid, SIGHUP)
            #expect(serve.waitForLog("configuration reload failed"), "\(serve.log)")
            #expect(
                serve.log.contains("serve.conf:5: ensemble \\\"alpha\\\" is already defined on line 2"), "\(serve.log)")
            let reloaded = try eventually(
                timeout: .seconds(30), { try prometheus.query("zkprobe_exporter_config_last_reload_successful") }
            ) {
                $0.series.first?.value == 0
            }
            #expect(reloaded.series.first?.value == 0)
            let stillThere = try HTTPGet.fetch(URL(string: "http://\(serve.address)/probe?target=alpha")!)
            #expect(
                stillThere.status == 200 && stillThere.body.contains("zkprobe_ensemble_quorum{ensemble=\"alpha\"} 1"))
            #expect(serve.stop() == 0, "\(serve.log)")
        }

        /// The multi-target job (`__param_target`, `instance`, `__address__` to the exporter), the exporter's
        /// own job, every rule file loaded.
        static func prometheusConfiguration(_ exporter: String) throws -> String {
            let rules = try ShippedExpressions.ruleFiles()
            #expect(!rules.isEmpty, "monitoring/prometheus holds no rule file")
            return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                \(rules.map { "  - \($0)" }.joined(separator: "\n"))
                scrape_configs:
                  - job_name: zookeeper
                    metrics_path: /probe
                    static_configs:
                      - targets: [alpha, beta, silent]
                    relabel_configs:
                      - source_labels: [__address__]
                        target_label: __param_target
                      - source_labels: [__param_target]
                        target_label: instance
                      - target_label: __address__
                        replacement: \(exporter)
                  - job_name: zkprobe-exporter
                    static_configs:
                      - targets: ['\(exporter)']

                """
        }

        /// Until every target is up and every ensemble has a minute's worth of ten samples (rates need two).
        static func waitForData(_ prometheus: PrometheusServer) throws {
            let ready = try eventually(
                timeout: .seconds(90), interval: .milliseconds(500),
                {
                    try prometheus.query("count_over_time(zkprobe_probe_success[1m]) >= 10 and on() (sum(up) == 4)")
                }
            ) { $0.series.count == 3 }
            let targets = (try? prometheus.query("up").series.map { "\($0.labels) \($0.value)" }) ?? []
            #expect(ready.series.count == 3, "targets: \(targets)\n\(prometheus.log.suffix(2000))")
        }

        /// Labels and values: each ensemble's members, its quorum, voters, tolerance and leader as `zkprobe check`
        /// reports them; the silent ensemble's scrape finished (up 1) with the check's verdict.
        static func expectSeriesAndValues(
            _ prometheus: PrometheusServer, _ ensembles: [String: Ensemble], silent: String
        ) throws {
            for (name, ensemble) in ensembles.sorted(by: { $0.key < $1.key }) {
                let up = try prometheus.query(
                    "zkprobe_member_up{job=\"zookeeper\",ensemble=\"\(name)\",instance=\"\(name)\"}")
                #expect(
                    Set(up.series.compactMap { $0.labels["member"] }) == Set(ensemble.endpoints),
                    "\(name): \(up.series)")
                #expect(up.series.allSatisfy { $0.value == 1 })
                let check = try CheckRun(ensemble.endpoints + ["--format", "json"]).json()
                func value(_ metric: String) throws -> Double? {
                    try prometheus.query("\(metric){ensemble=\"\(name)\"}").series.first?.value
                }
                #expect(try value("zkprobe_ensemble_quorum") == (check.quorum ? 1 : 0), "\(name)")
                #expect(try value("zkprobe_ensemble_voters_serving") == Double(check.votersServing), "\(name)")
                #expect(try value("zkprobe_ensemble_voters_configured") == Double(check.votersConfigured), "\(name)")
                #expect(try value("zkprobe_ensemble_failure_tolerance") == check.failureTolerance.map(Double.init), "\(name)")
                #expect(try value("zkprobe_ensemble_verdict") == Double(check.exitCode), "\(name)")
                let leaders = try prometheus.query("zkprobe_member_state{ensemble=\"\(name)\",state=\"leader\"} == 1")
                #expect(leaders.series.map { $0.labels["member"] } == [check.leader], "\(name)")
            }
            let silentUp = try prometheus.query("up{instance=\"silent\"}")
            #expect(silentUp.series.first?.value == 1, "the silent ensemble's scrape ends within its timeout")
            let member = try prometheus.query("zkprobe_member_up{ensemble=\"silent\"}")
            #expect(member.series.map { $0.labels["member"] } == [silent] && member.series.first?.value == 0)
            let check = try CheckRun([silent, "--timeout", "0.4", "--format", "json"]).json()
            let verdict = try prometheus.query("zkprobe_ensemble_verdict{ensemble=\"silent\"}")
            #expect(verdict.series.first?.value == Double(check.exitCode))
            let deadline = try prometheus.query("zkprobe_probe_deadline_seconds{ensemble=\"silent\"}")
            #expect(deadline.series.first?.value == 0.5, "1 s scrape timeout, halved (not above twice the offset)")
            let selfMetrics = try prometheus.query(
                "zkprobe_exporter_scrapes_total{path=\"/probe\",outcome=\"success\"} > 0")
            #expect(selfMetrics.series.count == 1)
        }

        /// Every recording rule and dashboard query returns data; every alert evaluates and reads series
        /// that exist.
        static func expectEveryShippedExpressionEvaluates(
            _ prometheus: PrometheusServer, ensemble: String, member: String
        ) throws {
            let rules = try ShippedExpressions.ruleFiles().flatMap(ShippedExpressions.rules)
            #expect(rules.contains { !$0.isAlert } && rules.contains { $0.isAlert }, "\(rules.count) rules")
            // The reader found every rule: one per `expr:` line of the files.
            let exprLines = try ShippedExpressions.ruleFiles().map { try String(contentsOfFile: $0, encoding: .utf8) }
                .joined().split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("expr:") }
            #expect(rules.count == exprLines.count)
            for rule in rules {
                let answer = try prometheus.query(rule.expr)
                #expect(answer.error == nil, "\(rule.file) \(rule.name): \(rule.expr): \(answer.error ?? "")")
                if rule.isAlert {
                    for name in metricNames(inPromQL: rule.expr) where name.hasPrefix("zkprobe_") {
                        let present = try prometheus.query("count(\(name))")
                        #expect(!present.isEmpty, "\(rule.file) \(rule.name) reads \(name), which has no series")
                    }
                } else {
                    #expect(!answer.isEmpty, "\(rule.file) \(rule.name): \(rule.expr) returned no data")
                }
            }
            let queries = try ShippedExpressions.dashboardQueries()
            #expect(queries.count >= 10, "\(queries.count) dashboard queries")
            let substitutions = [
                ("$__rate_interval", "1m"), ("$__interval", "15s"), ("$__range", "5m"), ("${ensemble}", ensemble),
                ("$ensemble", ensemble), ("${member}", member), ("$member", member),
            ]
            for query in queries {
                let expr = substitutions.reduce(query.expr) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
                let answer = try prometheus.query(expr)
                #expect(answer.error == nil, "\(query.file) \(query.panel): \(expr): \(answer.error ?? "")")
                #expect(!answer.isEmpty, "\(query.file) \(query.panel): \(expr) returned no data")
            }
        }
    }
}
