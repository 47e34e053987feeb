import Glibc
import Synchronization

/// Turns signals into bytes on a pipe that a thread reads: the one signal facility (docs/architecture.md,
/// "Signals and temporary files").
///
/// The handler does only what is async-signal-safe: it saves `errno`, writes the signal's number to the write end
/// of every relay that wants the signal (a non-blocking `pipe2`, so a full pipe never blocks the handler), and
/// restores `errno`, so the code it interrupted never sees a changed `errno`. Everything else (stopping a
/// server, removing files) happens on the thread that calls ``wait()``, where locks and allocation are fine.
///
/// Several relays may want the same signal; each gets every delivery. The disposition in force before the first
/// relay took a signal is put back when the last one lets it go.
package final class SignalRelay: Sendable {
    /// The signals this relay asked for.
    package let signals: [Int32]
    /// Whether a signal that is ignored when ``install(unblocking:)`` runs stays ignored (a run under `nohup`
    /// keeps ignoring SIGHUP).
    private let keepingIgnored: Bool
    private let readEnd: Int32
    private let writeEnd: Int32
    /// The signals this relay is taking now.
    private let taken = Mutex<[Int32]>([])

    /// A relay for `signals`, not yet taking them.
    /// - Throws: the `errno` of `pipe2`.
    package init(_ signals: [Int32], keepingIgnored: Bool) throws(Errno) {
        precondition(signals.allSatisfy { $0 > 0 && $0 < signalLimit }, "not a signal number: \(signals)")
        self.signals = signals
        self.keepingIgnored = keepingIgnored
        (readEnd, writeEnd) = try Syscalls.pipe()
    }

    deinit {
        uninstall()
        Syscalls.close(readEnd)
        Syscalls.close(writeEnd)
    }

    /// Starts taking the signals: installs the relaying handler for each one no relay takes yet, saving the
    /// disposition in force. With `unblocking`, also unblocks them on the calling thread (and so on every
    /// thread it starts later): a parent may start a process with them blocked.
    ///
    /// The corresponding C functions are `sigaction` and `pthread_sigmask`.
    package func install(unblocking: Bool = false) {
        let already = taken.withLock { $0 }
        let wanted = relays.withLock { relays in
            signals.filter { signal in
                if already.contains(signal) { return false }
                var taker = relays[signal] ?? Taker(previous: currentDisposition(of: signal))
                if keepingIgnored, isIgnored(taker.previous) { return false }
                taker.writeEnds.append(writeEnd)
                publish(signal, taker.writeEnds)
                if relays[signal] == nil { installHandler(for: signal) }
                relays[signal] = taker
                return true
            }
        }
        taken.withLock { $0 += wanted }
        guard unblocking else { return }
        var set = sigset_t()
        sigemptyset(&set)
        for signal in wanted { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Stops taking the signals; a signal no relay takes any more gets back the disposition saved for it.
    ///
    /// The corresponding C function is `sigaction`.
    package func uninstall() {
        let mine = taken.withLock { taken in
            defer { taken = [] }
            return taken
        }
        relays.withLock { relays in
            for signal in mine {
                guard var taker = relays[signal] else { continue }
                taker.writeEnds.removeAll { $0 == writeEnd }
                publish(signal, taker.writeEnds)
                if taker.writeEnds.isEmpty {
                    sigaction(signal, &taker.previous, nil)
                    relays[signal] = nil
                } else {
                    relays[signal] = taker
                }
            }
        }
    }

    /// Blocks until one of the signals arrives; returns its number.
    ///
    /// The corresponding C functions are `poll` and `read`, retried on `EINTR`.
    package func wait() -> Int32 {
        var byte: UInt8 = 0
        while true {
            var fds = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
            _ = try? Syscalls.poll(&fds, timeoutMilliseconds: -1)
            let count = withUnsafeMutableBytes(of: &byte) { try? Syscalls.receive(readEnd, into: $0) }
            if count == 1 { return Int32(byte) }
        }
    }

    /// Sends `signal` to this process again when no relay takes it any more, so that the disposition in force
    /// before the relays (by default: ending the process, killed by that signal) acts on it. It goes to the
    /// process, not the calling thread, which may block it (threads started from a worker thread often do).
    ///
    /// The corresponding C function is `kill(getpid(), signal)`.
    package static func deliverAgainIfUntaken(_ signal: Int32) {
        if relays.withLock({ $0[signal] == nil }) { kill(getpid(), signal) }
    }
}

/// One past the highest signal number (`_NSIG` on Linux).
private let signalLimit: Int32 = 65
/// Write ends per signal that the handler reads; more relays than this for one signal do not get it.
private let endsPerSignal = 4

/// A signal some relay takes: the disposition before the first one, and every taker's write end.
private struct Taker {
    var previous: sigaction
    var writeEnds: [Int32] = []
}

/// Which signals relays take. Changed under its lock; the handler reads only `handlerEnds`.
private let relays = Mutex<[Int32: Taker]>([:])

/// Per signal, `endsPerSignal` write ends (-1: none) for the handler: allocated before any handler is installed
/// (``SignalRelay/install(unblocking:)`` touches it first) and never freed, read with atomics only.
private nonisolated(unsafe) let handlerEnds: UnsafeMutablePointer<Atomic<Int32>> = {
    let count = Int(signalLimit) * endsPerSignal
    let ends = UnsafeMutablePointer<Atomic<Int32>>.allocate(capacity: count)
    for index in 0..<count { (ends + index).initialize(to: Atomic(-1)) }
    return ends
}()

/// Makes `ends` the write ends the handler uses for `signal`. Called with `relays` locked.
private func publish(_ signal: Int32, _ ends: [Int32]) {
    for slot in 0..<endsPerSignal {
        let end = slot < ends.count ? ends[slot] : -1
        handlerEnds[Int(signal) * endsPerSignal + slot].store(end, ordering: .releasing)
    }
}

private func currentDisposition(of signal: Int32) -> sigaction {
    var action = sigaction()
    sigaction(signal, nil, &action)
    return action
}

private func isIgnored(_ action: sigaction) -> Bool {
    let handler = action.__sigaction_handler.sa_handler.map { unsafeBitCast($0, to: Int.self) }
    return handler == unsafeBitCast(SIG_IGN, to: Int.self)
}

/// Installs `relaySignal` for `signal`, with `SA_RESTART` so that most interrupted calls resume by themselves.
private func installHandler(for signal: Int32) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = relaySignal
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    sigaction(signal, &action, nil)
}

/// The handler: async-signal-safe calls only (`write`), and `errno` as it found it.
private let relaySignal: @convention(c) (Int32) -> Void = { signal in
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    for slot in 0..<endsPerSignal {
        let end = handlerEnds[Int(signal) * endsPerSignal + slot].load(ordering: .acquiring)
        if end >= 0 { _ = write(end, &byte, 1) }
    }
    errno = saved
}
