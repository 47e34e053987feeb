/// A hierarchical quorum rule (zoo.cfg `group.G=1:2:3` and `weight.N=w` lines), as ZooKeeper's
/// `QuorumHierarchical` applies it.
///
/// A set of servers is a quorum when, in more than half of the groups whose total weight is not zero, the servers
/// of the set carry more than half of that group's weight. A server without a `weight.N` line weighs 1.
public struct Hierarchy: Sendable, Equatable {
    /// Group id `G` → the ids of the servers its `group.G=` line lists.
    public var groups: [Int: Set<Int>]
    /// Server id → weight, for servers with a `weight.N=` line; the others weigh 1.
    public var weights: [Int: Int]
    // Each server is in at most one group: zoo.cfg reading refuses anything else, as ZooKeeper does, and
    // `failuresTolerated` relies on it.

    /// A rule from its groups and explicit weights. Weights are clamped to 0...2³¹−1, which keeps every sum exact.
    public init(groups: [Int: Set<Int>], weights: [Int: Int] = [:]) {
        self.groups = groups
        self.weights = weights.mapValues { min(max($0, 0), Int(Int32.max)) }
    }

    /// The weight of server `id`: its `weight.N`, else 1.
    public func weight(of id: Int) -> Int { weights[id] ?? 1 }

    /// The total weight of each group, by group id.
    public var groupWeights: [Int: Int] { groups.mapValues { $0.reduce(0) { $0 + weight(of: $1) } } }

    /// Groups whose total weight is not zero: the only ones that count (ZooKeeper drops the others).
    public var countedGroups: Int { groupWeights.values.filter { $0 > 0 }.count }

    /// Whether the servers in `serving` form a quorum (`QuorumHierarchical.containsQuorum`).
    public func hasQuorum(serving: Set<Int>) -> Bool {
        let majorities = groupsWithMajority(serving: serving).count
        // `> counted / 2` in integers, as ZooKeeper writes it: more than half of the counted groups.
        return majorities > countedGroups / 2
    }

    /// How many more servers of `serving` can stop before the rest no longer forms a quorum; -1 when `serving` is
    /// not a quorum now.
    ///
    /// Exact for any size, without trying subsets: a group loses its majority cheapest by losing its heaviest
    /// serving members first, groups lose their majorities independently of each other, and the quorum breaks
    /// once enough groups have lost theirs; so the cheapest break takes the cheapest groups.
    public func failuresTolerated(serving: Set<Int>) -> Int {
        guard hasQuorum(serving: serving) else { return -1 }
        let totals = groupWeights
        let costs = groupsWithMajority(serving: serving).map { id -> Int in
            let total = totals[id] ?? 0
            var remaining = serving.intersection(groups[id] ?? []).map(weight(of:)).sorted(by: >)
            var live = remaining.reduce(0, +)
            var lost = 0
            // Still a majority while live weight > total / 2 (integer division, as in ZooKeeper).
            while live > total / 2, !remaining.isEmpty {
                live -= remaining.removeFirst()
                lost += 1
            }
            return lost
        }
        let mustBreak = costs.count - countedGroups / 2
        return costs.sorted().prefix(mustBreak).reduce(0, +) - 1
    }

    /// Ids of the groups in which `serving` carries more than half of the group's weight.
    func groupsWithMajority(serving: Set<Int>) -> [Int] {
        let totals = groupWeights
        return groups.compactMap { id, members in
            let total = totals[id] ?? 0
            let live = members.intersection(serving).reduce(0) { $0 + weight(of: $1) }
            return total > 0 && live > total / 2 ? id : nil
        }
    }
}
