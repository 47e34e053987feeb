import Foundation
import TestSupport
import Testing

@testable import ZKProbeCommands

import Glibc

/// The built `zkprobe serve` as systemd runs it: signals, exit statuses, the log on standard error.
@Suite(.serialized) struct ServeExecutableTests {
    /// A running `zkprobe serve` whose standard error goes to a file.
    final class Running {
        let process = Process()
        let logPath: String
        let configPath: String

        init(config: String, extra: [String] = []) throws {
            let executable = try #require(BuiltProducts.executable("zkprobe"), "run `swift build` first")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            configPath = folder.appendingPathComponent("serve.conf").path
            logPath = folder.appendingPathComponent("serve.log").path
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            FileManager.default.createFile(atPath: logPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["serve", "--config", configPath, "--listen", "127.0.0.1:0"] + extra
            process.standardError = FileHandle(forWritingAtPath: logPath)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        /// The port of the `msg=listening address=127.0.0.1:PORT` line, waiting for it at most 30 s.
        func port() throws -> Int {
            for _ in 0..<600 {
                if let range = log.range(of: "address=127.0.0.1:") {
                    let digits = log[range.upperBound...].prefix { $0.isNumber }
                    if let port = Int(digits) { return port }
                }
                guard process.isRunning else { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw RawHTTP.Failure(description: "zkprobe serve did not listen:\n\(log)")
        }

        /// Waits for the log to contain `text`, at most 30 s.
        func waitForLog(_ text: String) -> Bool {
            for _ in 0..<600 {
                if log.contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        /// Waits at most 30 s for the process to exit; its status, or `nil` (then it is killed).
        func exitStatus() -> Int32? {
            for _ in 0..<600 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
            guard !process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            return process.terminationStatus
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: logPath).deletingLastPathComponent().path)
        }
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalExitsZero(_ signal: Int32) throws {
        let serve = try Running(config: "main = 127.0.0.1:1\n")
        let port = try serve.port()
        #expect(try RawHTTP.get(port, "/metrics").status == 200)
        kill(serve.process.processIdentifier, signal)
        #expect(serve.exitStatus() == 0, "\(serve.log)")
        #expect(serve.log.contains("msg=stopping"))
        #expect(serve.log.contains("msg=stopped"))
    }

    @Test func sighupWithABadFileKeepsTheOldConfiguration() throws {
        let serve = try Running(config: "main = 127.0.0.1:1\n")
        let port = try serve.port()
        try "main = 127.0.0.1:1\nmain = 127.0.0.1:2\n".write(
            toFile: serve.configPath, atomically: true, encoding: .utf8)
        kill(serve.process.processIdentifier, SIGHUP)
        #expect(serve.waitForLog("configuration reload failed"), "\(serve.log)")
        #expect(serve.log.contains("serve.conf:2: ensemble \\\"main\\\" is already defined on line 1"), "\(serve.log)")
        #expect(
            try RawHTTP.get(port, "/probe?target=main", headers: ["X-Prometheus-Scrape-Timeout-Seconds: 2"]).status
                == 200)
        let metrics = try RawHTTP.get(port, "/metrics").body
        #expect(sample(metrics, "zkprobe_exporter_config_last_reload_successful") == 0)
        kill(serve.process.processIdentifier, SIGTERM)
        #expect(serve.exitStatus() == 0)
    }

    @Test func aBadConfigurationAtStartExitsOneWithOneLine() throws {
        let serve = try Running(config: "main = zk1 --format json\n")
        #expect(serve.exitStatus() == 1)
        let lines = serve.log.split(separator: "\n")
        #expect(lines.count == 1, "\(serve.log)")
        #expect(serve.log.contains("serve.conf:1: --format is an output option"))
    }

    @Test func anAddressInUseExitsOne() throws {
        let first = try Running(config: "main = 127.0.0.1:1\n")
        let port = try first.port()
        let second = try Running(config: "main = 127.0.0.1:1\n", extra: ["--listen", "127.0.0.1:\(port)"])
        #expect(second.exitStatus() == 1)
        #expect(second.log.contains("cannot listen: bind 127.0.0.1:\(port): Address already in use"), "\(second.log)")
        kill(first.process.processIdentifier, SIGTERM)
        #expect(first.exitStatus() == 0)
    }

    /// Every pipe and socket `zkprobe serve` opens (its wake pipe, the signal relay's pipe, the listener, an
    /// accepted connection) is non-blocking and close-on-exec, as `/proc/PID/fdinfo` reports the open flags; the
    /// standard streams it was given are left as they are. The signal pipe of the old `ServeSignals` (`pipe()`)
    /// was blocking and inherited by exec.
    @Test func itsPipesAndSocketsAreNonBlockingAndCloseOnExec() throws {
        let serve = try Running(config: "main = 127.0.0.1:1\n")
        let port = try serve.port()
        let client = try RawHTTP.connect(port)
        defer { close(client) }
        #expect(try RawHTTP.get(port, "/metrics").status == 200)  // the loop has accepted `client` by now
        let pid = serve.process.processIdentifier
        func targets(_ pid: pid_t) throws -> [(fd: Int32, target: String)] {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap(Int32.init).compactMap {
                fd in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")).map { (fd, $0) }
            }
        }
        // What this test process holds, serve may have inherited (Foundation's Process does not close it), and a
        // socket of another test may have been inherited and closed here since: only pipes this process does not
        // hold and sockets on serve's port (/proc/net/tcp: local address, inode) are serve's own.
        let inherited = Set(try targets(getpid()).map(\.target))
        func servesOwn() throws -> [(fd: Int32, target: String)] {
            let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8).split(separator: "\n").dropFirst()
            let sockets = Set(table.compactMap { line -> String? in
                let fields = line.split(separator: " ")
                guard fields.count > 9, fields[1].hasSuffix(":" + String(format: "%04X", port)) else { return nil }
                return "socket:[\(fields[9])]"
            })
            return try targets(pid).filter { fd, target in
                fd > 2 && ((target.hasPrefix("pipe:") && !inherited.contains(target)) || sockets.contains(target))
            }
        }
        // The accepted connection shows on a quiet machine; under parallel tests it is not always seen in time, so
        // only the listener is required (DescriptorFlagsTests checks an accepted socket's flags directly).
        var own = try servesOwn()
        for _ in 0..<20 where own.filter({ $0.target.hasPrefix("socket:") }).count < 2 {
            usleep(100_000)
            own = try servesOwn()
        }
        #expect(own.filter { $0.target.hasPrefix("pipe:") }.count >= 4, "the wake pipe and the signal pipe: \(own)")
        #expect(own.filter { $0.target.hasPrefix("socket:") }.count >= 1, "the listener: \(own)")
        for (fd, target) in own {
            let info = try String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8)
            let flagsLine = try #require(info.split(separator: "\n").first { $0.hasPrefix("flags:") })
            let flags = try #require(
                Int32(flagsLine.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8))
            #expect(flags & O_NONBLOCK != 0, "fd \(fd) (\(target)) blocks")
            #expect(flags & O_CLOEXEC != 0, "fd \(fd) (\(target)) is inherited by exec")
        }
        kill(pid, SIGTERM)
        #expect(serve.exitStatus() == 0)
    }
}
