extension QuorumRule {
    /// One smallest set of servers in `up` whose loss leaves no quorum, as server indices in
    /// increasing order; empty when `up` holds no quorum already.
    ///
    /// Plain majority: any (up voters − majority + 1) up voters, the lowest indices here.
    /// Hierarchical: a group stops counting once its up weight is at most half its weight,
    /// cheapest by removing its heaviest up members first; the quorum is gone once no more
    /// than half the groups count, so the cheapest groups are broken. Groups share no
    /// servers, so this is a true minimum.
    public func smallestLosingSet(up: UInt64) -> [Int] {
        guard isQuorum(up) else { return [] }
        var chosen: [Int] = []
        if groups.isEmpty {
            let upVoters = up & voters
            var remove = upVoters.nonzeroBitCount - majority + 1
            var m = upVoters
            while remove > 0 {
                chosen.append(m.trailingZeroBitCount)
                m &= m - 1
                remove -= 1
            }
        } else {
            var costs: [[Int]] = []
            for g in groups {
                var members: [Int] = []
                var m = up & g.members
                while m != 0 {
                    members.append(m.trailingZeroBitCount)
                    m &= m - 1
                }
                var weight = members.reduce(0) { $0 + weights[$1] }
                guard 2 * weight > g.totalWeight else { continue }
                var removed: [Int] = []
                // Heaviest first; ties by index for a stable answer.
                for i in members.sorted(by: { (weights[$0], -$0) > (weights[$1], -$1) }) {
                    if 2 * weight <= g.totalWeight { break }
                    removed.append(i)
                    weight -= weights[i]
                }
                costs.append(removed)
            }
            let toBreak = costs.count - groups.count / 2
            for removed in costs.enumerated().sorted(by: {
                ($0.element.count, $0.offset) < ($1.element.count, $1.offset)
            })
            .prefix(toBreak) {
                chosen += removed.element
            }
        }
        var lost: UInt64 = 0
        for i in chosen { lost |= 1 << UInt64(i) }
        assert(!isQuorum(up & ~lost), "smallestLosingSet left a quorum")
        return chosen.sorted()
    }
}
