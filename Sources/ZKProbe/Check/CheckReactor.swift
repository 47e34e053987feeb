import Synchronization
import ToolkitSupport

/// Runs many checks at once for `zkprobe serve`: every in-flight check's exchanges on one thread's `poll` loop, so
/// a silent member costs one socket and its deadline, never a thread.
///
/// CONTRACT (issue 20; the lead's stub): the API below is what ZKProbeExporter codes against. The body is an
/// interim stand-in (one pooled thread per check) until the reactor lands behind the same API.
///
/// - ``start(_:id:until:maxConnections:done:)`` begins a check now. Its exchanges end by `deadline` whatever the
///   request's own `--timeout` (each exchange gets `min(request.probe.deadline, deadline - now)`), and it holds at
///   most `maxConnections` member sockets at once; all checks of one reactor together hold at most the reactor's
///   `maxConnections`. `done` is called exactly once, on the reactor's thread, with the report, unless the check
///   was cancelled or the reactor shut down first. It must return quickly (hand the report to another thread).
/// - ``cancel(_:)`` stops a check: its sockets close within one turn of the loop, sessions it opened are left to
///   expire, and `done` is not called. Cancelling an unknown or finished id does nothing.
/// - ``checksInFlight`` is the checks started and not yet done or cancelled.
/// - ``shutdown()`` cancels every check and joins the thread; later `start`s are ignored.
package final class CheckReactor: Sendable {
    /// Sockets to members this reactor holds at once over every check.
    package let maxConnections: Int
    private let pool: WorkerPool
    private let live = Mutex<Set<Int>>([])

    /// A reactor whose thread is named `name` (at most 15 bytes), holding at most `maxConnections` sockets.
    package init(name: String, maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
        pool = WorkerPool(threads: 64, name: name)
    }

    /// Starts checking `request` with id `id` (unique among this reactor's checks in flight).
    package func start(
        _ request: CheckRequest, id: Int, until deadline: ContinuousClock.Instant, maxConnections: Int,
        done: @escaping @Sendable (_ id: Int, _ report: CheckReport) -> Void
    ) {
        live.withLock { _ = $0.insert(id) }
        var limited = request
        limited.probe.deadline = min(request.probe.deadline, max(.zero, deadline - ContinuousClock.now))
        limited.probe.maxInFlight = max(1, maxConnections)
        let request = limited
        let accepted = pool.submit([
            { [self] in
                let report = Checker.check(request)
                if live.withLock({ $0.remove(id) != nil }) { done(id, report) }
            }
        ])
        if !accepted { live.withLock { _ = $0.remove(id) } }
    }

    /// Stops check `id`; its `done` is not called.
    package func cancel(_ id: Int) {
        live.withLock { _ = $0.remove(id) }
    }

    /// Checks started and neither done nor cancelled.
    package var checksInFlight: Int { live.withLock { $0.count } }

    /// Cancels every check and stops the thread.
    package func shutdown() {
        live.withLock { $0.removeAll() }
        _ = pool.shutdown(grace: .milliseconds(100))
    }
}
