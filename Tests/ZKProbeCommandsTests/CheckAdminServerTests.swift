import CommandLineSupport
import Foundation
import Testing
import TestSupport

@testable import ZKProbe
@testable import ZKProbeCommands

/// `zkprobe check --admin-port/--admin-url` against fakes: a standalone member whose whitelist allows only
/// `srvr`, and a fake AdminServer answering the JSON of ZooKeeper 3.8 (keys as `Commands.java` writes them).
struct CheckAdminServerTests {
    static let version = "3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC"

    /// The four-letter words of a 3.8 standalone server with `4lw.commands.whitelist=srvr`.
    static func words(_ word: String) -> [UInt8] {
        guard word == "srvr" else { return Array("\(word) is not executed because it is not in the whitelist.\n".utf8) }
        return Array(
            """
            Zookeeper version: \(version)
            Latency min/avg/max: 0/0.5/7
            Received: 120
            Sent: 119
            Connections: 2
            Outstanding: 0
            Zxid: 0x100000005
            Mode: standalone
            Node count: 5

            """.utf8)
    }

    static func json(_ command: String) -> String {
        switch command {
        case "server_stats":
            return """
                {"version":"\(version)","read_only":false,"server_stats":{"server_state":"standalone",
                "last_processed_zxid":4294967301,"min_latency":0,"avg_latency":0.5,"max_latency":7,
                "packets_received":120,"packets_sent":119,"num_alive_client_connections":2,
                "outstanding_requests":0},"node_count":5,"command":"server_stats","error":null}
                """
        case "monitor":
            return """
                {"version":"\(version)","server_state":"standalone","avg_latency":0.5,"max_latency":7,
                "open_file_descriptor_count":61,"max_file_descriptor_count":1048576,"command":"monitor","error":null}
                """
        case "configuration":
            return #"{"client_port":2181,"server_id":0,"tick_time":2000,"command":"configuration","error":null}"#
        case "ruok":
            return #"{"command":"ruok","error":null}"#
        default:
            return #"{"command":"\#(command)","error":"Unknown command: \#(command)"}"#
        }
    }

    static func adminServer() throws -> FakeServer {
        try FakeServer(
            .http { request, _ in
                let path = request.split(separator: " ").dropFirst().first ?? ""
                let body = json(String(path.split(separator: "/").last ?? ""))
                return Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
            })
    }

    func run(_ arguments: [String]) throws -> (CommandOutcome, CheckDocument?) {
        let outcome = CheckCommand.run(
            arguments + ["--format", "json", "--timeout", "2"], terminal: false, readFile: TextFile.memory())
        return (outcome, try? JSONDecoder().decode(CheckDocument.self, from: Data(outcome.standardOutput)))
    }

    @Test func theAdminServerAnswersWhatTheWhitelistRefuses() throws {
        let member = try FakeServer(.respond({ word, _ in Self.words(word) }, chunk: 512, pause: .zero))
        let admin = try Self.adminServer()
        defer { member.stop(); admin.stop() }
        let (outcome, report) = try run([member.address(), "--admin-port", "\(admin.port)"])
        let doc = try #require(report, "\(outcome)")
        let m = try #require(doc.members.first)
        #expect(m.state == "standalone")
        #expect(m.notWhitelisted.isEmpty)
        #expect(m.imok == true)
        #expect(m.openFileDescriptors == 61)
        #expect(m.latencyMs?.max == 7)
        #expect(doc.findings.allSatisfy { $0.code != "words-not-whitelisted" && $0.code != "admin-server-unusable" })
        #expect(outcome.status == 0)
        #expect(admin.receivedWords.allSatisfy { $0.contains("Connection: close") })
    }

    @Test func withoutTheAdminServerTheRefusalSuggestsIt() throws {
        let member = try FakeServer(.respond({ word, _ in Self.words(word) }, chunk: 512, pause: .zero))
        defer { member.stop() }
        let (_, report) = try run([member.address()])
        let finding = try #require(report?.findings.first { $0.code == "words-not-whitelisted" })
        #expect(finding.message.contains("--admin-port 8080"))
        #expect(finding.severity == "ok")
    }

    @Test func aBrokenAdminServerIsAWarningAndTheMemberIsStillJudged() throws {
        let member = try FakeServer(.respond({ word, _ in Self.words(word) }, chunk: 512, pause: .zero))
        let notZooKeeper = try FakeServer(.http { _, _ in Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".utf8) })
        defer { member.stop(); notZooKeeper.stop() }
        let (outcome, report) = try run([member.address(), "--admin-url", "http://{host}:\(notZooKeeper.port)"])
        let doc = try #require(report, "\(outcome)")
        #expect(doc.members.first?.state == "standalone")
        let finding = try #require(doc.findings.first { $0.code == "admin-server-unusable" })
        #expect(finding.severity == "warning")
        #expect(finding.message.contains("not the AdminServer's JSON"), "\(finding.message)")
        #expect(!finding.message.contains("\n"))
    }

    /// An HTTP server on the admin port whose every answer is JSON but not ZooKeeper's (no `command` naming
    /// what was asked), or an AdminServer that says "not serving" to everything while the member serves its
    /// words: neither gives the refused words' figures, and the operator is told so.
    @Test(arguments: [
        (#"{"status":"ok","service":"some other service","uptime":12}"#, "not the AdminServer's answer"),
        (#"{"command":"{command}","error":"This ZooKeeper instance is not currently serving requests"}"#,
         "not currently serving"),
    ])
    func anAdminServerThatGivesNothingUsableIsAFinding(_ template: String, _ mention: String) throws {
        let member = try FakeServer(.respond({ word, _ in Self.words(word) }, chunk: 512, pause: .zero))
        let admin = try FakeServer(
            .http { request, _ in
                let path = request.split(separator: " ").dropFirst().first ?? ""
                let body = template.replacingOccurrences(of: "{command}", with: String(path.split(separator: "/").last ?? ""))
                return Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
            })
        defer { member.stop(); admin.stop() }
        let (outcome, report) = try run([member.address(), "--admin-port", "\(admin.port)"])
        let doc = try #require(report, "\(outcome)")
        #expect(doc.members.first?.state == "standalone")
        #expect(doc.members.first?.openFileDescriptors == nil)
        let finding = try #require(doc.findings.first { $0.code == "admin-server-unusable" }, "\(doc.findings)")
        #expect(finding.severity == "warning")
        #expect(finding.message.contains(mention), "\(finding.message)")
        #expect(finding.message.contains("judged without"), "\(finding.message)")
        #expect(outcome.status == 1)
    }

    @Test(arguments: [
        (["--admin-port", "0"], "--admin-port"), (["--admin-port", "+"], "--admin-port"),
        (["--admin-url", "https://{host}:8443"], "TLS"), (["--admin-url", "ftp://x"], "http"),
        (["--admin-port", "8080", "--admin-url", "http://{host}:8080"], "not both"),
    ])
    func badAdminFlagsAreUsageErrors(_ flags: [String], _ mention: String) {
        let outcome = CheckCommand.run(["127.0.0.1:1"] + flags, terminal: false, readFile: TextFile.memory())
        #expect(outcome.status == 3)
        #expect(outcome.standardError.contains(mention), "\(outcome.standardError)")
    }
}
