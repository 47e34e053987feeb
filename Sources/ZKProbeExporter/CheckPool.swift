import Synchronization
import ToolkitSupport
import ZKProbe

/// The checks of `zkprobe serve` on a `WorkerPool` of fixed size: the global bound on concurrent checks.
///
/// Jobs wait in a bounded queue; a job whose scrape has ended (deadline passed, client gone) is dropped when a
/// worker reaches it, so a burst of abandoned scrapes costs no check. The threads live until ``stop(grace:)``.
final class CheckPool: Sendable {
    /// One check to run.
    struct Job: Sendable {
        var id: Int
        var target: ProbeTarget
        /// When the scrape that asked for it must be answered.
        var deadline: ContinuousClock.Instant
        var connectionsPerCheck: Int
        /// Called on the worker with the result (`nil`: dropped unrun, its deadline passed).
        var done: @Sendable (Int, CheckReport?) -> Void
    }

    private let pool: WorkerPool
    /// The ids of the jobs queued and not yet started: `cancel` takes them out, and a worker runs a job only if
    /// it can take its id out first.
    private let waiting = Mutex<Set<Int>>([])
    let maxQueued: Int
    var workers: Int { pool.threadCount }

    /// Starts `workers` threads; at most `maxQueued` jobs may wait.
    init(workers: Int, maxQueued: Int) {
        pool = WorkerPool(threads: workers, name: "zkprobe-check")
        self.maxQueued = max(1, maxQueued)
    }

    /// Checks running and checks waiting.
    var load: (running: Int, queued: Int) { pool.load }

    /// Queues `jobs` together, or none of them when they would not fit: `false` then (answer 503).
    func submit(_ jobs: [Job]) -> Bool {
        let ids = jobs.map(\.id)
        waiting.withLock { $0.formUnion(ids) }
        let accepted = pool.submit(jobs.map { job in { [self] in run(job) } }, maxQueued: maxQueued)
        if !accepted { waiting.withLock { $0.subtract(ids) } }
        return accepted
    }

    /// Drops the jobs `ids` that no worker has started (their scrape no longer wants them).
    func cancel(_ ids: [Int]) {
        // Every finished scrape calls this, mostly with nothing to drop: no lock then.
        guard !ids.isEmpty else { return }
        waiting.withLock { $0.subtract(ids) }
    }

    /// Stops the workers once their current check ends (queued jobs are dropped); waits at most `grace` for
    /// them, sleeping until the last one leaves.
    func stop(grace: Duration) {
        pool.shutdown(grace: grace)
    }

    private func run(_ job: Job) {
        guard waiting.withLock({ $0.remove(job.id) != nil }) else { return }
        let left = job.deadline - ContinuousClock.now
        if left <= .zero {
            job.done(job.id, nil)
        } else {
            // Keep a little of the scrape for rendering and sending: the check ends before the scrape does.
            let reserve = min(.milliseconds(200), left / 10)
            let limits = CheckLimits(deadline: left - reserve, maxConnections: job.connectionsPerCheck)
            job.done(job.id, job.target.check(limits))
        }
    }
}
