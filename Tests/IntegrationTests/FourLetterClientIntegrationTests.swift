import ToolkitSupport
import Foundation
import CommandLineSupport
import TestSupport
import Testing
import ZKProbe

extension RealEnsembleSideTests {
    /// `FourLetterClient` and the reply parsers against real members: roles, refusals, dead and paused members.
    @Suite struct FourLetterClientIntegrationTests {
        /// The deadline the paused-member tests give the client.
        static let deadline = Duration.seconds(2)
        /// The deadline for members that answer when the deadline is not what a test is about: long enough for a
        /// member on a busy machine.
        static let patient = Duration.seconds(10)

        @Test func leaderAndFollowersAreToldApartBySrvrAndMntr() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let endpoints = try ensemble.members.map { try Endpoint(parsing: $0.endpoint) }

            let client = FourLetterClient(options: ProbeOptions(deadline: Self.patient))
            let results = client.ask(
                endpoints.flatMap { [(word: "srvr", endpoint: $0), (word: "mntr", endpoint: $0)] })
            var modes: [Int: ServerMode] = [:]
            var monitors: [Int: Monitor] = [:]
            for (index, member) in ensemble.members.enumerated() {
                let srvr = try results[2 * index].get()
                let mntr = try results[2 * index + 1].get()
                #expect(srvr.endpoint == endpoints[index])
                #expect(srvr.word == "srvr")
                let stats = try #require(
                    try ServerStats.parse(srvr.text, server: member.endpoint).answer, "\(srvr.text)")
                let monitor = try #require(try Monitor.parse(mntr.text, server: member.endpoint).answer, "\(mntr.text)")
                #expect(stats.version.text.hasPrefix("3.8."), "\(stats.version.text)")
                #expect(monitor.serverState == stats.mode, "srvr and mntr of \(member.endpoint) disagree")
                modes[member.id] = stats.mode
                monitors[member.id] = monitor
            }

            let leader = try ensemble.leaderID()
            #expect(modes[leader] == .leader, "\(modes)")
            #expect(modes.filter { $0.key != leader }.values.allSatisfy { $0 == .follower }, "\(modes)")
            let leaderMonitor = try #require(monitors[leader])
            #expect(leaderMonitor.peerState?.state == .leading)
            #expect(leaderMonitor.learners == 2)
            #expect(leaderMonitor.syncedFollowers == 2)
            #expect(leaderMonitor.quorumSize == 3)
            for (id, monitor) in monitors where id != leader {
                #expect(monitor.peerState?.state == .following)
                // Leader-only keys are absent on followers.
                #expect(monitor.learners == nil)
                #expect(monitor.syncedFollowers == nil)
            }
        }

        @Test func aKilledMemberIsAConnectionRefusedNamingIt() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let victim = ensemble.members[0]
            try ensemble.kill(victim.id)
            let endpoint = try Endpoint(parsing: victim.endpoint)

            let client = FourLetterClient(options: ProbeOptions(deadline: Self.patient))
            let result = client.ask("ruok", endpoint)

            #expect(throws: ProbeError.refused(endpoint: endpoint)) { try result.get() }
            if case .failure(let error) = result {
                #expect(error.endpoint == endpoint)
                #expect(error.description.hasPrefix("127.0.0.1:\(victim.clientPort): connection refused"))
            }
            // The survivors still answer the same client.
            for member in ensemble.members.dropFirst() {
                #expect(try client.ask("ruok", try Endpoint(parsing: member.endpoint)).get().text == "imok")
            }
        }

        @Test func aSurvivorOfAMajorityLossRefusesSrvrButSaysImok() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let survivor = ensemble.members[2]
            try ensemble.kill(1, 2)
            let endpoint = try Endpoint(parsing: survivor.endpoint)
            let client = FourLetterClient(options: ProbeOptions(deadline: Self.patient))

            // A leader steps down after syncLimit ticks without a quorum (about 2 s here); a follower at once. On
            // the way it stops serving, then closes every client connection: a word asked in between gets an
            // empty reply. So each reply asserted below is awaited.
            let reply = try eventually(timeout: .seconds(15)) {
                try ServerStats.parse(try client.ask("srvr", endpoint).get().text, server: survivor.endpoint)
            } until: {
                $0.refusal == .notServing
            }
            #expect(reply.refusal == .notServing)
            #expect(
                Refusal.notServing.message(server: survivor.endpoint, word: "srvr")
                    .hasPrefix("\(survivor.endpoint) is not currently serving requests"))
            // mntr is refused the same way; ruok still says imok: it checks nothing.
            let mntr = try eventually(timeout: .seconds(10)) {
                try Monitor.parse(try client.ask("mntr", endpoint).get().text, server: survivor.endpoint)
            } until: {
                $0.refusal == .notServing
            }
            #expect(mntr.refusal == .notServing)
            let ruok = try eventually(timeout: .seconds(10)) {
                try RuokReply.parse(try client.ask("ruok", endpoint).get().text, server: survivor.endpoint)
            } until: {
                $0 == .answer(RuokReply())
            }
            #expect(ruok == .answer(RuokReply()))
        }

        @Test func aWhitelistWithoutMntrIsANotWhitelistedRefusal() throws {
            let ensemble = try Ensemble.start(servers: 1, whitelist: "srvr,ruok,conf")
            defer { ensemble.destroy() }
            let member = ensemble.members[0]
            let endpoint = try Endpoint(parsing: member.endpoint)
            let client = FourLetterClient(options: ProbeOptions(deadline: Self.patient))

            let mntr = try client.ask("mntr", endpoint).get()
            let refusal = try #require(try Monitor.parse(mntr.text, server: member.endpoint).refusal, "\(mntr.text)")
            #expect(refusal == .notWhitelisted(word: "mntr"))
            let message = refusal.message(server: member.endpoint, word: "mntr")
            #expect(message.hasPrefix("mntr is not in 4lw.commands.whitelist on \(member.endpoint)"), "\(message)")
            // The words on the list still answer.
            let srvr = try client.ask("srvr", endpoint).get()
            #expect(try ServerStats.parse(srvr.text, server: member.endpoint).answer?.mode == .standalone)
        }

        @Test func aPausedMemberTimesOutWithinOneDeadlineWhileTheOthersAnswer() throws {
            let ensemble = try Ensemble.start(servers: 3)
            defer { ensemble.destroy() }
            let leader = try ensemble.leaderID()
            let paused = try #require(ensemble.members.first { $0.id != leader })
            try ensemble.pause(paused.id)
            let pausedEndpoint = try Endpoint(parsing: paused.endpoint)

            let client = FourLetterClient(options: ProbeOptions(deadline: Self.deadline))
            let alone = try DeadlineBound.time(deadline: Self.deadline) { client.ask("srvr", pausedEndpoint) }
            let result = alone.value
            // The kernel of a stopped process still completes the handshake and takes the word: it is the
            // reading that times out.
            #expect(
                throws: ProbeError.timedOut(
                    endpoint: pausedEndpoint, word: "srvr", stage: .reading, bytesReceived: 0,
                    deadline: Self.deadline)
            ) { try result.get() }
            #expect(alone.elapsed >= Self.deadline - .milliseconds(50))
            #expect(alone.endedInTime, "\(alone)")

            // Four words to each of the three members: the paused one costs one deadline, not four or twelve.
            let words = ["srvr", "mntr", "conf", "ruok"]
            let endpoints = try ensemble.members.map { try Endpoint(parsing: $0.endpoint) }
            let all = try DeadlineBound.time(deadline: Self.deadline) {
                client.ask(endpoints.flatMap { endpoint in words.map { (word: $0, endpoint: endpoint) } })
            }
            let results = all.value
            #expect(all.endedInTime, "\(all)")
            for (index, result) in results.enumerated() {
                let endpoint = endpoints[index / words.count]
                switch result {
                case .failure(.timedOut(let failed, let word, _, _, _)) where failed == pausedEndpoint:
                    #expect(word == words[index % words.count])
                case .success(let exchange) where endpoint != pausedEndpoint:
                    #expect(!exchange.reply.isEmpty, "\(exchange.word) to \(endpoint) came back empty")
                default:
                    Issue.record("\(words[index % words.count]) to \(endpoint): unexpected \(result)")
                }
            }
        }

        @Test func confListsTheMembershipWithTheEnsemblesPortsAndRoles() throws {
            let ensemble = try Ensemble.start(servers: 2, observers: 1)
            defer { ensemble.destroy() }
            let client = FourLetterClient(options: ProbeOptions(deadline: Self.patient))

            for member in ensemble.members {
                let reply = try client.ask("conf", try Endpoint(parsing: member.endpoint)).get()
                let config = try #require(
                    try ServerConfig.parse(reply.text, server: member.endpoint).answer, "\(reply.text)")
                #expect(config.serverId == Int64(member.id))
                #expect(config.clientPort == member.clientPort)
                #expect(config.quorumPort == member.quorumPort)
                #expect(config.electionPort == member.electionPort)
                #expect(config.peerType == (member.role == .observer ? .observer : .participant))
                #expect(config.hasMembershipSection)
                #expect(config.version != nil)

                let listed = config.membership.map { spec in
                    "\(spec.id) \(spec.host):\(spec.quorumPort):\(spec.electionPort ?? -1) "
                        + "\(spec.role?.rawValue ?? "-") \(spec.clientHost ?? "-"):\(spec.clientPort ?? -1)"
                }
                let expected = ensemble.members.map { m in
                    "\(m.id) 127.0.0.1:\(m.quorumPort):\(m.electionPort) \(m.role.rawValue) 127.0.0.1:\(m.clientPort)"
                }
                #expect(listed == expected, "conf of \(member.endpoint)")
                #expect(config.membership.filter(\.isVoter).count == 2)
            }
        }

        @Test func zkprobeSendPrintsTheRawReplyAndFailsInOneLineOnAPausedMember() throws {
            let zkprobe = try ExternalTool.zkprobe()
            let ensemble = try Ensemble.start(servers: 1)
            defer { ensemble.destroy() }
            let member = ensemble.members[0]

            let send = try ExternalTool.run(zkprobe, ["send", "mntr", member.endpoint])
            #expect(send.status == 0, "\(send.transcript)")
            #expect(send.standardError.isEmpty, "\(send.transcript)")
            // The reply as the server sent it: an independent client sees the same keys.
            let raw = try RawProbe.send("mntr", port: member.clientPort)
            #expect(keys(send.standardOutput) == keys(raw), "\(send.transcript)")
            #expect(try Monitor.parse(send.standardOutput, server: member.endpoint).answer?.serverState == .standalone)
            #expect(send.standardOutput.hasPrefix("zk_version\t3.8."))

            try ensemble.pause(member.id)
            let timed = try DeadlineBound.time(deadline: .seconds(1)) {
                try ExternalTool.run(zkprobe, ["send", "--timeout", "1", "mntr", member.endpoint])
            }
            let paused = timed.value
            #expect(paused.status == 2, "\(paused.transcript)")
            #expect(paused.standardOutput.isEmpty)
            #expect(
                paused.standardError
                    == "zkprobe send: \(member.endpoint): no answer to mntr within 1 s "
                    + "(connected, 0 bytes received; a paused or overloaded server?)\n", "\(paused.transcript)")
            #expect(timed.endedInTime, "\(timed)\n\(paused.transcript)")
        }

        /// The `zk_` keys of an `mntr` reply (values such as packet counts change between two asks, and 3.6+
        /// prints the keys in no fixed order).
        private func keys(_ reply: String) -> Set<String> {
            Set(reply.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) })
        }
    }
}
