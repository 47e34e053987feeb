import TestSupport
import Testing

@testable import ZKProbe

/// A reply the member holds until it takes another request (ZooKeeper 3.6.0–3.8.0's CommitProcessor after a missed
/// wakeup, ZOOKEEPER-4537: on a quiet ensemble the commit waits for the next request or commit) is released by the
/// probe's own ping, so the member completes the probe instead of failing it at the deadline; and a reset that
/// answers `closeSession` is the close, not a failure.
struct ClientSessionNudgeTests {
    /// closeSession, create, delete, sync: each a commit on a real member.
    @Test(arguments: [
        (ClientProbe.Mode.write(path: "/zkprobe"), Set<Int32>([-11])),
        (.write(path: "/zkprobe"), Set<Int32>([1, 2])),
        (.session, Set<Int32>([9, -11])),
    ])
    func aHeldReplyIsReleasedByThePingThatFollowsIt(mode: ClientProbe.Mode, held: Set<Int32>) throws {
        let zk = try FakeZooKeeper([.serving, .holdsUntilAnotherPacket(held), .serving])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: mode), deadline: .seconds(3))
        let report = run.value

        #expect(run.endedInTime, "\(run)")
        let client = try #require(ClientProbeRun.client(report, zk.endpoints[1]))
        #expect(client.completed, "\(client)")
        #expect(client.error == nil, "\(client)")
        #expect(report.findings.allSatisfy { $0.code != .memberCannotWrite }, "\(report.findings)")
        let seen = zk.snapshot
        // Every listed request was held once per session, and each hold ended with a ping of that member.
        let holds = seen.holds[1] ?? 0
        #expect(holds == seen.requests.filter { $0.member == 1 && held.contains($0.type) }.count)
        #expect(holds >= held.count)
        #expect((seen.pings[1] ?? 0) >= holds)
    }

    /// No ping while the handshake is pending: a server reads nothing after the `ConnectRequest` until it has
    /// answered it (`disableRecv`), so a ping could not wake it, and one unread when a refusing server closes
    /// would turn its close into a reset.
    @Test func nothingFollowsTheConnectRequestBeforeTheConnectResponse() throws {
        let zk = try FakeZooKeeper([.slowHandshake(.milliseconds(600))])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .session), deadline: .seconds(2))
        let client = try #require(ClientProbeRun.client(run.value, zk.endpoints[0]))

        #expect(client.completed, "\(client)")
        #expect(zk.snapshot.packetsBeforeConnectResponse == 0)
    }

    /// The leader's hold of a close is out of the nudge's reach: the probe stops waiting for it after two nudge
    /// intervals (4 s at this deadline of 20 s), and the member's figures stand.
    @Test(arguments: [ClientProbe.Mode.session, .write(path: "/zkprobe")])
    func aCloseTheMemberHoldsIsGivenUpWithoutFailingIt(mode: ClientProbe.Mode) throws {
        let zk = try FakeZooKeeper([.serving, .holdsCloseDroppingPings, .serving])
        defer { zk.stop() }
        let deadline = Duration.seconds(20)

        let run = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: mode), deadline: deadline)
        let client = try #require(ClientProbeRun.client(run.value, zk.endpoints[1]))

        #expect(client.completed, "\(client)")
        #expect(client.error == nil, "\(client)")
        #expect(run.value.findings.allSatisfy { $0.code != .memberCannotWrite }, "\(run.value.findings)")
        #expect(zk.snapshot.holds[1] == 1)
        // The give-up, not the deadline, ended the check: it kept a deadline of two nudges after the close.
        let giveUp = ClientSession.nudgeInterval(deadline: deadline, sessionTimeout: .seconds(30)) * 2
        let bound = DeadlineBound(deadline: giveUp, startUps: run.bound.startUps, reference: run.bound.reference)
        #expect(bound.admits(run.elapsed), "took \(run.elapsed); allowed \(bound)")
    }

    @Test func theNudgeIsATenthOfTheDeadlineWithinAClientsPingInterval() {
        #expect(ClientSession.nudgeInterval(deadline: .seconds(5), sessionTimeout: .seconds(10)) == .milliseconds(500))
        // A short session timeout caps it at a third (a client's own ping interval)...
        #expect(ClientSession.nudgeInterval(deadline: .seconds(30), sessionTimeout: .seconds(4)) == .seconds(4) / 3)
        // ...and a tiny deadline is not flooded with pings.
        #expect(ClientSession.nudgeInterval(deadline: .milliseconds(200), sessionTimeout: .seconds(4)) == .milliseconds(100))
    }

    @Test func aResetAnsweringCloseSessionIsTheClose() throws {
        let zk = try FakeZooKeeper([.serving, .resetsOnClose, .serving])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(
            zk.endpoints, ClientProbe(mode: .write(path: "/zkprobe")), deadline: .seconds(3))
        let client = try #require(ClientProbeRun.client(run.value, zk.endpoints[1]))

        #expect(run.endedInTime, "\(run)")
        #expect(client.completed, "\(client)")
        #expect(client.error == nil, "\(client)")
        #expect(run.value.findings.allSatisfy { $0.code != .memberCannotWrite }, "\(run.value.findings)")
    }
}
