import CommandLineSupport
import Foundation
import Glibc
import TestSupport
import Testing
import ZKProbe

@testable import ZKProbeCommands
@testable import ZKProbeExporter

/// `zkprobe serve` connects only where its configuration says: a member's `conf` naming other servers does not
/// steer the exporter's connections unless `--allow-learned-members` lists them (issue 20).
@Suite(.serialized) struct ServeLearnedMembersTests {
    /// The `member-not-asked` series of server `id` in a `/probe` answer for ensemble `main`.
    static func notAsked(_ body: String, _ id: Int) -> Double? {
        let labels = "ensemble=\"main\",code=\"member-not-asked\",severity=\"ok\",member=\"server.\(id)\""
        return sample(body, "zkprobe_ensemble_finding{\(labels)}")
    }

    @Test func aScrapeAsksNoMemberOnlyTheMembersConfNames() throws {
        let fakes = try LearnedMemberFakes()
        defer { fakes.stop() }
        let serve = try ServeHarness("main = \(fakes.given.address())")
        defer { serve.stop() }
        let response = try RawHTTP.get(serve.port, "/probe?target=main")
        #expect(response.status == 200)
        #expect(sample(response.body, "zkprobe_probe_success{ensemble=\"main\"}") == 1, "\(response.body)")
        #expect(fakes.learnedConnections == 0)
        #expect(Self.notAsked(response.body, 2) == 1, "\(response.body)")
        #expect(!response.body.contains("member=\"\(fakes.learnedAddress())\""))
    }

    @Test func aScrapeAsksTheLearnedMembersAllowed() throws {
        let fakes = try LearnedMemberFakes()
        defer { fakes.stop() }
        let allowed: Set<Endpoint> = [try Endpoint(parsing: fakes.learnedAddress())]
        let serve = try ServeHarness("main = \(fakes.given.address())", allowedLearned: allowed)
        defer { serve.stop() }
        let response = try RawHTTP.get(serve.port, "/probe?target=main")
        #expect(response.status == 200)
        #expect(fakes.learnedConnections > 0)
        #expect(Self.notAsked(response.body, 2) == nil, "\(response.body)")
        #expect(sample(response.body, "zkprobe_member_up{ensemble=\"main\",member=\"\(fakes.learnedAddress())\"}") == 1)
    }

    /// The built binary: the flag is in force at start and after SIGHUP (server.2 allowed, server.3 not).
    @Test func theAllowedListHoldsAfterASighup() throws {
        let fakes = try LearnedMemberFakes(learnedCount: 2)
        defer { fakes.stop() }
        let config = "main = \(fakes.given.address())\n"
        let serve = try ServeExecutableTests.Running(
            config: config, extra: ["--allow-learned-members", fakes.learnedAddress(0)])
        let port = try serve.port()
        let scrape = {
            try RawHTTP.get(port, "/probe?target=main", headers: ["X-Prometheus-Scrape-Timeout-Seconds: 5"])
        }
        let first = try scrape()
        #expect(first.status == 200)
        #expect(fakes.connections(to: 0) > 0 && fakes.connections(to: 1) == 0)
        #expect(Self.notAsked(first.body, 2) == nil && Self.notAsked(first.body, 3) == 1, "\(first.body)")

        try (config + "# reloaded\n").write(toFile: serve.configPath, atomically: true, encoding: .utf8)
        kill(serve.process.processIdentifier, SIGHUP)
        #expect(serve.waitForLog("configuration reloaded"), "\(serve.log)")
        let asked = fakes.connections(to: 0)
        let second = try scrape()
        #expect(second.status == 200)
        #expect(fakes.connections(to: 0) > asked && fakes.connections(to: 1) == 0)
        #expect(Self.notAsked(second.body, 2) == nil && Self.notAsked(second.body, 3) == 1, "\(second.body)")
        kill(serve.process.processIdentifier, SIGTERM)
        #expect(serve.exitStatus() == 0)
    }

    @Test func theFlagIsRepeatableAndTakesLists() throws {
        let invocation = try #require(
            try ServeCommand.parse([
                "--config", "serve.conf", "--allow-learned-members", "10.0.0.9:2181, zk5:2182",
                "--allow-learned-members=[::1]:2183", "--allow-learned-members", "zk6",
            ]))
        let expected = try ["10.0.0.9:2181", "zk5:2182", "[::1]:2183", "zk6:2181"].map { try Endpoint(parsing: $0) }
        #expect(invocation.allowedLearned == Set(expected))
        #expect(try ServeCommand.parse(["--config", "serve.conf"])?.allowedLearned == [])
    }

    @Test(arguments: [
        "", "zk1:99999", "zk1:2181,,zk2:2181", "zk1:2181,", "http://zk1:2181", "[::1", "zk1:", "a b:1",
    ])
    func aBadAddressIsAUsageErrorNamingTheFlag(_ value: String) {
        let outcome = ServeCommand.run(["--config", "serve.conf", "--allow-learned-members", value])
        #expect(outcome.status == 3)
        let line = outcome.standardError
        #expect(line.hasPrefix("zkprobe serve: --allow-learned-members \"\(value)\": expected HOST:PORT"), "\(line)")
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
        #expect(outcome.standardOutput.isEmpty)
    }

    /// The command's one loader, at start and on every SIGHUP: each target asks only the learned members allowed.
    @Test func theLoaderGivesEveryTargetTheAllowedList() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("serve.conf").path
        try "a = zk1:2181\nb = --connect zk2:2181,zk3:2181\n".write(toFile: path, atomically: true, encoding: .utf8)
        let invocation = try #require(
            try ServeCommand.parse(["--config", path, "--allow-learned-members", "zk9:2181"]))
        let configuration = try ServeCommand.loader(for: invocation)().get()
        #expect(configuration.targets.map(\.name) == ["a", "b"])
        for target in configuration.targets {
            #expect(target.request.learnedMembers == .askOnly([Endpoint(host: "zk9", port: 2181)]), "\(target.name)")
        }
    }
}
