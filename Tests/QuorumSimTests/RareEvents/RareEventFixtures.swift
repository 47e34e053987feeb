import QuorumSim

/// Scenarios for the importance-sampling tests, with realistic or scaled-up fault rates.
enum RareFixture {
    static func exp(_ mttf: Double, _ mttr: Double) -> FaultProcess {
        FaultProcess(timeToFailure: .exponential(mean: mttf), timeToRepair: .exponential(mean: mttr))
    }

    /// Servers fail twice a year and take a day to repair.
    static let server = exp(4380, 24)
    /// Zones fail every two years and take 4 h to come back.
    static let zone = exp(17532, 4)
    /// A cut between two zones once a year, for an hour.
    static let cut = exp(8766, 1)

    /// `layout[z]` voters in zone z (ids 1...), every zone with `zone` outages, a cut between every
    /// pair of zones when `partition` is set; `groupByZone` makes each zone a hierarchical group.
    static func scenario(
        _ layout: [Int], server: FaultProcess? = server, zone: FaultProcess? = zone, partition: FaultProcess? = nil,
        groupByZone: Bool = false
    ) -> Scenario {
        var servers: [Server] = []
        for (z, count) in layout.enumerated() {
            for _ in 0..<count {
                servers.append(Server(id: servers.count + 1, zone: z, group: groupByZone ? z + 1 : nil))
            }
        }
        var partitions: [Partition] = []
        if let partition {
            for a in layout.indices {
                for b in layout.indices where b > a {
                    partitions.append(Partition(zoneA: a, zoneB: b, process: partition))
                }
            }
        }
        return Scenario(
            name: layout.map(String.init).joined(separator: "/"),
            zones: layout.indices.map { Zone(name: "z\($0)", outage: zone) }, servers: servers, serverFaults: server,
            partitions: partitions)
    }

    /// Settings that stop only by target or cycle budget, so a run is the same on every machine.
    static func settings(
        target: Double = 0.05, maxCycles: Int = 2_000_000, seed: UInt64 = 1, bias: Double? = 0.5
    ) -> RareEventSettings {
        RareEventSettings(
            failureBias: bias, targetRelativeHalfWidth: target, maxCycles: maxCycles, maxSeconds: nil, seed: seed)
    }
}
