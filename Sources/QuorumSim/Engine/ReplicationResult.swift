/// What one replication (one simulated history of `hours`) measured.
public struct ReplicationResult: Sendable, Equatable {
    /// Simulated time, in hours.
    public var hours: Double = 0
    /// Time writes were unavailable (no quorum, or an election in progress), in hours.
    public var unavailableHours: Double = 0
    /// Time no quorum could be formed (`canServe` false), in hours.
    public var noQuorumHours: Double = 0
    /// Quorum-loss episodes that started (including one still open at the end).
    public var episodes: Int = 0
    /// Episodes that ended before the horizon (including one already in progress at time 0, which `episodes`
    /// does not count).
    public var completedEpisodes: Int = 0
    /// Total length of the completed episodes, in hours.
    public var completedEpisodeHours: Double = 0
    /// Lengths of the completed episodes.
    public var episodeLengths = EpisodeHistogram()
    /// Elections started (including abandoned ones and, without an `election`
    /// section, the instant ones).
    public var elections: Int = 0
    /// Maintenance restarts begun.
    public var maintenanceRestarts: Int = 0
    /// Maintenance restarts begun while another voter was down (its own fault or its zone's outage).
    public var restartsWithVoterDown: Int = 0
    /// Maintenance cycles abandoned because the ensemble was not healthy within `Maintenance.healthWait`
    /// (the safe procedure only).
    public var maintenanceCyclesAbandoned: Int = 0
    /// Whole years (8766 h each) in the horizon.
    public var wholeYears: Int = 0
    /// Whole years that overlap at least part of a quorum-loss episode.
    public var yearsWithEpisode: Int = 0
    /// Events processed.
    public var events: UInt64 = 0
    /// The Kafka cluster's figures; `nil` without a `kafka` section.
    public var kafka: KafkaReplicationResult?

    public init() {}
}
