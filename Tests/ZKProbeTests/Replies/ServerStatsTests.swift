import Foundation
import Testing

@testable import ZKProbe

struct ServerStatsTests {
    static let server = "zk2:2181"

    static func srvr(
        version: String = "3.8.0-abc, built on 2022-02-25 08:49 UTC", latency: String = "0/0.4286/3",
        zxid: String = "0x100000002", mode: String = "follower", extra: [String] = []
    ) -> String {
        ([
            "Zookeeper version: \(version)", "Latency min/avg/max: \(latency)", "Received: 7", "Sent: 6",
            "Connections: 1", "Outstanding: 0", "Zxid: \(zxid)", "Mode: \(mode)", "Node count: 6",
        ] + extra).joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String, command: String = "srvr") throws -> ServerStats {
        try #require(try ServerStats.parse(text, server: server, command: command).answer)
    }

    @Test func splitsTheZxidIntoEpochAndCounter() throws {
        let stats = try Self.parse(Self.srvr(zxid: "0x1f00000a2b"))
        #expect(stats.zxid.epoch == 0x1f)
        #expect(stats.zxid.counter == 0xa2b)
        #expect(stats.zxid.description == "0x1f00000a2b")
        #expect(Zxid(epoch: 0x1f, counter: 0xa2b) == stats.zxid)
    }

    @Test func readsAZxidWithAllSixtyFourBitsSet() throws {
        // Long.toHexString of a negative long prints 16 digits.
        let stats = try Self.parse(Self.srvr(zxid: "0xffffffffffffffff"))
        #expect(stats.zxid.epoch == UInt32.max)
        #expect(stats.zxid.counter == UInt32.max)
    }

    @Test(arguments: [
        ("0/2/31", 2.0, true),
        ("0/0.4286/3", 0.4286, false),
        ("0/5.0E-4/1", 0.0005, false),
        ("1/1.2345678E7/99999999", 12_345_678.0, false),
    ])
    func readsTheAverageLatencyOfEveryVersion(latency: String, average: Double, isInteger: Bool) throws {
        let stats = try Self.parse(Self.srvr(latency: latency))
        #expect(stats.latency.average == average)
        #expect(stats.latency.averageIsInteger == isInteger)
    }

    @Test func readsTheVersionNumbersWhateverFollowsThem() throws {
        let debian = try Self.parse(Self.srvr(version: "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC"))
        #expect(debian.version.number == "3.8.0")
        #expect(debian.version.revision == "${mvngit.commit.id}")
        #expect(debian.version.builtOn == "2024-12-29 17:54 UTC")
        let beta = try Self.parse(Self.srvr(version: "3.5.4-beta-7f51e5b68cf2f80176ff944a9ebd2abbc65e7327, built on x"))
        #expect((beta.version.major, beta.version.minor, beta.version.patch) == (3, 5, 4))
        #expect(beta.version.revision == "beta-7f51e5b68cf2f80176ff944a9ebd2abbc65e7327")
        #expect(beta.version.printsIntegerAverageLatency)
        #expect(!debian.version.printsIntegerAverageLatency)
    }

    @Test(arguments: ServerMode.allCases)
    func readsEveryMode(mode: ServerMode) throws {
        #expect(try Self.parse(Self.srvr(mode: mode.rawValue)).mode == mode)
    }

    @Test func toleratesLinesFromFutureVersionsAndKeepsThem() throws {
        let stats = try Self.parse(Self.srvr(extra: ["Shiny new field: 42", "", ""]))
        #expect(stats.unrecognizedLines == ["Shiny new field: 42"])
        #expect(stats.nodeCount == 6)
    }

    @Test func acceptsWindowsLineEnds() throws {
        let text = Self.srvr().replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Self.parse(text) == Self.parse(Self.srvr()))
    }

    @Test func readsTheReadOnlyBannerAndTheClientList() throws {
        let text = """
            Zookeeper version: 3.9.2-abc, built on 2024-02-12 22:16 UTC
            READ-ONLY mode; serving only read-only clients
            Clients:
             /[0:0:0:0:0:0:0:1]:5432[0](queued=0,recved=1,sent=0)
             /0:0:0:0:0:0:0:1:5433[1](queued=2,recved=10,sent=8)
             client.example.com/10.1.2.3:40000[5](queued=0,recved=3,sent=3)
             null[0](queued=0,recved=1,sent=0)

            Latency min/avg/max: 0/0.0/0
            Received: 3
            Sent: 2
            Connections: 4
            Outstanding: 0
            Zxid: 0x500000012
            Mode: read-only
            Node count: 11

            """
        let stats = try Self.parse(text, command: "stat")
        #expect(stats.isReadOnly)
        let clients = try #require(stats.clients)
        #expect(clients.map(\.host) == ["0:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1", "10.1.2.3", nil])
        #expect(clients.map(\.port) == [5432, 5433, 40000, nil])
        #expect(clients[2].hostName == "client.example.com")
        #expect(clients[2].interestOps == 5)
        #expect(clients[1].queued == 2 && clients[1].received == 10 && clients[1].sent == 8)
    }

    @Test func readsAConsLineWithItsDetails() throws {
        let line =
            " /127.0.0.1:54321[1](queued=0,recved=41,sent=41,sid=0x100000a3e2b0001,lop=PING,est=1707776400123,"
            + "to=30000,lcxid=0x2a,lzxid=0x500000012,lresp=1707777012345,llat=0,minlat=0,avglat=0,maxlat=9)"
        let connection = try #require(ClientConnection(parsing: line[...]))
        #expect(connection.detail("sid") == "0x100000a3e2b0001")
        #expect(connection.detail("lop") == "PING")
        #expect(
            connection.details.map(\.key) == [
                "sid", "lop", "est", "to", "lcxid", "lzxid", "lresp", "llat", "minlat", "avglat", "maxlat",
            ])
    }

    @Test(arguments: ["Zxid: ", "Mode: ", "Node count: ", "Received: ", "Latency min/avg/max: "])
    func aMissingFieldIsAnErrorThatSaysSo(field: String) throws {
        let text = Self.srvr().split(separator: "\n").filter { !$0.hasPrefix(field) }.joined(separator: "\n")
        #expect(throws: ReplyParseError.self) { try ServerStats.parse(text, server: Self.server) }
        do {
            _ = try ServerStats.parse(text, server: Self.server)
        } catch {
            #expect(error.lineNumber == nil)
            #expect(error.description == "zk2:2181: srvr reply: no \"\(field)\" line; the reply looks truncated")
        }
    }

    @Test func aReplyCutInsideTheClientListIsAnError() {
        let text = "Zookeeper version: 3.8.0-abc, built on x\nClients:\n /127.0.0.1:1[0](queued=0,recved=1,sent=0)\n"
        #expect {
            try ServerStats.parse(text, server: Self.server, command: "stat")
        } throws: { error in
            (error as? ReplyParseError)?.reason.contains("not ended by a blank line") == true
        }
    }

    @Test func aSecondModeLineIsAnError() {
        let text = Self.srvr(extra: ["Mode: leader"])
        #expect {
            try ServerStats.parse(text, server: Self.server)
        } throws: { error in
            (error as? ReplyParseError)?.lineNumber == 10
        }
    }

    @Test func refusalsAreResults() throws {
        let notServing = try ServerStats.parse(
            "This ZooKeeper instance is not currently serving requests\n", server: Self.server)
        #expect(notServing == .refused(.notServing))
        let refused = try ServerStats.parse(
            "stat is not executed because it is not in the whitelist.\n", server: Self.server, command: "stat")
        #expect(refused == .refused(.notWhitelisted(word: "stat")))
        #expect(try ServerStats.parse("", server: Self.server) == .refused(.empty))
    }
}
