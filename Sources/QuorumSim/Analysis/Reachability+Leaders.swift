extension Reachability {
    /// The up participants that could lead: candidates (`QuorumRule.candidates`, never a server of
    /// weight 0) whose zone, with every zone it is not cut off from, holds a quorum of up servers.
    ///
    /// Non-empty exactly when `canServe(up:cut:rule:)` is true; same arguments.
    public func possibleLeaders(up: UInt64, cut: [UInt64], rule: QuorumRule) -> UInt64 {
        if cut.isEmpty { return rule.isQuorum(up) ? up & rule.candidates : 0 }
        var leaders: UInt64 = 0
        for z in 0..<zoneVoters.count where up & zoneVoters[z] & rule.candidates != 0 {
            var reach: UInt64 = 0
            for y in 0..<zoneMembers.count where cut[z] & (1 << UInt64(y)) == 0 {
                reach |= zoneMembers[y]
            }
            if rule.isQuorum(up & reach) { leaders |= up & zoneVoters[z] & rule.candidates }
        }
        return leaders
    }
}
