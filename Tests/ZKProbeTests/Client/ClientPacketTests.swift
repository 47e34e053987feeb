import Testing

@testable import ZKProbe

/// Each packet the probe sends, against bytes written by hand from `zookeeper.jute` (length prefix, then
/// `{int xid, int type}`, then the body), and each reply it reads, from hand-written bytes.
struct ClientPacketTests {
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func connectRequest() {
        let packet = ConnectRequest(timeOut: 6000, readOnly: true).packet
        let expected: [UInt8] =
            [0, 0, 0, 45]  // 4 + 8 + 4 + 8 + (4 + 16) + 1
            + [0, 0, 0, 0]  // protocolVersion
            + [0, 0, 0, 0, 0, 0, 0, 0]  // lastZxidSeen
            + [0, 0, 0x17, 0x70]  // timeOut 6000
            + [0, 0, 0, 0, 0, 0, 0, 0]  // sessionId
            + [0, 0, 0, 16] + [UInt8](repeating: 0, count: 16)  // passwd
            + [1]  // readOnly
        #expect(packet == expected)
    }

    @Test func requests() {
        let slashA = [0, 0, 0, 2] + Self.ascii("/a")
        #expect(
            ClientRequest.sync(path: "/").packet(xid: 1) == [0, 0, 0, 13, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 1, 0x2F])
        #expect(
            ClientRequest.exists(path: "/a", watch: true).packet(xid: 2)
                == [0, 0, 0, 15, 0, 0, 0, 2, 0, 0, 0, 3] + slashA + [1])
        #expect(
            ClientRequest.getData(path: "/a", watch: false).packet(xid: 3)
                == [0, 0, 0, 15, 0, 0, 0, 3, 0, 0, 0, 4] + slashA + [0])
        let create = ClientRequest.create(path: "/a", data: [0x7A], acl: [.openUnsafe], mode: .ephemeral)
        #expect(
            create.packet(xid: 4)
                == [0, 0, 0, 50, 0, 0, 0, 4, 0, 0, 0, 1] + slashA
                + [0, 0, 0, 1, 0x7A]  // data
                + [0, 0, 0, 1]  // one ACL
                + [0, 0, 0, 31] + [0, 0, 0, 5] + Self.ascii("world") + [0, 0, 0, 6] + Self.ascii("anyone")
                + [0, 0, 0, 1])  // ephemeral
        #expect(
            ClientRequest.delete(path: "/a", version: -1).packet(xid: 5)
                == [0, 0, 0, 18, 0, 0, 0, 5, 0, 0, 0, 2] + slashA + [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(ClientRequest.closeSession.packet(xid: 6) == [0, 0, 0, 8, 0, 0, 0, 6, 0xFF, 0xFF, 0xFF, 0xF5])
        // Special xids: ping -2, auth -4, whatever xid is given.
        #expect(ClientRequest.ping.packet(xid: 7) == [0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFE, 0, 0, 0, 11])
        #expect(
            ClientRequest.addAuth(scheme: "digest", auth: Self.ascii("u:p")).packet(xid: 8)
                == [0, 0, 0, 29, 0xFF, 0xFF, 0xFF, 0xFC, 0, 0, 0, 100, 0, 0, 0, 0]
                + [0, 0, 0, 6] + Self.ascii("digest") + [0, 0, 0, 3] + Self.ascii("u:p"))
        #expect(
            ClientRequest.create(path: "/p", data: [], acl: [.openUnsafe], mode: .persistent).packet(xid: 9).suffix(4)
                == [0, 0, 0, 0])
    }

    @Test func connectResponseWithAndWithoutTheReadOnlyByte() throws {
        let password = [UInt8](repeating: 0x5A, count: 16)
        let body: [UInt8] =
            [0, 0, 0, 0] + [0, 0, 0x0F, 0xA0] + [0x01, 0, 0, 0, 0, 0, 0, 0x2A] + [0, 0, 0, 16] + password
        let modern = try ConnectResponse(payload: body + [1])
        #expect(modern.timeOut == 4000)
        #expect(modern.sessionId == 0x0100_0000_0000_002A)
        #expect(modern.password == password)
        #expect(modern.readOnly)
        #expect(try ConnectResponse(payload: body).readOnly == false)
        #expect(modern.payload == body + [1])
    }

    @Test func replyHeaderNotificationAndStat() throws {
        var header = JuteReader([0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 5, 0xFF, 0xFF, 0xFF, 0x9B])
        let reply = try ReplyHeader(from: &header)
        #expect(reply == ReplyHeader(xid: 7, zxid: 0x1_0000_0005, err: .noNode))
        #expect(reply.err.description == "noNode (-101)")

        var event = JuteReader([0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 2] + Self.ascii("/a"))
        #expect(try WatcherEvent(from: &event) == WatcherEvent(type: 1, state: 3, path: "/a"))

        // Stat: czxid mzxid ctime mtime (longs), version cversion aversion (ints), ephemeralOwner (long),
        // dataLength numChildren (ints), pzxid (long).
        let bytes: [UInt8] =
            [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 0, 0, 0, 0, 2] + [0, 0, 0, 0, 0, 0, 0, 3] + [0, 0, 0, 0, 0, 0, 0, 4]
            + [0, 0, 0, 5] + [0, 0, 0, 6] + [0, 0, 0, 7] + [0, 0, 0, 0, 0, 0, 0, 8] + [0, 0, 0, 9] + [0, 0, 0, 10]
            + [0, 0, 0, 0, 0, 0, 0, 11]
        #expect(bytes.count == Stat.byteCount)
        var r = JuteReader(bytes)
        let stat = try Stat(from: &r)
        #expect(r.remaining == 0)
        #expect(
            [stat.czxid, stat.mzxid, stat.ctime, stat.mtime, stat.ephemeralOwner, stat.pzxid] == [1, 2, 3, 4, 8, 11])
        #expect([stat.version, stat.cversion, stat.aversion, stat.dataLength, stat.numChildren] == [5, 6, 7, 9, 10])
    }

    @Test(arguments: [
        (Int32(0), "ok"), (-4, "connectionLoss"), (-5, "marshallingError"), (-6, "unimplemented"),
        (-7, "operationTimeout"), (-8, "badArguments"), (-101, "noNode"), (-102, "noAuth"), (-103, "badVersion"),
        (-108, "noChildrenForEphemerals"), (-110, "nodeExists"), (-111, "notEmpty"), (-112, "sessionExpired"),
        (-114, "invalidACL"), (-115, "authFailed"), (-118, "sessionMoved"), (-119, "notReadOnly"), (-999, "error"),
    ])
    func errorCodesHaveZooKeepersNames(code: Int32, name: String) {
        #expect(ZooKeeperErrorCode(rawValue: code).name == name)
    }
}
