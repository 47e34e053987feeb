import SystemSupport

/// A ``ProbeBatch`` on a ``ProbeLoop``: its flights under way, its outcomes so far and who is told when it ends.
final class BatchRun {
    typealias Instant = ContinuousClock.Instant
    typealias Outcome = Result<Exchange, ProbeError>

    let batch: ProbeBatch
    /// The check the batch belongs to: cancelled together, and an earlier check's batch is admitted first.
    let owner: Int
    /// The check's own deadline: no flight of the batch outlives it, whatever the batch's per-exchange deadline.
    let cap: Instant?
    /// The most flights of the batch under way at once: its options' limit, the open-file limit and the loop's
    /// budget.
    let limit: Int
    let completion: ([Outcome]) -> Void
    var results: [Outcome?]
    /// The first request not started yet.
    var nextRequest = 0
    var active: [ProbeFlight] = []
    /// Host lookups answered for this batch, so that later flights to the same host do not ask again.
    var lookups: [Endpoint: Result<[SocketAddress], ResolutionFailure>] = [:]

    init(_ batch: ProbeBatch, owner: Int, cap: Instant?, budget: Int, completion: @escaping ([Outcome]) -> Void) {
        self.batch = batch
        self.owner = owner
        self.cap = cap
        let descriptors = Syscalls.openFileLimit() - ProbeLoop.descriptorHeadroom
        self.limit = max(1, min(batch.options.maxInFlight, descriptors, budget))
        self.completion = completion
        self.results = Array(repeating: nil, count: batch.count)
    }

    var options: ProbeOptions { batch.options }

    /// Whether every exchange has its outcome.
    var isFinished: Bool { active.isEmpty && nextRequest == results.count }

    /// The sockets the batch holds or may still open: its flights under way and those it starts as they end.
    var holding: Int { min(limit, active.count + results.count - nextRequest) }

    /// Whether the check's deadline has passed: its flights end without a socket.
    func isPastCap(_ now: Instant) -> Bool { cap.map { $0 <= now } ?? false }
}
