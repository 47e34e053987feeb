extension ExactAvailability {
    /// First-order estimate of the extra downtime elections add, as a fraction of time.
    ///
    /// (rate of leader losses while a quorum remains + rate of quorum regains)
    /// × (`detection` + mean election `duration`). The leader is taken to be a uniformly
    /// random up participant among those that could lead (`Reachability.possibleLeaders`);
    /// a flip that keeps a quorum but removes the leader from that set (its failure, its
    /// zone's outage, a cut, or the loss of the servers its quorum relied on) starts an
    /// election. Quorum losses themselves are already counted in the instant-election
    /// unavailability; each regain starts an election. Valid while elections are much
    /// shorter than repairs and rare enough not to overlap other events.
    ///
    /// - Returns: 0 when elections are instant (`election == nil`); otherwise `nil` unless every
    ///   fault process is exponential, there is no maintenance, and the state space is small enough.
    public static func electionDowntimeEstimate(of scenario: Scenario) -> Double? {
        let (model, _) = ProductForm.make(scenario)
        guard let model else { return nil }
        guard let election = scenario.election else { return 0 }
        guard ComponentChain.problems(scenario: scenario, model: model).isEmpty else { return nil }
        let chain = ComponentChain(model: model)
        return electionsPerHour(chain) * (election.detection + election.duration.mean)
    }

    /// Instant-election unavailability plus `electionDowntimeEstimate(of:)`; `nil` when either is.
    public static func estimatedUnavailabilityWithElections(of scenario: Scenario) -> Double? {
        var instant = scenario
        instant.election = nil
        guard let base = unavailability(of: instant), let extra = electionDowntimeEstimate(of: scenario) else {
            return nil
        }
        return base + extra
    }

    /// Elections started per hour: leader losses that keep a quorum, plus quorum regains.
    static func electionsPerHour(_ chain: ComponentChain) -> Double {
        let leaders = chain.leadersByState()
        var total = CompensatedSum()
        for s in 0..<chain.stateCount where leaders[s] != 0 {
            let p = chain.probability(s)
            if p == 0 { continue }
            let count = Double(leaders[s].nonzeroBitCount)
            var rate = 0.0
            for k in 0..<chain.parts.count {
                let next = leaders[s ^ (1 << k)]
                let lost = leaders[s] & ~next
                if next != 0, lost != 0 {
                    rate += chain.flipRate(s, part: k) * Double(lost.nonzeroBitCount) / count
                }
            }
            if rate > 0 { total.add(p * rate) }
        }
        total.add(ExactFrequency.lossRate(chain))  // regains equal losses in the long run
        return total.value
    }
}
