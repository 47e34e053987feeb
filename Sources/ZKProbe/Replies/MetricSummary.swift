/// One summary metric of a 3.6+ `mntr`: the `zk_avg_X`, `zk_min_X`, `zk_max_X`, `zk_cnt_X`, `zk_sum_X` lines
/// (`AvgMinMaxCounter`) and, for percentile summaries, `zk_p50_X`, `zk_p95_X`, `zk_p99_X`, `zk_p999_X`
/// (`AvgMinMaxPercentileCounter`).
///
/// Summary sets put their key before the name: `zk_avg_1_learner_handler_qp_size` is summary
/// `1_learner_handler_qp_size`.
public struct MetricSummary: Sendable, Hashable {
    /// `X`, without `zk_` and the statistic.
    public let name: String
    /// `zk_avg_X`; `nil` when absent, `NaN` when the server printed `NaN`. Units are the metric's own (milliseconds for
    /// latencies).
    public let average: Double?
    /// `zk_min_X`, the smallest value recorded since start or the last reset; `nil` when absent.
    public let min: Int64?
    /// `zk_max_X`, the largest value recorded since start or the last reset; `nil` when absent.
    public let max: Int64?
    /// `zk_cnt_X`, how many values were recorded; `nil` when absent.
    public let count: Int64?
    /// `zk_sum_X`, the total of the values recorded; `nil` when absent.
    public let sum: Int64?
    /// `zk_p50_X`, the median (percentile summaries only); `nil` when absent, `NaN` while there are no samples.
    public let p50: Double?
    /// `zk_p95_X` (percentile summaries only); `nil` when absent, may be `NaN`.
    public let p95: Double?
    /// `zk_p99_X` (percentile summaries only); `nil` when absent, may be `NaN`.
    public let p99: Double?
    /// `zk_p999_X`, the 99.9th percentile (percentile summaries only); `nil` when absent, may be `NaN`.
    public let p999: Double?

    /// Builds a summary from its statistics; the percentiles default to `nil` (a plain `AvgMinMaxCounter`).
    public init(
        name: String, average: Double?, min: Int64?, max: Int64?, count: Int64?, sum: Int64?, p50: Double? = nil,
        p95: Double? = nil, p99: Double? = nil, p999: Double? = nil
    ) {
        self.name = name
        self.average = average
        self.min = min
        self.max = max
        self.count = count
        self.sum = sum
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.p999 = p999
    }

    /// Whether the summary has percentiles.
    public var hasPercentiles: Bool { p50 != nil || p95 != nil || p99 != nil || p999 != nil }

    /// The statistics a summary line can carry, by the prefix after `zk_`.
    static let statistics = ["avg_", "min_", "max_", "cnt_", "sum_", "p50_", "p95_", "p99_", "p999_"]
}
