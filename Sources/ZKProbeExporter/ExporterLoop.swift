import SystemSupport
import ToolkitSupport
import ZKProbe

import Glibc

/// The state of ``Exporter/run()``: connections, scrapes waiting for checks, statistics. Used by the loop's
/// thread only.
final class ExporterLoop {
    /// One client connection.
    struct Connection {
        /// `closing`: the answer is written and the write side shut down; the connection is closed when the client
        /// closes, or after ``ExporterLoop/linger``, so that the client reads the answer rather than a reset.
        enum Phase { case reading, waiting, writing, closing }
        let fd: Int32
        /// The client's address (an IPv4-mapped IPv6 one as IPv4): what ``ExporterSettings/maxScrapesPerClient``
        /// counts by.
        let client: String
        /// Accepted over the connection limit: its head is read only to be answered 503.
        var overLimit = false
        var input: [UInt8] = []
        /// The piece of the answer being written (one piece of ``stream`` at a time).
        var output: [UInt8] = []
        var written = 0
        /// The rest of a streamed answer, pulled when ``output`` is written; chunked when `chunked`.
        var stream: (any BodyStream)?
        var chunked = false
        var phase = Phase.reading
        /// When the current phase began (for `reading` with no bytes yet: since the connection was last idle).
        var since: ContinuousClock.Instant
        /// When the first byte of the request being read arrived.
        var requestStarted: ContinuousClock.Instant?
        var keepAlive = true
        /// The request being answered is `HEAD` (the answer's head only) / HTTP/1.0 (no chunked encoding).
        var omitsBody = false
        var http10 = false
    }

    /// A scrape waiting for its checks (kept by the client's descriptor in `scrapes`).
    struct Scrape {
        let path: String
        let started: ContinuousClock.Instant
        let deadline: ContinuousClock.Instant
        let budget: Duration
        let keepAlive: Bool
        let includeSelf: Bool
        /// `/probe?...&debug=true`: the check's text report instead of its exposition.
        let debug: Bool
        /// The targets asked for, in order, with their checks' ids and whether another scrape started the check.
        var targets: [(target: ProbeTarget, check: Int, joined: Bool)]
        /// Results by check id: the rendered check, or `nil` when it was dropped unrun.
        var results: [Int: RenderedCheck?] = [:]
    }

    let exporter: Exporter
    let settings: ExporterSettings
    let scheduler: CheckScheduler
    var configuration: ExporterConfiguration
    var statistics: ExporterStatistics
    var connections: [Int32: Connection] = [:]
    /// Connections with a pipelined request already read: handled on the next turn, one request each, after
    /// every other connection had its turn.
    var ready: Set<Int32> = []
    /// Requests handled in this turn of the loop, by client address (``requestsPerClientPerTurn``).
    var handledThisTurn: [String: Int] = [:]
    /// The most requests of one client address handled in one turn of the loop. 200 connections from a few
    /// addresses pipelining `GET /metrics` had every answer rendered in the turn its bytes arrived, and a scrape
    /// from elsewhere waited behind thousands of them; now it waits behind a few per address.
    static let requestsPerClientPerTurn = 4
    /// Connections waiting for their scrape, by client address.
    var waitingByClient: [String: Int] = [:]
    /// Connections in `connections` accepted over the limit (being answered 503).
    var overLimitCount = 0
    var scrapes: [Int32: Scrape] = [:]
    /// Incremented by every successful reload: scrapes share a check only within one configuration.
    var generation = 0
    var listening = true
    var acceptPausedUntil: ContinuousClock.Instant?
    var drainDeadline: ContinuousClock.Instant?

    init(exporter: Exporter, configuration: ExporterConfiguration) {
        self.exporter = exporter
        self.settings = exporter.settings
        self.configuration = configuration
        scheduler = CheckScheduler(settings: exporter.settings) { [exporter] in exporter.finished($0, $1) }
        statistics = ExporterStatistics(version: exporter.version)
        statistics.ensembles = configuration.targets.count
    }

    /// The loop: until stopped and drained.
    func serve() {
        while true {
            let now = ContinuousClock.now
            if let drainDeadline,
                now >= drainDeadline || (scrapes.isEmpty && !connections.values.contains { $0.phase == .writing })
            {
                break
            }
            let turn = ready
            ready.removeAll(keepingCapacity: true)
            handledThisTurn.removeAll(keepingCapacity: true)
            var fds = pollSet(now: now, skipping: turn)
            // A failed poll leaves every `revents` 0: the loop goes round and polls again.
            _ = try? Syscalls.poll(&fds, timeoutMilliseconds: turn.isEmpty ? pollTimeout(now: now) : 0)
            handleControl()
            var connecting = false
            for entry in fds where entry.revents != 0 {
                if entry.fd == exporter.wakeRead {
                    Syscalls.drain(entry.fd)
                } else if entry.fd == exporter.listener {
                    connecting = true
                } else {
                    handle(entry.fd, events: entry.revents)
                }
            }
            // After the connections' own events: at the limit, one whose head has just arrived is not idle.
            if connecting { acceptConnections() }
            for fd in turn { processInput(fd) }
            handleControl()
            expire(now: ContinuousClock.now)
            startChecks()
        }
        for fd in Array(connections.keys) { close(fd, dropped: nil) }
        if listening { Syscalls.close(exporter.listener) }
        scheduler.shutdown()
    }

    /// The descriptors to poll; the connections of `turn` are not polled (their next request is already read).
    private func pollSet(now: ContinuousClock.Instant, skipping turn: Set<Int32>) -> [pollfd] {
        var fds = [pollfd(fd: exporter.wakeRead, events: Int16(POLLIN), revents: 0)]
        if listening, acceptPausedUntil.map({ now >= $0 }) ?? true {
            acceptPausedUntil = nil
            fds.append(pollfd(fd: exporter.listener, events: Int16(POLLIN), revents: 0))
        }
        fds.reserveCapacity(connections.count + 2)
        for connection in connections.values where !turn.contains(connection.fd) {
            let events: Int16
            switch connection.phase {
            case .reading, .closing: events = Int16(POLLIN)
            // A client gone (FIN or reset) raises RDHUP; pipelined bytes stay unread in the kernel.
            case .waiting: events = Syscalls.pollReadHangUp
            case .writing: events = Int16(POLLOUT)
            }
            fds.append(pollfd(fd: connection.fd, events: events, revents: 0))
        }
        return fds
    }

    /// Until the nearest scrape deadline, at most 250 ms (the connection timeouts are swept that often).
    private func pollTimeout(now: ContinuousClock.Instant) -> Int32 {
        var wait = Duration.milliseconds(250)
        for scrape in scrapes.values { wait = min(wait, scrape.deadline - now) }
        if let acceptPausedUntil { wait = min(wait, acceptPausedUntil - now) }
        let ms = wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms + 1))
    }

    /// Stop, reload, and checks the reactors finished.
    private func handleControl() {
        let (stop, reload, finished) = exporter.requests.withLock { r in
            defer {
                r.reload = false
                r.finished.removeAll(keepingCapacity: true)
            }
            return (r.stop, r.reload, r.finished)
        }
        for (id, result) in finished { checkFinished(id, result) }
        if reload { reloadConfiguration() }
        if stop, drainDeadline == nil { beginDrain() }
    }

    private func beginDrain() {
        drainDeadline = ContinuousClock.now + settings.shutdownGrace
        if listening {
            Syscalls.close(exporter.listener)
            listening = false
        }
        for (fd, c) in connections where c.phase == .reading { close(fd, dropped: nil) }
        exporter.log.log(
            "info", "stopping",
            [
                ("in_flight", String(scrapes.count)),
                ("grace_seconds", NumberText.compact(settings.shutdownGrace.seconds)),
            ])
    }

    private func reloadConfiguration() {
        switch exporter.loader() {
        case .success(let fresh):
            configuration = fresh
            generation += 1
            statistics.reloadSuccessful = true
            statistics.reloadTimestamp = Syscalls.wallClockSeconds()
            statistics.ensembles = fresh.targets.count
            exporter.log.log(
                "info", "configuration reloaded",
                [("ensembles", String(fresh.targets.count)), ("config", fresh.source)])
        case .failure(let error):
            statistics.reloadSuccessful = false
            exporter.log.log(
                "error", "configuration reload failed; keeping the previous one", [("error", error.description)])
        }
    }
}
