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
        for _ in 0..<600 {
            if log.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// SIGTERM, then waits (at most 30 s; SIGKILL after): the exit status, `nil` when it had to be killed.
    @discardableResult
    func stop() -> Int32? {
        guard
            let running = process.withLock({ p -> Process? in
                defer { p = nil }
                return p
            })
        else { return nil }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard running.isRunning else { return running.terminationStatus }
        kill(running.processIdentifier, SIGTERM)
        let end = ContinuousClock.now + .seconds(30)
        while running.isRunning, ContinuousClock.now < end { Thread.sleep(forTimeInterval: 0.05) }
        guard !running.isRunning else {
            kill(running.processIdentifier, SIGKILL)
            return nil
        }
        return running.terminationStatus
    }
}

/// Every PromQL expression shipped under `monitoring/`: the `expr` of each rule of `monitoring/prometheus/*.yml`
/// and each target of `monitoring/grafana/*.json`.
enum ShippedExpressions {
    struct Rule {
        var file: String
        var name: String
        var isAlert: Bool
        var expr: String
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The rule files (not their promtool tests).
    static func ruleFiles() throws -> [String] {
        let folder = root.appendingPathComponent("monitoring/prometheus").path
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yml") }.sorted()
            .map { folder + "/" + $0 }
    }

    /// The rules of a rule file: `- record:`/`- alert:` then `expr:` (one line, or a `|`/`>` block).
    static func rules(_ path: String) throws -> [Rule] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        var rules: [Rule] = []
        var name = ""
        var isAlert = false
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            index += 1
            for key in ["- record:", "- alert:", "record:", "alert:"] where line.hasPrefix(key) {
                name = line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                isAlert = key.contains("alert")
                break
            }
            guard line.hasPrefix("expr:") else { continue }
            var value = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if value == "|" || value == ">" || value.hasPrefix("|-") || value.hasPrefix(">-") {
                let indent = lines[index].prefix { $0 == " " }.count
                var block: [String] = []
                while index < lines.count,
                    lines[index].prefix(while: { $0 == " " }).count >= indent || lines[index].isEmpty
                {
                    block.append(lines[index].trimmingCharacters(in: .whitespaces))
                    index += 1
                }
                value = block.joined(separator: " ")
            } else if value.hasPrefix("'") && value.hasSuffix("'") {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            } else if value.hasPrefix("\"") && value.hasSuffix("\"") {
                value =
                    (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed) as? String)
                    ?? value
            }
            rules.append(
                Rule(file: URL(fileURLWithPath: path).lastPathComponent, name: name, isAlert: isAlert, expr: value))
        }
        return rules
    }

    /// `(dashboard file, panel title, expr)` of every target of every dashboard, nested panels included.
    static func dashboardQueries() throws -> [(file: String, panel: String, expr: String)] {
        let folder = root.appendingPathComponent("monitoring/grafana").path
        var queries: [(file: String, panel: String, expr: String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder).filter({ $0.hasSuffix(".json") })
            .sorted()
        {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            let dashboard = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            var panels = dashboard["panels"] as? [[String: Any]] ?? []
            while let panel = panels.popLast() {
                panels += panel["panels"] as? [[String: Any]] ?? []
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    if let expr = target["expr"] as? String {
                        queries.append((file, panel["title"] as? String ?? "?", expr))
                    }
                }
            }
        }
        return queries
    }
}
