import SystemSupport
import ToolkitSupport

import Glibc

/// Accepting, reading, writing and timing out client connections.
extension ExporterLoop {
    /// How long a closing connection waits for the client to close after its answer (`Connection: close`).
    static let linger: Duration = .seconds(1)
    /// The most of a streamed body pulled at once (one piece is all a connection holds).
    static let pieceBytes = 64 << 10
    /// The most bytes written to one connection per turn of the loop: 20 clients reading 3.8 MB `/metrics`
    /// answers as fast as loopback takes them made each turn copy tens of megabytes while other scrapes waited.
    static let bytesPerTurn = 256 << 10

    /// Accepts what is waiting (at most 256 at a time). At the connection limit the longest-idle connection is
    /// closed for the new one; else one still sending its head after ``ExporterSettings/limitHeadTimeout``;
    /// else the new one's head is read (as long) and answered 503 (at most
    /// ``ExporterSettings/maxOverLimitAnswers`` at once; beyond, it is closed at once).
    func acceptConnections() {
        for _ in 0..<256 {
            let accepted = Result { () throws(Errno) in try Syscalls.accept(exporter.listener) }
            switch accepted {
            case .success(nil):
                return
            case .failure(let error):
                // Out of descriptors or memory: stop polling the listener for a moment instead of spinning.
                acceptPausedUntil = ContinuousClock.now + .milliseconds(100)
                exporter.log.scrapeError("cannot accept a connection", [("error", "accept: \(error)")])
                return
            case .success(let fd?):
                statistics.connectionsAccepted += 1
                let now = ContinuousClock.now
                var connection = Connection(
                    fd: fd, client: Syscalls.peerAddress(fd)?.unmappedDescription ?? "?", since: now)
                if connections.count - overLimitCount >= settings.maxConnections, !evictIdleConnection(),
                    !evictSlowHead(now: now)
                {
                    guard overLimitCount < settings.maxOverLimitAnswers else {
                        Syscalls.close(fd)
                        statistics.drops[.limit, default: 0] += 1
                        continue
                    }
                    connection.overLimit = true
                    overLimitCount += 1
                }
                connections[fd] = connection
            }
        }
    }

    /// Closes the connection that has waited longest without a request; `false` when none is idle. A connection
    /// already closing goes first (it is done, not dropped).
    private func evictIdleConnection() -> Bool {
        if let done = connections.values.first(where: { $0.phase == .closing && !$0.overLimit }) {
            close(done.fd, dropped: nil)
            return true
        }
        let idle = connections.values.filter { $0.phase == .reading && $0.input.isEmpty && !$0.overLimit }
        guard let oldest = idle.min(by: { $0.since < $1.since }) else { return false }
        close(oldest.fd, dropped: .limit)
        return true
    }

    /// Closes the connection that started its head longest ago, when that is over
    /// ``ExporterSettings/limitHeadTimeout`` (slowloris); `false` when none is.
    private func evictSlowHead(now: ContinuousClock.Instant) -> Bool {
        let slow = connections.values.filter {
            $0.phase == .reading && !$0.overLimit
                && $0.requestStarted.map { now - $0 > settings.limitHeadTimeout } ?? false
        }
        guard let oldest = slow.min(by: { $0.requestStarted! < $1.requestStarted! }) else { return false }
        close(oldest.fd, dropped: .slow)
        return true
    }

    func handle(_ fd: Int32, events: Int16) {
        guard let connection = connections[fd] else { return }
        let readHangUp = connection.phase == .waiting ? Syscalls.pollReadHangUp : 0
        let hangUp = Int16(POLLERR | POLLHUP | POLLNVAL) | readHangUp
        if events & hangUp != 0, connection.phase != .reading, connection.phase != .closing {
            close(fd, dropped: nil)
            return
        }
        switch connection.phase {
        case .reading: readRequest(fd)
        case .writing: writeOutput(fd)
        case .closing: readUntilClosed(fd)
        case .waiting: break
        }
    }

    /// Reads what arrived; a complete head is handled, a head over the size limit is answered 431.
    private func readRequest(_ fd: Int32) {
        guard var c = connections[fd] else { return }
        let room = settings.maxRequestBytes + 1 - c.input.count
        var chunk = [UInt8](repeating: 0, count: max(1, min(room, 16 << 10)))
        let received = chunk.withUnsafeMutableBytes { buffer in
            Result { () throws(Errno) in try Syscalls.receive(fd, into: buffer) }
        }
        switch received {
        case .success(nil): return
        case .success(0), .failure:
            close(fd, dropped: nil)
            return
        case .success(let count?):
            c.input += chunk[..<count]
            if c.requestStarted == nil { c.requestStarted = ContinuousClock.now }
            connections[fd] = c
        }
        processInput(fd)
    }

    /// Discards what a closing connection's client still sends, and closes it at its end.
    private func readUntilClosed(_ fd: Int32) {
        var scratch = [UInt8](repeating: 0, count: 4096)
        let received = scratch.withUnsafeMutableBytes { buffer in
            Result { () throws(Errno) in try Syscalls.receive(fd, into: buffer) }
        }
        switch received {
        case .success(nil): return
        case .success(0), .failure: close(fd, dropped: nil)
        case .success: return
        }
    }

    /// Handles the request at the start of the connection's input when its head is complete.
    func processInput(_ fd: Int32) {
        guard var c = connections[fd], c.phase == .reading, !c.input.isEmpty else { return }
        let end = HTTPRequestHead.endOfHead(in: c.input)
        if c.overLimit {
            let headIn = end != nil || HTTPRequestHead.hasBareLineFeed(c.input[...])
            if headIn || c.input.count > settings.maxRequestBytes {
                answerOverLimit(fd)
            }
            return
        }
        guard let end else {
            if HTTPRequestHead.hasBareLineFeed(c.input[...]) {
                let refusal = HTTPRequestHead.bareLineFeed
                refuse(fd, refusal.status, refusal.reason, drop: nil)
            } else if c.input.count > settings.maxRequestBytes {
                refuse(fd, 431, "request line and headers exceed \(settings.maxRequestBytes) bytes", drop: .oversized)
            }
            return
        }
        guard end <= settings.maxRequestBytes else {
            refuse(fd, 431, "request line and headers exceed \(settings.maxRequestBytes) bytes", drop: .oversized)
            return
        }
        // Fair between clients: one address has at most `requestsPerClientPerTurn` requests handled per turn of
        // the loop; the rest wait, read already, for the next turns, after every other client had its share.
        guard handledThisTurn[c.client, default: 0] < Self.requestsPerClientPerTurn else {
            ready.insert(fd)
            return
        }
        handledThisTurn[c.client, default: 0] += 1
        let head: HTTPRequestHead
        do {
            head = try HTTPRequestHead.parse(c.input[..<end])
        } catch {
            refuse(fd, error.status, error.reason, drop: nil)
            return
        }
        c.input.removeFirst(end)
        c.omitsBody = head.omitsBody
        c.http10 = head.version == "HTTP/1.0"
        connections[fd] = c
        let scrapes = ["/probe", "/metrics"].contains(head.path)
        if scrapes, waitingByClient[c.client, default: 0] >= settings.maxScrapesPerClient {
            exporter.log.scrapeError(
                "too many scrapes waiting from one client; answered 503",
                [("client", c.client), ("limit", String(settings.maxScrapesPerClient))])
            refuse(fd, 503, "too many scrapes waiting from \(c.client); try again later", drop: nil, path: head.path)
            return
        }
        c.keepAlive = head.keepAlive && drainDeadline == nil
        c.phase = .waiting
        c.since = ContinuousClock.now
        connections[fd] = c
        waitingByClient[c.client, default: 0] += 1
        route(head, fd: fd)
    }

    /// Answers a connection accepted over the limit: 503, logged and counted, then closed.
    private func answerOverLimit(_ fd: Int32) {
        guard let c = connections[fd] else { return }
        let path = HTTPRequestHead.endOfHead(in: c.input).flatMap { try? HTTPRequestHead.parse(c.input[..<$0]).path }
        exporter.log.scrapeError("too many connections; answered 503", [("client", c.client)])
        refuse(fd, 503, "too many connections; try again later", drop: .limit, path: path ?? "other")
    }

    /// Answers `status` with `reason` as a one-line body and closes the connection after it. A 405 names the
    /// methods served (`Allow`); a 503 says when to try again (`Retry-After: 1`).
    func refuse(_ fd: Int32, _ status: Int, _ reason: String, drop: ExporterStatistics.Drop?, path: String = "other") {
        if let drop { statistics.drops[drop, default: 0] += 1 }
        guard var c = connections[fd] else { return }
        c.keepAlive = false
        c.input.removeAll()
        connections[fd] = c
        let started = c.requestStarted ?? ContinuousClock.now
        statistics.record(
            path: path, outcome: status == 503 ? .overloaded : .refused,
            seconds: (ContinuousClock.now - started).seconds)
        let extra = [405: ["Allow: " + HTTPRequestHead.methods.joined(separator: ", ")], 503: ["Retry-After: 1"]]
        send(fd, Self.response(status, oneLine(reason) + "\n", keepAlive: false, extraHeaders: extra[status] ?? []))
    }

    /// Starts writing `bytes` as the connection's response (its head only when the request was `HEAD`).
    func send(_ fd: Int32, _ bytes: [UInt8]) {
        guard var c = connections[fd] else { return }
        if c.phase == .waiting { stopWaiting(c) }
        c.output = c.omitsBody ? Array(bytes.prefix(HTTPRequestHead.endOfHead(in: bytes) ?? bytes.count)) : bytes
        c.written = 0
        c.phase = .writing
        c.since = ContinuousClock.now
        connections[fd] = c
        writeOutput(fd)
    }

    /// Starts writing a 200 response whose body `stream` produces as the socket drains: chunked for HTTP/1.1,
    /// for HTTP/1.0 without a length and closed at its end. The connection holds one piece at a time, pulled only
    /// when the previous one is written; a `HEAD` request gets the head alone and the stream is not read.
    func sendStreamed(_ fd: Int32, stream: any BodyStream, keepAlive: Bool, contentType: String) {
        guard var c = connections[fd] else { return }
        c.keepAlive = keepAlive && !c.http10
        c.chunked = !c.http10
        if !c.omitsBody { c.stream = stream }
        connections[fd] = c
        let framing = c.chunked ? ["Transfer-Encoding: chunked"] : []
        send(fd, Array(Self.head(200, contentType: contentType, keepAlive: c.keepAlive, headers: framing).utf8))
    }

    /// Writes what the socket takes, pulling a streamed body's next piece only when the last one is written;
    /// when all is written, the next request is handled on the next turn, or the connection is closed.
    private func writeOutput(_ fd: Int32) {
        guard var c = connections[fd] else { return }
        var budget = Self.bytesPerTurn
        while true {
            while c.written < c.output.count {
                // Fair between connections: the rest waits for the next turn (the socket is polled for room).
                guard budget > 0 else {
                    connections[fd] = c
                    return
                }
                let offset = c.written
                let sent = c.output.withUnsafeBytes { bytes in
                    Result { () throws(Errno) in
                        try Syscalls.send(fd, UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                    }
                }
                switch sent {
                case .success(let n?):
                    c.written += n
                    budget -= n
                case .success(nil):
                    connections[fd] = c
                    return
                case .failure:
                    close(fd, dropped: nil)
                    return
                }
            }
            guard let stream = c.stream else { break }
            c.written = 0
            if let piece = stream.next(upTo: Self.pieceBytes) {
                c.output = c.chunked ? Self.chunk(piece) : piece
            } else {
                c.stream = nil
                c.output = c.chunked ? Array("0\r\n\r\n".utf8) : []
            }
        }
        c.output = []
        c.written = 0
        c.since = ContinuousClock.now
        guard c.keepAlive, drainDeadline == nil else {
            // The client reads the end of the answer, not a reset for the bytes it sent that were never read.
            Syscalls.shutdownWrite(fd)
            c.phase = .closing
            connections[fd] = c
            return
        }
        c.phase = .reading
        c.omitsBody = false
        c.requestStarted = c.input.isEmpty ? nil : ContinuousClock.now
        connections[fd] = c
        if !c.input.isEmpty { ready.insert(fd) }
    }

    /// One chunk of a chunked body: its size in hex, CRLF, the bytes, CRLF.
    static func chunk(_ piece: [UInt8]) -> [UInt8] {
        Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + [13, 10]
    }

    /// A connection's scrape is no longer waiting (answered or gone).
    private func stopWaiting(_ c: Connection) {
        let left = waitingByClient[c.client, default: 1] - 1
        waitingByClient[c.client] = left > 0 ? left : nil
    }

    /// Closes `fd` and forgets its scrape (checks no one else waits for are stopped).
    func close(_ fd: Int32, dropped reason: ExporterStatistics.Drop?) {
        guard let c = connections.removeValue(forKey: fd) else { return }
        if let reason { statistics.drops[reason, default: 0] += 1 }
        if c.phase == .waiting { stopWaiting(c) }
        if c.overLimit { overLimitCount -= 1 }
        ready.remove(fd)
        if let scrape = scrapes.removeValue(forKey: fd) { leaveChecks(of: scrape, fd) }
        Syscalls.close(fd)
    }

    /// Scrapes past their deadline are answered with what they have; slow and idle clients are dropped; a
    /// connection over the limit is answered once its head is in or ``ExporterSettings/limitHeadTimeout`` passed.
    func expire(now: ContinuousClock.Instant) {
        for (fd, scrape) in scrapes where now >= scrape.deadline { answer(fd) }
        for (fd, c) in connections {
            switch c.phase {
            case .reading:
                if c.overLimit {
                    if now - c.since > settings.limitHeadTimeout { answerOverLimit(fd) }
                } else if let started = c.requestStarted, now - started > settings.requestTimeout {
                    close(fd, dropped: .slow)
                } else if c.requestStarted == nil, now - c.since > settings.idleTimeout {
                    close(fd, dropped: .idle)
                }
            case .writing:
                if now - c.since > settings.requestTimeout { close(fd, dropped: .slow) }
            case .closing:
                if now - c.since > Self.linger { close(fd, dropped: nil) }
            case .waiting:
                break
            }
        }
    }

    /// The reason phrases of the statuses the exporter answers with.
    static let reasons = [
        200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout",
        431: "Request Header Fields Too Large", 503: "Service Unavailable", 505: "HTTP Version Not Supported",
    ]

    /// An HTTP/1.1 response with a text body.
    static func response(
        _ status: Int, _ body: String, keepAlive: Bool, contentType: String = "text/plain; charset=utf-8",
        extraHeaders: [String] = []
    ) -> [UInt8] {
        response(
            status, bytes: Array(body.utf8), keepAlive: keepAlive, contentType: contentType, extraHeaders: extraHeaders)
    }

    /// An HTTP/1.1 response with a body already in bytes (a rendered check's exposition).
    static func response(
        _ status: Int, bytes bodyBytes: [UInt8], keepAlive: Bool, contentType: String, extraHeaders: [String] = []
    ) -> [UInt8] {
        let head = Self.head(
            status, contentType: contentType, keepAlive: keepAlive,
            headers: ["Content-Length: \(bodyBytes.count)"] + extraHeaders)
        return Array(head.utf8) + bodyBytes
    }

    /// A response's status line and headers, up to and including the blank line.
    static func head(_ status: Int, contentType: String, keepAlive: Bool, headers: [String]) -> String {
        var head = "HTTP/1.1 \(status) \(reasons[status] ?? "Error")\r\nContent-Type: \(contentType)\r\n"
        for header in headers { head += header + "\r\n" }
        return head + "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
    }
}
