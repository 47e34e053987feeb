import Glibc

/// One connection to a ``FakeServer`` listener with the ``FakeServer/Behavior/converse(_:)`` behaviour: the test
/// reads and writes it itself. Every wait is a poll of at most ``FakeServer/tick`` that gives up when the server
/// stops.
package struct FakeConnection: Sendable {
    /// What ``readFrame(within:)`` got.
    package enum Frame: Equatable, Sendable {
        /// A whole packet's payload (its 4-byte big-endian length taken off).
        case packet([UInt8])
        /// Nothing whole arrived in time; what did arrive is lost.
        case timedOut
        /// The client closed, or the server stopped, or the length was negative or over `limit`.
        case closed
    }

    package let descriptor: Int32
    /// The listener's port.
    package let port: Int
    private let server: FakeServer

    init(descriptor: Int32, port: Int, server: FakeServer) {
        self.descriptor = descriptor
        self.port = port
        self.server = server
    }

    package var isStopped: Bool { server.isStopped }

    /// Exactly `count` bytes, or `nil` when the client closes, the server stops, or `within` passes first.
    package func read(_ count: Int, within: Duration? = nil) -> [UInt8]? {
        if case .packet(let bytes) = receive(count, within: within) { return bytes }
        return nil
    }

    /// The next length-prefixed packet: a 4-byte big-endian length, then that many bytes (at most `limit`).
    package func readFrame(within: Duration? = nil, limit: Int = 1 << 20) -> Frame {
        let head = receive(4, within: within)
        guard case .packet(let prefix) = head else { return head }
        let length = prefix.reduce(0) { $0 << 8 | Int($1) }
        guard length <= limit else { return .closed }
        if case .packet(let payload) = receive(length, within: .seconds(5)) { return .packet(payload) }
        return .closed
    }

    private func receive(_ count: Int, within: Duration?) -> Frame {
        let end = within.map { ContinuousClock.now + $0 }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        while bytes.count < count {
            if isStopped { return .closed }
            if let end, ContinuousClock.now >= end { return .timedOut }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, FakeServer.tick) > 0 else { continue }
            let got = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, count - bytes.count, 0) }
            if got <= 0 { return .closed }
            bytes += buffer[..<got]
        }
        return isStopped ? .closed : .packet(bytes)
    }

    /// Sends every byte; false when the client has gone or the server stopped.
    @discardableResult
    package func send(_ bytes: [UInt8]) -> Bool {
        server.sendAll(descriptor, bytes[...])
    }

    /// Sleeps for `duration`, returning early when the server stops.
    package func sleep(_ duration: Duration) {
        server.sleep(duration)
    }

    /// Makes the coming close a reset (SO_LINGER 0): the client sees `ECONNRESET`.
    package func resetOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }
}
