import ToolkitSupport
import Foundation

/// The Monitoring Plugins output of `zkprobe check --format nagios`:
/// `ZOOKEEPER STATUS - text | perfdata` on the first line, then one line per finding (the long output).
extension CheckReport {
    public func nagios(thresholds: CheckThresholds = CheckThresholds()) -> String {
        let worst = findings.filter { $0.severity == verdict && verdict != .ok }.first
        var first = "ZOOKEEPER \(verdict.nagiosWord) - "
        if let worst { first += Self.oneLine(worst.message) + "; " }
        first += summary
        first += " | " + perfdata(thresholds).joined(separator: " ")
        var lines = [first]
        for finding in findings where finding.severity != .ok || verdict == .ok {
            lines.append("[\(finding.severity.nagiosWord)] \(Self.oneLine(finding.message))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `'label'=value[UOM];[warn];[crit];[min];[max]`, per the Monitoring Plugins development guidelines.
    func perfdata(_ t: CheckThresholds) -> [String] {
        let serving = members.filter { $0.state.isServing || $0.servesClients == false }.count
        var items = [
            "members_serving=\(serving);;;0;\(members.count)",
            "voters_serving=\(votersServing);;\(majority):;0;\(votersConfigured)",
            "failure_tolerance=\(failureTolerance);1:;0:;;",
        ]
        let latencies = members.compactMap(\.latencyAvg)
        if let avg = latencies.max() {
            items.append("latency_avg=\(Self.num(avg))ms;\(Self.num(t.latencyAvgWarning));\(Self.num(t.latencyAvgCritical));0;")
        }
        if let max = members.compactMap(\.latencyMax).max() {
            items.append("latency_max=\(Self.num(max))ms;\(Self.num(t.latencyMaxWarning));\(Self.num(t.latencyMaxCritical));0;")
        }
        if let outstanding = members.compactMap(\.outstanding).max() {
            items.append("outstanding=\(outstanding);\(t.outstandingWarning);\(t.outstandingCritical);0;")
        }
        if let lag = members.compactMap(\.lag).max() {
            items.append("lag=\(lag);\(t.lagWarning);\(t.lagCritical);0;")
        }
        let connections = members.compactMap(\.connections)
        if !connections.isEmpty { items.append("connections=\(connections.reduce(0, +));;;0;") }
        items.append("time=\(Self.num(durationSeconds))s;;;0;")
        return items
    }

    static func num(_ v: Double) -> String {
        NumberText.compact(v, format: "%.3f")
    }

    /// A server-controlled text must not break the plugin protocol: no line feeds, no `|`.
    static func oneLine(_ s: String) -> String {
        String(s.map { $0 == "\n" || $0 == "\r" ? " " : ($0 == "|" ? "/" : $0) })
    }
}
