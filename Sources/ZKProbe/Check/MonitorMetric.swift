/// One `mntr` value exported as a first-class metric of every member (not only under `--all-mntr`).
///
/// The table is the one place that says which `mntr` keys become which metric, in which base unit, and whether
/// the value is a counter (monotonic since the server started or the last `srst`) or a gauge. Values come from the
/// server and are hostile: ``value(in:)`` drops anything that is not a finite number within ``range`` after
/// scaling, so `NaN`, infinities and negative counts never reach the exposition.
struct MonitorMetric: Sendable {
    /// How Prometheus should read the value.
    enum Kind: Sendable { case gauge, counter }

    /// The metric name, `zkprobe_member_…`; counters end in `_total`.
    let name: String
    /// The HELP text.
    let help: String
    /// Gauge or counter.
    let kind: Kind
    /// The `mntr` keys that carry it, first present wins (`zk_learners` from 3.6, `zk_followers` before).
    let keys: [String]
    /// Divides the `mntr` value into the base unit (1000 for milliseconds to seconds). Dividing by an exact 1000
    /// gives the double nearest the decimal (304078 ms is `304.078` s); multiplying by `0.001`, which a double only
    /// approximates, gives `304.07800000000003`.
    let divisor: Double
    /// Values outside this range (after scaling) are dropped as unreadable.
    let range: ClosedRange<Double>

    /// The largest count kept: beyond 2^53 a double no longer holds every integer.
    static let largestCount = 9_007_199_254_740_992.0

    init(
        _ name: String, _ kind: Kind, _ keys: [String], divisor: Double = 1, range: ClosedRange<Double>? = nil,
        _ help: String
    ) {
        self.name = name
        self.help = help
        self.kind = kind
        self.keys = keys
        self.divisor = divisor
        self.range = range ?? 0...(Self.largestCount / divisor)
    }

    /// The scaled value of the first of ``keys`` that `samples` holds, or `nil` when none is there or its value is
    /// not a finite number in ``range``.
    func value(in samples: [MonitorSample]) -> Double? {
        for key in keys {
            guard let sample = samples.first(where: { $0.key == key }) else { continue }
            let scaled = sample.value / divisor
            return scaled.isFinite && range.contains(scaled) ? scaled : nil
        }
        return nil
    }

    /// `zk_packets_received`, the fallback of `srvr`'s `Received:`.
    static let packetsReceived = MonitorMetric(
        "zkprobe_member_packets_received_total", .counter, ["zk_packets_received"],
        "Packets received from clients since the server started or the last srst (srvr, else mntr).")
    /// `zk_packets_sent`, the fallback of `srvr`'s `Sent:`.
    static let packetsSent = MonitorMetric(
        "zkprobe_member_packets_sent_total", .counter, ["zk_packets_sent"],
        "Packets sent to clients since the server started or the last srst (srvr, else mntr).")

    /// `zk_local_sessions`: a member with local sessions (`localSessionsEnabled`) makes a session probe prove less.
    static let localSessions = MonitorMetric(
        "zkprobe_member_local_sessions", .gauge, ["zk_local_sessions"],
        "Local sessions (mntr zk_local_sessions, 3.6+).")

    /// Gauges operators chart, read from `mntr` (3.6+ for the uptimes and sessions; leader only where noted).
    static let gauges: [MonitorMetric] = [
        MonitorMetric(
            "zkprobe_member_watches", .gauge, ["zk_watch_count"],
            "Watches set on the member (mntr zk_watch_count)."),
        MonitorMetric(
            "zkprobe_member_ephemerals", .gauge, ["zk_ephemerals_count"],
            "Ephemeral znodes (mntr zk_ephemerals_count)."),
        MonitorMetric(
            "zkprobe_member_approximate_data_size_bytes", .gauge, ["zk_approximate_data_size"],
            "Approximate size of the data tree in bytes (mntr zk_approximate_data_size)."),
        MonitorMetric(
            "zkprobe_member_uptime_seconds", .gauge, ["zk_uptime"], divisor: 1000,
            "Seconds since the member's server started (mntr zk_uptime, 3.6+)."),
        MonitorMetric(
            "zkprobe_member_leader_uptime_seconds", .gauge, ["zk_leader_uptime"], divisor: 1000,
            "Seconds this member has led (mntr zk_leader_uptime, leader only, 3.6+)."),
        MonitorMetric(
            "zkprobe_member_global_sessions", .gauge, ["zk_global_sessions"],
            "Global sessions (mntr zk_global_sessions, 3.6+)."),
        localSessions,
        MonitorMetric(
            "zkprobe_member_learners", .gauge, ["zk_learners", "zk_followers"],
            "Learners connected to this leader (mntr zk_learners, zk_followers before 3.6)."),
        MonitorMetric(
            "zkprobe_member_synced_non_voting_followers", .gauge, ["zk_synced_non_voting_followers"],
            "Synced non-voting followers of this leader (mntr, 3.6+)."),
        MonitorMetric(
            "zkprobe_member_synced_observers", .gauge, ["zk_synced_observers"],
            "Synced observers of this leader (mntr, 3.6+)."),
        MonitorMetric(
            "zkprobe_member_quorum_size", .gauge, ["zk_quorum_size"],
            "Voting members the member counts (mntr zk_quorum_size, 3.6+)."),
    ]

    /// Monotonic `mntr` counters (ZooKeeper's `ServerMetrics` counters, and `ServerStats` totals), as `_total`.
    /// The packet counters come from `srvr` first (``CheckReport``); these keys are the fallback when `srvr`
    /// was not readable.
    static let counters: [MonitorMetric] = [
        MonitorMetric(
            "zkprobe_member_received_bytes_total", .counter, ["zk_bytes_received_count"],
            "Bytes received from clients (mntr zk_bytes_received_count)."),
        MonitorMetric(
            "zkprobe_member_connection_requests_total", .counter, ["zk_connection_request_count"],
            "Client connection requests (mntr zk_connection_request_count)."),
        MonitorMetric(
            "zkprobe_member_connection_drops_total", .counter, ["zk_connection_drop_count"],
            "Client connections dropped (mntr zk_connection_drop_count)."),
        MonitorMetric(
            "zkprobe_member_connections_rejected_total", .counter, ["zk_connection_rejected"],
            "Client connections rejected by throttling (mntr zk_connection_rejected)."),
        MonitorMetric(
            "zkprobe_member_auth_failures_total", .counter, ["zk_auth_failed_count"],
            "Failed client authentications (mntr zk_auth_failed_count)."),
        MonitorMetric(
            "zkprobe_member_sessions_expired_total", .counter, ["zk_stale_sessions_expired"],
            "Sessions expired (mntr zk_stale_sessions_expired)."),
        MonitorMetric(
            "zkprobe_member_looking_total", .counter, ["zk_looking_count"],
            "Times the member entered leader election (mntr zk_looking_count)."),
        MonitorMetric(
            "zkprobe_member_proposals_total", .counter, ["zk_proposal_count"],
            "Proposals this member sent as leader (mntr zk_proposal_count)."),
        MonitorMetric(
            "zkprobe_member_commits_total", .counter, ["zk_commit_count"],
            "Commits (mntr zk_commit_count)."),
        MonitorMetric(
            "zkprobe_member_diff_syncs_total", .counter, ["zk_diff_count"],
            "Learner syncs by DIFF (mntr zk_diff_count)."),
        MonitorMetric(
            "zkprobe_member_snapshot_syncs_total", .counter, ["zk_snap_count"],
            "Learner syncs by full snapshot (mntr zk_snap_count)."),
        MonitorMetric(
            "zkprobe_member_fsync_threshold_exceeded_total", .counter, ["zk_fsync_threshold_exceed_count"],
            "Fsyncs slower than fsync.warningthresholdms (mntr zk_fsync_threshold_exceed_count)."),
        MonitorMetric(
            "zkprobe_member_throttled_request_waits_total", .counter, ["zk_request_throttle_wait_count"],
            "Requests that waited in the request throttle (mntr zk_request_throttle_wait_count)."),
        MonitorMetric(
            "zkprobe_member_large_requests_rejected_total", .counter, ["zk_large_requests_rejected"],
            "Requests rejected as too large (mntr zk_large_requests_rejected)."),
        MonitorMetric(
            "zkprobe_member_digest_mismatches_total", .counter, ["zk_digest_mismatches_count"],
            "Data tree digest mismatches (mntr zk_digest_mismatches_count)."),
        MonitorMetric(
            "zkprobe_member_unrecoverable_errors_total", .counter, ["zk_unrecoverable_error_count"],
            "Unrecoverable errors (mntr zk_unrecoverable_error_count)."),
    ]
}
