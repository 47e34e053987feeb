/// The continuous-time Markov chain of a scenario's independent exponential two-state parts,
/// simulated one regeneration cycle at a time, with or without balanced failure biasing.
///
/// A state is a bit mask over the parts (bit k set = part k is down or cut). The parts are those
/// of `ProductForm`: outages of zones that hold a voter, cuts between two such zones, and the own
/// processes of voters; observers never count. The ensemble serves in a state when
/// `Reachability.canServe(up:cut:rule:)` says so. A cycle starts with every part up and ends when
/// every part is up again.
struct FailureBiasingChain: Sendable {
    /// What one cycle contributed.
    struct CycleOutcome: Sendable, Equatable {
        /// Σ over the visited states without a quorum of L · (expected holding time).
        var downHours = 0.0
        /// Σ over transitions from serving to not serving of L.
        var losses = 0.0
        /// Σ over the visited states of the expected holding time (the cycle length; used from unbiased cycles).
        var hours = 0.0
        /// The cycle visited a state without a quorum.
        var lostQuorum = false
        /// Likelihood ratio of the whole path (its mean under the biased chain is 1).
        var likelihood = 1.0
        var steps = 0
    }

    let partCount: Int
    let allParts: UInt64
    let failureRate: [Double]
    let repairRate: [Double]
    let totalFailureRate: Double
    /// Names of the parts, in bit order, for messages and tests.
    let labels: [String]
    /// Voters each part takes down while it is bad (a zone: its voters; a voter: itself; a link: none).
    private let killMask: [UInt64]
    /// Parts that are zone or voter processes, and parts that are links.
    private let killParts: UInt64
    private let linkParts: UInt64
    /// For a link part, the two zones it cuts apart.
    private let linkZones: [(a: Int, b: Int)]
    private let voters: UInt64
    private let rule: QuorumRule
    private let reachability: Reachability
    let zoneCount: Int
    /// Whether the ensemble serves with every part up.
    let servesAllUp: Bool
    /// The largest long-run share of time a part is down (λ / (λ + μ)), and that part's label.
    var mostDown: (fraction: Double, label: String) {
        var best = (fraction: 0.0, label: "")
        for k in 0..<partCount {
            let fraction = failureRate[k] / (failureRate[k] + repairRate[k])
            if fraction > best.fraction { best = (fraction, labels[k]) }
        }
        return best
    }

    /// The chain of `scenario`. Elections are ignored: the chain gives the time without a quorum.
    /// - Throws: `RareEventError` when a process is not exponential, maintenance is set, or the
    ///   scenario is malformed or has more than 64 random parts.
    init(scenario: Scenario) throws(RareEventError) {
        if scenario.servers.count > 64 {
            throw .malformedScenario("\(scenario.servers.count) servers; at most 64")
        }
        let (model, problems) = ProductForm.make(scenario)
        guard let model else {
            throw .malformedScenario(problems.map(\.description).joined(separator: "; "))
        }
        if scenario.maintenance != nil { throw .maintenance }
        for c in model.allComponents where !c.isExponential { throw .notExponential(component: c.label) }

        var failure: [Double] = []
        var repair: [Double] = []
        var labels: [String] = []
        var kill: [UInt64] = []
        var links: [(a: Int, b: Int)] = []
        var killParts: UInt64 = 0
        var linkParts: UInt64 = 0
        var pending: [(component: TwoStateComponent, kill: UInt64, link: (a: Int, b: Int)?)] = []
        for z in model.zoneParts {
            pending.append((z.component, model.reachability.zoneVoters[z.zone], nil))
        }
        for l in model.linkParts { pending.append((l.component, 0, (l.zoneA, l.zoneB))) }
        for v in model.voterParts {
            if let c = v.component { pending.append((c, 1 << UInt64(v.index), nil)) }
        }
        // A part that is never down (repaired at once) changes nothing and is left out.
        pending.removeAll { $0.component.down == 0 }
        guard pending.count <= 64 else { throw .tooManyParts(count: pending.count) }
        for (k, part) in pending.enumerated() {
            failure.append(part.component.failureRate)
            repair.append(part.component.repairRate)
            labels.append(part.component.label)
            kill.append(part.kill)
            links.append(part.link ?? (-1, -1))
            if part.link != nil { linkParts |= 1 << UInt64(k) } else { killParts |= 1 << UInt64(k) }
        }
        partCount = pending.count
        allParts = partCount == 64 ? ~0 : (1 << UInt64(partCount)) - 1
        failureRate = failure
        repairRate = repair
        totalFailureRate = failure.reduce(0, +)
        self.labels = labels
        killMask = kill
        linkZones = links
        self.killParts = killParts
        self.linkParts = linkParts
        voters = model.rule.voters
        rule = model.rule
        reachability = model.reachability
        zoneCount = model.zoneCount
        servesAllUp = model.rule.isQuorum(model.rule.voters)
    }

    /// Whether the ensemble serves in `state`: `Reachability.canServe(up:cut:rule:)` for the voters
    /// up and the cuts in force in `state`, evaluated zone by zone.
    ///
    /// Some zone with an up voter that can lead must reach a quorum: every server except those in the zones cut
    /// off from it. Only the cuts in force are visited, so a state with few cuts costs few steps.
    @inline(__always)
    func serves(_ state: UInt64) -> Bool {
        var killed: UInt64 = 0
        var m = state & killParts
        while m != 0 {
            killed |= killMask[m.trailingZeroBitCount]
            m &= m - 1
        }
        let up = voters & ~killed
        let links = state & linkParts
        if links == 0 { return rule.isQuorum(up) }
        let zoneVoters = reachability.zoneVoters
        let zoneMembers = reachability.zoneMembers
        for z in 0..<zoneVoters.count where up & zoneVoters[z] & rule.candidates != 0 {
            var unreachable: UInt64 = 0
            var l = links
            while l != 0 {
                let (a, b) = linkZones[l.trailingZeroBitCount]
                if a == z { unreachable |= zoneMembers[b] } else if b == z { unreachable |= zoneMembers[a] }
                l &= l - 1
            }
            if rule.isQuorum(up & ~unreachable) { return true }
        }
        return false
    }

    /// The up servers and the cut matrix of `state`, as `Reachability.canServe` takes them (for tests).
    func upAndCuts(_ state: UInt64) -> (up: UInt64, cut: [UInt64]) {
        var killed: UInt64 = 0
        for k in 0..<partCount where state & killParts & (1 << UInt64(k)) != 0 { killed |= killMask[k] }
        var cut = [UInt64](repeating: 0, count: zoneCount)
        for k in 0..<partCount where state & linkParts & (1 << UInt64(k)) != 0 {
            let (a, b) = linkZones[k]
            cut[a] |= 1 << UInt64(b)
            cut[b] |= 1 << UInt64(a)
        }
        return (voters & ~killed, state & linkParts == 0 ? [] : cut)
    }

    /// Simulates one cycle from all-up back to all-up.
    ///
    /// With `bias` = p: in the all-up state the next failure is chosen uniformly among the parts;
    /// in any other state (while the quorum holds, or always with `biasWhileDown`) a failure
    /// happens with probability p, chosen uniformly among the up parts, and a repair with
    /// probability 1 − p, chosen in proportion to the repair rates. The likelihood ratio L of the
    /// path so far is the product of (original probability / biased probability) of its
    /// transitions. Each visited state contributes its expected holding time 1 / (total rate)
    /// rather than a sampled one (conditional Monte Carlo), weighted by the L of the path that
    /// reached it. With `bias` = `nil` nothing is biased and L stays 1.
    /// - Throws: `RareEventError.cycleTooLong` when `stepLimit` transitions do not bring it back.
    ///
    /// Longer than 60 lines on purpose: it is the inner loop of importance sampling, and its state (the bit
    /// masks, the likelihood ratio, the tallies) stays in local variables that split helpers would have to pass
    /// back and forth on every transition.
    func cycle<G: RandomNumberGenerator>(
        bias: Double?, biasWhileDown: Bool, stepLimit: Int = 1_000_000, using generator: inout G
    ) throws(RareEventError) -> CycleOutcome {
        var outcome = CycleOutcome()
        var state: UInt64 = 0
        var likelihood = 1.0
        var serving = servesAllUp
        repeat {
            // Rates out of `state`.
            var repairTotal = 0.0
            var badFailure = 0.0
            var m = state
            while m != 0 {
                let k = m.trailingZeroBitCount
                repairTotal += repairRate[k]
                badFailure += failureRate[k]
                m &= m - 1
            }
            let upParts = allParts & ~state
            let upCount = upParts.nonzeroBitCount
            let failureTotal = upCount == 0 ? 0 : (state == 0 ? totalFailureRate : totalFailureRate - badFailure)
            let total = failureTotal + repairTotal
            let hold = 1 / total
            outcome.hours += hold
            if !serving {
                outcome.downHours += likelihood * hold
                outcome.lostQuorum = true
            }

            let u = generator.nextUnit()
            let flip: Int
            if let p = bias, serving || biasWhileDown, upCount > 0 {
                if state == 0 {
                    // Balanced: every failure equally likely.
                    flip = Self.nth(min(Int(u * Double(upCount)), upCount - 1), of: upParts)
                    likelihood *= failureRate[flip] * Double(upCount) / total
                } else if u < p {
                    let j = min(Int(u / p * Double(upCount)), upCount - 1)
                    flip = Self.nth(j, of: upParts)
                    likelihood *= failureRate[flip] * Double(upCount) / (total * p)
                } else {
                    flip = pick((u - p) / (1 - p) * repairTotal, from: state, rates: repairRate)
                    likelihood *= repairTotal / (total * (1 - p))
                }
            } else {
                let x = u * total
                if x < failureTotal {
                    flip = pick(x, from: upParts, rates: failureRate)
                } else {
                    flip = pick(x - failureTotal, from: state, rates: repairRate)
                }
            }
            state ^= 1 << UInt64(flip)
            let next = state == 0 ? servesAllUp : serves(state)
            if serving && !next { outcome.losses += likelihood }
            serving = next
            outcome.steps += 1
            if outcome.steps >= stepLimit, state != 0 { throw .cycleTooLong(steps: stepLimit) }
        } while state != 0
        outcome.likelihood = likelihood
        return outcome
    }

    /// The part whose rate interval holds `x` (0 ≤ x < Σ rates over `parts`); the last part of
    /// `parts` when rounding leaves `x` past the end.
    @inline(__always)
    private func pick(_ x: Double, from parts: UInt64, rates: [Double]) -> Int {
        var rest = x
        var m = parts
        while true {
            let k = m.trailingZeroBitCount
            m &= m - 1
            rest -= rates[k]
            if rest < 0 || m == 0 { return k }
        }
    }

    /// The index of the `j`-th set bit of `mask` (from the least significant, 0-based).
    @inline(__always)
    static func nth(_ j: Int, of mask: UInt64) -> Int {
        var m = mask
        for _ in 0..<j { m &= m - 1 }
        return m.trailingZeroBitCount
    }
}
