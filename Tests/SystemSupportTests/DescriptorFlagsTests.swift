import Glibc
import SystemSupport
import Testing

/// Every descriptor the platform layer makes is non-blocking and close-on-exec from the start.
struct DescriptorFlagsTests {
    static func isNonBlocking(_ fd: Int32) -> Bool { fcntl(fd, F_GETFL) & O_NONBLOCK != 0 }
    static func isCloseOnExec(_ fd: Int32) -> Bool { fcntl(fd, F_GETFD) & FD_CLOEXEC != 0 }

    @Test func bothEndsOfThePipeAreNonBlockingAndCloseOnExec() throws {
        let (read, write) = try Syscalls.pipe()
        defer {
            Syscalls.close(read)
            Syscalls.close(write)
        }
        for fd in [read, write] {
            #expect(Self.isNonBlocking(fd))
            #expect(Self.isCloseOnExec(fd))
        }
        var scratch = [UInt8](repeating: 0, count: 4)
        #expect(
            try scratch.withUnsafeMutableBytes { try Syscalls.receive(read, into: $0) } == nil, "empty: would block")
        Syscalls.wake(write)
        Syscalls.drain(read)
        #expect(try scratch.withUnsafeMutableBytes { try Syscalls.receive(read, into: $0) } == nil, "drained")
    }

    @Test func theListenerAndAnAcceptedConnectionAreNonBlockingAndCloseOnExec() throws {
        let address = try Syscalls.resolve(host: "127.0.0.1", port: 0, numericOnly: true, passive: true).get()[0]
        let listener = try Syscalls.listen(on: address, backlog: 4)
        defer { Syscalls.close(listener) }
        #expect(Self.isNonBlocking(listener) && Self.isCloseOnExec(listener))
        #expect(try Syscalls.accept(listener) == nil, "nothing waiting: nil, not a block or an error")

        let port = try #require(Syscalls.boundPort(listener))
        let target = try Syscalls.resolve(host: "127.0.0.1", port: port, numericOnly: true).get()[0]
        let client = try Syscalls.tcpSocket(family: target.family)
        defer { Syscalls.close(client) }
        _ = try Syscalls.connect(client, to: target)
        var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
        #expect(try Syscalls.poll(&fds, timeoutMilliseconds: 10_000) == 1)
        let accepted = try #require(try Syscalls.accept(listener))
        defer { Syscalls.close(accepted) }
        #expect(Self.isNonBlocking(accepted))
        #expect(Self.isCloseOnExec(accepted))
    }
}
