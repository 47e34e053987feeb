import Glibc
import Synchronization
import SystemSupport
import ToolkitSupport

/// Removes named temporary files when the process is told to stop (SIGTERM, SIGINT, SIGHUP) while writing them.
///
/// Only `AtomicFile`'s fallback path (file systems without `O_TMPFILE`) needs this: its temporary file has a
/// name from the start, and a cron timeout would otherwise leave it in the textfile folder forever. The signals
/// are taken (through a ``SignalRelay``) only while at least one path is registered, and what was in force before
/// is put back after; a signal ignored at that moment (SIGHUP under `nohup`) stays ignored.
///
/// On a signal, a thread of its own removes every registered file, puts the previous dispositions back and
/// delivers the signal again: by default the process then ends, killed by that signal, as it would have without
/// this cleanup.
enum TemporaryFileCleanup {
    /// A registered path; `release()` it once the file is renamed away or removed.
    struct Registration: Sendable {
        fileprivate var id: Int?

        /// No path registered: releasing it does nothing.
        init() { id = nil }
        fileprivate init(id: Int?) { self.id = id }

        /// Forgets the path, and puts the previous dispositions back when no other path is registered.
        func release() {
            guard let id else { return }
            state.withLock { state in
                guard state.paths.removeValue(forKey: id) != nil, state.paths.isEmpty else { return }
                state.relay?.uninstall()
            }
        }
    }

    /// The signals that mean "stop" to a command run by cron, a terminal, or a supervisor.
    static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Registers `path` for removal if a stop signal arrives, taking the signals on first use.
    ///
    /// Call it before creating the file: a signal in between then finds nothing to remove, which is harmless,
    /// whereas registering after creating would leave a window where the file could be left behind. When the
    /// signals cannot be watched (no pipe), or the process is already stopping, the write goes on without
    /// cleanup.
    static func register(_ path: String) -> Registration {
        state.withLock { state in
            guard !state.stopping, let relay = state.watchingRelay() else { return Registration(id: nil) }
            if state.paths.isEmpty { relay.install() }
            state.next += 1
            state.paths[state.next] = path
            return Registration(id: state.next)
        }
    }

    /// What the watching thread does on `signal`: removes the registered files, lets the signals go, and
    /// delivers `signal` again.
    fileprivate static func stop(on signal: Int32) {
        state.withLock { state in
            state.stopping = true
            for path in state.paths.values { unlink(path) }
            state.paths = [:]
            state.relay?.uninstall()
        }
        SignalRelay.deliverAgainIfUntaken(signal)
    }
}

private struct CleanupState {
    /// Registered paths by registration.
    var paths: [Int: String] = [:]
    var next = 0
    /// Made, with its watching thread, on the first registration.
    var relay: SignalRelay?
    /// A signal came: no more registrations.
    var stopping = false

    /// The relay, made and watched on first use; `nil` when its pipe cannot be made.
    mutating func watchingRelay() -> SignalRelay? {
        if let relay { return relay }
        guard let made = try? SignalRelay(TemporaryFileCleanup.signals, keepingIgnored: true) else { return nil }
        relay = made
        DetachedThread.start(name: "tempfile-signal") {
            while true { TemporaryFileCleanup.stop(on: made.wait()) }
        }
        return made
    }
}

private let state = Mutex(CleanupState())
