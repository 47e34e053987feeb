/// Exact Kafka figures of one topic, or of the whole cluster (every topic's partitions), in the memoryless model
/// of `KafkaExact`: a replica is in sync while its broker is up.
public struct KafkaTopicFigures: Sendable, Equatable {
    /// The topic's name; "cluster" for the whole cluster.
    public var name: String
    /// Partitions counted.
    public var partitions: Int
    /// Long-run fraction of time with at least one partition unwritable with acks=all (fewer than
    /// min.insync.replicas replicas in sync, or no leader).
    public var unwritable: Double
    /// Long-run fraction of time with at least one partition offline (no in-sync replica up: unreadable).
    public var offline: Double
    /// Long-run mean number of unwritable partitions (Σ over partitions of each one's unwritable fraction).
    public var unwritablePartitions: Double
    /// Long-run mean number of offline partitions.
    public var offlinePartitions: Double
    /// Episodes per year of "some partition unwritable" starting; `nil` unless every fault time is exponential.
    public var unwritableEpisodesPerYear: Double?
    /// Episodes per year of "some partition offline" starting; `nil` unless every fault time is exponential.
    public var offlineEpisodesPerYear: Double?

    public init(
        name: String, partitions: Int, unwritable: Double, offline: Double, unwritablePartitions: Double,
        offlinePartitions: Double, unwritableEpisodesPerYear: Double? = nil, offlineEpisodesPerYear: Double? = nil
    ) {
        self.name = name
        self.partitions = partitions
        self.unwritable = unwritable
        self.offline = offline
        self.unwritablePartitions = unwritablePartitions
        self.offlinePartitions = offlinePartitions
        self.unwritableEpisodesPerYear = unwritableEpisodesPerYear
        self.offlineEpisodesPerYear = offlineEpisodesPerYear
    }

    /// Minutes per year (8766 h) with at least one partition unwritable.
    public var unwritableMinutesPerYear: Double { unwritable * hoursPerYear * 60 }
    /// Minutes per year with at least one partition offline.
    public var offlineMinutesPerYear: Double { offline * hoursPerYear * 60 }
    /// Expected partition-minutes unwritable per year.
    public var unwritablePartitionMinutesPerYear: Double { unwritablePartitions * hoursPerYear * 60 }
    /// Expected partition-minutes offline per year.
    public var offlinePartitionMinutesPerYear: Double { offlinePartitions * hoursPerYear * 60 }
}

/// Exact figures of a cluster: per topic, in the scenario's order, and for the cluster.
public struct KafkaFigures: Sendable, Equatable {
    public var topics: [KafkaTopicFigures]
    public var cluster: KafkaTopicFigures

    public init(topics: [KafkaTopicFigures], cluster: KafkaTopicFigures) {
        self.topics = topics
        self.cluster = cluster
    }
}

/// Simulated Kafka figures of one topic or of the cluster, each a mean over replications with a 95 % interval;
/// rates per simulated year, times in minutes.
public struct KafkaTopicMetrics: Sendable, Equatable {
    public var name: String
    public var partitions: Int
    /// Minutes per year with at least one partition unwritable (acks=all).
    public var unwritableMinutesPerYear: Estimate
    /// Minutes per year with at least one partition offline.
    public var offlineMinutesPerYear: Estimate
    /// Partition-minutes per year unwritable.
    public var unwritablePartitionMinutesPerYear: Estimate
    /// Partition-minutes per year offline.
    public var offlinePartitionMinutesPerYear: Estimate
    /// Episodes per year of "some partition unwritable" starting.
    public var unwritableEpisodesPerYear: Estimate
    /// Episodes per year of "some partition offline" starting.
    public var offlineEpisodesPerYear: Estimate
    /// Fraction of whole simulated years with at least one partition offline; `nil` when a replication is
    /// shorter than a year.
    public var yearWithOfflineProbability: Estimate?
    /// Fraction of whole simulated years with at least one partition unwritable; `nil` likewise.
    public var yearWithUnwritableProbability: Estimate?

    public init(
        name: String, partitions: Int, unwritableMinutesPerYear: Estimate, offlineMinutesPerYear: Estimate,
        unwritablePartitionMinutesPerYear: Estimate, offlinePartitionMinutesPerYear: Estimate,
        unwritableEpisodesPerYear: Estimate, offlineEpisodesPerYear: Estimate,
        yearWithOfflineProbability: Estimate?, yearWithUnwritableProbability: Estimate?
    ) {
        self.name = name
        self.partitions = partitions
        self.unwritableMinutesPerYear = unwritableMinutesPerYear
        self.offlineMinutesPerYear = offlineMinutesPerYear
        self.unwritablePartitionMinutesPerYear = unwritablePartitionMinutesPerYear
        self.offlinePartitionMinutesPerYear = offlinePartitionMinutesPerYear
        self.unwritableEpisodesPerYear = unwritableEpisodesPerYear
        self.offlineEpisodesPerYear = offlineEpisodesPerYear
        self.yearWithOfflineProbability = yearWithOfflineProbability
        self.yearWithUnwritableProbability = yearWithUnwritableProbability
    }
}

/// Simulated figures of a cluster: per topic and for the cluster.
public struct KafkaMetrics: Sendable, Equatable {
    public var topics: [KafkaTopicMetrics]
    public var cluster: KafkaTopicMetrics

    public init(topics: [KafkaTopicMetrics], cluster: KafkaTopicMetrics) {
        self.topics = topics
        self.cluster = cluster
    }
}

/// What a run says of the Kafka cluster: the simulated figures and, where known, the exact ones.
public struct KafkaReport: Sendable, Equatable {
    /// Which quorum the scenario's servers are (the ensemble figures of the report are that quorum's).
    public var metadata: MetadataQuorum
    /// The simulation's figures; `nil` when the run did not simulate the cluster.
    public var simulated: KafkaMetrics?
    /// The memoryless model's exact figures (`KafkaExact`); `nil` when not computed (too many brokers).
    public var exact: KafkaFigures?
    /// Why the exact figures are only a lower bound on the unavailability for this scenario (catch-up time, a
    /// metadata quorum that can be lost): sentences; empty when they are exact for it.
    public var exactBoundReasons: [String]

    public init(
        metadata: MetadataQuorum, simulated: KafkaMetrics? = nil, exact: KafkaFigures? = nil,
        exactBoundReasons: [String] = []
    ) {
        self.metadata = metadata
        self.simulated = simulated
        self.exact = exact
        self.exactBoundReasons = exactBoundReasons
    }
}

extension KafkaReport {
    /// What `quorumsim run` reports of `scenario`'s cluster: `simulated` (what the simulation measured, if it
    /// did) beside `KafkaExact`'s figures and bound reasons; `nil` without a `kafka` section.
    public init?(scenario: Scenario, simulated: KafkaMetrics?) {
        guard let cluster = scenario.kafka else { return nil }
        let exact = KafkaExact.figures(of: scenario)
        self.init(
            metadata: cluster.metadata, simulated: simulated, exact: exact,
            exactBoundReasons: KafkaExact.boundReasons(of: scenario, figures: exact))
    }
}
