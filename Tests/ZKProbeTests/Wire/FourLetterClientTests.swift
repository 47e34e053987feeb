import Foundation
import SystemSupport
import Testing
import TestSupport

@testable import ZKProbe

/// Exchanges with a fake server on loopback: one per misbehaviour the client must survive.
struct FourLetterClientTests {
    func client(deadline: Duration = .seconds(5), maxReplyBytes: Int = 4 << 20) -> FourLetterClient {
        FourLetterClient(options: ProbeOptions(deadline: deadline, maxReplyBytes: maxReplyBytes))
    }

    func endpoint(_ server: FakeServer, _ index: Int = 0) throws -> Endpoint {
        try Endpoint(parsing: server.address(index))
    }

    /// Bytes with a recognisable, position-dependent pattern, so that a dropped or repeated chunk shows.
    static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 251) }
    }

    @Test func readsAReplyThatArrivesInManyChunks() throws {
        let text = (1...200).map { "zk_metric_\($0)\t\($0 * 3)\n" }.joined()
        let server = try FakeServer(.reply(Array(text.utf8), chunk: 300, pause: .milliseconds(2)))
        defer { server.stop() }

        let exchange = try client().ask("mntr", endpoint(server)).get()

        #expect(exchange.text == text)
        #expect(exchange.word == "mntr")
        #expect(exchange.address == "127.0.0.1")
        #expect(server.receivedWords == ["mntr"])
        #expect(exchange.connectTime > .zero)
        #expect(exchange.connectTime <= exchange.totalTime)
    }

    @Test func readsAReplyLargerThan64KiBInFull() throws {
        let bytes = Self.pattern(300_000)
        let server = try FakeServer(.reply(bytes, chunk: 2048))
        defer { server.stop() }

        let exchange = try client().ask("cons", endpoint(server)).get()

        #expect(exchange.reply.count == bytes.count)
        #expect(exchange.reply == bytes)
    }

    @Test func returnsGarbageBytesAsReceived() throws {
        let garbage: [UInt8] = [0x00, 0xFF, 0xFE, 0x80, 0x0A, 0x0D, 0xC3, 0x28, 0x7F, 0x00]
        let server = try FakeServer(.reply(garbage))
        defer { server.stop() }

        let exchange = try client().ask("srvr", endpoint(server)).get()

        #expect(exchange.reply == garbage)
        #expect(exchange.text.contains("\u{FFFD}"))
    }

    @Test func returnsAnEmptyReplyAsAnExchange() throws {
        let server = try FakeServer(.closeWithoutReply)
        defer { server.stop() }

        let exchange = try client().ask("wchp", endpoint(server)).get()

        #expect(exchange.reply.isEmpty)
        #expect(server.receivedWords == ["wchp"])
    }

    @Test func silentServerTimesOutAtTheDeadlineNamingServerAndWord() throws {
        let server = try FakeServer(.silent)
        defer { server.stop() }
        let target = try endpoint(server)

        let clock = ContinuousClock()
        let start = clock.now
        let result = client(deadline: .seconds(1)).ask("mntr", target)
        let elapsed = clock.now - start

        #expect(
            result.failure
                == .timedOut(endpoint: target, word: "mntr", stage: .reading, bytesReceived: 0, deadline: .seconds(1)))
        #expect(elapsed >= .milliseconds(950))
        let message = try #require(result.failure).description
        #expect(message.contains(target.description) && message.contains("mntr") && message.contains("1 s"))
    }

    @Test func drippingServerTimesOutWithThePartialCount() throws {
        let server = try FakeServer(.drip(Array("Zookeeper version: 3.8.0".utf8), interval: .milliseconds(200)))
        defer { server.stop() }
        let target = try endpoint(server)

        let result = client(deadline: .seconds(1)).ask("srvr", target)

        guard case .timedOut(target, "srvr", .reading, let received, .seconds(1)) = result.failure else {
            Issue.record("expected a timeout while reading, got \(result)")
            return
        }
        // Stopped by the deadline partway through the 25 bytes (one every 200 ms).
        #expect((1...7).contains(received))
    }

    @Test func resetMidReplyIsAResetErrorWithTheBytesReceived() throws {
        let prefix = Array("zk_version\t3.8.0\nzk_server_state\tleader\n".utf8)
        let server = try FakeServer(.resetAfter(prefix, pause: .milliseconds(200)))
        defer { server.stop() }
        let target = try endpoint(server)

        let result = client().ask("mntr", target)

        #expect(result.failure == .reset(endpoint: target, word: "mntr", bytesReceived: prefix.count))
    }

    @Test func endlessReplyStopsAtTheSizeCap() throws {
        let server = try FakeServer(.endless)
        defer { server.stop() }
        let target = try endpoint(server)

        let result = client(maxReplyBytes: 1 << 20).ask("cons", target)

        #expect(result.failure == .tooLarge(endpoint: target, word: "cons", limit: 1 << 20))
    }

    @Test func aReplyOfExactlyTheCapIsAcceptedAndOneMoreByteIsNot() throws {
        let bytes = Self.pattern(5000)
        let server = try FakeServer(behaviors: [.reply(bytes), .reply(bytes + [0x21])])
        defer { server.stop() }

        let results = try client(maxReplyBytes: 5000).ask([
            (word: "envi", endpoint: endpoint(server, 0)), (word: "envi", endpoint: endpoint(server, 1)),
        ])

        #expect(try results[0].get().reply == bytes)
        #expect(results[1].failure == .tooLarge(endpoint: try endpoint(server, 1), word: "envi", limit: 5000))
    }

    @Test(arguments: [0, -5])
    func aCapOfZeroOrLessAcceptsOnlyAnEmptyReply(_ cap: Int) throws {
        let server = try FakeServer(behaviors: [.closeWithoutReply, .reply("imok")])
        defer { server.stop() }

        let results = try client(maxReplyBytes: cap).ask([
            (word: "abcd", endpoint: endpoint(server, 0)), (word: "ruok", endpoint: endpoint(server, 1)),
        ])

        #expect((try? results[0].get())?.reply == [])
        #expect(results[1].failure == .tooLarge(endpoint: try endpoint(server, 1), word: "ruok", limit: cap))
    }

    @Test func aBoundPortWithoutAListenerIsRefused() throws {
        let (descriptor, port) = try FakeServer.refusingPort()
        defer { close(descriptor) }
        let target = Endpoint(host: "127.0.0.1", port: port)

        let result = client().ask("ruok", target)

        #expect(result.failure == .refused(endpoint: target))
    }

    @Test(.enabled(if: FakeServer.ipv6Available, "no ::1 on this machine"))
    func talksToAnIPv6Server() throws {
        let server = try FakeServer(host: "::1", .reply("imok"))
        defer { server.stop() }
        let target = try Endpoint(parsing: "[::1]:\(server.port)")

        let exchange = try client().ask("ruok", target).get()

        #expect(exchange.text == "imok")
        #expect(exchange.address == "::1")
    }

    @Test func resolvesAHostNameAndTriesEachAddress() throws {
        // localhost may resolve to ::1 first; the server listens only on 127.0.0.1, so ::1 is refused and the
        // client must go on to 127.0.0.1.
        let server = try FakeServer(.reply("imok"))
        defer { server.stop() }

        let exchange = try client().ask("ruok", Endpoint(host: "localhost", port: server.port)).get()

        #expect(exchange.text == "imok")
        #expect(exchange.address == "127.0.0.1")
    }

    @Test func anUnresolvableNameIsAResolutionFailureWithTheResolversText() {
        // `.invalid` never resolves (RFC 6761). Without a reachable DNS server the lookup may instead outlast the
        // deadline, which is also a name-resolution outcome.
        let target = Endpoint(host: "zkprobe-test.invalid", port: 2181)
        let result = client(deadline: .seconds(3)).ask("ruok", target)
        switch result.failure {
        case .resolutionFailed(target, let failure)?:
            #expect(!failure.message.isEmpty)
            #expect(result.failure!.description.contains("cannot resolve zkprobe-test.invalid: \(failure.message)"))
        case .timedOut(target, "ruok", .resolving, 0, _)?:
            break
        default:
            Issue.record("expected a name-resolution failure, got \(result)")
        }
    }

    @Test func numericLookupsNeverReachTheResolver() {
        let failure = Syscalls.resolve(host: "zk1.example.com", port: 2181, numericOnly: true)
        guard case .failure(let error) = failure else {
            Issue.record("a host name resolved without DNS: \(failure)")
            return
        }
        #expect(error.isNotNumeric)
        #expect(!error.message.isEmpty)
        let v6 = Syscalls.resolve(host: "::1", port: 2181, numericOnly: true)
        #expect((try? v6.get())?.map(\.description) == ["::1"])
    }

    @Test(arguments: ["MNTR", "mnt", "mntrx", "mn1r", "", "ruok\n", "rüok"])
    func refusesToSendAnythingButFourLowerCaseLetters(_ word: String) throws {
        let server = try FakeServer(.reply("imok"))
        defer { server.stop() }
        let target = try endpoint(server)

        let result = client().ask(word, target)

        #expect(result.failure == .invalidWord(word, endpoint: target))
        #expect(server.receivedWords.isEmpty)
    }

    @Test func noRequestsNoResults() {
        #expect(client().ask([]).isEmpty)
    }

    @Test func moreRequestsThanTheInFlightLimitAllFinishInOrder() throws {
        let server = try FakeServer(
            behaviors: Array(
                repeating: .respond({ word, port in Array("\(word) \(port)".utf8) }, chunk: 64, pause: .zero), count: 12
            ))
        defer { server.stop() }
        let words = ["ruok", "srvr", "stat", "mntr"]
        let requests = try (0..<36).map { (word: words[$0 % 4], endpoint: try endpoint(server, $0 % 12)) }

        var options = ProbeOptions(deadline: .seconds(5))
        options.maxInFlight = 3
        let results = FourLetterClient(options: options).ask(requests)

        #expect(results.count == requests.count)
        for (request, result) in zip(requests, results) {
            #expect((try? result.get())?.text == "\(request.word) \(request.endpoint.port)")
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
