import ToolkitSupport

/// Text exposition format (version 0.0.4) of `zkprobe check --format prometheus`.
///
/// Every metric has HELP and TYPE; every member series carries `member="host:port"`. Every label value passes
/// through `PrometheusText.escapeLabel`, so a server-controlled string (a version, an mntr key) cannot end a
/// line or a label early.
extension CheckReport {
    /// This report alone in the text exposition format. With `ensemble` (by default the report's own
    /// ``CheckReport/ensemble``), every series carries `ensemble="NAME"` first, so reports of several ensembles can
    /// share one scrape or one textfile directory.
    public func prometheus(includeMonitorValues: Bool = false, ensemble: String? = nil) -> String {
        PrometheusExposition.render([
            PrometheusExposition.Entry(
                report: self, ensemble: ensemble ?? self.ensemble, includeMonitorValues: includeMonitorValues),
        ])
    }

    /// Adds this report's families to `text`; the renderer groups the samples of all reports by family.
    func addFamilies(to text: inout PrometheusText, includeMonitorValues: Bool) {
        ensembleGauges(&text)
        memberStateGauges(&text)
        memberFigureGauges(&text)
        memberClientGauges(&text)
        memberMonitorMetrics(&text)
        findingGauges(&text)
        if includeMonitorValues {
            text.gauge("zkprobe_mntr", "Every numeric mntr value of the member, by key.",
                       members.flatMap { m in
                           m.monitorValues.map { ([("member", m.address), ("key", $0.key)], $0.value) }
                       })
        }
    }

    private func ensembleGauges(_ text: inout PrometheusText) {
        text.gauge("zkprobe_ensemble_verdict", "Verdict of the check: 0 ok, 1 warning, 2 critical, 3 unknown.",
                   [([], Double(verdict.exitCode))])
        text.gauge("zkprobe_ensemble_quorum", "1 when a quorum of voters is serving.", [([], quorum ? 1 : 0)])
        text.gauge("zkprobe_ensemble_writable",
                   "1 when some member completed the client probe: a client could write now, as measured.",
                   writable.map { [([], $0 ? 1 : 0)] } ?? [])
        text.gauge("zkprobe_ensemble_failure_tolerance",
                   "Voters that can still be lost before quorum is lost; -1 when it is already lost.",
                   knownFailureTolerance.map { [([], Double($0))] } ?? [])
        text.gauge("zkprobe_ensemble_voters_configured", "Voters the ensemble is configured with.",
                   [([], Double(votersConfigured))])
        text.gauge("zkprobe_ensemble_voters_serving", "Voters in the quorum.", [([], Double(votersServing))])
        text.gauge("zkprobe_ensemble_majority", "Voters a quorum needs.", [([], Double(majority))])
        text.gauge("zkprobe_ensemble_leaders", "Members that say they lead.",
                   [([], Double(members.filter { $0.state == .leader }.count))])
        text.gauge("zkprobe_ensemble_findings", "Findings of the check by severity.",
                   [Severity.ok, .warning, .critical, .unknown].map { s in
                       ([("severity", s.word)], Double(findings.filter { $0.severity == s }.count))
                   })
        text.gauge("zkprobe_check_duration_seconds", "Seconds the check took.", [([], durationSeconds)])
    }

    private func perMember(_ value: (MemberReport) -> Double?) -> [([(String, String)], Double)] {
        members.compactMap { m in value(m).map { ([("member", m.address)], $0) } }
    }

    /// Whether each member is up and serving, its state and its version.
    private func memberStateGauges(_ text: inout PrometheusText) {
        text.gauge("zkprobe_member_up", "1 when the member answered four-letter words.",
                   perMember { Self.answeredAsZooKeeper($0.state) ? 1 : 0 })
        text.gauge("zkprobe_member_serving", "1 when the member serves clients.",
                   perMember { $0.state.isServing && $0.servesClients != false ? 1 : 0 })
        text.gauge("zkprobe_member_state", "The member's state: 1 for the state it is in, 0 for the others.",
                   members.flatMap { m in
                       MemberState.allCases.map { s in
                           ([("member", m.address), ("state", s.rawValue)], m.state == s ? 1.0 : 0.0)
                       }
                   })
        text.gauge("zkprobe_member_info",
                   "The member's ZooKeeper version (major.minor.patch) and build (the rest of its version text).",
                   members.compactMap { m in
                       m.version.map { v in
                           let (version, build) = Self.versionLabels(v)
                           return ([("member", m.address), ("version", version), ("build", build)], 1.0)
                       }
                   })
        text.gauge("zkprobe_member_ruok", "1 when the member answered ruok with imok, 0 when it answered otherwise.",
                   perMember { $0.imok.map { $0 ? 1 : 0 } })
    }

    /// The longest `version` or `build` label taken from a member's version text; longer text is cut.
    static let longestBuildLabel = 200

    /// `3.8.0-${mvngit.commit.id}, built on 2024-…` → (`3.8.0`, `${mvngit.commit.id}, built on 2024-…`): the
    /// short version for grouping and the build for telling builds apart. Text that does not start with
    /// `major.minor` is kept whole (cut to ``longestBuildLabel``) as the version, with an empty build.
    static func versionLabels(_ text: String) -> (version: String, build: String) {
        guard let parsed = ServerVersion(parsing: text[...]) else {
            return (String(text.prefix(longestBuildLabel)), "")
        }
        var build = parsed.revision ?? ""
        if let date = parsed.builtOn { build += (build.isEmpty ? "" : ", ") + "built on " + date }
        return (parsed.number, String(build.prefix(longestBuildLabel)))
    }

    /// Whether ZooKeeper itself answered the four-letter words. `error` is not up: it is what something else on
    /// the port (an HTTP or TLS server, another service) or an unreadable reply looks like, and a member-down
    /// alert on `zkprobe_member_up == 0` must fire for it. Written out so a new state has to be decided here.
    static func answeredAsZooKeeper(_ state: MemberState) -> Bool {
        switch state {
        case .leader, .follower, .observer, .standalone, .readOnly, .notServing: return true
        case .error, .unreachable, .unresponsive: return false
        }
    }

    /// The figures each member reports: latency, zxid and lag, load, file descriptors, syncs.
    private func memberFigureGauges(_ text: inout PrometheusText) {
        text.gauge("zkprobe_member_latency_min_seconds", "Minimum request latency the member reports.",
                   perMember { $0.latencyMin.map { $0 / 1000 } })
        text.gauge("zkprobe_member_latency_avg_seconds", "Average request latency the member reports.",
                   perMember { $0.latencyAvg.map { $0 / 1000 } })
        text.gauge("zkprobe_member_latency_max_seconds", "Maximum request latency the member reports.",
                   perMember { $0.latencyMax.map { $0 / 1000 } })
        text.gauge("zkprobe_member_zxid_epoch", "Epoch of the member's last zxid (high 32 bits).",
                   perMember { $0.epoch.map(Double.init) })
        text.gauge("zkprobe_member_zxid_sequence",
                   "Sequence number of the member's last zxid within its epoch (low 32 bits).",
                   perMember { $0.counter.map(Double.init) })
        text.gauge("zkprobe_member_lag_transactions", "Transactions the member trails the leader (same epoch).",
                   perMember { $0.lag.map(Double.init) })
        text.gauge("zkprobe_member_connections", "Client connections open on the member.",
                   perMember { $0.connections.map(Double.init) })
        text.gauge("zkprobe_member_outstanding_requests", "Requests queued on the member.",
                   perMember { $0.outstanding.map(Double.init) })
        text.gauge("zkprobe_member_znodes", "Znodes in the member's data tree.",
                   perMember { $0.nodeCount.map(Double.init) })
        text.gauge("zkprobe_member_open_file_descriptors", "File descriptors open in the member's JVM.",
                   perMember { $0.openFileDescriptors.map(Double.init) })
        text.gauge("zkprobe_member_max_file_descriptors", "File descriptor limit of the member's JVM.",
                   perMember { $0.maxFileDescriptors.map(Double.init) })
        text.gauge("zkprobe_member_synced_followers", "Followers synced with this leader.",
                   perMember { $0.syncedFollowers.map(Double.init) })
        text.gauge("zkprobe_member_pending_syncs", "Syncs pending on this leader.",
                   perMember { $0.pendingSyncs.map(Double.init) })
        text.gauge("zkprobe_member_exchange_seconds", "Seconds the member took to answer srvr.",
                   perMember { $0.exchangeSeconds })
    }

    /// The client probe's figures, measured client-side through each member (``ClientMeasurement``); a figure the
    /// probe did not reach has no sample, and no family appears when no probe ran. The error is never a label:
    /// its text would make a series per message.
    private func memberClientGauges(_ text: inout PrometheusText) {
        guard clientProbe != nil else { return }
        let figures: [(String, String, KeyPath<ClientMeasurement, Double?>)] = [
            ("connect", "Seconds the client probe took to establish a session through the member.", \.connectSeconds),
            ("round_trip", "Seconds of the client probe's sync and exists round trips through the member.",
             \.roundTripSeconds),
            ("write", "Seconds the write probe's create took through the member.", \.writeSeconds),
            ("read", "Seconds the write probe's getData took through the member.", \.readSeconds),
            ("visibility", "Seconds from the acknowledgement of the probe's watched write until the member's session "
                + "saw it.", \.visibilitySeconds),
        ]
        for (figure, help, path) in figures {
            text.gauge("zkprobe_member_client_\(figure)_seconds", help, perMember { $0.client?[keyPath: path] })
        }
        text.gauge("zkprobe_member_client_completed",
                   "1 when the client probe completed through the member, 0 when it did not.",
                   perMember { $0.client.map { $0.completed ? 1 : 0 } })
    }

    /// The packet counters (`srvr`, else `mntr`) and the first-class `mntr` gauges and counters of
    /// ``MonitorMetric``. Counters are finite and non-negative or left out.
    private func memberMonitorMetrics(_ text: inout PrometheusText) {
        for (metric, fromSrvr) in [
            (MonitorMetric.packetsReceived, \MemberReport.received), (MonitorMetric.packetsSent, \MemberReport.sent),
        ] {
            text.counter(metric.name, metric.help, perMember { m in
                Self.count(m[keyPath: fromSrvr]) ?? metric.value(in: m.monitorValues)
            })
        }
        for metric in MonitorMetric.gauges + MonitorMetric.counters {
            let samples = perMember { metric.value(in: $0.monitorValues) }
            switch metric.kind {
            case .gauge: text.gauge(metric.name, metric.help, samples)
            case .counter: text.counter(metric.name, metric.help, samples)
            }
        }
    }

    /// A count from a reply as a counter value: negative counts are unreadable, not zero.
    static func count(_ value: Int64?) -> Double? {
        guard let value, value >= 0 else { return nil }
        return Double(value)
    }

    /// One series per finding, by code and severity: what alert rules match on (`code="leader-unreachable"`).
    /// A finding about one member carries its `member` label; a finding repeated with the same labels is one series.
    private func findingGauges(_ text: inout PrometheusText) {
        var seen = Set<String>()
        var samples: [([(String, String)], Double)] = []
        for finding in findings {
            let key = finding.code.rawValue + "\u{0}" + (finding.member ?? "") + "\u{0}" + finding.severity.word
            guard seen.insert(key).inserted else { continue }
            var labels = [("code", finding.code.rawValue), ("severity", finding.severity.word)]
            if let member = finding.member { labels.append(("member", member)) }
            samples.append((labels, 1))
        }
        text.gauge("zkprobe_ensemble_finding",
                   "1 for each finding of the check, by code and severity (and member when it concerns one).",
                   samples)
    }
}

