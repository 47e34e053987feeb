/// The long-run state of a Kafka cluster as independent two-state parts: the outages of zones that hold brokers,
/// and each broker's own fault process. A broker is up while both its own process and its zone are up.
///
/// `figures()` conditions on every zone state (2^zones that can fail), and for each enumerates the states of the
/// brokers in up zones whose process is random: a state's probability is one product of two half-table entries
/// (`HalfTables`), never a loop over brokers. Partitions with the same replica set count once, with their
/// multiplicity. Only bad states' probabilities are summed (Neumaier), so rare figures keep their precision.
/// Episode rates: with exponential times the parts form a continuous-time Markov chain whose stationary law is
/// this product, and the rate of "some partition unwritable" episodes is Σ over states s without one of
/// π(s) · Σ over single failures f after which one is unwritable of rate(f). Repairs only add brokers, and both
/// predicates are monotone in the set of up brokers, so no repair leads into a bad state.
struct KafkaStateSpace: Sendable {
    struct Part: Sendable {
        /// Long-run fractions and rates.
        var component: TwoStateComponent
        /// The brokers it takes down (a broker's own bit, or a zone's brokers).
        var brokers: UInt64
    }

    /// Distinct replica sets of one topic.
    struct Topic: Sendable {
        var name: String
        var partitions: Int
        var minInsyncReplicas: Int
        /// Replica sets as broker masks, each distinct, with how many partitions have it.
        var masks: [UInt64]
        var counts: [Double]
    }

    let zoneParts: [Part]
    let brokerParts: [Part]
    let topics: [Topic]
    /// Whether every part is exponential, so that episode rates are exact.
    let memoryless: Bool

    /// The state space of `scenario`'s cluster, or why the exact figures do not apply.
    static func make(_ scenario: Scenario) -> (space: KafkaStateSpace?, problems: [ExactLimitation]) {
        guard let cluster = scenario.kafka else { return (nil, [.malformedScenario("no kafka section")]) }
        let b = cluster.brokers.count
        if b > KafkaExact.maxBrokers { return (nil, [.tooManyBrokers(count: b, limit: KafkaExact.maxBrokers)]) }
        var problems: [ExactLimitation] = []
        for (i, broker) in cluster.brokers.enumerated() where !scenario.zones.indices.contains(broker.zone) {
            problems.append(.malformedScenario("kafka.brokers[\(i)].zone \(broker.zone) is not a zone index"))
        }
        if !problems.isEmpty { return (nil, problems) }
        var brokerParts: [Part] = []
        for (i, broker) in cluster.brokers.enumerated() {
            let label = "broker \(broker.id) faults"
            if let c = TwoStateComponent(cluster.faults(ofBroker: i), label: label) {
                brokerParts.append(Part(component: c, brokers: 1 << UInt64(i)))
            } else {
                problems.append(.invalidProcess(component: label))
            }
        }
        var zoneParts: [Part] = []
        for (z, zone) in scenario.zones.enumerated() {
            let members = cluster.brokers.indices.filter { cluster.brokers[$0].zone == z }
            guard let outage = zone.outage, !members.isEmpty else { continue }
            let label = "zone \"\(zone.name)\" outage"
            if let c = TwoStateComponent(outage, label: label) {
                zoneParts.append(Part(component: c, brokers: members.reduce(0) { $0 | 1 << UInt64($1) }))
            } else {
                problems.append(.invalidProcess(component: label))
            }
        }
        let all = zoneParts + brokerParts
        let periodic = all.filter(\.component.isPeriodic)
        if periodic.count >= 2 { problems += periodic.map { .deterministicCycle(component: $0.component.label) } }
        let states = visitedStates(zoneParts: zoneParts, brokerParts: brokerParts)
        if states > KafkaExact.stateLimit { problems.append(.tooManyStates(states: states, limit: KafkaExact.stateLimit)) }
        if !problems.isEmpty { return (nil, problems) }
        let topics = cluster.layout(zones: scenario.zones).topics.map { topic in
            var index: [UInt64: Int] = [:]
            var masks: [UInt64] = []
            var counts: [Double] = []
            for replicas in topic.replicas {
                let mask = replicas.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
                if let k = index[mask] {
                    counts[k] += 1
                } else {
                    index[mask] = masks.count
                    masks.append(mask)
                    counts.append(1)
                }
            }
            return Topic(
                name: topic.name, partitions: topic.replicas.count, minInsyncReplicas: topic.minInsyncReplicas,
                masks: masks, counts: counts)
        }
        let space = KafkaStateSpace(
            zoneParts: zoneParts, brokerParts: brokerParts, topics: topics,
            memoryless: all.allSatisfy(\.component.isExponential))
        return (space, [])
    }

    /// Broker states visited: Σ over zone states of 2^(random brokers in up zones) = Π over zones of
    /// (2^random brokers in it, + 1 if it can fail).
    static func visitedStates(zoneParts: [Part], brokerParts: [Part]) -> Double {
        let random = brokerParts.filter(\.component.isRandom).reduce(UInt64(0)) { $0 | $1.brokers }
        var covered: UInt64 = 0
        var states = 1.0
        for zone in zoneParts {
            covered |= zone.brokers
            states *= Double(sign: .plus, exponent: (zone.brokers & random).nonzeroBitCount, significand: 1) + 1
        }
        return states * Double(sign: .plus, exponent: (random & ~covered).nonzeroBitCount, significand: 1)
    }

    /// Sums of one predicate (unwritable, or offline) for one topic or the cluster.
    struct Sums {
        /// Σ π over the states where some partition is bad.
        var time = CompensatedSum()
        /// Σ π · bad partitions.
        var partitions = CompensatedSum()
        /// Σ π · rate into a bad state, over the states where none is.
        var flow = CompensatedSum()
    }

    /// What one broker state does to one topic (or to the cluster) for one predicate.
    struct Side {
        /// Bad partitions.
        var bad = 0.0
        /// Up brokers whose failure alone would make some partition bad.
        var critical: UInt64 = 0
        /// Up zone parts (bits of their indices) whose outage alone would.
        var zones: UInt64 = 0

        mutating func merge(_ other: Side) {
            bad += other.bad
            critical |= other.critical
            zones |= other.zones
        }
    }

    /// Sums for one topic, or for the cluster.
    struct Tally {
        var unwritable = Sums()
        var offline = Sums()

        func figures(name: String, partitions: Int, memoryless: Bool) -> KafkaTopicFigures {
            KafkaTopicFigures(
                name: name, partitions: partitions, unwritable: Fraction.clamped(unwritable.time.value),
                offline: Fraction.clamped(offline.time.value), unwritablePartitions: unwritable.partitions.value,
                offlinePartitions: offline.partitions.value,
                unwritableEpisodesPerYear: memoryless ? unwritable.flow.value * hoursPerYear : nil,
                offlineEpisodesPerYear: memoryless ? offline.flow.value * hoursPerYear : nil)
        }
    }

    /// What one broker state does to one topic (or to the cluster).
    struct Effect {
        var unwritable = Side()
        var offline = Side()

        mutating func merge(_ other: Effect) {
            unwritable.merge(other.unwritable)
            offline.merge(other.offline)
        }
    }

    /// One distinct replica set of a topic, for the inner loop.
    struct Entry {
        var mask: UInt64
        /// Partitions with this replica set.
        var count: Double
        var minInsyncReplicas: Int
        /// Whether the set has two or more replicas in one zone that can fail: only then can a zone outage take
        /// more than one of its live replicas, and only then is it checked zone by zone.
        var clustered: Bool
    }

    /// Plain arrays of what the inner loop reads, so that it touches no reference-counted value.
    struct Flat {
        /// Every topic's distinct replica sets, topic after topic.
        var entries: [Entry] = []
        /// Where each topic's entries end.
        var ends: [Int] = []
        var zoneBrokers: [UInt64] = []
        var zoneFailureRates: [Double] = []
    }

    func flat() -> Flat {
        var flat = Flat()
        flat.zoneBrokers = zoneParts.map(\.brokers)
        flat.zoneFailureRates = zoneParts.map(\.component.failureRate)
        for topic in topics {
            for (mask, count) in zip(topic.masks, topic.counts) {
                let clustered = flat.zoneBrokers.contains { ($0 & mask).nonzeroBitCount >= 2 }
                flat.entries.append(
                    Entry(mask: mask, count: count, minInsyncReplicas: topic.minInsyncReplicas, clustered: clustered))
            }
            flat.ends.append(flat.entries.count)
        }
        return flat
    }

    func figures() -> KafkaFigures {
        var tallies = [Tally](repeating: Tally(), count: topics.count + 1)  // the cluster last
        let flat = flat()
        let rates = RateTables(brokerParts)
        for zoneState in 0..<(UInt64(1) << UInt64(zoneParts.count)) {
            var weight = 1.0
            var down: UInt64 = 0
            for (k, zone) in zoneParts.enumerated() {
                let bad = zoneState & (1 << UInt64(k)) != 0
                weight *= zone.component.probability(bad: bad)
                if bad { down |= zone.brokers }
            }
            if weight == 0 { continue }
            var fixedUp: UInt64 = 0
            var random: [Part] = []
            for part in brokerParts where part.brokers & down == 0 {
                if part.component.isRandom {
                    random.append(part)
                } else if part.component.down == 0 {
                    fixedUp |= part.brokers
                }
            }
            let tables = HalfTables(random)
            let scan = Scan(flat: flat, rates: rates, zoneState: zoneState, memoryless: memoryless)
            // Live replicas of each set among the low half's up brokers, per low state: the inner loop adds
            // two counts instead of counting bits.
            let e = flat.entries.count
            var lowCounts = [UInt8](repeating: 0, count: tables.lowSet.count * e)
            for (low, set) in tables.lowSet.enumerated() {
                for k in 0..<e { lowCounts[low * e + k] = UInt8((flat.entries[k].mask & set).nonzeroBitCount) }
            }
            var highCounts = [UInt8](repeating: 0, count: e)
            for high in 0..<tables.highProbability.count {
                let highP = weight * tables.highProbability[high]
                let highSet = fixedUp | tables.highSet[high]
                for k in 0..<e { highCounts[k] = UInt8((flat.entries[k].mask & highSet).nonzeroBitCount) }
                tallies.withUnsafeMutableBufferPointer { tallies in
                    lowCounts.withUnsafeBufferPointer { lowCounts in
                        highCounts.withUnsafeBufferPointer { highCounts in
                            for low in 0..<tables.lowProbability.count {
                                let p = highP * tables.lowProbability[low]
                                if p == 0 { continue }
                                let counts = Counts(high: highCounts.baseAddress!, low: lowCounts.baseAddress! + low * e)
                                scan.add(p, up: highSet | tables.lowSet[low], counts: counts, to: tallies)
                            }
                        }
                    }
                }
            }
        }
        let topicFigures = topics.indices.map { t in
            tallies[t].figures(name: topics[t].name, partitions: topics[t].partitions, memoryless: memoryless)
        }
        let all = tallies[topics.count].figures(
            name: "cluster", partitions: topics.reduce(0) { $0 + $1.partitions }, memoryless: memoryless)
        return KafkaFigures(topics: topicFigures, cluster: all)
    }

    /// Live replicas of each replica set in one broker state: the high half's count plus the low half's.
    struct Counts {
        let high: UnsafePointer<UInt8>
        let low: UnsafePointer<UInt8>

        @inline(__always)
        subscript(_ k: Int) -> Int { Int(high[k]) &+ Int(low[k]) }
    }

    /// The inner loop for one zone state.
    struct Scan {
        let flat: Flat
        let rates: RateTables
        /// Zone parts down (bit per part).
        let zoneState: UInt64
        let memoryless: Bool

        /// Adds the broker state `up` of probability `p` to every topic's tally and the cluster's (last).
        @inline(__always)
        func add(_ p: Double, up: UInt64, counts: Counts, to tallies: UnsafeMutableBufferPointer<Tally>) {
            var cluster = Effect()
            var start = 0
            for t in 0..<flat.ends.count {
                let e = effect(up: up, counts: counts, entries: start..<flat.ends[t])
                start = flat.ends[t]
                add(p, e, to: &tallies[t])
                cluster.merge(e)
            }
            add(p, cluster, to: &tallies[flat.ends.count])
        }

        /// What the state where exactly `up` brokers are up does to the replica sets `entries` of one topic
        /// (`counts`: their live replicas).
        @inline(__always)
        func effect(up: UInt64, counts: Counts, entries range: Range<Int>) -> Effect {
            var e = Effect()
            for k in range {
                let entry = flat.entries[k]
                let n = counts[k]
                let m = entry.minInsyncReplicas
                if n > m && n > 1 && !entry.clustered { continue }  // one more failure, or an outage, is harmless
                let live = entry.mask & up
                if n < m { e.unwritable.bad += entry.count }
                if n == 0 {
                    e.offline.bad += entry.count
                    continue
                }
                guard memoryless else { continue }
                if n == m { e.unwritable.critical |= live }
                if n == 1 { e.offline.critical |= live }
                guard entry.clustered else { continue }
                for z in 0..<flat.zoneBrokers.count where zoneState & (1 << UInt64(z)) == 0 {
                    let left = (live & ~flat.zoneBrokers[z]).nonzeroBitCount
                    if left < m { e.unwritable.zones |= 1 << UInt64(z) }
                    if left == 0 { e.offline.zones |= 1 << UInt64(z) }
                }
            }
            guard memoryless else { return e }
            // A set with at most one replica per zone loses at most one to an outage: the outage is bad exactly
            // when the zone holds a critical replica.
            for z in 0..<flat.zoneBrokers.count where zoneState & (1 << UInt64(z)) == 0 {
                if flat.zoneBrokers[z] & e.unwritable.critical != 0 { e.unwritable.zones |= 1 << UInt64(z) }
                if flat.zoneBrokers[z] & e.offline.critical != 0 { e.offline.zones |= 1 << UInt64(z) }
            }
            return e
        }

        /// Adds `p` to a tally whose topic (or cluster) has a bad partition in the state, or the state's flow
        /// into bad states to one without, for each predicate.
        @inline(__always)
        func add(_ p: Double, _ e: Effect, to tally: inout Tally) {
            add(p, e.unwritable, to: &tally.unwritable)
            add(p, e.offline, to: &tally.offline)
        }

        @inline(__always)
        func add(_ p: Double, _ side: Side, to sums: inout Sums) {
            if side.bad > 0 {
                sums.time.add(p)
                sums.partitions.add(p * side.bad)
            } else if memoryless {
                let rate = rates.brokers(side.critical) + zoneRate(side.zones)
                if rate > 0 { sums.flow.add(p * rate) }
            }
        }

        /// Σ of the failure rates of the given zone parts.
        @inline(__always)
        func zoneRate(_ zones: UInt64) -> Double {
            var rate = 0.0
            var z = zones
            while z != 0 {
                rate += flat.zoneFailureRates[z.trailingZeroBitCount]
                z &= z - 1
            }
            return rate
        }
    }
}

/// The sum of the failure rates of any set of brokers in one table look-up per 8 brokers.
struct RateTables {
    /// 256 entries per group of 8 brokers, group after group.
    var table: [Double]

    init(_ brokerParts: [KafkaStateSpace.Part]) {
        table = stride(from: 0, to: max(brokerParts.count, 1), by: 8).flatMap { first in
            (0..<256).map { bits in
                var rate = 0.0
                for j in 0..<8 where bits & (1 << j) != 0 && first + j < brokerParts.count {
                    rate += brokerParts[first + j].component.failureRate
                }
                return rate
            }
        }
    }

    @inline(__always)
    func brokers(_ set: UInt64) -> Double {
        var rate = 0.0
        var rest = set
        var offset = 0
        while rest != 0 {
            rate += table[offset + Int(rest & 255)]
            rest >>= 8
            offset += 256
        }
        return rate
    }
}

/// Probabilities and up-broker sets of every state of some independent brokers, split in two halves so that a
/// state's probability is one product and its set one OR: 2 · 2^(n/2) entries instead of n factors per state.
struct HalfTables {
    var lowProbability: [Double]
    var lowSet: [UInt64]
    var highProbability: [Double]
    var highSet: [UInt64]

    init(_ parts: [KafkaStateSpace.Part]) {
        let half = parts.count / 2
        (lowProbability, lowSet) = Self.products(parts[..<half])
        (highProbability, highSet) = Self.products(parts[half...])
    }

    /// Every up/down combination of `parts`: its probability and its up brokers, built one part at a time.
    private static func products(_ parts: ArraySlice<KafkaStateSpace.Part>) -> ([Double], [UInt64]) {
        var probability = [1.0]
        var sets: [UInt64] = [0]
        for part in parts {
            let c = part.component
            probability = probability.map { $0 * c.up } + probability.map { $0 * c.down }
            sets = sets.map { $0 | part.brokers } + sets
        }
        return (probability, sets)
    }
}
