import Dispatch
import Synchronization
import ToolkitSupport
import ZKProbe

/// A fixed set of worker threads that run checks, one at a time each: the global bound on concurrent checks.
///
/// Jobs wait in a bounded queue; a job whose scrape has ended (deadline passed, client gone) is dropped when a
/// worker reaches it, so a burst of abandoned scrapes costs no check. The threads live as long as the pool.
final class CheckPool: Sendable {
    /// One check to run.
    struct Job: Sendable {
        var id: Int
        var target: ProbeTarget
        /// When the scrape that asked for it must be answered.
        var deadline: ContinuousClock.Instant
        var connectionsPerCheck: Int
        /// Called on the worker with the result (`nil`: dropped unrun, its deadline passed).
        var done: @Sendable (Int, Result<CheckReport, TargetError>?) -> Void
    }

    private struct State {
        var queue: [Job] = []
        var head = 0
        var running = 0
        var cancelled: Set<Int> = []
        var stopping = false
    }

    private let state = Mutex(State())
    /// One signal per queued job, and one per worker at `stop`: a worker waits on it for something to do.
    private let wakeups = DispatchSemaphore(value: 0)
    /// Entered by each worker while it runs: `stop` waits on it.
    private let running = DispatchGroup()
    let workers: Int
    let maxQueued: Int

    /// Starts `workers` threads; at most `maxQueued` jobs may wait.
    init(workers: Int, maxQueued: Int) {
        self.workers = max(1, workers)
        self.maxQueued = max(1, maxQueued)
        for _ in 0..<self.workers {
            running.enter()
            DetachedThread.start { [self] in work() }
        }
    }

    /// Checks running and checks waiting.
    var load: (running: Int, queued: Int) { state.withLock { ($0.running, $0.queue.count - $0.head) } }

    /// Queues `jobs` together, or none of them when they would not fit: `false` then (answer 503).
    func submit(_ jobs: [Job]) -> Bool {
        let accepted = state.withLock { s -> Bool in
            guard !s.stopping, s.queue.count - s.head + jobs.count <= maxQueued else { return false }
            s.queue += jobs
            return true
        }
        if accepted { for _ in jobs { wakeups.signal() } }
        return accepted
    }

    /// Drops the job `id` if no worker has started it (its scrape no longer wants it).
    func cancel(_ ids: [Int]) {
        // Every finished scrape calls this, mostly with nothing to drop: no lock, no walk of the queue then.
        guard !ids.isEmpty else { return }
        let wanted = Set(ids)
        state.withLock { s in
            // Only jobs still waiting: a finished job's id must not stay in the set (memory stays flat).
            for job in s.queue[s.head...] where wanted.contains(job.id) { s.cancelled.insert(job.id) }
        }
    }

    /// Stops the workers once their current check ends; waits at most `grace` for them.
    func stop(grace: Duration) {
        state.withLock { $0.stopping = true }
        for _ in 0..<workers { wakeups.signal() }
        let (seconds, attoseconds) = max(grace, .zero).components
        let nanoseconds = min(seconds, 1 << 32) * 1_000_000_000 + attoseconds / 1_000_000_000
        _ = running.wait(timeout: .now() + .nanoseconds(Int(nanoseconds)))
    }

    private func next() -> Job? {
        while true {
            wakeups.wait()
            let taken = state.withLock { s -> (Job?, Bool) in
                if s.stopping { return (nil, true) }
                guard s.head < s.queue.count else { return (nil, false) }
                let job = s.queue[s.head]
                s.head += 1
                if s.head == s.queue.count {
                    s.queue.removeAll(keepingCapacity: true)
                    s.head = 0
                } else if s.head > 64, s.head * 2 > s.queue.count {
                    s.queue.removeFirst(s.head)
                    s.head = 0
                }
                if s.cancelled.remove(job.id) != nil { return (nil, false) }
                s.running += 1
                return (job, false)
            }
            if taken.1 { return nil }
            if let job = taken.0 { return job }
        }
    }

    private func work() {
        while let job = next() {
            let left = job.deadline - ContinuousClock.now
            if left <= .zero {
                job.done(job.id, nil)
            } else {
                // Keep a little of the scrape for rendering and sending: the check ends before the scrape does.
                let reserve = min(.milliseconds(200), left / 10)
                let limits = CheckLimits(deadline: left - reserve, maxConnections: job.connectionsPerCheck)
                job.done(job.id, job.target.check(limits))
            }
            state.withLock { $0.running -= 1 }
        }
        running.leave()
    }
}
