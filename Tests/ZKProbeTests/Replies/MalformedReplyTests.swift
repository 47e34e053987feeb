import Foundation
import Testing

@testable import ZKProbe

/// Real replies with one line broken: each must be an error naming the server, the word and the line.
struct MalformedReplyTests {
    struct Mutation: CustomTestStringConvertible, Sendable {
        let fixture: (set: String, name: String)
        let word: String
        /// The whole line to replace, and its replacement (`nil` deletes the line).
        let line: String
        let replacement: String?
        /// The line the error must name (`nil`: the reply as a whole).
        let errorLine: Int?
        let reason: String

        var testDescription: String { "\(word): \(line) → \(replacement ?? "(deleted)")" }
    }

    static let mutations: [Mutation] = [
        Mutation(
            fixture: ("3.4.14", "leader-srvr"), word: "srvr", line: "Zxid: 0x1000000b9", replacement: "Zxid: banana",
            errorLine: 7, reason: #"expected "Zxid: 0x<hex>""#),
        Mutation(
            fixture: ("3.4.14", "leader-srvr"), word: "srvr", line: "Zxid: 0x1000000b9",
            replacement: "Zxid: 0x1234567890abcdef0", errorLine: 7, reason: #"expected "Zxid: 0x<hex>""#),
        Mutation(
            fixture: ("3.6.4", "leader-srvr"), word: "srvr", line: "Mode: leader", replacement: "Mode: Leader",
            errorLine: 8, reason: #"expected "Mode: leader|follower|observer|standalone|read-only""#),
        Mutation(
            fixture: ("3.6.4", "leader-srvr"), word: "srvr", line: "Latency min/avg/max: 0/0.4286/3",
            replacement: "Latency min/avg/max: 0/0.4286", errorLine: 2,
            reason: #"expected "Latency min/avg/max: <min>/<avg>/<max>""#),
        Mutation(
            fixture: ("3.6.4", "leader-srvr"), word: "srvr", line: "Received: 18", replacement: "Received: 18 packets",
            errorLine: 3, reason: #"expected "Received: <integer>""#),
        Mutation(
            fixture: ("3.6.4", "leader-srvr"), word: "srvr", line: "Proposal sizes last/min/max: 48/48/112",
            replacement: "Proposal sizes last/min/max: 48/48", errorLine: 10,
            reason: #"expected "Proposal sizes last/min/max: <last>/<min>/<max>""#),
        Mutation(
            fixture: ("3.6.4", "leader-srvr"), word: "srvr",
            line: "Zookeeper version: 3.6.4-abcdef0123456789abcdef0123456789abcdef01, built on 12/18/2022 18:10 GMT",
            replacement: "ZooKeeper version: 3.6.4", errorLine: 1,
            reason: #"expected "Zookeeper version: <major>.<minor>.<patch>-<revision>, built on <date>""#),
        Mutation(
            fixture: ("3.6.4", "leader-srvr"), word: "srvr", line: "Node count: 8", replacement: nil, errorLine: nil,
            reason: #"no "Node count: " line; the reply looks truncated"#),
        Mutation(
            fixture: ("3.4.14", "follower-stat"), word: "stat",
            line: " /10.0.0.14:43250[1](queued=0,recved=727,sent=732)",
            replacement: " /10.0.0.14[1](queued=0,recved=727,sent=732)", errorLine: 3,
            reason: ClientConnection.expectation),
        Mutation(
            fixture: ("3.4.14", "follower-stat"), word: "stat", line: " /127.0.0.1:51234[0](queued=0,recved=1,sent=0)",
            replacement: " /127.0.0.1:51234[0](queued=0,recved=1)", errorLine: 5, reason: ClientConnection.expectation),
        Mutation(
            fixture: ("3.4.14", "leader-mntr"), word: "mntr", line: "zk_znode_count\t141",
            replacement: "zk_znode_count\tmany", errorLine: 10, reason: #"expected "zk_znode_count<TAB><integer>""#),
        Mutation(
            fixture: ("3.4.14", "leader-mntr"), word: "mntr", line: "zk_followers\t2", replacement: "zk_followers 2",
            errorLine: 17, reason: #"expected "zk_<key><TAB><value>" (no tab in the line)"#),
        Mutation(
            fixture: ("3.6.4", "leader-mntr"), word: "mntr", line: "zk_learners\t2", replacement: "learners\t2",
            errorLine: 34, reason: #"expected "zk_<key><TAB><value>" (the key does not start with zk_)"#),
        Mutation(
            fixture: ("3.6.4", "leader-prometheus-mntr"), word: "mntr",
            line: "zk_jvm_memory_bytes_max{area=\"heap\"}\t1.073741824E9",
            replacement: "zk_\t1.073741824E9", errorLine: 36,
            reason: "expected a metric name after zk_ (no control characters)"),
        Mutation(
            fixture: ("3.5.9", "leader-conf"), word: "conf", line: "server.2=zk2:2888:3888:participant;0.0.0.0:2181",
            replacement: "server.2=zk2:http:3888:participant;0.0.0.0:2181", errorLine: 20,
            reason: MemberSpec.expectation),
        Mutation(
            fixture: ("3.5.9", "leader-conf"), word: "conf", line: "clientPort=2181", replacement: "clientPort=21a81",
            errorLine: 1, reason: #"expected "clientPort=<port>""#),
        Mutation(
            fixture: ("3.5.9", "leader-conf"), word: "conf", line: "version=100000000", replacement: nil,
            errorLine: nil,
            reason: #"the membership section has no closing "version=<hex>" line; the reply looks truncated"#),
        Mutation(
            fixture: ("3.5.9", "leader-conf"), word: "conf", line: "version=100000000", replacement: "version=zz",
            errorLine: 23, reason: #"expected "version=<hex>""#),
        Mutation(
            fixture: ("3.4.14", "follower-conf"), word: "conf", line: "peerType=0", replacement: "peerType=witness",
            errorLine: 14, reason: #"expected "peerType=0|1 (0 participant, 1 observer)""#),
        Mutation(
            fixture: ("3.9.2", "readonly-isro"), word: "isro", line: "ro", replacement: "maybe", errorLine: 1,
            reason: #"expected "rw", "ro" or "null""#),
        Mutation(
            fixture: ("3.5.9", "leader-ruok"), word: "ruok", line: "imok", replacement: "imnotok", errorLine: 1,
            reason: #"expected "imok""#),
    ]

    @Test(arguments: mutations)
    func aBrokenLineIsAnErrorNamingServerWordAndLine(_ mutation: Mutation) throws {
        let original = ReplyFixtures.text(mutation.fixture.set, mutation.fixture.name)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains(mutation.line), "the fixture has the line to break")
        let mutated = lines.compactMap { $0 == mutation.line ? mutation.replacement : $0 }.joined(separator: "\n")
        // The unbroken reply parses.
        _ = try parseReply(word: mutation.word, text: original, server: "zk2:2181")
        let error = try #require(throws: ReplyParseError.self) {
            try parseReply(word: mutation.word, text: mutated, server: "zk2:2181")
        }
        #expect(error.server == "zk2:2181" && error.command == mutation.word)
        #expect(error.lineNumber == mutation.errorLine)
        #expect(error.reason == mutation.reason)
        if let number = mutation.errorLine {
            #expect(error.lineText == mutation.replacement)
            let got = ReplyParseError.printable(mutation.replacement ?? "")
            #expect(
                error.description
                    == "zk2:2181: \(mutation.word) reply line \(number): \(mutation.reason), got \"\(got)\"")
        } else {
            #expect(error.description == "zk2:2181: \(mutation.word) reply: \(mutation.reason)")
        }
    }

    @Test func theIssuesExampleReadsAsWritten() throws {
        let text = ReplyFixtures.text("3.4.14", "leader-srvr").replacingOccurrences(
            of: "Zxid: 0x1000000b9", with: "Zxid: banana")
        let error = try #require(throws: ReplyParseError.self) { try ServerStats.parse(text, server: "zk2:2181") }
        #expect(error.description == #"zk2:2181: srvr reply line 7: expected "Zxid: 0x<hex>", got "Zxid: banana""#)
    }
}
