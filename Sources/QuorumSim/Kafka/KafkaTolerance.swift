/// Which zone, or which k brokers, when lost, leave Kafka partitions unwritable or offline, and whether the metadata
/// quorum survives the same loss (`quorumsim tolerance`; docs/kafka.md). Nothing is simulated.
///
/// Sets of k brokers are examined for k = 1 … the largest in-sync replica count of any partition (a larger set can
/// do no worse to one partition than losing all of its replicas), while C(brokers, k) ≤ `maxSets` and the work
/// (sets × partition shapes, partitions alike in replicas in sync, leader and min.insync.replicas) ≤ `maxWork`; `KafkaToleranceReport.notExamined` says where it stopped.
public enum KafkaTolerance {
    /// The most sets of one size examined.
    public static let maxSets = 200_000
    /// The most set × partition-shape evaluations for one size.
    public static let maxWork = 20_000_000
    /// How many of the worst sets each size reports.
    public static let worstSets = 3

    /// The cluster as the analysis sees it: a layout and, when known, today's in-sync replicas and leaders.
    public struct State: Sendable {
        /// `broker.id` of each broker index.
        public var brokerIds: [Int]
        /// Zone names; `layout.brokerZones` index them.
        public var zoneNames: [String]
        public var layout: KafkaLayout
        /// Per topic, per partition: the broker indices in sync and up today; nil: every replica.
        public var inSync: [[[Int]]]?
        /// Per topic, per partition: the leader's broker index today (nil: no leader); nil: the first replica.
        public var leaders: [[Int?]]?
        /// Per topic: `min.insync.replicas` was assumed, not read.
        public var minInsyncAssumed: [Bool]
        /// Broker indices down today.
        public var downToday: [Int]
        /// Per topic, the replication factor to report; nil: the largest replica count of its partitions.
        public var replicationFactors: [Int]?

        public init(
            brokerIds: [Int], zoneNames: [String], layout: KafkaLayout, inSync: [[[Int]]]? = nil,
            leaders: [[Int?]]? = nil, minInsyncAssumed: [Bool]? = nil, downToday: [Int] = [],
            replicationFactors: [Int]? = nil
        ) {
            self.replicationFactors = replicationFactors
            self.brokerIds = brokerIds
            self.zoneNames = zoneNames
            self.layout = layout
            self.inSync = inSync
            self.leaders = leaders
            self.minInsyncAssumed = minInsyncAssumed ?? layout.topics.map { _ in false }
            self.downToday = downToday
        }
    }

    /// The metadata quorum's voters as the analysis needs them: their zones, the broker each one is (KRaft
    /// combined mode), and the quorum rule.
    struct Voters {
        var rule: QuorumRule
        var all: UInt64
        var zoneMembers: [UInt64]
        /// Per broker index: the voters that fail with it (combined mode), else 0.
        var ofBroker: [UInt64]

        func survives(lostBrokers: UInt64, zone: Int?) -> Bool {
            var up = all
            if let zone { up &= ~zoneMembers[zone] }
            var m = lostBrokers
            while m != 0 {
                up &= ~ofBroker[m.trailingZeroBitCount]
                m &= m - 1
            }
            return rule.isQuorum(up)
        }
    }

    /// The Kafka answers for `scenario`, nil when it has no `kafka` section.
    /// - Throws: `ExactLimitation` when the scenario has more than 64 brokers, servers or zones, or refers to a
    ///   zone or a broker it does not have (the servers are checked as ``ToleranceAnalysis`` checks them).
    public static func report(of scenario: Scenario) throws(ExactLimitation) -> KafkaToleranceReport? {
        guard let kafka = scenario.kafka else { return nil }
        let zoneCount = scenario.zones.count
        guard kafka.brokers.count <= 64, !kafka.brokers.isEmpty else {
            throw .malformedScenario("kafka.brokers: \(kafka.brokers.count) brokers; 1 to 64 are analysed")
        }
        let (rule, reach, all) = try ToleranceAnalysis.ensemble(of: scenario)
        for (i, b) in kafka.brokers.enumerated() where !(0..<zoneCount).contains(b.zone) {
            throw .malformedScenario("kafka.brokers[\(i)].zone \(b.zone) is not a zone index")
        }
        let layout = kafka.layout(zones: scenario.zones)
        for (t, topic) in layout.topics.enumerated() where topic.replicas.contains(where: \.isEmpty) {
            throw .malformedScenario("kafka.topics[\(t)]: a partition has no replica among the brokers")
        }
        var ofBroker = [UInt64](repeating: 0, count: kafka.brokers.count)
        if kafka.metadata == .kraftCombined {
            for (s, server) in scenario.servers.enumerated() {
                if let b = kafka.brokers.firstIndex(where: { $0.id == server.id }) { ofBroker[b] |= 1 << UInt64(s) }
            }
        }
        let voters = Voters(rule: rule, all: all, zoneMembers: reach.zoneMembers, ofBroker: ofBroker)
        let state = State(brokerIds: kafka.brokers.map(\.id), zoneNames: scenario.zones.map(\.name), layout: layout)
        return analyse(state, voters: voters, metadata: kafka.metadata)
    }

    /// The answers for a cluster whose metadata quorum is not known (counted as surviving every loss).
    /// `state` must have 1 … 64 brokers and zone and broker indices in range (`KafkaDescribe` makes such states).
    public static func report(of state: State) -> KafkaToleranceReport {
        analyse(state, voters: nil, metadata: nil)
    }

    /// Partitions of one topic that share their in-sync replicas, leader and count.
    struct Shape {
        var topic: Int
        var inSync: UInt64
        /// The leader's bit, 0 when there is none.
        var leader: UInt64
        var count: Int
        var minInsync: Int
    }

    static func analyse(_ state: State, voters: Voters?, metadata: MetadataQuorum?) -> KafkaToleranceReport {
        let layout = state.layout
        let brokerCount = state.brokerIds.count
        let shapes = self.shapes(of: state)
        let ids = { (mask: UInt64) in ToleranceAnalysis.indices(of: mask).map { state.brokerIds[$0] } }
        var down: UInt64 = 0
        for b in state.downToday { down |= 1 << UInt64(b) }

        func loss(_ lost: UInt64, zone: Int?) -> KafkaLoss {
            let survives = voters.map { $0.survives(lostBrokers: lost, zone: zone) }
            var unwritable = [Int](repeating: 0, count: layout.topics.count)
            var offline = unwritable
            for shape in shapes {
                let (u, o) = damage(shape, lost: lost, quorum: survives ?? true)
                if u { unwritable[shape.topic] += shape.count }
                if o { offline[shape.topic] += shape.count }
            }
            let topics = layout.topics.indices.filter { unwritable[$0] > 0 }.map {
                KafkaTopicDamage(topic: layout.topics[$0].name, unwritable: unwritable[$0], offline: offline[$0])
            }
            return KafkaLoss(
                zone: zone.map { state.zoneNames[$0] }, brokers: ids(lost), unwritable: unwritable.reduce(0, +),
                offline: offline.reduce(0, +), topics: topics, metadataQuorumSurvives: survives)
        }

        let today = loss(0, zone: nil)
        let zones = state.zoneNames.indices.map { z -> KafkaLoss in
            var lost: UInt64 = 0
            for (b, zone) in layout.brokerZones.enumerated() where zone == z { lost |= 1 << UInt64(b) }
            return loss(lost, zone: z)
        }

        // Sets of k brokers, among the brokers up today.
        let upBrokers = (0..<brokerCount).filter { down & (1 << UInt64($0)) == 0 }
        // Sets are counted in all topics at once: partitions alike in every topic are evaluated once.
        let merged = self.merged(shapes)
        let largestInSync = shapes.map(\.inSync.nonzeroBitCount).max() ?? 0
        let kLimit = min(upBrokers.count, max(1, largestInSync))
        var brokerSets: [KafkaBrokerSets] = []
        var notExamined: String?
        var k = 1
        while k <= kLimit {
            let sets = binomial(upBrokers.count, k)
            if sets > maxSets || sets * max(1, merged.count) > maxWork {
                notExamined =
                    sets > maxSets
                    ? "C(\(upBrokers.count), \(k)) = \(sets == Int.max / 2 ? "too many" : "\(sets)") sets of \(k) brokers, "
                        + "over the limit of \(maxSets)"
                    : "\(sets) sets of \(k) brokers × \(merged.count) partition shapes, over the limit of "
                        + "\(maxWork) evaluations"
                break
            }
            brokerSets.append(examine(k: k, among: upBrokers, shapes: merged, voters: voters, loss: { loss($0, zone: nil) }))
            k += 1
        }

        let firstUnwritable = today.unwritable > 0 ? 0 : brokerSets.first { $0.setsUnwritable > 0 }?.k
        let firstOffline = today.offline > 0 ? 0 : brokerSets.first { $0.setsOffline > 0 }?.k
        let example = { (k: Int?, offline: Bool) -> [Int] in
            guard let k, k > 0 else { return [] }
            return brokerSets[k - 1].worst.first { offline ? $0.offline > 0 : true }?.brokers ?? []
        }
        let topics = layout.topics.enumerated().map { t, topic in
            KafkaToleranceTopic(
                name: topic.name, partitions: topic.replicas.count,
                replicationFactor: state.replicationFactors?[t] ?? topic.replicas.map(\.count).max() ?? 0,
                minInsyncReplicas: topic.minInsyncReplicas,
                minInsyncAssumed: state.minInsyncAssumed[t])
        }
        return KafkaToleranceReport(
            metadata: metadata,
            brokers: state.brokerIds.enumerated().map {
                KafkaToleranceBroker(id: $1, zone: state.zoneNames[layout.brokerZones[$0]])
            },
            topics: topics, downToday: ids(down), today: today, brokersToUnwritable: firstUnwritable,
            unwritableExample: example(firstUnwritable, false), brokersToOffline: firstOffline,
            offlineExample: example(firstOffline, true), zones: zones, brokerSets: brokerSets,
            examinedUpTo: brokerSets.count, notExamined: notExamined)
    }

    /// Whether a partition of `shape` is unwritable and offline once `lost` brokers are gone. With the metadata
    /// quorum, the live in-sync replicas decide (failover and ISR shrink are instant); without it nothing moves:
    /// the leader's loss takes the partition offline, any in-sync replica's loss stalls acks=all writes.
    static func damage(_ shape: Shape, lost: UInt64, quorum: Bool) -> (unwritable: Bool, offline: Bool) {
        if quorum {
            let live = (shape.inSync & ~lost).nonzeroBitCount
            return (live < shape.minInsync, live == 0)
        }
        let offline = shape.leader == 0 || shape.leader & lost != 0 || shape.inSync & ~lost == 0
        let unwritable = offline || shape.inSync & lost != 0 || shape.inSync.nonzeroBitCount < shape.minInsync
        return (unwritable, offline)
    }

    /// What makes partitions alike for the counts.
    struct ShapeKey: Hashable {
        var inSync: UInt64
        var leader: UInt64
        var minInsync: Int
    }

    /// Every partition grouped by (topic, in-sync replicas, leader).
    static func shapes(of state: State) -> [Shape] {
        var shapes: [Shape] = []
        for (t, topic) in state.layout.topics.enumerated() {
            var index: [ShapeKey: Int] = [:]
            for (p, replicas) in topic.replicas.enumerated() {
                let members = state.inSync?[t][p] ?? replicas
                var inSync: UInt64 = 0
                for b in members { inSync |= 1 << UInt64(b) }
                let leaderIndex: Int? = state.leaders.map { $0[t][p] } ?? replicas.first
                let leader: UInt64 = leaderIndex.map { 1 << UInt64($0) } ?? 0
                let key = ShapeKey(inSync: inSync, leader: leader, minInsync: topic.minInsyncReplicas)
                if let i = index[key] {
                    shapes[i].count += 1
                } else {
                    index[key] = shapes.count
                    shapes.append(
                        Shape(topic: t, inSync: inSync, leader: leader, count: 1, minInsync: topic.minInsyncReplicas))
                }
            }
        }
        return shapes
    }

    /// `shapes` with those of every topic that have the same in-sync replicas, leader and min.insync.replicas made
    /// one (its `topic` is then meaningless): enough for counts over all topics.
    static func merged(_ shapes: [Shape]) -> [Shape] {
        var index: [ShapeKey: Int] = [:]
        var merged: [Shape] = []
        for shape in shapes {
            let key = ShapeKey(inSync: shape.inSync, leader: shape.leader, minInsync: shape.minInsync)
            if let i = index[key] {
                merged[i].count += shape.count
            } else {
                index[key] = merged.count
                merged.append(shape)
            }
        }
        return merged
    }

    /// Every set of `k` of `brokers`, in lexicographic order of their indices.
    static func examine(
        k: Int, among brokers: [Int], shapes: [Shape], voters: Voters?, loss: (UInt64) -> KafkaLoss
    ) -> KafkaBrokerSets {
        let n = brokers.count
        var chosen = Array(0..<k)
        var sets = 0
        var setsUnwritable = 0
        var setsOffline = 0
        var setsLosingQuorum = 0
        // (offline, unwritable, mask) of the worst sets so far, worst first.
        var worst: [(offline: Int, unwritable: Int, mask: UInt64)] = []
        while true {
            var mask: UInt64 = 0
            for i in chosen { mask |= 1 << UInt64(brokers[i]) }
            let quorum = voters?.survives(lostBrokers: mask, zone: nil) ?? true
            var unwritable = 0
            var offline = 0
            for shape in shapes {
                let (u, o) = damage(shape, lost: mask, quorum: quorum)
                if u { unwritable += shape.count }
                if o { offline += shape.count }
            }
            sets += 1
            if unwritable > 0 { setsUnwritable += 1 }
            if offline > 0 { setsOffline += 1 }
            if !quorum { setsLosingQuorum += 1 }
            if unwritable > 0 {
                let at = worst.firstIndex { (offline, unwritable) > ($0.offline, $0.unwritable) } ?? worst.count
                if at < worstSets {
                    worst.insert((offline, unwritable, mask), at: at)
                    if worst.count > worstSets { worst.removeLast() }
                }
            }
            // Next combination.
            var i = k - 1
            while i >= 0 && chosen[i] == n - k + i { i -= 1 }
            if i < 0 { break }
            chosen[i] += 1
            for j in (i + 1)..<k { chosen[j] = chosen[j - 1] + 1 }
        }
        return KafkaBrokerSets(
            k: k, sets: sets, setsUnwritable: setsUnwritable, setsOffline: setsOffline,
            setsLosingMetadataQuorum: setsLosingQuorum, worst: worst.map { loss($0.mask) })
    }

    /// C(n, k), saturating at `Int.max / 2`.
    static func binomial(_ n: Int, _ k: Int) -> Int {
        guard k >= 0, k <= n else { return 0 }
        var result = 1
        for i in 0..<min(k, n - k) {
            let (product, overflow) = result.multipliedReportingOverflow(by: n - i)
            if overflow { return Int.max / 2 }
            result = product / (i + 1)
        }
        return result
    }
}
