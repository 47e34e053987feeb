/// Decides whether a set of servers holds a quorum, as ZooKeeper does.
///
/// Servers are numbered by their index in `Scenario.servers`; a set of servers is a
/// bit mask (bit i = server i), so an ensemble has at most 64 servers.
/// Observers never count. With no groups the rule is ZooKeeper's `QuorumMaj`: more
/// than half of the participants. With groups it is `QuorumHierarchical`: more than
/// half of the weight in each of more than half of the groups with non-zero weight.
/// A participant of weight 0 never leads (`candidates`).
public struct QuorumRule: Sendable, Equatable {
    /// Participants (voters).
    public let voters: UInt64
    /// Participants that can be elected leader: every participant under a plain majority; under a hierarchical
    /// rule only those of non-zero weight, since ZooKeeper's leader election never moves its vote to a server of
    /// weight 0 (`FastLeaderElection.totalOrderPredicate`) and that server's own vote carries no weight.
    public let candidates: UInt64
    /// Plain majority: the number of voters that makes a quorum.
    public let majority: Int
    /// Hierarchical only: each group's members, weights and half weight.
    let groups: [Group]
    /// Per server weight (hierarchical only).
    let weights: [Int]

    struct Group: Sendable, Equatable {
        var members: UInt64
        var totalWeight: Int
    }

    /// Whether the rule is `QuorumHierarchical` (some participant has a group) rather than a plain majority.
    public var isHierarchical: Bool { !groups.isEmpty }

    /// The rule for `servers`. Hierarchical when any participant names a group.
    public init(servers: [Server]) {
        precondition(servers.count <= 64, "at most 64 servers")
        var voters: UInt64 = 0
        for (i, s) in servers.enumerated() where s.role == .participant { voters |= 1 << UInt64(i) }
        self.voters = voters
        self.majority = voters.nonzeroBitCount / 2 + 1
        self.weights = servers.map { $0.role == .participant ? $0.weight : 0 }
        if servers.contains(where: { $0.role == .participant && $0.group != nil }) {
            var byGroup: [Int: Group] = [:]
            for (i, s) in servers.enumerated() where s.role == .participant {
                let g = s.group ?? 0
                var entry = byGroup[g] ?? Group(members: 0, totalWeight: 0)
                entry.members |= 1 << UInt64(i)
                entry.totalWeight += s.weight
                byGroup[g] = entry
            }
            self.groups = byGroup.keys.sorted().compactMap { byGroup[$0] }.filter { $0.totalWeight > 0 }
            var candidates: UInt64 = 0
            for (i, w) in weights.enumerated() where w > 0 { candidates |= 1 << UInt64(i) }
            self.candidates = candidates & voters
        } else {
            self.groups = []
            self.candidates = voters
        }
    }

    /// Whether the servers in `set` form a quorum.
    @inline(__always)
    public func isQuorum(_ set: UInt64) -> Bool {
        if groups.isEmpty {
            return (set & voters).nonzeroBitCount >= majority
        }
        return hierarchicalQuorum(set)
    }

    func hierarchicalQuorum(_ set: UInt64) -> Bool {
        var acked = 0
        for g in groups {
            var weight = 0
            var m = set & g.members
            while m != 0 {
                let i = m.trailingZeroBitCount
                weight += weights[i]
                m &= m - 1
            }
            if 2 * weight > g.totalWeight { acked += 1 }
        }
        return 2 * acked > groups.count
    }

    /// The fewest servers whose loss, from all up, leaves no quorum: a closed form for a plain majority, a search
    /// over subsets for hierarchical rules (fine for the sizes an ensemble has).
    public func minimumFailuresToLoseQuorum(serverCount n: Int) -> Int {
        let all: UInt64 = n == 64 ? ~0 : (1 << UInt64(n)) - 1
        if !isQuorum(all) { return 0 }
        // Plain majority: losing all but majority − 1 of the voters is the cheapest way, no search needed.
        if groups.isEmpty { return (all & voters).nonzeroBitCount - majority + 1 }
        for k in 1...n {
            if anySubset(of: n, size: k, where: { !isQuorum(all & ~$0) }) { return k }
        }
        return n
    }

    private func anySubset(of n: Int, size k: Int, where test: (UInt64) -> Bool) -> Bool {
        // Gosper's hack over k-subsets of n bits.
        guard k <= n else { return false }
        var s: UInt64 = k == 64 ? ~0 : (1 << UInt64(k)) - 1
        let limit: UInt64 = n == 64 ? 0 : 1 << UInt64(n)
        while n == 64 ? s != 0 : s < limit {
            if test(s) { return true }
            let c = s & (~s &+ 1)
            let r = s &+ c
            if r == 0 { break }
            s = (((r ^ s) >> 2) / c) | r
        }
        return false
    }
}

/// Which servers can reach which, given zone-to-zone cuts.
///
/// A write needs a leader that reaches a quorum directly: writes are possible when
/// the zone of some up participant that can lead (`QuorumRule.candidates`: not of
/// weight 0), together with every zone it is not cut off from, holds a quorum of up servers.
public struct Reachability: Sendable {
    /// Servers in each zone.
    public let zoneMembers: [UInt64]
    /// Participants in each zone.
    public let zoneVoters: [UInt64]

    /// The zone membership of `servers`, whose `zone` indices must be below `zoneCount`.
    public init(servers: [Server], zoneCount: Int) {
        var members = [UInt64](repeating: 0, count: zoneCount)
        var voters = [UInt64](repeating: 0, count: zoneCount)
        for (i, s) in servers.enumerated() {
            members[s.zone] |= 1 << UInt64(i)
            if s.role == .participant { voters[s.zone] |= 1 << UInt64(i) }
        }
        self.zoneMembers = members
        self.zoneVoters = voters
    }

    /// Whether a leader can be found with a quorum behind it.
    /// - Parameters:
    ///   - up: servers that are up.
    ///   - cut: `cut[z]` has bit y set when zones z and y cannot reach each other;
    ///     pass an empty array when there are no cuts.
    @inline(__always)
    public func canServe(up: UInt64, cut: [UInt64], rule: QuorumRule) -> Bool {
        // A quorum always holds a candidate: more than half of a group's non-zero weight is non-zero weight.
        if cut.isEmpty { return rule.isQuorum(up) }
        for z in 0..<zoneVoters.count where up & zoneVoters[z] & rule.candidates != 0 {
            var reach: UInt64 = 0
            for y in 0..<zoneMembers.count where cut[z] & (1 << UInt64(y)) == 0 {
                reach |= zoneMembers[y]
            }
            if rule.isQuorum(up & reach) { return true }
        }
        return false
    }
}
