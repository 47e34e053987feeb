import CommandLineSupport
import Foundation
import TestSupport
import Testing

@testable import ZKProbeCommands
@testable import ZKProbeExporter

import Glibc

/// The exporter's connection side against careless and hostile clients (issue 20): a client gone while its scrape
/// waits, pipelining without reading, the connection limit, one address sending many scrapes, HTTP edges.
/// Assertions are on what the exporter does (counters, statuses, bytes); waits are bounded far above the
/// behaviour under test and far below the deadlines that would otherwise end it.
@Suite(.serialized) struct ExporterClientTests {
    /// A target whose member never answers, with hour-long exchanges: only the scrape's deadline would end it.
    private static func silentMember() throws -> FakeServer { try FakeServer(.silent) }

    @Test(arguments: [false, true])
    func aClientGoneWhileItsScrapeWaitsIsClosed(halfClose: Bool) throws {
        let member = try Self.silentMember()
        defer { member.stop() }
        let serve = try ServeHarness("slow = \(member.address()) --timeout 3600")
        defer { serve.stop() }
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        RawHTTP.send(fd, "GET /probe?target=slow HTTP/1.1\r\nX-Prometheus-Scrape-Timeout-Seconds: 60\r\n\r\n")
        let waiting = try Self.eventuallyMetrics(serve) { sample($0, "zkprobe_exporter_requests_in_flight") == 1 }
        #expect(sample(waiting, "zkprobe_exporter_requests_in_flight") == 1, "the scrape waits for its check")
        // Prometheus at its scrape timeout closes (FIN); some clients only shut down their writing side.
        if halfClose { shutdown(fd, Int32(SHUT_WR)) } else { close(fd) }
        // Within seconds, not the 59.5 s budget: only the /metrics connection asking is left.
        let after = try Self.eventuallyMetrics(serve) {
            sample($0, "zkprobe_exporter_requests_in_flight") == 0
                && sample($0, "zkprobe_exporter_connections_open") == 1
        }
        #expect(sample(after, "zkprobe_exporter_requests_in_flight") == 0)
        #expect(sample(after, "zkprobe_exporter_connections_open") == 1)
        #expect(sample(after, "zkprobe_exporter_checks_cancelled_total") == 1, "no one else waits for its check")
        if halfClose { #expect(RawHTTP.readToEnd(fd, cap: .seconds(5)) == [], "closed without an answer") }
        #expect(sample(after, "zkprobe_exporter_connections_dropped_total{reason=\"slow\"}") == 0)
    }

    @Test func pipeliningClientsDoNotStarveAnotherOne() throws {
        let serve = try ServeHarness("main = 127.0.0.1:1")
        defer { serve.stop() }
        let pipelined = String(repeating: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", count: 200)
        var pipeliners: [Int32] = []
        defer { for fd in pipeliners { close(fd) } }
        var legit: Int32 = -1
        // Everything is sent while the loop is held, so that it meets 50 sockets with 200 requests each and one
        // with a single request at once, whatever the speed of this thread against the loop's. The pipelining
        // sockets come from another address, as a misbehaving client does.
        try serve.exporter.requests.withLock { _ in
            for _ in 0..<50 {
                let fd = try RawHTTP.connect(serve.port, from: "127.0.0.2")
                pipeliners.append(fd)
                RawHTTP.send(fd, pipelined)
            }
            legit = try RawHTTP.connect(serve.port)
            RawHTTP.send(legit, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        }
        defer { close(legit) }
        let response = try #require(RawHTTP.readToEnd(legit, cap: .seconds(30)).flatMap(RawHTTP.parse))
        #expect(response.status == 200)
        // A few requests per client address per turn: before this one, the loop answered a few of the other
        // address's (one request per connection per turn answers up to 50 first; a loop answering each
        // connection's pipeline whole answers thousands).
        let servedBefore = try #require(
            sample(response.body, "zkprobe_exporter_scrapes_total{path=\"other\",outcome=\"success\"}"))
        #expect(
            servedBefore <= Double(2 * ExporterLoop.requestsPerClientPerTurn),
            "\(servedBefore) requests answered before the other client's")
        // Every pipelined request is answered in the end, in order on its connection.
        let all = try Self.eventuallyMetrics(serve, tries: 200) {
            sample($0, "zkprobe_exporter_scrapes_total{path=\"other\",outcome=\"success\"}") == 50 * 200
        }
        #expect(sample(all, "zkprobe_exporter_scrapes_total{path=\"other\",outcome=\"success\"}") == Double(50 * 200))
    }

    @Test func pipeliningClientsThatDoNotReadAreDroppedAsSlow() throws {
        var settings = ExporterSettings()
        settings.requestTimeout = .milliseconds(500)
        let serve = try ServeHarness("main = 127.0.0.1:1", settings: settings)
        defer { serve.stop() }
        // 600 answers of about 7 KB: more than the kernel buffers between the two ends take on loopback.
        let pipelined = String(repeating: "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", count: 600)
        let pipeliners = try (0..<2).map { _ in
            let fd = try RawHTTP.connect(serve.port)
            var small: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            RawHTTP.send(fd, pipelined)
            return fd
        }
        defer { for fd in pipeliners { close(fd) } }
        let after = try Self.eventuallyMetrics(serve, tries: 200) {
            sample($0, "zkprobe_exporter_connections_dropped_total{reason=\"slow\"}") == 2
        }
        #expect(sample(after, "zkprobe_exporter_connections_dropped_total{reason=\"slow\"}") == 2)
        #expect(sample(after, "zkprobe_exporter_connections_open") == 1)
        let answered = try #require(
            sample(after, "zkprobe_exporter_scrapes_total{path=\"/metrics\",outcome=\"success\"}"))
        #expect(answered < 2 * 600, "dropped before every pipelined request was answered: \(answered)")
    }

    @Test func overTheConnectionLimitAClientReadsA503() throws {
        var settings = ExporterSettings()
        settings.maxConnections = 2
        // Half-sent heads stay for the whole test: none is old enough to be dropped to make room.
        settings.limitHeadTimeout = .seconds(30)
        let serve = try ServeHarness("main = 127.0.0.1:1", settings: settings)
        defer { serve.stop() }
        let slowloris = try (0..<2).map { _ in try RawHTTP.connect(serve.port) }
        defer { for fd in slowloris { close(fd) } }
        for fd in slowloris { RawHTTP.send(fd, "GET /metrics HTTP/1.1\r\nHost: x") }
        Thread.sleep(forTimeInterval: 0.5)  // let the loop read them: started heads are not idle connections
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        RawHTTP.send(fd, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let bytes = try Self.readUntilClosed(fd)
        let response = try #require(RawHTTP.parse(bytes))
        #expect(response.status == 503)
        #expect(response.head.contains("\r\nRetry-After: 1"))
        #expect(response.head.contains("\r\nConnection: close"))
        #expect(response.body == "too many connections; try again later\n")
        for fd in slowloris { shutdown(fd, Int32(SHUT_RDWR)) }
        // A /metrics sent before the loop saw them go may be answered 503 too: each such answer is counted both ways.
        let metrics = try Self.eventuallyMetrics(serve) { sample($0, "zkprobe_exporter_config_ensembles") == 1 }
        let overloaded = try #require(
            sample(metrics, "zkprobe_exporter_scrapes_total{path=\"/metrics\",outcome=\"overloaded\"}"))
        #expect(overloaded >= 1)
        #expect(sample(metrics, "zkprobe_exporter_connections_dropped_total{reason=\"limit\"}") == overloaded)
        #expect(serve.log.contains("msg=\"too many connections; answered 503\" client=127.0.0.1"))
    }

    @Test func atTheLimitAHeadStartedLongAgoMakesRoom() throws {
        var settings = ExporterSettings()
        settings.maxConnections = 1
        settings.limitHeadTimeout = .milliseconds(100)
        let serve = try ServeHarness("main = 127.0.0.1:1", settings: settings)
        defer { serve.stop() }
        let slowloris = try RawHTTP.connect(serve.port)
        defer { close(slowloris) }
        RawHTTP.send(slowloris, "GET /metrics HTTP/1.1\r\nHost: x")
        Thread.sleep(forTimeInterval: 0.3)
        let response = try RawHTTP.get(serve.port, "/metrics")
        #expect(response.status == 200)
        #expect(sample(response.body, "zkprobe_exporter_connections_dropped_total{reason=\"slow\"}") == 1)
        #expect(RawHTTP.readToEnd(slowloris, cap: .seconds(5)) == [], "the slow head was closed")
    }

    @Test func scrapesWaitingFromOneAddressAreCapped() throws {
        let members = try FakeServer(behaviors: [.silent, .silent])
        defer { members.stop() }
        var settings = ExporterSettings()
        settings.maxScrapesPerClient = 2
        let config = "a = \(members.address(0)) --timeout 3600\nb = \(members.address(1)) --timeout 3600"
        let serve = try ServeHarness(config, settings: settings)
        defer { serve.stop() }
        let waiting = try ["a", "b"].map { target in
            let fd = try RawHTTP.connect(serve.port)
            RawHTTP.send(
                fd, "GET /probe?target=\(target) HTTP/1.1\r\nX-Prometheus-Scrape-Timeout-Seconds: 60\r\n\r\n")
            return fd
        }
        defer { for fd in waiting { close(fd) } }
        // Another address is another client: its /metrics is answered while 127.0.0.1 has two scrapes waiting.
        let other = try Self.eventuallyMetrics(serve, from: "127.0.0.2") {
            sample($0, "zkprobe_exporter_requests_in_flight") == 2
        }
        #expect(sample(other, "zkprobe_exporter_requests_in_flight") == 2)
        let third = try RawHTTP.get(serve.port, "/probe?target=a")
        #expect(third.status == 503)
        #expect(third.head.contains("\r\nRetry-After: 1"))
        #expect(third.body == "too many scrapes waiting from 127.0.0.1; try again later\n")
        #expect(serve.log.contains("too many scrapes waiting from one client; answered 503\" client=127.0.0.1 limit=2"))
        let counted = try Self.eventuallyMetrics(serve, from: "127.0.0.2") { _ in true }
        #expect(sample(counted, "zkprobe_exporter_scrapes_total{path=\"/probe\",outcome=\"overloaded\"}") == 1)
    }

    @Test(
        arguments: [
            ("GET /metrics HTTP/1.1\nHost: x\n\n", 400, "line ends must be CRLF\n", nil),
            ("GET /metrics HTTP/1.1\r\nHost: x\n\r\n", 400, "line ends must be CRLF\n", nil),
            ("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 405, "only GET and HEAD are served\n", "\r\nAllow: GET, HEAD"),
            ("PUT /metrics HTTP/1.1\r\nHost: x\r\n\r\n", 405, "only GET and HEAD are served\n", "\r\nAllow: GET, HEAD"),
        ] as [(String, Int, String, String?)])
    func httpEdgesAreAnsweredAtOnce(_ request: String, _ status: Int, _ body: String, _ header: String?) throws {
        var settings = ExporterSettings()
        settings.requestTimeout = .seconds(3600)  // a head waited for until the request timeout is never answered
        let serve = try ServeHarness("main = 127.0.0.1:1", settings: settings)
        defer { serve.stop() }
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        RawHTTP.send(fd, request)
        let response = try #require(RawHTTP.readToEnd(fd, cap: .seconds(30)).flatMap(RawHTTP.parse))
        #expect(response.status == status)
        #expect(response.body == body)
        if let header { #expect(response.head.contains(header), "\(response.head)") }
    }

    @Test func headIsAnsweredAsGetWithoutTheBody() throws {
        let serve = try ServeHarness("main = 127.0.0.1:1")
        defer { serve.stop() }
        let get = try RawHTTP.get(serve.port, "/")
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        // Keep-alive: the HEAD answer ends at its blank line, so the GET after it is read as the next answer.
        RawHTTP.send(fd, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = String(decoding: RawHTTP.readToEnd(fd) ?? [], as: UTF8.self)
        let answers = text.components(separatedBy: "HTTP/1.1 200 OK\r\n")
        #expect(answers.count == 3, "\(text)")
        #expect(answers.dropFirst().first?.hasSuffix("\r\n\r\n") == true, "the HEAD answer has no body")
        #expect(answers.dropFirst().first?.contains("Content-Length: \(get.body.utf8.count)\r\n") == true)
        #expect(answers.last?.hasSuffix("\r\n\r\n" + get.body) == true)
    }

    @Test func aStreamedAnswerIsChunkedAndItsHeadHasNoBody() throws {
        let member = try FakeServer(.respond({ w, _ in fakeReply(w) }, chunk: 4096, pause: .zero))
        defer { member.stop() }
        var settings = ExporterSettings()
        settings.metricsIncludeEnsembles = true
        let serve = try ServeHarness("main = \(member.address())", settings: settings)
        defer { serve.stop() }
        let get = try RawHTTP.get(serve.port, "/metrics")
        #expect(get.head.contains("\r\nTransfer-Encoding: chunked"))
        #expect(sample(get.body, "zkprobe_member_up{ensemble=\"main\",member=\"\(member.address())\"}") == 1)
        #expect(get.body.hasSuffix("\n") && sample(get.body, "zkprobe_exporter_config_ensembles") == 1, "whole")
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        RawHTTP.send(fd, "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = String(decoding: RawHTTP.readToEnd(fd) ?? [], as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n") && text.contains("\r\nTransfer-Encoding: chunked\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"), "the head alone: \(text.suffix(200))")
        // HTTP/1.0 has no chunked encoding: the body runs to the end of the connection.
        let old = try RawHTTP.connect(serve.port)
        defer { close(old) }
        RawHTTP.send(old, "GET /metrics HTTP/1.0\r\n\r\n")
        let plain = try #require(RawHTTP.readToEnd(old).flatMap(RawHTTP.parse))
        #expect(!plain.head.contains("Transfer-Encoding") && !plain.head.contains("Content-Length"))
        #expect(sample(plain.body, "zkprobe_exporter_config_ensembles") == 1)
    }

    // MARK: Helpers

    /// `/metrics` (from `source`) until `done` accepts it, at most `tries` times 50 ms apart.
    static func eventuallyMetrics(
        _ serve: ServeHarness, from source: String = "127.0.0.1", tries: Int = 60, _ done: (String) -> Bool
    ) throws -> String {
        var body = ""
        for _ in 0..<tries {
            let fd = try RawHTTP.connect(serve.port, from: source)
            defer { close(fd) }
            RawHTTP.send(fd, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            body = RawHTTP.readToEnd(fd).flatMap(RawHTTP.parse)?.body ?? ""
            if done(body) { return body }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return body
    }

    /// Reads until the server closes; a read error (a reset) is a failure, not an end.
    static func readUntilClosed(_ fd: Int32) throws -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return data }
            guard n > 0 else {
                throw RawHTTP.Failure(description: "read failed after \(data.count) bytes: errno \(errno)")
            }
            data += buffer[..<n]
        }
    }
}

extension RawHTTP {
    /// A connected socket to 127.0.0.1:`port` from the loopback address `source` (another client address).
    static func connect(_ port: Int, from source: String) throws -> Int32 {
        guard source != "127.0.0.1" else { return try connect(port) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = local
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = [local, remote].enumerated().allSatisfy { index, address in
            withUnsafePointer(to: address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    let size = socklen_t(MemoryLayout<sockaddr_in>.size)
                    return (index == 0 ? bind(fd, $0, size) : Glibc.connect(fd, $0, size)) == 0
                }
            }
        }
        guard ok else {
            close(fd)
            throw RawHTTP.Failure(description: "connect 127.0.0.1:\(port) from \(source) failed: errno \(errno)")
        }
        return fd
    }
}
