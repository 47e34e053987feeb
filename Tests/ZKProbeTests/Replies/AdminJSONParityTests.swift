import Foundation
import Testing

@testable import ZKProbe

/// The AdminServer replies were read with Foundation's `JSONDecoder` into `Decodable` structs; they are now read
/// through ToolkitSupport's `JSONInputParser` and `AdminObject`, so that zkprobe loads no FoundationEssentials.
/// On the captured 3.8.0 replies and on hand-made hostile ones, both readers must accept the same bodies and read
/// the same values. `Reference` is the decoding that shipped before, kept here as the yardstick.
struct AdminJSONParityTests {
    /// The former `Decodable` reading of one scalar: `Bool`, then `Int64`, then `Double`, then `String`.
    struct ReferenceValue: Decodable, Equatable {
        var value: AdminJSONValue

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                value = .null
            } else if let flag = try? container.decode(Bool.self) {
                value = .bool(flag)
            } else if let number = try? container.decode(Int64.self) {
                value = .integer(number)
            } else if let number = try? container.decode(Double.self) {
                value = .double(number)
            } else if let text = try? container.decode(String.self) {
                value = .string(text)
            } else {
                value = .nested
            }
        }
    }

    struct ReferenceEnvelope: Decodable, Equatable {
        var command: String?
        var error: String?
    }

    struct ReferenceStats: Decodable {
        struct Stats: Decodable {
            var serverState: String?
            var lastProcessedZxid: ReferenceValue?
            var avgLatency: ReferenceValue?
        }
        var version: String?
        var readOnly: Bool?
        var serverStats: Stats?
        var nodeCount: ReferenceValue?
    }

    struct ReferenceVotingView: Decodable {
        struct Member: Decodable {
            var serverAddresses: [String]?
            var electionAddresses: [String]?
            var clientAddress: String?
            var learnerType: String?
        }
        var currentConfig: [String: Member]?
    }

    struct ReferenceLeader: Decodable {
        var isLeader: Bool?
        var leaderId: ReferenceValue?
        var leaderIp: String?
    }

    static func reference<T: Decodable>(_ type: T.Type, _ body: [UInt8]) -> T? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(T.self, from: Data(body))
    }

    static func ours<T: AdminBody>(_ type: T.Type, _ body: [UInt8]) -> T? {
        try? AdminReplies.decode(T.self, body, errors: ReplyErrorContext(server: "zk1", command: "x"))
    }

    static let fixtures: [String] = {
        let folder = ReplyFixtures.root.appendingPathComponent("admin-3.8.0")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }()

    static let scalars = [
        "0", "-0", "1.0", "5105.0", "0.5", "-0.0", "1e3", "1E-2", "1e-400", "1e308", "9007199254740992.0",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "18446744073709551616", "123456789012345678901234567890", "true", "false", "null", #""text""#,
        #""tab\tand \u00e9 \ud83d\ude00""#, "[1, 2]", #"{"a": 1}"#, "[]", "{}",
    ]

    /// Whole bodies: the captured replies, every scalar in every field the parsers read, and shapes that are wrong.
    static let bodies: [String] =
        fixtures
        + scalars.flatMap { value in
            [
                #"{"command": "x", "error": null, "value": \#(value)}"#,
                #"{"command": \#(value), "error": \#(value)}"#,
                #"{"version": \#(value), "read_only": \#(value), "node_count": \#(value)}"#,
                #"{"server_stats": \#(value)}"#,
                #"{"server_stats": {"server_state": \#(value), "last_processed_zxid": \#(value), "avg_latency": \#(value)}}"#,
                #"{"current_config": \#(value)}"#, #"{"current_config": {"1": \#(value)}}"#,
                #"{"current_config": {"1": {"server_addresses": \#(value), "client_address": \#(value)}}}"#,
                #"{"current_config": {"1": {"server_addresses": [\#(value)], "learner_type": \#(value)}}}"#,
                #"{"is_leader": \#(value), "leader_id": \#(value), "leader_ip": \#(value)}"#, value,
            ]
        }
        + ["", " ", "{", "}", "[1,2,3]", "<html>nope</html>", "\u{0}\u{1}", #"{"a":"\u{1}"}"#, "{} {}",
            #"{"command":"x",}"#, "\u{FEFF}{\"command\":\"x\"}", #"{"a":tru}"#]

    @Test(arguments: bodies)
    func bothReadersReadTheSameValues(_ text: String) {
        let body = Array(text.utf8)
        let envelope = Self.ours(AdminEnvelope.self, body)
        #expect(envelope.map { ReferenceEnvelope(command: $0.command, error: $0.error) }
            == Self.reference(ReferenceEnvelope.self, body))
        #expect(Self.ours(AdminFlatObject.self, body)?.values
            == Self.reference([String: ReferenceValue].self, body)?.mapValues(\.value))

        let stats = Self.ours(AdminServerStatsBody.self, body)
        let referenceStats = Self.reference(ReferenceStats.self, body)
        #expect((stats == nil) == (referenceStats == nil))
        #expect(stats?.version == referenceStats?.version && stats?.readOnly == referenceStats?.readOnly)
        #expect(stats?.nodeCount == referenceStats?.nodeCount?.value)
        #expect(stats?.serverStats?.serverState == referenceStats?.serverStats?.serverState)
        #expect(stats?.serverStats?.lastProcessedZxid == referenceStats?.serverStats?.lastProcessedZxid?.value)
        #expect(stats?.serverStats?.avgLatency == referenceStats?.serverStats?.avgLatency?.value)

        let view = Self.ours(AdminVotingViewBody.self, body)
        let referenceView = Self.reference(ReferenceVotingView.self, body)
        #expect((view == nil) == (referenceView == nil))
        #expect(view?.currentConfig?.keys.sorted() == referenceView?.currentConfig?.keys.sorted())
        for (id, member) in view?.currentConfig ?? [:] {
            let other = referenceView?.currentConfig?[id]
            #expect(member.serverAddresses == other?.serverAddresses && member.clientAddress == other?.clientAddress)
            #expect(member.electionAddresses == other?.electionAddresses && member.learnerType == other?.learnerType)
        }

        let leader = Self.ours(AdminLeaderBody.self, body)
        let referenceLeader = Self.reference(ReferenceLeader.self, body)
        #expect((leader == nil) == (referenceLeader == nil))
        #expect(leader?.isLeader == referenceLeader?.isLeader && leader?.leaderIp == referenceLeader?.leaderIp)
        #expect(leader?.leaderId == referenceLeader?.leaderId?.value)
    }

    /// The two differences, both in JSON no AdminServer writes. `JSONDecoder` checks a number only when a field
    /// reads it, so it took a reply with a malformed number in a key nobody reads; the parser refuses it whole, as
    /// not JSON. And `-9223372036854775809` (below any Java `long`) reads as the nearest double, -2^63, which is
    /// the `Int64` minimum: the parser cannot tell it from `-9223372036854775808`, which `JSONDecoder` read as
    /// that integer too.
    @Test(arguments: [#"{"command":"x","a":01}"#, #"{"command":"x","a":1.}"#, #"{"command":"x","a":-}"#])
    func aMalformedNumberAnywhereIsNotJSON(_ text: String) {
        let body = Array(text.utf8)
        #expect(Self.reference(ReferenceEnvelope.self, body) == ReferenceEnvelope(command: "x"))
        #expect(Self.ours(AdminEnvelope.self, body) == nil)
    }

    @Test func belowTheLeastLongIsTheLeastLong() {
        let body = Array(#"{"a":-9223372036854775809}"#.utf8)
        #expect(Self.reference([String: ReferenceValue].self, body)?["a"]?.value == .double(-0x1p63))
        #expect(Self.ours(AdminFlatObject.self, body)?.values["a"] == .integer(.min))
    }

    /// What the error says of a reply that is not the JSON expected: the path is the reply's own keys.
    @Test(arguments: [
        ("hello", "not JSON"), ("[1,2,3]", "not a JSON object"), ("null", "not a JSON object"),
        (#"{"server_stats": {"server_state": 5}, "command": "server_stats"}"#, #""server_stats.server_state" has the wrong type"#),
        (#"{"current_config": {"1": {"server_addresses": [1]}}, "command": "voting_view"}"#,
         #""current_config.1.server_addresses.0" has the wrong type"#),
    ])
    func aWrongShapeIsNamed(_ text: String, _ words: String) {
        do {
            _ = try AdminReplies.decode(AdminServerStatsBody.self, Array(text.utf8), errors: ReplyErrorContext(server: "zk1", command: "x"))
            _ = try AdminReplies.decode(AdminVotingViewBody.self, Array(text.utf8), errors: ReplyErrorContext(server: "zk1", command: "x"))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains("not the AdminServer's JSON (\(words))"), "\(error)")
        }
    }
}
