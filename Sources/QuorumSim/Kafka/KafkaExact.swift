/// Exact long-run Kafka figures in the memoryless model: a replica is in sync exactly while its broker is up
/// (its own fault process up and its zone up), leaders fail over at once, and the metadata quorum is always there.
/// Brokers are independent given the zones' states, so the figures are sums over zone states of products over
/// brokers (as `ExactAvailability` does for servers). A partition is writable while at least min.insync.replicas
/// of its replicas are up, offline while none is. See docs/kafka.md for where the simulation's model goes further
/// (catch-up, the last in-sync replica, the metadata quorum), which makes these figures lower bounds.
///
/// INTERIM (contract commit): a plain enumeration over every zone and broker state; the exact branch replaces the
/// body (speed, episode frequencies) and keeps the API.
public enum KafkaExact {
    /// The most brokers the exact figures enumerate (2^brokers states per zone state).
    public static let maxBrokers = 24

    /// The figures of `scenario`'s cluster; `nil` without a `kafka` section or with more than `maxBrokers` brokers.
    public static func figures(of scenario: Scenario) -> KafkaFigures? {
        guard let cluster = scenario.kafka, cluster.brokers.count <= maxBrokers else { return nil }
        let layout = cluster.layout(zones: scenario.zones)
        let brokerUp = cluster.brokers.indices.map { availability(cluster.faults(ofBroker: $0)) }
        let zoneUp = scenario.zones.map { $0.outage.map(availability) ?? 1 }
        let b = cluster.brokers.count
        var perTopic = layout.topics.map { _ in (unwritable: 0.0, offline: 0.0, uw: 0.0, off: 0.0) }
        var total = (unwritable: 0.0, offline: 0.0, uw: 0.0, off: 0.0)
        let masks = layout.topics.map { topic in topic.replicas.map { $0.reduce(UInt64(0)) { $0 | 1 << UInt64($1) } } }
        for zoneState in 0..<(1 << scenario.zones.count) {
            var pz = 1.0
            for z in scenario.zones.indices { pz *= zoneState & (1 << z) != 0 ? zoneUp[z] : 1 - zoneUp[z] }
            if pz == 0 { continue }
            for brokerState in 0..<(UInt64(1) << UInt64(b)) {
                var p = pz
                for i in 0..<b {
                    let zoneIsUp = zoneState & (1 << layout.brokerZones[i]) != 0
                    let isUp = brokerState & (1 << UInt64(i)) != 0
                    if isUp && !zoneIsUp { p = 0; break }
                    if zoneIsUp { p *= isUp ? brokerUp[i] : 1 - brokerUp[i] }
                }
                if p == 0 { continue }
                var anyUnwritable = false
                var anyOffline = false
                for (t, topic) in layout.topics.enumerated() {
                    var unwritable = 0
                    var offline = 0
                    for mask in masks[t] {
                        let live = (mask & brokerState).nonzeroBitCount
                        if live < topic.minInsyncReplicas { unwritable += 1 }
                        if live == 0 { offline += 1 }
                    }
                    if unwritable > 0 { perTopic[t].unwritable += p }
                    if offline > 0 { perTopic[t].offline += p }
                    perTopic[t].uw += p * Double(unwritable)
                    perTopic[t].off += p * Double(offline)
                    anyUnwritable = anyUnwritable || unwritable > 0
                    anyOffline = anyOffline || offline > 0
                    total.uw += p * Double(unwritable)
                    total.off += p * Double(offline)
                }
                if anyUnwritable { total.unwritable += p }
                if anyOffline { total.offline += p }
            }
        }
        let topics = layout.topics.enumerated().map { t, topic in
            KafkaTopicFigures(
                name: topic.name, partitions: topic.replicas.count, unwritable: perTopic[t].unwritable,
                offline: perTopic[t].offline, unwritablePartitions: perTopic[t].uw, offlinePartitions: perTopic[t].off)
        }
        let all = KafkaTopicFigures(
            name: "cluster", partitions: topics.reduce(0) { $0 + $1.partitions }, unwritable: total.unwritable,
            offline: total.offline, unwritablePartitions: total.uw, offlinePartitions: total.off)
        return KafkaFigures(topics: topics, cluster: all)
    }

    /// Why the exact figures are only a lower bound for `scenario` (empty: they are exact for it).
    public static func boundReasons(of scenario: Scenario) -> [String] {
        guard let cluster = scenario.kafka else { return [] }
        var reasons: [String] = []
        if cluster.catchUp > 0 { reasons.append("returning replicas take a catch-up time before they are in sync") }
        if ExactAvailability.unavailability(of: scenario).map({ $0 > 0 }) ?? true {
            reasons.append("the \(cluster.metadata.label) can be lost, and without it leaders cannot fail over")
        }
        return reasons
    }

    static func availability(_ process: FaultProcess) -> Double {
        let up = process.timeToFailure.mean
        let down = process.timeToRepair.mean
        return up / (up + down)
    }
}
