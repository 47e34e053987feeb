import Foundation
import Synchronization
import CommandLineSupport
import Testing
import TestSupport

/// The built `zkprobe` binary, run as an operator or a cron job would: exit status and output streams.
struct ZKProbeExecutableTests {
    struct Run {
        var status: Int32
        var standardOutput: Data
        var standardError: String
        var output: String { String(decoding: standardOutput, as: UTF8.self) }
    }

    static let executable: URL? = BuiltProducts.executable("zkprobe").map(URL.init(fileURLWithPath:))

    func zkprobe(_ arguments: String...) throws -> Run {
        try zkprobe(arguments)
    }

    /// Runs zkprobe with `arguments`; with `openFileLimit`, through `sh -c 'ulimit -n N; exec zkprobe ...'`.
    func zkprobe(_ arguments: [String], openFileLimit: Int? = nil) throws -> Run {
        let executable = try #require(
            Self.executable, "zkprobe was not built beside the tests; run `swift build` first")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let openFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            let script = "ulimit -n \(openFileLimit); exec 3>&-; exec \"$0\" \"$@\""
            process.arguments = ["-c", script, executable.path] + arguments
        }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting, so that a large output cannot fill a pipe and stall the child.
        let errorData = Mutex<Data>(Data())
        let reader = Thread { errorData.withLock { $0 = error.fileHandleForReading.readDataToEndOfFile() } }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while reader.isExecuting || !reader.isFinished { usleep(1000) }
        return Run(
            status: process.terminationStatus, standardOutput: outputData,
            standardError: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
    }

    @Test func helpListsTheSubcommands() throws {
        let run = try zkprobe("--help")
        #expect(run.status == 0)
        #expect(run.standardError.isEmpty)
        #expect(run.output.contains("USAGE: zkprobe <subcommand>"))
        #expect(run.output.contains("  send "))
    }

    /// The check's own shortage of descriptors is recognised by its code (`EMFILE`: with `ulimit -n 4` the
    /// resolver's pipe cannot be made) and reported as UNKNOWN `check-resources`, never blamed on the member.
    @Test func runningOutOfDescriptorsIsTheChecksOwnTrouble() throws {
        let run = try zkprobe(["check", "localhost:9", "--timeout", "2", "--format", "json"], openFileLimit: 4)
        #expect(run.status == 3, "\(run.standardError)")
        #expect(run.output.contains(#""code": "check-resources""#), "\(run.output)")
        #expect(run.output.contains("ulimit -n"), "\(run.output)")
        #expect(!run.output.contains(#""state": "error""#), "\(run.output)")
    }

    @Test func versionGoesToStandardOutput() throws {
        let run = try zkprobe("--version")
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("zkprobe "))
    }

    @Test(arguments: [[], ["frobnicate"], ["--frobnicate"], ["send"], ["send", "RUOK", "zk1"]])
    func usageErrorsExitThreeWithOneLine(_ arguments: [String]) throws {
        let process = try zkprobe(arguments)
        #expect(process.status == 3)
        #expect(process.standardOutput.isEmpty)
        #expect(process.standardError.filter { $0 == "\n" }.count == 1, "\(process.standardError)")
        #expect(process.standardError.contains("--help"))
    }

    @Test func sendPrintsTheRawReplyWithoutANewline() throws {
        let server = try FakeServer(.reply("imok"))
        defer { server.stop() }

        let run = try zkprobe("send", "ruok", server.address())

        #expect(run.status == 0)
        #expect(run.standardOutput == Data("imok".utf8))
        #expect(run.standardError.isEmpty)
    }

    @Test func sendToARefusingPortExitsTwoWithOneLine() throws {
        let (descriptor, port) = try FakeServer.refusingPort()
        defer { close(descriptor) }

        let run = try zkprobe("send", "ruok", "127.0.0.1:\(port)")

        #expect(run.status == 2)
        #expect(run.standardOutput.isEmpty)
        #expect(
            run.standardError == "zkprobe send: 127.0.0.1:\(port): connection refused "
                + "(is ZooKeeper running and is this its clientPort?)\n")
    }

    @Test func sendSurvivesAReaderThatHangsUp() throws {
        // `zkprobe send mntr zk1 | head -c 1`: writing the rest to a closed pipe must not kill the process
        // with SIGPIPE.
        let server = try FakeServer(.reply([UInt8](repeating: 0x41, count: 1 << 20)))
        defer { server.stop() }
        let executable = try #require(Self.executable)
        let shell = Process()
        // The test process ignores SIGPIPE and children inherit that; restore the default so that the test fails
        // if zkprobe itself does not ignore it (bash would then report 141).
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        shell.arguments = [
            "--default-signal=PIPE", "bash", "-c", "set -o pipefail; \"$0\" send cons \"$1\" | head -c 1 >/dev/null",
            executable.path, server.address(),
        ]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        _ = output.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
    }

    /// Whether `text` is exactly one line whose characters a terminal or log reader shows rather than acts on:
    /// no C0 (but the final line feed), DEL, C1 (U+0085 NEXT LINE, U+009B CSI) or U+2028/U+2029.
    static func isOneInertLine(_ text: String) -> Bool {
        text.hasSuffix("\n") && !text.dropLast().unicodeScalars.contains(where: isForbiddenInLine)
    }

    /// Issue 16: an argument holding a line end, ESC, U+0085 or U+2028 used to reach standard error raw when a
    /// message quoted it (an `--output` or `--config` path), printing two lines or repainting the terminal. The
    /// bytes the process writes are one line, the characters shown escaped.
    @Test(arguments: [
        ["check", "--config", "/nonexistent/zoo\u{2028}\n\u{1B}[31m.cfg"],
        ["check", "--config", "/nonexistent/zoo\u{85}.cfg", "--format", "nagios"],
        ["check", "127.0.0.1:1", "-t", "0.2", "--output", "/nonexistent-\u{85}dir/a\n\u{1B}]0;x\u{7}.prom"],
        ["check", "zk1", "--ensemble", "a\u{2028}b"],
        ["check", "zk1", "--format", "x\ny\u{1B}[2J"],
        ["check", "zk1", "--admin-url", "http://[::1\n:8080"],
        ["check", "zk1", "--timeout", "1\r\n2"],
        ["fr\u{9B}ob\u{2029}"],
        ["send", "ru\nok", "zk1"],
    ])
    func argumentsQuotedOnStandardErrorAreEscaped(_ arguments: [String]) throws {
        let run = try zkprobe(arguments)
        #expect(run.status == 3)
        #expect(Self.isOneInertLine(run.standardError), "\(Array(run.standardError.unicodeScalars))")
        #expect(run.standardError.contains("\\u{"), "the character is shown escaped: \(run.standardError)")
        if arguments.contains("nagios") {
            #expect(Self.isOneInertLine(run.output) && run.output.hasPrefix("ZOOKEEPER UNKNOWN - "), "\(run.output)")
        }
    }

    /// Issue 16: `-vvv` adds debug lines to the text report; a member's problem quoting a reply with U+2028 and
    /// U+0085 went out raw there (the table and findings were escaped, the debug lines were not).
    @Test func theTextDebugLinesEscapeWhatAReplyHolds() throws {
        // The unreadable line is quoted in the member's problem, which the last debug line shows.
        let server = try FakeServer(.reply("Zookeeper version: 3.8.4\nMode: lea\u{2028}forged\u{85}line\u{1B}[2J\n"))
        defer { server.stop() }
        let run = try zkprobe("check", server.address(), "-t", "2", "-vvv", "--no-color")
        let debug = run.output.split(separator: "\n").filter { $0.hasPrefix("debug: ") }
        #expect(debug.count >= 3, "\(run.output)")
        let problem = try #require(debug.first { $0.contains("problem: ") }, "\(run.output)")
        #expect(problem.contains("lea\\u{2028}forged\\u{85}line\\u{1b}[2J"), "\(problem)")
        for line in run.output.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(!line.unicodeScalars.contains(where: isForbiddenInLine), "\(Array(line.unicodeScalars))")
        }
    }

    /// Issue 16: `--config /dev/urandom` said "cannot read the file (check the path and permissions)", and a
    /// 20 MB one-line file took seconds and hundreds of MB. The file is read in chunks up to 1 MiB and refused
    /// with what is wrong with it, quickly.
    @Test func aConfigThatIsNotAZooCfgIsRefusedWithTheReasonQuickly() throws {
        let folder = NSTemporaryDirectory() + "zkprobe-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 20 MB on one line, text: too large. Random bytes: binary. A folder. A FIFO nobody writes: empty, at once.
        let large = folder + "/large.cfg"
        try Data(repeating: UInt8(ascii: "x"), count: 20 << 20).write(to: URL(fileURLWithPath: large))
        var generator = SeededRandom(seed: 16)
        let random = folder + "/random.cfg"
        try Data((0..<(256 << 10)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            .write(to: URL(fileURLWithPath: random))
        let fifo = folder + "/fifo.cfg"
        #expect(mkfifo(fifo, 0o600) == 0)
        let latin1 = folder + "/latin1.cfg"
        // "zké1" in Latin-1: 0xE9 alone is not UTF-8.
        try Data("server.1=zk".utf8 + [0xE9] + "1:2888:3888\n".utf8).write(to: URL(fileURLWithPath: latin1))
        for (path, reason) in [
            (large, "larger than 1 MiB"), (random, "not a text file"), ("/dev/urandom", "not a text file"),
            ("/dev/zero", "NUL byte"), (folder, "is a folder"), (latin1, "not UTF-8 text"),
            (folder + "/missing.cfg", "No such file or directory"), (fifo, "no server.N"),
        ] {
            let start = ContinuousClock.now
            let run = try zkprobe("check", "--config", path)
            #expect(ContinuousClock.now - start < .seconds(30), "\(path) took too long")
            #expect(run.status == 3, "\(path): \(run.standardError)")
            #expect(Self.isOneInertLine(run.standardError), "\(run.standardError)")
            // The FIFO is read (empty, at once); what is missing from it is the zoo.cfg reader's to say.
            let prefix = path == fifo ? "zkprobe check: \(path): " : "zkprobe check: --config \(path): "
            #expect(run.standardError.hasPrefix(prefix), "\(run.standardError)")
            #expect(run.standardError.contains(reason), "\(path): \(run.standardError)")
        }
    }
}
