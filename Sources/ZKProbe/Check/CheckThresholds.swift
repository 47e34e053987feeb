/// Limits above which a member's figures are a warning or critical. Each is settable by a flag of `zkprobe check`.
public struct CheckThresholds: Sendable, Equatable {
    /// Average request latency, milliseconds.
    public var latencyAvgWarning: Double = 100
    public var latencyAvgCritical: Double = 1000
    /// Maximum request latency since the server's counters were reset, milliseconds.
    public var latencyMaxWarning: Double = 2000
    public var latencyMaxCritical: Double = 10000
    /// Outstanding (queued) requests.
    public var outstandingWarning: Int = 10
    public var outstandingCritical: Int = 100
    /// Open file descriptors as a percentage of the maximum.
    public var fileDescriptorsWarningPercent: Double = 80
    public var fileDescriptorsCriticalPercent: Double = 95
    /// How many transactions a member's zxid may trail the leader's (same epoch).
    public var lagWarning: UInt64 = 1000
    public var lagCritical: UInt64 = 100_000
    /// Pending syncs on the leader.
    public var pendingSyncsWarning: Int = 10

    public init() {}
}
