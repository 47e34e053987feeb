import SystemSupport
import TestSupport
import Testing

@testable import ZKProbe

/// Servers that break the client protocol: each must end the member's probe in a typed failure naming the
/// member and the step, within the deadline, with the check still returning its report.
struct ClientSessionHostileTests {
    static let deadline = Duration.seconds(1)

    /// The probe of the one member `behavior` serves, with the time the whole check took.
    func probe(_ behavior: FakeServer.Behavior) throws -> (client: ClientMeasurement, run: TimedRun<CheckReport>) {
        let server = try FakeServer(behavior)
        defer { server.stop() }
        let endpoint = Endpoint(host: server.host, port: server.port)
        let run = try ClientProbeRun.check([endpoint], ClientProbe(mode: .session), deadline: Self.deadline)
        let client = try #require(run.value.members.first?.client)
        #expect(run.value.members.count == 1)
        #expect(!client.completed)
        #expect(client.error?.hasPrefix(endpoint.description) == true, "\(client)")
        #expect(run.endedInTime, "\(run)")
        return (client, run)
    }

    /// A server that reads the `ConnectRequest`, then does `then`. A four-letter word is closed unanswered.
    static func afterConnectRequest(_ then: @escaping @Sendable (FakeConnection) -> Void) -> FakeServer.Behavior {
        .converse { connection in
            guard case .packet = connection.readFrame(within: .seconds(5)) else { return }
            then(connection)
        }
    }

    /// A server that completes the handshake, reads one request, then does `then` with the request's xid.
    static func afterFirstRequest(_ then: @escaping @Sendable (FakeConnection, Int32) -> Void) -> FakeServer.Behavior {
        afterConnectRequest { connection in
            connection.send(HandWire.frame(HandWire.connectResponse(timeOut: 4000, sessionId: 0x55)))
            guard let request = nextRequest(connection) else { return }
            var cursor = HandWire.Cursor(request)
            then(connection, cursor.int() ?? 0)
        }
    }

    /// The next request that is not a ping, answering the pings before it as a server does: the probe pings
    /// while a reply is missing (``ClientSession/nudgeInterval(deadline:sessionTimeout:)``, 100 ms at this
    /// deadline), the handshake's included, so a slow run sends some.
    static func nextRequest(_ connection: FakeConnection) -> [UInt8]? {
        while case .packet(let packet) = connection.readFrame(within: .seconds(5)) {
            var cursor = HandWire.Cursor(packet)
            guard cursor.int() == -2 else { return packet }
            connection.send(HandWire.frame(HandWire.reply(xid: -2)))
        }
        return nil
    }

    static func hold(_ connection: FakeConnection) {
        while !connection.isStopped { connection.sleep(.seconds(1)) }
    }

    @Test func silenceAfterAcceptIsNoSessionWithinTheDeadline() throws {
        let (client, _) = try probe(.silent)
        #expect(client.failure == .noSession)
        #expect(client.sessionId == nil)
        #expect(client.error?.contains("no answer to the session handshake") == true, "\(client)")
    }

    @Test func silenceAfterTheHandshakeTimesOutNamingTheStep() throws {
        let (client, _) = try probe(Self.afterFirstRequest { connection, _ in Self.hold(connection) })
        #expect(client.failure == .timedOut)
        #expect(client.sessionId == 0x55)
        #expect(client.error?.contains("no answer to sync /") == true, "\(client)")
    }

    @Test func aDripFedHandshakeTimesOut() throws {
        let bytes = HandWire.frame(HandWire.connectResponse(timeOut: 4000, sessionId: 1))
        let (client, _) = try probe(
            Self.afterConnectRequest { connection in
                for byte in bytes where !connection.isStopped {
                    guard connection.send([byte]) else { return }
                    connection.sleep(.milliseconds(100))
                }
            })
        #expect(client.failure == .noSession)
        #expect(client.error?.contains("no answer to the session handshake within 1 s; ") == true, "\(client)")
        #expect(client.error?.contains(" bytes of the reply in") == true, "\(client)")
    }

    /// A length prefix of 2 MiB is refused when its 4 bytes arrive, before anything is allocated for it or
    /// waited for: well before the deadline.
    @Test func aLengthOver1MiBIsAProtocolErrorAtOnce() throws {
        let (client, run) = try probe(
            Self.afterConnectRequest { connection in
                connection.send(HandWire.int(2 << 20))
                Self.hold(connection)
            })
        #expect(client.failure == .protocolError)
        #expect(client.error?.contains("length 2097152") == true, "\(client)")
        #expect(run.elapsed < Self.deadline, "\(run)")
    }

    @Test func aNegativeLengthIsAProtocolError() throws {
        let (client, run) = try probe(
            Self.afterConnectRequest { connection in
                connection.send(HandWire.int(-2))
                Self.hold(connection)
            })
        #expect(client.failure == .protocolError)
        #expect(client.error?.contains("negative length -2") == true, "\(client)")
        #expect(run.elapsed < Self.deadline, "\(run)")
    }

    @Test(arguments: [
        [UInt8](repeating: 0xAB, count: 7),  // short
        HandWire.connectResponse(timeOut: 4000, sessionId: 1) + [0, 0, 0],  // trailing bytes
        HandWire.int(0) + HandWire.int(4000) + HandWire.long(1) + HandWire.int(-7),  // bad password length
        HandWire.reply(xid: 0, zxid: 0, err: 0),  // a reply header, and no error to say why
    ])
    func aGarbageConnectResponseIsAProtocolError(_ payload: [UInt8]) throws {
        let (client, _) = try probe(
            Self.afterConnectRequest { connection in
                connection.send(HandWire.frame(payload))
                Self.hold(connection)
            })
        #expect(client.failure == .protocolError, "\(client)")
        #expect(client.sessionId == nil)
        #expect(client.error?.contains("handshake") == true, "\(client)")
    }

    @Test func aReplyWithAnUnknownXidIsAProtocolError() throws {
        let (client, _) = try probe(
            Self.afterFirstRequest { connection, xid in
                connection.send(HandWire.frame(HandWire.reply(xid: xid + 76) + HandWire.string("/")))
                Self.hold(connection)
            })
        #expect(client.failure == .protocolError)
        #expect(client.error?.contains("unknown xid 77") == true, "\(client)")
    }

    @Test func aResetInTheMiddleOfAReplyIsAServerErrorNamingTheStep() throws {
        let (client, _) = try probe(
            Self.afterFirstRequest { connection, xid in
                let reply = HandWire.frame(HandWire.reply(xid: xid) + HandWire.string("/"))
                connection.send(Array(reply.prefix(9)))
                // Short beside the 200 ms a retry is given at least (ProbeLoop.retryPauseLimit): the probe retries
                // a reset, and the last attempt, which must also end in this reset, writes the report.
                connection.sleep(.milliseconds(20))
                connection.resetOnClose()
            })
        #expect(client.failure == .serverError)
        #expect(client.error?.contains("connection reset during sync /") == true, "\(client)")
    }

    @Test func aCloseRightAfterTheConnectRequestIsNoSession() throws {
        let (client, run) = try probe(Self.afterConnectRequest { _ in })
        #expect(client.failure == .noSession)
        #expect(client.error?.contains("closed the connection right after the ConnectRequest") == true, "\(client)")
        #expect(run.elapsed < Self.deadline, "\(run)")
    }

    @Test func aRefusedSessionIsNoSession() throws {
        let (client, _) = try probe(
            Self.afterConnectRequest { connection in
                connection.send(HandWire.frame(HandWire.connectResponse(timeOut: 0, sessionId: 0)))
                Self.hold(connection)
            })
        #expect(client.failure == .noSession)
        #expect(client.error?.contains("refused the session (negotiated timeout 0 ms)") == true, "\(client)")
    }

    /// A read-only server (3.8, `readonlymode.enabled=true`, default `localSessionsEnabled=false`) answers a
    /// new session's `ConnectRequest`, even one allowing read-only, with a bare reply header carrying
    /// `notReadOnly`: these are the bytes it sent, captured once.
    @Test func aReadOnlyServerRefusingTheSessionIsNoSessionAndSaysReadOnly() throws {
        let captured: [UInt8] = [
            0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0xFF, 0xFF, 0xFF, 0x89,
        ]
        let (client, run) = try probe(
            Self.afterConnectRequest { connection in
                connection.send(captured)
                Self.hold(connection)
            })
        #expect(client.failure == .noSession)
        #expect(client.readOnly)
        #expect(client.sessionId == nil)
        #expect(client.error?.contains("refused the session with notReadOnly (-119)") == true, "\(client)")
        #expect(run.elapsed < Self.deadline, "\(run)")
    }

    @Test func aRefusedConnectionIsNoSession() throws {
        let (descriptor, port) = try FakeServer.refusingPort()
        defer { Syscalls.close(descriptor) }
        let endpoint = Endpoint(host: "127.0.0.1", port: port)
        let run = try ClientProbeRun.check([endpoint], ClientProbe(mode: .write(path: "/zkprobe")))
        let client = try #require(run.value.members.first?.client)
        #expect(client.failure == .noSession)
        #expect(client.error?.contains("connection refused") == true, "\(client)")
        #expect(run.value.writable == false)
    }

    /// Notifications for watches the probe did not set, and ping replies, are not replies: the session goes on.
    @Test func strayNotificationsAndPingRepliesAreIgnored() throws {
        let server = try FakeServer(
            Self.afterFirstRequest { connection, xid in
                let stray =
                    HandWire.reply(xid: -1, zxid: -1) + HandWire.int(2) + HandWire.int(3) + HandWire.string("/x")
                connection.send(HandWire.frame(stray) + HandWire.frame(HandWire.reply(xid: -2)))
                connection.send(HandWire.frame(HandWire.reply(xid: xid) + HandWire.string("/")))
                for _ in 0..<2 {  // exists /, then closeSession
                    guard let request = Self.nextRequest(connection) else { return }
                    var cursor = HandWire.Cursor(request)
                    let next = cursor.int() ?? 0
                    let body = cursor.int() == 3 ? HandWire.zeroStat : []
                    connection.send(HandWire.frame(HandWire.reply(xid: next) + body))
                }
            })
        defer { server.stop() }
        let endpoint = Endpoint(host: server.host, port: server.port)

        let report = try ClientProbeRun.check([endpoint], ClientProbe(mode: .session), deadline: Self.deadline).value

        let client = try #require(report.members.first?.client)
        #expect(client.completed, "\(client)")
        #expect(client.sessionId == 0x55)
        #expect(client.roundTripSeconds != nil)
    }
}
