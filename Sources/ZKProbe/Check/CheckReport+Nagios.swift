import ToolkitSupport
import Foundation

/// The Monitoring Plugins output of `zkprobe check --format nagios`:
/// `ZOOKEEPER STATUS - text | perfdata` on the first line, then one line per finding (the long output).
extension CheckReport {
    public func nagios(thresholds: CheckThresholds = CheckThresholds()) -> String {
        let worst = findings.filter { $0.severity == verdict && verdict != .ok }.first
        var first = "ZOOKEEPER \(verdict.nagiosWord) - "
        if let worst { first += Self.nagiosText(worst.message) + "; " }
        first += Self.nagiosText(summary)
        first += " | " + perfdata(thresholds).joined(separator: " ")
        var lines = [first]
        for finding in findings where finding.severity != .ok || verdict == .ok {
            lines.append("[\(finding.severity.nagiosWord)] \(Self.nagiosText(finding.message))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `'label'=value[UOM];[warn];[crit];[min];[max]`, per the Monitoring Plugins development guidelines.
    ///
    /// A figure that is not a finite number on any member (NaN, ±infinity) is `U`, "could not be determined";
    /// sums saturate at the bounds of `Int64` instead of overflowing.
    func perfdata(_ t: CheckThresholds) -> [String] {
        let serving = members.filter { $0.state.isServing || $0.servesClients == false }.count
        var items = [
            Self.perfItem("members_serving", String(serving), min: "0", max: String(members.count)),
            Self.perfItem(
                "voters_serving", String(votersServing), crit: "\(majority):", min: "0", max: String(votersConfigured)),
            Self.perfItem("failure_tolerance", String(failureTolerance), warn: "1:", crit: "0:"),
        ]
        if let avg = Self.largestMeasured(members.compactMap(\.latencyAvg)) {
            items.append(
                Self.perfItem(
                    "latency_avg", avg, "ms", warn: Self.limit(t.latencyAvgWarning),
                    crit: Self.limit(t.latencyAvgCritical), min: "0"))
        }
        if let max = Self.largestMeasured(members.compactMap(\.latencyMax)) {
            items.append(
                Self.perfItem(
                    "latency_max", max, "ms", warn: Self.limit(t.latencyMaxWarning),
                    crit: Self.limit(t.latencyMaxCritical), min: "0"))
        }
        if let outstanding = members.compactMap(\.outstanding).max() {
            items.append(
                Self.perfItem(
                    "outstanding", String(outstanding), warn: String(t.outstandingWarning),
                    crit: String(t.outstandingCritical), min: "0"))
        }
        if let lag = members.compactMap(\.lag).max() {
            items.append(
                Self.perfItem("lag", String(lag), warn: String(t.lagWarning), crit: String(t.lagCritical), min: "0"))
        }
        let connections = members.compactMap(\.connections)
        if !connections.isEmpty {
            items.append(Self.perfItem("connections", String(Self.saturatingSum(connections)), min: "0"))
        }
        items.append(Self.perfItem("time", durationSeconds.isFinite ? Self.num(durationSeconds) : "U", "s", min: "0"))
        return items
    }

    /// One perfdata item. The unit is left off a `U` value (there is no figure for it to qualify).
    static func perfItem(
        _ label: String, _ value: String, _ unit: String = "", warn: String = "", crit: String = "",
        min: String = "", max: String = ""
    ) -> String {
        "\(perfLabel(label))=\(value)\(value == "U" ? "" : unit);\(warn);\(crit);\(min);\(max)"
    }

    /// A label as the guidelines allow it: quoted when it holds a space, `=` or `'` (as the Monitoring Plugins'
    /// own `perfdata()` does), a `'` inside doubled; characters that would break the output line (`|`, line
    /// ends, other controls) escaped.
    static func perfLabel(_ label: String) -> String {
        let safe = nagiosText(label)
        guard safe.isEmpty || safe.contains(where: { $0 == " " || $0 == "=" || $0 == "'" }) else { return safe }
        return "'" + safe.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The largest finite figure as perfdata text; `U` when there are figures but none is a finite number;
    /// `nil` when no member reported the figure at all.
    static func largestMeasured(_ values: [Double]) -> String? {
        guard !values.isEmpty else { return nil }
        return values.filter(\.isFinite).max().map(num) ?? "U"
    }

    /// A threshold; empty (no threshold) when it is not a finite number.
    static func limit(_ v: Double) -> String {
        v.isFinite ? num(v) : ""
    }

    /// The sum, clamped to `Int64.min...Int64.max` instead of trapping on overflow.
    static func saturatingSum(_ values: [Int64]) -> Int64 {
        values.reduce(0) { sum, value in
            let (result, overflow) = sum.addingReportingOverflow(value)
            return overflow ? (value > 0 ? .max : .min) : result
        }
    }

    static func num(_ v: Double) -> String {
        NumberText.compact(v, format: "%.3f")
    }

    /// A server-controlled text must not break the plugin protocol: control characters (line ends, NUL, ESC,
    /// U+2028…) are escaped as `\u{..}`, and `|`, which starts perfdata, becomes `/`.
    static func nagiosText(_ s: String) -> String {
        ToolkitSupport.oneLine(s, limit: .max).replacingOccurrences(of: "|", with: "/")
    }
}
