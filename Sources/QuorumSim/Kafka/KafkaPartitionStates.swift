/// The Kafka controller's view of every partition during a simulated history, and the time each topic spends with
/// partitions unwritable or offline (docs/kafka.md, "Semantics" and "The simulation").
///
/// Per partition: its replicas (ordered, the preferred leader first), the ISR (a subset, never empty) and the leader
/// the metadata records (a broker index, or none). From them and the brokers up:
/// - writable (acks=all) ⟺ the leader is up, every ISR member is up and |ISR| ≥ min.insync.replicas;
/// - offline ⟺ the recorded leader is not up (none, or down).
///
/// Every change goes through `reconcile`, which brings one partition to what the controller would make of the
/// current brokers and quorum:
/// - quorum available: the ISR drops its members that are down, unless none of them is up (then it keeps them: the
///   last in-sync replicas, unclean election off); a partition without a live leader elects the first live ISR
///   member in replica order; an up replica outside the ISR catches up for `catchUp` hours from the moment its
///   partition has a live leader (a replica whose partition loses its leader starts again when one comes) and
///   joins the ISR then;
/// - quorum lost: no ISR change and no election; a recorded leader that comes back leads again, replicas catch up
///   but join only when the quorum returns, when every pending change happens at once.
///
/// Partitions with the same replica list and min.insync.replicas go through the same states in every history,
/// so they are held once, as a group counted once per partition of each topic it stands for; a broker's event
/// touches only the groups it holds a replica of.
///
/// Times are hours relative to `epoch` (absolute hours of the history's clock epoch), as in `Replication`.
struct KafkaPartitionStates: Sendable {
    /// Figure indices of a tally: with at least one partition unwritable, offline.
    static let unwritable = 0
    static let offline = 1

    let brokerCount: Int
    let catchUp: Double
    let topicNames: [String]

    // Groups of identical partitions.
    /// How many groups there are: one per `groupInfo` entry.
    var groupCount: Int { groupInfo.count }
    /// Replica slots of group g: `slotStart[g] ..< slotStart[g + 1]`, their brokers in replica order.
    let slotStart: ContiguousArray<Int>
    let slotBroker: ContiguousArray<Int>
    /// Per group: its replicas as a mask, min.insync.replicas and its replica slots, in one place for `reconcile`.
    let groupInfo: ContiguousArray<GroupInfo>
    /// Topics group g stands for, with how many of their partitions: `topicEntryStart[g] ..< topicEntryStart[g + 1]`.
    let topicEntryStart: ContiguousArray<Int>
    let topicEntryTopic: ContiguousArray<Int>
    let topicEntryCount: ContiguousArray<Int>
    /// The groups broker b holds a replica of: `brokerEntryStart[b] ..< brokerEntryStart[b + 1]` into `brokerGroup`.
    let brokerEntryStart: ContiguousArray<Int>
    let brokerGroup: ContiguousArray<Int>
    /// The replica slot of broker b in each of those groups.
    let brokerSlot: ContiguousArray<Int>
    /// Group of partition k of topic t: `partitionGroup[partitionStart[t] + k]`.
    let partitionStart: [Int]
    let partitionGroup: [Int]

    /// Brokers up (own process and zone).
    private(set) var up: UInt64
    /// Whether the metadata quorum is available.
    private(set) var quorum: Bool = true
    /// Whether a broker changed or a catch-up ended since the quorum was lost.
    private var changedWithoutQuorum = false
    /// Per group: the ISR, the recorded leader and the status.
    private(set) var groups: ContiguousArray<GroupState>
    /// Per replica slot: when the replica is caught up (up, outside the ISR, its partition led); `.infinity` when
    /// not catching up.
    private var syncAt: ContiguousArray<Double>
    /// Per broker: the earliest catch-up of one of its replicas still to come (`.infinity`: none), and which
    /// brokers' due times changed since `takeDueChanges`.
    private(set) var due: ContiguousArray<Double>
    private(set) var dueChanged: UInt64 = 0

    /// Tallies: scope s (topic index, or `topicNames.count` for the cluster), figure f at `2 * s + f`.
    private(set) var tallies: ContiguousArray<KafkaTally>
    var epoch: Double = 0
    /// Whole years of the history, for the years overlapping an episode.
    var wholeYears: Int = 0

    /// Every partition of `layout` in sync with its preferred leader, every broker up, the quorum available, at
    /// time 0. `catchUp` in hours (≥ 0).
    init(layout: KafkaLayout, catchUp: Double) {
        brokerCount = layout.brokerZones.count
        self.catchUp = catchUp
        topicNames = layout.topics.map(\.name)
        var groupIndex: [GroupKey: Int] = [:]
        var slotStart: ContiguousArray<Int> = [0]
        var slotBroker: ContiguousArray<Int> = []
        var groupReplicas: ContiguousArray<UInt64> = []
        var groupMinISR: ContiguousArray<Int> = []
        var counts: [[Int: Int]] = []
        var partitionStart: [Int] = []
        var partitionGroup: [Int] = []
        for (t, topic) in layout.topics.enumerated() {
            partitionStart.append(partitionGroup.count)
            for replicas in topic.replicas {
                let key = GroupKey(replicas: replicas, minISR: topic.minInsyncReplicas)
                let g: Int
                if let known = groupIndex[key] {
                    g = known
                } else {
                    g = groupReplicas.count
                    groupIndex[key] = g
                    slotBroker.append(contentsOf: replicas)
                    slotStart.append(slotBroker.count)
                    groupReplicas.append(replicas.reduce(0) { $0 | 1 << UInt64($1) })
                    groupMinISR.append(topic.minInsyncReplicas)
                    counts.append([:])
                }
                counts[g][t, default: 0] += 1
                partitionGroup.append(g)
            }
        }
        self.slotStart = slotStart
        self.slotBroker = slotBroker
        groupInfo = ContiguousArray((0..<groupReplicas.count).map {
            GroupInfo(
                replicas: groupReplicas[$0], minISR: groupMinISR[$0], firstSlot: slotStart[$0], endSlot: slotStart[$0 + 1])
        })
        self.partitionStart = partitionStart
        self.partitionGroup = partitionGroup
        var topicEntryStart: ContiguousArray<Int> = [0]
        var topicEntryTopic: ContiguousArray<Int> = []
        var topicEntryCount: ContiguousArray<Int> = []
        for perTopic in counts {
            for (t, n) in perTopic.sorted(by: { $0.key < $1.key }) {
                topicEntryTopic.append(t)
                topicEntryCount.append(n)
            }
            topicEntryStart.append(topicEntryTopic.count)
        }
        self.topicEntryStart = topicEntryStart
        self.topicEntryTopic = topicEntryTopic
        self.topicEntryCount = topicEntryCount
        var brokerEntryStart: ContiguousArray<Int> = [0]
        var brokerGroup: ContiguousArray<Int> = []
        var brokerSlot: ContiguousArray<Int> = []
        var entriesOfBroker = [[(group: Int, slot: Int)]](repeating: [], count: brokerCount)
        for g in 0..<groupReplicas.count {
            for s in slotStart[g]..<slotStart[g + 1] { entriesOfBroker[slotBroker[s]].append((g, s)) }
        }
        for entries in entriesOfBroker {
            brokerGroup.append(contentsOf: entries.map(\.group))
            brokerSlot.append(contentsOf: entries.map(\.slot))
            brokerEntryStart.append(brokerGroup.count)
        }
        self.brokerEntryStart = brokerEntryStart
        self.brokerGroup = brokerGroup
        self.brokerSlot = brokerSlot

        up = brokerCount == 64 ? ~0 : (1 &<< UInt64(truncatingIfNeeded: brokerCount)) - 1
        groups = ContiguousArray((0..<groupReplicas.count).map {
            GroupState(isr: groupReplicas[$0], leader: slotBroker[slotStart[$0]], status: 0)
        })
        syncAt = ContiguousArray(repeating: .infinity, count: slotBroker.count)
        due = ContiguousArray(repeating: .infinity, count: brokerCount)
        tallies = ContiguousArray(repeating: KafkaTally(), count: 2 * (layout.topics.count + 1))
        for g in 0..<groupCount { groups[g].status = Self.status(groups[g], minISR: groupMinISR[g], up: up) }
    }

    private struct GroupKey: Hashable {
        var replicas: [Int]
        var minISR: Int
    }

    // MARK: Events

    /// Brokers in `mask` (up now) go down at `now`, all at the same instant.
    mutating func brokersDown(_ mask: UInt64, at now: Double) {
        brokersChanged(to: up & ~mask, at: now)
    }

    /// Brokers in `mask` (down now) come back at `now`, all at the same instant.
    mutating func brokersUp(_ mask: UInt64, at now: Double) {
        brokersChanged(to: up | mask, at: now)
    }

    /// Sets the brokers up to `newUp` at `now` and brings every partition of a broker that changed up to date.
    mutating func brokersChanged(to newUp: UInt64, at now: Double) {
        let changed = up ^ newUp
        guard changed != 0 else { return }
        up = newUp
        if !quorum { changedWithoutQuorum = true }
        var down = changed & ~newUp
        while down != 0 {
            let b = down.trailingZeroBitCount
            down &= down - 1
            // Its catch-ups stop; no event is due for it.
            if due[b] != .infinity {
                due[b] = .infinity
                dueChanged |= 1 &<< UInt64(truncatingIfNeeded: b)
            }
            for e in brokerEntryStart[b]..<brokerEntryStart[b + 1] where syncAt[brokerSlot[e]] != .infinity {
                syncAt[brokerSlot[e]] = .infinity
            }
        }
        var rest = changed
        while rest != 0 {
            let b = rest.trailingZeroBitCount
            rest &= rest - 1
            for e in brokerEntryStart[b]..<brokerEntryStart[b + 1] { reconcile(brokerGroup[e], at: now) }
        }
    }

    /// Broker b's catch-up event at `now` (its `due` time): replicas caught up by now join their ISR.
    mutating func caughtUp(broker b: Int, at now: Double) {
        if !quorum { changedWithoutQuorum = true }
        var next = Double.infinity
        for e in brokerEntryStart[b]..<brokerEntryStart[b + 1] {
            // Only a replica whose catch-up is over can change its group.
            if syncAt[brokerSlot[e]] <= now { reconcile(brokerGroup[e], at: now) }
            let at = syncAt[brokerSlot[e]]
            if at > now && at < next { next = at }
        }
        due[b] = next
        dueChanged |= 1 &<< UInt64(truncatingIfNeeded: b)
    }

    /// The metadata quorum becomes available or is lost at `now`. When it returns, every pending change
    /// happens at once.
    mutating func quorumAvailable(_ available: Bool, at now: Double) {
        guard available != quorum else { return }
        quorum = available
        guard available else {
            changedWithoutQuorum = false
            return
        }
        // Nothing pending unless a broker changed or a catch-up ended meanwhile.
        guard changedWithoutQuorum else { return }
        for g in 0..<groupCount { reconcile(g, at: now) }
    }

    /// Brings the partitions to the brokers up (`target`) and the metadata quorum (`available`) at `now`: a quorum
    /// lost first, then the brokers, then a quorum back, so that brokers lost with the quorum do not fail over
    /// and every pending change happens when it returns. Returns `takeDueChanges()`.
    mutating func sync(brokersUp target: UInt64, quorum available: Bool, at now: Double) -> UInt64 {
        if !available && quorum { quorumAvailable(false, at: now) }
        if target != up { brokersChanged(to: target, at: now) }
        if available && !quorum { quorumAvailable(true, at: now) }
        return takeDueChanges()
    }

    /// The brokers whose `due` changed since the last call, and forgets them.
    mutating func takeDueChanges() -> UInt64 {
        defer { dueChanged = 0 }
        return dueChanged
    }

    /// Brings group g to what the controller makes of the current brokers and quorum (see the type).
    @inline(__always)
    mutating func reconcile(_ g: Int, at now: Double) {
        let up = self.up
        let info = groupInfo[g]
        let old = groups[g]
        var state = old
        if quorum {
            let live = state.isr & up
            if live != 0 {
                state.isr = live
                if state.leader < 0 || up & (1 &<< UInt64(truncatingIfNeeded: state.leader)) == 0 {
                    state.leader = firstReplica(info, in: live)
                }
            } else {
                state.leader = -1
            }
        }
        let led = state.leader >= 0 && up & (1 &<< UInt64(truncatingIfNeeded: state.leader)) != 0
        // Replicas up and out of sync: catching up (led) or waiting for a leader. (Replicas in the ISR have no
        // catch-up; `brokersChanged` clears those of brokers that go down.)
        var outside = info.replicas & up & ~state.isr
        if outside != 0 {
            for s in info.firstSlot..<info.endSlot {
                let b = slotBroker[s]
                let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: b)
                guard outside & bit != 0 else { continue }
                outside &= ~bit
                guard led else {
                    if syncAt[s] != .infinity { syncAt[s] = .infinity }
                    continue
                }
                if syncAt[s] == .infinity {
                    let at = now + catchUp
                    syncAt[s] = at
                    if catchUp > 0 && at < due[b] {
                        due[b] = at
                        dueChanged |= bit
                    }
                }
                if quorum && syncAt[s] <= now {
                    state.isr |= bit
                    syncAt[s] = .infinity
                }
                if outside == 0 { break }
            }
        }
        state.status = Self.status(state, minISR: info.minISR, up: up)
        if state != old {
            groups[g] = state
            if state.status != old.status { record(group: g, from: old.status, to: state.status, at: now) }
        }
    }

    /// The first replica of a group (in replica order) in `mask`, which is not empty.
    @inline(__always)
    func firstReplica(_ info: GroupInfo, in mask: UInt64) -> Int {
        for s in info.firstSlot..<info.endSlot where mask & (1 &<< UInt64(truncatingIfNeeded: slotBroker[s])) != 0 {
            return slotBroker[s]
        }
        preconditionFailure("no replica in the mask")
    }

    /// Bit 0 unwritable, bit 1 offline, from a group's state and the brokers up.
    @inline(__always)
    static func status(_ state: GroupState, minISR: Int, up: UInt64) -> UInt8 {
        let led = state.leader >= 0 && up & (1 &<< UInt64(truncatingIfNeeded: state.leader)) != 0
        if !led { return 3 }
        let writable = state.isr & ~up == 0 && state.isr.nonzeroBitCount >= minISR
        return writable ? 0 : 1
    }

    /// Moves the tallies of every partition group g stands for from status `old` to `new`.
    mutating func record(group g: Int, from old: UInt8, to new: UInt8, at now: Double) {
        let cluster = topicNames.count
        for figure in 0..<2 where (old ^ new) >> UInt8(figure) & 1 != 0 {
            let sign = (new >> UInt8(figure)) & 1 != 0 ? 1 : -1
            var total = 0
            for e in topicEntryStart[g]..<topicEntryStart[g + 1] {
                let n = topicEntryCount[e]
                total += n
                tallies[2 * topicEntryTopic[e] + figure].change(by: sign * n, at: now, epoch: epoch, wholeYears: wholeYears)
            }
            tallies[2 * cluster + figure].change(by: sign * total, at: now, epoch: epoch, wholeYears: wholeYears)
        }
    }

    // MARK: Clock

    /// Starts the tallies at `now` from the current states, as if every unwritable or offline partition had been
    /// so since before: their time counts, they are not counted as episodes that started.
    mutating func startTallies(at now: Double) {
        for i in tallies.indices { tallies[i] = KafkaTally(since: now) }
        for g in 0..<groupCount where groups[g].status != 0 {
            record(group: g, from: 0, to: groups[g].status, at: now)
        }
        for i in tallies.indices where tallies[i].count > 0 { tallies[i].episodes -= 1 }
    }

    /// The clock's epoch moves forward by `shift` hours (`Replication.rebase`).
    mutating func rebase(by shift: Double) {
        epoch += shift
        for i in syncAt.indices where syncAt[i] != .infinity { syncAt[i] -= shift }
        for b in due.indices where due[b] != .infinity { due[b] -= shift }
        for i in tallies.indices {
            tallies[i].since -= shift
            tallies[i].countSince -= shift
        }
    }

    /// The figures of the history up to `end` (relative to `epoch`).
    func result(at end: Double) -> KafkaReplicationResult {
        func scope(_ s: Int) -> KafkaScopeResult {
            var uw = tallies[2 * s + Self.unwritable]
            var off = tallies[2 * s + Self.offline]
            uw.close(at: end, epoch: epoch, wholeYears: wholeYears)
            off.close(at: end, epoch: epoch, wholeYears: wholeYears)
            return KafkaScopeResult(
                unwritableHours: uw.hours, offlineHours: off.hours, unwritablePartitionHours: uw.partitionHours,
                offlinePartitionHours: off.partitionHours, unwritableEpisodes: uw.episodes, offlineEpisodes: off.episodes,
                yearsWithUnwritable: uw.years, yearsWithOffline: off.years)
        }
        return KafkaReplicationResult(topics: topicNames.indices.map(scope), cluster: scope(topicNames.count))
    }

    // MARK: Queries (tests, reports)

    /// The group of partition `partition` of topic `topic`.
    func group(topic: Int, partition: Int) -> Int { partitionGroup[partitionStart[topic] + partition] }

    /// The ISR of a partition, as broker indices in replica order.
    func isr(topic: Int, partition: Int) -> [Int] {
        let g = group(topic: topic, partition: partition)
        return (slotStart[g]..<slotStart[g + 1]).map { slotBroker[$0] }.filter { groups[g].isr & (1 << UInt64($0)) != 0 }
    }

    /// The recorded leader of a partition (nil: none).
    func leader(topic: Int, partition: Int) -> Int? {
        let l = groups[group(topic: topic, partition: partition)].leader
        return l < 0 ? nil : l
    }

    func isWritable(topic: Int, partition: Int) -> Bool { groups[group(topic: topic, partition: partition)].status == 0 }
    func isOffline(topic: Int, partition: Int) -> Bool {
        groups[group(topic: topic, partition: partition)].status & 2 != 0
    }

    struct GroupInfo: Sendable {
        var replicas: UInt64
        var minISR: Int
        var firstSlot: Int
        var endSlot: Int
    }

    struct GroupState: Sendable, Equatable {
        var isr: UInt64
        /// The recorded leader, −1 for none.
        var leader: Int
        /// Bit 0: unwritable, bit 1: offline.
        var status: UInt8
    }
}

/// The time one topic (or the cluster) spends with at least one partition unwritable (or offline), and the
/// partition-hours, counted as partitions change.
struct KafkaTally: Sendable {
    /// Partitions in the state now, and since when that count holds.
    var count = 0
    var countSince: Double = 0
    /// Start of the current episode (count > 0).
    var since: Double = 0
    var hours: Double = 0
    var partitionHours: Double = 0
    var episodes = 0
    var years = 0
    var lastMarkedYear = -1

    init(since: Double = 0) {
        countSince = since
        self.since = since
    }

    mutating func change(by delta: Int, at now: Double, epoch: Double, wholeYears: Int) {
        partitionHours += Double(count) * (now - countSince)
        countSince = now
        let was = count
        count += delta
        if was == 0 && count > 0 {
            since = now
            episodes += 1
            markYears(from: now, to: now, epoch: epoch, wholeYears: wholeYears)
        } else if was > 0 && count == 0 {
            hours += now - since
            markYears(from: since, to: now, epoch: epoch, wholeYears: wholeYears)
        }
    }

    /// Closes the books at `end` (on a copy: the history is over).
    mutating func close(at end: Double, epoch: Double, wholeYears: Int) {
        partitionHours += Double(count) * (end - countSince)
        if count > 0 {
            hours += end - since
            markYears(from: since, to: end, epoch: epoch, wholeYears: wholeYears)
        }
    }

    /// As `Replication.markYears`: whole years from the one holding `start` to the one holding `end` not counted yet.
    mutating func markYears(from start: Double, to end: Double, epoch: Double, wholeYears: Int) {
        years += newEpisodeYears(
            from: start, to: end, epoch: epoch, wholeYears: wholeYears, lastMarked: &lastMarkedYear)
    }
}
