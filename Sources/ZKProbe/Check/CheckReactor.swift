import Synchronization
import SystemSupport
import ToolkitSupport

import Glibc

/// Runs many checks at once for `zkprobe serve`: every in-flight check's exchanges on one thread's `poll` loop, so
/// a silent member costs one socket and its deadline, never a thread.
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
///
/// Each check is a ``CheckRun`` whose batches go on the reactor's ``ProbeLoop``; a batch that does not fit in the
/// socket budget waits for room (batches of earlier checks first) rather than running in waves. Requests reach
/// the thread through a queue under a `Mutex` and a wake pipe that the loop polls beside the sockets.
package struct CheckReactor: Sendable {
    private let core: Core

    /// How many reactors `zkprobe serve` runs: one per processor online, at most 4, at least 1.
    package static var reactorCount: Int { min(Syscalls.onlineProcessorCount(), 4) }

    /// A reactor whose thread is named `name` (at most 15 bytes), holding at most `maxConnections` sockets.
    ///
    /// A process out of descriptors for the wake pipe stops, as it does when it cannot create the thread.
    package init(name: String, maxConnections: Int) {
        core = Core(name: name, maxConnections: maxConnections)
    }

    /// Sockets to members this reactor holds at once over every check.
    package var maxConnections: Int { core.maxConnections }

    /// Starts checking `request` with id `id` (unique among this reactor's checks in flight).
    package func start(
        _ request: CheckRequest, id: Int, until deadline: ContinuousClock.Instant, maxConnections: Int,
        done: @escaping @Sendable (_ id: Int, _ report: CheckReport) -> Void
    ) {
        core.start(request, id: id, until: deadline, maxConnections: maxConnections, done: done)
    }

    /// Stops check `id`; its `done` is not called.
    package func cancel(_ id: Int) { core.cancel(id) }

    /// Checks started and neither done nor cancelled.
    package var checksInFlight: Int { core.checksInFlight }

    /// Cancels every check and stops the thread (also when the last copy of the reactor goes away).
    package func shutdown() { core.shutdown() }
}

extension CheckReactor {
    /// The reactor's thread and state: a class, so that its last copy going away shuts the thread down. It is
    /// internal while ``CheckReactor`` is a struct because a `package` class keeps its initializer, and with it
    /// everything the initializer reaches (the reactor's loop and the whole check), in every program that links
    /// ZKProbe: quorumsim's packaged binary grew by 0.6 MiB, over its 15 MiB limit, while it was one.
    final class Core: Sendable {
        /// Sockets to members this reactor holds at once over every check.
        let maxConnections: Int
        private let inbox: Inbox
        private let thread: pthread_t

        /// A reactor whose thread is named `name` (at most 15 bytes), holding at most `maxConnections` sockets.
        ///
        /// A process out of descriptors for the wake pipe stops, as it does when it cannot create the thread.
        init(name: String, maxConnections: Int) {
            let maxConnections = max(1, maxConnections)
            self.maxConnections = maxConnections
            let inbox: Inbox
            do {
                inbox = try Inbox()
            } catch {
                fatalError("zkprobe: cannot create the check reactor's wake pipe: \(error)")
            }
            self.inbox = inbox
            thread = PosixThread.start(name: name, detached: false) {
                Self.serve(inbox, budget: maxConnections)
            }
        }

        deinit { shutdown() }

        /// Starts checking `request` with id `id` (unique among this reactor's checks in flight).
        func start(
            _ request: CheckRequest, id: Int, until deadline: ContinuousClock.Instant, maxConnections: Int,
            done: @escaping @Sendable (_ id: Int, _ report: CheckReport) -> Void
        ) {
            inbox.post { state in
                guard !state.stopping else { return }
                state.nextToken += 1
                state.live[id] = state.nextToken
                state.commands.append(
                    .start(
                        Start(
                            request: request, id: id, token: state.nextToken, deadline: deadline,
                            maxConnections: maxConnections, done: done)))
            }
        }

        /// Stops check `id`; its `done` is not called.
        func cancel(_ id: Int) {
            inbox.post { state in
                guard state.live.removeValue(forKey: id) != nil else { return }
                state.commands.append(.cancel(id))
            }
        }

        /// Checks started and neither done nor cancelled.
        var checksInFlight: Int { inbox.state.withLock { $0.live.count } }

        /// Cancels every check and stops the thread.
        func shutdown() {
            let first = inbox.state.withLock { state in
                defer { state.stopping = true }
                state.live.removeAll()
                return !state.stopping
            }
            guard first else { return }
            Syscalls.wake(inbox.signal)
            if pthread_equal(pthread_self(), thread) == 0 {
                PosixThread.join(thread)
            } else {
                PosixThread.detach(thread)
            }
        }

        // MARK: The reactor's thread

        /// The loop of the reactor's thread: runs the checks' batches and takes requests between turns.
        private static func serve(_ inbox: Inbox, budget: Int) {
            let loop = ProbeLoop(budget: budget)
            var owners: [Int: Int] = [:]
            var nextOwner = 0
            while true {
                if loop.turn(watching: inbox.wake) { Syscalls.drain(inbox.wake) }
                let (commands, stopping) = inbox.state.withLock { state in
                    defer { state.commands = [] }
                    return (state.commands, state.stopping)
                }
                if stopping {
                    loop.cancelAll()
                    return
                }
                for command in commands {
                    switch command {
                    case .cancel(let id):
                        if let owner = owners.removeValue(forKey: id) { loop.cancel(owner: owner) }
                    case .start(let start):
                        nextOwner += 1
                        let owner = nextOwner
                        owners[start.id] = owner
                        let run = CheckRun(start.limited(now: .now))
                        run.run(run.start(), on: loop, owner: owner, until: start.deadline) { report in
                            if owners[start.id] == owner { owners[start.id] = nil }
                            if inbox.finish(start.id, token: start.token) { start.done(start.id, report) }
                        }
                    }
                }
            }
        }

        private struct Start: Sendable {
            var request: CheckRequest
            var id: Int
            /// Which start of `id` this is, so that a check cancelled and started again under the same id is told
            /// apart from the one before.
            var token: Int
            var deadline: ContinuousClock.Instant
            var maxConnections: Int
            var done: @Sendable (_ id: Int, _ report: CheckReport) -> Void

            /// The request with each exchange's deadline within the check's and its sockets within its share.
            func limited(now: ContinuousClock.Instant) -> CheckRequest {
                request.limited(deadline: deadline - now, maxConnections: maxConnections)
            }
        }

        private enum Command: Sendable {
            case start(Start)
            case cancel(Int)
        }

        /// What callers hand the reactor's thread, and the pipe that wakes it.
        private final class Inbox: Sendable {
            struct State {
                var commands: [Command] = []
                /// The checks started and neither done nor cancelled, with their start's token.
                var live: [Int: Int] = [:]
                var nextToken = 0
                var stopping = false
            }

            let state = Mutex(State())
            /// The loop polls `wake`; callers write to `signal`.
            let wake: Int32
            let signal: Int32

            init() throws(Errno) {
                (wake, signal) = try Syscalls.pipe()
            }

            deinit {
                Syscalls.close(wake)
                Syscalls.close(signal)
            }

            /// Changes the state under the lock and wakes the thread.
            func post(_ change: (inout State) -> Void) {
                state.withLock { change(&$0) }
                Syscalls.wake(signal)
            }

            /// Whether check `id`'s start `token` is still live, forgetting it: its `done` is then called.
            func finish(_ id: Int, token: Int) -> Bool {
                state.withLock { state in
                    guard state.live[id] == token else { return false }
                    state.live[id] = nil
                    return true
                }
            }
        }
    }
}
