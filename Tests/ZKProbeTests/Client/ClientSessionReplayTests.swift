import Testing

@testable import ZKProbe

/// The session probe's state machine (`ClientSession`) fed the bytes a real ZooKeeper 3.8.0 server sent
/// (`Fixtures/client`): it answers them with the bytes the real Java client sent for the same steps, and measures
/// what the real handshake said.
@Suite struct ClientSessionReplayTests {
    private let endpoint = Endpoint(host: "127.0.0.1", port: 2181)

    /// A 15 s deadline asks for the Java client's 30000 ms session timeout (twice the deadline, at most 30 s).
    private let deadline = Duration.seconds(15)

    @Test func aSessionProbeWithOneCredentialSpeaksAsTheJavaClientDidAndCompletes() throws {
        let client = try ClientFixtures.frames("writer", .client)
        let server = try ClientFixtures.frames("writer", .server)
        let credential = DigestCredential(user: "zkprobe", password: "fixture-secret")
        let session = ClientSession(
            index: 0, endpoint: endpoint, probe: ClientProbe(mode: .session, credentials: [credential]), barrier: nil)
        let start = ContinuousClock.now
        session.connected(started: start, deadline: start + deadline, now: start)

        // The handshake: zkCli's, but with readOnly=true (so that read-only servers answer too).
        let handshake = session.takeOutgoing()
        #expect(handshake.dropLast() == client[0].dropLast())
        #expect(handshake.last == 1 && client[0].last == 0)

        // The server's frames, one at a time, are answered with the Java client's next request byte for byte:
        // addAuth digest, sync /, exists /.
        for step in 0..<3 {
            session.receive(server[step], now: start + .milliseconds(10 * (step + 1)))
            #expect(session.takeOutgoing() == client[step + 1], "after server frame \(step)")
        }
        // Then closeSession, the next xid.
        session.receive(server[3], now: start + .milliseconds(40))
        #expect(session.takeOutgoing() == ClientRequest.closeSession.packet(xid: 3))
        // The server answers closeSession and closes.
        session.receive(closeReply(xid: 3, like: server.last!), now: start + .milliseconds(50))
        session.ended(transport: nil, now: start + .milliseconds(60))

        let measured = session.result
        let response = try ConnectResponse(payload: Array(server[0].dropFirst(4)))
        #expect(measured.completed, "\(measured)")
        #expect(measured.error == nil && measured.failure == nil)
        #expect(measured.sessionId == response.sessionId)
        #expect(!measured.readOnly)
        #expect(abs((measured.connectSeconds ?? -1) - 0.01) < 1e-9, "the ConnectResponse came 10 ms after the start")
        // sync and exists: from sending the sync (after the auth reply, at 20 ms) to the exists reply (40 ms).
        #expect(abs((measured.roundTripSeconds ?? -1) - 0.02) < 1e-9, "\(measured)")
        #expect(measured.writeSeconds == nil && measured.visibilitySeconds == nil)
    }

    @Test func aReadOnlyServersHandshakeIsMeasuredAsReadOnly() throws {
        let server = try ClientFixtures.frames("readonly", .server)
        let session = ClientSession(index: 0, endpoint: endpoint, probe: ClientProbe(mode: .session), barrier: nil)
        let start = ContinuousClock.now
        session.connected(started: start, deadline: start + deadline, now: start)
        #expect(session.takeOutgoing() == (try ClientFixtures.frames("readonly", .client)[0]))
        session.receive(server[0], now: start + .milliseconds(5))
        #expect(session.takeOutgoing() == ClientRequest.sync(path: "/").packet(xid: 1))
        session.ended(transport: nil, now: start + .milliseconds(6))
        #expect(session.result.readOnly)
        #expect(session.result.sessionId == (try ConnectResponse(payload: Array(server[0].dropFirst(4)))).sessionId)
    }

    @Test func aMemberWithoutQuorumThatClosesAfterTheHandshakeGivesNoSession() throws {
        let session = ClientSession(index: 0, endpoint: endpoint, probe: ClientProbe(mode: .session), barrier: nil)
        let start = ContinuousClock.now
        session.connected(started: start, deadline: start + deadline, now: start)
        #expect(session.takeOutgoing().dropLast() == (try ClientFixtures.frames("refused", .client)[0]).dropLast())
        session.serverClosed(now: start + .milliseconds(5))
        session.ended(transport: nil, now: start + .milliseconds(5))
        #expect(session.result.failure == .noSession, "\(session.result)")
        #expect(!session.result.completed && session.result.sessionId == nil)
    }

    @Test func aReadOnlyServerRefusingAGlobalSessionIsNoSessionNotABrokenServer() throws {
        // A real 3.8 server in read-only mode with global sessions (the default) answers the ConnectRequest with
        // a 16-byte ReplyHeader (xid 0, err notReadOnly) and closes: a refusal, not a protocol error.
        let server = try ClientFixtures.frames("readonly-global", .server)
        let session = ClientSession(index: 0, endpoint: endpoint, probe: ClientProbe(mode: .session), barrier: nil)
        let start = ContinuousClock.now
        session.connected(started: start, deadline: start + deadline, now: start)
        _ = session.takeOutgoing()
        session.receive(server[0], now: start + .milliseconds(5))
        session.serverClosed(now: start + .milliseconds(6))
        session.ended(transport: nil, now: start + .milliseconds(6))
        let measured = session.result
        #expect(measured.failure == .noSession, "\(measured)")
        #expect(measured.error?.contains("notReadOnly") == true, "\(measured)")
        #expect(!measured.completed && measured.sessionId == nil)
    }

    /// The captured closeSession reply (`like`) with its xid set to `xid`: the probe numbers its requests from 1,
    /// zkCli had sent more before its close.
    private func closeReply(xid: Int32, like frame: [UInt8]) -> [UInt8] {
        var writer = JuteWriter()
        writer.int(xid)
        return Array(frame[0..<4]) + writer.bytes + Array(frame[8...])
    }
}
