/// The Kafka cluster of a scenario compiled for the event loop: brokers as bit masks, their samplers, the zones'
/// brokers, combined-mode nodes, and the partitions' initial states (`KafkaPartitionStates`), which every
/// replication copies.
struct CompiledKafka: Sendable {
    let brokerCount: Int
    /// Broker b's fault process is slot `brokerSlotBase + b`, its replicas' catch-ups slot `catchUpSlotBase + b`.
    let brokerSlotBase: Int
    let catchUpSlotBase: Int
    /// Brokers with a slot of their own (all but combined-mode nodes).
    let ownSlot: UInt64
    let brokerFailure: ContiguousArray<Sampler>
    let brokerRepair: ContiguousArray<Sampler>
    let zoneBrokers: ContiguousArray<UInt64>
    /// Combined mode: the brokers that are servers, and the broker index of each server (−1: none).
    let combinedBrokers: UInt64
    let brokerOfServer: ContiguousArray<Int>
    let states: KafkaPartitionStates
    let cluster: KafkaCluster

    init(_ cluster: KafkaCluster, scenario: Scenario, slotBase: Int) {
        self.cluster = cluster
        let b = cluster.brokers.count
        brokerCount = b
        brokerSlotBase = slotBase
        catchUpSlotBase = slotBase + b
        let processes = cluster.brokers.indices.map { cluster.faults(ofBroker: $0) }
        brokerFailure = ContiguousArray(processes.map { Sampler($0.timeToFailure) })
        brokerRepair = ContiguousArray(processes.map { Sampler($0.timeToRepair) })
        var zoneBrokers = ContiguousArray<UInt64>(repeating: 0, count: scenario.zones.count)
        for (i, broker) in cluster.brokers.enumerated() { zoneBrokers[broker.zone] |= 1 << UInt64(i) }
        self.zoneBrokers = zoneBrokers
        var brokerOfServer = ContiguousArray<Int>(repeating: -1, count: scenario.servers.count)
        var combined: UInt64 = 0
        if cluster.metadata == .kraftCombined {
            let indexOfId = Dictionary(cluster.brokers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            for (i, server) in scenario.servers.enumerated() {
                guard let index = indexOfId[server.id] else { continue }
                brokerOfServer[i] = index
                combined |= 1 &<< UInt64(truncatingIfNeeded: index)
            }
        }
        self.brokerOfServer = brokerOfServer
        combinedBrokers = combined
        ownSlot = (b == 64 ? ~0 : (1 &<< UInt64(truncatingIfNeeded: b)) - 1) & ~combined
        states = KafkaPartitionStates(layout: cluster.layout(zones: scenario.zones), catchUp: cluster.catchUp)
    }

    /// The brokers up, given those up by their own process (`ownUp`, combined nodes' bits ignored), the zones'
    /// down brokers, and the servers up (combined nodes follow their server: own process, zone, maintenance).
    @inline(__always)
    func brokersUp(ownUp: UInt64, zoneDown: UInt64, serversUp: UInt64) -> UInt64 {
        var upMask = ownUp & ownSlot & ~zoneDown
        guard combinedBrokers != 0 else { return upMask }
        var servers = serversUp
        while servers != 0 {
            let i = servers.trailingZeroBitCount
            servers &= servers - 1
            let b = brokerOfServer[i]
            if b >= 0 { upMask |= 1 &<< UInt64(truncatingIfNeeded: b) }
        }
        return upMask
    }

    /// Checks what `ScenarioFile` checks of a `kafka` section, for clusters built in code.
    static func validate(_ cluster: KafkaCluster, scenario: Scenario) throws(SimulationError) {
        let b = cluster.brokers.count
        guard b >= 1, b <= KafkaCluster.maxBrokers else { throw .invalidParameter("kafka.brokers", "\(b) brokers (1 … 64)") }
        var ids = Set<Int>()
        for (i, broker) in cluster.brokers.enumerated() {
            guard broker.id >= 0, ids.insert(broker.id).inserted else {
                throw .invalidParameter("kafka.brokers[\(i)].id", "\(broker.id) (negative or used twice)")
            }
            guard scenario.zones.indices.contains(broker.zone) else {
                throw .invalidParameter("kafka.brokers[\(i)].zone", "\(broker.zone) (no such zone)")
            }
        }
        guard cluster.catchUp >= 0, cluster.catchUp.isFinite else {
            throw .invalidParameter("kafka.catchUp", "\(cluster.catchUp)")
        }
        guard !cluster.topics.isEmpty, cluster.topics.count <= KafkaCluster.maxTopics else {
            throw .invalidParameter("kafka.topics", "\(cluster.topics.count) topics (1 … 64)")
        }
        var total = 0
        for (t, topic) in cluster.topics.enumerated() {
            let field = "kafka.topics[\(t)]"
            guard topic.partitions >= 1, topic.partitions <= KafkaCluster.maxPartitionsPerTopic else {
                throw .invalidParameter("\(field).partitions", "\(topic.partitions)")
            }
            total += topic.partitions
            guard topic.replicationFactor >= 1, topic.replicationFactor <= b else {
                throw .invalidParameter("\(field).replicationFactor", "\(topic.replicationFactor)")
            }
            guard topic.minInsyncReplicas >= 1, topic.minInsyncReplicas <= topic.replicationFactor else {
                throw .invalidParameter("\(field).minInsyncReplicas", "\(topic.minInsyncReplicas)")
            }
            if case .explicit(let lists) = topic.assignment {
                guard lists.count == topic.partitions else {
                    throw .invalidParameter("\(field).assignment", "\(lists.count) lists for \(topic.partitions) partitions")
                }
                for list in lists where list.count != topic.replicationFactor || Set(list).count != list.count
                    || !list.allSatisfy(ids.contains)
                {
                    throw .invalidParameter("\(field).assignment", "\(list) (distinct known brokers, one per replica)")
                }
            }
        }
        guard total <= KafkaCluster.maxPartitions else { throw .invalidParameter("kafka.topics", "\(total) partitions") }
        if cluster.metadata == .kraftCombined {
            for (i, server) in scenario.servers.enumerated() {
                guard let broker = cluster.brokers.first(where: { $0.id == server.id }), broker.zone == server.zone else {
                    throw .invalidParameter(
                        "servers[\(i)]", "id \(server.id): in kraft-combined mode every server is a broker in its zone")
                }
            }
        }
    }
}

extension KafkaCluster {
    /// In kraft-combined mode, the fault process of the node that is server `id` (its broker's, which the server
    /// shares); `nil` in the other modes or when no broker has that id. The simulation, the exact ensemble figures
    /// and importance sampling all take a combined server's faults from here.
    public func combinedFaults(ofServerId id: Int) -> FaultProcess? {
        guard metadata == .kraftCombined, let index = brokers.firstIndex(where: { $0.id == id }) else { return nil }
        return faults(ofBroker: index)
    }
}

extension Scenario {
    /// The fault process server `index` runs: in kraft-combined mode its broker's (`KafkaCluster.combinedFaults`),
    /// else its own, else `serverFaults`; `nil` = it never fails. The simulation, the exact ensemble figures and
    /// the Kafka exact bounds all take a server's faults from here.
    public func faults(ofServer index: Int) -> FaultProcess? {
        let server = servers[index]
        return kafka?.combinedFaults(ofServerId: server.id) ?? server.faults ?? serverFaults
    }
}
