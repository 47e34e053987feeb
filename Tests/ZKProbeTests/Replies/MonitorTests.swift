import Foundation
import Testing

@testable import ZKProbe

struct MonitorTests {
    static let server = "zk1:2181"

    static func parse(_ lines: [String], ending: String = "\n") throws -> Monitor {
        try #require(try Monitor.parse(lines.joined(separator: ending) + ending, server: server).answer)
    }

    @Test func classifiesEveryValueForm() throws {
        let monitor = try Self.parse([
            "zk_a\t42", "zk_b\t-1", "zk_c\t0.0", "zk_d\tNaN", "zk_e\tnull", "zk_f\tfollowing - broadcast",
            "zk_g\t1.073741824E9", "zk_h\t-Infinity", "zk_i\t", "zk_j\t0x10", "zk_k\t99999999999999999999",
        ])
        #expect(monitor["zk_a"] == .integer(42))
        #expect(monitor["zk_b"] == .integer(-1))
        #expect(monitor["zk_c"] == .double(0))
        #expect(monitor["zk_d"]?.number?.isNaN == true)
        #expect(monitor["zk_e"] == .null)
        #expect(monitor["zk_f"] == .string("following - broadcast"))
        #expect(monitor["zk_g"] == .double(1_073_741_824))
        #expect(monitor["zk_h"] == .double(-.infinity))
        #expect(monitor["zk_i"] == .string(""))
        #expect(monitor["zk_j"] == .string("0x10"), "only Java's own number forms are numbers")
        #expect(monitor["zk_k"]?.number == 1e20)
        #expect(monitor["zk_missing"] == nil)
    }

    @Test func keepsEveryLineInOrderIncludingDuplicates() throws {
        let lines = ["zk_z\t1", "zk_a\t2", "zk_m\t3", "zk_a\t4"]
        let monitor = try Self.parse(lines)
        #expect(monitor.entries.map(\.key) == ["zk_z", "zk_a", "zk_m", "zk_a"])
        #expect(monitor.entries.map(\.lineNumber) == [1, 2, 3, 4])
        #expect(monitor["zk_a"] == .integer(2), "the subscript gives the first line")
    }

    @Test func readsTheLearnerCountUnderBothNames() throws {
        let old = try Self.parse(["zk_server_state\tleader", "zk_followers\t4", "zk_synced_followers\t3"])
        let new = try Self.parse(["zk_server_state\tleader", "zk_learners\t4", "zk_synced_followers\t3"])
        #expect(old.learners == 4)
        #expect(new.learners == 4)
        #expect(old.syncedFollowers == 3 && new.syncedFollowers == 3)
        let follower = try Self.parse(["zk_server_state\tfollower"])
        #expect(follower.learners == nil)
    }

    @Test func readsPrometheusLabelsWithSpacesQuotesAndEscapes() throws {
        let monitor = try Self.parse([
            #"zk_jvm_memory_pool_bytes_used{pool="Compressed Class Space"}\#t4567.0"#,
            #"zk_jvm_info{runtime="OpenJDK Runtime Environment",vendor="Debian",version="17.0.15+6"}\#t1.0"#,
            #"zk_x{path="a \"quoted\" \\ name"}\#t1.0"#,
            #"zk_y{raw="say "hi", then"}\#t2.0"#,
            #"zk_z{pool="mapped - 'non-volatile memory'",}\#t0.0"#,
        ])
        let pool = monitor.entries[0]
        #expect(pool.name == "jvm_memory_pool_bytes_used")
        #expect(pool.labels == [MetricLabel(name: "pool", value: "Compressed Class Space")])
        #expect(pool.value == .double(4567))
        #expect(monitor.entries[1].labels.map(\.name) == ["runtime", "vendor", "version"])
        #expect(monitor.entries[1].label("vendor") == "Debian")
        #expect(monitor.entries[2].label("path") == #"a "quoted" \ name"#)
        #expect(monitor.entries[3].label("raw") == #"say "hi", then"#, "ZooKeeper does not escape label values")
        #expect(monitor.entries[4].label("pool") == "mapped - 'non-volatile memory'")
        #expect(monitor.entry(named: "jvm_info", labels: ["vendor": "Debian"])?.value == .double(1))
        #expect(monitor.entry(named: "jvm_info", labels: ["vendor": "Oracle"]) == nil)
    }

    @Test func keysThatAreNoLabelListStayWholeNames() throws {
        // Per-namespace metrics carry the top-level znode's name, which may hold spaces, braces or any letter.
        let monitor = try Self.parse([
            "zk_avg_my app_write_per_namespace\t0.0", "zk_cnt_é{x_write_per_namespace\t2",
            "zk_x{pool=\"a}\t1", "zk_y{pool=a}\t1", "zk_z{}\t1",
        ])
        #expect(
            monitor.entries.map(\.name) == [
                "avg_my app_write_per_namespace", "cnt_é{x_write_per_namespace", "x{pool=\"a}", "y{pool=a}", "z",
            ])
        #expect(monitor.entries.allSatisfy { $0.labels.isEmpty })
        #expect(monitor["zk_cnt_é{x_write_per_namespace"] == .integer(2))
    }

    @Test func typedCountsAcceptThePrometheusProvidersDoubles() throws {
        let monitor = try Self.parse([
            "zk_server_state\tleader", "zk_learners\t2.0", "zk_quorum_size\t3.0", "zk_znode_count\t8.0",
            "zk_avg_latency\t0.4286", "zk_pending_syncs\tnull", "zk_watch_count\tNaN",
        ])
        #expect(monitor.learners == 2)
        #expect(monitor.quorumSize == 3)
        #expect(monitor.znodeCount == 8)
        #expect(monitor.averageLatency == 0.4286)
        #expect(monitor.pendingSyncs == nil, "null leaves the property empty")
        #expect(monitor.watchCount == nil, "NaN leaves the property empty")
    }

    @Test(arguments: [
        ("zk_znode_count\tmany", "expected \"zk_znode_count<TAB><integer>\""),
        ("zk_learners\t2.5", "expected \"zk_learners<TAB><integer>\""),
        ("zk_server_state\tboss", "expected \"zk_server_state<TAB>leader|follower|observer|standalone|read-only\""),
        ("zk_peer_state\tdancing - broadcast", "expected \"zk_peer_state<TAB><state>[ - <phase>][ - <sync mode>]\""),
        ("zk_version\tunknown", "expected \"zk_version<TAB><major>.<minor>.<patch>-<revision>, built on <date>\""),
        ("zk_avg_latency\tfast", "expected \"zk_avg_latency<TAB><number>\""),
    ])
    func aKnownKeyWithAValueOfTheWrongFormIsAnError(line: String, reason: String) throws {
        let text = "zk_a\t1\n\(line)\n"
        let error = try #require(throws: ReplyParseError.self) { try Monitor.parse(text, server: Self.server) }
        #expect(error.lineNumber == 2)
        #expect(error.reason == reason)
        #expect(error.lineText == line)
    }

    @Test func readsPeerStates() throws {
        #expect(PeerState(parsing: "leading - broadcast") == PeerState(state: .leading, phase: .broadcast))
        #expect(
            PeerState(parsing: "following - synchronization - diff")
                == PeerState(state: .following, phase: .synchronization, syncMode: .diff))
        #expect(PeerState(parsing: "looking") == PeerState(state: .looking))
        #expect(PeerState(parsing: "looking - snap") == PeerState(state: .looking, syncMode: .snap))
        #expect(PeerState(parsing: "following - broadcast - broadcast") == nil)
        #expect(PeerState(parsing: "following-broadcast") == nil)
        #expect(
            PeerState(parsing: "following - synchronization - diff")?.description
                == "following - synchronization - diff")
    }

    @Test func groupsSummaries() throws {
        let monitor = try Self.parse(
            ReplyFixtures.text("3.6.4", "leader-mntr").split(separator: "\n").map(String.init))
        let update = try #require(monitor.summary(named: "updatelatency"))
        #expect(update.average == 2.4)
        #expect(update.count == 5 && update.sum == 12 && update.min == 1 && update.max == 5)
        #expect(update.p99 == 5 && update.hasPercentiles)
        let election = try #require(monitor.summary(named: "election_time"))
        #expect(!election.hasPercentiles)
        #expect(monitor.summary(named: "latency") == nil, "zk_avg_latency is no summary: there is no zk_cnt_latency")
        #expect(monitor.summaryNames == ["readlatency", "updatelatency", "election_time", "1_learner_handler_qp_size"])
    }

    @Test func toleratesTrailingEmptyLinesAndWindowsLineEnds() throws {
        let lines = ["zk_version\t3.4.14-abc, built on x", "zk_znode_count\t4"]
        let plain = try Self.parse(lines)
        #expect(try Self.parse(lines, ending: "\r\n") == plain)
        let trailing = try #require(
            try Monitor.parse(lines.joined(separator: "\n") + "\n\n\r\n", server: Self.server).answer)
        #expect(trailing == plain)
        #expect(plain.znodeCount == 4)
    }

    @Test(arguments: [
        ("zk_a 1", "no tab in the line"),
        ("a\t1", "does not start with zk_"),
        ("zk_\t1", "metric name"),
        ("zk_a\u{1}b\t1", "no control characters"),
        ("", "not an empty line"),
    ])
    func aMalformedLineIsAnErrorNamingIt(line: String, reasonPart: String) throws {
        let text = "zk_version\t3.8.0-abc, built on x\n\(line)\nzk_znode_count\t4\n"
        let error = try #require(throws: ReplyParseError.self) { try Monitor.parse(text, server: Self.server) }
        #expect(error.lineNumber == 2)
        #expect(error.reason.contains(reasonPart))
        #expect(error.description.hasPrefix("zk1:2181: mntr reply line 2: expected "))
    }

    @Test func refusalsAreResults() throws {
        #expect(
            try Monitor.parse("mntr is not executed because it is not in the whitelist.\n", server: Self.server)
                == .refused(.notWhitelisted(word: "mntr")))
        #expect(
            try Monitor.parse("This ZooKeeper instance is not currently serving requests\n", server: Self.server)
                == .refused(.notServing))
    }

    /// A bad line costs that line, not the reply: parsed leniently, the good keys are kept and the bad ones are
    /// listed with their line, while the strict parse (for `zkprobe send`) still names the first bad line.
    @Test func aLenientParseKeepsTheGoodKeysAndListsTheBadLines() throws {
        let text = [
            "zk_version\t3.8.0-abc, built on 2023", "zk_server_state\tleader", "zk_synced_followers\tbanana",
            "not a metric line", "zk_open_file_descriptor_count\t61", "zk_quorum_size\t3",
        ].joined(separator: "\n") + "\n"
        #expect(throws: ReplyParseError.self) { try Monitor.parse(text, server: Self.server) }
        let monitor = try #require(try Monitor.parse(text, server: Self.server, lenient: true).answer)
        #expect(monitor.serverState == .leader)
        #expect(monitor.openFileDescriptorCount == 61)
        #expect(monitor.quorumSize == 3)
        #expect(monitor.syncedFollowers == nil)
        #expect(monitor.skipped.map(\.lineNumber) == [3, 4])
        #expect(monitor.skipped.allSatisfy { $0.description.hasPrefix("zk1:2181: mntr reply line ") })
        let strict = try #require(try Monitor.parse("zk_quorum_size\t3\n", server: Self.server).answer)
        #expect(strict.skipped.isEmpty)
    }
}
