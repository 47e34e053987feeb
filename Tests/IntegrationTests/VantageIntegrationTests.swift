import Foundation
import Testing

@testable import ZKProbe
@testable import ZKProbeCommands

extension RealEnsembleTests {
    /// The same ensemble state gives the same verdict from every vantage point an operator uses: all members,
    /// each member alone (a check per host), a partial list (a Kafka connect string naming two of three),
    /// `--discover` from one seed, and `--config` with one member's own zoo.cfg. Ground truth is measured apart
    /// from zkprobe: which members the test killed, and the leader the script reads from the servers' logs.
    @Suite struct VantageIntegrationTests {
        /// Every vantage point's command line for `ensemble`, named for the failure message.
        static func vantages(_ ensemble: Ensemble, skipping down: Set<Int> = []) -> [(String, [String])] {
            let ids = ensemble.endpoints.indices.map { $0 + 1 }.filter { !down.contains($0) }
            var out: [(String, [String])] = [("all members", ["--connect", ensemble.connectString])]
            for id in ids { out.append(("member \(id) alone", [ensemble.endpoint(of: id)])) }
            out.append(("first two", Array(ensemble.endpoints.prefix(2))))
            if let seed = ids.first {
                out.append(("--discover from \(seed)", [ensemble.endpoint(of: seed), "--discover"]))
                out.append(("--config zoo\(seed).cfg", ["--config", "\(ensemble.directory)/zoo\(seed).cfg"]))
            }
            return out
        }

        static func check(_ arguments: [String]) throws -> (CheckRun, CheckJSON) {
            let run = CheckRun(arguments + ["--format", "json", "--timeout", "2"])
            return (run, try run.json())
        }

        @Test func aHealthyEnsembleIsOKWithTheSameLeaderAndToleranceFromEveryVantagePoint() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let leader = ensemble.endpoint(of: try ensemble.leaderID())
            for (name, arguments) in Self.vantages(ensemble) {
                let (run, report) = try Self.check(arguments)
                #expect(run.outcome.status == 0, "\(name): \(run.transcript)")
                #expect(report.verdict == "ok", "\(name)")
                #expect(report.leader == leader, "\(name): \(run.transcript)")
                #expect(report.quorum, "\(name)")
                #expect(report.votersConfigured == 3, "\(name)")
                #expect(report.votersServing == 3, "\(name)")
                #expect(report.failureTolerance == 1, "\(name): \(run.transcript)")
                #expect(report.findings.allSatisfy { $0.severity == "ok" }, "\(name): \(run.transcript)")
            }
        }

        @Test func aKilledFollowerLeavesNoToleranceFromEveryVantagePointThatAnswers() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let leaderID = try ensemble.leaderID()
            let follower = (1...3).first { $0 != leaderID }!
            try ensemble.kill(follower)
            for (name, arguments) in Self.vantages(ensemble, skipping: [follower]) {
                // The leader counts the killed follower synced until syncLimit × tickTime passes; the check must not.
                let (run, report) = try Self.check(arguments)
                #expect(run.outcome.status == 1, "\(name): \(run.transcript)")
                #expect(report.verdict == "warning", "\(name)")
                #expect(report.quorum, "\(name)")
                #expect(report.votersConfigured == 3, "\(name)")
                #expect(report.failureTolerance == 0, "\(name): \(run.transcript)")
                #expect(report.leader == ensemble.endpoint(of: leaderID), "\(name)")
            }
            // The killed member alone tells nothing about the others: UNKNOWN, unless the operator asks about it.
            let (alone, aloneReport) = try Self.check([ensemble.endpoint(of: follower)])
            #expect(alone.outcome.status == 3, "\(alone.transcript)")
            #expect(aloneReport.verdict == "unknown")
            let (expected, _) = try Self.check([ensemble.endpoint(of: follower), "--expect-mode", "follower"])
            #expect(expected.outcome.status == 2, "\(expected.transcript)")
        }

        @Test func aStandaloneServerIsOKFromItsAddressAndItsZooCfg() throws {
            let ensemble = try Ensemble.start(servers: 1)
            defer { ensemble.destroy() }
            for arguments in [[ensemble.endpoint(of: 1)], ["--config", "\(ensemble.directory)/zoo1.cfg"]] {
                let (run, report) = try Self.check(arguments)
                #expect(run.outcome.status == 0, "\(run.transcript)")
                #expect(report.verdict == "ok")
                #expect(report.quorum)
                #expect(report.votersConfigured == 1)
                #expect(report.failureTolerance == 0)
            }
        }

        @Test func downObserversAreNotCountedAsVoters() throws {
            let ensemble = try Ensemble.start(servers: 3, observers: 2)
            defer { ensemble.destroy() }
            try ensemble.kill(4, 5)
            for (name, arguments) in [
                ("all five", ["--connect", ensemble.connectString]),
                ("the voters", Array(ensemble.endpoints.prefix(3))),
                ("--config", ["--config", "\(ensemble.directory)/zoo1.cfg"]),
            ] {
                let (run, report) = try Self.check(arguments)
                #expect(report.votersConfigured == 3, "\(name): \(run.transcript)")
                #expect(report.votersServing == 3, "\(name): \(run.transcript)")
                #expect(report.failureTolerance == 1, "\(name): \(run.transcript)")
                #expect(report.quorum, "\(name)")
            }
        }

        @Test func theSameMemberNamedTwiceIsCountedOnce() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let port = ensemble.clientPort(of: 1)
            let (run, report) = try Self.check(["localhost:\(port)", "127.0.0.1:\(port)"])
            #expect(run.outcome.status == 0, "\(run.transcript)")
            #expect(report.members.count == 3, "\(run.transcript)")
            #expect(report.findings("same-member-twice").count == 1)
        }
    }
}
