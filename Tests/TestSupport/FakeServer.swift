import ToolkitSupport
import Dispatch
import Foundation
import Synchronization

import Glibc

/// A fake four-letter-word server for tests: real TCP listeners on 127.0.0.1 or ::1, port 0, each with its own
/// misbehaviour, served by background threads until ``stop()``.
///
/// Every wait is a poll of at most ``tick`` that checks the stop flag, so `stop()` always returns promptly. Written
/// against POSIX directly, independent of the client under test.
package final class FakeServer: Sendable {
    /// What a listener does with each connection after reading the word (up to 4 bytes, or end of stream).
    package enum Behavior: Sendable {
        /// Sends `respond(word, port)` in chunks of `chunk` bytes, pausing `pause` between chunks, then closes.
        case respond(@Sendable (_ word: String, _ port: Int) -> [UInt8], chunk: Int, pause: Duration)
        /// Accepts and reads the word, then says nothing and keeps the connection open: a SIGSTOPped JVM.
        case silent
        /// Sends one byte every `interval`, then closes.
        case drip([UInt8], interval: Duration)
        /// Sends `prefix`, waits `pause`, then resets the connection (SO_LINGER 0, close).
        case resetAfter([UInt8], pause: Duration)
        /// Streams bytes until the client goes away or the server stops.
        case endless
        /// Closes without a byte, as ZooKeeper does for an unknown word.
        case closeWithoutReply
        /// Like `respond`, but only once every listener with this behaviour has a connection open at the same time:
        /// a client that asks one server after another never gets an answer (it meets its deadline instead), so
        /// a test proves concurrency by the answers it gets, not by a clock.
        case respondWhenAllConnected(@Sendable (_ word: String, _ port: Int) -> [UInt8])
        /// An HTTP server: reads the request up to its blank line (recorded as the "word"), sends `respond`'s
        /// bytes, then closes. Reading the whole head first matters: closing with unread bytes sends a reset.
        case http(@Sendable (_ request: String, _ port: Int) -> [UInt8])
        /// Hands the connection, nothing read yet, to `converse`: a protocol the test speaks itself (a ZooKeeper
        /// client session). The connection closes when `converse` returns.
        case converse(@Sendable (FakeConnection) -> Void)

        /// Sends `bytes` in chunks of `chunk`, `pause` apart, then closes.
        package static func reply(_ bytes: [UInt8], chunk: Int = 2048, pause: Duration = .zero) -> Behavior {
            .respond({ _, _ in bytes }, chunk: chunk, pause: pause)
        }

        /// Sends `text`'s UTF-8 bytes, then closes.
        package static func reply(_ text: String) -> Behavior { .reply(Array(text.utf8)) }
    }

    package struct SetupError: Error, CustomStringConvertible {
        package var description: String
    }

    /// The longest any background wait lasts before checking the stop flag.
    package static let tick: Int32 = 20

    /// The host the listeners are bound to: `127.0.0.1` or `::1`.
    package let host: String
    /// One port per behaviour, in the order given.
    package let ports: [Int]
    private let listeners: [Int32]
    private let behaviors: [Behavior]
    private let stopped = Atomic<Bool>(false)
    private let words = Mutex<[String]>([])
    /// Connections to `respondWhenAllConnected` listeners seen so far, and how many make the barrier.
    private let arrived = Atomic<Int>(0)
    private let barrier: Int
    private let threads = DispatchGroup()

    /// Binds one listener per behaviour on `host` (`127.0.0.1` or `::1`) and starts serving. `barrier` is how many
    /// connections `respondWhenAllConnected` listeners wait for (default: one per such listener).
    package init(host: String = "127.0.0.1", behaviors: [Behavior], barrier: Int? = nil) throws {
        self.host = host
        self.behaviors = behaviors
        self.barrier =
            barrier ?? behaviors.filter { if case .respondWhenAllConnected = $0 { true } else { false } }.count
        var listeners: [Int32] = []
        var ports: [Int] = []
        do {
            for _ in behaviors {
                let (fd, port) = try Self.bindSocket(host: host, listen: true)
                listeners.append(fd)
                ports.append(port)
            }
        } catch {
            for fd in listeners { _ = close(fd) }
            throw error
        }
        self.listeners = listeners
        self.ports = ports
        threads.enter()
        Thread { [self] in
            acceptLoop()
            threads.leave()
        }.start()
    }

    package convenience init(host: String = "127.0.0.1", _ behavior: Behavior) throws {
        try self.init(host: host, behaviors: [behavior])
    }

    /// The first listener's port.
    package var port: Int { ports[0] }

    /// `host:port` for the listener at `index`, bracketed for IPv6.
    package func address(_ index: Int = 0) -> String {
        host.contains(":") ? "[\(host)]:\(ports[index])" : "\(host):\(ports[index])"
    }

    /// The words received so far, in arrival order.
    package var receivedWords: [String] { words.withLock { $0 } }

    /// Stops accepting, ends every connection, waits (at most 5 s) for the threads, and closes the listeners.
    package func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = threads.wait(timeout: .now() + 5)
        for fd in listeners { _ = close(fd) }
    }

    deinit { stop() }

    /// Whether a socket can be bound on ::1 here.
    package static let ipv6Available: Bool = {
        guard let (fd, _) = try? bindSocket(host: "::1", listen: false) else { return false }
        _ = close(fd)
        return true
    }()

    /// A socket bound to a loopback port without listening, so that connecting to the port is refused. The port
    /// stays taken until the socket is closed, so no other test can start listening on it meanwhile.
    package static func refusingPort(host: String = "127.0.0.1") throws -> (descriptor: Int32, port: Int) {
        try bindSocket(host: host, listen: false)
    }

    // MARK: Serving

    var isStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    private func acceptLoop() {
        var fds = listeners.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while !isStopped {
            guard poll(&fds, nfds_t(fds.count), Self.tick) > 0 else { continue }
            for index in fds.indices where fds[index].revents != 0 {
                let client = accept(fds[index].fd, nil, nil)
                guard client >= 0 else { continue }
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                let behavior = behaviors[index]
                let port = ports[index]
                threads.enter()
                Thread { [self] in
                    serve(client, behavior, port: port)
                    threads.leave()
                }.start()
            }
        }
    }

    private func serve(_ fd: Int32, _ behavior: Behavior, port: Int) {
        var resetInstead = false
        defer {
            if resetInstead {
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            }
            _ = close(fd)
        }
        if case .converse(let converse) = behavior {
            words.withLock { $0.append("") }
            return converse(FakeConnection(descriptor: fd, port: port, server: self))
        }
        var isHTTP = false
        if case .http = behavior { isHTTP = true }
        let word = isHTTP ? readRequestHead(fd) : readWord(fd)
        words.withLock { $0.append(word) }
        switch behavior {
        case .respond(let respond, let chunk, let pause):
            let bytes = respond(word, port)
            var offset = 0
            while offset < bytes.count, !isStopped {
                let end = min(bytes.count, offset + max(1, chunk))
                guard sendAll(fd, bytes[offset..<end]) else { return }
                offset = end
                if pause > .zero, bytes.count > offset { sleep(pause) }
            }
        case .silent:
            // A paused JVM neither reads nor closes; the kernel keeps the connection open until the server stops.
            sleep(.seconds(3600))
        case .drip(let bytes, let interval):
            for byte in bytes where !isStopped {
                guard sendAll(fd, [byte][...]) else { return }
                sleep(interval)
            }
        case .resetAfter(let prefix, let pause):
            guard sendAll(fd, prefix[...]) else { return }
            sleep(pause)
            resetInstead = true
        case .endless:
            let block = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
            while !isStopped, sendAll(fd, block[...]) {}
        case .closeWithoutReply:
            return
        case .respondWhenAllConnected(let respond):
            arrived.add(1, ordering: .sequentiallyConsistent)
            while !isStopped, arrived.load(ordering: .sequentiallyConsistent) < barrier { sleep(.milliseconds(5)) }
            guard !isStopped else { return }
            _ = sendAll(fd, respond(word, port)[...])
        case .http(let respond):
            _ = sendAll(fd, respond(word, port)[...])
        case .converse:
            return
        }
    }

    /// Reads an HTTP request head: up to the first blank line, end of stream, 64 KiB, or the server stopping.
    private func readRequestHead(_ fd: Int32) -> String {
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1)
        while !isStopped, head.count < 65536, !(head.suffix(4) == [13, 10, 13, 10]) {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, Self.tick) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 1, 0) }
            if count <= 0 { break }
            head += buffer[..<count]
        }
        return String(decoding: head, as: UTF8.self)
    }

    /// Reads up to 4 bytes: the word. Stops early at end of stream or when the server stops.
    private func readWord(_ fd: Int32) -> String {
        var word: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4)
        while word.count < 4, !isStopped {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, Self.tick) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4 - word.count, 0) }
            if count <= 0 { break }
            word += buffer[..<count]
        }
        return String(decoding: word, as: UTF8.self)
    }

    /// Sends every byte, waiting for room in ticks; false when the client has gone or the server stopped.
    func sendAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            if isStopped { return false }
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&entry, 1, Self.tick) > 0 else { continue }
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Sleeps for `duration` in ticks, returning early when the server stops.
    func sleep(_ duration: Duration) {
        let end = ContinuousClock.now + duration
        while !isStopped, ContinuousClock.now < end {
            let left = end - ContinuousClock.now
            let millis = min(
                Int64(Self.tick), left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            usleep(UInt32(max(1, millis) * 1000))
        }
    }

    // MARK: Socket setup

    /// Binds `fd` to `address` (port 0: the kernel picks) and returns the port it got, or `nil` when bind fails.
    private static func bindReturningPort<Address>(
        _ fd: Int32, _ address: inout Address, port: (Address) -> UInt16
    ) -> Int? {
        let size = socklen_t(MemoryLayout<Address>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
        }
        guard bound == 0 else { return nil }
        var length = size
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(port(address))
    }

    private static func bindSocket(host: String, listen shouldListen: Bool) throws -> (Int32, Int) {
        let ipv6 = host.contains(":")
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SetupError(description: "socket: \(String(cString: strerror(errno)))") }
        func fail(_ call: String) -> SetupError {
            let error = SetupError(description: "\(call) \(host): \(String(cString: strerror(errno)))")
            _ = close(fd)
            return error
        }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var port: Int?
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { throw fail("inet_pton") }
            port = bindReturningPort(fd, &address) { UInt16(bigEndian: $0.sin6_port) }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw fail("inet_pton") }
            port = bindReturningPort(fd, &address) { UInt16(bigEndian: $0.sin_port) }
        }
        guard let port else { throw fail("bind") }
        if shouldListen {
            guard listen(fd, 1024) == 0 else { throw fail("listen") }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        }
        return (fd, port)
    }
}
