import Testing

@testable import ZKProbe

/// Every fixture, parsed according to its word, must agree with the role its file name gives.
struct FixtureReplyTests {
    static let files = ReplyFixtures.all()
    static let server = "zk-test:2181"

    @Test func fixtureSetsExist() {
        let sets = Set(Self.files.map(\.setName))
        #expect(sets.isSuperset(of: ["3.4.14", "3.5.9", "3.6.4", "3.9.2", "captured-3.8.0"]))
    }

    @Test(arguments: files)
    func parsesAccordingToRole(_ file: ReplyFixtures.File) throws {
        let role = file.role.split(separator: "-").first.map(String.init) ?? file.role
        let parsed = try parseReply(word: file.word, text: file.text, server: Self.server)
        switch role {
        case "notserving": try checkNotServing(file, parsed)
        case "restricted": try checkRestricted(file, parsed)
        default: try checkAnswer(file, role: role, parsed)
        }
    }

    private func checkNotServing(_ file: ReplyFixtures.File, _ parsed: ParsedReply) throws {
        switch parsed {
        case .ruok(let reply): #expect(reply == .answer(RuokReply()), "ruok answers imok without a quorum")
        case .isro(let reply): #expect(reply == .answer(.notRunning))
        case .raw(let word, let reply) where word == "envi":
            #expect(reply.answer?.text.hasPrefix("Environment:") == true, "envi answers even when not serving")
        default: #expect(parsed.refusal == .notServing)
        }
    }

    private func checkRestricted(_ file: ReplyFixtures.File, _ parsed: ParsedReply) throws {
        switch file.word {
        case "srvr":
            guard case .srvr(.answer(let stats)) = parsed else {
                Issue.record("srvr is always whitelisted, got \(parsed)")
                return
            }
            #expect(stats.mode.isQuorumMember || stats.mode == .standalone)
        case "ruok", "mntr", "conf", "stat", "isro", "cons", "envi":
            #expect(parsed.refusal == .notWhitelisted(word: file.word))
        default:
            #expect(parsed.refusal == .empty, "an unknown word is closed without a byte")
        }
    }

    private func checkAnswer(_ file: ReplyFixtures.File, role: String, _ parsed: ParsedReply) throws {
        let expectedMode: ServerMode? =
            switch role {
            case "leader": .leader
            case "follower": .follower
            case "observer": .observer
            case "standalone": .standalone
            case "readonly": .readOnly
            default: nil
            }
        switch parsed {
        case .srvr(let reply), .stat(let reply):
            let stats = try #require(reply.answer, "\(file.testDescription) was refused")
            checkStats(stats, file: file, mode: expectedMode)
        case .mntr(let reply):
            let monitor = try #require(reply.answer, "\(file.testDescription) was refused")
            checkMonitor(monitor, file: file, mode: expectedMode)
        case .conf(let reply):
            let config = try #require(reply.answer, "\(file.testDescription) was refused")
            checkConfig(config, file: file, mode: expectedMode)
        case .isro(let reply):
            #expect(reply.answer == (expectedMode == .readOnly ? .readOnly : .readWrite))
        case .ruok(let reply):
            #expect(reply == .answer(RuokReply()))
        case .cons(let reply):
            let connections = try #require(reply.answer)
            #expect(!connections.isEmpty, "the asking connection itself is listed")
            #expect(connections.allSatisfy { $0.port != nil })
        case .raw(_, let reply):
            #expect(reply.refusal == nil || file.word == "hash", "\(file.word) was refused: \(reply)")
        }
    }

    private func checkStats(_ stats: ServerStats, file: ReplyFixtures.File, mode: ServerMode?) {
        #expect(stats.version.number == file.version)
        #expect(stats.mode == mode)
        #expect(stats.latency.averageIsInteger == file.isBefore36)
        #expect(stats.latency.min <= stats.latency.max)
        #expect(stats.isReadOnly == (mode == .readOnly), "the READ-ONLY banner goes with mode read-only")
        #expect((stats.proposalSizes != nil) == (mode == .leader), "proposal sizes are printed by the leader only")
        #expect(stats.unrecognizedLines.isEmpty)
        if file.word == "stat" {
            let clients = stats.clients ?? []
            #expect(stats.clients != nil)
            #expect(Int64(clients.count) == stats.connections, "Connections: counts the Clients: lines")
            #expect(clients.contains { $0.interestOps == 0 && $0.received >= 1 }, "the asking connection is listed")
        } else {
            #expect(stats.clients == nil)
        }
    }

    private func checkMonitor(_ monitor: Monitor, file: ReplyFixtures.File, mode: ServerMode?) {
        #expect(monitor.version?.number == file.version)
        #expect(monitor.serverState == mode)
        #expect(monitor.entries.count == file.text.split(separator: "\n").count, "one entry per line")
        let isLeader = mode == .leader
        #expect((monitor.learners != nil) == isLeader, "learners are counted by the leader only")
        #expect((monitor.syncedFollowers != nil) == isLeader)
        #expect((monitor.pendingSyncs != nil) == isLeader)
        if isLeader, let learners = monitor.learners, let synced = monitor.syncedFollowers {
            #expect(synced <= learners)
        }
        // The learner count's name changed in 3.6.
        let learnerKey = file.isBefore36 ? "zk_followers" : "zk_learners"
        #expect((monitor[learnerKey] != nil) == isLeader)
        // The average latency is printed as an integer before 3.6, as a double after.
        switch monitor["zk_avg_latency"] {
        case .integer: #expect(file.isBefore36)
        case .double: #expect(!file.isBefore36)
        default: Issue.record("zk_avg_latency missing or not a number in \(file.testDescription)")
        }
        #expect(monitor.znodeCount != nil)
        if !file.isBefore36, mode?.isQuorumMember == true {
            #expect(monitor.quorumSize != nil, "3.6+ quorum members print zk_quorum_size")
            #expect(monitor.peerState?.state == peerState(for: mode))
        }
    }

    private func peerState(for mode: ServerMode?) -> PeerState.State? {
        switch mode {
        case .leader: .leading
        case .follower: .following
        case .observer: .observing
        default: nil
        }
    }

    private func checkConfig(_ config: ServerConfig, file: ReplyFixtures.File, mode: ServerMode?) {
        #expect(config.clientPort != nil)
        #expect(config.tickTime != nil)
        let serverId = config.serverId
        #expect(serverId != nil)
        switch mode {
        case .standalone:
            #expect(serverId == 0)
            #expect(!config.hasMembershipSection)
            #expect(config.initLimit == nil, "standalone servers print no quorum settings")
        case .readOnly:
            #expect(!config.hasMembershipSection, "a read-only server prints no membership")
            #expect(config.peerType != nil)
        default:
            #expect(config.peerType == (mode == .observer ? .observer : .participant))
            #expect(config.initLimit != nil && config.syncLimit != nil)
            if file.isBefore36 && file.version.hasPrefix("3.4") {
                #expect(!config.hasMembershipSection, "3.4 prints no membership")
            } else {
                #expect(config.hasMembershipSection)
                #expect(config.version != nil)
                // The member with this server's id has the ports this server reports.
                let me = config.membership.first { $0.id == serverId }
                #expect(me != nil, "the membership lists this server")
                #expect(me?.quorumPort == config.quorumPort)
                #expect(me?.electionPort == config.electionPort)
                #expect(me?.addresses.map(\.quorumPort) == config.quorumPorts)
            }
        }
    }
}
