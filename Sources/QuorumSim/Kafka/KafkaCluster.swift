/// The Kafka cluster beside the ensemble: brokers over the scenario's zones, topics with their replica
/// assignment, and which quorum holds the cluster's metadata (docs/kafka.md).
///
/// Like `Scenario`, a value is not validated: `ScenarioFile` checks files (ids unique, zones in range,
/// 1 ≤ min.insync.replicas ≤ replication factor ≤ brokers, explicit replica lists of known distinct brokers), and
/// code building one must keep those rules.
public struct KafkaCluster: Sendable, Equatable {
    /// The brokers, 1 … 64, each in one of the scenario's zones (`broker.rack`).
    public var brokers: [KafkaBroker]
    /// The fault process of every broker without its own; `nil`: `ModelDefaults.brokerFaults`.
    public var brokerFaults: FaultProcess?
    /// Hours a replica that comes back needs before it rejoins the ISR (0: at once). While it catches up it is
    /// not in sync: it counts neither for min.insync.replicas nor as a leader candidate.
    public var catchUp: Double
    /// The topics, 1 … 64, names unique.
    public var topics: [KafkaTopic]
    /// Where the cluster's metadata lives: the scenario's `servers` are that quorum's voters.
    public var metadata: MetadataQuorum

    /// A cluster as given (see the type's rules).
    public init(
        brokers: [KafkaBroker], brokerFaults: FaultProcess? = nil, catchUp: Double = 0, topics: [KafkaTopic],
        metadata: MetadataQuorum
    ) {
        self.brokers = brokers
        self.brokerFaults = brokerFaults
        self.catchUp = catchUp
        self.topics = topics
        self.metadata = metadata
    }

    /// The fault process broker `index` runs: its own, else `brokerFaults`, else the defaults.
    public func faults(ofBroker index: Int) -> FaultProcess {
        brokers[index].faults ?? brokerFaults ?? ModelDefaults.brokerFaults
    }

    /// The largest broker count, topic count, partitions per topic and partitions in all.
    public static let maxBrokers = 64
    public static let maxTopics = 64
    public static let maxPartitionsPerTopic = 10_000
    public static let maxPartitions = 100_000
}

/// One Kafka broker.
public struct KafkaBroker: Sendable, Equatable {
    /// `broker.id` / `node.id`, ≥ 0 and unique among brokers. In `kraft-combined` mode a broker whose id is a
    /// server's id is that controller's process.
    public var id: Int
    /// Index into `Scenario.zones` (its `broker.rack`).
    public var zone: Int
    /// Overrides `KafkaCluster.brokerFaults`.
    public var faults: FaultProcess?

    public init(id: Int, zone: Int, faults: FaultProcess? = nil) {
        self.id = id
        self.zone = zone
        self.faults = faults
    }
}

/// One topic.
public struct KafkaTopic: Sendable, Equatable {
    public var name: String
    /// 1 … `KafkaCluster.maxPartitionsPerTopic`.
    public var partitions: Int
    /// 1 … the broker count (with an explicit assignment, every list has this length).
    public var replicationFactor: Int
    /// `min.insync.replicas`, 1 … `replicationFactor` (Kafka's default is 1).
    public var minInsyncReplicas: Int
    public var assignment: ReplicaAssignment

    public init(
        name: String, partitions: Int, replicationFactor: Int, minInsyncReplicas: Int = 1,
        assignment: ReplicaAssignment = .rackAware
    ) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.minInsyncReplicas = minInsyncReplicas
        self.assignment = assignment
    }
}

/// How a topic's replicas are placed on brokers.
public enum ReplicaAssignment: Sendable, Equatable {
    /// Kafka's `AdminUtils.assignReplicasToBrokers` with every broker's rack known: replicas on distinct racks
    /// first (`KafkaAssignment.rackAware`), with a fixed start index of 0.
    case rackAware
    /// The same without racks (`KafkaAssignment.rackUnaware`), start index 0.
    case rackUnaware
    /// Broker ids per partition, the preferred leader first (as `kafka-topics.sh --replica-assignment`).
    case explicit([[Int]])
}

/// The quorum that holds the cluster's metadata; the scenario's `servers` are its voters.
public enum MetadataQuorum: String, Sendable, Equatable, CaseIterable, Encodable {
    /// The scenario's ZooKeeper ensemble (Kafka ≤ 3.x in ZooKeeper mode).
    case zookeeper
    /// Dedicated KRaft controllers (`process.roles=controller`): the servers are the controllers.
    case kraft
    /// KRaft in combined mode (`process.roles=broker,controller`): every server is also the broker with its id,
    /// in the same zone; the two fail together, with the broker's fault process.
    case kraftCombined = "kraft-combined"

    /// How reports name the quorum: "ZooKeeper ensemble", "KRaft controllers", "KRaft controllers (combined)".
    public var label: String {
        switch self {
        case .zookeeper: return "ZooKeeper ensemble"
        case .kraft: return "KRaft controllers"
        case .kraftCombined: return "KRaft controllers (combined with brokers)"
        }
    }
}

/// A cluster compiled for analysis: every topic's replica lists as broker indices (into `KafkaCluster.brokers`),
/// the preferred leader first.
public struct KafkaLayout: Sendable, Equatable {
    public struct Topic: Sendable, Equatable {
        public var name: String
        public var minInsyncReplicas: Int
        /// One list per partition, broker indices, preferred leader first.
        public var replicas: [[Int]]

        public init(name: String, minInsyncReplicas: Int, replicas: [[Int]]) {
            self.name = name
            self.minInsyncReplicas = minInsyncReplicas
            self.replicas = replicas
        }
    }

    /// The zone index of each broker.
    public var brokerZones: [Int]
    public var topics: [Topic]

    public init(brokerZones: [Int], topics: [Topic]) {
        self.brokerZones = brokerZones
        self.topics = topics
    }
}

extension ModelDefaults {
    /// A broker is a host and a JVM like a ZooKeeper server: the same figures (`serverMTTF`, `serverMTTR`), both
    /// exponential; docs/kafka.md gives the sources.
    public static var brokerFaults: FaultProcess { serverFaults }
}
