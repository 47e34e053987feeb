import Foundation
import Testing

@testable import ZKProbe

/// The AdminServer's JSON, captured from a real 3.8.0 ensemble (`Fixtures/admin-3.8.0`, `curl` of
/// `/commands/<name>` on a 3-member `scripts/zk-ensemble start --admin --whitelist srvr`), and hand-made edge
/// cases: each parses into the same typed values the four-letter words give, or a one-line error, never a crash.
struct AdminRepliesTests {
    static func fixture(_ name: String) -> [UInt8] {
        let url = ReplyFixtures.root.appendingPathComponent("admin-3.8.0").appendingPathComponent("\(name).json")
        return Array((try? Data(contentsOf: url)) ?? Data())
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func leaderServerStatsBecomeSrvrStats() throws {
        let stats = try #require(try AdminReplies.serverStats(Self.fixture("leader-server_stats"), server: "zk2").answer)
        #expect(stats.mode == .leader)
        #expect(stats.version.number == "3.8.0")
        #expect(stats.zxid.value == 4_294_967_296)
        #expect(stats.nodeCount == 5)
        #expect(stats.latency.min == 0 && stats.latency.max == 0 && stats.latency.average == 0)
        #expect(stats.received == 3 && stats.sent == 3)
        #expect(!stats.isReadOnly)
    }

    @Test func followerServerStats() throws {
        let stats = try #require(try AdminReplies.serverStats(Self.fixture("follower-server_stats"), server: "zk1").answer)
        #expect(stats.mode == .follower)
    }

    @Test func leaderMonitorBecomesMntrWithPrefixes() throws {
        let monitor = try #require(try AdminReplies.monitor(Self.fixture("leader-monitor"), server: "zk2").answer)
        #expect(monitor.serverState == .leader)
        #expect(monitor.syncedFollowers == 2)
        #expect(monitor.learners == 2)
        #expect(monitor.quorumSize == 3)
        #expect(monitor.pendingSyncs == 0)
        #expect(monitor.maxFileDescriptorCount == 20000)
        #expect(monitor.version?.number == "3.8.0")
        #expect(monitor.entries.allSatisfy { $0.key.hasPrefix("zk_") })
    }

    @Test func followerMonitorHasPeerState() throws {
        let monitor = try #require(try AdminReplies.monitor(Self.fixture("follower-monitor"), server: "zk1").answer)
        #expect(monitor.serverState == .follower)
        #expect(monitor.syncedFollowers == nil)
    }

    @Test func configurationGivesServerIdAndClientPort() throws {
        let config = try #require(
            try AdminReplies.configuration(Self.fixture("follower-configuration"), server: "zk1").answer)
        #expect(config.serverId == 1)
        #expect(config.clientPort == 33011)
        #expect(config.tickTime == 500)
        #expect(!config.hasMembershipSection)
    }

    @Test func votingViewGivesTheMembership() throws {
        let specs = try #require(try AdminReplies.votingView(Self.fixture("leader-voting_view"), server: "zk2").answer)
        #expect(specs.map(\.id) == [1, 2, 3])
        let entries = specs.map(MembershipEntry.init)
        #expect(entries[0].host == "127.0.0.1")
        #expect(entries[0].quorumPort == 33111)
        #expect(entries[0].electionPort == 33211)
        #expect(entries[0].clientPort == 33011)
        #expect(!entries[0].observer)
    }

    @Test func ruokAndLeader() throws {
        #expect(try AdminReplies.ruok(Self.fixture("leader-ruok"), server: "zk2"))
        let leader = try AdminReplies.leader(Self.fixture("follower-leader"), server: "zk1")
        #expect(!leader.isLeader && leader.id == 2)
        #expect(try AdminReplies.leader(Self.fixture("leader-leader"), server: "zk2").isLeader)
    }

    @Test func anErrorFieldIsAOneLineError() {
        #expect(throws: ReplyParseError.self) {
            try AdminReplies.monitor(Self.fixture("unknown-command"), server: "zk1")
        }
        do {
            _ = try AdminReplies.serverStats(Self.fixture("unknown-command"), server: "zk1")
        } catch {
            #expect(error.description.contains("Unknown command: nosuch"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func notServingIsARefusalAsOverTheWords() throws {
        let body = Self.bytes(
            #"{"command":"server_stats","error":"This ZooKeeper instance is not currently serving requests"}"#)
        #expect(try AdminReplies.serverStats(body, server: "zk1").refusal == .notServing)
        #expect(try AdminReplies.monitor(body, server: "zk1").refusal == .notServing)
    }

    @Test func missingKeysAreNamed() {
        let body = Self.bytes(#"{"version":"3.8.0","server_stats":{"server_state":"leader"},"command":"server_stats","error":null}"#)
        do {
            _ = try AdminReplies.serverStats(body, server: "zk1")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("last_processed_zxid"))
        }
        #expect(throws: ReplyParseError.self) {
            try AdminReplies.votingView(Self.bytes(#"{"command":"voting_view","error":null}"#), server: "zk1")
        }
    }

    @Test(arguments: [
        "", "<html>nope</html>", "[1,2,3]", "null", "{", "\u{0}\u{1}\u{2}", #"{"command": 5, "error": []}"#,
        #"{"server_stats": "leader", "version": 3, "command":"x","error":null}"#,
    ])
    func garbageIsAnErrorNotACrash(_ text: String) {
        #expect(throws: ReplyParseError.self) { try AdminReplies.serverStats(Self.bytes(text), server: "zk1") }
        #expect(throws: ReplyParseError.self) { try AdminReplies.monitor(Self.bytes(text), server: "zk1") }
        if !text.contains("server_stats") {
            // A flat object of unknown keys is a configuration, just not one the check learns anything from.
            #expect(throws: ReplyParseError.self) { try AdminReplies.configuration(Self.bytes(text), server: "zk1") }
        }
    }

    @Test func hugeNumbersDoNotCrash() throws {
        let huge = "123456789012345678901234567890"
        let monitor = Self.bytes(
            #"{"server_state":"leader","synced_followers":\#(huge),"avg_latency":1e308,"max_latency":-\#(huge),"#
                + #""packets_sent":9223372036854775807,"command":"monitor","error":null}"#)
        _ = try? AdminReplies.monitor(monitor, server: "zk1")
        let stats = Self.bytes(
            #"{"version":"3.8.0","server_stats":{"server_state":"leader","last_processed_zxid":\#(huge),"#
                + #""min_latency":0,"avg_latency":1e308,"max_latency":0,"packets_received":0,"packets_sent":0,"#
                + #""num_alive_client_connections":0,"outstanding_requests":0},"node_count":1,"command":"x","error":null}"#)
        #expect(throws: ReplyParseError.self) { try AdminReplies.serverStats(stats, server: "zk1") }
        let config = Self.bytes(#"{"client_port":\#(huge),"server_id":1,"command":"configuration","error":null}"#)
        _ = try? AdminReplies.configuration(config, server: "zk1")
    }

    @Test func camelCaseMatchesConfKeys() {
        #expect(AdminReplies.camelCase("client_port") == "clientPort")
        #expect(AdminReplies.camelCase("data_log_dir") == "dataLogDir")
        #expect(AdminReplies.camelCase("server_id") == "serverId")
    }

    /// With classic `server.N` lines (no `;clientPort`) each member's `voting_view` fills in `client_address` for
    /// itself only (seen on 3.8.0): read with the member's own id, every member's view is the same membership.
    @Test func aClientAddressAMemberFillsForItselfOnlyIsLeftOut() throws {
        func view(filledBy own: Int) -> [UInt8] {
            let entries = (1...3).map { id in
                #""\#(id)":{"server_addresses":["10.0.0.\#(id):2888"],"election_addresses":["10.0.0.\#(id):3888"],"#
                    + #""client_address":"\#(id == own ? "10.0.0.\(id):2181" : "")","learner_type":"participant"}"#
            }
            return Self.bytes(#"{"current_config":{\#(entries.joined(separator: ","))},"command":"voting_view","error":null}"#)
        }
        let views = try (1...3).map { own in
            try #require(try AdminReplies.votingView(view(filledBy: own), server: "zk\(own)", ownId: Int64(own)).answer)
        }
        #expect(views.allSatisfy { $0 == views[0] })
        #expect(views[0].allSatisfy { $0.clientPort == nil })
        // Lines with the suffix: every member lists every client address, and each keeps its own.
        let full = try #require(try AdminReplies.votingView(Self.fixture("leader-voting_view"), server: "zk2", ownId: 2).answer)
        #expect(full.allSatisfy { $0.clientPort != nil })
    }

    /// JSON that does not name the command asked is some other server's, however well it decodes.
    @Test(arguments: [#"{"status":"ok"}"#, #"{"command":"other","error":null}"#, #"{"client_port":2181}"#])
    func jsonThatIsNotTheCommandsAnswerIsAnError(_ text: String) {
        #expect(throws: ReplyParseError.self) { try AdminReplies.monitor(Self.bytes(text), server: "zk1") }
        #expect(throws: ReplyParseError.self) { try AdminReplies.configuration(Self.bytes(text), server: "zk1") }
        #expect(throws: ReplyParseError.self) { try AdminReplies.ruok(Self.bytes(text), server: "zk1") }
    }
}
