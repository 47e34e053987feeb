import QuorumSim

/// An independent computation of the exact Kafka figures, written for the tests another way than `KafkaExact`:
/// the whole continuous-time Markov chain of every zone outage and every broker's own process (bit set = down),
/// its stationary law solved as a linear system by Gaussian elimination (the GTH variant, which never subtracts,
/// so that every probability keeps its relative precision), the Kafka predicates evaluated partition by partition
/// in each state, and the episode rate as the flow from good states into bad ones over every transition of the
/// generator (repairs included). Only for small clusters: 2^parts states, O(8^parts) time.
struct KafkaChainReference {
    struct Figures {
        var unwritable: Double
        var offline: Double
        var unwritablePartitions: Double
        var offlinePartitions: Double
        var unwritableEpisodesPerYear: Double
        var offlineEpisodesPerYear: Double
    }

    /// (zone index or nil for a broker, broker index or nil for a zone, MTTF, MTTR); exponential times.
    private var parts: [(zone: Int?, broker: Int?, mttf: Double, mttr: Double)] = []
    private let brokerZones: [Int]
    private let topics: [(minISR: Int, replicas: [[Int]])]

    init(_ scenario: Scenario) {
        let cluster = scenario.kafka!
        for (z, zone) in scenario.zones.enumerated() {
            if let o = zone.outage { parts.append((z, nil, o.timeToFailure.mean, o.timeToRepair.mean)) }
        }
        for i in cluster.brokers.indices {
            let f = cluster.faults(ofBroker: i)
            parts.append((nil, i, f.timeToFailure.mean, f.timeToRepair.mean))
        }
        brokerZones = cluster.brokers.map(\.zone)
        topics = cluster.layout(zones: scenario.zones).topics.map { ($0.minInsyncReplicas, $0.replicas) }
    }

    var stateCount: Int { 1 << parts.count }

    /// The rate from `s` to `s` with part `k` flipped.
    func rate(_ s: Int, _ k: Int) -> Double {
        s & (1 << k) != 0 ? 1 / parts[k].mttr : 1 / parts[k].mttf
    }

    /// Which brokers are up in state `s`.
    func up(_ s: Int) -> [Bool] {
        var up = [Bool](repeating: true, count: brokerZones.count)
        for (k, part) in parts.enumerated() where s & (1 << k) != 0 {
            if let b = part.broker { up[b] = false }
            if let z = part.zone { for b in up.indices where brokerZones[b] == z { up[b] = false } }
        }
        return up
    }

    /// Unwritable and offline partition counts of topic `t` in state `s`.
    func bad(_ s: Int, topic t: Int) -> (unwritable: Int, offline: Int) {
        let isUp = up(s)
        var unwritable = 0
        var offline = 0
        for replicas in topics[t].replicas {
            var live = 0
            for b in replicas where isUp[b] { live += 1 }
            if live < topics[t].minISR { unwritable += 1 }
            if live == 0 { offline += 1 }
        }
        return (unwritable, offline)
    }

    /// The stationary law by GTH elimination of the generator's states from the last to the first.
    func stationary() -> [Double] {
        let n = stateCount
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for s in 0..<n { for k in parts.indices { a[s][s ^ (1 << k)] = rate(s, k) } }
        for k in stride(from: n - 1, to: 0, by: -1) {
            var out = 0.0
            for j in 0..<k { out += a[k][j] }
            for i in 0..<k where a[i][k] != 0 {
                let f = a[i][k] / out
                for j in 0..<k where j != i { a[i][j] += f * a[k][j] }
            }
        }
        var pi = [Double](repeating: 0, count: n)
        pi[0] = 1
        for k in 1..<n {
            var inflow = 0.0
            for i in 0..<k { inflow += pi[i] * a[i][k] }
            var out = 0.0
            for j in 0..<k { out += a[k][j] }
            pi[k] = inflow / out
        }
        let total = pi.reduce(0, +)
        return pi.map { $0 / total }
    }

    /// Figures per topic, then for the cluster (last).
    func figures() -> [Figures] {
        let pi = stationary()
        let n = stateCount
        // counts[s][t]: bad partitions per topic; index topics.count is the cluster.
        let counts: [[(unwritable: Int, offline: Int)]] = (0..<n).map { s in
            let perTopic = topics.indices.map { bad(s, topic: $0) }
            return perTopic + [
                (perTopic.reduce(0) { $0 + $1.unwritable }, perTopic.reduce(0) { $0 + $1.offline }),
            ]
        }
        return (0...topics.count).map { t in
            var f = Figures(
                unwritable: 0, offline: 0, unwritablePartitions: 0, offlinePartitions: 0,
                unwritableEpisodesPerYear: 0, offlineEpisodesPerYear: 0)
            for s in 0..<n {
                let b = counts[s][t]
                f.unwritablePartitions += pi[s] * Double(b.unwritable)
                f.offlinePartitions += pi[s] * Double(b.offline)
                if b.unwritable > 0 { f.unwritable += pi[s] }
                if b.offline > 0 { f.offline += pi[s] }
                for k in parts.indices {
                    let next = counts[s ^ (1 << k)][t]
                    if b.unwritable == 0 && next.unwritable > 0 {
                        f.unwritableEpisodesPerYear += pi[s] * rate(s, k) * hoursPerYear
                    }
                    if b.offline == 0 && next.offline > 0 {
                        f.offlineEpisodesPerYear += pi[s] * rate(s, k) * hoursPerYear
                    }
                }
            }
            return f
        }
    }
}
