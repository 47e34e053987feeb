import CommandLineSupport
import Foundation
import TestSupport
import Testing

@testable import ZKProbeCommands
@testable import ZKProbeExporter

import Glibc

/// `ExporterLoop.sendStreamed`: a body written as the client's socket drains, never built whole. The loop is
/// driven by hand over a socket pair with small buffers, so "the client does not read" is a state, not a delay.
@Suite(.serialized) struct StreamedBodyTests {
    /// Pieces of `pieceBytes` bytes, each with its own content, counting how many were asked for.
    final class Pieces: BodyStream {
        let count: Int
        let pieceBytes: Int
        var pulled = 0

        init(count: Int, pieceBytes: Int) {
            self.count = count
            self.pieceBytes = pieceBytes
        }

        func piece(_ n: Int) -> [UInt8] { (0..<pieceBytes).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ n) } }

        var whole: [UInt8] { (0..<count).flatMap(piece) }

        func next(upTo limit: Int) -> [UInt8]? {
            guard pulled < count else { return nil }
            pulled += 1
            return piece(pulled - 1)
        }
    }

    @Test(arguments: [false, true])
    func aStreamIsPulledOnlyAsTheClientReads(http10: Bool) throws {
        let serve = try ServeHarness("main = 127.0.0.1:1")
        defer { serve.stop() }
        let loop = ExporterLoop(exporter: serve.exporter, configuration: serve.exporter.initialConfiguration)
        defer { loop.scheduler.shutdown() }
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        let (server, client) = (ends[0], ends[1])
        defer { close(client) }
        var small: Int32 = 4096
        setsockopt(server, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(client, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(server, F_SETFL, fcntl(server, F_GETFL) | O_NONBLOCK)
        // A read that would wait for bytes the loop never sends fails the test instead of hanging it.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var connection = ExporterLoop.Connection(fd: server, client: "test", since: .now)
        connection.phase = .waiting
        connection.http10 = http10
        loop.connections[server] = connection

        let stream = Pieces(count: 400, pieceBytes: 1000)
        loop.sendStreamed(server, stream: stream, keepAlive: true, contentType: "text/plain")
        // The client has read nothing: what was pulled is what the socket took, plus the one piece held.
        let pulledBeforeReading = stream.pulled
        #expect(pulledBeforeReading < stream.count / 4, "\(pulledBeforeReading) of \(stream.count) pieces pulled")

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1500)
        while loop.connections[server]?.phase == .writing {
            let n = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            received += buffer[..<n]
            loop.handle(server, events: Int16(POLLOUT))
        }
        // The rest after the last write (the end of the body; for HTTP/1.0 the end of the stream).
        if http10 {
            while true {
                let n = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
                guard n > 0 else { break }
                received += buffer[..<n]
            }
        } else {
            var rest = [UInt8](repeating: 0, count: 65536)
            let n = rest.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { received += rest[..<n] }
        }
        let end = try #require(HTTPRequestHead.endOfHead(in: received))
        let head = String(decoding: received[..<end], as: UTF8.self)
        let body = http10 ? Array(received[end...]) : try #require(RawHTTP.dechunked(Array(received[end...])))
        #expect(body == stream.whole, "every byte, in order")
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(head.contains("Transfer-Encoding: chunked") == !http10)
        #expect(!head.contains("Content-Length"))
        // HTTP/1.0 has no chunks: the end of the body is the end of the connection.
        #expect(head.contains("Connection: close") == http10)
        #expect(loop.connections[server]?.phase == (http10 ? .closing : .reading))
        loop.close(server, dropped: nil)
    }
}
