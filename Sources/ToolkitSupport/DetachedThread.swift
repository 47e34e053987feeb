import SystemSupport

import Glibc

/// A POSIX thread that runs one closure and ends: what the tools used Foundation's `Thread` for, without
/// linking Foundation (and its ICU data) into the binaries.
package enum DetachedThread {
    /// Starts a detached thread that runs `body`: `PosixThread.start` with `detached: true`.
    ///
    /// - Parameters:
    ///   - name: what `top -H` and perf show for the thread (at most 15 bytes); `nil` keeps the creator's name.
    ///   - stackSize: bytes of stack, rounded up to whole pages; `nil` keeps the system's default.
    package static func start(name: String? = nil, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        PosixThread.start(name: name, stackSize: stackSize, detached: true, body)
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
}
