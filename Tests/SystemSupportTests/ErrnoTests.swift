import Foundation
import Glibc
import Synchronization
import SystemSupport
import Testing

/// `Errno` and the one retry-on-interrupt helper.
@Suite(.serialized) struct ErrnoTests {
    @Test func theTextIsStrerrorsAndTheCodeDecides() {
        #expect(Errno(EMFILE).description == String(cString: strerror(EMFILE)))
        #expect(Errno(EMFILE).isResourceShortage)
        #expect(Errno(ENOMEM).isResourceShortage)
        #expect(!Errno(ECONNREFUSED).isResourceShortage)
    }

    /// A blocking `read` interrupted by a signal (a handler without `SA_RESTART`, so the kernel returns `EINTR`)
    /// is called again and returns the byte written after the interruption.
    @Test func aReadInterruptedByASignalIsRetried() throws {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        sigaction(SIGUSR1, &action, &previous)
        defer { sigaction(SIGUSR1, &previous, nil) }

        let calls = Atomic<Int>(0)
        let reader = Mutex<pthread_t?>(nil)
        let outcome = Mutex<Result<Int, Errno>?>(nil)
        let readEnd = ends[0]
        let thread = Thread {
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            sigaddset(&unblocked, SIGUSR1)
            pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
            reader.withLock { $0 = pthread_self() }
            var byte: UInt8 = 0
            let result = Result { () throws(Errno) in
                try Errno.retryingInterrupts {
                    calls.add(1, ordering: .relaxed)
                    return read(readEnd, &byte, 1)
                }
            }
            outcome.withLock { $0 = result }
        }
        thread.start()
        // Signal the reader until one signal has interrupted its read (a second call), then let it finish.
        let deadline = Date().addingTimeInterval(20)
        while calls.load(ordering: .relaxed) < 2, Date() < deadline {
            if let thread = reader.withLock({ $0 }) { pthread_kill(thread, SIGUSR1) }
            usleep(20_000)
        }
        var byte: UInt8 = 7
        _ = write(ends[1], &byte, 1)
        while outcome.withLock({ $0 }) == nil, Date() < deadline { usleep(10_000) }
        #expect(calls.load(ordering: .relaxed) >= 2, "no read was interrupted")
        #expect(try outcome.withLock({ $0 })?.get() == 1)
    }

    @Test func aFailureOtherThanEINTRIsThrownWithItsCode() {
        #expect(throws: Errno(EBADF)) {
            try Errno.retryingInterrupts { close(-1) }
        }
    }
}
