import Testing

@testable import ZKProbeExporter

/// The request head parser: what Prometheus sends, and what it never sends.
struct HTTPRequestHeadTests {
    static func parse(_ text: String) throws(HTTPRequestHead.Refusal) -> HTTPRequestHead {
        try HTTPRequestHead.parse(Array(text.utf8)[...])
    }

    @Test func readsWhatPrometheusSends() throws {
        let head = try Self.parse(
            "GET /probe?target=kafka%2Dprod&module=x HTTP/1.1\r\nHost: e:9141\r\nUser-Agent: Prometheus/2.42.0\r\n"
                + "X-Prometheus-Scrape-Timeout-Seconds:  10 \r\nAccept-Encoding: gzip\r\n\r\n")
        #expect(head.path == "/probe")
        #expect(head.parameter("target") == "kafka-prod")
        #expect(head.headers["x-prometheus-scrape-timeout-seconds"] == "10")
        #expect(head.keepAlive)
    }

    @Test func connectionHeaderAndVersionDecideKeepAlive() throws {
        #expect(try !Self.parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive)
        #expect(try !Self.parse("GET / HTTP/1.0\r\n\r\n").keepAlive)
        #expect(try Self.parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive)
    }

    @Test func plusIsASpaceOnlyInTheQuery() throws {
        let head = try Self.parse("GET /a+b?target=a+b%2B HTTP/1.1\r\n\r\n")
        #expect(head.path == "/a+b")
        #expect(head.parameter("target") == "a b+")
    }

    @Test(arguments: [
        ("GET /%ff HTTP/1.1\r\n\r\n", 400), ("GET /%4 HTTP/1.1\r\n\r\n", 400), ("GET probe HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n: no name\r\n\r\n", 400), ("DELETE / HTTP/1.1\r\n\r\n", 405),
        ("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 400), ("GET  / HTTP/1.1\r\n\r\n", 400),
        ("OPTIONS * HTTP/1.1\r\n\r\n", 405), ("POST /metrics HTTP/1.1\r\nContent-Length: 2\r\n\r\n", 405),
        ("GET / HTTP/1.1\r\nHost: a\nX-Forged: b\r\n\r\n", 400), ("GET /\n HTTP/1.1\r\n\r\n", 400),
    ])
    func refusals(_ text: String, _ status: Int) {
        #expect(throws: HTTPRequestHead.Refusal.self) { try Self.parse(text) }
        do {
            _ = try Self.parse(text)
        } catch {
            #expect(error.status == status, "\(text.debugDescription): \(error)")
        }
    }

    @Test func headIsServedAsGetWithoutABody() throws {
        let head = try Self.parse("HEAD /probe?target=a HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(head.omitsBody)
        #expect(head.parameter("target") == "a")
        #expect(try !Self.parse("GET / HTTP/1.1\r\n\r\n").omitsBody)
    }

    @Test func aBareLineFeedIsFoundWhereverItIs() {
        #expect(HTTPRequestHead.hasBareLineFeed(Array("GET / HTTP/1.1\n".utf8)[...]))
        #expect(HTTPRequestHead.hasBareLineFeed(Array("\n".utf8)[...]))
        #expect(HTTPRequestHead.hasBareLineFeed(Array("A: b\r\n\n".utf8)[...]))
        #expect(!HTTPRequestHead.hasBareLineFeed(Array("GET / HTTP/1.1\r\nA: b\r\n\r\n".utf8)[...]))
        // A CR at the end of what has arrived may be followed by its LF in the next read.
        #expect(!HTTPRequestHead.hasBareLineFeed(Array("GET / HTTP/1.1\r".utf8)[...]))
    }

    @Test func endOfHeadIsFoundAcrossReads() {
        let bytes = Array("GET / HTTP/1.1\r\nA: b\r\n\r\nrest".utf8)
        #expect(HTTPRequestHead.endOfHead(in: bytes) == bytes.count - 4)
        #expect(HTTPRequestHead.endOfHead(in: Array(bytes.prefix(20))) == nil)
        #expect(HTTPRequestHead.endOfHead(in: bytes, from: 22) == bytes.count - 4)
    }
}
