import Glibc

/// A lock over `State` that a thread can also wait on until the state is what it needs: the worker pool's wait
/// primitive, and the one thing besides `Synchronization.Mutex` that guards shared state (docs/architecture.md,
/// "Threads and locks").
///
/// `Mutex` cannot be waited on, so this is a POSIX mutex with a condition variable on the monotonic clock. Every
/// change made under the lock wakes every waiter, which looks at the state again: waiters never sleep and look.
package final class WaitableMutex<State: Sendable>: Sendable {
    // The pthread objects must not move once initialised, so they live in memory of their own; `state` is only
    // read or written with `mutex` held. That is what makes the class Sendable, and why these three are unsafe.
    nonisolated(unsafe) private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    nonisolated(unsafe) private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    nonisolated(unsafe) private var state: State

    package init(_ initial: State) {
        state = initial
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(changed, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` on the state with the lock held, then wakes every waiter.
    package func withLock<Result: Sendable, Failure: Error>(
        _ body: (inout State) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
        return try body(&state)
    }

    /// Blocks until `ready` gives a value, and returns it; `nil` when `timeout` passes first.
    ///
    /// `ready` runs with the lock held: at once, then each time another thread has changed the state (and once
    /// more when the time is up). What it changes wakes the other waiters. Sleeps in between, however long.
    /// The corresponding C functions are `pthread_cond_wait` and `pthread_cond_timedwait`.
    package func wait<Result: Sendable>(
        timeout: Duration? = nil, until ready: (inout State) -> Result?
    ) -> Result? {
        var deadline = timeout.map(Self.monotonicDeadline)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if let result = ready(&state) {
                pthread_cond_broadcast(changed)
                return result
            }
            if deadline == nil {
                pthread_cond_wait(changed, mutex)
            } else if pthread_cond_timedwait(changed, mutex, &deadline!) == ETIMEDOUT {
                let result = ready(&state)
                if result != nil { pthread_cond_broadcast(changed) }
                return result
            }
        }
    }

    /// `CLOCK_MONOTONIC` now plus `timeout` (at least zero, at most a billion seconds).
    private static func monotonicDeadline(_ timeout: Duration) -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let (seconds, attoseconds) = min(max(timeout, .zero), .seconds(1_000_000_000)).components
        let nanoseconds = now.tv_nsec + Int(attoseconds / 1_000_000_000)
        return timespec(
            tv_sec: now.tv_sec + Int(seconds) + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
    }
}
