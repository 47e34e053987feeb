import Foundation
import Glibc
import TestSupport
import Testing

/// The built `zkprobe watch`, stopped as an operator or a supervisor stops it, and short of disk space.
struct WatchExecutableTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "zkprobe-watch-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts `executable` with `arguments`, its output in files of `folder` (no pipe to fill), stdin /dev/null.
    private func start(_ executable: String, _ arguments: [String], in folder: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        FileManager.default.createFile(atPath: folder + "/out", contents: nil)
        FileManager.default.createFile(atPath: folder + "/err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: folder + "/out")
        process.standardError = FileHandle(forWritingAtPath: folder + "/err")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits up to `seconds` for `process` to end; kills it (and fails) if it does not.
    private func finish(_ process: Process, within seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("zkprobe watch did not end within \(seconds) s")
        }
        process.waitUntilExit()
    }

    private func lines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("}\n"))
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    /// SIGTERM or SIGINT mid-watch (twice: the second comes while the first is handled) ends the watch within
    /// about a round, exit 0, with a complete timeline whose last line says so, and no temporary file.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalMidWatchLeavesACompleteTimelineAndNoTemporary(_ signal: Int32) throws {
        let executable = try #require(BuiltProducts.executable("zkprobe"), "run `swift build` first")
        let member = try FakeServer(
            .respond(
                { word, _ in Array(FakeMember(mode: "standalone", zxid: 5).reply(word).utf8) }, chunk: 512, pause: .zero
            ))
        defer { member.stop() }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let timeline = folder + "/files/watch.jsonl"
        try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
        let process = try start(
            executable, ["watch", member.address(), "--interval", "100ms", "--timeline", timeline], in: folder)
        while member.receivedWords.count < 8 && process.isRunning { usleep(20_000) }  // two rounds at least
        kill(process.processIdentifier, signal)
        kill(process.processIdentifier, signal)
        finish(process, within: 5)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOfFile: folder + "/err", encoding: .utf8).isEmpty)
        let objects = try lines(timeline)
        let end = try #require(objects.last)
        #expect(end["stoppedBy"] as? String == "signal")
        #expect((end["rounds"] as? Int).map { $0 >= 2 && $0 == objects.count - 2 } == true, "\(end)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/files") == ["watch.jsonl"])
    }

    /// A file-size limit (SIGXFSZ ignored, so writes fail with EFBIG as on a full disk) hit mid-watch: said once
    /// on standard error, the watch goes on to its end, exits 3, and leaves neither a timeline nor a temporary.
    @Test func aWriteErrorMidWatchIsSaidOnceTheWatchGoesOnAndExits3() throws {
        let executable = try #require(BuiltProducts.executable("zkprobe"), "run `swift build` first")
        let member = try FakeServer(
            .respond(
                { word, _ in Array(FakeMember(mode: "standalone", zxid: 5).reply(word).utf8) }, chunk: 512, pause: .zero
            ))
        defer { member.stop() }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
        // ulimit -f counts 512-byte blocks in dash, 1024-byte ones in bash: 8 KiB at most, a few rounds' lines.
        let script = "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\""
        let started = Date()
        let process = try start(
            "/bin/sh",
            [
                "-c", script, executable, "watch", member.address(), "--interval", "100ms", "--duration", "2s",
                "--timeline", folder + "/files/watch.jsonl",
            ], in: folder)
        finish(process, within: 20)
        #expect(process.terminationStatus == 3)
        #expect(Date().timeIntervalSince(started) >= 2)
        let errors = try String(contentsOfFile: folder + "/err", encoding: .utf8).split(separator: "\n")
        #expect(errors.count == 1, "\(errors)")
        #expect(
            errors.first?.hasPrefix("zkprobe watch: cannot write the timeline \(folder)/files/watch.jsonl: ") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/files").isEmpty)
        #expect(try !String(contentsOfFile: folder + "/out", encoding: .utf8).isEmpty)  // the summary
    }
}
