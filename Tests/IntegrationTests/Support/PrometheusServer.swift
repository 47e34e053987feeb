import Foundation
import Synchronization
import TestSupport

/// A real Prometheus server (Debian's `prometheus` package) on 127.0.0.1 with its own temporary data folder,
/// queried over its HTTP API. Always stop it: `defer { prometheus.stop() }`.
final class PrometheusServer: Sendable {
    let port: Int
    let folder: String
    private let process: Mutex<Process?>

    /// One query's answer: the series (labels) and values, or Prometheus's error.
    struct Answer {
        var series: [(labels: [String: String], value: Double)]
        var error: String?
        var isEmpty: Bool { series.isEmpty }
    }

    private init(port: Int, folder: String, process: Process) {
        self.port = port
        self.folder = folder
        self.process = Mutex(process)
    }

    deinit { stop() }

    /// Starts Prometheus with `configuration` (YAML) and waits (at most 60 s) until it is ready.
    static func start(configuration: String) throws -> PrometheusServer {
        let executable = try ExternalTool.locate("prometheus", package: "prometheus")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try configuration.write(toFile: folder + "/prometheus.yml", atomically: true, encoding: .utf8)
        let port = try HTTPGet.freePort()
        FileManager.default.createFile(atPath: folder + "/log", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--config.file=\(folder)/prometheus.yml", "--storage.tsdb.path=\(folder)/data",
            "--web.listen-address=127.0.0.1:\(port)", "--web.enable-lifecycle",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: folder + "/log")
        process.standardError = FileHandle(forWritingAtPath: folder + "/log")
        try process.run()
        let server = PrometheusServer(port: port, folder: folder, process: process)
        let end = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < end {
            if let ready = try? HTTPGet.fetch(server.url("/-/ready"), timeout: .seconds(2)), ready.status == 200 {
                return server
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let log = server.log
        server.stop()
        throw ExternalTool.Failure(description: "prometheus did not become ready:\n\(log)")
    }

    var log: String { (try? String(contentsOfFile: folder + "/log", encoding: .utf8)) ?? "" }

    func url(_ path: String, query: [URLQueryItem] = []) -> URL {
        var components = URLComponents(string: "http://127.0.0.1:\(port)\(path)")!
        if !query.isEmpty { components.queryItems = query }
        // `+` in PromQL must reach the server as a plus, not as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }

    /// An instant query through `/api/v1/query`.
    func query(_ expr: String) throws -> Answer {
        let (_, body) = try HTTPGet.fetch(url("/api/v1/query", query: [URLQueryItem(name: "query", value: expr)]))
        guard let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw ExternalTool.Failure(description: "query \(expr): not JSON: \(body.prefix(300))")
        }
        if json["status"] as? String != "success" {
            return Answer(series: [], error: "\(json["errorType"] ?? "") \(json["error"] ?? body)")
        }
        let data = json["data"] as? [String: Any] ?? [:]
        var series: [(labels: [String: String], value: Double)] = []
        switch data["resultType"] as? String {
        case "vector":
            for item in data["result"] as? [[String: Any]] ?? [] {
                let labels = item["metric"] as? [String: String] ?? [:]
                let value = (item["value"] as? [Any])?.last as? String
                series.append((labels, value.flatMap(Double.init) ?? .nan))
            }
        case "scalar":
            let value = (data["result"] as? [Any])?.last as? String
            series.append(([:], value.flatMap(Double.init) ?? .nan))
        case "matrix":
            for item in data["result"] as? [[String: Any]] ?? [] {
                series.append((item["metric"] as? [String: String] ?? [:], .nan))
            }
        default:
            break
        }
        return Answer(series: series, error: nil)
    }

    /// Stops Prometheus (SIGTERM, SIGKILL after 10 s) and removes its folder. Safe to call more than once.
    func stop() {
        guard ExternalTool.stop(process, grace: .seconds(10)) != nil else { return }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
