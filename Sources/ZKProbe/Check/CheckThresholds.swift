/// The ranges in which a member's figures are a warning or critical, in the Monitoring Plugins' range syntax
/// (``ThresholdRange``). Each is settable by a flag of `zkprobe check`; a plain number there (and a number
/// literal here) means "at or above N alerts", the range `@N:`. `nil` is off: the figure is never judged.
public struct CheckThresholds: Sendable, Equatable {
    /// Average request latency that is a warning, milliseconds (`--latency-avg-warning`; default `@100:`).
    public var latencyAvgWarning: ThresholdRange? = 100
    /// Average request latency that is critical, milliseconds (`--latency-avg-critical`; default `@1000:`).
    public var latencyAvgCritical: ThresholdRange? = 1000
    /// Maximum request latency (since the server's counters were reset) that is a warning, milliseconds
    /// (`--latency-max-warning`). Off by default: the maximum counts from server start, so one spike would page
    /// on every run until a restart or `srst`.
    public var latencyMaxWarning: ThresholdRange?
    /// Maximum request latency that is critical, milliseconds (`--latency-max-critical`); off by default.
    public var latencyMaxCritical: ThresholdRange?
    /// The check's own round trip for `srvr` (connect, send, reply) that is a warning, milliseconds
    /// (`--round-trip-warning`): latency measured now, not since start. Off by default.
    public var roundTripWarning: ThresholdRange?
    /// The round trip that is critical, milliseconds (`--round-trip-critical`). Off by default.
    public var roundTripCritical: ThresholdRange?
    /// Outstanding (queued) requests that are a warning (`--outstanding-warning`; default `@10:`).
    public var outstandingWarning: ThresholdRange? = 10
    /// Outstanding requests that are critical (`--outstanding-critical`; default `@100:`).
    public var outstandingCritical: ThresholdRange? = 100
    /// Open file descriptors, percent of the limit, that are a warning (`--fd-warning`; default `@80:`).
    public var fileDescriptorsWarningPercent: ThresholdRange? = 80
    /// Open file descriptors, percent of the limit, that are critical (`--fd-critical`; default `@95:`).
    public var fileDescriptorsCriticalPercent: ThresholdRange? = 95
    /// Transactions behind the leader (same epoch) that are a warning (`--lag-warning`; default `@1000:`).
    public var lagWarning: ThresholdRange? = 1000
    /// Transactions behind the leader that are critical (`--lag-critical`; default `@100000:`).
    public var lagCritical: ThresholdRange? = 100_000
    /// Pending syncs on the leader that are a warning (`--pending-syncs-warning`; default `@10:`).
    public var pendingSyncsWarning: ThresholdRange? = 10

    public init() {}

    /// The severity of `value` against a warning and a critical range: critical first, then warning, with the
    /// range that fired; `nil` when neither alerts (or the value is NaN).
    public static func judge(_ value: Double, warning: ThresholdRange?, critical: ThresholdRange?)
        -> (severity: Severity, range: ThresholdRange)?
    {
        if let critical, critical.alerts(value) { return (.critical, critical) }
        if let warning, warning.alerts(value) { return (.warning, warning) }
        return nil
    }
}
