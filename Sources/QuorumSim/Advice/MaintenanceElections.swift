/// Elections that rolling maintenance itself causes, with every other part of the ensemble up.
///
/// The walk follows the simulator's rules (`Replication`): each maintenance step takes the next server of the
/// order down as the previous one comes back; a leader taken down starts an election, and the new leader is the up
/// participant with the highest id; a step that leaves no majority loses the quorum, and the step that restores it
/// starts an election. The leader at the start of a cycle depends on the cycle before (in ascending order the
/// leader alternates between the two highest ids, so two elections a cycle), so cycles are walked until the state
/// at a cycle's start repeats, and the count is averaged over that loop: the long-run elections per cycle.
public enum MaintenanceElections {
    /// Long-run elections per maintenance cycle for plain-majority voters, everything else up.
    /// - Parameters:
    ///   - ids: the voters' ids (participants only).
    ///   - order: ids in the order maintenance takes them down (ids not in `ids` are ignored).
    /// - Returns: elections per cycle (0 for an empty order).
    public static func perCycle(ids: [Int], order: [Int]) -> Double {
        let voters = Set(ids)
        let steps = order.filter { voters.contains($0) }
        guard !steps.isEmpty else { return 0 }
        let majority = voters.count / 2 + 1
        var leader: Int? = ids.max()
        var seen: [Int: (cycle: Int, elections: Int)] = [:]
        var elections = 0
        for cycle in 0...(voters.count + 2) {
            let key = leader ?? 0
            if let first = seen[key] {
                return Double(elections - first.elections) / Double(cycle - first.cycle)
            }
            seen[key] = (cycle, elections)
            for step in 0...steps.count {
                let down: Int? = step < steps.count ? steps[step] : nil
                let up = voters.subtracting(down.map { [$0] } ?? [])
                if up.count < majority {
                    leader = nil
                } else if leader == nil || !up.contains(leader!) {
                    elections += 1
                    leader = up.max()
                }
            }
        }
        return Double(elections) / Double(voters.count + 3)
    }
}
