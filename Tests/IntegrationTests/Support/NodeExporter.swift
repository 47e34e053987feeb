import ToolkitSupport
import Foundation
import CommandLineSupport
import TestSupport
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real Prometheus node exporter (Debian's `prometheus-node-exporter`) serving one textfile-collector directory
/// on 127.0.0.1, for checking that what `zkprobe check --output` writes is what Prometheus will scrape.
///
/// It listens on port 0 (the kernel picks a free port) and the port is read from its log line
/// `msg="Listening on" address=127.0.0.1:PORT`, so no port can be taken twice. Only the textfile collector runs.
///
/// Always stop it: `let exporter = try NodeExporter.start(...); defer { exporter.stop() }`; `deinit` stops it too.
final class NodeExporter: Sendable {
    /// The port it listens on.
    let port: Int
    /// Its log (standard error), for failure messages.
    let logPath: String
    private let process: Mutex<Process?>

    private init(port: Int, logPath: String, process: Process) {
        self.port = port
        self.logPath = logPath
        self.process = Mutex(process)
    }

    deinit {
        stop()
    }

    /// Starts node exporter on 127.0.0.1 with the textfile collector reading `textfileDirectory`.
    ///
    /// - Parameters:
    ///   - textfileFlags: how the textfile directory is passed (the operations guide's own flag, with the
    ///     directory substituted); the flags that keep the test quiet and local are added after them.
    /// - Throws: `ExternalTool.Failure` when it is not installed, exits, or does not listen within 15 s.
    static func start(textfileFlags: [String]) throws -> NodeExporter {
        let executable = try ExternalTool.locate("prometheus-node-exporter", package: "prometheus-node-exporter")
        let logPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("node-exporter-\(UUID().uuidString).log").path
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
            let log = FileHandle(forWritingAtPath: logPath)
        else {
            throw ExternalTool.Failure(description: "cannot create \(logPath)")
        }
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            textfileFlags + [
                "--collector.disable-defaults", "--collector.textfile", "--web.listen-address=127.0.0.1:0",
            ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw ExternalTool.Failure(description: "cannot start \(executable): \(error)")
        }
        let commandLine = ([executable] + (process.arguments ?? [])).map(ChildProcess.quoted).joined(separator: " ")

        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let port = listeningPort(in: text) {
                return NodeExporter(port: port, logPath: logPath, process: process)
            }
            guard process.isRunning else {
                throw ExternalTool.Failure(
                    description: "\(commandLine) exited with \(process.terminationStatus):\n\(text)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        _ = ExternalTool.stop(Mutex(process), grace: .seconds(5))
        throw ExternalTool.Failure(description: "\(commandLine) did not start listening within 15 s:\n\(text)")
    }

    /// The port in `address=127.0.0.1:PORT` of the first `Listening on` line.
    static func listeningPort(in log: String) -> Int? {
        for line in log.split(separator: "\n") where line.contains("msg=\"Listening on\"") {
            guard let range = line.range(of: "address=127.0.0.1:") else { continue }
            let digits = line[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let port = Int(digits), port > 0 { return port }
        }
        return nil
    }

    /// `GET /metrics`: the exposition text node exporter serves.
    ///
    /// - Throws: `ExternalTool.Failure` on a transport error or a status other than 200.
    func scrape(timeout: Duration = .seconds(10)) throws -> String {
        let url = URL(string: "http://127.0.0.1:\(port)/metrics")!
        let (status, body) = try HTTPGet.fetch(url, timeout: timeout)
        guard status == 200 else {
            throw ExternalTool.Failure(description: "GET \(url): HTTP \(status): \(body.prefix(500))")
        }
        return body
    }

    /// Whether the process still runs.
    var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }

    /// Stops node exporter (SIGTERM, SIGKILL after 5 s) and removes its log. Safe to call more than once.
    func stop() {
        guard ExternalTool.stop(process, grace: .seconds(5)) != nil else { return }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
