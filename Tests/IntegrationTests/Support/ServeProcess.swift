import Foundation
import Synchronization
import TestSupport

/// A running `zkprobe serve` (the built binary) with its configuration in a temporary folder and its log
/// (standard error) in a file. Always stop it: `defer { serve.stop() }`.
final class ServeProcess: Sendable {
    let folder: String
    let port: Int
    private let process: Mutex<Process?>

    var configPath: String { folder + "/serve.conf" }
    var log: String { (try? String(contentsOfFile: folder + "/serve.log", encoding: .utf8)) ?? "" }
    var address: String { "127.0.0.1:\(port)" }
    var pid: Int32 { process.withLock { $0?.processIdentifier ?? 0 } }

    private init(folder: String, port: Int, process: Process) {
        self.folder = folder
        self.port = port
        self.process = Mutex(process)
    }

    deinit { _ = stop() }

    /// Starts `zkprobe serve --config FOLDER/serve.conf --listen 127.0.0.1:0` and reads its port from the
    /// `msg=listening address=...` line (at most 30 s).
    static func start(config: String, extra: [String] = []) throws -> ServeProcess {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zkprobe-serve-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try config.write(toFile: folder + "/serve.conf", atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: folder + "/serve.log", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.zkprobe())
        process.arguments = ["serve", "--config", folder + "/serve.conf", "--listen", "127.0.0.1:0"] + extra
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: folder + "/serve.log")
        try process.run()
        let end = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < end {
            let log = (try? String(contentsOfFile: folder + "/serve.log", encoding: .utf8)) ?? ""
            if let range = log.range(of: "address=127.0.0.1:"),
                let port = Int(log[range.upperBound...].prefix { $0.isNumber })
            {
                return ServeProcess(folder: folder, port: port, process: process)
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let log = (try? String(contentsOfFile: folder + "/serve.log", encoding: .utf8)) ?? ""
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        throw ExternalTool.Failure(description: "zkprobe serve did not start listening:\n\(log)")
    }

    /// Waits (at most 30 s) for the log to contain `text`.
    func waitForLog(_ text: String) -> Bool {
        (try? eventually(timeout: .seconds(30), interval: .milliseconds(50), { log }, until: { $0.contains(text) }))?
            .contains(text) ?? false
    }

    /// SIGTERM, then waits (at most 30 s; SIGKILL after): the exit status, `nil` when it had to be killed.
    @discardableResult
    func stop() -> Int32? {
        guard let stopped = ExternalTool.stop(process, grace: .seconds(30)) else { return nil }
        try? FileManager.default.removeItem(atPath: folder)
        return stopped.status
    }
}
