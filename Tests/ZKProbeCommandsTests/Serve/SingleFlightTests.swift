import CommandLineSupport
import Foundation
import TestSupport
import Testing

@testable import ZKProbeCommands
@testable import ZKProbeExporter

import Glibc

/// One check per target at a time: scrapes of a target share the check in flight (`/probe` and
/// `/metrics --metrics-ensembles` alike), a check no one waits for is stopped, a reload starts new checks, and
/// `debug=true` answers the check's text report. Counted on what the fake member sees and what `/metrics` says,
/// never on elapsed time.
@Suite(.serialized) struct SingleFlightTests {
    /// A member that never finishes a reply (a space every 50 ms: a check waits for the end of a reply until its
    /// deadline) and notes each of its connections the exporter closes (the next space cannot be sent).
    final class SilentMember: Sendable {
        let server: FakeServer
        let closed = Locked(0)

        init() throws {
            let closed = self.closed
            server = try FakeServer(
                .converse { connection in
                    while !connection.isStopped {
                        guard send(connection.descriptor, " ", 1, Int32(MSG_NOSIGNAL)) == 1 || errno == EAGAIN
                        else { return closed.withLock { $0 += 1 } }
                        usleep(50_000)
                    }
                })
        }

        var address: String { server.address() }
        /// Connections the exporter opened to it.
        var connections: Int { server.receivedWords.count }
    }

    static let timeout2s = "X-Prometheus-Scrape-Timeout-Seconds: 2"

    /// An exporter serving a ``SilentMember`` as `slow` with exchanges of an hour (only a scrape's deadline ends
    /// its check), and the connections one check opens to the member, counted on one scrape alone.
    final class SlowEnsemble {
        static func config(_ member: SilentMember) -> String { "slow = \(member.address) --timeout 3600" }
        let member: SilentMember
        let serve: ServeHarness
        let perCheck: Int

        init(_ settings: ExporterSettings = ExporterSettings()) throws {
            member = try SilentMember()
            do {
                serve = try ServeHarness(Self.config(member), settings: settings)
            } catch {
                member.server.stop()
                throw error
            }
            let alone = try? RawHTTP.get(serve.port, "/probe?target=slow", headers: [timeout2s])
            #expect(alone?.status == 200)
            perCheck = member.connections
            #expect(perCheck > 0)
        }

        deinit {
            serve.stop()
            member.server.stop()
        }
    }

    /// Sends `GET path` (`Connection: close`) on a new connection and returns it, unanswered.
    static func request(_ port: Int, _ path: String, headers: [String] = [timeout2s]) throws -> Int32 {
        let fd = try RawHTTP.connect(port)
        RawHTTP.send(
            fd, "GET \(path) HTTP/1.1\r\nConnection: close\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n")
        return fd
    }

    /// The response on `fd`, which is closed after it.
    static func response(_ fd: Int32) throws -> RawHTTP.Response {
        defer { close(fd) }
        return try #require(RawHTTP.readToEnd(fd).flatMap(RawHTTP.parse))
    }

    /// The body without the lines that differ between scrapes of one check (each its own request time).
    static func shared(_ body: String) -> String {
        body.split(separator: "\n").filter { !$0.hasPrefix("zkprobe_probe_duration_seconds{") }.joined(separator: "\n")
    }

    /// The exporter's own value of `series` on `/metrics` once `done` accepts it (at most 10 s of tries).
    static func eventually(_ serve: ServeHarness, _ series: String, _ done: (Double?) -> Bool) throws -> Double? {
        var value: Double?
        for _ in 0..<200 {
            value = sample(try RawHTTP.get(serve.port, "/metrics").body, series)
            if done(value) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return value
    }

    /// Waits (at most 30 s) until `member` has `count` connections.
    static func waitForConnections(_ member: SilentMember, _ count: Int) {
        for _ in 0..<600 where member.connections < count { Thread.sleep(forTimeInterval: 0.05) }
    }

    @Test func concurrentScrapesOfOneTargetShareOneCheck() throws {
        let slow = try SlowEnsemble()
        let (serve, member, perCheck) = (slow.serve, slow.member, slow.perCheck)

        let fds = try (0..<5).map { _ in try Self.request(serve.port, "/probe?target=slow") }
        let responses = try fds.map(Self.response)
        #expect(responses.allSatisfy { $0.status == 200 })
        #expect(member.connections == 2 * perCheck, "five scrapes, one check")
        let bodies = Set(responses.map { Self.shared($0.body) })
        #expect(bodies.count == 1, "every scrape has the same check (the same zkprobe_check_duration_seconds)")
        #expect(responses.allSatisfy { sample($0.body, "zkprobe_probe_success{ensemble=\"slow\"}") == 1 })
        let metrics = try RawHTTP.get(serve.port, "/metrics").body
        #expect(sample(metrics, "zkprobe_exporter_checks_shared_total") == 4)
        #expect(sample(metrics, "zkprobe_exporter_checks_total") == 2)
    }

    @Test func metricsAndProbeScrapesShareTheEnsemblesCheck() throws {
        var settings = ExporterSettings()
        settings.metricsIncludeEnsembles = true
        let slow = try SlowEnsemble(settings)
        let (serve, member, perCheck) = (slow.serve, slow.member, slow.perCheck)

        let metricsFD = try Self.request(serve.port, "/metrics")
        let probeFDs = try (0..<2).map { _ in try Self.request(serve.port, "/probe?target=slow") }
        let metrics = try Self.response(metricsFD)
        let probes = try probeFDs.map(Self.response)
        #expect(metrics.status == 200 && probes.allSatisfy { $0.status == 200 })
        #expect(member.connections == 2 * perCheck, "one check for the three scrapes")
        let duration = "zkprobe_check_duration_seconds{ensemble=\"slow\"}"
        #expect(sample(metrics.body, duration) != nil)
        #expect(probes.allSatisfy { sample($0.body, duration) == sample(metrics.body, duration) })
        // A later /metrics starts its own check (nothing in flight to join) and tells the two shared ones.
        let later = try RawHTTP.get(serve.port, "/metrics", headers: [Self.timeout2s]).body
        #expect(sample(later, "zkprobe_exporter_checks_shared_total") == 2)
    }

    @Test func aJoinerWhoseDeadlineComesFirstIsAnsweredThenWithoutTheCheck() throws {
        let slow = try SlowEnsemble()
        let (serve, member, perCheck) = (slow.serve, slow.member, slow.perCheck)

        let first = try Self.request(
            serve.port, "/probe?target=slow", headers: ["X-Prometheus-Scrape-Timeout-Seconds: 4"])
        Self.waitForConnections(member, 2 * perCheck)
        let joiner = try Self.response(
            try Self.request(serve.port, "/probe?target=slow", headers: ["X-Prometheus-Scrape-Timeout-Seconds: 1"]))
        #expect(joiner.status == 200)
        #expect(sample(joiner.body, "zkprobe_probe_success{ensemble=\"slow\"}") == 0)
        #expect(!joiner.body.contains("zkprobe_member_up"), "answered before the check it joined ended")
        let starter = try Self.response(first)
        #expect(sample(starter.body, "zkprobe_probe_success{ensemble=\"slow\"}") == 1, "the check went on")
        #expect(member.connections == 2 * perCheck, "the joiner started no check of its own")
        let metrics = try RawHTTP.get(serve.port, "/metrics").body
        #expect(sample(metrics, "zkprobe_exporter_checks_cancelled_total") == 0)
        #expect(sample(metrics, "zkprobe_exporter_check_timeouts_total") == 1)
    }

    enum HangUp: String, CaseIterable { case reset, fin }

    @Test(arguments: HangUp.allCases)
    func aClientThatLeavesStopsTheCheckNoOneElseWaitsFor(_ hangUp: HangUp) throws {
        let member = try SilentMember()
        defer { member.server.stop() }
        var settings = ExporterSettings()
        settings.maxScrapeTimeout = .seconds(3600)
        let serve = try ServeHarness(SlowEnsemble.config(member), settings: settings)
        defer { serve.stop() }
        // An hour-long scrape: only its client leaving can end its check within the test.
        let fd = try Self.request(
            serve.port, "/probe?target=slow", headers: ["X-Prometheus-Scrape-Timeout-Seconds: 3600"])
        Self.waitForConnections(member, 1)
        #expect(member.connections > 0, "the check is under way")
        if hangUp == .reset {
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        }
        close(fd)  // what Prometheus does at its scrape timeout (FIN); a reset for a client that aborts
        let cancelled = try Self.eventually(serve, "zkprobe_exporter_checks_cancelled_total") { $0 == 1 }
        #expect(cancelled == 1)
        for _ in 0..<200 where member.closed.withLock({ $0 }) < member.connections {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(member.closed.withLock { $0 } == member.connections, "the member's connections are closed")
    }

    @Test func aReloadMakesANewScrapeStartANewCheck() throws {
        let slow = try SlowEnsemble()
        let (serve, member, perCheck) = (slow.serve, slow.member, slow.perCheck)

        let timeout = ["X-Prometheus-Scrape-Timeout-Seconds: 4"]
        let before = try Self.request(serve.port, "/probe?target=slow", headers: timeout)
        Self.waitForConnections(member, 2 * perCheck)
        serve.fileText.withLock { $0 = SlowEnsemble.config(member) + "\n" }
        serve.exporter.reload()
        for _ in 0..<600 where !serve.log.contains("msg=\"configuration reloaded\"") {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let after = try Self.request(serve.port, "/probe?target=slow", headers: timeout)
        #expect(try Self.response(before).status == 200)
        #expect(try Self.response(after).status == 200)
        #expect(member.connections == 3 * perCheck, "the reloaded configuration's scrape did not join the old check")
        #expect(sample(try RawHTTP.get(serve.port, "/metrics").body, "zkprobe_exporter_checks_shared_total") == 0)
    }

    @Test(arguments: ["true", "1"])
    func debugAnswersTheChecksTextReport(_ flag: String) throws {
        let member = try FakeServer(.respond({ w, _ in fakeReply(w) }, chunk: 4096, pause: .zero))
        defer { member.stop() }
        let serve = try ServeHarness("main = \(member.address())")
        defer { serve.stop() }
        let response = try RawHTTP.get(serve.port, "/probe?target=main&debug=\(flag)")
        #expect(response.status == 200)
        #expect(response.head.contains("Content-Type: text/plain; charset=utf-8"))
        let check = CheckCommand.run([member.address()], terminal: false, readFile: TextFile.memory())
        let report = String(decoding: check.standardOutput, as: UTF8.self)
        #expect(response.body.hasPrefix(report + "\n"), "\(response.body)\n---\n\(report)")
        #expect(sample(response.body, "zkprobe_probe_success{ensemble=\"main\"}") == 1)
        #expect(sample(response.body, "zkprobe_probe_deadline_seconds{ensemble=\"main\"}") == 9.5)
        #expect(!response.body.contains("zkprobe_member_up"), "the report, not the exposition")
        #expect(try RawHTTP.get(serve.port, "/probe?target=other&debug=\(flag)").status == 404)
    }

    @Test func aScrapeWhoseChecksDoNotFitIsAnswered503() throws {
        var settings = ExporterSettings()
        settings.metricsIncludeEnsembles = true
        settings.maxConcurrentChecks = 1
        settings.maxQueuedChecks = 1
        let serve = try ServeHarness((0..<3).map { "e\($0) = 127.0.0.1:1" }.joined(separator: "\n"), settings: settings)
        defer { serve.stop() }
        let response = try RawHTTP.get(serve.port, "/metrics")
        #expect(response.status == 503)
        #expect(response.body == "too many checks waiting; try again later\n")
        #expect(try RawHTTP.get(serve.port, "/probe?target=e1").status == 200, "one check fits")
    }
}
