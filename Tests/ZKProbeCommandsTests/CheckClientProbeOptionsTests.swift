import CommandLineSupport
import Foundation
import TestSupport
import Testing
import ToolkitSupport
import ZKProbe

@testable import ZKProbeCommands

/// `zkprobe check --session-probe`, `--write-probe PATH` and `--auth-file FILE`: the request they make, and a
/// one-line error (exit 3) that never shows a password for everything wrong with them.
struct CheckClientProbeOptionsTests {
    static let authPath = "/etc/zkprobe/auth"

    /// The client probe of the request `arguments` make, the auth file holding `auth`.
    static func clientProbe(_ arguments: [String], auth: String? = nil) throws -> ClientProbe? {
        let options = try #require(try CheckCommand.parse(["zk1"] + arguments))
        let files = auth.map { [authPath: $0] } ?? [:]
        return try CheckCommand.request(options, readFile: TextFile.memory(files), probe: ProbeOptions()).clientProbe
    }

    /// What `zkprobe check zk1 ARGUMENTS` says when it refuses them, after checking it is one line on standard
    /// error, exit 3, and nothing on standard output.
    static func refusal(_ arguments: [String], readFile: TextFile.Reader) -> String {
        let outcome = CheckCommand.run(["zk1"] + arguments, terminal: false, readFile: readFile)
        #expect(outcome.status == ExitStatus.unknown)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.filter { $0 == "\n" }.count == 1, "\(outcome.standardError)")
        return outcome.standardError
    }

    @Test func eachFlagMakesItsProbe() throws {
        #expect(try Self.clientProbe([]) == nil)
        #expect(try Self.clientProbe(["--session-probe"]) == ClientProbe(mode: .session))
        #expect(try Self.clientProbe(["--write-probe", "/zkprobe"]) == ClientProbe(mode: .write(path: "/zkprobe")))
        // The write probe includes the session probe: both flags make the write probe.
        #expect(
            try Self.clientProbe(["--session-probe", "--write-probe", "/a/b"])
                == ClientProbe(mode: .write(path: "/a/b")))
    }

    @Test func theAuthFileGivesTheCredentialsInOrder() throws {
        let auth = "# probe\n  digest\talice:pa:ss word#x  \r\n\ndigest bob:\n"
        let probe = try Self.clientProbe(["--write-probe", "/zkprobe", "--auth-file", Self.authPath], auth: auth)
        #expect(
            probe
                == ClientProbe(
                    mode: .write(path: "/zkprobe"),
                    credentials: [
                        DigestCredential(user: "alice", password: "pa:ss word#x"),
                        DigestCredential(user: "bob", password: ""),
                    ]))
        let session = try Self.clientProbe(["--session-probe", "--auth-file", Self.authPath], auth: "digest u:p")
        #expect(session?.credentials == [DigestCredential(user: "u", password: "p")])
    }

    /// An auth file saved with CRLF line ends gives the credentials of its LF twin, or the same error on the same
    /// line.
    @Test(arguments: [
        ("# probe\n  digest\talice:pa:ss word#x  \n\ndigest bob:\n", nil),
        ("# probe\ndigest alice:secret-pw\n\nbob:secret-pw\n", ":4: expected digest USER:PASSWORD"),
        ("digest alice:secret-pw\ndigest :secret-pw", ":2: the user before : is empty"),
    ] as [(String, String?)])
    func anAuthFileReadsCRLFLinesAsLFLines(_ text: String, _ problem: String?) {
        func read(_ text: String) -> Result<[DigestCredential], AuthFileError> {
            Result { () throws(AuthFileError) in try AuthFile.credentials(in: text, path: Self.authPath) }
        }
        let lf = read(text)
        #expect(read(text.replacingEvery("\n", with: "\r\n")) == lf)
        switch lf {
        case .success(let credentials): #expect(problem == nil && credentials.map(\.user) == ["alice", "bob"])
        case .failure(let error): #expect(error.description.hasPrefix("--auth-file \(Self.authPath)\(problem ?? "-")"))
        }
    }

    @Test(arguments: [
        ("", "an empty path"), ("zkprobe", "a relative path: start it with /"), ("/", "/ itself"),
        ("/zkprobe/", "a trailing /"),
        ("//zkprobe", "an empty part"), ("/a//b", "an empty part"), ("/a/./b", "a . or .. part"),
        ("/a/..", "a . or .. part"), ("/.", "a . or .. part"), ("/a\tb", "a control character"),
        ("/a\nb", "a control character"), ("/a\u{1B}[2Jb", "a control character"), ("/a\u{85}b", "a control character"),
        ("/a\u{202E}b", "a control character"), ("/a\u{E000}", "a character ZooKeeper refuses"),
        ("/a\u{FFF0}", "a character ZooKeeper refuses"),
        ("/a\u{1F600}", "a character ZooKeeper refuses"),
        ("/" + String(repeating: "x", count: 1024), "longer than 1024 bytes"),
    ])
    func aBadWriteProbePathIsAUsageError(_ path: String, _ problem: String) {
        let error = Self.refusal(["--write-probe", path], readFile: TextFile.memory())
        #expect(error.hasPrefix("zkprobe check: --write-probe \""), "\(error)")
        #expect(error.contains("expected an absolute znode path such as /zkprobe (not \(problem)"), "\(error)")
    }

    @Test(arguments: [
        "/zkprobe", "/a/.b", "/a/..b", "/a/b.", "/é/ü", "/a b", "/" + String(repeating: "x", count: 1023),
    ])
    func aGoodWriteProbePathIsKept(_ path: String) throws {
        #expect(try Self.clientProbe(["--write-probe", path])?.writePath == path)
    }

    @Test func anAuthFileWithoutAProbeIsAUsageError() {
        let error = Self.refusal(
            ["--auth-file", Self.authPath], readFile: TextFile.memory([Self.authPath: "digest u:p"]))
        #expect(error.hasPrefix("zkprobe check: --auth-file needs --session-probe or --write-probe PATH"), "\(error)")
        #expect(error.hasSuffix("(see 'zkprobe check --help')\n"), "\(error)")
    }

    /// Every bad line is named with its number and what to write, and no error quotes the line: it may hold a
    /// password.
    @Test(arguments: [
        ("alice:secret-pw", ":1: expected digest USER:PASSWORD"),
        ("# a comment\n\ndigest\n", ":3: expected digest USER:PASSWORD"),
        ("sasl alice:secret-pw", ":1: expected digest USER:PASSWORD"),
        ("DIGEST alice:secret-pw", ":1: expected digest USER:PASSWORD"),
        ("digestalice:secret-pw", ":1: expected digest USER:PASSWORD"),
        (
            "digest secret-pw",
            ":1: expected digest USER:PASSWORD (the one scheme the probe sends), a # comment or a blank line; no : after the user"
        ),
        ("digest alice:secret-pw\nbob:secret-pw", ":2: expected digest USER:PASSWORD"),
        ("digest :secret-pw", ":1: the user before : is empty; write digest USER:PASSWORD"),
        ("digest alice:secret\u{1B}-pw", ":1: a control character"),
        ("digest alice:secret\t-pw", ":1: a control character"),
        ("digest al\u{7F}ice:secret-pw", ":1: a control character"),
        ("digest alice:secret\u{2028}-pw", ":1: a control character"),
        ("", ": no credential; write a line such as: digest zkprobe:PASSWORD"),
        ("# only a comment\n   \n", ": no credential"),
    ])
    func aBadAuthFileNamesItsLineAndNeverThePassword(_ text: String, _ problem: String) {
        let error = Self.refusal(
            ["--session-probe", "--auth-file", Self.authPath], readFile: TextFile.memory([Self.authPath: text]))
        #expect(error.hasPrefix("zkprobe check: --auth-file \(Self.authPath)\(problem)"), "\(error)")
        #expect(!error.contains("secret"), "\(error)")
    }

    @Test func anAuthFileOverFourKiBIsRefusedAndOneOfFourKiBIsRead() throws {
        let line = "digest alice:secret-pw\n"
        let filler = String(repeating: "#", count: AuthFile.maximumBytes - line.utf8.count - 1) + "\n"
        #expect((filler + line).utf8.count == 4096)
        let probe = try Self.clientProbe(["--session-probe", "--auth-file", Self.authPath], auth: filler + line)
        #expect(probe?.credentials.map(\.user) == ["alice"])
        let error = Self.refusal(
            ["--session-probe", "--auth-file", Self.authPath],
            readFile: TextFile.memory([Self.authPath: "#" + filler + line]))
        #expect(error.contains("--auth-file \(Self.authPath): the auth file is larger than 4 KiB"), "\(error)")
    }

    /// Through the real reader: a missing file, a folder and a binary file are refused with the reason.
    @Test func anUnreadableAuthFileIsRefusedWithTheReason() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("auth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let binary = folder + "/binary"
        try Data("digest alice:secret-pw\n\0".utf8).write(to: URL(fileURLWithPath: binary))
        let cases = [
            (folder + "/missing", "/missing: cannot read the file: "), (folder, ": is a folder"),
            (binary, "/binary: not a text file: it holds a NUL byte"),
        ]
        for (path, problem) in cases {
            let error = Self.refusal(
                ["--write-probe", "/zkprobe", "--auth-file", path], readFile: TextFile.readConfiguration)
            #expect(error.hasPrefix("zkprobe check: --auth-file \(folder)"), "\(error)")
            #expect(error.contains(problem), "\(error)")
            #expect(!error.contains("secret"), "\(error)")
        }
    }

    /// The credentials go into the request, never into a report: not at -vvv, not in any format.
    @Test func noReportShowsThePassword() throws {
        let server = try FakeServer(behaviors: [
            .respond(
                { word, _ in Array((word == "srvr" ? CheckEnsembleNameTests.srvr : word == "ruok" ? "imok" : "").utf8)
                },
                chunk: 512, pause: .zero)
        ])
        defer { server.stop() }
        let files = TextFile.memory([Self.authPath: "digest alice:secret-pw\n"])
        for format in [["-vvv"], ["--format", "json"], ["--format", "nagios", "-vvv"], ["--format", "prometheus"]] {
            let outcome = CheckCommand.run(
                [server.address(0), "--timeout", "2", "--session-probe", "--auth-file", Self.authPath] + format,
                terminal: false, readFile: files)
            let output = String(decoding: outcome.standardOutput, as: UTF8.self)
            #expect(output.utf8.count > 40, "\(format): \(output)")
            #expect(!output.contains("secret"), "\(format)")
            #expect(!outcome.standardError.contains("secret"), "\(format)")
        }
    }

    /// The help lists the three options under their own heading, and Nagios gets its UNKNOWN status line for a
    /// bad auth file too.
    @Test func helpShowsTheOptionsAndNagiosGetsAStatusLine() throws {
        let help = String(decoding: CheckCommand.run(["--help"]).standardOutput, as: UTF8.self)
        #expect(help.contains("CLIENT PROBE"))
        for flag in ["--session-probe", "--write-probe PATH", "--auth-file FILE"] { #expect(help.contains(flag)) }
        let outcome = CheckCommand.run(
            ["zk1", "--format", "nagios", "--session-probe", "--auth-file", Self.authPath], terminal: false,
            readFile: TextFile.memory([Self.authPath: "digest alice\n"]))
        #expect(outcome.status == ExitStatus.unknown)
        let status = String(decoding: outcome.standardOutput, as: UTF8.self)
        #expect(status.hasPrefix("ZOOKEEPER UNKNOWN - zkprobe check: --auth-file \(Self.authPath):1: "), "\(status)")
    }
}
