import CommandLineSupport
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import ZKProbeCommands
@testable import ZKProbeExporter

import Glibc

/// The exporter against fake members and raw clients: targets only from the file, deadlines from the header,
/// request limits, slow and idle clients, reload. No assertion on elapsed time: boundedness is shown by
/// deadlines that would otherwise be an hour long (the client gives up after a minute and the test fails).
@Suite(.serialized) struct ExporterTests {
    @Test func unknownTargetIsRefusedWithoutAnyConnection() throws {
        let member = try FakeServer(.respond({ w, _ in fakeReply(w) }, chunk: 4096, pause: .zero))
        defer { member.stop() }
        let serve = try ServeHarness("main = \(member.address())")
        defer { serve.stop() }
        for target in [member.address(), "other", "main%20", "MAIN"] {
            let response = try RawHTTP.get(serve.port, "/probe?target=\(target)")
            #expect(response.status == 404, "\(target)")
            #expect(response.body.hasPrefix("unknown target"), "\(response.body)")
            #expect(response.body.filter { $0 == "\n" }.count == 1)
        }
        let missing = try RawHTTP.get(serve.port, "/probe")
        #expect(missing.status == 400)
        #expect(member.receivedWords.isEmpty, "\(member.receivedWords)")
        // The configured name is checked, and it is the only way to reach the member.
        let known = try RawHTTP.get(serve.port, "/probe?target=main")
        #expect(known.status == 200)
        #expect(sample(known.body, "zkprobe_member_up{ensemble=\"main\",member=\"\(member.address())\"}") == 1)
        #expect(!member.receivedWords.isEmpty)
    }

    @Test func theScrapeTimeoutHeaderBoundsACheckOfASilentMember() throws {
        let member = try FakeServer(.silent)
        defer { member.stop() }
        // The line asks for an hour per exchange; only the header can bring the scrape back within a minute.
        let serve = try ServeHarness("slow = \(member.address()) --timeout 3600")
        defer { serve.stop() }
        let response = try RawHTTP.get(
            serve.port, "/probe?target=slow", headers: ["X-Prometheus-Scrape-Timeout-Seconds: 1.5"])
        #expect(response.status == 200)
        // 1.5 s minus the 0.5 s offset.
        #expect(sample(response.body, "zkprobe_probe_deadline_seconds{ensemble=\"slow\"}") == 1)
        #expect(sample(response.body, "zkprobe_probe_success{ensemble=\"slow\"}") == 1)
        #expect(sample(response.body, "zkprobe_member_up{ensemble=\"slow\",member=\"\(member.address())\"}") == 0)
        // The verdict `zkprobe check` gives the same member with the same deadline: from the same code.
        let check = CheckCommand.run(
            [member.address(), "--timeout", "0.8"], terminal: false, readFile: TextFile.memory())
        #expect(sample(response.body, "zkprobe_ensemble_verdict{ensemble=\"slow\"}") == Double(check.status))
        let probeSeconds = try #require(sample(response.body, "zkprobe_probe_duration_seconds{ensemble=\"slow\"}"))
        #expect(probeSeconds <= 1, "the check ends within the scrape's budget: \(probeSeconds)")
    }

    @Test func scrapeBudgetArithmetic() {
        let s = ExporterSettings()
        #expect(s.scrapeBudget(header: nil) == .milliseconds(9500))
        #expect(s.scrapeBudget(header: "15") == .milliseconds(14500))
        #expect(s.scrapeBudget(header: "0.6") == .milliseconds(300))
        #expect(s.scrapeBudget(header: "1e9") == .milliseconds(119_500))
        for bad in ["-1", "0", "nan", "inf", "abc", ""] { #expect(s.scrapeBudget(header: bad) == .milliseconds(9500)) }
    }

    @Test func metricsChecksEveryEnsembleInParallel() throws {
        // Each member answers only once all 3 x 4 connections are open: sequential checks would time out.
        let members = try FakeServer(
            behaviors: (0..<3).map { _ in .respondWhenAllConnected({ w, _ in fakeReply(w) }) }, barrier: 12)
        defer { members.stop() }
        var settings = ExporterSettings()
        settings.metricsIncludeEnsembles = true
        settings.maxConcurrentChecks = 3
        let config = (0..<3).map { "e\($0) = \(members.address($0))" }.joined(separator: "\n")
        let serve = try ServeHarness(config, settings: settings)
        defer { serve.stop() }
        let response = try RawHTTP.get(serve.port, "/metrics", headers: ["X-Prometheus-Scrape-Timeout-Seconds: 20"])
        #expect(response.status == 200)
        for n in 0..<3 {
            #expect(
                sample(response.body, "zkprobe_member_up{ensemble=\"e\(n)\",member=\"\(members.address(n))\"}") == 1)
        }
        #expect(sample(response.body, "zkprobe_exporter_config_ensembles") == 3)
        #expect(response.body.components(separatedBy: "# TYPE zkprobe_member_up ").count == 2, "each family once")
    }

    @Test func oversizedRequestIsAnswered431() throws {
        let serve = try ServeHarness("main = 127.0.0.1:1")
        defer { serve.stop() }
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        RawHTTP.send(fd, "GET /metrics HTTP/1.1\r\nX-Filler: " + String(repeating: "a", count: 9000) + "\r\n\r\n")
        let response = try #require(RawHTTP.readToEnd(fd).flatMap(RawHTTP.parse))
        #expect(response.status == 431)
        let metrics = try RawHTTP.get(serve.port, "/metrics")
        #expect(sample(metrics.body, "zkprobe_exporter_connections_dropped_total{reason=\"oversized\"}") == 1)
    }

    @Test(arguments: [
        ("POST /metrics HTTP/1.1\r\n\r\n", 405), ("GET /metrics HTTP/2.0\r\n\r\n", 505),
        ("GET /metrics\r\n\r\n", 400), ("GET /probe?target=%zz HTTP/1.1\r\n\r\n", 400),
        ("GET /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\n", 400), ("GET /nowhere HTTP/1.1\r\n\r\n", 404),
    ])
    func malformedRequestsAreRefused(_ request: String, _ status: Int) throws {
        let serve = try ServeHarness("main = 127.0.0.1:1")
        defer { serve.stop() }
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        RawHTTP.send(fd, request)
        let response = try #require(RawHTTP.readToEnd(fd).flatMap(RawHTTP.parse))
        #expect(response.status == status)
        #expect(response.body.hasSuffix("\n") && response.body.dropLast().contains("\n") == false)
    }

    @Test func idleAndSlowClientsAreDropped() throws {
        var settings = ExporterSettings()
        settings.idleTimeout = .milliseconds(200)
        settings.requestTimeout = .milliseconds(200)
        let serve = try ServeHarness("main = 127.0.0.1:1", settings: settings)
        defer { serve.stop() }
        let idle = try RawHTTP.connect(serve.port)
        defer { close(idle) }
        let slow = try RawHTTP.connect(serve.port)
        defer { close(slow) }
        RawHTTP.send(slow, "GET /metrics HTTP/1.1\r\nHost: x")
        // Closed by the exporter: the read ends (an exporter that never drops them fails after a minute).
        #expect(RawHTTP.readToEnd(idle) == [])
        #expect(RawHTTP.readToEnd(slow) == [])
        let metrics = try RawHTTP.get(serve.port, "/metrics")
        #expect(sample(metrics.body, "zkprobe_exporter_connections_dropped_total{reason=\"idle\"}") == 1)
        #expect(sample(metrics.body, "zkprobe_exporter_connections_dropped_total{reason=\"slow\"}") == 1)
    }

    @Test func atTheConnectionLimitTheLongestIdleConnectionMakesRoom() throws {
        var settings = ExporterSettings()
        settings.maxConnections = 2
        let serve = try ServeHarness("main = 127.0.0.1:1", settings: settings)
        defer { serve.stop() }
        let first = try RawHTTP.connect(serve.port)
        defer { close(first) }
        let second = try RawHTTP.connect(serve.port)
        defer { close(second) }
        let response = try RawHTTP.get(serve.port, "/metrics")
        #expect(response.status == 200)
        #expect(RawHTTP.readToEnd(first) == [], "the oldest idle connection was closed")
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let serve = try ServeHarness("main = 127.0.0.1:1")
        defer { serve.stop() }
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        RawHTTP.send(fd, "GET / HTTP/1.1\r\n\r\nGET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n")
        let text = String(decoding: RawHTTP.readToEnd(fd) ?? [], as: UTF8.self)
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
    }

    @Test func aBadReloadKeepsTheConfigurationInForce() throws {
        let member = try FakeServer(.respond({ w, _ in fakeReply(w) }, chunk: 4096, pause: .zero))
        defer { member.stop() }
        let serve = try ServeHarness("old = \(member.address())")
        defer { serve.stop() }
        serve.fileText.withLock { $0 = "old = \(member.address())\nnew = \(member.address()) --format json" }
        serve.exporter.reload()
        let afterBad = try eventuallyMetrics(serve) {
            sample($0, "zkprobe_exporter_config_last_reload_successful") == 0
        }
        #expect(sample(afterBad, "zkprobe_exporter_config_last_reload_successful") == 0)
        #expect(try RawHTTP.get(serve.port, "/probe?target=old").status == 200)
        #expect(try RawHTTP.get(serve.port, "/probe?target=new").status == 404)
        #expect(serve.log.contains("level=error msg=\"configuration reload failed; keeping the previous one\""))
        #expect(serve.log.contains("serve.conf:2: --format is an output option"))

        serve.fileText.withLock { $0 = "new = \(member.address())" }
        serve.exporter.reload()
        let afterGood = try eventuallyMetrics(serve) {
            sample($0, "zkprobe_exporter_config_last_reload_successful") == 1
        }
        #expect(sample(afterGood, "zkprobe_exporter_config_last_reload_successful") == 1)
        #expect(try RawHTTP.get(serve.port, "/probe?target=new").status == 200)
        #expect(try RawHTTP.get(serve.port, "/probe?target=old").status == 404)
    }

    @Test func stopEndsTheLoopAndLogsEachEventOnOneLine() throws {
        let serve = try ServeHarness("main = 127.0.0.1:1")
        _ = try RawHTTP.get(serve.port, "/probe?target=evil%0Alevel=error%20msg=forged")
        #expect(serve.stop())
        let lines = serve.log.split(separator: "\n")
        #expect(lines.first?.contains("msg=listening address=127.0.0.1:") == true)
        #expect(lines.last?.contains("msg=stopped") == true)
        #expect(lines.allSatisfy { $0.hasPrefix("ts=") }, "\(lines)")
        #expect(serve.log.contains("target=\"evil\\nlevel=error msg=forged\""))
    }

    @Test func stopEndsAnInFlightScrapeWithinTheGrace() throws {
        let member = try FakeServer(.silent)
        defer { member.stop() }
        var settings = ExporterSettings()
        settings.shutdownGrace = .milliseconds(200)
        settings.maxScrapeTimeout = .seconds(3600)
        let serve = try ServeHarness("slow = \(member.address()) --timeout 3600", settings: settings)
        let fd = try RawHTTP.connect(serve.port)
        defer { close(fd) }
        RawHTTP.send(fd, "GET /probe?target=slow HTTP/1.1\r\nX-Prometheus-Scrape-Timeout-Seconds: 3600\r\n\r\n")
        // The check is under way once the member has been asked.
        for _ in 0..<600 where member.receivedWords.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!member.receivedWords.isEmpty)
        // An hour-long scrape in flight: the loop still ends (within the 30 s the harness waits) and the
        // connection is closed, instead of waiting for the check.
        #expect(serve.stop())
        #expect(RawHTTP.readToEnd(fd) == [])
        #expect(serve.log.contains("msg=stopping in_flight=1"))
    }

    /// `/metrics` until `done` accepts it (reload is asynchronous: the loop picks it up), at most 30 tries.
    private func eventuallyMetrics(_ serve: ServeHarness, _ done: (String) -> Bool) throws -> String {
        var body = ""
        for _ in 0..<30 {
            body = try RawHTTP.get(serve.port, "/metrics").body
            if done(body) { return body }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return body
    }
}
