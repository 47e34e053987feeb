import CommandLineSupport
import Foundation
import Synchronization
import TestSupport
import Testing
import ToolkitSupport
import ZKProbe

@testable import ZKProbeCommands
@testable import ZKProbeExporter

/// The configuration file: `NAME = ARGUMENTS OF zkprobe check`, one-line errors with file and line.
struct ServeConfigurationTests {
    static func parse(_ text: String, files: [String: String] = [:]) -> Result<
        ExporterConfiguration, ExporterConfigurationError
    > {
        Result { () throws(ExporterConfigurationError) in
            try ServeConfiguration.parse(text, path: "/etc/zkprobe/serve.conf", readFile: TextFile.memory(files))
        }
    }

    @Test(arguments: [
        ("a = 127.0.0.1:2181\n\na = 127.0.0.1:2182", "serve.conf:3: ensemble \"a\" is already defined on line 1"),
        ("just words", "serve.conf:1: expected NAME = ARGUMENTS"),
        ("a = zk1 --format json", "serve.conf:1: --format is an output option of zkprobe check"),
        ("a = zk1 -o /tmp/x", "serve.conf:1: --output is an output option"),
        ("a = zk1 --no-color", "serve.conf:1: --no-color is an output option"),
        ("a = zk1 -v", "serve.conf:1: --help, --version and -v do not belong"),
        ("a = zk1 --ensemble b", "serve.conf:1: --ensemble does not belong here"),
        ("a = zk1 --help", "serve.conf:1: --help, --version and -v do not belong"),
        ("a = 'zk1", "serve.conf:1: unterminated ' quote"),
        ("a = \"zk1", "serve.conf:1: unterminated \" quote"),
        ("# fine\na = zk1 --bogus", "serve.conf:2: unknown option --bogus"),
        ("bad name = zk1", "serve.conf:1: bad ensemble name \"bad name\""),
        ("a\u{1b}[2J = zk1", "serve.conf:1: bad ensemble name \"a\\u{1b}[2J\""),
        ("a =", "serve.conf:1: no members"),
        ("a = zk1 --lag-warning nope", "serve.conf:1: --lag-warning \"nope\": expected"),
        ("a = zk1:99999", "serve.conf:1: "),
        ("a = --config missing.cfg", "serve.conf:1: --config /etc/zkprobe/missing.cfg: cannot read the file"),
        ("# only a comment\n   \n", "/etc/zkprobe/serve.conf: no ensembles"),
        ("a = zk1 --auth-file auth", "serve.conf:1: --auth-file needs --session-probe or --write-probe PATH"),
        ("a = zk1 --write-probe zkprobe", "serve.conf:1: --write-probe \"zkprobe\": expected an absolute znode path"),
        ("a = zk1 --write-probe /zk/", "serve.conf:1: --write-probe \"/zk/\": expected an absolute znode path"),
        (
            "a = zk1 --session-probe --auth-file none",
            "serve.conf:1: --auth-file /etc/zkprobe/none: cannot read the file"
        ),
        ("a = zk1 --session-probe --auth-file /abs/none", "serve.conf:1: --auth-file /abs/none: cannot read the file"),
    ])
    func badLinesAreOneLineErrorsNamingTheLine(_ text: String, _ expected: String) {
        switch Self.parse(text) {
        case .success(let configuration):
            Issue.record("accepted \(text.debugDescription): \(configuration.targets.map(\.name))")
        case .failure(let error):
            #expect(error.description.contains(expected), "\(error)")
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("/etc/zkprobe/serve.conf"))
        }
    }

    /// A configuration saved with CRLF line ends (Windows editors, some configuration management), and the files
    /// its lines name, read as their LF twins: the same requests, or the same error on the same line.
    @Test(arguments: [
        (
            "# two ensembles\na = 127.0.0.1:2181 127.0.0.1:2182\nb = --config zoo.cfg --timeout 2\n"
                + "c = zk1:2181 --session-probe --auth-file probe.auth\n", nil
        ),
        ("a = 127.0.0.1:2181\n\na = 127.0.0.1:2182", "serve.conf:3: ensemble \"a\" is already defined on line 1"),
        ("# fine\na = zk1 --bogus\n", "serve.conf:2: unknown option --bogus"),
        ("a = zk1:2181\nb = zk2:2181x\n", "serve.conf:2: "),
        ("a = zk1\nb = 'zk2\n", "serve.conf:2: unterminated ' quote"),
        ("a = zk1 --session-probe --auth-file bad.auth\n", "serve.conf:1: --auth-file /etc/zkprobe/bad.auth:3: "),
    ] as [(String, String?)])
    func crlfLinesReadAsTheirLFTwin(_ text: String, _ error: String?) {
        let files = [
            "/etc/zkprobe/zoo.cfg":
                "tickTime=2000\nserver.1=127.0.0.1:2888:3888;2181\nserver.2=127.0.0.1:2889:3889;2182\n",
            "/etc/zkprobe/probe.auth": "# probe\ndigest zkprobe:pw\n",
            "/etc/zkprobe/bad.auth": "# probe\n\nzkprobe:pw\n",
        ]
        func withCRLF(_ text: String) -> String { text.replacingEvery("\n", with: "\r\n") }
        let lf = Self.parse(text, files: files)
        let crlf = Self.parse(withCRLF(text), files: files.mapValues(withCRLF))
        switch (lf, crlf) {
        case (.success(let lf), .success(let crlf)):
            #expect(error == nil)
            #expect(crlf.targets.map(\.name) == lf.targets.map(\.name))
            #expect(crlf.targets.map(\.request) == lf.targets.map(\.request))
        case (.failure(let lf), .failure(let crlf)):
            #expect(lf.description.contains(error ?? "no error"), "\(lf)")
            #expect(crlf.description == lf.description)
        default:
            Issue.record("LF: \(lf); CRLF: \(crlf)")
        }
    }

    @Test func quotingCommentsAndRelativeZooConfigs() throws {
        let zoo = "server.1=127.0.0.1:2888:3888;2181\nserver.2=127.0.0.1:2889:3889;2182\n"
        let text = """
            # two ensembles
            kafka-prod = "127.0.0.1:2181" '127.0.0.1:2182' --require mntr   # trailing comment
              hbase.eu = --config zoo.cfg --lag-warning 10 --timeout 3\r
            """
        let configuration = try Self.parse(text, files: ["/etc/zkprobe/zoo.cfg": zoo]).get()
        #expect(configuration.targets.map(\.name) == ["kafka-prod", "hbase.eu"])
        #expect(configuration.source == "/etc/zkprobe/serve.conf")
        #expect(configuration.target(named: "hbase.eu") != nil)
        #expect(configuration.target(named: "127.0.0.1:2181") == nil)
    }

    /// A relative `--config` is read from the configuration's own folder, whatever that folder is: absolute,
    /// relative to the working directory, or none (the working directory itself).
    @Test(arguments: [
        ("/etc/zkprobe/serve.conf", "zoo.cfg", "/etc/zkprobe/zoo.cfg"), ("/serve.conf", "zoo.cfg", "/zoo.cfg"),
        ("conf/serve.conf", "zoo.cfg", "conf/zoo.cfg"), ("serve.conf", "zoo.cfg", "zoo.cfg"),
        ("conf/serve.conf", "../zk/zoo.cfg", "conf/../zk/zoo.cfg"), ("conf/serve.conf", "/abs/zoo.cfg", "/abs/zoo.cfg"),
    ])
    func aRelativeZooConfigIsReadBesideTheConfiguration(_ path: String, _ config: String, _ expected: String) throws {
        let zoo = "server.1=127.0.0.1:2888:3888;2181\nserver.2=127.0.0.1:2889:3889;2182\n"
        let configuration = try ServeConfiguration.parse(
            "a = --config \(config)", path: path, readFile: TextFile.memory([expected: zoo]))
        let request = try #require(configuration.target(named: "a")?.request)
        #expect(request.targets.endpoints.count == 2, "\(request.targets.endpoints)")
    }

    /// The client probe on a line: the request `zkprobe check` makes of the same words, a relative `--auth-file`
    /// read beside the configuration, and a bad auth file refused with the configuration's line and the file's.
    @Test func probeOptionsOnALineMakeTheRequestCheckMakes() throws {
        let auth = "digest zkprobe:secret-pw\n"
        let text = """
            plain = zk1:2181
            session = zk1:2181 --session-probe
            write = zk1:2181 --write-probe /zkprobe --auth-file probe.auth --timeout 2
            """
        let configuration = try Self.parse(text, files: ["/etc/zkprobe/probe.auth": auth]).get()
        let requests = try ["plain", "session", "write"].map { try #require(configuration.target(named: $0)?.request) }
        #expect(
            requests.map(\.clientProbe) == [
                nil, ClientProbe(mode: .session),
                ClientProbe(
                    mode: .write(path: "/zkprobe"),
                    credentials: [DigestCredential(user: "zkprobe", password: "secret-pw")]),
            ])
        let words = [
            "zk1:2181", "--write-probe", "/zkprobe", "--auth-file", "/etc/zkprobe/probe.auth", "--timeout", "2",
        ]
        let options = try #require(try CheckCommand.parse(words))
        let checkRequest = try CheckCommand.request(
            options, readFile: TextFile.memory(["/etc/zkprobe/probe.auth": auth]), probe: ProbeOptions())
        #expect(requests[2].clientProbe == checkRequest.clientProbe)

        let bad = Self.parse(
            "ok = zk1 --session-probe\nbad = zk1 --write-probe /zk --auth-file probe.auth",
            files: [
                "/etc/zkprobe/probe.auth": "digest zkprobe:secret-pw\ndigest :secret-pw\n"
            ])
        guard case .failure(let error) = bad else {
            Issue.record("accepted a bad auth file")
            return
        }
        #expect(
            error.description
                == "/etc/zkprobe/serve.conf:2: --auth-file /etc/zkprobe/probe.auth:2: the user before : is empty; write digest USER:PASSWORD"
        )
    }

    /// The auth file is read when the configuration loads, so a reload (SIGHUP) picks up new credentials.
    @Test func aReloadReadsTheAuthFileAgain() throws {
        let path = "/etc/zkprobe/serve.conf"
        func credentials(_ auth: String) throws -> [DigestCredential]? {
            let files = [path: "a = zk1 --session-probe --auth-file probe.auth", "/etc/zkprobe/probe.auth": auth]
            let configuration = try ServeConfiguration.load(path, readFile: TextFile.memory(files)).get()
            return configuration.target(named: "a")?.request.clientProbe?.credentials
        }
        #expect(try credentials("digest old:one") == [DigestCredential(user: "old", password: "one")])
        #expect(try credentials("digest new:two") == [DigestCredential(user: "new", password: "two")])
    }

    /// A scrape tightens the deadline and sockets of a target's request, and keeps its client probe.
    @Test func aScrapeRunsTheTargetsClientProbe() throws {
        let configuration = try Self.parse("a = zk1 --write-probe /zkprobe --timeout 9").get()
        var target = try #require(configuration.target(named: "a"))
        final class Ran: Sendable { let request = Mutex<CheckRequest?>(nil) }
        let ran = Ran()
        target.run = { request in
            ran.request.withLock { $0 = request }
            return EnsembleAssessment().assess([])
        }
        _ = target.check(CheckLimits(deadline: .seconds(3), maxConnections: 4))
        let request = try #require(ran.request.withLock { $0 })
        #expect(request.clientProbe == ClientProbe(mode: .write(path: "/zkprobe")))
        #expect(request.probe.deadline == .seconds(3))
    }

    @Test func shellWordsFollowThePOSIXRules() throws {
        #expect(try ShellWords.split("a 'b c' \"d \\\" e\" f\\ g #x") == ["a", "b c", "d \" e", "f g"])
        #expect(try ShellWords.split("a#b '' \"\"") == ["a#b", "", ""])
        #expect(try ShellWords.split("\"\\n\"") == ["\\n"])
        #expect(throws: ShellWords.Problem.self) { try ShellWords.split("a\\") }
    }

    /// Random lines: the parser never traps, every refusal is one line naming the file and a line.
    @Test func randomLinesNeverTrap() {
        var rng = SeededRandom(seed: 0x5e7e_0001)
        let pieces = [
            "a", "b", "=", " = ", "'", "\"", "\\", "#", "127.0.0.1:2181", "[::1]:2181", "--format", "prometheus",
            "--timeout", "0", "1e309", "-t5", "--config", "zoo.cfg", "--require", "mntr", "\t", "\u{1b}", "é",
            "--lag-warning", "@10:20", "-vv", "--admin-port", "+1", "x=y",
        ]
        for _ in 0..<3000 {
            var lines: [String] = []
            for _ in 0..<Int(rng.next() % 3 + 1) {
                let count = Int(rng.next() % 8)
                lines.append(
                    (0..<count).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined(separator: " "))
            }
            if case .failure(let error) = Self.parse(lines.joined(separator: "\n")) {
                #expect(!error.description.contains("\n"), "\(lines)")
                #expect(error.description.hasPrefix("/etc/zkprobe/serve.conf"), "\(lines)")
            }
        }
    }
}
