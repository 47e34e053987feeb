import Glibc
import Synchronization

/// Removes named temporary files when the process is told to stop (SIGTERM, SIGINT, SIGHUP) while writing them.
///
/// Only `AtomicFile`'s fallback path (file systems without `O_TMPFILE`) needs this: its temporary file has a
/// name from the start, and a cron timeout would otherwise leave it in the textfile folder forever. Handlers are
/// installed only while at least one path is registered, and the previous ones are put back after.
///
/// Everything the signal handler touches is allocated before the handler is installed and never freed, and is
/// read with atomics only: no locks, no allocation, only async-signal-safe calls (`unlink`, `sigaction`, `raise`).
enum TemporaryFileCleanup {
    /// A registered path; `release()` it once the file is renamed away or removed.
    struct Registration: Sendable {
        fileprivate var slot: Int?

        /// Forgets the path, and puts the previous signal handlers back when no other path is registered.
        func release() {
            if let slot {
                // If the handler took the slot (`slotRemoving`), the process is stopping: leave it to the handler.
                _ = slotStates[slot].compareExchange(
                    expected: slotReady, desired: slotFree, ordering: .acquiringAndReleasing)
            }
            registrations.withLock { count in
                count -= 1
                if count == 0 { restoreHandlers() }
            }
        }
    }

    /// How many paths can be registered at once; a write beyond that proceeds without cleanup on signals.
    static let capacity = 16
    /// Bytes per path, terminating NUL included.
    static let pathCapacity = Int(PATH_MAX) + 1
    /// The signals that mean "stop" to a command run by cron, a terminal, or a supervisor.
    static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Registers `path` for removal if a stop signal arrives, installing the handlers on first use.
    ///
    /// Call it before creating the file: a signal in between then finds nothing to remove, which is harmless,
    /// whereas registering after creating would leave a window where the file could be left behind.
    static func register(_ path: String) -> Registration {
        registrations.withLock { count in
            if count == 0 { installHandlers() }
            count += 1
        }
        let bytes = Array(path.utf8)
        guard bytes.count < pathCapacity, !bytes.contains(0) else { return Registration(slot: nil) }
        for slot in 0..<capacity
        where slotStates[slot].compareExchange(
            expected: slotFree, desired: slotFilling, ordering: .acquiring
        ).exchanged {
            let destination = slotPaths + slot * pathCapacity
            for (index, byte) in bytes.enumerated() { destination[index] = CChar(bitPattern: byte) }
            destination[bytes.count] = 0
            // Published only once complete, so the handler never reads a half-copied path.
            slotStates[slot].store(slotReady, ordering: .releasing)
            return Registration(slot: slot)
        }
        return Registration(slot: nil)
    }

    /// Saves the current dispositions and installs `removeRegisteredFiles`, except for signals that were ignored
    /// (a run under `nohup` must keep ignoring SIGHUP). Called with `registrations` locked.
    private static func installHandlers() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = removeRegisteredFiles
        sigemptyset(&action.sa_mask)
        for signal in signals { sigaddset(&action.sa_mask, signal) }  // one handler run at a time
        action.sa_flags = SA_RESTART
        for (index, signal) in signals.enumerated() {
            sigaction(signal, nil, previousActions + index)
            let previous = previousActions[index].__sigaction_handler.sa_handler
            if previous.map({ unsafeBitCast($0, to: Int.self) }) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            sigaction(signal, &action, nil)
        }
    }

    /// Puts back the dispositions saved by `installHandlers`. Called with `registrations` locked.
    private static func restoreHandlers() {
        for (index, signal) in signals.enumerated() { sigaction(signal, previousActions + index, nil) }
    }
}

private let slotFree = 0
private let slotFilling = 1
private let slotReady = 2
private let slotRemoving = 3

/// How many registrations are active; the handlers are installed while it is above zero.
private let registrations = Mutex<Int>(0)

/// Per slot: `slotFree`, `slotFilling` (a path being copied in), `slotReady` (the handler may remove it),
/// `slotRemoving` (the handler took it).
private nonisolated(unsafe) let slotStates: UnsafeMutablePointer<Atomic<Int>> = {
    let states = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: TemporaryFileCleanup.capacity)
    for slot in 0..<TemporaryFileCleanup.capacity { (states + slot).initialize(to: Atomic(slotFree)) }
    return states
}()

/// The registered paths, NUL-terminated, `pathCapacity` bytes per slot.
private nonisolated(unsafe) let slotPaths = UnsafeMutablePointer<CChar>.allocate(
    capacity: TemporaryFileCleanup.capacity * TemporaryFileCleanup.pathCapacity)

/// The dispositions in place before `installHandlers`, in the order of `TemporaryFileCleanup.signals`.
private nonisolated(unsafe) let previousActions: UnsafeMutablePointer<sigaction> = {
    let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 3)
    actions.initialize(repeating: sigaction(), count: 3)
    return actions
}()

/// The signal handler: removes every registered file, then lets the signal do what it did before.
///
/// It puts the previous disposition back and raises the signal again; the signal is blocked while a handler
/// runs, so it is delivered right after this returns: by default the process then ends, killed by that signal,
/// as it would have without this handler.
private let removeRegisteredFiles: @convention(c) (Int32) -> Void = { signal in
    for slot in 0..<TemporaryFileCleanup.capacity where slotStates[slot].compareExchange(
        expected: slotReady, desired: slotRemoving, ordering: .acquiring
    ).exchanged {
        unlink(slotPaths + slot * TemporaryFileCleanup.pathCapacity)
    }
    let index = signal == SIGTERM ? 0 : signal == SIGINT ? 1 : 2
    sigaction(signal, previousActions + index, nil)
    raise(signal)
}
