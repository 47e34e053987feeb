import Synchronization

import Glibc

/// A fixed set of named threads that run submitted tasks in submission order: the one worker pool of both tools
/// (the simulator's replications, the rare-event batches, `zkprobe serve`'s checks).
///
/// Tasks wait in one queue; each thread takes the oldest and runs it to its end. ``shutdown(grace:)`` drops the
/// tasks not yet started, waits for the running ones and joins the threads. A pool's threads keep it alive until
/// then, so every pool must be shut down; ``map(_:threads:name:stackSize:_:)`` does it for a one-off batch.
package final class WorkerPool: Sendable {
    package typealias Task = @Sendable () -> Void

    private struct State: Sendable {
        var queue: [Task] = []
        var head = 0
        var running = 0
        var stopping = false
        /// The threads to join: each is marked `exited` once it runs no task and will take none.
        var threads: [(handle: pthread_t, exited: Bool)] = []
    }

    private let state = WaitableMutex(State())
    /// The number of threads.
    package let threadCount: Int
    /// The threads' name, as `top -H`, `ps -L` and perf show it (at most 15 bytes).
    package let name: String

    /// Starts `threads` threads (at least one) named `name`, each with `stackSize` bytes of stack (`nil`: the
    /// system's default).
    package init(threads: Int, name: String, stackSize: Int? = nil) {
        threadCount = max(1, threads)
        self.name = name
        for index in 0..<threadCount {
            let handle = PosixThread.start(name: name, stackSize: stackSize, detached: false) { [self] in
                work(index)
            }
            state.withLock { $0.threads.append((handle, false)) }
        }
    }

    /// Tasks running and tasks waiting.
    package var load: (running: Int, queued: Int) {
        state.withLock { ($0.running, $0.queue.count - $0.head) }
    }

    /// Queues `tasks` together, or none of them when the pool is shutting down or more than `maxQueued` tasks
    /// would then wait: `false` then.
    @discardableResult
    package func submit(_ tasks: [Task], maxQueued: Int = .max) -> Bool {
        state.withLock { s in
            guard !s.stopping, tasks.count <= maxQueued - (s.queue.count - s.head) else { return false }
            s.queue += tasks
            return true
        }
    }

    /// Stops taking tasks and drops those not started; waits for the running ones to end, at most `grace` when
    /// given; joins every thread that has ended. Threads still running a task when `grace` is up are detached
    /// and end with it. Returns whether every thread was joined. The caller sleeps until the last task ends or
    /// the grace is up, whichever comes first.
    @discardableResult
    package func shutdown(grace: Duration? = nil) -> Bool {
        state.withLock { s in
            s.stopping = true
            s.queue = []
            s.head = 0
        }
        _ = state.wait(timeout: grace) { s in s.threads.allSatisfy(\.exited) ? true : nil }
        let threads = state.withLock { s in
            defer { s.threads = [] }
            return s.threads
        }
        for thread in threads {
            if thread.exited { PosixThread.join(thread.handle) } else { PosixThread.detach(thread.handle) }
        }
        return threads.allSatisfy(\.exited)
    }

    private func work(_ index: Int) {
        while case .run(let task) = next() {
            task()
            state.withLock { $0.running -= 1 }
        }
        state.withLock { s in
            // A thread detached by an earlier shutdown is no longer listed.
            if s.threads.indices.contains(index) { s.threads[index].exited = true }
        }
    }

    private enum Next: Sendable {
        case run(Task)
        case stop
    }

    /// The oldest waiting task, once there is one, or `stop` when the pool shuts down.
    private func next() -> Next {
        let next = state.wait { s -> Next? in
            if s.stopping { return .stop }
            guard s.head < s.queue.count else { return nil }
            let task = s.queue[s.head]
            s.head += 1
            if s.head == s.queue.count {
                s.queue.removeAll(keepingCapacity: true)
                s.head = 0
            } else if s.head > 64, s.head * 2 > s.queue.count {
                s.queue.removeFirst(s.head)
                s.head = 0
            }
            s.running += 1
            return .run(task)
        }
        return next ?? .stop
    }
}
