import Dispatch
import Glibc
import Synchronization
import TestSupport
import Testing

@testable import ZKProbe

/// A member that resets a session after the loop's `poll` and before the probe's ping goes out (on a loaded
/// machine the loop is descheduled there) hands its reset to the ping's `send`: the kernel reports a reset once,
/// and the read that follows sees only an end of stream. The member still reset the session, not closed it.
struct ResetBeforePingTests {
    @Test func aResetTheSendOfAPingMeetsIsStillAReset() throws {
        let connections = Atomic<Int>(0)
        let resetNow = DispatchSemaphore(value: 0)
        let server = try FakeServer(
            .converse { connection in
                // Later connections (the probe's retry, when time is left for one) get no answer, so a retry ends
                // at the deadline and the report keeps the first connection's error as "the one before".
                guard connections.add(1, ordering: .relaxed).oldValue == 0 else {
                    return ClientSessionHostileTests.hold(connection)
                }
                guard case .packet = connection.readFrame(within: .seconds(5)) else { return }
                connection.send(HandWire.frame(HandWire.connectResponse(timeOut: 4000, sessionId: 0x55)))
                guard ClientSessionHostileTests.nextRequest(connection) != nil else { return }
                guard resetNow.wait(timeout: .now() + 5) == .success else { return }
                connection.resetOnClose()
            })
        defer { server.stop() }
        let endpoint = Endpoint(host: server.host, port: server.port)
        let session = ClientSession(index: 0, endpoint: endpoint, probe: ClientProbe(mode: .session), barrier: nil)
        let deadline = ContinuousClock.now + .seconds(10)
        let loop = ProbeLoop(options: ProbeOptions(deadline: .seconds(2)), wireRequests: [], sessions: [session])

        while session.step != .sync, !loop.isIdle, ContinuousClock.now < deadline { loop.turn() }
        try #require(session.step == .sync)
        // The first half of a turn: the poll ends when the ping is due, as the member says nothing.
        loop.handleEvents()
        let descriptor = try #require(loop.activeFlights.first?.descriptor)
        resetNow.signal()
        // The reset has reached the probe's socket once poll reports it there (poll leaves the error pending).
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while entry.revents & Int16(POLLERR) == 0, ContinuousClock.now < deadline {
            entry.revents = 0
            _ = poll(&entry, 1, 20)
        }
        try #require(entry.revents & Int16(POLLERR) != 0, "the member's reset never reached the probe's socket")
        // The second half: the ping goes out into the reset.
        loop.moveOn()
        #expect(loop.activeFlights.first?.resetBySend == true, "the ping's send did not meet the reset")
        while !loop.isIdle, ContinuousClock.now < deadline { loop.turn() }

        let result = session.result
        #expect(result.error?.contains("\(endpoint): connection reset during sync /") == true, "\(result)")
    }
}
