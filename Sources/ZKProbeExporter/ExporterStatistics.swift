import Foundation
import ToolkitSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The exporter's own health, kept by its loop and rendered on `/metrics` (names in docs/zkprobe-serve.md).
struct ExporterStatistics {
    /// The paths counted by name; every other path is `other`, so a scanner cannot grow the label set.
    static let paths = ["/probe", "/metrics", "other"]
    /// What became of a scrape.
    enum Outcome: String, CaseIterable {
        /// Answered 200, every check it asked for finished.
        case success
        /// Answered 200, but a check failed, timed out or could not start (`zkprobe_probe_success 0`).
        case failure
        /// Refused: unknown target, bad request, too large, not GET (4xx/5xx other than 503).
        case refused
        /// Answered 503: too many checks waiting.
        case overloaded
    }
    /// Why a client connection was closed by the exporter rather than by the client.
    enum Drop: String, CaseIterable {
        case idle, slow, oversized, limit, error
    }

    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    var scrapes: [String: Int] = [:]
    var durationBuckets: [String: [Int]] = [:]
    var durationSum: [String: Double] = [:]
    var durationCount: [String: Int] = [:]
    var drops: [Drop: Int] = [:]
    var connectionsAccepted = 0
    var checksRun = 0
    var checksTimedOut = 0
    var reloadSuccessful = true
    var reloadTimestamp: Double = 0
    var ensembles = 0
    let startTime: Double
    let version: String

    init(version: String) {
        self.version = version
        startTime = Self.wallClock()
        reloadTimestamp = startTime
    }

    static func wallClock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// The label a path is counted under.
    static func pathLabel(_ path: String) -> String { paths.contains(path) ? path : "other" }

    mutating func record(path: String, outcome: Outcome, seconds: Double) {
        let label = Self.pathLabel(path)
        scrapes[label + " " + outcome.rawValue, default: 0] += 1
        var counts = durationBuckets[label] ?? Array(repeating: 0, count: Self.buckets.count)
        for (i, bound) in Self.buckets.enumerated() where seconds <= bound { counts[i] += 1 }
        durationBuckets[label] = counts
        durationSum[label, default: 0] += seconds
        durationCount[label, default: 0] += 1
    }

    /// The exposition of these figures; `connections`, `inFlight` and the pool's load are read now.
    func render(connections: Int, requestsInFlight: Int, running: Int, queued: Int) -> String {
        var out = MetricText()
        out.family(
            "zkprobe_exporter_build_info", "gauge", "The exporter's version, as a label.",
            [("{version=\"\(MetricText.label(version))\"}", 1)])
        out.family("zkprobe_exporter_start_time_seconds", "gauge", "Unix time the exporter started.", [("", startTime)])
        out.family(
            "zkprobe_exporter_scrapes_total", "counter", "Requests answered, by path and outcome.",
            Self.paths.flatMap { p in
                Outcome.allCases.map { o in
                    ("{path=\"\(p)\",outcome=\"\(o.rawValue)\"}", Double(scrapes[p + " " + o.rawValue] ?? 0))
                }
            })
        out.histogram(
            "zkprobe_exporter_scrape_duration_seconds", "Seconds from a complete request to its answer.",
            self)
        out.family(
            "zkprobe_exporter_connections_dropped_total", "counter",
            "Client connections the exporter closed, by reason.",
            Drop.allCases.map { ("{reason=\"\($0.rawValue)\"}", Double(drops[$0] ?? 0)) })
        out.family(
            "zkprobe_exporter_connections_accepted_total", "counter", "Client connections accepted.",
            [("", Double(connectionsAccepted))])
        out.family(
            "zkprobe_exporter_connections_open", "gauge", "Client connections open now.",
            [("", Double(connections))])
        out.family(
            "zkprobe_exporter_requests_in_flight", "gauge", "Requests waiting for their checks now.",
            [("", Double(requestsInFlight))])
        out.family("zkprobe_exporter_checks_in_flight", "gauge", "Checks running now.", [("", Double(running))])
        out.family(
            "zkprobe_exporter_checks_queued", "gauge", "Checks waiting for a worker now.", [("", Double(queued))])
        out.family("zkprobe_exporter_checks_total", "counter", "Checks finished.", [("", Double(checksRun))])
        out.family(
            "zkprobe_exporter_check_timeouts_total", "counter",
            "Checks not finished (or not started) by their scrape's deadline.", [("", Double(checksTimedOut))])
        out.family(
            "zkprobe_exporter_config_last_reload_successful", "gauge",
            "1 when the last configuration load (start or SIGHUP) succeeded.", [("", reloadSuccessful ? 1 : 0)])
        out.family(
            "zkprobe_exporter_config_last_reload_success_timestamp_seconds", "gauge",
            "Unix time of the last successful configuration load.", [("", reloadTimestamp)])
        out.family(
            "zkprobe_exporter_config_ensembles", "gauge", "Ensembles in the configuration in force.",
            [("", Double(ensembles))])
        if let rss = Self.residentBytes() {
            out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", [("", rss)])
        }
        return out.text
    }

    /// Resident set size from `/proc/self/statm`.
    static func residentBytes() -> Double? {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        let fields = String(decoding: buffer[..<n], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// A small exposition writer for families the exporter owns (its own health and the `zkprobe_probe_*` series).
struct MetricText {
    var text = ""

    mutating func family(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
        guard !samples.isEmpty else { return }
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        for (labels, value) in samples { text += "\(name)\(labels) \(Self.number(value))\n" }
    }

    mutating func histogram(_ name: String, _ help: String, _ s: ExporterStatistics) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for path in ExporterStatistics.paths {
            let counts = s.durationBuckets[path] ?? Array(repeating: 0, count: ExporterStatistics.buckets.count)
            for (i, bound) in ExporterStatistics.buckets.enumerated() {
                text += "\(name)_bucket{path=\"\(path)\",le=\"\(Self.number(bound))\"} \(counts[i])\n"
            }
            let count = s.durationCount[path] ?? 0
            text += "\(name)_bucket{path=\"\(path)\",le=\"+Inf\"} \(count)\n"
            text += "\(name)_sum{path=\"\(path)\"} \(Self.number(s.durationSum[path] ?? 0))\n"
            text += "\(name)_count{path=\"\(path)\"} \(count)\n"
        }
    }

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        return NumberText.compact(v)
    }

    /// A label value with `\`, `"` and line feeds escaped.
    static func label(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
