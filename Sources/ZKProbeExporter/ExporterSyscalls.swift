#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A system call that failed: the call and `errno`'s text.
public struct ExporterSystemError: Error, Sendable, CustomStringConvertible {
    /// The call, e.g. `bind 127.0.0.1:9141`.
    public var call: String
    /// `errno` right after the call.
    public var code: Int32
    /// A reason other than `strerror`'s (the resolver's `gai_strerror`).
    public var reason: String?

    /// The call and what `strerror` (or the resolver) says.
    public var description: String { "\(call): \(reason ?? String(cString: strerror(code)))" }

    init(call: String, code: Int32, reason: String? = nil) {
        self.call = call
        self.code = code
        self.reason = reason
    }
}

/// Every POSIX call the exporter makes, in one place; `errno` is read at once and `EINTR` retried.
enum ExporterSyscalls {
    /// `fcntl(F_SETFL, O_NONBLOCK)` and `FD_CLOEXEC`.
    static func makeNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    /// `accept`, then non-blocking and close-on-exec: a descriptor, `nil` when none is waiting, or the error.
    static func accept(_ listener: Int32) -> Result<Int32, ExporterSystemError>? {
        while true {
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                makeNonBlocking(fd)
                return .success(fd)
            }
            let code = errno
            if code == EINTR || code == ECONNABORTED { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            return .failure(ExporterSystemError(call: "accept", code: code))
        }
    }

    /// What a non-blocking read or write did.
    enum Transfer: Equatable {
        case bytes(Int)
        case wouldBlock
        case closed
        case failed(Int32)
    }

    /// `read` into `buffer`'s free capacity, at most `limit` bytes.
    static func read(_ fd: Int32, into buffer: inout [UInt8], limit: Int) -> Transfer {
        var chunk = [UInt8](repeating: 0, count: max(1, min(limit, 16 << 10)))
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer += chunk[..<n]
                return .bytes(n)
            }
            if n == 0 { return .closed }
            let code = errno
            if code == EINTR { continue }
            return code == EAGAIN || code == EWOULDBLOCK ? .wouldBlock : .failed(code)
        }
    }

    /// `send` (no `SIGPIPE`) of `bytes[offset...]`.
    static func write(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> Transfer {
        while true {
            let n = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n >= 0 { return .bytes(n) }
            let code = errno
            if code == EINTR { continue }
            return code == EAGAIN || code == EWOULDBLOCK ? .wouldBlock : .failed(code)
        }
    }

    /// `poll` on `fds` for at most `milliseconds`; `EINTR` counts as nothing ready.
    static func poll(_ fds: inout [pollfd], milliseconds: Int32) {
        let n = fds.withUnsafeMutableBufferPointer { Glibc.poll($0.baseAddress, nfds_t($0.count), milliseconds) }
        if n < 0 { for i in fds.indices { fds[i].revents = 0 } }
    }

    /// A non-blocking pipe: (read end, write end).
    static func pipe() throws(ExporterSystemError) -> (Int32, Int32) {
        var ends: [Int32] = [-1, -1]
        guard Glibc.pipe(&ends) == 0 else { throw ExporterSystemError(call: "pipe", code: errno) }
        makeNonBlocking(ends[0])
        makeNonBlocking(ends[1])
        return (ends[0], ends[1])
    }

    /// Writes one byte to `fd` (a wake-up); a full pipe already wakes the reader.
    static func poke(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(fd, &byte, 1)
    }

    /// Reads and discards whatever `fd` holds.
    static func drain(_ fd: Int32) {
        var scratch = [UInt8](repeating: 0, count: 256)
        while scratch.withUnsafeMutableBytes({ Glibc.read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// `close`, never retried.
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }
}
