import Foundation
import CommandLineSupport
import Testing
import TestSupport

@testable import ZKProbe
@testable import ZKProbeCommands

/// `zkprobe send` as the library runs it: exit status, the bytes for standard output, the line for standard error.
struct SendCommandTests {
    static let notServing = "This ZooKeeper instance is not currently serving requests\n"

    func run(_ arguments: String...) -> CommandOutcome {
        SendCommand.run(arguments)
    }

    /// A failure prints one line on standard error and nothing on standard output.
    func expectOneErrorLine(_ outcome: CommandOutcome, status: Int32, containing parts: [String]) {
        #expect(outcome.status == status)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.hasSuffix("\n"))
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1, "\(outcome.standardError)")
        for part in parts {
            #expect(outcome.standardError.contains(part), "\(outcome.standardError) lacks \(part)")
        }
    }

    @Test func printsTheReplyExactlyAsReceived() throws {
        let server = try FakeServer(.reply("imok"))
        defer { server.stop() }

        let outcome = run("ruok", server.address())

        #expect(outcome == CommandOutcome(status: 0, standardOutput: Array("imok".utf8), standardError: ""))
        #expect(server.receivedWords == ["ruok"])
    }

    @Test func printsMultiLineAndBinaryRepliesByteForByte() throws {
        let reply = Array("zk_version\t3.8.0\nzk_avg_latency\t0.0\n".utf8) + [0xFF, 0x00, 0x0D]
        let server = try FakeServer(.reply(reply, chunk: 7))
        defer { server.stop() }

        let outcome = run("mntr", server.address())

        #expect(outcome.status == ExitStatus.ok)
        #expect(outcome.standardOutput == reply)
    }

    @Test func flagsMayComeAfterTheArgumentsAndUseEquals() throws {
        let server = try FakeServer(.reply("rw"))
        defer { server.stop() }

        let outcome = run("isro", server.address(), "--timeout=2.5", "--max-bytes", "10")

        #expect(outcome.status == ExitStatus.ok)
        #expect(outcome.standardOutput == Array("rw".utf8))
    }

    @Test func refusedConnectionIsCritical() throws {
        let (descriptor, port) = try FakeServer.refusingPort()
        defer { close(descriptor) }

        let outcome = run("ruok", "127.0.0.1:\(port)")

        expectOneErrorLine(outcome, status: 2, containing: ["127.0.0.1:\(port)", "connection refused"])
    }

    @Test func silentServerTimesOutAtTheGivenFractionalTimeout() throws {
        let server = try FakeServer(.silent)
        defer { server.stop() }

        let clock = ContinuousClock()
        let start = clock.now
        let outcome = run("--timeout", "0.5", "srvr", server.address())
        let elapsed = clock.now - start

        expectOneErrorLine(outcome, status: 2, containing: [server.address(), "no answer to srvr within 0.5 s"])
        #expect(elapsed >= .milliseconds(450))
    }

    @Test func resetIsCritical() throws {
        let server = try FakeServer(.resetAfter(Array("Zookeeper version".utf8), pause: .milliseconds(200)))
        defer { server.stop() }

        let outcome = run("srvr", server.address())

        expectOneErrorLine(outcome, status: 2, containing: [server.address(), "reset", "17 bytes"])
    }

    @Test func tooLargeReplyPointsAtMaxBytes() throws {
        let server = try FakeServer(.endless)
        defer { server.stop() }

        let outcome = run("--max-bytes", "100000", "cons", server.address())

        expectOneErrorLine(outcome, status: 2, containing: [server.address(), "cons", "100000 bytes", "--max-bytes"])
    }

    @Test func notServingIsCritical() throws {
        let server = try FakeServer(.reply(Self.notServing))
        defer { server.stop() }

        let outcome = run("mntr", server.address())

        expectOneErrorLine(outcome, status: 2, containing: [server.address(), "not currently serving"])
    }

    @Test func notWhitelistedNamesTheWhitelistLineToAdd() throws {
        let server = try FakeServer(.reply("mntr is not executed because it is not in the whitelist.\n"))
        defer { server.stop() }

        let outcome = run("mntr", server.address())

        expectOneErrorLine(
            outcome, status: 2, containing: [server.address(), "mntr", "4lw.commands.whitelist=", "zoo.cfg"])
    }

    @Test func emptyReplyIsCritical() throws {
        let server = try FakeServer(.closeWithoutReply)
        defer { server.stop() }

        let outcome = run("wchc", server.address())

        expectOneErrorLine(outcome, status: 2, containing: [server.address(), "without answering wchc"])
    }

    @Test(arguments: [
        (["--help"], "USAGE: zkprobe send"), (["-h"], "USAGE: zkprobe send"),
        (["ruok", "zk1", "--help"], "EXIT STATUS"), (["--bogus", "-h"], "--timeout SECONDS"),
    ])
    func helpGoesToStandardOutputWithStatusZero(_ arguments: [String], _ expected: String) {
        let outcome = SendCommand.run(arguments)
        #expect(outcome.status == 0)
        #expect(outcome.standardError.isEmpty)
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self).contains(expected))
    }

    @Test func helpFitsIn80Columns() {
        for line in SendCommand.spec.help.split(separator: "\n") {
            #expect(line.count <= 80, "\(line)")
        }
    }

    @Test(arguments: [
        ([], "missing WORD"),
        (["ruok"], "missing HOST[:PORT]"),
        (["ruok", "zk1", "zk2"], "unexpected argument \"zk2\""),
        (["MNTR", "zk1"], "\"MNTR\" is not a four-letter word"),
        (["mnt", "zk1"], "\"mnt\" is not a four-letter word"),
        (["mntr1", "zk1"], "\"mntr1\" is not a four-letter word"),
        (["--verbosity", "ruok", "zk1"], "unknown option --verbosity"),
        (["-x", "1", "ruok", "zk1"], "unknown option -x"),
        (["-vx", "ruok", "zk1"], "unknown option -x in -vx"),
        (["ruok", "zk1", "--timeout"], "--timeout needs a value"),
        (["--timeout", "abc", "ruok", "zk1"], "--timeout \"abc\""),
        (["--timeout", "0", "ruok", "zk1"], "--timeout \"0\""),
        (["--timeout=-1", "ruok", "zk1"], "--timeout \"-1\""),
        (["--timeout", "nan", "ruok", "zk1"], "--timeout \"nan\""),
        (["--timeout", "1e9", "ruok", "zk1"], "--timeout \"1e9\""),
        (["--max-bytes", "0", "ruok", "zk1"], "--max-bytes \"0\""),
        (["--max-bytes", "1.5", "ruok", "zk1"], "--max-bytes \"1.5\""),
        (["ruok", "zk1", "--max-bytes"], "--max-bytes needs a value"),
        (["ruok", "10.0.0.1:99999"], "port 99999 is out of range"),
        (["ruok", "host:abc"], "port \"abc\" is not a number"),
        (["ruok", ""], "empty server address"),
        (["--", "--help", "zk1"], "\"--help\" is not a four-letter word"),
    ])
    func usageErrorsAreOneLineWithAPointerToHelp(_ arguments: [String], _ expected: String) {
        let outcome = SendCommand.run(arguments)
        expectOneErrorLine(outcome, status: 3, containing: ["zkprobe send: ", expected, "--help"])
    }

    @Test func parsesTimeoutAndMaxBytes() throws {
        let request = try #require(try SendCommand.parse(["--timeout", "2.5", "--max-bytes=1000", "conf", "[::1]:2182"]))
        #expect(request.word == "conf")
        #expect(request.endpoint == Endpoint(host: "::1", port: 2182))
        #expect(request.options.deadline == .milliseconds(2500))
        #expect(request.options.maxReplyBytes == 1000)
        let defaults = try #require(try SendCommand.parse(["conf", "zk1"]))
        #expect(defaults.options == ProbeOptions())
        #expect(defaults.endpoint == Endpoint(host: "zk1", port: 2181))
    }
}
