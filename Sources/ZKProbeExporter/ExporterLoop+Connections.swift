import SystemSupport
import ToolkitSupport

import Glibc

/// Accepting, reading, writing and timing out client connections.
extension ExporterLoop {
    /// Accepts what is waiting (at most 256 at a time). At the connection limit the longest-idle connection is
    /// closed for the new one; when none is idle, the new one is answered 503 and closed.
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
                if connections.count >= settings.maxConnections, !evictIdleConnection() {
                    let bytes = Self.response(503, "too many connections\n", keepAlive: false)
                    _ = bytes.withUnsafeBytes { try? Syscalls.send(fd, $0) }
                    Syscalls.close(fd)
                    statistics.drops[.limit, default: 0] += 1
                    continue
                }
                connections[fd] = Connection(fd: fd, since: ContinuousClock.now)
            }
        }
    }

    /// Closes the connection that has waited longest without a request; `false` when none is idle.
    private func evictIdleConnection() -> Bool {
        let idle = connections.values.filter { $0.phase == .reading && $0.input.isEmpty }
        guard let oldest = idle.min(by: { $0.since < $1.since }) else { return false }
        close(oldest.fd, dropped: .limit)
        return true
    }

    func handle(_ fd: Int32, events: Int16) {
        guard let connection = connections[fd] else { return }
        if events & Int16(POLLERR | POLLHUP | POLLNVAL) != 0, connection.phase != .reading {
            close(fd, dropped: nil)
            return
        }
        switch connection.phase {
        case .reading: readRequest(fd)
        case .writing: writeOutput(fd)
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

    /// Handles the request at the start of the connection's input when its head is complete.
    func processInput(_ fd: Int32) {
        guard var c = connections[fd], c.phase == .reading, !c.input.isEmpty else { return }
        guard let end = HTTPRequestHead.endOfHead(in: c.input) else {
            if c.input.count > settings.maxRequestBytes {
                refuse(fd, 431, "request line and headers exceed \(settings.maxRequestBytes) bytes", drop: .oversized)
            }
            return
        }
        guard end <= settings.maxRequestBytes else {
            refuse(fd, 431, "request line and headers exceed \(settings.maxRequestBytes) bytes", drop: .oversized)
            return
        }
        let head: HTTPRequestHead
        do {
            head = try HTTPRequestHead.parse(c.input[..<end])
        } catch {
            refuse(fd, error.status, error.reason, drop: nil)
            return
        }
        c.input.removeFirst(end)
        c.keepAlive = head.keepAlive && drainDeadline == nil
        c.phase = .waiting
        c.since = ContinuousClock.now
        connections[fd] = c
        route(head, fd: fd)
    }

    /// Answers `status` with `reason` as a one-line body and closes the connection after it.
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
        send(
            fd,
            Self.response(
                status, oneLine(reason) + "\n", keepAlive: false, extraHeaders: status == 405 ? ["Allow: GET"] : []))
    }

    /// Starts writing `bytes` as the connection's response.
    func send(_ fd: Int32, _ bytes: [UInt8]) {
        guard var c = connections[fd] else { return }
        c.output = bytes
        c.written = 0
        c.phase = .writing
        c.since = ContinuousClock.now
        connections[fd] = c
        writeOutput(fd)
    }

    /// Starts writing a 200 response whose body `stream` produces as the socket drains.
    ///
    /// CONTRACT (issue 20) — interim body: drains the stream into one array and sends it; the connection side
    /// replaces it with incremental writing (chunked for HTTP/1.1) behind the same signature.
    func sendStreamed(_ fd: Int32, stream: any BodyStream, keepAlive: Bool, contentType: String) {
        var body: [UInt8] = []
        while let piece = stream.next(upTo: 64 << 10) { body += piece }
        send(fd, Self.response(200, String(decoding: body, as: UTF8.self), keepAlive: keepAlive, contentType: contentType))
    }

    /// Writes what the socket takes; when all is written, waits for the next request or closes.
    private func writeOutput(_ fd: Int32) {
        guard var c = connections[fd] else { return }
        while c.written < c.output.count {
            let offset = c.written
            let sent = c.output.withUnsafeBytes { bytes in
                Result { () throws(Errno) in try Syscalls.send(fd, UnsafeRawBufferPointer(rebasing: bytes[offset...])) }
            }
            switch sent {
            case .success(let n?): c.written += n
            case .success(nil):
                connections[fd] = c
                return
            case .failure:
                close(fd, dropped: nil)
                return
            }
        }
        guard c.keepAlive, drainDeadline == nil else {
            close(fd, dropped: nil)
            return
        }
        c.output = []
        c.written = 0
        c.phase = .reading
        c.since = ContinuousClock.now
        c.requestStarted = c.input.isEmpty ? nil : ContinuousClock.now
        connections[fd] = c
        processInput(fd)
    }

    /// Closes `fd` and forgets its scrape (checks no one else waits for are stopped).
    func close(_ fd: Int32, dropped reason: ExporterStatistics.Drop?) {
        guard connections.removeValue(forKey: fd) != nil else { return }
        if let reason { statistics.drops[reason, default: 0] += 1 }
        if let scrape = scrapes.removeValue(forKey: fd) { leaveChecks(of: scrape, fd) }
        Syscalls.close(fd)
    }

    /// Scrapes past their deadline are answered with what they have; slow and idle clients are dropped.
    func expire(now: ContinuousClock.Instant) {
        for (fd, scrape) in scrapes where now >= scrape.deadline { answer(fd) }
        for (fd, c) in connections {
            switch c.phase {
            case .reading:
                if let started = c.requestStarted, now - started > settings.requestTimeout {
                    close(fd, dropped: .slow)
                } else if c.requestStarted == nil, now - c.since > settings.idleTimeout {
                    close(fd, dropped: .idle)
                }
            case .writing:
                if now - c.since > settings.requestTimeout { close(fd, dropped: .slow) }
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
        let bodyBytes = Array(body.utf8)
        var head = "HTTP/1.1 \(status) \(reasons[status] ?? "Error")\r\nContent-Type: \(contentType)\r\n"
        head += "Content-Length: \(bodyBytes.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n"
        for header in extraHeaders { head += header + "\r\n" }
        return Array((head + "\r\n").utf8) + bodyBytes
    }
}
