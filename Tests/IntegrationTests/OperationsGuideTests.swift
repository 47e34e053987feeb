import ToolkitSupport
import Foundation
import CommandLineSupport
import TestSupport
import Testing

extension RealEnsembleTests {
    /// The snippets of `docs/operations.md`, read from the guide and run for real: the crontab line against a real
    /// ensemble in cron's environment, node exporter's textfile flag and the `grep` of its scrape, the whitelist
    /// table against real ensembles, the Nagios definitions with the command's macro expanded, and the shipped
    /// alert rules the guide points to through `promtool`, for the set-up it describes.
    @Suite struct OperationsGuideTests {
        /// What cron gives a job: a minimal environment whose PATH lacks /usr/local/bin.
        static func cronEnvironment(home: String) -> [String: String] {
            ["PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", "HOME": home, "LOGNAME": "root"]
        }

        /// The `zkprobe` the guide's lines must call: where `scripts/package` installs it.
        static func packagedZKProbe() throws -> String { try PackageScript.path("BINDIR") + "/zkprobe" }

        @Test func theCrontabLineWritesAFileThatNodeExporterServesAndKeepsItCurrent() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let promtool = try ExternalTool.locate("promtool", package: "prometheus")
            let guide = try OperationsGuide()
            let entry = try guide.cronEntry()
            #expect(entry.schedule == "*/1 * * * *")
            // The binary the package installs; any other path is "not found" from cron every minute.
            #expect(entry.command.hasPrefix(try Self.packagedZKProbe() + " "), "\(entry.command)")
            // cron turns an unescaped % into a line break.
            #expect(!entry.command.contains("%"))

            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let command = try entry.command
                .substituting(try Self.packagedZKProbe(), with: zkprobe)
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
            try expectTheGuidesGrepPrintsOnlyItsNames(on: try exporter.scrape(), guide: guide)

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
            #expect(definition.hasPrefix(try Self.packagedZKProbe() + " "), "\(definition)")
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            // What Nagios runs for `check_command check_zookeeper!<connect string>`.
            let commandLine =
                try definition
                .substituting("$ARG1$", with: ensemble.connectString)
                .substituting(try Self.packagedZKProbe(), with: zkprobe)

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

        /// Every crontab line and Nagios `command_line` of README.md and docs/*.md calls zkprobe where the package
        /// puts it (docs/operations.md's own are also run above).
        @Test func everyCronAndNagiosLineOfTheDocsCallsThePackagedBinary() throws {
            let root = EnsembleScript.repositoryRoot
            let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
                .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 } + ["README.md"]
            let packaged = try Self.packagedZKProbe()
            var found = 0
            for file in docs {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    let command: String
                    if line.hasPrefix("*/") {
                        command = line.split(separator: " ", maxSplits: 5).last.map(String.init) ?? ""
                    } else if line.hasPrefix("command_line ") {
                        command = line.dropFirst("command_line".count).trimmingCharacters(in: .whitespaces)
                    } else {
                        continue
                    }
                    found += 1
                    #expect(command.hasPrefix(packaged + " "), "\(file): \(line)")
                }
            }
            #expect(found >= 5)
        }

        @Test func theNagiosServiceHasItsHostAndCommandDefined() throws {
            let guide = try OperationsGuide()
            let services = guide.nagiosDefinitions("service")
            #expect(services.count == 1)
            for service in services {
                let hostName = try #require(service["host_name"])
                let host = try #require(
                    guide.nagiosDefinitions("host").first { $0["host_name"] == hostName },
                    "the service names host \(hostName), which no 'define host' block defines")
                // A host needs a template (or every required directive) and an address to check.
                for directive in ["use", "alias", "address"] {
                    #expect(host[directive]?.isEmpty == false, "define host \(hostName) has no \(directive)")
                }
                let command = try #require(service["check_command"]?.split(separator: "!").first.map(String.init))
                #expect(guide.nagiosDefinitions("command").contains { $0["command_name"] == command })
            }
        }

        /// Each row of the guide's whitelist table, on a real healthy ensemble with that whitelist: the verdict
        /// the row names and the findings it quotes.
        @Test func theWhitelistTableSaysWhatTheCheckSays() throws {
            let rows = try OperationsGuide().table(headedBy: "`4lw.commands.whitelist`")
            #expect(rows.count >= 3)
            var whitelists: [String] = []
            for row in rows {
                let whitelist = try #require(row.first?.codeSpans.first, "\(row)")
                if !whitelists.contains(whitelist) { whitelists.append(whitelist) }
            }
            #expect(whitelists.contains("srvr"), "the default whitelist has a row")
            let exitCodes = ["OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3]
            for whitelist in whitelists {
                let ensemble = try Ensemble.start(servers: 3, whitelist: whitelist)
                defer { ensemble.destroy() }
                for row in rows where row[0].codeSpans.first == whitelist {
                    let flags = row[0].codeSpans.dropFirst().flatMap { $0.split(separator: " ").map(String.init) }
                    let said = String(row[1].prefix { $0.isLetter })
                    let codes = row[1].codeSpans.filter { $0.contains("-") && !$0.hasPrefix("-") && !$0.contains(" ") }
                    let run = CheckRun(["--config", ensemble.directory + "/zoo1.cfg", "--format", "json"] + flags)
                    let report = try run.json()
                    #expect(report.exitCode == exitCodes[said], "\(row): \(run.output)")
                    for code in codes {
                        #expect(!report.findings(code).isEmpty, "\(row): no \(code) in \(run.output)")
                    }
                }
            }
        }

        @Test func theGuideLoadsTheShippedAlertRulesAndTheyFireForItsSetUp() throws {
            let guide = try OperationsGuide()
            // No rule set of its own: loaded beside the shipped file, it showed every alert twice.
            #expect(!guide.blocks.contains { $0.lines.contains { $0.trimmingCharacters(in: .whitespaces) == "groups:" } })
            let rules = try Self.alertRulesTheGuideNames(guide)

            // The guide's textfile set-up, through Prometheus's own rule engine over an hour: healthy for 20
            // minutes, a member down for 20, quorum lost for 20; the cron jobs stop updating every file the guide
            // names after 40 minutes.
            let files = guide.matches(#"--output (\S+\.prom)"#).sorted()
            #expect(files.count >= 2, "\(files)")
            let labels = "instance=\"zk1:9100\",job=\"node\""
            var series = [
                ("zkprobe_ensemble_quorum{\(labels)}", "1x20 1x20 0x20"),
                ("zkprobe_ensemble_failure_tolerance{\(labels)}", "1x20 0x20 -1x20"),
                ("zkprobe_ensemble_voters_configured{\(labels)}", "3x60"),
                ("zkprobe_member_up{\(labels),member=\"10.0.0.13:2181\"}", "1x20 0x20 0x20"),
            ]
            series += files.map { ("node_textfile_mtime_seconds{\(labels),file=\"\($0)\"}", "0+60x40 2400x20") }
            let expectations = [
                ("ZooKeeperQuorumLost", [0, 0, 1]),
                ("ZooKeeperNoFailureTolerance", [0, 1, 0]),
                ("ZooKeeperMemberDown", [0, 1, 1]),
                ("ZooKeeperCheckStale", [0, 0, files.count]),
            ]
            let checks = expectations.flatMap { alert, counts in
                zip([15, 35, 55], counts).map { ("count(ALERTS{alertname=\"\(alert)\",alertstate=\"firing\"}) or vector(0)", $0, $1) }
            }
            let run = try Self.promtoolTest(rules: rules, series: series, expect: checks)
            #expect(run.status == 0 && run.standardOutput.contains("SUCCESS"), "\(run.transcript)")
        }

        /// A healthy standalone server tolerates no failure by design: the shipped rules must stay quiet on its
        /// file for good (the guide's own `failure_tolerance < 1` fired forever).
        @Test func aHealthyStandaloneServerFiresNoShippedAlert() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let rules = try Self.alertRulesTheGuideNames(try OperationsGuide())
            let ensemble = try Ensemble.start(servers: 1)
            defer { ensemble.destroy() }
            let check = try ExternalTool.run(
                zkprobe, ["check", "--connect", ensemble.connectString, "--format", "prometheus"])
            #expect(check.status == 0, "\(check.transcript)")
            let samples = try #require(parseExposition(check.standardOutput), "\(check.transcript)")
            #expect(samples.contains { $0.name == "zkprobe_ensemble_failure_tolerance" && $0.value == "0" })
            // The file, served by node exporter and refreshed every minute for an hour.
            let labels = ["instance": "zk1:9100", "job": "node"]
            var series = samples.filter { Double($0.value)?.isFinite == true }.map { sample in
                (Self.selector(sample.name, sample.labels.merging(labels) { a, _ in a }), "\(sample.value)x60")
            }
            series.append((Self.selector("node_textfile_mtime_seconds", labels.merging(["file": "/x/zookeeper.prom"]) { a, _ in a }), "0+60x60"))
            let checks = [10, 30, 59].map { ("count(ALERTS{alertstate=\"firing\"}) or vector(0)", $0, 0) }
            let run = try Self.promtoolTest(rules: rules, series: series, expect: checks)
            #expect(run.status == 0 && run.standardOutput.contains("SUCCESS"), "\(run.transcript)")
        }

        /// The one alert rule file the guide names (`monitoring/prometheus/….rules.yml` with `alert:` rules), as a
        /// path in the source tree; every rule file it names must exist.
        static func alertRulesTheGuideNames(_ guide: OperationsGuide) throws -> String {
            let named = guide.matches(#"monitoring/prometheus/[A-Za-z0-9._-]+\.rules\.yml"#)
            var alertFiles: [String] = []
            for file in named.sorted() {
                let path = EnsembleScript.repositoryRoot.appendingPathComponent(file).path
                let text = try #require(try? String(contentsOfFile: path, encoding: .utf8), "the guide names \(file), which does not exist")
                if ruleEntries(text).contains(where: { !$0.isRecord }) { alertFiles.append(path) }
            }
            #expect(alertFiles.count == 1, "alert rule files the guide names: \(alertFiles)")
            return try #require(alertFiles.first)
        }

        /// `name{k="v",...}` with the label values escaped for a selector.
        static func selector(_ name: String, _ labels: [String: String]) -> String {
            let pairs = labels.sorted { $0.key < $1.key }.map { key, value in
                let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                return "\(key)=\"\(escaped)\""
            }
            return "\(name){\(pairs.joined(separator: ","))}"
        }

        /// Runs `promtool test rules` on `rules` with one test of `series` (selector, values) evaluated every
        /// minute, expecting each (expression, minute, value).
        static func promtoolTest(
            rules: String, series: [(String, String)], expect: [(String, Int, Int)]
        ) throws -> ExternalTool.Run {
            func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
            var test = "rule_files:\n  - \(rules)\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"
            for (selector, values) in series {
                test += "      - series: \(quoted(selector))\n        values: \(quoted(values))\n"
            }
            test += "    promql_expr_test:\n"
            for (expr, minute, value) in expect {
                test += "      - expr: \(quoted(expr))\n        eval_time: \(minute)m\n        exp_samples:\n"
                test += "          - labels: '{}'\n            value: \(value)\n"
            }
            return try Promtool.run(["test", "rules"], on: test, named: "guide.test.yml")
        }

        /// The guide's `grep` of node exporter's scrape prints only the names its pattern lists (a bare prefix also
        /// matched `zkprobe_member_uptime_seconds` for `zkprobe_member_up`), and each of them.
        private func expectTheGuidesGrepPrintsOnlyItsNames(on scrape: String, guide: OperationsGuide) throws {
            let grep = try guide.grepCommand()
            let names = try #require(OperationsGuide.alternatives(in: grep), "no '^(a|b|...)' pattern in \(grep)")
            #expect(scrape.contains("\nzkprobe_member_uptime_seconds{"), "the scrape has the name a prefix would catch")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("scrape-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            try scrape.write(toFile: file, atomically: true, encoding: .utf8)
            let run = try ExternalTool.run("/bin/sh", ["-c", grep], standardInput: file)
            #expect(run.status == 0, "\(run.transcript)")
            let printed = run.outputLines.map { String($0.prefix { $0 != "{" && $0 != " " }) }
            #expect(Set(printed) == names, "\(run.transcript)")
        }

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
