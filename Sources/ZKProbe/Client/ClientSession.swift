import ToolkitSupport

/// One member's client probe as a state machine over one connection: the handshake, `addAuth` per credential,
/// `sync /`, `exists /`, and for a write probe the probe's znodes (see ``ClientProbe``), then `closeSession`.
///
/// It owns no socket: ``ProbeLoop`` connects, hands it the bytes the server sends (``receive(_:now:)``), asks it
/// to move on when time passes (``tick(now:)``) and sends what it queues (``takeOutgoing()``); the loop's one
/// deadline (from the flight's start) bounds it. One request is outstanding at a time; a reply must carry its
/// xid (or be a notification, xid -1, or a ping's reply, xid -2), and every packet is bounded by
/// ``PacketFramer/maxPacket``. A failed step after the handshake still closes the session when time remains.
/// While a reply is missing it pings (``nudgeInterval``), which wakes a ZooKeeper 3.6.0–3.8.0 member that missed
/// the wakeup of a commit (ZOOKEEPER-4537); the answer to `closeSession` is waited for briefly, not required.
final class ClientSession {
    typealias Instant = ContinuousClock.Instant

    /// Where the session is.
    enum Step: Equatable {
        case connecting
        case handshake
        case auth(Int)
        case sync
        case existsRoot
        case existsPath
        case createPath
        case watch
        /// Waiting at the ``WriteBarrier``: no request outstanding.
        case barrier
        case create
        case getData
        case delete
        /// Waiting for the visibility node's `NodeCreated`: no request outstanding.
        case notification
        case close
        case finished
    }

    /// The session's position in its batch (the ``WriteBarrier``'s participant number).
    let index: Int
    let endpoint: Endpoint
    let probe: ClientProbe
    /// The write probe's barrier; `nil` for a session probe.
    let barrier: WriteBarrier?
    /// The data written to, and read back from, the probe's own znode.
    static let payload = Array("zkprobe".utf8)

    private(set) var step = Step.connecting
    private var measurement = ClientMeasurement()
    private var framer = PacketFramer()
    private var outgoing: [UInt8] = []
    /// The request awaiting its reply, with its xid and when it was sent.
    private var pending: (request: ClientRequest, xid: Int32, sentAt: Instant)?
    private var nextXid: Int32 = 1
    private var started: Instant?
    private var deadline: Instant?
    private var lastSent: Instant?
    private var sessionTimeout = Duration.seconds(4)
    private var roundTripStart: Instant?
    /// The node this session creates, once the barrier has said which.
    private var ownNode: String?
    /// The watch on the visibility node was set before the barrier opened, so its `NodeCreated` will come.
    private var watchesInTime = false
    private var notifiedAt: Instant?
    /// Every step of the mode before `closeSession` answered OK.
    private var workDone = false
    /// Connections tried so far (``restart(now:)`` counts one more).
    private(set) var attempts = 1
    /// How the attempt before this one ended, reported when the last one fails only by running out of time.
    private var previousError: String?

    init(index: Int, endpoint: Endpoint, probe: ClientProbe, barrier: WriteBarrier?) {
        self.index = index
        self.endpoint = endpoint
        self.probe = probe
        self.barrier = barrier
    }

    /// The session timeout asked for: twice the deadline, at least 4 s and at most 30 s, so that the session
    /// outlives any wait of the probe without lingering long after a killed check.
    static func requestedTimeout(deadline: Duration) -> Int32 {
        // Past 15 s the cap decides; clamping first keeps a huge deadline from overflowing.
        let seconds = min(max(deadline.components.seconds, 0), 15)
        let millis = seconds * 1000 + deadline.components.attoseconds / 1_000_000_000_000_000
        return Int32(min(30_000, max(4000, 2 * millis)))
    }

    /// The sessions of one batch: one per endpoint, sharing a ``WriteBarrier`` on `visibilityNode` (which opens
    /// at half the deadline at the latest) for a write probe.
    static func batch(
        _ probe: ClientProbe, endpoints: [Endpoint], deadline: Duration, visibilityNode: String?, now: Instant
    ) -> [ClientSession] {
        let barrier =
            probe.writePath == nil
            ? nil
            : WriteBarrier(
                node: visibilityNode ?? "", participants: endpoints.count, releaseAt: now + deadline / 2)
        return endpoints.enumerated().map { ClientSession(index: $0, endpoint: $1, probe: probe, barrier: barrier) }
    }

    // MARK: Driven by the loop

    /// The TCP connection is up: queues the `ConnectRequest`. `started` and `deadline` are the flight's.
    func connected(started: Instant, deadline: Instant, now: Instant) {
        self.started = started
        self.deadline = deadline
        let duration = deadline - started
        let request = ConnectRequest(timeOut: Self.requestedTimeout(deadline: duration), readOnly: true)
        outgoing += request.packet
        lastSent = now
        step = .handshake
    }

    /// Bytes from the server; any whole packets are handled at once.
    func receive(_ bytes: some Sequence<UInt8>, now: Instant) {
        guard step != .finished else { return }
        framer.append(bytes)
        do {
            while step != .finished, let packet = try framer.next() {
                try handle(packet, now: now)
            }
        } catch {
            fail(
                .protocolError,
                "\(endpoint): \(describeStep()): \(error.description) (not a ZooKeeper server, or a broken one?)")
            finish()
        }
    }

    /// The server closed the connection.
    func serverClosed(now: Instant) {
        switch step {
        case .finished:
            return
        case .close:
            // The server closes after answering closeSession; its close is the answer when the reply was lost.
            finish()
        case .connecting, .handshake:
            fail(
                .noSession,
                "\(endpoint): closed the connection right after the ConnectRequest: the member does not serve "
                    + "clients now (no quorum, still starting, or it refuses this client)")
            finish()
        default:
            fail(.serverError, "\(endpoint): the server closed the connection during \(describeStep())")
            finish()
        }
    }

    /// Moves on when time alone decides: the barrier opening, the wait for the notification ending, a ping due
    /// (``pingTime``).
    func tick(now: Instant) {
        switch step {
        case .barrier:
            guard let barrier, let node = barrier.nodeToCreate(for: index, now: now) else { return pingIfDue(now) }
            ownNode = node
            send(.create(path: node, data: Self.payload, acl: [.openUnsafe], mode: .ephemeral), as: .create, now: now)
        case .notification:
            if notificationWaitIsOver(now) {
                closeSession(now: now)
            } else {
                pingIfDue(now)
            }
        default:
            if let closeGivenUpAt, now >= closeGivenUpAt { return finish() }
            pingIfDue(now)
        }
    }

    /// When the probe stops waiting for the answer to `closeSession`: two ``nudgeInterval``s after sending it.
    /// The close is the probe's cleanup, not a measurement (every figure was taken before it), and a leader
    /// holds it out of the nudge's reach: once the leader has prepared `closeSession` it drops the session's
    /// pings unprocessed (the session is closing), so a missed wakeup there ends only at the next transaction.
    /// The request is in the member's pipeline by then and commits with that transaction; the probe closes its
    /// connection, and a close unanswered in time is no failure.
    private var closeGivenUpAt: Instant? {
        guard step == .close, let pending, let nudge else { return nil }
        return pending.sentAt + nudge * 2
    }

    /// When the session pings next: idle for a third of the session timeout while it waits with nothing
    /// outstanding (barrier, notification), as a client keeps its session alive; and ``nudge`` after the last
    /// packet sent, again and again, while a reply is missing, as ZooKeeper's own client pings by idle send time
    /// whatever is outstanding. That ping is not for the session's life but for ZooKeeper 3.6.0–3.8.0's
    /// CommitProcessor, which can miss the wakeup of a commit (ZOOKEEPER-4537) and then holds the reply until the
    /// member takes another request or commit: on a quiet ensemble, until a client pings. Every request the member
    /// takes wakes it, this ping included, so a hold costs the probe one interval instead of its deadline. Not
    /// during the handshake, though `createSession` is such a commit: the server reads nothing more from the
    /// connection until it has sent the `ConnectResponse` (`disableRecv`), so only another session's commit
    /// releases that hold (the other members' writes when the write barrier opens).
    private var pingTime: Instant? {
        guard let lastSent else { return nil }
        if pending != nil { return nudge.map { lastSent + $0 } }
        return step == .barrier || step == .notification ? lastSent + sessionTimeout / 3 : nil
    }

    /// This session's ``nudgeInterval(deadline:sessionTimeout:)``, once connected.
    private var nudge: Duration? {
        guard let started, let deadline else { return nil }
        return Self.nudgeInterval(deadline: deadline - started, sessionTimeout: sessionTimeout)
    }

    /// A tenth of the deadline, at least 100 ms and at most a third of the session timeout (a client's ping
    /// interval): 500 ms at the default 5 s.
    static func nudgeInterval(deadline: Duration, sessionTimeout: Duration) -> Duration {
        max(.milliseconds(100), min(deadline / 10, sessionTimeout / 3))
    }

    /// The next moment ``tick(now:)`` has something to do, besides the bytes the server sends: a moment already
    /// past when it can move on now (the barrier opened, or there is nothing left to wait for), whoever's
    /// doing that was, so the loop never sleeps past it.
    var wakeTime: Instant? {
        switch step {
        case .barrier:
            guard let barrier else { return nil }
            return barrier.isReleased ? started : [barrier.releaseAt, pingTime].compactMap { $0 }.min()
        case .notification:
            return nothingToWaitFor ? started : [notificationLimit, pingTime].compactMap { $0 }.min()
        default:
            return [pingTime, closeGivenUpAt].compactMap { $0 }.min()
        }
    }

    /// Bytes queued for the server, handed over once.
    func takeOutgoing() -> [UInt8] {
        defer { outgoing = [] }
        return outgoing
    }

    var isFinished: Bool { step == .finished }

    /// The loop is done with the flight: `transport` is its failure, if the loop ended it (deadline, reset,
    /// refused, a system call). Lets the barrier stop waiting for this session.
    func ended(transport: ProbeError?, now: Instant) {
        if let transport, step != .finished, !endsTheClose(transport) { fail(transport) }
        if step != .finished { finish() }
        barrier?.leave(index, now: now)
    }

    /// The probe completed every step its mode asks for.
    var hasCompleted: Bool { workDone && measurement.failure == nil }

    /// Whether a new connection could still get what this one did not, as a client library would retry: the
    /// member refused or closed the session (it does not serve yet, an election is under way) or the connection
    /// broke before anything was written. Not after a denial, a protocol error, the check's own trouble or the
    /// deadline, and never once the probe's znode was written.
    var mayRetry: Bool {
        guard let failure = measurement.failure, !workDone, measurement.writeSeconds == nil else { return false }
        return failure == .noSession || failure == .serverError
    }

    /// Records why the loop ended this connection (as ``ended(transport:now:)`` would), without leaving the barrier.
    func connectionEnded(transport: ProbeError?) {
        if let transport, step != .finished, !endsTheClose(transport) { fail(transport) }
    }

    /// A reset or the deadline while the probe waits for the answer to `closeSession` is no failure: the server
    /// closes the connection once it has committed the close, and resets it when a packet of the probe (a ping,
    /// ``pingTime``) is still unread there; and the close is not waited for (``closeGivenUpAt``).
    private func endsTheClose(_ error: ProbeError) -> Bool {
        guard step == .close else { return false }
        switch error {
        case .reset, .timedOut: return true
        default: return false
        }
    }

    /// Starts over on a new connection (``mayRetry``): the measurement of the failed attempt is dropped, its error
    /// kept to explain a later timeout, and the barrier no longer counts this session as waiting (nor as the
    /// writer of its node: the others stop waiting for a notification that may not come).
    func restart(now: Instant) {
        previousError = measurement.error
        attempts += 1
        step = .connecting
        measurement = ClientMeasurement()
        framer = PacketFramer()
        outgoing = []
        pending = nil
        nextXid = 1
        lastSent = nil
        sessionTimeout = .seconds(4)
        roundTripStart = nil
        ownNode = nil
        watchesInTime = false
        notifiedAt = nil
        barrier?.leave(index, now: now)
    }

    /// What the probe measured, once the batch is over (visibility needs the writer's acknowledgement).
    var result: ClientMeasurement {
        var m = measurement
        if m.failure == nil, workDone, m.error == nil { m.completed = true }
        m.attempts = attempts
        if let error = m.error, let previousError, attempts > 1, m.sessionId == nil {
            m.error = "\(error) (attempt \(attempts); the one before: \(previousError))"
        }
        if let acked = barrier?.writeAckedAt, let notified = notifiedAt {
            m.visibilitySeconds = max(0, (notified - acked).seconds)
        }
        return m
    }

    // MARK: Packets

    private func handle(_ packet: [UInt8], now: Instant) throws(JuteError) {
        var reader = JuteReader(packet)
        if step == .handshake {
            if packet.count == ReplyHeader.byteCount { return refusedHandshake(try ReplyHeader(from: &reader)) }
            let response = try ConnectResponse(payload: packet)
            return established(response, now: now)
        }
        let header = try ReplyHeader(from: &reader)
        switch header.xid {
        case Xid.notification:
            let event = try WatcherEvent(from: &reader)
            if event.type == WatcherEvent.nodeCreated, event.path == barrier?.node, notifiedAt == nil {
                notifiedAt = now
            }
            return
        case Xid.ping:
            return
        default:
            break
        }
        guard let pending, pending.xid == header.xid else {
            let expected = pending.map { "\($0.xid) (\($0.request.label))" } ?? "none"
            fail(
                .protocolError,
                "\(endpoint): reply with unknown xid \(header.xid) during \(describeStep()) (expected \(expected); "
                    + "not a ZooKeeper server, or a broken one?)")
            return finish()
        }
        self.pending = nil
        if step == .close {
            if header.err != .ok { fail(.serverError, "\(endpoint): closeSession answered \(header.err)") }
            return finish()
        }
        guard header.err == .ok || isExpected(header.err) else {
            return refused(pending.request, header.err, now: now)
        }
        try answered(pending, header.err, &reader, now: now)
    }

    /// A reply header instead of a `ConnectResponse` (no `ConnectResponse` is that short): the server refused
    /// to create the session with an error code. A read-only server answers so (`notReadOnly`) to a new global
    /// session, seen on 3.8 with `readonlymode.enabled=true` and the default `localSessionsEnabled=false`.
    private func refusedHandshake(_ header: ReplyHeader) {
        if header.err == .ok {
            fail(
                .protocolError,
                "\(endpoint): handshake: a reply header without an error instead of a ConnectResponse "
                    + "(not a ZooKeeper server, or a broken one?)")
        } else if header.err == .notReadOnly {
            measurement.readOnly = true
            fail(
                .noSession,
                "\(endpoint): the server refused the session with \(header.err): it is in read-only mode (no quorum) "
                    + "and opens no new global session (a read-only server opens sessions only with "
                    + "localSessionsEnabled=true)")
        } else {
            fail(.noSession, "\(endpoint): the server refused the session with \(header.err)")
        }
        finish()
    }

    private func established(_ response: ConnectResponse, now: Instant) {
        guard response.timeOut > 0 else {
            fail(
                .noSession,
                "\(endpoint): the server refused the session (negotiated timeout \(response.timeOut) ms): "
                    + "it does not serve clients now")
            return finish()
        }
        measurement.sessionId = response.sessionId
        measurement.readOnly = response.readOnly
        measurement.connectSeconds = started.map { (now - $0).seconds }
        sessionTimeout = .milliseconds(Int64(response.timeOut))
        if probe.credentials.isEmpty {
            startRoundTrips(now: now)
        } else {
            sendAuth(0, now: now)
        }
    }

    /// Codes that are an answer, not a failure, at the current step.
    private func isExpected(_ err: ZooKeeperErrorCode) -> Bool {
        switch (step, err) {
        case (.existsPath, .noNode), (.createPath, .nodeExists), (.watch, .noNode): return true
        default: return false
        }
    }

    private func answered(
        _ pending: (request: ClientRequest, xid: Int32, sentAt: Instant), _ err: ZooKeeperErrorCode,
        _ reader: inout JuteReader, now: Instant
    ) throws(JuteError) {
        switch step {
        case .auth(let n):
            if n + 1 < probe.credentials.count { sendAuth(n + 1, now: now) } else { startRoundTrips(now: now) }
        case .sync:
            send(.exists(path: "/", watch: false), as: .existsRoot, now: now)
        case .existsRoot:
            _ = try Stat(from: &reader)
            measurement.roundTripSeconds = roundTripStart.map { (now - $0).seconds }
            if let path = probe.writePath {
                send(.exists(path: path, watch: false), as: .existsPath, now: now)
            } else {
                workDone = true
                closeSession(now: now)
            }
        case .existsPath:
            if err == .noNode, let path = probe.writePath {
                send(.create(path: path, data: [], acl: [.openUnsafe], mode: .persistent), as: .createPath, now: now)
            } else {
                watchVisibilityNode(now: now)
            }
        case .createPath:
            watchVisibilityNode(now: now)
        case .watch:
            guard let barrier else { return closeSession(now: now) }
            // Set before the barrier opened and the node absent: its NodeCreated will come through this member.
            watchesInTime = err == .noNode && !barrier.isReleased
            step = .barrier
            barrier.arrive(index, now: now)
            tick(now: now)
        case .create:
            measurement.writeSeconds = (now - pending.sentAt).seconds
            if ownNode == barrier?.node { barrier?.written(at: now) }
            send(.getData(path: ownNode ?? "", watch: false), as: .getData, now: now)
        case .getData:
            let data = try reader.buffer("GetDataResponse.data") ?? []
            _ = try Stat(from: &reader)
            measurement.readSeconds = (now - pending.sentAt).seconds
            guard data == Self.payload else {
                fail(
                    .serverError,
                    "\(endpoint): getData \(ownNode ?? "") read back \(data.count) bytes that differ from the "
                        + "\(Self.payload.count) written")
                return closeSession(now: now)
            }
            send(.delete(path: ownNode ?? "", version: -1), as: .delete, now: now)
        case .delete:
            workDone = true
            step = .notification
            tick(now: now)
        default:
            return
        }
    }

    /// A step answered with an error code: denied for the operator's setup, a server error otherwise.
    private func refused(_ request: ClientRequest, _ err: ZooKeeperErrorCode, now: Instant) {
        if step == .create, ownNode == barrier?.node { barrier?.writeDidFail() }
        let what = "\(endpoint): \(request.label) answered \(err)"
        switch (step, err) {
        case (.auth, .authFailed):
            fail(.denied, "\(what): the server rejected the probe's digest credentials")
        case (.createPath, .noNode):
            fail(
                .denied,
                "\(what): the parent of \(probe.writePath ?? "") does not exist; create it or probe another path")
        case (_, .noAuth), (_, .invalidACL):
            fail(.denied, "\(what): the probe may not write there; give it credentials or a path whose ACL allows it")
        case (.create, .noNode):
            fail(.denied, "\(what): \(probe.writePath ?? "") was removed during the probe")
        case (_, .notReadOnly):
            fail(.serverError, "\(what): the member is in read-only mode and takes no writes")
        default:
            fail(.serverError, what)
        }
        closeSession(now: now)
    }

    // MARK: Steps

    private func startRoundTrips(now: Instant) {
        roundTripStart = now
        send(.sync(path: "/"), as: .sync, now: now)
    }

    private func sendAuth(_ n: Int, now: Instant) {
        let credential = probe.credentials[n]
        send(
            .addAuth(scheme: "digest", auth: Array("\(credential.user):\(credential.password)".utf8)), as: .auth(n),
            now: now)
    }

    private func watchVisibilityNode(now: Instant) {
        send(.exists(path: barrier?.node ?? "", watch: true), as: .watch, now: now)
    }

    private var notificationLimit: Instant? {
        guard let started, let deadline else { return nil }
        // Leave a fifth of the deadline for closeSession.
        return deadline - (deadline - started) / 5
    }

    /// The notification came, or never will: the watch came after the barrier opened, or the write failed.
    private var nothingToWaitFor: Bool {
        guard let barrier, watchesInTime, notifiedAt == nil, !barrier.writeFailed else { return true }
        return false
    }

    private func notificationWaitIsOver(_ now: Instant) -> Bool {
        nothingToWaitFor || now >= (notificationLimit ?? now)
    }

    /// Sends `closeSession` when a session exists and time remains; finishes otherwise.
    private func closeSession(now: Instant) {
        guard measurement.sessionId != nil, let deadline, now < deadline else { return finish() }
        send(.closeSession, as: .close, now: now)
    }

    private func pingIfDue(_ now: Instant) {
        guard let pingTime, now >= pingTime else { return }
        outgoing += ClientRequest.ping.packet(xid: Xid.ping)
        lastSent = now
    }

    private func send(_ request: ClientRequest, as next: Step, now: Instant) {
        let xid = request.xid(counting: nextXid)
        if xid == nextXid { nextXid += 1 }
        outgoing += request.packet(xid: xid)
        pending = (request, xid, now)
        lastSent = now
        step = next
    }

    private func finish() {
        step = .finished
        pending = nil
    }

    // MARK: Failures

    /// Records the first failure only: what went wrong first is what the operator needs.
    private func fail(_ kind: ClientFailureKind, _ message: String) {
        guard measurement.failure == nil else { return }
        measurement.failure = kind
        measurement.error = message
    }

    /// A failure of the connection itself, named by the step the session had reached.
    private func fail(_ error: ProbeError) {
        if let shortage = error.resourceShortage {
            return fail(.localTrouble, "\(endpoint): the check itself could not open a session: \(shortage)")
        }
        let established = measurement.sessionId != nil
        switch error {
        case .timedOut(_, _, let stage, _, let limit):
            let within = ProbeError.format(limit)
            // Part of a packet in: a server that drips, or stalls mid-reply.
            let partly = framer.buffered == 0 ? "" : "; \(framer.buffered) bytes of the reply in"
            if stage == .resolving || stage == .connecting {
                fail(.noSession, "\(endpoint): no TCP connection for a session within \(within)")
            } else if !established {
                fail(
                    .noSession,
                    "\(endpoint): no answer to the session handshake within \(within)\(partly) "
                        + "(a paused or overloaded server?)")
            } else {
                fail(
                    .timedOut,
                    "\(endpoint): no answer to \(describeStep()) within \(within) (session established\(partly))")
            }
        case .reset:
            fail(
                established ? .serverError : .noSession,
                "\(endpoint): connection reset during \(describeStep()) (server restarted, crashed, or dropped the session)"
            )
        default:
            fail(established ? .serverError : .noSession, "\(error.description) (\(describeStep()))")
        }
    }

    /// The step as an operator reads it: `handshake`, `sync /`, `create /zkprobe/zkprobe-h-1-0a1b2c3d`.
    func describeStep() -> String {
        if let pending { return pending.request.label }
        switch step {
        case .connecting, .handshake: return "handshake"
        case .barrier: return "the wait for every member's watch"
        case .notification: return "the wait for the NodeCreated notification"
        default: return "the session"
        }
    }
}
