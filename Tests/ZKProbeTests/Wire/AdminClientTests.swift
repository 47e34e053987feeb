import Foundation
import Testing
import TestSupport

@testable import ZKProbe

/// The AdminServer client against fakes on loopback: bodies by length, chunked or to the close; statuses; servers
/// that are not HTTP, keep the connection open, or send too much.
struct AdminClientTests {
    func client(_ server: FakeServer, deadline: Duration = .seconds(5), maxReplyBytes: Int = 4 << 20) -> AdminClient {
        AdminClient(
            target: AdminTarget(port: server.port),
            options: ProbeOptions(deadline: deadline, maxReplyBytes: maxReplyBytes))
    }

    let member = Endpoint(host: "127.0.0.1", port: 2181)

    static func http(_ body: String, status: String = "200 OK", headers: String? = nil) -> [UInt8] {
        let head = headers ?? "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        return Array("HTTP/1.1 \(status)\r\n\(head)\r\n\(body)".utf8)
    }

    @Test func getsAContentLengthBodyAndSendsAWellFormedRequest() throws {
        let server = try FakeServer(.http { _, _ in Self.http(#"{"command":"ruok","error":null}"#) })
        defer { server.stop() }
        let answer = try client(server).ask("ruok", member: member).get()
        #expect(answer.response.status == 200)
        #expect(String(decoding: answer.response.body, as: UTF8.self) == #"{"command":"ruok","error":null}"#)
        let request = try #require(server.receivedWords.first)
        #expect(request.hasPrefix("GET /commands/ruok HTTP/1.1\r\n"))
        #expect(request.contains("\r\nConnection: close\r\n"))
        #expect(request.contains("\r\nHost: 127.0.0.1:\(server.port)\r\n"))
    }

    @Test func decodesAChunkedBody() throws {
        let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\n{\"a\":\r\n9\r\n 1234567}\r\n0\r\n\r\n"
        let server = try FakeServer(.http { _, _ in Array(raw.utf8) })
        defer { server.stop() }
        let answer = try client(server).ask("monitor", member: member).get()
        #expect(String(decoding: answer.response.body, as: UTF8.self) == "{\"a\": 1234567}")
    }

    @Test func aBodyWithoutLengthRunsToTheClose() throws {
        let server = try FakeServer(.http { _, _ in Array("HTTP/1.0 200 OK\r\n\r\n{}".utf8) })
        defer { server.stop() }
        #expect(try client(server).ask("ruok", member: member).get().response.body == Array("{}".utf8))
    }

    @Test func aDeclaredLengthCompletesTheResponseWithoutTheClose() {
        // So a keep-alive server that ignores `Connection: close` costs nothing, not the whole deadline.
        #expect(HTTPResponse.isComplete(Self.http("{}")))
        #expect(!HTTPResponse.isComplete(Array(Self.http("{}").dropLast())))
        #expect(HTTPResponse.isComplete(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n".utf8)))
        #expect(!HTTPResponse.isComplete(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n".utf8)))
        #expect(!HTTPResponse.isComplete(Array("HTTP/1.0 200 OK\r\n\r\n{}".utf8)))
    }

    @Test func aNon200StatusNamesTheServerAndThePath() throws {
        let server = try FakeServer(.http { _, _ in Self.http("<html/>", status: "404 Not Found") })
        defer { server.stop() }
        let error = try #require(client(server).ask("monitor", member: member).failure)
        #expect(error == .status(endpoint: Endpoint(host: "127.0.0.1", port: server.port), command: "monitor", code: 404, reason: "Not Found"))
        #expect(error.description.contains("HTTP 404 Not Found for /commands/monitor"))
    }

    @Test func notHTTPIsSaid() throws {
        let server = try FakeServer(.http { _, _ in Array("imok".utf8) })
        defer { server.stop() }
        let error = try #require(client(server).ask("ruok", member: member).failure)
        #expect(error.description.contains("not an HTTP response"))
        #expect(error.description.contains("is this the AdminServer's port?"))
    }

    @Test func aTruncatedBodyIsSaid() throws {
        let server = try FakeServer(.http { _, _ in Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}".utf8) })
        defer { server.stop() }
        let error = try #require(client(server).ask("ruok", member: member).failure)
        #expect(error.description.contains("the body ended after 2 of its 100 bytes"))
    }

    @Test func refusedNamesTheAdminServerSettings() throws {
        let (descriptor, port) = try FakeServer.refusingPort()
        defer { close(descriptor) }
        let admin = AdminClient(target: AdminTarget(port: port))
        let error = try #require(admin.ask("ruok", member: member).failure)
        #expect(error.description.contains("admin.enableServer"))
    }

    @Test func aSilentServerMeetsTheOneDeadline() throws {
        let server = try FakeServer(.silent)
        defer { server.stop() }
        let error = try #require(client(server, deadline: .milliseconds(300)).ask("monitor", member: member).failure)
        guard case .transport(.timedOut(_, _, .reading, _, _)) = error else {
            Issue.record("expected a read timeout, got \(error)")
            return
        }
        #expect(error.description.contains("GET /commands/monitor"))
    }

    @Test func anEndlessReplyStopsAtTheCap() throws {
        let server = try FakeServer(.endless)
        defer { server.stop() }
        let error = try #require(client(server, maxReplyBytes: 100_000).ask("monitor", member: member).failure)
        guard case .transport(.tooLarge) = error else {
            Issue.record("expected too large, got \(error)")
            return
        }
    }

    @Test func urlTemplates() throws {
        let target = try AdminTarget(parsing: "http://{host}:8081/")
        #expect(target.endpoint(for: member) == Endpoint(host: "127.0.0.1", port: 8081))
        #expect(target.path(for: "monitor") == "/commands/monitor")
        let prefixed = try AdminTarget(parsing: "http://admin-{host}/zk/commands")
        #expect(prefixed.port == 8080 && prefixed.hostTemplate == "admin-{host}")
        #expect(prefixed.path(for: "ruok") == "/zk/commands/ruok")
        #expect(throws: AdminTargetError.self) { try AdminTarget(parsing: "https://{host}:8443") }
        #expect(throws: AdminTargetError.self) { try AdminTarget(parsing: "{host}:8080") }
        #expect(throws: AdminTargetError.self) { try AdminTarget(parsing: "http://{host}:99999") }
    }

    @Test(arguments: ["", "HTTP/1.1", "HTTP/1.1 abc OK\r\n\r\n", "HTTP/1.1 200 OK\r\nbad header\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n"])
    func brokenResponsesAreErrors(_ raw: String) {
        #expect(throws: HTTPResponse.Problem.self) { try HTTPResponse.parse(Array(raw.utf8)) }
    }
}

