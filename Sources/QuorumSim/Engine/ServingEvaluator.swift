/// Decides, for a set of up servers and the partitions in force, which zones a leader
/// could serve writes from.
///
/// The answer is a zone mask: bit z is set when zone z has an up participant that can lead
/// (`QuorumRule.candidates`: not of weight 0) and the servers it reaches (its own zone and every zone not cut off from it) hold a quorum.
/// Writes are possible when the mask is non-zero (exactly `Reachability.canServe`), and
/// a leader in zone z keeps its quorum while bit z is set. Without partitions every
/// zone reaches every other, so the mask is all ones or zero.
///
/// Hierarchical rules and partitions make the decision a loop; when the state fits in
/// 16 bits (servers + partitions) every answer is precomputed into a table. A plain majority
/// is a population count, which x86-64's baseline has no instruction for; up to 10 servers
/// (a table of 8 KiB at most) it is read from a table too.
struct ServingEvaluator: Sendable {
    let rule: QuorumRule
    let reachability: Reachability
    let serverCount: Int
    /// The zones each partition cuts apart.
    let partitionZones: [(Int, Int)]
    @usableFromInline let table: ContiguousArray<UInt64>
    @usableFromInline let plainMajority: Bool
    @usableFromInline let voters: UInt64
    @usableFromInline let majority: Int

    /// The largest table, in bits of state (servers + partitions).
    static let maximumTableBits = 16
    /// The largest table for a plain majority, in servers.
    static let maximumPlainTableBits = 10

    init(scenario: Scenario) {
        rule = QuorumRule(servers: scenario.servers)
        reachability = Reachability(servers: scenario.servers, zoneCount: scenario.zones.count)
        serverCount = scenario.servers.count
        partitionZones = scenario.partitions.map { ($0.zoneA, $0.zoneB) }
        voters = rule.voters
        majority = rule.majority
        plainMajority = !rule.isHierarchical && partitionZones.isEmpty
        let bits = serverCount + partitionZones.count
        if bits > (plainMajority ? Self.maximumPlainTableBits : Self.maximumTableBits) {
            table = []
        } else {
            var entries = ContiguousArray<UInt64>(repeating: 0, count: 1 << bits)
            let serverMask: UInt64 = (1 << UInt64(serverCount)) - 1
            for key in 0..<entries.count {
                let k = UInt64(key)
                entries[key] = Self.computeServingZones(
                    up: k & serverMask, cutState: k >> UInt64(serverCount), rule: rule,
                    reachability: reachability, partitionZones: partitionZones)
            }
            table = entries
        }
    }

    /// The zones a leader could serve from (see the type's description).
    /// - Parameters:
    ///   - up: servers that are up (bit i = server i).
    ///   - cutState: partitions in force (bit k = `Scenario.partitions[k]`).
    @inlinable @inline(__always)
    func servingZones(up: UInt64, cutState: UInt64) -> UInt64 {
        if !table.isEmpty {
            return table[Int(truncatingIfNeeded: up | (cutState << UInt64(serverCount)))]
        }
        if plainMajority {
            return (up & voters).nonzeroBitCount >= majority ? ~0 : 0
        }
        return computedServingZones(up: up, cutState: cutState)
    }

    /// `servingZones` without a table, out of line: inlined, the loop made `servingZones` (and with it
    /// `Replication.settle`) too large to inline into the event loop. An instance method, so that the event
    /// loop passes `self` by reference instead of copying the rule on every event for a call it rarely makes.
    @usableFromInline @inline(never)
    func computedServingZones(up: UInt64, cutState: UInt64) -> UInt64 {
        Self.computeServingZones(
            up: up, cutState: cutState, rule: rule, reachability: reachability, partitionZones: partitionZones)
    }

    /// Whether writes are possible: `Reachability.canServe` for these cuts.
    @inlinable
    func canServe(up: UInt64, cutState: UInt64) -> Bool {
        servingZones(up: up, cutState: cutState) != 0
    }

    /// The cut matrix `Reachability.canServe` takes, for the partitions in `cutState`.
    func cuts(for cutState: UInt64) -> [UInt64] {
        Self.cuts(for: cutState, zoneCount: reachability.zoneMembers.count, partitionZones: partitionZones)
    }

    static func cuts(for cutState: UInt64, zoneCount: Int, partitionZones: [(Int, Int)]) -> [UInt64] {
        var cut = [UInt64](repeating: 0, count: zoneCount)
        for (k, pair) in partitionZones.enumerated() where cutState & (1 << UInt64(k)) != 0 {
            cut[pair.0] |= 1 << UInt64(pair.1)
            cut[pair.1] |= 1 << UInt64(pair.0)
        }
        return cut
    }

    static func computeServingZones(
        up: UInt64, cutState: UInt64, rule: QuorumRule, reachability: Reachability, partitionZones: [(Int, Int)]
    ) -> UInt64 {
        let zoneCount = reachability.zoneMembers.count
        if cutState == 0 {
            return rule.isQuorum(up) ? ~0 : 0
        }
        let cut = cuts(for: cutState, zoneCount: zoneCount, partitionZones: partitionZones)
        var serving: UInt64 = 0
        for z in 0..<zoneCount where up & reachability.zoneVoters[z] & rule.candidates != 0 {
            var reach: UInt64 = 0
            for y in 0..<zoneCount where cut[z] & (1 << UInt64(y)) == 0 {
                reach |= reachability.zoneMembers[y]
            }
            if rule.isQuorum(up & reach) { serving |= 1 << UInt64(z) }
        }
        return serving
    }
}
