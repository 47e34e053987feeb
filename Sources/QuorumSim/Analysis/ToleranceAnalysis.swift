/// Failure tolerance of a placement: server, zone, maintenance and isolation counts.
public enum ToleranceAnalysis {
    /// Analyses `scenario`'s placement; fault processes, maintenance and elections are not used.
    /// - Throws: `ExactLimitation` when the scenario has more than 64 servers or zones or
    ///   refers to a zone it does not have.
    public static func report(of scenario: Scenario) throws(ExactLimitation) -> ToleranceReport {
        let servers = scenario.servers
        let (rule, reach, all) = try ensemble(of: scenario)
        let ids = { (indices: [Int]) in indices.map { servers[$0].id } }
        let losing = rule.smallestLosingSet(up: all)

        var zones: [ZoneTolerance] = []
        for (z, zone) in scenario.zones.enumerated() {
            let members = reach.zoneMembers[z]
            let after = rule.smallestLosingSet(up: all & ~members)
            let lossLoses = !rule.isQuorum(all & ~members)
            zones.append(
                ZoneTolerance(
                    zone: zone.name,
                    servers: ids(indices(of: members)),
                    voters: reach.zoneVoters[z].nonzeroBitCount,
                    lossLosesQuorum: lossLoses,
                    failuresToLoseQuorumAfterLoss: after.count,
                    losingSetAfterLoss: ids(after),
                    zonePlusOneServerLosesQuorum: after.count <= 1,
                    isolatedServingSide: isolationSide(zone: z, all: all, rule: rule, reach: reach)))
        }

        let maintenance = servers.enumerated().map { i, s in
            let rest = rule.smallestLosingSet(up: all & ~(1 << UInt64(i)))
            return MaintenanceTolerance(
                server: s.id, role: s.role.rawValue, downLosesQuorum: rest.isEmpty,
                failuresToLoseQuorum: rest.count, failuresTolerated: max(0, rest.count - 1))
        }

        return ToleranceReport(
            scenario: scenario.name,
            rule: rule.isHierarchical ? "hierarchical" : "majority",
            voters: servers.filter { $0.role == .participant }.map(\.id),
            observers: servers.filter { $0.role == .observer }.map(\.id),
            majority: rule.isHierarchical ? nil : rule.majority,
            groups: rule.isHierarchical ? rule.groups.count : nil,
            failuresToLoseQuorum: losing.count,
            failuresTolerated: max(0, losing.count - 1),
            smallestLosingSet: ids(losing),
            zones: zones,
            maintenance: maintenance,
            survivesAnySingleZoneLoss: zones.allSatisfy { !$0.lossLosesQuorum },
            survivesAnyZoneIsolation: zones.allSatisfy { $0.isolatedServingSide != .neither })
    }

    /// `scenario`'s ensemble as a placement analysis needs it (this one and ``KafkaTolerance``'s): its quorum
    /// rule, its servers by zone, and the mask of every server up.
    /// - Throws: `ExactLimitation` when the scenario has more than 64 servers or zones or puts a server in a zone
    ///   it does not have.
    static func ensemble(of scenario: Scenario) throws(ExactLimitation) -> (
        rule: QuorumRule, reach: Reachability, all: UInt64
    ) {
        let servers = scenario.servers
        let zoneCount = scenario.zones.count
        guard servers.count <= 64 else { throw .tooManyServers(count: servers.count) }
        guard zoneCount <= 64 else { throw .malformedScenario("\(zoneCount) zones; at most 64") }
        for (i, s) in servers.enumerated() where !(0..<zoneCount).contains(s.zone) {
            throw .malformedScenario("servers[\(i)].zone \(s.zone) is not a zone index")
        }
        let all: UInt64 = servers.count == 64 ? ~0 : (1 << UInt64(servers.count)) - 1
        return (QuorumRule(servers: servers), Reachability(servers: servers, zoneCount: zoneCount), all)
    }

    /// Which side serves when zone `z` is cut off from every other zone.
    static func isolationSide(zone z: Int, all: UInt64, rule: QuorumRule, reach: Reachability) -> ServingSide {
        let zoneCount = reach.zoneMembers.count
        let everyZone: UInt64 = zoneCount == 64 ? ~0 : (1 << UInt64(zoneCount)) - 1
        var cut = [UInt64](repeating: 1 << UInt64(z), count: zoneCount)
        cut[z] = everyZone & ~(1 << UInt64(z))
        guard reach.canServe(up: all, cut: cut, rule: rule) else { return .neither }
        return rule.isQuorum(all & reach.zoneMembers[z]) ? .zone : .rest
    }

    static func indices(of mask: UInt64) -> [Int] {
        var out: [Int] = []
        var m = mask
        while m != 0 {
            out.append(m.trailingZeroBitCount)
            m &= m - 1
        }
        return out
    }
}
