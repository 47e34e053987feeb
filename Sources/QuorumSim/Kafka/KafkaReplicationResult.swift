/// What one replication measured of the Kafka cluster: per topic, in the scenario's order, and for the cluster.
public struct KafkaReplicationResult: Sendable, Equatable {
    public var topics: [KafkaScopeResult]
    public var cluster: KafkaScopeResult

    public init(topics: [KafkaScopeResult], cluster: KafkaScopeResult) {
        self.topics = topics
        self.cluster = cluster
    }
}

/// One topic's (or the cluster's) figures in one replication; hours of simulated time.
public struct KafkaScopeResult: Sendable, Equatable {
    /// Time with at least one partition unwritable (acks=all), offline.
    public var unwritableHours: Double = 0
    public var offlineHours: Double = 0
    /// Partition-hours unwritable, offline.
    public var unwritablePartitionHours: Double = 0
    public var offlinePartitionHours: Double = 0
    /// Episodes of "at least one partition unwritable" (offline) that started after time 0.
    public var unwritableEpisodes: Int = 0
    public var offlineEpisodes: Int = 0
    /// Whole years overlapping an episode of each.
    public var yearsWithUnwritable: Int = 0
    public var yearsWithOffline: Int = 0

    public init(
        unwritableHours: Double = 0, offlineHours: Double = 0, unwritablePartitionHours: Double = 0,
        offlinePartitionHours: Double = 0, unwritableEpisodes: Int = 0, offlineEpisodes: Int = 0,
        yearsWithUnwritable: Int = 0, yearsWithOffline: Int = 0
    ) {
        self.unwritableHours = unwritableHours
        self.offlineHours = offlineHours
        self.unwritablePartitionHours = unwritablePartitionHours
        self.offlinePartitionHours = offlinePartitionHours
        self.unwritableEpisodes = unwritableEpisodes
        self.offlineEpisodes = offlineEpisodes
        self.yearsWithUnwritable = yearsWithUnwritable
        self.yearsWithOffline = yearsWithOffline
    }
}

extension KafkaMetrics {
    /// Combines the Kafka part of `results` (in replication order) for `cluster`; `nil` when a replication has
    /// none.
    public init?(cluster: KafkaCluster, replications results: [ReplicationResult]) {
        let parts = results.compactMap(\.kafka)
        guard !parts.isEmpty, parts.count == results.count else { return nil }
        let hours = results.map(\.hours)
        let wholeYears = results.map(\.wholeYears)
        func metrics(_ name: String, _ partitions: Int, _ scope: (KafkaReplicationResult) -> KafkaScopeResult) -> KafkaTopicMetrics {
            let scopes = parts.map(scope)
            let minutesPerYear = hoursPerYear * 60
            func perYear(_ value: (KafkaScopeResult) -> Double, scale: Double, bounds: ClosedRange<Double>) -> Estimate {
                Estimate(samples: zip(scopes, hours).map { value($0) / $1 * scale }, bounds: bounds)
            }
            let minutes = 0.0...minutesPerYear
            let positive = 0.0...Double.infinity
            func years(_ value: (KafkaScopeResult) -> Int) -> Estimate? {
                guard wholeYears.allSatisfy({ $0 > 0 }) else { return nil }
                return Estimate(samples: zip(scopes, wholeYears).map { Double(value($0)) / Double($1) }, bounds: 0...1)
            }
            return KafkaTopicMetrics(
                name: name, partitions: partitions,
                unwritableMinutesPerYear: perYear(\.unwritableHours, scale: minutesPerYear, bounds: minutes),
                offlineMinutesPerYear: perYear(\.offlineHours, scale: minutesPerYear, bounds: minutes),
                unwritablePartitionMinutesPerYear: perYear(
                    \.unwritablePartitionHours, scale: minutesPerYear, bounds: positive),
                offlinePartitionMinutesPerYear: perYear(\.offlinePartitionHours, scale: minutesPerYear, bounds: positive),
                unwritableEpisodesPerYear: perYear({ Double($0.unwritableEpisodes) }, scale: hoursPerYear, bounds: positive),
                offlineEpisodesPerYear: perYear({ Double($0.offlineEpisodes) }, scale: hoursPerYear, bounds: positive),
                yearWithOfflineProbability: years(\.yearsWithOffline),
                yearWithUnwritableProbability: years(\.yearsWithUnwritable))
        }
        let partitions = cluster.topics.map(\.partitions)
        self.init(
            topics: cluster.topics.indices.map { t in metrics(cluster.topics[t].name, partitions[t]) { $0.topics[t] } },
            cluster: metrics("cluster", partitions.reduce(0, +)) { $0.cluster })
    }
}
