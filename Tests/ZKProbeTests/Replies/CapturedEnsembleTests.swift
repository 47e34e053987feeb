import Testing

@testable import ZKProbe

/// The replies captured from a real 3.8.0 ensemble by `Fixtures/capture-3.8.0.sh` (three servers on 127.0.0.1,
/// quorum ports 22881-22883, election ports 23881-23883) agree with each other and with that setup.
struct CapturedEnsembleTests {
    static let set = "captured-3.8.0"

    static func answer<T>(_ parse: (String) throws(ReplyParseError) -> Reply<T>, _ name: String) throws -> T {
        let text = ReplyFixtures.text(set, name)
        return try #require(try parse(text).answer, "\(set)/\(name) was refused or is missing")
    }

    @Test func theCapturedSetExists() {
        let names = Set(ReplyFixtures.all().filter { $0.setName == Self.set }.map { "\($0.role)-\($0.word)" })
        let required =
            ["ruok", "srvr", "stat", "mntr", "conf", "isro", "cons", "envi"].flatMap {
                ["leader-\($0)", "follower-\($0)"]
            } + ["notserving-srvr", "notserving-mntr", "restricted-mntr", "restricted-srvr", "readonly-srvr"]
        #expect(Set(required).subtracting(names).isEmpty, "missing: \(Set(required).subtracting(names).sorted())")
    }

    @Test func leaderAndFollowerAgree() throws {
        let leader = try Self.answer(
            { t throws(ReplyParseError) in try ServerStats.parse(t, server: "l") }, "leader-srvr")
        let follower = try Self.answer(
            { t throws(ReplyParseError) in try ServerStats.parse(t, server: "f") }, "follower-srvr")
        #expect(leader.mode == .leader && follower.mode == .follower)
        #expect(leader.zxid.epoch == follower.zxid.epoch, "one leader epoch across the ensemble")
        #expect(leader.zxid.epoch >= 1)
        #expect(leader.version == follower.version)
        #expect(leader.nodeCount == follower.nodeCount)
    }

    @Test func theLeaderCountsTwoSyncedFollowersInAQuorumOfThree() throws {
        let leader = try Self.answer({ t throws(ReplyParseError) in try Monitor.parse(t, server: "l") }, "leader-mntr")
        #expect(leader.learners == 2 && leader.syncedFollowers == 2)
        #expect(leader.quorumSize == 3)
        #expect(leader.peerState == PeerState(state: .leading, phase: .broadcast))
        #expect(leader.entries.count > 400, "3.8 prints several hundred metrics")
        #expect(leader["zk_followers"] == nil, "3.8 names the learner count zk_learners")
        #expect(leader.summaryNames.count > 50)
        let follower = try Self.answer(
            { t throws(ReplyParseError) in try Monitor.parse(t, server: "f") }, "follower-mntr")
        #expect(follower.peerState == PeerState(state: .following, phase: .broadcast))
        #expect(follower.learners == nil)
    }

    @Test func theMembershipIsTheScriptsEnsemble() throws {
        let leader = try Self.answer(
            { t throws(ReplyParseError) in try ServerConfig.parse(t, server: "l") }, "leader-conf")
        let follower = try Self.answer(
            { t throws(ReplyParseError) in try ServerConfig.parse(t, server: "f") }, "follower-conf")
        for config in [leader, follower] {
            #expect(config.membership.map(\.id) == [1, 2, 3])
            #expect(config.membership.map(\.quorumPort) == [22881, 22882, 22883])
            #expect(config.membership.map(\.electionPort) == [23881, 23882, 23883])
            #expect(config.membership.allSatisfy { $0.host == "127.0.0.1" && $0.role == .participant })
            #expect(config.clientPort.map { (22181...22183).contains($0) } == true)
            #expect(config.version == 0, "a configuration never changed by reconfig")
        }
        #expect(leader.serverId != follower.serverId)
        #expect(leader.membership == follower.membership)
    }

    @Test func aServerWithoutQuorumRefusesButStillSaysImok() throws {
        for word in ["srvr", "stat", "mntr", "conf"] {
            let reply = try parseReply(
                word: word, text: ReplyFixtures.text(Self.set, "notserving-\(word)"), server: "s")
            #expect(reply.refusal == .notServing, "\(word)")
        }
        let ruok = try parseReply(word: "ruok", text: ReplyFixtures.text(Self.set, "notserving-ruok"), server: "s")
        #expect(ruok == .ruok(.answer(RuokReply())))
        let isro = try parseReply(word: "isro", text: ReplyFixtures.text(Self.set, "notserving-isro"), server: "s")
        #expect(isro == .isro(.answer(.notRunning)))
    }

    @Test func aReadOnlyServerSaysSoEverywhere() throws {
        let stats = try Self.answer(
            { t throws(ReplyParseError) in try ServerStats.parse(t, server: "r") }, "readonly-srvr")
        #expect(stats.isReadOnly && stats.mode == .readOnly)
        let monitor = try Self.answer(
            { t throws(ReplyParseError) in try Monitor.parse(t, server: "r") }, "readonly-mntr")
        #expect(monitor.serverState == .readOnly)
        #expect(monitor.peerState == nil, "a read-only server prints no zk_peer_state")
        let config = try Self.answer(
            { t throws(ReplyParseError) in try ServerConfig.parse(t, server: "r") }, "readonly-conf")
        #expect(!config.hasMembershipSection && config.version == nil)
        #expect(
            try ReadOnlyState.parse(ReplyFixtures.text(Self.set, "readonly-isro"), server: "r") == .answer(.readOnly))
    }

    @Test func emptyWatchListsAreAnswers() throws {
        for name in ["leader-wchc", "leader-wchp"] {
            let text = ReplyFixtures.text(Self.set, name)
            #expect(text == "\n", "3.8 answers a lone line break when nothing is watched")
            let word = String(name.suffix(4))
            #expect(try parseReply(word: word, text: text, server: "l").refusal == nil)
        }
    }
}
