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

    func zkprobe(_ arguments: [String]) throws -> Run {
        let executable = try #require(
            Self.executable, "zkprobe was not built beside the tests; run `swift build` first")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
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
}
