/// What losing a zone or a few brokers does to a Kafka cluster's partitions, for `quorumsim tolerance`
/// (docs/kafka.md, "`quorumsim tolerance` and `--kafka-describe`", lists every JSON key).
///
/// No probabilities: every partition is counted once per loss. A partition is **unwritable** (acks=all) when fewer
/// than its topic's `min.insync.replicas` in-sync replicas are left alive, and **offline** when none is; offline
/// partitions are unwritable too. When the same loss also loses the metadata quorum, no leader fails over and no
/// ISR shrinks: then a partition is offline when its leader was lost and unwritable when any in-sync replica was.
///
/// The types of the report are built by `KafkaTolerance` only (memberwise initialisers) and only written (`Encodable`:
/// no decoder is generated for a report nothing reads back).
public struct KafkaToleranceReport: Sendable, Encodable {
    /// The metadata quorum, written as the scenario names it (`"zookeeper"`, `"kraft"` or `"kraft-combined"`); nil
    /// when it is not known (`--kafka-describe`).
    public var metadata: MetadataQuorum?
    /// Every broker, by id.
    public var brokers: [KafkaToleranceBroker]
    /// Every topic, in input order.
    public var topics: [KafkaToleranceTopic]
    /// Broker ids the input shows down today (a described cluster only: the in-sync replicas of leaderless
    /// partitions, and `Offline:` replicas).
    public var downToday: [Int]
    /// Nothing more lost: the partitions already unwritable or offline (a described cluster's Isr as it is).
    public var today: KafkaLoss
    /// Fewest brokers whose loss leaves some partition unwritable (0: one is already), nil when no set of the sizes
    /// examined does.
    public var brokersToUnwritable: Int?
    /// One such set of broker ids (the worst of its size).
    public var unwritableExample: [Int]
    /// Fewest brokers whose loss leaves some partition offline (0: one is already), nil as above.
    public var brokersToOffline: Int?
    /// One such set of broker ids.
    public var offlineExample: [Int]
    /// One entry per zone, in zone order: that zone lost with every broker (and metadata voter) in it.
    public var zones: [KafkaLoss]
    /// One entry per set size k = 1 … `examinedUpTo`.
    public var brokerSets: [KafkaBrokerSets]
    /// The largest k examined.
    public var examinedUpTo: Int
    /// Why larger sets were not examined, nil when k reached the largest in-sync replica count.
    public var notExamined: String?
}

/// One broker and its zone (`broker.rack`).
public struct KafkaToleranceBroker: Sendable, Encodable {
    public var id: Int
    public var zone: String
}

/// One topic as analysed.
public struct KafkaToleranceTopic: Sendable, Encodable {
    public var name: String
    public var partitions: Int
    /// The largest replica count of its partitions.
    public var replicationFactor: Int
    public var minInsyncReplicas: Int
    /// True when `min.insync.replicas` was not in the input and `--min-insync` (default 1) was used.
    public var minInsyncAssumed: Bool
}

/// What one loss leaves: partitions unwritable and offline, per topic and in all.
public struct KafkaLoss: Sendable, Encodable {
    /// The zone lost, nil for a set of brokers.
    public var zone: String?
    /// Ids of the brokers lost.
    public var brokers: [Int]
    /// Partitions left unwritable (offline ones included), in all topics.
    public var unwritable: Int
    /// Partitions left offline.
    public var offline: Int
    /// The topics with at least one unwritable partition, in topic order.
    public var topics: [KafkaTopicDamage]
    /// Whether the metadata quorum survives the same loss; nil when it is not known (counted as surviving).
    public var metadataQuorumSurvives: Bool?
}

/// One topic's damage in a loss.
public struct KafkaTopicDamage: Sendable, Encodable {
    public var topic: String
    public var unwritable: Int
    public var offline: Int
}

/// Every set of k brokers lost.
public struct KafkaBrokerSets: Sendable, Encodable {
    public var k: Int
    /// C(brokers, k): every set was examined.
    public var sets: Int
    /// Sets that leave at least one partition unwritable.
    public var setsUnwritable: Int
    /// Sets that leave at least one partition offline.
    public var setsOffline: Int
    /// Sets that also lose the metadata quorum (KRaft combined mode only; 0 otherwise).
    public var setsLosingMetadataQuorum: Int
    /// Up to `KafkaTolerance.worstSets` sets, the most offline partitions first, then the most unwritable, then
    /// the first in id order; only sets that leave something unwritable.
    public var worst: [KafkaLoss]
}
