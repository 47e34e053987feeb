/// The long-run state of a scenario as a product of independent two-state parts.
///
/// Only the parts that can change whether a quorum exists are kept: outages of zones
/// that hold a voter, cuts between two such zones, and the own processes of voters.
/// Observers never count toward a quorum (`QuorumRule`), so their processes are left out.
struct ProductForm: Sendable {
    struct ZonePart: Sendable {
        var zone: Int
        var component: TwoStateComponent
    }

    struct LinkPart: Sendable {
        var zoneA: Int
        var zoneB: Int
        var component: TwoStateComponent
    }

    let rule: QuorumRule
    let reachability: Reachability
    let zoneCount: Int
    let zoneParts: [ZonePart]
    let linkParts: [LinkPart]
    /// Own process of each voter (index into `Scenario.servers`); `nil` = never fails.
    let voterParts: [(index: Int, zone: Int, component: TwoStateComponent?)]
    /// Voter indices (into `Scenario.servers`) per zone.
    let votersByZone: [[Int]]

    /// Builds the model, or says why the scenario cannot be described this way.
    static func make(_ scenario: Scenario) -> (model: ProductForm?, problems: [ExactLimitation]) {
        let servers = scenario.servers
        guard servers.count <= 64 else { return (nil, [.tooManyServers(count: servers.count)]) }
        let zoneCount = scenario.zones.count
        guard zoneCount <= 64 else { return (nil, [.malformedScenario("\(zoneCount) zones; at most 64")]) }
        var problems: [ExactLimitation] = []
        for (i, s) in servers.enumerated() where !(0..<zoneCount).contains(s.zone) {
            problems.append(.malformedScenario("servers[\(i)].zone \(s.zone) is not a zone index"))
        }
        for (i, p) in scenario.partitions.enumerated()
        where !(0..<zoneCount).contains(p.zoneA) || !(0..<zoneCount).contains(p.zoneB) {
            problems.append(.malformedScenario("partitions[\(i)] names a zone index out of range"))
        }
        if !problems.isEmpty { return (nil, problems) }

        var votersByZone = [[Int]](repeating: [], count: zoneCount)
        for (i, s) in servers.enumerated() where s.role == .participant { votersByZone[s.zone].append(i) }

        var zoneParts: [ZonePart] = []
        for (z, zone) in scenario.zones.enumerated() where !votersByZone[z].isEmpty {
            guard let outage = zone.outage else { continue }
            if let c = TwoStateComponent(outage, label: "zone \"\(zone.name)\" outage") {
                zoneParts.append(ZonePart(zone: z, component: c))
            } else {
                problems.append(.invalidProcess(component: "zone \"\(zone.name)\" outage"))
            }
        }
        var linkParts: [LinkPart] = []
        for p in scenario.partitions where !votersByZone[p.zoneA].isEmpty && !votersByZone[p.zoneB].isEmpty {
            let label = "partition \"\(scenario.zones[p.zoneA].name)\"–\"\(scenario.zones[p.zoneB].name)\""
            if let c = TwoStateComponent(p.process, label: label) {
                linkParts.append(LinkPart(zoneA: p.zoneA, zoneB: p.zoneB, component: c))
            } else {
                problems.append(.invalidProcess(component: label))
            }
        }
        var voterParts: [(index: Int, zone: Int, component: TwoStateComponent?)] = []
        for (i, s) in servers.enumerated() where s.role == .participant {
            // In kraft-combined mode a server is a broker's node and fails with the broker's process.
            guard let process = scenario.faults(ofServer: i) else {
                voterParts.append((i, s.zone, nil))
                continue
            }
            if let c = TwoStateComponent(process, label: "server \(s.id) faults") {
                voterParts.append((i, s.zone, c))
            } else {
                problems.append(.invalidProcess(component: "server \(s.id) faults"))
            }
        }
        if !problems.isEmpty { return (nil, problems) }
        let model = ProductForm(
            rule: QuorumRule(servers: servers),
            reachability: Reachability(servers: servers, zoneCount: zoneCount),
            zoneCount: zoneCount, zoneParts: zoneParts, linkParts: linkParts, voterParts: voterParts,
            votersByZone: votersByZone)
        return (model, [])
    }

    /// Every random part, for checks that apply to all of them.
    var allComponents: [TwoStateComponent] {
        zoneParts.map(\.component) + linkParts.map(\.component) + voterParts.compactMap(\.component)
    }

    /// Voters whose own process is random (neither always up nor always down).
    var randomVoterCount: Int {
        voterParts.filter { $0.component?.isRandom ?? false }.count
    }

    /// An upper bound on the states `unavailability(forcedDown:)` visits.
    var enumerationCost: Double {
        let outer = Double(sign: .plus, exponent: zoneParts.count + linkParts.count, significand: 1)
        let r = randomVoterCount
        var inner = Double(r * r + 1)
        if rule.isHierarchical {
            inner = Double(sign: .plus, exponent: r, significand: 1)
        } else if !linkParts.isEmpty {
            var vectors = 1.0
            for z in 0..<zoneCount {
                let random = voterParts.filter { $0.zone == z && ($0.component?.isRandom ?? false) }
                vectors *= Double(random.count + 1)
            }
            inner = max(inner, vectors)
        }
        return outer * inner
    }

    // MARK: - Unavailability

    /// Long-run probability that no leader has a quorum behind it, elections instant.
    ///
    /// Conditions on every zone and link state (2^(zones + links) products of directly
    /// computed probabilities) and sums, for each, the probability of the voter states
    /// without a quorum. Only states without a quorum are ever added, so the result keeps
    /// full relative precision however small it is.
    /// - Parameter forcedDown: a server index held down (in maintenance), or `nil`.
    func unavailability(forcedDown: Int? = nil) -> Double {
        let outerCount = zoneParts.count + linkParts.count
        var total = CompensatedSum()
        var zoneUp = [Bool](repeating: true, count: zoneCount)
        var cut = [UInt64](repeating: 0, count: zoneCount)
        for state in 0..<(UInt64(1) << UInt64(outerCount)) {
            var weight = 1.0
            for z in 0..<zoneCount { zoneUp[z] = true }
            var anyCut = false
            for (k, part) in zoneParts.enumerated() {
                let bad = state & (1 << UInt64(k)) != 0
                weight *= part.component.probability(bad: bad)
                if bad { zoneUp[part.zone] = false }
            }
            for z in 0..<zoneCount { cut[z] = 0 }
            for (k, part) in linkParts.enumerated() {
                let bad = state & (1 << UInt64(zoneParts.count + k)) != 0
                weight *= part.component.probability(bad: bad)
                if bad {
                    cut[part.zoneA] |= 1 << UInt64(part.zoneB)
                    cut[part.zoneB] |= 1 << UInt64(part.zoneA)
                    anyCut = true
                }
            }
            if weight == 0 { continue }
            let conditional = conditionalUnavailability(
                zoneUp: zoneUp, cut: anyCut ? cut : [], forcedDown: forcedDown)
            total.add(weight * conditional)
        }
        return total.value
    }

    /// A voter whose state is random given the zone and link states.
    private struct RandomVoter {
        var index: Int
        var zone: Int
        var up: Double
        var down: Double
    }

    /// Probability that the voters, given which zones are up and which links are cut, hold no quorum.
    func conditionalUnavailability(zoneUp: [Bool], cut: [UInt64], forcedDown: Int?) -> Double {
        var fixedUp: UInt64 = 0
        var random: [RandomVoter] = []
        for v in voterParts {
            if !zoneUp[v.zone] || v.index == forcedDown { continue }
            guard let c = v.component, c.down > 0 else {
                fixedUp |= 1 << UInt64(v.index)
                continue
            }
            if c.up == 0 { continue }
            random.append(RandomVoter(index: v.index, zone: v.zone, up: c.up, down: c.down))
        }
        if rule.isHierarchical {
            return enumerateSubsets(random: random, fixedUp: fixedUp, cut: cut)
        }
        if cut.isEmpty {
            return majorityShortfall(random: random, fixedUpCount: fixedUp.nonzeroBitCount)
        }
        return countVectors(random: random, fixedUp: fixedUp, cut: cut)
    }

    /// Distribution of the number of up voters among `random` (Poisson binomial), O(r²).
    private static func upCountDistribution(_ random: [RandomVoter]) -> [Double] {
        var dist = [Double](repeating: 0, count: random.count + 1)
        dist[0] = 1
        for (i, v) in random.enumerated() {
            var k = i + 1
            while k > 0 {
                dist[k] = dist[k] * v.down + dist[k - 1] * v.up
                k -= 1
            }
            dist[0] *= v.down
        }
        return dist
    }

    /// Plain majority, no cuts: P(fixed up + random up < majority).
    private func majorityShortfall(random: [RandomVoter], fixedUpCount: Int) -> Double {
        let needed = rule.majority - fixedUpCount
        if needed <= 0 { return 0 }
        if needed > random.count { return 1 }
        let dist = Self.upCountDistribution(random)
        var sum = CompensatedSum()
        for k in 0..<needed { sum.add(dist[k]) }
        return sum.value
    }

    /// Plain majority with cuts: whether a leader exists depends only on how many voters
    /// are up in each zone, so one representative server set per count vector is asked.
    private func countVectors(random: [RandomVoter], fixedUp: UInt64, cut: [UInt64]) -> Double {
        var byZone = [[RandomVoter]](repeating: [], count: zoneCount)
        for v in random { byZone[v.zone].append(v) }
        let zones = (0..<zoneCount).filter { !byZone[$0].isEmpty }
        let dists = zones.map { Self.upCountDistribution(byZone[$0]) }
        var counts = [Int](repeating: 0, count: zones.count)
        var sum = CompensatedSum()
        while true {
            var up = fixedUp
            var p = 1.0
            for (j, z) in zones.enumerated() {
                p *= dists[j][counts[j]]
                for v in byZone[z].prefix(counts[j]) { up |= 1 << UInt64(v.index) }
            }
            if p > 0, !reachability.canServe(up: up, cut: cut, rule: rule) { sum.add(p) }
            // Next count vector (mixed radix).
            var j = 0
            while j < zones.count {
                counts[j] += 1
                if counts[j] <= byZone[zones[j]].count { break }
                counts[j] = 0
                j += 1
            }
            if j == zones.count { break }
        }
        return sum.value
    }

    /// Any rule, any cuts: every subset of the random voters, O(2^r).
    private func enumerateSubsets(random: [RandomVoter], fixedUp: UInt64, cut: [UInt64]) -> Double {
        var sum = CompensatedSum()
        func visit(_ i: Int, _ up: UInt64, _ p: Double) {
            if p == 0 { return }
            if i == random.count {
                if !reachability.canServe(up: up, cut: cut, rule: rule) { sum.add(p) }
                return
            }
            let v = random[i]
            visit(i + 1, up | (1 << UInt64(v.index)), p * v.up)
            visit(i + 1, up, p * v.down)
        }
        visit(0, fixedUp, 1)
        return sum.value
    }
}
