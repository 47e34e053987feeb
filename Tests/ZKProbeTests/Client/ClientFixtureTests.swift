import Testing

@testable import ZKProbe

/// The jute codec against the bytes of real ZooKeeper 3.8.0 sessions (`Fixtures/client`, Debian's zkCli.sh and
/// servers): every server frame decodes into the fields the capture shows, and the probe's requests encode to the
/// bytes the Java client sent for the same request.
@Suite struct ClientFixtureTests {
    // MARK: Framing

    @Test(arguments: ClientFixtures.sessions)
    func everyCapturedFrameComesOutOfTheFramerWholeWhateverTheReadSizes(_ session: String) throws {
        for side in ClientFixtures.Side.allCases {
            let frames = try ClientFixtures.frames(session, side)
            let stream = frames.flatMap { $0 }
            for chunk in [1, 3, 7, 64, max(stream.count, 1)] {
                var framer = PacketFramer()
                var payloads: [[UInt8]] = []
                var offset = 0
                while offset < stream.count {
                    framer.append(stream[offset..<min(offset + chunk, stream.count)])
                    offset += chunk
                    while let payload = try framer.next() { payloads.append(payload) }
                }
                #expect(payloads == frames.map { Array($0.dropFirst(4)) }, "\(session).\(side) in \(chunk)-byte reads")
                #expect(framer.buffered == 0)
            }
        }
    }

    @Test(arguments: ClientFixtures.sessions)
    func everyServerFrameDecodesWholeAsWhatItAnswers(_ session: String) throws {
        // What each xid asked, from the client's own frames.
        var asked: [Int32: OpCode] = [:]
        for payload in try ClientFixtures.payloads(session, .client).dropFirst() {
            var reader = JuteReader(payload)
            let header = try RequestHeader(from: &reader)
            asked[header.xid] = OpCode(rawValue: header.type)
        }
        let server = try ClientFixtures.payloads(session, .server)
        guard let handshake = server.first else { return }  // a refusal: nothing sent
        if session == "readonly-global" {
            var reader = JuteReader(handshake)
            #expect(try ReplyHeader(from: &reader).err == .notReadOnly && reader.remaining == 0)
        } else {
            _ = try ConnectResponse(payload: handshake)
        }
        for (index, payload) in server.enumerated().dropFirst() {
            var reader = JuteReader(payload)
            let header = try ReplyHeader(from: &reader)
            if header.xid == Xid.notification {
                _ = try WatcherEvent(from: &reader)
            } else if header.err == .ok {
                switch try #require(asked[header.xid], "\(session) frame \(index): xid \(header.xid) was never asked") {
                case .create, .sync:
                    #expect(try reader.string("path")?.hasPrefix("/") == true)
                case .exists:
                    _ = try Stat(from: &reader)
                case .getData:
                    _ = try reader.buffer("data")
                    _ = try Stat(from: &reader)
                case .delete, .closeSession, .auth, .ping:
                    break
                }
            }
            #expect(reader.remaining == 0, "\(session) frame \(index): \(reader.remaining) bytes left over")
        }
    }

    // MARK: Handshake

    @Test(arguments: ["writer", "watcher", "denied"])
    func aConnectResponseDecodesWithTheNegotiatedTimeoutAndItsSession(_ session: String) throws {
        let response = try ConnectResponse(payload: try #require(ClientFixtures.payloads(session, .server).first))
        #expect(response.protocolVersion == 0)
        // The client asked for 30000 ms; the ensemble (tickTime 500) grants at most 20 ticks.
        #expect(response.timeOut == 10_000)
        #expect(response.sessionId != 0)
        #expect(response.password?.count == 16)
        #expect(!response.readOnly)
    }

    @Test func theSessionIdOfTheHandshakeOwnsTheEphemeralNodeItCreated() throws {
        let replies = try ClientFixtures.payloads("writer", .server)
        let response = try ConnectResponse(payload: replies[0])
        let getData = try reply(to: 7, in: "writer")
        #expect(getData.header.err == .ok)
        var body = getData.body
        #expect(try body.buffer("data") == Array("probe".utf8))
        let stat = try Stat(from: &body)
        #expect(body.remaining == 0)
        #expect(stat.ephemeralOwner == response.sessionId)
        #expect(stat.dataLength == 5)
        #expect(stat.numChildren == 0)
        // The node was created by the reply to xid 6, whose zxid is the node's czxid and mzxid.
        let create = try reply(to: 6, in: "writer")
        #expect(stat.czxid == create.header.zxid && stat.mzxid == create.header.zxid && stat.pzxid == stat.czxid)
        #expect(stat.ctime == stat.mtime && stat.ctime > 1_600_000_000_000)
    }

    @Test func aReadOnlyServerSaysSoAtTheEndOfItsConnectResponse() throws {
        let request = try ClientFixtures.payloads("readonly", .client)[0]
        #expect(request.last == 1, "the client asked with readOnly=true")
        let response = try ConnectResponse(payload: ClientFixtures.payloads("readonly", .server)[0])
        #expect(response.readOnly)
        #expect(response.timeOut == 10_000 && response.sessionId != 0)
        let create = try reply(to: 2, in: "readonly")
        #expect(create.header.err == .notReadOnly)
    }

    @Test func aReadOnlyServerWithGlobalSessionsAnswersTheHandshakeWithABareErrorHeader() throws {
        let payload = try #require(ClientFixtures.payloads("readonly-global", .server).first)
        #expect(payload.count == 16)
        #expect(throws: JuteError.self) { try ConnectResponse(payload: payload) }
        var reader = JuteReader(payload)
        let header = try ReplyHeader(from: &reader)
        #expect(header.xid == 0 && header.err == .notReadOnly && header.zxid > 0)
    }

    @Test func aMemberWithoutQuorumClosesWithoutAByte() throws {
        #expect(try ClientFixtures.frames("refused", .client).count == 1)
        #expect(try ClientFixtures.frames("refused", .server).isEmpty)
    }

    // MARK: Replies

    @Test func theWritersRepliesDecodeAsTheirRequestsAsk() throws {
        #expect(try reply(to: Xid.auth, in: "writer").header.err == .ok)
        var sync = try reply(to: 1, in: "writer").body
        #expect(try sync.string("path") == "/" && sync.remaining == 0)
        var exists = try reply(to: 2, in: "writer").body
        let root = try Stat(from: &exists)
        #expect(exists.remaining == 0 && root.czxid == 0 && root.numChildren == 1)
        var created = try reply(to: 3, in: "writer").body
        #expect(try created.string("path") == "/zkprobe-fixture")
        #expect(try reply(to: 4, in: "writer").header.err == .nodeExists)
        var sequential = try reply(to: 8, in: "writer").body
        let name = try #require(try sequential.string("path"))
        #expect(name.hasPrefix("/zkprobe-fixture/seq-") && name.dropFirst(21).count == 10)
        #expect(name.dropFirst(21).allSatisfy { $0.isNumber })
        let delete = try reply(to: 9, in: "writer")
        #expect(delete.header.err == .ok && delete.body.remaining == 0)
        let missing = try reply(to: 10, in: "writer")
        #expect(missing.header.err == .noNode && missing.body.remaining == 0)
        #expect(missing.header.err.description == "noNode (-101)")
        let close = try reply(to: 11, in: "writer")
        #expect(close.header.err == .ok && close.body.remaining == 0)
        // Every write advanced the zxid; pings and reads repeat the last one.
        let zxids = try ClientFixtures.payloads("writer", .server).dropFirst().map { payload in
            var reader = JuteReader(payload)
            return try ReplyHeader(from: &reader).zxid
        }
        #expect(zxids == zxids.sorted())
    }

    @Test func aWatchOnAMissingNodeIsSetByANoNodeReplyAndFiresAsNodeCreated() throws {
        #expect(try reply(to: 1, in: "watcher").header.err == .noNode)
        let notifications = try ClientFixtures.payloads("watcher", .server).dropFirst().compactMap {
            payload -> (ReplyHeader, WatcherEvent)? in
            var reader = JuteReader(payload)
            let header = try ReplyHeader(from: &reader)
            guard header.xid == Xid.notification else { return nil }
            let event = try WatcherEvent(from: &reader)
            #expect(reader.remaining == 0)
            return (header, event)
        }
        let (header, event) = try #require(notifications.first)
        #expect(notifications.count == 1)
        #expect(header.zxid == -1 && header.err == .ok)
        #expect(event.type == WatcherEvent.nodeCreated && event.state == WatcherEvent.syncConnected)
        #expect(event.path == "/zkprobe-fixture/v")
        #expect(try reply(to: Xid.ping, in: "watcher").body.remaining == 0)
    }

    @Test func refusedACLsAreNoAuthAndInvalidACL() throws {
        #expect(try reply(to: 1, in: "denied").header.err == .noAuth)
        #expect(try reply(to: 2, in: "denied").header.err == .invalidACL)
        #expect(try reply(to: 3, in: "denied").header.err == .noAuth)
        #expect(ZooKeeperErrorCode.noAuth.description == "noAuth (-102)")
        #expect(ZooKeeperErrorCode.invalidACL.description == "invalidACL (-114)")
    }

    // MARK: Requests: the probe's bytes are the Java client's

    @Test func theProbesRequestsEncodeToTheJavaClientsBytes() throws {
        let writer = try ClientFixtures.frames("writer", .client)
        #expect(
            ClientRequest.addAuth(scheme: "digest", auth: Array("zkprobe:fixture-secret".utf8)).packet(xid: 99)
                == writer[1])
        #expect(ClientRequest.sync(path: "/").packet(xid: 1) == writer[2])
        #expect(ClientRequest.exists(path: "/", watch: false).packet(xid: 2) == writer[3])
        let ephemeral = ClientRequest.create(
            path: "/zkprobe-fixture/v", data: Array("probe".utf8), acl: [.openUnsafe], mode: .ephemeral)
        #expect(ephemeral.packet(xid: 6) == frame(xid: 6, in: writer))
        #expect(
            ClientRequest.getData(path: "/zkprobe-fixture/v", watch: false).packet(xid: 7) == frame(xid: 7, in: writer))
        let sequential = ClientRequest.create(
            path: "/zkprobe-fixture/seq-", data: Array("s".utf8), acl: [.openUnsafe], mode: .ephemeralSequential)
        #expect(sequential.packet(xid: 8) == frame(xid: 8, in: writer))
        #expect(
            ClientRequest.delete(path: "/zkprobe-fixture/v", version: -1).packet(xid: 9) == frame(xid: 9, in: writer))
        #expect(ClientRequest.closeSession.packet(xid: 11) == frame(xid: 11, in: writer))
        #expect(ClientRequest.ping.packet(xid: 42) == frame(xid: Xid.ping, in: writer))
        let watcher = try ClientFixtures.frames("watcher", .client)
        #expect(ClientRequest.exists(path: "/zkprobe-fixture/v", watch: true).packet(xid: 1) == watcher[1])
    }

    @Test func aPersistentCreateDiffersFromTheJavaClientsOnlyInTheNullDataBuffer() throws {
        // zkCli sends no data as a null buffer (length -1); the probe sends an empty one (length 0).
        let java = try #require(frame(xid: 3, in: try ClientFixtures.frames("writer", .client)))
        let probe = ClientRequest.create(path: "/zkprobe-fixture", data: [], acl: [.openUnsafe], mode: .persistent)
            .packet(xid: 3)
        #expect(probe.count == java.count)
        let differing = zip(probe, java).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        let dataLength = 4 + 8 + 4 + "/zkprobe-fixture".utf8.count
        #expect(differing == Array(dataLength..<(dataLength + 4)))
    }

    @Test func theHandshakeRequestIsTheJavaClientsWithTheSameTimeoutAndReadOnlyFlag() throws {
        let readOnly = try ClientFixtures.frames("readonly", .client)[0]
        #expect(ConnectRequest(timeOut: 30_000, readOnly: true).packet == readOnly)
        let readWrite = try ClientFixtures.frames("writer", .client)[0]
        #expect(ConnectRequest(timeOut: 30_000, readOnly: false).packet == readWrite)
    }

    // MARK: Helpers

    /// The reply to `xid` in `session`'s server frames: its header, and a reader at its body.
    private func reply(to xid: Int32, in session: String) throws -> (header: ReplyHeader, body: JuteReader) {
        for payload in try ClientFixtures.payloads(session, .server).dropFirst() {
            var reader = JuteReader(payload)
            let header = try ReplyHeader(from: &reader)
            if header.xid == xid { return (header, reader) }
        }
        throw ClientFixtures.FixtureError(description: "\(session): no reply with xid \(xid)")
    }

    /// The first client frame of a request with `xid`.
    private func frame(xid: Int32, in frames: [[UInt8]]) -> [UInt8]? {
        frames.dropFirst().first { frame in
            var reader = JuteReader(Array(frame.dropFirst(4)))
            return (try? reader.int("xid")) == xid
        }
    }
}
