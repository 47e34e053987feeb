import ToolkitSupport

/// The Monitoring Plugins output of `zkprobe check --format nagios`:
/// `ZOOKEEPER STATUS - text | perfdata` on the first line (no `;` in its text: ``statusText(_:)``), then long
/// text as `verbosity` asks (`-v` flags).
///
/// | verbosity | lines |
/// | --- | --- |
/// | 0 | the status line only (what the guidelines ask of `-v` 0: one line for the monitoring UI) |
/// | 1 | + one line per finding (`[WARNING] …`; OK-level notes too when the verdict is OK) |
/// | 2 | + one line per member: state, zxid, lag, latency, connections, outstanding, version, client probe |
/// | 3 | + debug lines: thresholds in force, membership source, per-member timings and problems |
extension CheckReport {
    public func nagios(thresholds: CheckThresholds = CheckThresholds(), verbosity: Int = 1) -> String {
        let worst = findings.filter { $0.severity == verdict && verdict != .ok }.first
        var first = "ZOOKEEPER \(verdict.nagiosWord) - "
        if let ensemble { first += "ensemble " + Self.statusText(ensemble) + ": " }
        if let worst { first += Self.statusText(worst.message) + " - " }
        first += Self.statusText(summary)
        first += " | " + perfdata(thresholds).joined(separator: " ")
        var lines = [first]
        if verbosity >= 1 {
            for finding in findings where finding.severity != .ok || verdict == .ok {
                lines.append("[\(finding.severity.nagiosWord)] \(Self.nagiosText(finding.message))")
            }
        }
        if verbosity >= 2 { lines += members.map { Self.nagiosText(memberLine($0)) } }
        if verbosity >= 3 { lines += debugLines(thresholds).map(Self.nagiosText) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The status line of a check that could not run (usage error, unreadable config): `ZOOKEEPER UNKNOWN -
    /// reason`, with the ensemble-wide perfdata labels all `U`, so a graph records "unknown", not a gap.
    public static func nagiosUnknown(_ reason: String) -> String {
        let items = ensembleLabels.map { perfItem($0.label, "U", $0.unit) }
        return "ZOOKEEPER UNKNOWN - \(statusText(reason)) | \(items.joined(separator: " "))\n"
    }

    /// The ensemble-wide perfdata labels, in order: present on every run, `U` when not measured.
    static let ensembleLabels: [(label: String, unit: String)] = [
        ("members_serving", ""), ("voters_serving", ""), ("failure_tolerance", ""), ("latency_avg", "ms"),
        ("latency_max", "ms"), ("outstanding", ""), ("lag", ""), ("connections", ""), ("time", "s"),
    ]

    /// `-v -v`: one member's figures on one line.
    func memberLine(_ m: MemberReport) -> String {
        var parts = [m.state.rawValue + (m.servesClients == false ? " (no clients)" : "")]
        if let z = m.zxid { parts.append("zxid 0x" + String(z, radix: 16)) }
        if let lag = m.lag { parts.append("lag \(lag)") }
        if let avg = m.latencyAvg {
            parts.append("latency avg/max \(Self.num(avg))/\(m.latencyMax.map(Self.num) ?? "-") ms")
        }
        if let c = m.connections { parts.append("\(c) connections") }
        if let o = m.outstanding { parts.append("\(o) outstanding") }
        if let v = m.version { parts.append("version \(EnsembleAssessment.releaseNumber(v))") }
        if let client = m.client {
            let write = client.writeSeconds.map { ", write \(Self.num($0 * 1000)) ms" } ?? ""
            parts.append(
                client.completed ? "client probe ok\(write)" : "client probe failed: \(ClientVerdict.problem(of: m))")
        }
        return "member \(m.address): " + parts.joined(separator: ", ")
    }

    /// `-vvv`: what a person debugging the check wants beside the verdict. Each line goes through `oneLine`:
    /// addresses and problems quote servers and files, and text and Nagios output print these lines as they are.
    public func debugLines(_ t: CheckThresholds) -> [String] {
        func range(_ r: ThresholdRange?) -> String { r.map(\.description) ?? "off" }
        var lines = [
            "debug: thresholds latency-avg \(range(t.latencyAvgWarning))/\(range(t.latencyAvgCritical)) ms, "
                + "latency-max \(range(t.latencyMaxWarning))/\(range(t.latencyMaxCritical)) ms, "
                + "round-trip \(range(t.roundTripWarning))/\(range(t.roundTripCritical)) ms, "
                + "outstanding \(range(t.outstandingWarning))/\(range(t.outstandingCritical)), "
                + "fd \(range(t.fileDescriptorsWarningPercent))/\(range(t.fileDescriptorsCriticalPercent)) %, "
                + "lag \(range(t.lagWarning))/\(range(t.lagCritical)), pending-syncs \(range(t.pendingSyncsWarning))",
            "debug: membership from \(membershipSource.isEmpty ? "the members given" : membershipSource); "
                + "the check took \(durationSeconds.isFinite ? Self.num(durationSeconds) : "?") s",
        ]
        for m in members {
            let connect = m.connectSeconds.map { Self.num($0) + " s" } ?? "-"
            let exchange = m.exchangeSeconds.map { Self.num($0) + " s" } ?? "-"
            lines.append(
                "debug: \(m.address): connect \(connect), srvr exchange \(exchange)"
                    + (m.problem.map { ", problem: \($0)" } ?? "")
                    + (m.notWhitelisted.isEmpty ? "" : ", not whitelisted: \(m.notWhitelisted.joined(separator: ","))"))
        }
        return lines.map { ToolkitSupport.oneLine($0, limit: .max) }
    }

    /// `'label'=value[UOM];[warn];[crit];[min];[max]`, per the Monitoring Plugins development guidelines.
    ///
    /// The same labels on every run, whatever the state, so RRD graphs never lose a series: the ensemble-wide
    /// ``ensembleLabels`` (and with a client probe ``clientPerfdata()``), then the ``memberPerfdata(_:_:)`` (and
    /// ``memberClientPerfdata(_:)``) of each member. A figure that cannot be measured
    /// (no member reports it, or none as a finite number) is `U`; sums saturate at the bounds of `Int64`.
    func perfdata(_ t: CheckThresholds) -> [String] {
        let connections = members.compactMap(\.connections)
        func most(_ values: [Int64]) -> String { values.max().map(String.init) ?? "U" }
        var items = [
            Self.perfItem("members_serving", String(membersServing), min: "0", max: String(members.count)),
            Self.perfItem(
                "voters_serving", String(votersServing), crit: "\(majority):", min: "0", max: String(votersConfigured)),
            Self.perfItem(
                "failure_tolerance", knownFailureTolerance.map(String.init) ?? "U", warn: "1:", crit: "0:"),
            Self.perfItem(
                "latency_avg", Self.largestMeasured(members.compactMap(\.latencyAvg)) ?? "U", "ms",
                warn: Self.limit(t.latencyAvgWarning), crit: Self.limit(t.latencyAvgCritical), min: "0"),
            Self.perfItem(
                "latency_max", Self.largestMeasured(members.compactMap(\.latencyMax)) ?? "U", "ms",
                warn: Self.limit(t.latencyMaxWarning), crit: Self.limit(t.latencyMaxCritical), min: "0"),
            Self.perfItem(
                "outstanding", most(members.compactMap(\.outstanding)), warn: Self.limit(t.outstandingWarning),
                crit: Self.limit(t.outstandingCritical), min: "0"),
            Self.perfItem(
                "lag", most(members.compactMap(\.lag)), warn: Self.limit(t.lagWarning), crit: Self.limit(t.lagCritical),
                min: "0"),
            Self.perfItem(
                "connections", connections.isEmpty ? "U" : String(Self.saturatingSum(connections)), min: "0"),
            Self.perfItem("time", durationSeconds.isFinite ? Self.num(durationSeconds) : "U", "s", min: "0"),
        ]
        items += clientPerfdata()
        for member in members { items += memberPerfdata(member, t) + memberClientPerfdata(member) }
        return items
    }

    /// With a client probe, after the ensemble-wide labels: `session_round_trip` and, with a write probe,
    /// `write_time`: the largest among the members that completed the probe, in seconds (`U` when none did).
    func clientPerfdata() -> [String] {
        guard let clientProbe else { return [] }
        let completed = members.compactMap(\.client).filter(\.completed)
        func largest(_ figure: KeyPath<ClientMeasurement, Double?>) -> String {
            Self.measured(completed.compactMap { $0[keyPath: figure] }.filter(\.isFinite).max(), Self.clientFormat)
        }
        var items = [Self.perfItem("session_round_trip", largest(\.roundTripSeconds), "s", min: "0")]
        if case .write = clientProbe {
            items.append(Self.perfItem("write_time", largest(\.writeSeconds), "s", min: "0"))
        }
        return items
    }

    /// With a client probe, after each member's items: `'ADDRESS_session_round_trip'` and, with a write probe,
    /// `'ADDRESS_write_time'`, in seconds, as measured through that member (`U` where the probe did not get that far).
    func memberClientPerfdata(_ m: MemberReport) -> [String] {
        guard let clientProbe else { return [] }
        func item(_ figure: String, _ value: Double?) -> String {
            Self.perfItem(
                "\(m.address)_\(figure)", Self.measured(value, Self.clientFormat), "s", min: "0", quoted: true)
        }
        var items = [item("session_round_trip", m.client?.roundTripSeconds)]
        if case .write = clientProbe { items.append(item("write_time", m.client?.writeSeconds)) }
        return items
    }

    /// One member's items, labelled `'ADDRESS_figure'` (the address as configured or given, so the label is
    /// the same on every run; always quoted, as an address comes from outside): `up` (ZooKeeper answered),
    /// `serving`, `latency_avg`, `latency_max`, `round_trip` (ms), `outstanding`, `lag`, `connections`.
    func memberPerfdata(_ m: MemberReport, _ t: CheckThresholds) -> [String] {
        func label(_ figure: String) -> String { "\(m.address)_\(figure)" }
        let up = Self.answeredAsZooKeeper(m.state)
        let roundTrip = m.exchangeSeconds.map { $0 * 1000 }
        return [
            Self.perfItem(label("up"), up ? "1" : "0", min: "0", max: "1", quoted: true),
            Self.perfItem(label("serving"), m.state.isServing ? "1" : "0", min: "0", max: "1", quoted: true),
            Self.perfItem(
                label("latency_avg"), Self.measured(m.latencyAvg), "ms", warn: Self.limit(t.latencyAvgWarning),
                crit: Self.limit(t.latencyAvgCritical), min: "0", quoted: true),
            Self.perfItem(
                label("latency_max"), Self.measured(m.latencyMax), "ms", warn: Self.limit(t.latencyMaxWarning),
                crit: Self.limit(t.latencyMaxCritical), min: "0", quoted: true),
            Self.perfItem(
                label("round_trip"), Self.measured(roundTrip), "ms", warn: Self.limit(t.roundTripWarning),
                crit: Self.limit(t.roundTripCritical), min: "0", quoted: true),
            Self.perfItem(
                label("outstanding"), m.outstanding.map(String.init) ?? "U", warn: Self.limit(t.outstandingWarning),
                crit: Self.limit(t.outstandingCritical), min: "0", quoted: true),
            Self.perfItem(
                label("lag"), m.lag.map(String.init) ?? "U", warn: Self.limit(t.lagWarning),
                crit: Self.limit(t.lagCritical), min: "0", quoted: true),
            Self.perfItem(label("connections"), m.connections.map(String.init) ?? "U", min: "0", quoted: true),
        ]
    }

    /// One perfdata item. The unit is left off a `U` value (there is no figure for it to qualify).
    static func perfItem(
        _ label: String, _ value: String, _ unit: String = "", warn: String = "", crit: String = "",
        min: String = "", max: String = "", quoted: Bool = false
    ) -> String {
        "\(perfLabel(label, quoted: quoted))=\(value)\(value == "U" ? "" : unit);\(warn);\(crit);\(min);\(max)"
    }

    /// A label as the guidelines allow it: quoted when it holds a space, `=` or `'` (as the Monitoring Plugins'
    /// own `perfdata()` does), a `'` inside doubled; characters that would break the output line (`|`, line
    /// ends, other controls) escaped.
    static func perfLabel(_ label: String, quoted: Bool = false) -> String {
        let safe = nagiosText(label)
        guard quoted || safe.isEmpty || safe.contains(where: { $0 == " " || $0 == "=" || $0 == "'" }) else { return safe }
        return "'" + safe.replacingEvery("'", with: "''") + "'"
    }

    /// A figure as perfdata text in `format` (three decimals by default): `U` when it is missing or not a finite
    /// number.
    static func measured(_ v: Double?, _ format: String = "%.3f") -> String {
        v.map { $0.isFinite ? NumberText.compact($0, format: format) : "U" } ?? "U"
    }

    /// The client probe's seconds to the microsecond: its round trips on a LAN take well under a millisecond.
    static let clientFormat = "%.6f"

    /// The largest finite figure as perfdata text; `U` when there are figures but none is a finite number;
    /// `nil` when no member reported the figure at all.
    static func largestMeasured(_ values: [Double]) -> String? {
        guard !values.isEmpty else { return nil }
        return values.filter(\.isFinite).max().map(num) ?? "U"
    }

    /// A threshold range in the guidelines' syntax; empty when the threshold is off, or has a NaN end (only code,
    /// never a flag, can build one) that the grammar cannot carry.
    static func limit(_ range: ThresholdRange?) -> String {
        guard let range, !range.start.isNaN, !range.end.isNaN else { return "" }
        return range.description
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

    /// Text for the status line (before ` | `): ``nagiosText(_:)``, and `;` becomes `,`. Nagios writes the status
    /// line into its log, whose fields `;` separates, and turns every `;` in it into `:`, changing the meaning
    /// (`a; b` would read `a: b`). Perfdata keeps its `;` separators; long-text lines are not logged and keep theirs.
    static func statusText(_ s: String) -> String {
        nagiosText(s).replacingEvery(";", with: ",")
    }

    /// A server-controlled text must not break the plugin protocol: control characters (line ends, NUL, ESC,
    /// U+2028…) are escaped as `\u{..}`, and `|`, which starts perfdata, becomes `/`.
    static func nagiosText(_ s: String) -> String {
        ToolkitSupport.oneLine(s, limit: .max).replacingEvery("|", with: "/")
    }
}
