import QuorumSim

/// Builders and an independent brute force for the analysis tests.
enum Fixture {
    static func exp(_ mttf: Double, _ mttr: Double) -> FaultProcess {
        FaultProcess(timeToFailure: .exponential(mean: mttf), timeToRepair: .exponential(mean: mttr))
    }

    /// Servers numbered 1..., `perZone[z]` of them in zone z, each with its own process.
    static func scenario(
        perZone: [Int], zoneOutages: [FaultProcess?]? = nil, serverFaults: (Int) -> FaultProcess? = { _ in nil },
        partitions: [Partition] = []
    ) -> Scenario {
        let zones = perZone.indices.map { Zone(name: "z\($0)", outage: zoneOutages?[$0]) }
        var servers: [Server] = []
        for (z, count) in perZone.enumerated() {
            for _ in 0..<count {
                let id = servers.count + 1
                servers.append(Server(id: id, zone: z, faults: serverFaults(id)))
            }
        }
        return Scenario(name: "test", zones: zones, servers: servers, partitions: partitions)
    }

    /// Long-run up and down probabilities of a process, in extended precision, from its means.
    static func upDown(_ p: FaultProcess?) -> (up: Float80, down: Float80) {
        guard let p else { return (1, 0) }
        let f = Float80(p.timeToFailure.mean)
        let r = Float80(p.timeToRepair.mean)
        return (f / (f + r), r / (f + r))
    }

    /// Enumerates every zone, link and server state (observers included), multiplies the
    /// probabilities in extended precision and adds those the `serves` predicate rejects.
    /// `serves(up, cut)` gets the up servers (bit i = `servers[i]`) and per-zone cut masks.
    static func bruteForceUnavailability(
        _ s: Scenario, forcedDown: Int? = nil, serves: (UInt64, [UInt64]) -> Bool
    ) -> Double {
        let zoneCount = s.zones.count
        let parts: [FaultProcess?] =
            s.zones.map(\.outage) + s.partitions.map(\.process) + s.servers.map { $0.faults ?? s.serverFaults }
        let total = parts.count
        var sum: Float80 = 0
        for state in 0..<(1 << total) {
            var p: Float80 = 1
            for (k, part) in parts.enumerated() {
                let (u, d) = upDown(part)
                p *= state & (1 << k) != 0 ? d : u
            }
            if p == 0 { continue }
            var up: UInt64 = 0
            for (i, server) in s.servers.enumerated() {
                let zoneDown = state & (1 << server.zone) != 0
                let ownDown = state & (1 << (zoneCount + s.partitions.count + i)) != 0
                if !zoneDown && !ownDown && i != forcedDown { up |= 1 << UInt64(i) }
            }
            var cut = [UInt64](repeating: 0, count: zoneCount)
            var anyCut = false
            for (k, partition) in s.partitions.enumerated() where state & (1 << (zoneCount + k)) != 0 {
                cut[partition.zoneA] |= 1 << UInt64(partition.zoneB)
                cut[partition.zoneB] |= 1 << UInt64(partition.zoneA)
                anyCut = true
            }
            if !serves(up, anyCut ? cut : []) { sum += p }
        }
        return Double(sum)
    }

    /// Plain-majority decision written out: at least `majority` participants up.
    static func majority(_ s: Scenario) -> (UInt64, [UInt64]) -> Bool {
        let voters = s.servers.enumerated().filter { $0.element.role == .participant }.map(\.offset)
        let needed = voters.count / 2 + 1
        return { up, _ in voters.filter { up & (1 << UInt64($0)) != 0 }.count >= needed }
    }

    /// The contract's decision (`Reachability.canServe`), for cases with cuts.
    static func contract(_ s: Scenario) -> (UInt64, [UInt64]) -> Bool {
        let rule = QuorumRule(servers: s.servers)
        let reach = Reachability(servers: s.servers, zoneCount: s.zones.count)
        return { up, cut in reach.canServe(up: up, cut: cut, rule: rule) }
    }

    static func relativeError(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return abs(a - b) / max(abs(a), abs(b))
    }
}
