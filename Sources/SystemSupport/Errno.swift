import Glibc

/// A C `errno` value, read immediately after the call that set it: the one error type of every system call the
/// tools make (docs/architecture.md, "The platform layer"). Errors that wrap a system call carry it whole, so
/// callers decide by ``code``, never by the text.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `E*` constant, such as `EMFILE`.
    public var code: Int32

    public init(_ code: Int32) {
        self.code = code
    }

    /// The calling thread's `errno` now; read it before anything else can change it.
    package static var current: Errno { Errno(errno) }

    /// `strerror`'s text, such as "Connection refused": for people only; decide by ``code``.
    public var description: String { String(cString: strerror(code)) }

    /// Whether this is the process running short of descriptors, memory or buffers (`EMFILE`, `ENFILE`,
    /// `ENOMEM`, `ENOBUFS`): trouble of the caller's own, not of whatever it was talking to.
    public var isResourceShortage: Bool {
        [EMFILE, ENFILE, ENOMEM, ENOBUFS].contains(code)
    }

    /// Runs a system call that returns -1 with `errno` on failure, again while it fails with `EINTR`: the one
    /// retry-on-interrupt helper. Returns the call's non-negative result.
    /// - Throws: the `errno` read right after the first failure that is not `EINTR`.
    package static func retryingInterrupts<Result: FixedWidthInteger>(_ call: () -> Result) throws(Errno) -> Result {
        while true {
            let result = call()
            if result >= 0 { return result }
            let failure = Errno.current
            if failure.code != EINTR { throw failure }
        }
    }
}
