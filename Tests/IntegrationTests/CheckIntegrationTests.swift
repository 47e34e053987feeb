import ToolkitSupport
import Foundation
import CommandLineSupport
import TestSupport
import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

extension RealEnsembleTests {
    /// `zkprobe check` on real 3-server ensembles: healthy, a lost leader, a lost majority, a paused member, a
    /// restrictive whitelist, the three ways of naming members, `leaderServes=no`, Prometheus and Nagios output.
    @Suite struct CheckIntegrationTests {
        @Test func aHealthyEnsembleIsOKWithItsLeaderAndOneFailureToSpare() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let leader = ensemble.endpoint(of: try ensemble.leaderID())

            let run = CheckRun(["--connect", ensemble.connectString, "--format", "json"])
            let report = try run.json()
            #expect(run.outcome.status == 0, "\(run.transcript)")
            #expect(report.verdict == "ok")
            #expect(report.leader == leader)
            #expect(report.quorum)
            #expect(report.votersConfigured == 3)
            #expect(report.votersServing == 3)
            #expect(report.failureTolerance == 1)
            #expect(report.members.map(\.address) == ensemble.endpoints)
            #expect(report.members.map(\.state).sorted() == ["follower", "follower", "leader"])
            #expect(report.member(leader)?.syncedFollowers == 2)
            #expect(report.findings.allSatisfy { $0.severity == "ok" }, "\(run.transcript)")

            // The executable's own exit code and Nagios line.
            let nagios = try ExternalTool.run(
                zkprobe, ["check", "--connect", ensemble.connectString, "--format", "nagios"])
            #expect(nagios.status == 0, "\(nagios.transcript)")
            #expect(nagios.standardError.isEmpty, "\(nagios.transcript)")
            let first = try #require(nagios.outputLines.first)
            #expect(first.hasPrefix("ZOOKEEPER OK - "), "\(nagios.transcript)")
            #expect(first.contains("leader \(leader)"), "\(nagios.transcript)")
            let perfdata = try #require(first.split(separator: "|", omittingEmptySubsequences: false).last)
            #expect(first.filter { $0 == "|" }.count == 1, "\(nagios.transcript)")
            #expect(perfdata.contains("voters_serving=3;;2:;0;3"), "\(nagios.transcript)")
            #expect(perfdata.contains("failure_tolerance=1;"), "\(nagios.transcript)")
            #expect(perfdata.contains("members_serving=3;"), "\(nagios.transcript)")
        }

        @Test func losingTheLeaderIsAWarningWithTheNewLeaderAndNoFailureToSpare() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let oldLeader = try ensemble.leaderID()
            try ensemble.kill(oldLeader)
            let newLeader = try ensemble.waitForLeader(timeout: .seconds(20))
            try ensemble.waitServing(ids: ensemble.ids.filter { $0 != oldLeader }, timeout: .seconds(20))

            let run = CheckRun(["--connect", ensemble.connectString, "--format", "json"])
            let report = try run.json()
            #expect(run.outcome.status == 1, "\(run.transcript)")
            #expect(report.verdict == "warning")
            #expect(report.leader == ensemble.endpoint(of: newLeader))
            #expect(report.leader != ensemble.endpoint(of: oldLeader))
            #expect(report.quorum)
            #expect(report.votersServing == 2)
            #expect(report.failureTolerance == 0)
            #expect(report.member(ensemble.endpoint(of: oldLeader))?.state == "unreachable")
            #expect(report.findings("no-failure-tolerance").count == 1, "\(run.transcript)")
            #expect(
                report.findings("member-unreachable").map(\.member) == [ensemble.endpoint(of: oldLeader)],
                "\(run.transcript)")

            let process = try ExternalTool.run(zkprobe, ["check", "--connect", ensemble.connectString])
            #expect(process.status == 1, "\(process.transcript)")
            #expect(process.outputLines.first?.hasPrefix("WARNING") == true, "\(process.transcript)")
        }

        @Test func losingTwoOfThreeIsCriticalWithoutQuorum() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let leader = try ensemble.leaderID()
            let survivor = try #require(ensemble.ids.first { $0 != leader })
            try ensemble.kill(ensemble.ids.filter { $0 != survivor })

            // The survivor leaves the broken quorum within syncLimit ticks (about 2 s here). While it shuts its
            // quorum peer down it may close four-letter connections unanswered (the check then says `error`,
            // which is true at that moment), and a follower may still call itself one: wait for the state
            // asserted below, refused srvr and an answered ruok.
            let run = try eventually(timeout: .seconds(15)) {
                CheckRun(["--connect", ensemble.connectString, "--format", "json"])
            } until: {
                let alive = try? $0.json().member(ensemble.endpoint(of: survivor))
                return $0.outcome.status == 2 && alive?.state == "not-serving" && alive?.imok == true
            }
            let report = try run.json()
            #expect(run.outcome.status == 2, "\(run.transcript)")
            #expect(report.verdict == "critical")
            #expect(!report.quorum)
            #expect(report.failureTolerance == -1)
            #expect(report.leader == nil)
            #expect(report.findings("no-quorum").count == 1, "\(run.transcript)")
            let alive = try #require(report.member(ensemble.endpoint(of: survivor)))
            #expect(alive.state == "not-serving")
            // ruok still says imok: the check does not take that for health, and says so.
            #expect(alive.imok == true)
            #expect(report.findings("imok-not-serving").first?.message.contains(alive.address) == true)
            #expect(report.members.filter { $0.state == "unreachable" }.count == 2)

            let process = try ExternalTool.run(
                zkprobe, ["check", "--connect", ensemble.connectString, "--format", "nagios"])
            #expect(process.status == 2, "\(process.transcript)")
            #expect(process.outputLines.first?.hasPrefix("ZOOKEEPER CRITICAL - no quorum") == true)
        }

        @Test func aPausedFollowerIsUnresponsiveWithinOneTimeoutAndAWarning() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let leader = try ensemble.leaderID()
            let paused = try #require(ensemble.ids.first { $0 != leader })
            try ensemble.pause(paused)

            let timed = try DeadlineBound.time(deadline: .seconds(2)) {
                try ExternalTool.run(
                    zkprobe, ["check", "--connect", ensemble.connectString, "--timeout", "2", "--format", "json"])
            }
            let process = timed.value
            #expect(timed.endedInTime, "\(timed)\n\(process.transcript)")
            #expect(process.elapsed >= .seconds(2), "a paused member answered before the timeout?")
            #expect(process.status == 1, "\(process.transcript)")
            let report = try JSONDecoder().decode(CheckJSON.self, from: Data(process.standardOutput.utf8))
            #expect(report.verdict == "warning")
            #expect(report.quorum)
            #expect(report.leader == ensemble.endpoint(of: leader))
            let member = try #require(report.member(ensemble.endpoint(of: paused)))
            #expect(member.state == "unresponsive")
            #expect(member.problem?.contains("no answer to") == true, "\(process.transcript)")
            #expect(report.findings("member-unresponsive").map(\.member) == [ensemble.endpoint(of: paused)])

            // Once the leader has given up on the paused follower (syncLimit ticks), no failure is left to spare.
            let settled = try eventually(timeout: .seconds(15)) {
                try CheckRun(["--connect", ensemble.connectString, "--timeout", "2", "--format", "json"]).json()
            } until: {
                $0.failureTolerance == 0
            }
            #expect(settled.failureTolerance == 0, "\(settled.summary)")
            #expect(settled.votersServing == 2)
            #expect(settled.verdict == "warning")
        }

        /// A whitelist without mntr is a way to run: judged on srvr and conf, noted once at OK level; with
        /// `--require mntr` each member's refusal is a warning naming the whitelist line.
        @Test func aWhitelistWithoutMntrIsNotedAndAWarningOnlyWhenRequired() throws {
            let ensemble = try Ensemble.start(servers: 3, whitelist: "srvr,ruok,conf")
            defer { ensemble.destroy() }
            let leader = ensemble.endpoint(of: try ensemble.leaderID())

            let run = CheckRun(["--connect", ensemble.connectString, "--format", "json"])
            let report = try run.json()
            #expect(run.outcome.status == 0, "\(run.transcript)")
            #expect(report.verdict == "ok")
            // srvr still tells the roles apart.
            #expect(report.leader == leader)
            #expect(report.failureTolerance == 1)
            #expect(report.members.allSatisfy { $0.notWhitelisted == ["mntr"] }, "\(run.transcript)")
            #expect(report.findings("words-not-whitelisted").count == 1, "\(run.transcript)")

            let required = CheckRun(["--connect", ensemble.connectString, "--format", "json", "--require", "mntr"])
            let requiredReport = try required.json()
            #expect(required.outcome.status == 1, "\(required.transcript)")
            let findings = requiredReport.findings("not-whitelisted")
            #expect(findings.compactMap(\.member).sorted() == ensemble.endpoints.sorted())
            for finding in findings {
                #expect(finding.severity == "warning")
                #expect(finding.message.hasPrefix("mntr is not in 4lw.commands.whitelist on "), "\(finding.message)")
                #expect(finding.message.contains("4lw.commands.whitelist=srvr,stat,mntr,conf,ruok,isro"))
            }
        }

        @Test func discoverFromOneMemberFindsAllThree() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let seed = ensemble.endpoints[1]

            let run = CheckRun([seed, "--discover", "--format", "json"])
            let report = try run.json()
            #expect(run.outcome.status == 0, "\(run.transcript)")
            // The seed first, then the members its conf names.
            #expect(report.members.map(\.address).sorted() == ensemble.endpoints.sorted())
            #expect(report.members.first?.address == seed)
            #expect(report.membershipSource == "conf of \(seed)")
            #expect(report.votersConfigured == 3)
            #expect(report.leader == ensemble.endpoint(of: try ensemble.leaderID()))
        }

        @Test func configFindsTheMembersOfAZooCfg() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let config = ensemble.directory + "/zoo1.cfg"

            let run = CheckRun(["--config", config, "--format", "json"])
            let report = try run.json()
            #expect(run.outcome.status == 0, "\(run.transcript)")
            #expect(report.members.map(\.address) == ensemble.endpoints)
            #expect(report.membershipSource == config)
            #expect(report.votersConfigured == 3)
            #expect(report.leader == ensemble.endpoint(of: try ensemble.leaderID()))
        }

        @Test func aLeaderThatDoesNotServeClientsIsNoOutage() throws {
            let ensemble = try Ensemble.start(servers: 3, leaderServes: false)
            defer { ensemble.destroy() }
            let leader = ensemble.endpoint(of: try ensemble.leaderID())

            let run = CheckRun(["--connect", ensemble.connectString, "--format", "json"])
            let report = try run.json()
            #expect(run.outcome.status == 0, "\(run.transcript)")
            #expect(report.verdict == "ok")
            #expect(report.leader == leader)
            #expect(report.quorum)
            #expect(report.failureTolerance == 1)
            #expect(report.member(leader)?.state == "leader")
            #expect(report.member(leader)?.servesClients == false)
            #expect(report.findings("leader-serves-no").map(\.member) == [leader])
        }

        @Test func prometheusOutputPassesPromtoolAndNodeExporterServesIt() throws {
            let promtool = try ExternalTool.locate("promtool", package: "prometheus")
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let file = directory + "/zookeeper.prom"

            let run = CheckRun([
                "--connect", ensemble.connectString, "--format", "prometheus", "--all-mntr", "--output", file,
            ])
            #expect(run.outcome.status == 0, "\(run.transcript)")
            #expect(run.outcome.standardOutput.isEmpty && run.outcome.standardError.isEmpty, "\(run.transcript)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("\nzkprobe_mntr{member=\"\(ensemble.endpoints[0])\",key=\"zk_znode_count\"} "))

            let lint = try ExternalTool.run(promtool, ["check", "metrics"], standardInput: file)
            #expect(lint.status == 0, "\(lint.transcript)")
            #expect(lint.standardOutput.isEmpty && lint.standardError.isEmpty, "\(lint.transcript)")

            let exporter = try NodeExporter.start(textfileFlags: ["--collector.textfile.directory", directory])
            defer { exporter.stop() }
            let scrape = try exporter.scrape()
            let lines = Set(scrape.split(separator: "\n").map(String.init))
            #expect(lines.contains("zkprobe_ensemble_verdict 0"))
            #expect(lines.contains("node_textfile_scrape_error 0"))
            for endpoint in ensemble.endpoints {
                #expect(lines.contains("zkprobe_member_up{member=\"\(endpoint)\"} 1"), "\(endpoint)")
            }
            #expect(lines.contains { $0.hasPrefix("zkprobe_mntr{key=\"zk_znode_count\",member=") })
            exporter.stop()
            #expect(!exporter.isRunning)
        }

        private func temporaryDirectory() throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("zkprobe-it-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            return path
        }
    }
}
