/// Limits at or above which a member's figures are a warning or critical. Each is settable by a flag of `zkprobe
/// check`.
public struct CheckThresholds: Sendable, Equatable {
    /// Average request latency at or above which a member is a warning, milliseconds (`--latency-avg-warning`).
    public var latencyAvgWarning: Double = 100
    /// Average request latency at or above which a member is critical, milliseconds (`--latency-avg-critical`).
    public var latencyAvgCritical: Double = 1000
    /// Maximum request latency (since the server's counters were reset) at or above which a member is a warning,
    /// milliseconds (`--latency-max-warning`). Off (infinite) by default: the maximum counts from server start, so
    /// one spike would page on every run until a restart or `srst`.
    public var latencyMaxWarning: Double = .infinity
    /// Maximum request latency at or above which a member is critical, milliseconds (`--latency-max-critical`);
    /// off by default.
    public var latencyMaxCritical: Double = .infinity
    /// The check's own round trip for `srvr` (connect, send, reply) at or above which a member is a warning,
    /// milliseconds (`--round-trip-warning`): latency measured now, not since start. Off by default.
    public var roundTripWarning: Double = .infinity
    /// The round trip at or above which a member is critical, milliseconds (`--round-trip-critical`).
    public var roundTripCritical: Double = .infinity
    /// Outstanding (queued) requests at or above which a member is a warning (`--outstanding-warning`).
    public var outstandingWarning: Int = 10
    /// Outstanding requests at or above which a member is critical (`--outstanding-critical`).
    public var outstandingCritical: Int = 100
    /// Open file descriptors, percent of the limit, at or above which a member is a warning (`--fd-warning`).
    public var fileDescriptorsWarningPercent: Double = 80
    /// Open file descriptors, percent of the limit, at or above which a member is critical (`--fd-critical`).
    public var fileDescriptorsCriticalPercent: Double = 95
    /// Transactions behind the leader (same epoch) at or above which a member is a warning (`--lag-warning`).
    public var lagWarning: UInt64 = 1000
    /// Transactions behind the leader at or above which a member is critical (`--lag-critical`).
    public var lagCritical: UInt64 = 100_000
    /// Pending syncs on the leader at or above which the check warns (`--pending-syncs-warning`).
    public var pendingSyncsWarning: Int = 10

    public init() {}
}
