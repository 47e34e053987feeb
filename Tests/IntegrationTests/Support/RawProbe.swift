import ToolkitSupport
import Glibc

/// A bare four-letter-word client for the harness's own tests, written against the socket API directly so
/// that it shares no code with the ZKProbe library under test.
///
/// It connects to 127.0.0.1, sends the word, half-closes, and reads until the server closes the connection,
/// all within one deadline. Every socket call of the integration test support lives in this file.
enum RawProbe {
    /// Why a probe got no complete reply.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// The connection was refused or failed (`errno` from `connect` or `SO_ERROR`).
        case connectFailed(port: Int, errno: Int32)
        /// The deadline passed before the server closed the connection. `connected` tells whether the TCP
        /// connection was established (a paused server's kernel still accepts it); `received` is what came.
        case noReply(port: Int, word: String, connected: Bool, received: String)
        /// A system call failed.
        case systemCallFailed(call: String, errno: Int32)

        var description: String {
            switch self {
            case .connectFailed(let port, let code):
                return "cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(code)))"
            case .noReply(let port, let word, let connected, let received):
                let stage = connected ? "connected but got no complete reply" : "could not connect"
                let got = received.debugDescription
                return "\(word) to 127.0.0.1:\(port): \(stage) before the deadline (received \(got))"
            case .systemCallFailed(let call, let code):
                return "\(call) failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// Sends `word` to `127.0.0.1:port` and returns the whole reply.
    ///
    /// The default `timeout` is long enough for a member on a busy machine: a test that expects no reply (a
    /// paused member) passes its own, short one.
    /// - Throws: `RawProbe.Failure`.
    static func send(_ word: String, port: Int, timeout: Duration = .seconds(10)) throws(Failure) -> String {
        let deadline = ContinuousClock.now + timeout
        let fd = socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCallFailed(call: "socket", errno: errno) }
        defer { close(fd) }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if connected != 0 {
            let code = errno
            // A non-blocking connect reports EINPROGRESS: not finished yet (EINTR: finishing in the background).
            guard code == EINPROGRESS || code == EINTR else { throw .connectFailed(port: port, errno: code) }
            guard try wait(fd, for: Int16(POLLOUT), until: deadline) else {
                throw .noReply(port: port, word: word, connected: false, received: "")
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) == 0 else {
                throw .systemCallFailed(call: "getsockopt(SO_ERROR)", errno: errno)
            }
            guard soError == 0 else { throw .connectFailed(port: port, errno: soError) }
        }

        var pending = Array(word.utf8)
        while !pending.isEmpty {
            let sent = pending.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                pending.removeFirst(sent)
            } else if errno == EAGAIN || errno == EINTR {
                guard try wait(fd, for: Int16(POLLOUT), until: deadline) else {
                    throw .noReply(port: port, word: word, connected: true, received: "")
                }
            } else {
                throw .systemCallFailed(call: "send", errno: errno)
            }
        }
        _ = shutdown(fd, Int32(SHUT_WR))

        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            guard try wait(fd, for: Int16(POLLIN), until: deadline) else {
                throw .noReply(
                    port: port, word: word, connected: true, received: String(decoding: reply, as: UTF8.self))
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                reply.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return String(decoding: reply, as: UTF8.self)
            } else if errno != EAGAIN && errno != EINTR {
                throw .systemCallFailed(call: "recv", errno: errno)
            }
        }
    }

    /// The value of the `Mode:` line of a `srvr` or `stat` reply (`leader`, `follower`, ...), or `nil`.
    static func mode(in reply: String) -> String? {
        for line in reply.split(separator: "\n") where line.hasPrefix("Mode: ") {
            return String(line.dropFirst("Mode: ".count))
        }
        return nil
    }

    /// Polls `fd` for `events`; false when `deadline` passes first. Retries on EINTR.
    private static func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant) throws(Failure)
        -> Bool
    {
        while true {
            let left = deadline - ContinuousClock.now
            if left <= .zero { return false }
            let milliseconds = Int32(min(left.seconds * 1000 + 1, 60_000))
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw .systemCallFailed(call: "poll", errno: errno) }
        }
    }
}
