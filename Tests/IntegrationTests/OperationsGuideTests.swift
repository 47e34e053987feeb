import ToolkitSupport
import Foundation
import CommandLineSupport
import TestSupport
import Testing

extension RealEnsembleTests {
    /// The snippets of `docs/operations.md`, read from the guide and run for real: the crontab line against a real
    /// ensemble in cron's environment, node exporter's textfile flag, the Nagios command definition with its macro
    /// expanded, and the alerting rules through `promtool`.
    @Suite struct OperationsGuideTests {
        /// What cron gives a job: a minimal environment whose PATH lacks /usr/local/bin.
        static func cronEnvironment(home: String) -> [String: String] {
            ["PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", "HOME": home, "LOGNAME": "root"]
        }

        @Test func theCrontabLineWritesAFileThatNodeExporterServesAndKeepsItCurrent() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let promtool = try ExternalTool.locate("promtool", package: "prometheus")
            let guide = try OperationsGuide()
            let entry = try guide.cronEntry()
            #expect(entry.schedule == "*/1 * * * *")
            // cron turns an unescaped % into a line break.
            #expect(!entry.command.contains("%"))

            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let command = try entry.command
                .substituting("/usr/local/bin/zkprobe", with: zkprobe)
                .substituting("/etc/zookeeper/conf/zoo.cfg", with: ensemble.directory + "/zoo1.cfg")
                .substituting("/var/lib/prometheus/node-exporter", with: directory)
            let file = directory + "/zookeeper.prom"

            let first = try ExternalTool.shell(command, environment: Self.cronEnvironment(home: directory))
            #expect(first.status == 0, "\(first.transcript)")
            // Anything printed would be mailed by cron every minute.
            #expect(first.standardOutput.isEmpty && first.standardError.isEmpty, "\(first.transcript)")
            try #require(FileManager.default.fileExists(atPath: file), "no \(file) after: \(first.transcript)")
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            // node exporter runs as another user (prometheus): the file must be readable by all.
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["zookeeper.prom"])
            let lint = try ExternalTool.run(promtool, ["check", "metrics"], standardInput: file)
            #expect(lint.status == 0 && lint.standardOutput.isEmpty && lint.standardError.isEmpty, "\(lint.transcript)")

            let flags = try guide.nodeExporterFlags().map {
                try $0.substituting("/var/lib/prometheus/node-exporter", with: directory)
            }
            let exporter = try NodeExporter.start(textfileFlags: flags)
            defer { exporter.stop() }
            var lines = try scrapedLines(exporter)
            #expect(lines.contains("node_textfile_scrape_error 0"))
            #expect(lines.contains("zkprobe_ensemble_verdict 0"))
            #expect(lines.contains("zkprobe_ensemble_failure_tolerance 1"))
            for endpoint in ensemble.endpoints {
                #expect(lines.contains("zkprobe_member_up{member=\"\(endpoint)\"} 1"), "\(endpoint)")
            }

            // The next minute, a follower has crashed: the same line replaces the file, node exporter serves the news.
            let leader = try ensemble.leaderID()
            let crashed = try #require(ensemble.ids.first { $0 != leader })
            try ensemble.kill(crashed)
            let second = try ExternalTool.shell(command, environment: Self.cronEnvironment(home: directory))
            #expect(second.status == 1, "\(second.transcript)")
            #expect(second.standardOutput.isEmpty && second.standardError.isEmpty, "\(second.transcript)")
            lines = try scrapedLines(exporter)
            #expect(lines.contains("node_textfile_scrape_error 0"))
            #expect(lines.contains("zkprobe_ensemble_verdict 1"))
            #expect(lines.contains("zkprobe_ensemble_failure_tolerance 0"))
            #expect(lines.contains("zkprobe_member_up{member=\"\(ensemble.endpoint(of: crashed))\"} 0"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["zookeeper.prom"])
            exporter.stop()
            #expect(!exporter.isRunning)
        }

        @Test func theNagiosCommandDefinitionGivesTheStateAsExitCodeAndOneStatusLine() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let guide = try OperationsGuide()
            let definition = try guide.nagiosCommandLine(named: "check_zookeeper")
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            // What Nagios runs for `check_command check_zookeeper!<connect string>`.
            let commandLine =
                try definition
                .substituting("$ARG1$", with: ensemble.connectString)
                .substituting("/usr/local/bin/zkprobe", with: zkprobe)

            let healthy = try ExternalTool.shell(commandLine)
            #expect(healthy.status == 0, "\(healthy.transcript)")
            try expectOneStatusLine(healthy, state: "OK")

            let leader = try ensemble.leaderID()
            try ensemble.kill(leader)
            _ = try ensemble.waitForLeader(timeout: .seconds(20))
            try ensemble.waitServing(ids: ensemble.ids.filter { $0 != leader }, timeout: .seconds(20))
            let degraded = try ExternalTool.shell(commandLine)
            #expect(degraded.status == 1, "\(degraded.transcript)")
            try expectOneStatusLine(degraded, state: "WARNING")
            // The long output names the member that is down.
            #expect(
                degraded.outputLines.dropFirst().contains {
                    $0.hasPrefix("[WARNING] \(ensemble.endpoint(of: leader)) is unreachable")
                }, "\(degraded.transcript)")

            try ensemble.kill(try ensemble.leaderID())
            let down = try eventually(timeout: .seconds(15)) {
                try ExternalTool.shell(commandLine)
            } until: {
                $0.status == 2
            }
            #expect(down.status == 2, "\(down.transcript)")
            try expectOneStatusLine(down, state: "CRITICAL")
        }

        @Test func theAlertingRulesPassPromtoolAndFireWhenTheyShould() throws {
            let promtool = try ExternalTool.locate("promtool", package: "prometheus")
            let rules = try OperationsGuide().alertingRules()
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try rules.write(toFile: directory + "/zookeeper.yml", atomically: true, encoding: .utf8)

            let check = try ExternalTool.run(promtool, ["check", "rules", directory + "/zookeeper.yml"])
            #expect(check.status == 0, "\(check.transcript)")
            let alerts = rules.split(separator: "\n").filter {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("- alert:")
            }
            #expect(check.standardOutput.contains("SUCCESS: \(alerts.count) rules found"), "\(check.transcript)")

            // Prometheus's own rule engine on an ensemble's hour: healthy for 20 minutes, a member down for 20,
            // quorum lost for 20; the cron job stops updating the file after 40 minutes.
            try Self.unitTest.write(toFile: directory + "/zookeeper-test.yml", atomically: true, encoding: .utf8)
            let test = try ExternalTool.run(promtool, ["test", "rules", directory + "/zookeeper-test.yml"])
            #expect(test.status == 0, "\(test.transcript)")
            #expect(test.standardOutput.contains("SUCCESS"), "\(test.transcript)")
        }

        /// A `promtool test rules` file for the guide's rules: each alert's firing count at 15, 35 and 55 minutes.
        static let unitTest: String = {
            let labels = "instance=\"zk1:9100\",job=\"node\""
            let textfile = "/var/lib/prometheus/node-exporter/zookeeper.prom"
            func firing(_ alert: String, at minutes: Int, _ count: Int) -> String {
                """
                      - expr: count(ALERTS{alertname="\(alert)",alertstate="firing"}) or vector(0)
                        eval_time: \(minutes)m
                        exp_samples:
                          - labels: '{}'
                            value: \(count)

                """
            }
            let expectations = [
                ("ZooKeeperQuorumLost", [0, 0, 1]),
                ("ZooKeeperNoFailureTolerance", [0, 1, 1]),
                ("ZooKeeperMemberDown", [0, 1, 1]),
                ("ZooKeeperCheckStale", [0, 0, 1]),
            ]
            return """
                rule_files:
                  - zookeeper.yml
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'zkprobe_ensemble_quorum{\(labels)}'
                        values: '1x20 1x20 0x20'
                      - series: 'zkprobe_ensemble_failure_tolerance{\(labels)}'
                        values: '1x20 0x20 -1x20'
                      - series: 'zkprobe_member_up{\(labels),member="10.0.0.13:2181"}'
                        values: '1x20 0x20 0x20'
                      - series: 'node_textfile_mtime_seconds{\(labels),file="\(textfile)"}'
                        values: '0+60x40 2400x20'
                    promql_expr_test:

                """
                    + expectations.flatMap { alert, counts in
                        zip([15, 35, 55], counts).map { firing(alert, at: $0, $1) }
                    }.joined()
        }()

        private func expectOneStatusLine(_ run: ExternalTool.Run, state: String) throws {
            let first = try #require(run.outputLines.first, "\(run.transcript)")
            #expect(first.hasPrefix("ZOOKEEPER \(state) - "), "\(run.transcript)")
            #expect(first.filter { $0 == "|" }.count == 1, "perfdata once, after the status: \(run.transcript)")
            #expect(first.contains(" | members_serving="), "\(run.transcript)")
            #expect(
                run.outputLines.dropFirst().allSatisfy { !$0.contains("|") && !$0.hasPrefix("ZOOKEEPER ") },
                "\(run.transcript)")
            #expect(run.standardError.isEmpty, "\(run.transcript)")
        }

        private func scrapedLines(_ exporter: NodeExporter) throws -> Set<String> {
            Set(try exporter.scrape().split(separator: "\n").map(String.init))
        }

        private func temporaryDirectory() throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("zkprobe-it-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            return path
        }
    }
}
