import SystemSupport

import Glibc

/// A POSIX thread that runs one closure and ends: what the tools used Foundation's `Thread` for, without
/// linking Foundation (and its ICU data) into the binaries.
package enum DetachedThread {
    /// Starts a detached thread that runs `body`.
    ///
    /// - Parameter stackSize: bytes of stack, rounded up to whole pages; `nil` keeps the system's default.
    /// The corresponding C function is `pthread_create`; a thread that cannot be created (no memory, thread
    /// limit) stops the process, as Foundation's `Thread` did.
    package static func start(stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        if let stackSize {
            let page = sysconf(Int32(_SC_PAGESIZE))
            let size = max(Int(PTHREAD_STACK_MIN), (stackSize + page - 1) / page * page)
            pthread_attr_setstacksize(&attributes, size)
        }
        let box = Unmanaged.passRetained(Body(run: body))
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
            body.run()
            return nil
        }, box.toOpaque())
        precondition(status == 0, "pthread_create failed: \(Errno(status))")
    }

    /// Blocks the calling thread for `seconds` (not at all when it is not positive), sleeping on through
    /// signals; Foundation's `Thread.sleep(forTimeInterval:)`. The corresponding C function is `nanosleep`.
    package static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        let whole = min(seconds.rounded(.down), Double(Int32.max))
        var request = timespec(tv_sec: Int(whole), tv_nsec: Int(min(seconds - whole, 0.999_999_999) * 1e9))
        var remaining = timespec()
        _ = try? Errno.retryingInterrupts {
            defer { request = remaining }
            return nanosleep(&request, &remaining)
        }
    }

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
