/// The write probe's meeting point, shared by the sessions of one batch on one ``ProbeLoop``: every session sets
/// an `exists` watch on the check's one visibility node, then waits here, so that the node is created only when
/// every member watches it and each member's `NodeCreated` notification measures its replication delay.
///
/// The barrier opens when every session has arrived or ended, or at ``releaseAt`` (half the deadline), whichever
/// comes first, so no session waits on a slow or silent one for more than that. The first session in request
/// order among those waiting when it opens (or, if none was, the first to arrive later) creates ``node`` itself;
/// every other session creates `node-<index>`. Single-threaded: only the loop's thread uses it.
final class WriteBarrier {
    typealias Instant = ContinuousClock.Instant

    /// The visibility node every session watches: `PATH/zkprobe-<host>-<pid>-<8 hex>`.
    let node: String
    /// When the barrier opens even if some sessions have not arrived.
    let releaseAt: Instant
    /// Sessions not yet arrived nor ended.
    private var expected: Set<Int>
    /// Sessions that arrived (their watch is set) and have not ended.
    private var arrived: Set<Int> = []
    private(set) var isReleased = false
    /// The session that creates ``node``, once chosen.
    private(set) var writer: Int?
    /// When the writer's `create` of ``node`` was acknowledged.
    private(set) var writeAckedAt: Instant?
    /// The writer's `create` of ``node`` failed, or the writer ended before its acknowledgement: nobody will be
    /// notified, so nobody waits for it.
    private(set) var writeFailed = false

    /// A barrier for sessions `0..<participants`, opening at `releaseAt` at the latest.
    init(node: String, participants: Int, releaseAt: Instant) {
        self.node = node
        self.expected = Set(0..<participants)
        self.releaseAt = releaseAt
    }

    /// Session `index` has set its watch and waits.
    func arrive(_ index: Int, now: Instant) {
        expected.remove(index)
        arrived.insert(index)
        releaseIfDue(now)
    }

    /// Session `index` ended (finished or failed), or starts over on a new connection (it waits here again only if
    /// it arrives again); the barrier no longer waits for it.
    func leave(_ index: Int, now: Instant) {
        expected.remove(index)
        arrived.remove(index)
        if writer == index, writeAckedAt == nil { writeFailed = true }
        releaseIfDue(now)
    }

    /// The node session `index` creates, once the barrier is open; `nil` while it must keep waiting.
    func nodeToCreate(for index: Int, now: Instant) -> String? {
        releaseIfDue(now)
        guard isReleased, arrived.contains(index) else { return nil }
        if writer == nil { writer = index }
        return writer == index ? node : "\(node)-\(index)"
    }

    /// The writer's `create` of ``node`` was acknowledged at `time`.
    func written(at time: Instant) {
        writeAckedAt = time
    }

    /// The writer's `create` of ``node`` failed.
    func writeDidFail() {
        writeFailed = true
    }

    private func releaseIfDue(_ now: Instant) {
        guard !isReleased, expected.isEmpty || now >= releaseAt else { return }
        isReleased = true
        writer = arrived.min()
    }
}
