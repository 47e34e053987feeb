import Synchronization
import SystemSupport
import ToolkitSupport

/// Looks up host names on a few background threads, and wakes a poll loop through a pipe when an answer arrives.
///
/// `getaddrinfo` blocks and cannot be cancelled, so a lookup that outlives its exchange's deadline is left to
/// finish on its thread and its answer is dropped. The threads keep the resolver alive until they are done, so the
/// pipe is closed only after the last of them has written to it.
final class HostResolver: Sendable {
    /// At most this many `getaddrinfo` calls at once per resolver.
    static let maxThreads = 4

    private struct State {
        var queue: [Endpoint] = []
        var answers: [(Endpoint, Result<[SocketAddress], ResolutionFailure>)] = []
        var threads = 0
    }

    private let state = Mutex(State())
    /// Readable when ``takeAnswers()`` has something; watch it with `POLLIN`.
    let wakeDescriptor: Int32
    private let signalDescriptor: Int32

    init() throws(Errno) {
        (wakeDescriptor, signalDescriptor) = try Syscalls.pipe()
    }

    deinit {
        Syscalls.close(wakeDescriptor)
        Syscalls.close(signalDescriptor)
    }

    /// Queues a lookup of `endpoint`'s host, starting a thread for it if fewer than ``maxThreads`` are running.
    func lookUp(_ endpoint: Endpoint) {
        let startThread = state.withLock { state -> Bool in
            state.queue.append(endpoint)
            guard state.threads < Self.maxThreads else { return false }
            state.threads += 1
            return true
        }
        if startThread {
            DetachedThread.start(name: "zkprobe-resolve") { [self] in work() }
        }
    }

    /// The answers that arrived since the last call, in arrival order.
    func takeAnswers() -> [(Endpoint, Result<[SocketAddress], ResolutionFailure>)] {
        Syscalls.drain(wakeDescriptor)
        return state.withLock { state in
            defer { state.answers = [] }
            return state.answers
        }
    }

    private func work() {
        while true {
            let next = state.withLock { state -> Endpoint? in
                guard !state.queue.isEmpty else {
                    state.threads -= 1
                    return nil
                }
                return state.queue.removeFirst()
            }
            guard let next else { return }
            let answer = Syscalls.resolve(host: next.host, port: next.port, numericOnly: false)
            state.withLock { $0.answers.append((next, answer)) }
            Syscalls.wake(signalDescriptor)
        }
    }
}
