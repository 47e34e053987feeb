import Foundation
import Testing
import TestSupport

@testable import ZKProbe
@testable import ZKProbeCommands

extension RealEnsembleSideTests {
    /// Verdicts on real 3.8 ensembles where the words tell little: a `srvr`-only whitelist (ZooKeeper's default)
    /// read through the AdminServer from every vantage point, a lone observer, and a leader that stops answering.
    /// Each verdict is held against ground truth read apart from zkprobe: `srvr`'s `Mode:` line through a bare
    /// socket (`RawProbe`), the AdminServer's own JSON, and which member the test paused.
    @Suite struct AdminServerVantageIntegrationTests {
        /// The check's deadline in these tests; every exchange gets it whole (or, in a second batch, what is left).
        static let timeout = 2
        /// How long followers keep following a leader that stopped answering in the paused-leader test (syncLimit 8
        /// × tickTime 1 s), less a second for the time a member takes to notice.
        static let followersWait = Duration.seconds(7)

        /// `srvr`'s mode of every member (`nil` for a member that does not answer within `deadline`).
        static func modes(_ ensemble: Ensemble, deadline: Duration = .seconds(2)) -> [Int: String?] {
            Dictionary(uniqueKeysWithValues: ensemble.ids.map { id in
                (id, (try? RawProbe.send("srvr", port: ensemble.clientPort(of: id), timeout: deadline)).flatMap(RawProbe.mode))
            })
        }

        /// Waits until every member serves and exactly one voter leads; returns the leader's id.
        static func servingLeader(_ ensemble: Ensemble) throws -> Int {
            let voters = ensemble.members.filter { $0.role == .participant }.map(\.id)
            let modes = try eventually(timeout: .seconds(30), { Self.modes(ensemble) }) { modes in
                modes.values.allSatisfy { $0 != nil && $0 != "read-only" }
                    && voters.filter { modes[$0] == "leader" }.count == 1
            }
            return try #require(voters.first { modes[$0] == "leader" }, "no single leader: \(modes)")
        }

        static func check(_ arguments: [String]) throws -> (CheckRun, CheckJSON) {
            let run = CheckRun(arguments + ["--format", "json", "--timeout", "\(timeout)"])
            return (run, try run.json())
        }

        /// The client address the member's `voting_view` fills in for member `id`.
        static func votingViewClientAddresses(_ ensemble: Ensemble, asking id: Int) throws -> [String: String] {
            let port = try #require(ensemble.member(id).adminPort)
            let (status, body) = try HTTPGet.fetch(
                URL(string: "http://127.0.0.1:\(port)/commands/voting_view")!, timeout: .seconds(10))
            #expect(status == 200)
            let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let config = try #require(object?["current_config"] as? [String: [String: Any]], "\(body)")
            return config.mapValues { $0["client_address"] as? String ?? "" }
        }

        /// Item 1 of issue 16: classic `server.N` lines (no `;clientPort`), `srvr` only, every member through
        /// its AdminServer. Each member's `voting_view` fills in its own client address only, which made the
        /// memberships "differ" and the healthy ensemble WARNING; it is OK, with the leader the servers name.
        @Test func aClassicSrvrOnlyEnsembleIsOKThroughTheAdminServer() throws {
            let ensemble = try Ensemble.start(servers: 3, whitelist: "srvr", admin: true, clientAddress: false)
            defer { ensemble.destroy() }
            let leader = try Self.servingLeader(ensemble)
            // The premise, from the servers themselves: each view names a client address for its own member only.
            for id in ensemble.ids {
                let filled = try Self.votingViewClientAddresses(ensemble, asking: id).filter { !$0.value.isEmpty }
                #expect(Array(filled.keys) == ["\(id)"], "voting_view of member \(id): \(filled)")
            }

            let (run, report) = try Self.check(["--connect", ensemble.connectString, "--admin-port", "+300"])
            #expect(run.outcome.status == 0, "\(run.transcript)")
            #expect(report.verdict == "ok", "\(run.transcript)")
            #expect(report.findings("membership-differs").isEmpty, "\(run.transcript)")
            #expect(report.findings("admin-server-unusable").isEmpty, "\(run.transcript)")
            #expect(report.leader == ensemble.endpoint(of: leader), "\(run.transcript)")
            #expect(report.quorum && report.votersServing == 3 && report.failureTolerance == 1, "\(run.transcript)")
            #expect(report.members.allSatisfy { $0.notWhitelisted.isEmpty }, "\(run.transcript)")

            // Each member alone: one membership, never a drift. The other members share 127.0.0.1 and the
            // classic lines name no client port, so a follower alone cannot ask them (member-not-asked, OK level);
            // the leader alone knows them from its synced count.
            for id in ensemble.ids {
                let (alone, aloneReport) = try Self.check([ensemble.endpoint(of: id), "--admin-port", "+300"])
                #expect(aloneReport.findings("membership-differs").isEmpty, "\(alone.transcript)")
                #expect(aloneReport.quorum, "\(alone.transcript)")
                #expect(!["critical", "unknown"].contains(aloneReport.verdict), "\(alone.transcript)")
                if id == leader { #expect(aloneReport.verdict == "ok", "\(alone.transcript)") }
            }
        }

        /// Item 1 from every vantage point, and item 2: `srvr` only, three voters and an observer. Through the
        /// AdminServer every vantage point — all members, each alone (the observer too), the first two,
        /// `--discover` — is OK with the same leader and tolerance. Without it, the observer alone (its `conf`
        /// refused) serves, which proves a quorum: judged as a follower alone is, never CRITICAL or UNKNOWN.
        @Test func aSrvrOnlyEnsembleIsOKFromEveryVantagePointThroughTheAdminServer() throws {
            let ensemble = try Ensemble.start(servers: 3, observers: 1, whitelist: "srvr", admin: true)
            defer { ensemble.destroy() }
            let leader = try Self.servingLeader(ensemble)
            let observer = try #require(ensemble.members.first { $0.role == .observer }?.id)
            let follower = try #require(ensemble.ids.first { $0 != leader && $0 != observer })

            var vantages: [(String, [String])] = [("all members", ["--connect", ensemble.connectString])]
            for id in ensemble.ids { vantages.append(("member \(id) alone", [ensemble.endpoint(of: id)])) }
            vantages.append(("first two", Array(ensemble.endpoints.prefix(2))))
            vantages.append(("--discover from \(observer)", [ensemble.endpoint(of: observer), "--discover"]))
            for (name, arguments) in vantages {
                let (run, report) = try Self.check(arguments + ["--admin-port", "+300"])
                #expect(run.outcome.status == 0, "\(name): \(run.transcript)")
                #expect(report.verdict == "ok", "\(name): \(run.transcript)")
                #expect(report.leader == ensemble.endpoint(of: leader), "\(name): \(run.transcript)")
                #expect(report.votersConfigured == 3 && report.votersServing == 3, "\(name): \(run.transcript)")
                #expect(report.failureTolerance == 1, "\(name): \(run.transcript)")
            }

            // Item 2: the observer alone over the words, conf refused. Ground truth first: it serves.
            let observerMode = try RawProbe.send("srvr", port: ensemble.clientPort(of: observer))
            #expect(RawProbe.mode(in: observerMode) == "observer", "\(observerMode)")
            let (lone, loneReport) = try Self.check([ensemble.endpoint(of: observer)])
            let (loneFollower, loneFollowerReport) = try Self.check([ensemble.endpoint(of: follower)])
            #expect(loneReport.quorum, "\(lone.transcript)")
            #expect(!["critical", "unknown"].contains(loneReport.verdict), "\(lone.transcript)")
            #expect(loneReport.verdict == loneFollowerReport.verdict, "\(lone.transcript)\n\(loneFollower.transcript)")
        }

        /// Items 2 and 4: `srvr,mntr` (conf refused), ticks of 1 s and syncLimit 8, so followers keep following a
        /// leader that stopped answering for about 8 s, the state these verdicts are about.
        ///
        /// - The observer alone knows 3 voters from `zk_quorum_size` but sees none serve: it serves, so a quorum
        ///   exists (it was CRITICAL "0/3 voters").
        /// - The leader paused, every member given: the followers still serve, the leader is gone, and the figures
        ///   say no quorum can write (`votersServing` below `majority`, not 2 of 2 needed).
        /// - The leader paused, one follower and the paused observer given: the leader is asked in the second
        ///   batch on the 0.5 s left of the deadline, so its silence proves less than a deadline: not
        ///   `leader-unreachable`. Resumed, it still leads (it was slow, not gone).
        @Test func aLoneObserverAndAPausedLeaderGiveFiguresThatAgreeWithTheVerdict() throws {
            let ensemble = try Ensemble.start(
                servers: 3, observers: 1, whitelist: "srvr,mntr", admin: true, tick: 1000, syncLimit: 8)
            defer { ensemble.destroy() }
            let leader = try Self.servingLeader(ensemble)
            let observer = try #require(ensemble.members.first { $0.role == .observer }?.id)
            let followers = ensemble.ids.filter { $0 != leader && $0 != observer }

            let (lone, loneReport) = try Self.check([ensemble.endpoint(of: observer)])
            #expect(RawProbe.mode(in: try RawProbe.send("srvr", port: ensemble.clientPort(of: observer))) == "observer")
            #expect(loneReport.findings("no-quorum").isEmpty, "\(lone.transcript)")
            #expect(loneReport.quorum && loneReport.votersServing >= loneReport.majority, "\(lone.transcript)")
            #expect(loneReport.verdict == "warning", "\(lone.transcript)")

            // Before the call: the script takes a while (over a second on a loaded machine) and may pause the leader
            // early in it, so the followers' wait is counted from the earliest moment the pause can have happened.
            let paused = ContinuousClock.now
            try ensemble.pause(leader)
            defer { try? ensemble.resume(leader) }
            let (all, allReport) = try Self.check(["--connect", ensemble.connectString])
            // Ground truth: the followers still follow (they have 8 s before they give the leader up), and the
            // leader does not answer.
            let modes = Self.modes(ensemble, deadline: .seconds(1))
            let followersStillFollow = followers.allSatisfy { modes[$0] == "follower" } && modes[leader]! == nil
            #expect(followersStillFollow || ContinuousClock.now - paused > .seconds(6), "\(modes)")
            if followersStillFollow {
                #expect(allReport.findings("leader-unreachable").count == 1, "\(all.transcript)")
                #expect(allReport.verdict == "critical", "\(all.transcript)")
            }
            #expect(allReport.quorum == (allReport.votersServing >= allReport.majority), "\(all.transcript)")
            #expect(allReport.failureTolerance == (allReport.quorum ? allReport.votersServing - allReport.majority : -1))

            try ensemble.pause(observer)
            defer { try? ensemble.resume(observer) }
            // The whole check keeps one deadline for its first batch plus the second batch's 0.5 s.
            let timed = try DeadlineBound.time(deadline: .seconds(Self.timeout) + .milliseconds(500)) {
                try Self.check(
                    [ensemble.endpoint(of: followers[0]), ensemble.endpoint(of: observer), "--admin-port", "+300"])
            }
            let (partial, partialReport) = timed.value
            // Ground truth holds only while the followers still wait for the paused leader (syncLimit 8 × 1 s): on
            // a loaded machine the checks above can outlast that, and then the followers elect anew.
            let followersWaited = ContinuousClock.now - paused < Self.followersWait
            if followersWaited {
                #expect(partialReport.findings("leader-unreachable").isEmpty, "\(partial.transcript)")
                #expect(partialReport.verdict != "critical", "\(partial.transcript)")
                #expect(partialReport.members.count == 4, "\(partial.transcript)")
            }
            #expect(timed.endedInTime, "\(timed)\n\(partial.transcript)")

            let pausedFor = ContinuousClock.now - paused
            try ensemble.resume(leader, observer)
            let resumed = try eventually(timeout: .seconds(20), { Self.modes(ensemble) }) { $0[leader]! != nil }
            if pausedFor < Self.followersWait {
                #expect(resumed[leader]! == "leader", "the paused leader was slow, not gone: \(resumed)")
            }
        }
    }
}
