import Glibc
import SystemSupport
import Testing

@testable import ZKProbe

/// The session state machine driven without a socket: what it asks for, and how the loop's failures read.
struct ClientSessionTests {
    let endpoint = Endpoint(host: "127.0.0.1", port: 2181)
    let start = ContinuousClock.now

    func session(_ mode: ClientProbe.Mode = .session) -> ClientSession {
        ClientSession.batch(
            ClientProbe(mode: mode), endpoints: [endpoint], deadline: .seconds(2), visibilityNode: "/p/v",
            now: start)[0]
    }

    @Test(arguments: [(1, 4000), (3, 6000), (15, 30000), (60, 30000), (Int(Int64.max / 2), Int32(30000))])
    func theSessionTimeoutIsTwiceTheDeadlineFrom4To30Seconds(deadline: Int, millis: Int32) {
        #expect(ClientSession.requestedTimeout(deadline: .seconds(deadline)) == millis)
    }

    @Test func connectingQueuesTheConnectRequestAndNothingElse() {
        let s = session()
        s.connected(started: start, deadline: start + .seconds(2), now: start)
        #expect(s.takeOutgoing() == ConnectRequest(timeOut: 4000, readOnly: true).packet)
        #expect(s.takeOutgoing().isEmpty)
        #expect(s.describeStep() == "handshake")
        #expect(!s.isFinished)
    }

    @Test func theChecksOwnShortageIsLocalTroubleNotTheMembers() {
        let s = session()
        s.ended(
            transport: .systemError(endpoint: endpoint, word: "session", operation: "socket", errno: Errno(EMFILE)),
            now: start)
        #expect(s.result.failure == .localTrouble)
        #expect(s.result.error?.hasPrefix("127.0.0.1:2181: the check itself") == true)
        #expect(!s.result.completed)
    }

    @Test func noConnectionIsNoSession() {
        let refused = session()
        refused.ended(transport: .refused(endpoint: endpoint), now: start)
        #expect(refused.result.failure == .noSession)
        let silent = session()
        silent.ended(
            transport: .timedOut(
                endpoint: endpoint, word: "session", stage: .connecting, bytesReceived: 0, deadline: .seconds(2)),
            now: start)
        #expect(silent.result.failure == .noSession)
        #expect(silent.result.error == "127.0.0.1:2181: no TCP connection for a session within 2 s")
    }

    /// Visibility is the notification's time through this member minus the writer's acknowledgement, and never
    /// below 0 (a member may deliver the notification before the writer hears its reply).
    @Test(arguments: [(10, 0.0), (80, 0.03)])
    func visibilityIsTheDelayAfterTheAcknowledgementClampedAtZero(notifiedAfter millis: Int, seconds: Double) {
        let barrier = WriteBarrier(node: "/p/v", participants: 1, releaseAt: start)
        barrier.written(at: start + .milliseconds(50))
        let s = ClientSession(
            index: 0, endpoint: endpoint, probe: ClientProbe(mode: .write(path: "/p")), barrier: barrier)
        s.connected(started: start, deadline: start + .seconds(2), now: start)
        s.receive(HandWire.frame(HandWire.connectResponse(timeOut: 4000, sessionId: 9)), now: start)
        let created = HandWire.reply(xid: -1, zxid: -1) + HandWire.int(1) + HandWire.int(3) + HandWire.string("/p/v")
        let other = HandWire.reply(xid: -1, zxid: -1) + HandWire.int(1) + HandWire.int(3) + HandWire.string("/p/w")
        s.receive(HandWire.frame(other), now: start)
        s.receive(HandWire.frame(created), now: start + .milliseconds(millis))
        #expect(s.result.sessionId == 9)
        let visibility = try? #require(s.result.visibilitySeconds)
        #expect(abs((visibility ?? -1) - seconds) < 1e-9)
    }
}
