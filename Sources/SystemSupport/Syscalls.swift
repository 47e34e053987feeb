import CSystemSupport
import Glibc

/// Every POSIX call the tools make, in one place (docs/architecture.md, "The platform layer").
///
/// Each wrapper reads `errno` right after the call and throws it as an ``Errno``, retries `EINTR` through
/// ``Errno/retryingInterrupts(_:)`` where a retry is correct, and reports "would block" as a value rather than an
/// error. Descriptors are created non-blocking and close-on-exec from the start (`SOCK_NONBLOCK | SOCK_CLOEXEC`,
/// `pipe2`, `accept4`), so no other thread's `fork`/`exec` can inherit one in between.
package enum Syscalls {
    // MARK: Process-wide setup

    /// The processors online now, at least 1. The corresponding C function is `sysconf(_SC_NPROCESSORS_ONLN)`.
    package static func onlineProcessorCount() -> Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The number of descriptors this process may open now (the soft `RLIMIT_NOFILE`). The libraries never
    /// change the limit: a tool's `main` raises it (``raiseOpenFileLimit()``) when it wants more. Sends use
    /// `MSG_NOSIGNAL`, so no exchange depends on `SIGPIPE` being ignored.
    ///
    /// The corresponding C function is `getrlimit`.
    package static func openFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return count(limit.rlim_cur)
    }

    /// Raises the soft open-file limit to the hard one; returns the limit in force after.
    ///
    /// The corresponding C functions are `getrlimit` and `setrlimit`.
    package static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return count(limit.rlim_cur)
    }

    private static func count(_ limit: rlim_t) -> Int {
        limit >= rlim_t(Int.max) ? Int.max : Int(limit)
    }

    /// Ignores `SIGPIPE`: a peer or reader that goes away is then an `EPIPE` return, not death (Linux has no
    /// `SO_NOSIGPIPE`).
    ///
    /// The corresponding C function is `signal(SIGPIPE, SIG_IGN)`.
    package static func ignoreBrokenPipe() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    // MARK: Sockets

    /// Opens a non-blocking, close-on-exec TCP socket for `family` (`AF_INET` or `AF_INET6`).
    ///
    /// The corresponding C function is `socket`.
    package static func tcpSocket(family: Int32) throws(Errno) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return try Errno.retryingInterrupts { socket(family, type, Int32(IPPROTO_TCP)) }
    }

    /// Whether a non-blocking `connect` finished at once or goes on in the background.
    package enum ConnectStatus: Equatable {
        case connected
        case inProgress
    }

    /// Starts connecting `fd` to `address`.
    ///
    /// `EINPROGRESS` (and `EINTR`, after which the connection also goes on in the background: connect(2) is the
    /// one call that must not simply be retried) mean "not finished yet": wait for `POLLOUT`, then read the
    /// outcome with ``pendingError(_:)``.
    ///
    /// The corresponding C function is `connect`.
    package static func connect(_ fd: Int32, to address: SocketAddress) throws(Errno) -> ConnectStatus {
        let code: Int32 = address.withSockaddr { pointer, length in
            Glibc.connect(fd, pointer, length) == 0 ? 0 : errno
        }
        switch code {
        case 0: return .connected
        case EINPROGRESS, EINTR: return .inProgress
        default: throw Errno(code)
        }
    }

    /// The outcome of a background `connect`, or of anything else pending on `fd`: `nil` when there is no error.
    ///
    /// The corresponding C function is `getsockopt(SO_ERROR)`.
    package static func pendingError(_ fd: Int32) -> Errno? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) != 0 { return Errno.current }
        return value == 0 ? nil : Errno(value)
    }

    /// A listening TCP socket on `address`, non-blocking and close-on-exec, with `SO_REUSEADDR`.
    ///
    /// The corresponding C functions are `socket`, `setsockopt`, `bind` and `listen`.
    /// - Throws: the failed step's name (`socket`, `bind`, `listen`) and its `errno`.
    package static func listen(on address: SocketAddress, backlog: Int32) throws(ListenFailure) -> Int32 {
        let fd: Int32
        do { fd = try tcpSocket(family: address.family) } catch { throw ListenFailure(step: "socket", errno: error) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withSockaddr { pointer, length in bind(fd, pointer, length) == 0 ? nil : Errno.current }
        if let bound {
            close(fd)
            throw ListenFailure(step: "bind", errno: bound)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let failure = Errno.current
            close(fd)
            throw ListenFailure(step: "listen", errno: failure)
        }
        return fd
    }

    /// Which step of ``listen(on:backlog:)`` failed, and why.
    package struct ListenFailure: Error {
        package var step: String
        package var errno: Errno
    }

    /// The port `fd` is bound to, or `nil` when `getsockname` fails or the family is not IP.
    ///
    /// The corresponding C function is `getsockname`.
    package static func boundPort(_ fd: Int32) -> Int? {
        socketAddress(fd, getsockname)?.port
    }

    /// The address of the peer of connected socket `fd`, or `nil` when `getpeername` fails (the peer already
    /// gone) or the family is not IP.
    ///
    /// The corresponding C function is `getpeername`.
    package static func peerAddress(_ fd: Int32) -> SocketAddress? {
        socketAddress(fd, getpeername)
    }

    private static func socketAddress(
        _ fd: Int32, _ call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: &storage) { SocketAddress(family: family, bytes: $0) }
    }

    /// Takes one waiting connection off `listener`: a descriptor already non-blocking and close-on-exec, or `nil`
    /// when none is waiting. A connection that was aborted while it waited is skipped.
    ///
    /// The corresponding C function is `accept4(SOCK_NONBLOCK | SOCK_CLOEXEC)`.
    package static func accept(_ listener: Int32) throws(Errno) -> Int32? {
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        while true {
            do throws(Errno) {
                return try Errno.retryingInterrupts { csystemsupport_accept4(listener, flags) }
            } catch  where error.code == ECONNABORTED {
                continue
            } catch  where error.code == EAGAIN || error.code == EWOULDBLOCK {
                return nil
            }
        }
    }

    /// Sends bytes without raising `SIGPIPE`; returns how many were sent, or `nil` when the socket would block.
    ///
    /// The corresponding C function is `send(MSG_NOSIGNAL)`.
    package static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Errno) -> Int? {
        try wouldBlockAsNil { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads into `buffer` from a socket, pipe or file; returns the count (0 at end of stream), or `nil` when a
    /// non-blocking descriptor has nothing yet.
    ///
    /// The corresponding C function is `read`.
    package static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int? {
        try wouldBlockAsNil { read(fd, buffer.baseAddress, buffer.count) }
    }

    private static func wouldBlockAsNil(_ call: () -> Int) throws(Errno) -> Int? {
        do throws(Errno) {
            return try Errno.retryingInterrupts(call)
        } catch  where error.code == EAGAIN || error.code == EWOULDBLOCK {
            return nil
        }
    }

    /// Writes every byte to a blocking descriptor, resuming after short writes and `EINTR`.
    ///
    /// The corresponding C function is `write`.
    package static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Result { () throws(Errno) in
                    try Errno.retryingInterrupts { write(fd, buffer.baseAddress! + offset, buffer.count - offset) }
                }
            }
            offset += try written.get()
        }
    }

    /// Half-closes `fd`: the server sees end of stream after the word, as with the reference client over plain
    /// TCP. Failure (the peer already gone) is harmless and ignored: reading reports what happened.
    ///
    /// The corresponding C function is `shutdown(SHUT_WR)`.
    package static func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes `fd`. Never retried, even on `EINTR`: on Linux the descriptor is gone either way, and a retry could
    /// close a descriptor another thread has just been given.
    ///
    /// The corresponding C function is `close`.
    package static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// `POLLRDHUP` (Linux, 0x2000): the peer closed or shut down its writing side. Glibc declares it only with
    /// `_GNU_SOURCE`, which Swift's Glibc module does not define. Unlike `POLLIN` it is not raised by bytes
    /// waiting to be read, so a connection can be watched for a hang-up while its pipelined requests stay unread.
    package static let pollReadHangUp: Int16 = 0x2000

    /// Waits for events on `fds` for at most `timeoutMilliseconds` (-1: no limit); returns how many have events.
    ///
    /// `EINTR` returns 0, so that the caller recomputes its deadlines and polls again.
    ///
    /// The corresponding C function is `poll`.
    package static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) throws(Errno) -> Int {
        let (ready, failure) = fds.withUnsafeMutableBufferPointer { buffer -> (Int32, Errno?) in
            let ready = Glibc.poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMilliseconds)
            return (ready, ready < 0 ? Errno.current : nil)
        }
        if let failure {
            if failure.code == EINTR { return 0 }
            throw failure
        }
        return Int(ready)
    }

    /// Makes `fd` blocking again (a file opened non-blocking so that opening a FIFO does not hang).
    ///
    /// The corresponding C function is `fcntl(F_SETFL)`.
    package static func setBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    }

    // MARK: Wake-up pipes

    /// The one pipe: both ends non-blocking and close-on-exec from the start: `(read, write)`.
    ///
    /// The corresponding C function is `pipe2(O_NONBLOCK | O_CLOEXEC)`.
    package static func pipe() throws(Errno) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        _ = try Errno.retryingInterrupts { csystemsupport_pipe2(&ends, O_NONBLOCK | O_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// Writes one byte to a non-blocking pipe. A full pipe already holds a wake-up, so `EAGAIN` is fine.
    ///
    /// The corresponding C function is `write`.
    package static func wake(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = try? Errno.retryingInterrupts { write(fd, &byte, 1) }
    }

    /// Reads everything waiting in a non-blocking pipe.
    ///
    /// The corresponding C function is `read`.
    package static func drain(_ fd: Int32) {
        var scratch = [UInt8](repeating: 0, count: 256)
        while true {
            let count = scratch.withUnsafeMutableBytes { try? receive(fd, into: $0) }
            guard let count, count > 0 else { return }
        }
    }

    // MARK: Name resolution

    /// Resolves `host` to TCP addresses on `port`, in `getaddrinfo`'s order without duplicates: the one resolver.
    ///
    /// With `numericOnly` the call never touches DNS or `/etc/hosts` and so never blocks: a host that is not a
    /// numeric address fails with `EAI_NONAME` (``ResolutionFailure/isNotNumeric``). Without it the call may
    /// block for as long as the resolver takes. `passive` asks for addresses to bind to rather than connect to.
    ///
    /// The corresponding C functions are `getaddrinfo`, `freeaddrinfo` and `gai_strerror`.
    package static func resolve(
        host: String, port: Int, numericOnly: Bool, passive: Bool = false
    ) -> Result<[SocketAddress], ResolutionFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : 0) | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0 else { return .failure(ResolutionFailure(code: code, errno: Errno.current)) }
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

    // MARK: This host and process

    /// The host's name, as `hostname` prints it; empty when the call fails.
    ///
    /// The corresponding C function is `gethostname`.
    package static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// This process's id.
    ///
    /// The corresponding C function is `getpid`.
    package static func processID() -> Int32 {
        getpid()
    }

    // MARK: Clocks

    /// Wall-clock time (`CLOCK_REALTIME`), for timestamps people read. Durations and deadlines use the
    /// monotonic `ContinuousClock`, never this.
    ///
    /// The corresponding C function is `clock_gettime(CLOCK_REALTIME)`.
    package static func wallClock() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now
    }

    /// ``wallClock()`` as seconds since the Unix epoch, with its nanoseconds as the fraction: the timestamps of
    /// the exporter's self-metrics and of a watch's timeline.
    package static func wallClockSeconds() -> Double {
        let now = wallClock()
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
