import Glibc
import SystemSupport
import Testing

/// The one signal facility: a signal becomes a byte that `wait()` returns, the handler leaves `errno` alone,
/// and the disposition before is put back.
@Suite(.serialized) struct SignalRelayTests {
    static func handler(of signal: Int32) -> Int {
        var action = sigaction()
        sigaction(signal, nil, &action)
        return unsafeBitCast(action.__sigaction_handler, to: Int.self)
    }

    /// Runs `body` with `signal` unblocked on this thread (test runners' worker threads block most signals), so
    /// that `raise` delivers it here at once.
    static func unblocked<Result>(_ signal: Int32, _ body: () throws -> Result) rethrows -> Result {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        var previous = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &set, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    @Test func aSignalIsRelayedAndTheDispositionBeforeIsPutBack() throws {
        let before = Self.handler(of: SIGUSR2)
        let relay = try SignalRelay([SIGUSR2], keepingIgnored: false)
        relay.install()
        #expect(Self.handler(of: SIGUSR2) != before)
        Self.unblocked(SIGUSR2) { _ = raise(SIGUSR2) }
        #expect(relay.wait() == SIGUSR2)
        relay.uninstall()
        #expect(Self.handler(of: SIGUSR2) == before)
    }

    /// The handler's own `write` fails once the pipe is full (`EAGAIN`); the code it interrupted must still see
    /// its own `errno`.
    @Test func theHandlerLeavesErrnoAsItFoundItEvenWhenItsWriteFails() throws {
        let relay = try SignalRelay([SIGUSR2], keepingIgnored: false)
        relay.install()
        defer { relay.uninstall() }
        let after = Self.unblocked(SIGUSR2) { () -> Int32 in
            for _ in 0..<(1 << 17) { raise(SIGUSR2) }  // more than a pipe holds (64 KiB)
            errno = EILSEQ
            raise(SIGUSR2)
            return errno
        }
        #expect(after == EILSEQ)
        #expect(relay.wait() == SIGUSR2)
    }

    @Test func anIgnoredSignalStaysIgnoredWhenAskedTo() throws {
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        let relay = try SignalRelay([SIGUSR2], keepingIgnored: true)
        relay.install()
        defer { relay.uninstall() }
        #expect(Self.handler(of: SIGUSR2) == unsafeBitCast(SIG_IGN, to: Int.self))
    }

    @Test func twoRelaysOfOneSignalBothGetIt() throws {
        let before = Self.handler(of: SIGUSR2)
        let first = try SignalRelay([SIGUSR2], keepingIgnored: false)
        let second = try SignalRelay([SIGUSR2], keepingIgnored: false)
        first.install()
        second.install()
        Self.unblocked(SIGUSR2) { _ = raise(SIGUSR2) }
        #expect(first.wait() == SIGUSR2)
        #expect(second.wait() == SIGUSR2)
        first.uninstall()
        #expect(Self.handler(of: SIGUSR2) != before, "the second relay still takes it")
        second.uninstall()
        #expect(Self.handler(of: SIGUSR2) == before)
    }
}
