#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A C `errno` value, read immediately after the call that set it.
struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    var code: Int32

    /// `strerror`'s text, such as "Connection refused".
    var description: String { String(cString: strerror(code)) }
}

/// A `getaddrinfo` failure: its `EAI_*` code and `gai_strerror`'s text.
struct ResolutionFailure: Error, Equatable, Sendable {
    var code: Int32
    var message: String
}

/// Every POSIX call the wire client makes, in one place.
///
/// Each wrapper reads `errno` right after the call and turns it into a typed error, retries `EINTR` where a
/// retry is correct, and reports "would block" as a value rather than an error. Descriptors are created
/// non-blocking and close-on-exec.
enum Syscalls {
    // MARK: Process-wide setup

    /// The number of descriptors this process may open now (the soft `RLIMIT_NOFILE`). The library never
    /// changes the limit: a tool's `main` raises it (``ProcessSettings``) when it wants more. Sends use
    /// `MSG_NOSIGNAL`, so no exchange depends on `SIGPIPE` being ignored.
    ///
    /// The corresponding C function is `getrlimit`.
    static func openFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return limit.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }

    // MARK: Sockets

    /// Opens a non-blocking, close-on-exec TCP socket for `family` (`AF_INET` or `AF_INET6`).
    ///
    /// The corresponding C function is `socket`.
    static func tcpSocket(family: Int32) throws(Errno) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(family, type, Int32(IPPROTO_TCP))
        if fd < 0 { throw Errno(code: errno) }
        return fd
    }

    /// Whether a non-blocking `connect` finished at once or goes on in the background.
    enum ConnectStatus: Equatable {
        case connected
        case inProgress
    }

    /// Starts connecting `fd` to `address`.
    ///
    /// `EINPROGRESS` (and `EINTR`, after which the connection also goes on in the background) mean "not finished
    /// yet": wait for `POLLOUT`, then read the outcome with ``pendingError(_:)``.
    ///
    /// The corresponding C function is `connect`.
    static func connect(_ fd: Int32, to address: SocketAddress) throws(Errno) -> ConnectStatus {
        let code: Int32 = address.withSockaddr { pointer, length in
            Glibc.connect(fd, pointer, length) == 0 ? 0 : errno
        }
        switch code {
        case 0: return .connected
        case EINPROGRESS, EINTR: return .inProgress
        default: throw Errno(code: code)
        }
    }

    /// The outcome of a background `connect`, or of anything else pending on `fd`: `nil` when there is no error.
    ///
    /// The corresponding C function is `getsockopt(SO_ERROR)`.
    static func pendingError(_ fd: Int32) -> Errno? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) != 0 { return Errno(code: errno) }
        return value == 0 ? nil : Errno(code: value)
    }

    /// Sends bytes without raising `SIGPIPE`; returns how many were sent, or `nil` when the socket would block.
    ///
    /// The corresponding C function is `send(MSG_NOSIGNAL)`.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Errno) -> Int? {
        while true {
            let sent = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if sent >= 0 { return sent }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw Errno(code: code)
        }
    }

    /// Receives into `buffer`; returns the count (0 at end of stream), or `nil` when nothing is there yet.
    ///
    /// The corresponding C function is `recv`.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int? {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw Errno(code: code)
        }
    }

    /// Half-closes `fd`: the server sees end of stream after the word, as with the reference client over plain
    /// TCP. Failure (the peer already gone) is harmless and ignored: reading reports what happened.
    ///
    /// The corresponding C function is `shutdown(SHUT_WR)`.
    static func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes `fd`. Never retried, even on `EINTR`: on Linux the descriptor is gone either way, and a retry could
    /// close a descriptor another thread has just been given.
    ///
    /// The corresponding C function is `close`.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Waits for events on `fds` for at most `timeoutMilliseconds`; returns how many have events.
    ///
    /// `EINTR` returns 0, so that the caller recomputes its deadlines and polls again.
    ///
    /// The corresponding C function is `poll`.
    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) throws(Errno) -> Int {
        let (ready, code) = fds.withUnsafeMutableBufferPointer { buffer -> (Int32, Int32) in
            let ready = Glibc.poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMilliseconds)
            return (ready, ready < 0 ? errno : 0)
        }
        if ready >= 0 { return Int(ready) }
        if code == EINTR { return 0 }
        throw Errno(code: code)
    }

    // MARK: Wake-up pipe

    /// Opens a pipe whose ends are both non-blocking and close-on-exec: `(read, write)`.
    ///
    /// The corresponding C functions are `pipe` and `fcntl`.
    static func nonBlockingPipe() throws(Errno) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { throw Errno(code: errno) }
        for fd in ends {
            let flags = fcntl(fd, F_GETFL)
            if flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 {
                let failure = Errno(code: errno)
                Glibc.close(ends[0])
                Glibc.close(ends[1])
                throw failure
            }
        }
        return (ends[0], ends[1])
    }

    /// Writes one byte to a non-blocking pipe. A full pipe already holds a wake-up, so `EAGAIN` is fine.
    ///
    /// The corresponding C function is `write`.
    static func signalPipe(_ fd: Int32) {
        var byte: UInt8 = 1
        while write(fd, &byte, 1) < 0, errno == EINTR {}
    }

    /// Reads everything waiting in a non-blocking pipe.
    ///
    /// The corresponding C function is `read`.
    static func drainPipe(_ fd: Int32) {
        var scratch = [UInt8](repeating: 0, count: 256)
        while true {
            let count = scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 { continue }
            if count < 0, errno == EINTR { continue }
            return
        }
    }

    // MARK: Name resolution

    /// Resolves `host` to TCP addresses on `port`, in `getaddrinfo`'s order without duplicates.
    ///
    /// With `numericOnly` the call never touches DNS or `/etc/hosts` and so never blocks: a host that is not a
    /// numeric address fails with `EAI_NONAME`. Without it the call may block for as long as the resolver takes.
    ///
    /// The corresponding C functions are `getaddrinfo`, `freeaddrinfo` and `gai_strerror`.
    static func resolve(host: String, port: Int, numericOnly: Bool) -> Result<[SocketAddress], ResolutionFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let (code, systemErrno) = (getaddrinfo(host, String(port), &hints, &list), errno)
        guard code == 0 else {
            let message =
                code == EAI_SYSTEM
                ? String(cString: strerror(systemErrno)) : String(cString: gai_strerror(code))
            return .failure(ResolutionFailure(code: code, message: message))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let entry = cursor {
            if let address = SocketAddress(entry.pointee), !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        if addresses.isEmpty {
            return .failure(ResolutionFailure(code: EAI_NONAME, message: "no IPv4 or IPv6 address"))
        }
        return .success(addresses)
    }

    /// Whether `failure` says "this is not a numeric address" rather than anything else.
    static func isNotNumeric(_ failure: ResolutionFailure) -> Bool {
        failure.code == EAI_NONAME
    }
}
