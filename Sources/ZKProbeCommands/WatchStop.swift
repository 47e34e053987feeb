import Glibc
import SystemSupport
import ToolkitSupport

/// When a watch should stop: the flag its loop looks at between rounds and sleeps on between them, so that
/// SIGINT or SIGTERM stops it within about one round (a round in progress finishes: its check has a deadline).
final class WatchStop: Sendable {
    /// Stop requests so far (signals; tests call ``request()``).
    private let requests = WaitableMutex(0)

    /// The signals that stop a watch.
    static let signals: [Int32] = [SIGINT, SIGTERM]

    /// Asks the watch to stop; more requests change nothing.
    func request() { requests.withLock { $0 += 1 } }

    var isRequested: Bool { requests.withLock { $0 > 0 } }

    /// Sleeps for `seconds` (nothing when not positive) unless a stop is asked first.
    /// - Returns: `false` when a stop was asked, before or during the sleep.
    func sleep(seconds: Double) -> Bool {
        guard seconds > 0, let timeout = Duration(checkedSeconds: seconds) else { return !isRequested }
        return requests.wait(timeout: timeout) { $0 > 0 ? true : nil } == nil
    }

    /// Takes SIGINT and SIGTERM for this flag, unblocking them (a parent may start us with them blocked); the
    /// relay stays until the process ends, so a second signal while the watch finishes is taken too, and ignored.
    /// - Throws: the `errno` of the relay's pipe.
    func takeSignals() throws(Errno) {
        let relay = try SignalRelay(Self.signals, keepingIgnored: false)
        relay.install(unblocking: true)
        DetachedThread.start(name: "zkprobe-signals") {
            while true {
                _ = relay.wait()
                self.request()
            }
        }
    }
}
