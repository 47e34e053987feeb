import TestSupport
import Testing

@testable import ZKProbe

/// The probe's success path and the operator's own trouble (ACLs, a missing parent, credentials), against
/// ``FakeZooKeeper`` members sharing one tree.
struct ClientProbeFakeEnsembleTests {
    @Test func aSessionProbeOpensAnswersAndClosesASessionThroughEveryMember() throws {
        let zk = try FakeZooKeeper([.serving, .serving, .serving])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .session), deadline: .seconds(3))
        let report = run.value

        #expect(run.endedInTime, "\(run)")
        #expect(report.clientProbe == .session)
        #expect(report.writable == true)
        let clients = zk.endpoints.compactMap { ClientProbeRun.client(report, $0) }
        #expect(clients.count == 3)
        for client in clients {
            #expect(client.completed, "\(client)")
            #expect(client.error == nil)
            #expect(client.connectSeconds != nil && client.roundTripSeconds != nil)
            #expect(client.writeSeconds == nil && client.readSeconds == nil && client.visibilitySeconds == nil)
        }
        #expect(Set(clients.compactMap(\.sessionId)).count == 3)
        let seen = zk.snapshot
        #expect(seen.closedSessions == 3)
        #expect(seen.created.isEmpty)
        // Each member: sync /, exists /, closeSession; nothing else.
        for member in 0..<3 {
            let asked = seen.requests.filter { $0.member == member }
            #expect(asked.map(\.type) == [9, 3, -11])
            #expect(asked.prefix(2).map(\.path) == ["/", "/"])
        }
    }

    @Test func theConnectRequestAsksForAReadOnlyCapableSessionOfTwiceTheDeadline() throws {
        let zk = try FakeZooKeeper([.serving])
        defer { zk.stop() }

        _ = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .session), deadline: .seconds(3))

        let connect = try #require(zk.snapshot.connectRequests.first)
        var c = HandWire.Cursor(connect)
        #expect(c.int() == 0)  // protocolVersion
        #expect(c.long() == 0)  // lastZxidSeen
        #expect(c.int() == 6000)  // timeOut: 2 x 3 s
        #expect(c.long() == 0)  // sessionId: new
        #expect(c.buffer() == [UInt8](repeating: 0, count: 16))
        #expect(c.bool() == true)  // readOnly allowed
        #expect(c.offset == connect.count)
    }

    @Test func aWriteProbeWritesReadsDeletesAndMeasuresEveryMembersVisibility() throws {
        let zk = try FakeZooKeeper([.serving, .serving, .serving])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(
            zk.endpoints, ClientProbe(mode: .write(path: "/zkprobe")), deadline: .seconds(3))
        let report = run.value

        #expect(run.endedInTime, "\(run)")
        #expect(report.clientProbe == .write(path: "/zkprobe"))
        #expect(report.writable == true)
        for endpoint in zk.endpoints {
            let client = try #require(ClientProbeRun.client(report, endpoint))
            #expect(client.completed, "\(client)")
            #expect(client.writeSeconds != nil && client.readSeconds != nil, "\(client)")
            #expect(client.visibilitySeconds != nil, "\(client)")
        }
        let seen = zk.snapshot
        // PATH made once (persistent), one visibility node V and one V-<index> per other member.
        #expect(seen.created.first == "/zkprobe")
        let probes = Array(seen.created.dropFirst())
        #expect(probes.count == 3)
        let visibility = try #require(probes.first { !$0.hasSuffix("-1") && !$0.hasSuffix("-2") })
        #expect(visibility.hasPrefix("/zkprobe/zkprobe-"))
        #expect(Set(probes) == [visibility, visibility + "-1", visibility + "-2"])
        // The node every member watched was set before any write.
        let watched = seen.requests.filter { $0.type == 3 && $0.path == visibility }
        let firstCreate = try #require(seen.requests.firstIndex { $0.type == 1 && $0.path == visibility })
        #expect(watched.count == 3)
        #expect(seen.requests.lastIndex { $0.type == 3 && $0.path == visibility }! < firstCreate)
        // Nothing left behind but PATH, every session closed.
        #expect(Set(seen.nodes.keys) == ["/", "/zkprobe"])
        #expect(seen.closedSessions == 3)
    }

    @Test func credentialsAreSentAsDigestAuthBeforeAnyRequest() throws {
        let zk = try FakeZooKeeper([.serving])
        defer { zk.stop() }
        let probe = ClientProbe(
            mode: .session,
            credentials: [
                DigestCredential(user: "probe", password: "s3cret"), DigestCredential(user: "b", password: "c"),
            ])

        let report = try ClientProbeRun.check(zk.endpoints, probe).value

        #expect(report.members.first?.client?.completed == true)
        let seen = zk.snapshot
        #expect(seen.auths == ["digest probe:s3cret", "digest b:c"])
        #expect(seen.requests.prefix(3).map(\.type) == [100, 100, 9])
    }

    @Test func aDeniedACLIsDeniedAndTheSessionStillCloses() throws {
        let zk = try FakeZooKeeper([.serving, .serving], policy: .init(denyCreateUnder: "/zkprobe"))
        defer { zk.stop() }

        let report = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .write(path: "/zkprobe"))).value

        for endpoint in zk.endpoints {
            let client = try #require(ClientProbeRun.client(report, endpoint))
            #expect(!client.completed)
            #expect(client.failure == .denied, "\(client)")
            #expect(client.error?.contains("noAuth (-102)") == true, "\(client)")
            #expect(client.error?.contains(endpoint.description) == true)
        }
        #expect(report.writable == false)
        #expect(zk.snapshot.closedSessions == 2)
    }

    @Test func aMissingParentOfThePathIsDenied() throws {
        let zk = try FakeZooKeeper([.serving])
        defer { zk.stop() }

        let report = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .write(path: "/absent/zkprobe"))).value

        let client = try #require(report.members.first?.client)
        #expect(client.failure == .denied, "\(client)")
        #expect(client.error?.contains("create /absent/zkprobe answered noNode") == true, "\(client)")
        #expect(zk.snapshot.nodes["/absent/zkprobe"] == nil)
    }

    @Test func rejectedCredentialsAreDenied() throws {
        let zk = try FakeZooKeeper([.serving], policy: .init(authFails: true))
        defer { zk.stop() }
        let probe = ClientProbe(mode: .session, credentials: [DigestCredential(user: "u", password: "p")])

        let client = try #require(try ClientProbeRun.check(zk.endpoints, probe).value.members.first?.client)

        #expect(client.failure == .denied, "\(client)")
        #expect(client.error?.contains("authFailed (-115)") == true, "\(client)")
    }

    @Test func aMemberThatDoesNotServeHasNoSessionWhileTheOthersWrite() throws {
        let zk = try FakeZooKeeper([.serving, .notServing, .serving])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .write(path: "/zkprobe")))
        let report = run.value

        #expect(run.endedInTime, "\(run)")
        let down = try #require(ClientProbeRun.client(report, zk.endpoints[1]))
        #expect(down.failure == .noSession, "\(down)")
        #expect(down.sessionId == nil)
        #expect(down.error?.contains("does not serve") == true, "\(down)")
        for i in [0, 2] { #expect(ClientProbeRun.client(report, zk.endpoints[i])?.completed == true) }
        #expect(report.writable == true)
    }

    @Test func aReadOnlyMemberSaysSoAndCannotWrite() throws {
        let zk = try FakeZooKeeper([.readOnly])
        defer { zk.stop() }

        let client = try #require(
            try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .session)).value.members.first?.client)

        #expect(client.readOnly)
        #expect(client.sessionId != nil)
        #expect(!client.completed)
        #expect(client.failure == .serverError)
        #expect(client.error?.contains("notReadOnly (-119)") == true, "\(client)")
    }

    /// A member that answers the handshake and then nothing must not hold the others at the barrier past half
    /// the deadline: they write, read, delete and close within the deadline, and it times out naming its step.
    @Test func aSilentMemberDoesNotHoldTheWriteBarrierPastHalfTheDeadline() throws {
        let zk = try FakeZooKeeper([.silentAfterHandshake, .serving, .serving])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .write(path: "/zkprobe")))
        let report = run.value

        #expect(run.endedInTime, "\(run)")
        let silent = try #require(ClientProbeRun.client(report, zk.endpoints[0]))
        #expect(silent.failure == .timedOut, "\(silent)")
        #expect(silent.error?.contains("sync /") == true, "\(silent)")
        for i in [1, 2] {
            let client = try #require(ClientProbeRun.client(report, zk.endpoints[i]))
            #expect(client.completed, "\(client)")
            #expect(client.visibilitySeconds != nil, "\(client)")
        }
        #expect(Set(zk.snapshot.nodes.keys) == ["/", "/zkprobe"])
    }

    /// Members the check learns from a member's `conf` are asked in a second batch: they are probed there too,
    /// with a barrier and a visibility node of their own.
    @Test func membersLearnedFromTheMembershipAreProbedInTheSecondBatch() throws {
        let zk = try FakeZooKeeper([.serving, .serving, .serving])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(
            [zk.endpoints[0]], ClientProbe(mode: .write(path: "/zkprobe")), deadline: .seconds(3))
        let report = run.value

        #expect(run.endedInTime, "\(run)")
        #expect(report.members.count == 3, "\(report.members.map(\.address))")
        for endpoint in zk.endpoints {
            let client = try #require(ClientProbeRun.client(report, endpoint), "\(endpoint)")
            #expect(client.completed, "\(client)")
        }
        #expect(Set(zk.snapshot.nodes.keys) == ["/", "/zkprobe"])
        #expect(zk.snapshot.closedSessions == 3)
    }

    /// A session waiting at the barrier pings, so that a short negotiated timeout does not expire it: here
    /// 300 ms, while a silent member holds the barrier for half the 2 s deadline.
    @Test func aSessionWaitingAtTheBarrierPingsWithinItsNegotiatedTimeout() throws {
        let zk = try FakeZooKeeper([.silentAfterHandshake, .serving], policy: .init(negotiatedTimeout: 300))
        defer { zk.stop() }

        let report = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .write(path: "/zkprobe"))).value

        #expect(ClientProbeRun.client(report, zk.endpoints[1])?.completed == true)
        let pings = zk.snapshot.pings[1] ?? 0
        #expect(pings >= 5, "\(pings) pings in about 1 s, one due every 100 ms of idleness")
    }
}

/// The probe reconnects as a client library does while no member has taken a client: members that refuse
/// sessions during an election start serving within the deadline, and a check that gave up on the first refusal
/// would say `writes-fail` while a client gets through.
struct ClientProbeRetryTests {
    @Test func membersThatServeAfterAFewRefusalsCompleteWithinTheDeadline() throws {
        let zk = try FakeZooKeeper([.notServingFirst(3), .notServingFirst(2), .notServingFirst(4)])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(
            zk.endpoints, ClientProbe(mode: .write(path: "/zkprobe")), deadline: .seconds(3))
        let report = run.value

        #expect(run.endedInTime, "\(run)")
        #expect(report.writable == true, "\(report.findings)")
        #expect(!report.findings.contains { $0.code == .writesFail })
        let clients = zk.endpoints.compactMap { ClientProbeRun.client(report, $0) }
        // Each member refused at least once, so a completed probe took more than one connection; the members that
        // completed did so within the deadline, and none retried after its session was established.
        let completed = clients.filter(\.completed)
        #expect(!completed.isEmpty)
        #expect(completed.allSatisfy { $0.attempts > 1 }, "\(clients)")
        #expect(zk.snapshot.closedSessions == completed.count)
    }

    @Test func membersThatNeverServeAreTriedUntilTheDeadlineAndFailWithTheirRefusal() throws {
        let zk = try FakeZooKeeper([.notServing, .notServing, .notServing])
        defer { zk.stop() }

        let deadline = Duration.seconds(1)
        let run = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .session), deadline: deadline)
        let report = run.value

        #expect(run.endedInTime, "\(run)")
        #expect(report.writable == false)
        #expect(report.findings.contains { $0.code == .writesFail })
        for client in zk.endpoints.compactMap({ ClientProbeRun.client(report, $0) }) {
            #expect(client.attempts > 1, "\(client)")
            #expect(client.failure == .noSession)
            #expect(client.error?.contains("closed the connection right after the ConnectRequest") == true, "\(client)")
        }
    }

    @Test func oneMemberCompletingStopsTheOthersRetries() throws {
        let zk = try FakeZooKeeper([.serving, .notServing, .notServing])
        defer { zk.stop() }

        let run = try ClientProbeRun.check(zk.endpoints, ClientProbe(mode: .session), deadline: .seconds(3))
        let report = run.value

        #expect(report.writable == true)
        // Retries stop once a member completed: retrying until the deadline would take about 17 connections per
        // refusing member (pauses of 25, 50, 100, then 200 ms over 3 s).
        #expect(run.endedInTime, "\(run)")
        let refusals = zk.snapshot.handshakes
        #expect((refusals[1] ?? 0) + (refusals[2] ?? 0) < 10, "\(refusals)")
    }
}
