/// Kafka's replica placement for a new topic (`AdminUtils.assignReplicasToBrokers`: server-common's
/// org/apache/kafka/admin/AdminUtils.java, core's kafka/admin/AdminUtils.scala up to 3.x), which ZooKeeper-mode
/// `kafka-topics.sh --create` and `kafka-reassign-partitions.sh --generate` use, with a fixed start index so that the
/// result is reproducible; Kafka draws the start index and the shift at random unless told.
///
/// Checked line by line against AdminUtils.java at apache/kafka 1eb7644349cb (and the Scala one at 2.8.0, the same
/// code); KafkaAssignmentTests holds Kafka's own fixtures and assignments computed by running that AdminUtils.java.
/// KRaft controllers create topics with their own `StripedReplicaPlacer` instead (docs/kafka.md).
public enum KafkaAssignment {
    /// `assignReplicasToBrokersRackUnaware(nPartitions, replicationFactor, brokerList, fixedStartIndex,
    /// startPartitionId)`: broker ids per partition, preferred leader first. `brokers` need not be sorted: they are
    /// taken in id order, as `AdminZkClient.getBrokerMetadatas` hands them to AdminUtils. `fixedStartIndex` ≥ 0.
    public static func rackUnaware(
        brokers: [Int], partitions: Int, replicationFactor: Int, fixedStartIndex: Int = 0, startPartitionId: Int = 0
    ) -> [[Int]] {
        let sorted = brokers.sorted()
        let n = sorted.count
        guard n > 0, replicationFactor >= 1, replicationFactor <= n, partitions >= 0, fixedStartIndex >= 0 else {
            return []
        }
        return walk(
            brokerCount: n, partitions: partitions, fixedStartIndex: fixedStartIndex, startPartitionId: startPartitionId
        ) { first, shift in
            [sorted[first]] + (0..<(replicationFactor - 1)).map { sorted[replicaIndex(first, shift, $0, n)] }
        }
    }

    /// `assignReplicasToBrokersRackAware`: brokers in rack-alternating order, each partition's replicas on racks
    /// without one of its replicas first, then on brokers without one.
    public static func rackAware(
        brokers: [(id: Int, rack: String)], partitions: Int, replicationFactor: Int, fixedStartIndex: Int = 0,
        startPartitionId: Int = 0
    ) -> [[Int]] {
        let rackOf = Dictionary(brokers.map { ($0.id, $0.rack) }, uniquingKeysWith: { a, _ in a })
        let arranged = rackAlternatedBrokers(brokers)
        let n = arranged.count
        let numRacks = Set(brokers.map(\.rack)).count
        guard n > 0, replicationFactor >= 1, replicationFactor <= n, partitions >= 0, fixedStartIndex >= 0 else {
            return []
        }
        return walk(
            brokerCount: n, partitions: partitions, fixedStartIndex: fixedStartIndex, startPartitionId: startPartitionId
        ) { first, shift in
            let leader = arranged[first]
            var replicas = [leader]
            var racksWithReplicas: Set<String> = [rackOf[leader]!]
            var brokersWithReplicas: Set<Int> = [leader]
            var k = 0
            for _ in 0..<(replicationFactor - 1) {
                while true {
                    let broker = arranged[replicaIndex(first, shift * numRacks, k, n)]
                    let rack = rackOf[broker]!
                    k += 1
                    if (!racksWithReplicas.contains(rack) || racksWithReplicas.count == numRacks)
                        && (!brokersWithReplicas.contains(broker) || brokersWithReplicas.count == n)
                    {
                        replicas.append(broker)
                        racksWithReplicas.insert(rack)
                        brokersWithReplicas.insert(broker)
                        break
                    }
                }
            }
            return replicas
        }
    }

    /// The partition walk both placements share (Kafka's `currentPartitionId`, `startIndex` and `nextReplicaShift`):
    /// each partition's first replica's index in the broker list, and the shift of its followers, which grows by
    /// one each time the partitions wrap around the list. Kafka keeps the start index as given (only the first
    /// replica's index is reduced modulo n): the shift enters replicaIndex modulo n - 1, so reducing it modulo n
    /// would change the followers.
    private static func walk(
        brokerCount n: Int, partitions: Int, fixedStartIndex: Int, startPartitionId: Int,
        _ replicas: (_ first: Int, _ shift: Int) -> [Int]
    ) -> [[Int]] {
        var currentPartitionId = max(0, startPartitionId)
        var nextReplicaShift = fixedStartIndex
        var result: [[Int]] = []
        result.reserveCapacity(partitions)
        for _ in 0..<partitions {
            if currentPartitionId > 0 && currentPartitionId % n == 0 { nextReplicaShift += 1 }
            result.append(replicas((currentPartitionId + fixedStartIndex) % n, nextReplicaShift))
            currentPartitionId += 1
        }
        return result
    }

    /// `getRackAlternatedBrokerList`: racks in sorted order (Java's `String` order: UTF-16 code units), each rack's
    /// brokers in id order, one broker of each rack in turn.
    public static func rackAlternatedBrokers(_ brokers: [(id: Int, rack: String)]) -> [Int] {
        var byRack: [String: [Int]] = [:]
        for broker in brokers { byRack[broker.rack, default: []].append(broker.id) }
        let racks = byRack.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        let queues = racks.map { byRack[$0]!.sorted() }
        var positions = [Int](repeating: 0, count: racks.count)
        var result: [Int] = []
        var rack = 0
        while result.count < brokers.count {
            if positions[rack] < queues[rack].count {
                result.append(queues[rack][positions[rack]])
                positions[rack] += 1
            }
            rack = (rack + 1) % racks.count
        }
        return result
    }

    /// `replicaIndex(firstReplicaIndex, secondReplicaShift, replicaIndex, nBrokers)`.
    static func replicaIndex(_ first: Int, _ shift: Int, _ index: Int, _ n: Int) -> Int {
        guard n > 1 else { return first }
        let s = 1 + (shift + index) % (n - 1)
        return (first + s) % n
    }
}

extension KafkaCluster {
    /// Every topic's replica lists as broker indices, from its assignment; racks are the zones' names.
    public func layout(zones: [Zone]) -> KafkaLayout {
        let indexOfId = Dictionary(brokers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let racked = brokers.map { (id: $0.id, rack: zones[$0.zone].name) }
        let topics = self.topics.map { topic -> KafkaLayout.Topic in
            let ids: [[Int]]
            switch topic.assignment {
            case .rackAware:
                ids = KafkaAssignment.rackAware(
                    brokers: racked, partitions: topic.partitions, replicationFactor: topic.replicationFactor)
            case .rackUnaware:
                ids = KafkaAssignment.rackUnaware(
                    brokers: brokers.map(\.id), partitions: topic.partitions,
                    replicationFactor: topic.replicationFactor)
            case .explicit(let lists):
                ids = lists
            }
            return KafkaLayout.Topic(
                name: topic.name, minInsyncReplicas: topic.minInsyncReplicas,
                replicas: ids.map { $0.compactMap { indexOfId[$0] } })
        }
        return KafkaLayout(brokerZones: brokers.map(\.zone), topics: topics)
    }
}
