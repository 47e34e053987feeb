import SystemSupport
import ToolkitSupport
import ZKProbe

import Glibc

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
        /// Answered 503: too many checks waiting, too many scrapes waiting from the client, too many connections.
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
    /// Checks a scrape used that another scrape had started (single-flight).
    var checksShared = 0
    /// Checks dropped from the queue or stopped on their reactor because no scrape waited for them any more.
    var checksCancelled = 0
    var reloadSuccessful = true
    var reloadTimestamp: Double = 0
    var ensembles = 0
    let startTime: Double
    let version: String

    init(version: String) {
        self.version = version
        startTime = Syscalls.wallClockSeconds()
        reloadTimestamp = startTime
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

    /// The exposition of these figures; `connections`, `requestsInFlight` and the checks running and queued are
    /// read now.
    func render(connections: Int, requestsInFlight: Int, running: Int, queued: Int) -> String {
        var out = PrometheusText()
        out.gauge(
            "zkprobe_exporter_build_info", "The exporter's version, as a label.", [([("version", version)], 1)])
        out.gauge("zkprobe_exporter_start_time_seconds", "Unix time the exporter started.", [([], startTime)])
        out.counter(
            "zkprobe_exporter_scrapes_total", "Requests answered, by path and outcome.",
            Self.paths.flatMap { p in
                Outcome.allCases.map { o in
                    ([("path", p), ("outcome", o.rawValue)], Double(scrapes[p + " " + o.rawValue] ?? 0))
                }
            })
        out.histogram(
            "zkprobe_exporter_scrape_duration_seconds", "Seconds from a complete request to its answer.",
            Self.paths.map { path in
                let counts = durationBuckets[path] ?? Array(repeating: 0, count: Self.buckets.count)
                return PrometheusText.HistogramSeries(
                    labels: [("path", path)], buckets: Array(zip(Self.buckets, counts)),
                    sum: durationSum[path] ?? 0, count: durationCount[path] ?? 0)
            })
        out.counter(
            "zkprobe_exporter_connections_dropped_total", "Client connections the exporter closed, by reason.",
            Drop.allCases.map { ([("reason", $0.rawValue)], Double(drops[$0] ?? 0)) })
        out.counter(
            "zkprobe_exporter_connections_accepted_total", "Client connections accepted.",
            [([], Double(connectionsAccepted))])
        out.gauge(
            "zkprobe_exporter_connections_open", "Client connections open now.",
            [([], Double(connections))])
        out.gauge(
            "zkprobe_exporter_requests_in_flight", "Requests waiting for their checks now.",
            [([], Double(requestsInFlight))])
        out.gauge("zkprobe_exporter_checks_in_flight", "Checks running now.", [([], Double(running))])
        out.gauge(
            "zkprobe_exporter_checks_queued", "Checks waiting for room to run now.", [([], Double(queued))])
        out.counter("zkprobe_exporter_checks_total", "Checks finished.", [([], Double(checksRun))])
        out.counter(
            "zkprobe_exporter_check_timeouts_total",
            "Checks not finished (or not started) by their scrape's deadline.", [([], Double(checksTimedOut))])
        out.counter(
            "zkprobe_exporter_checks_shared_total",
            "Checks a scrape was answered from that another scrape had started.", [([], Double(checksShared))])
        out.counter(
            "zkprobe_exporter_checks_cancelled_total",
            "Checks dropped or stopped because no scrape waited for them any more.", [([], Double(checksCancelled))])
        out.gauge(
            "zkprobe_exporter_config_last_reload_successful",
            "1 when the last configuration load (start or SIGHUP) succeeded.", [([], reloadSuccessful ? 1 : 0)])
        out.gauge(
            "zkprobe_exporter_config_last_reload_success_timestamp_seconds",
            "Unix time of the last successful configuration load.", [([], reloadTimestamp)])
        out.gauge(
            "zkprobe_exporter_config_ensembles", "Ensembles in the configuration in force.",
            [([], Double(ensembles))])
        if let rss = Self.residentBytes() {
            out.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", [([], rss)])
        }
        return out.output
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
