extension Replication {
    /// Puts every alternating up/down process (servers' faults, zone outages, partitions) in its
    /// stationary state and queues its first event, then picks the phase and the leader.
    ///
    /// A process with mean up time u and mean down time d is up with probability u / (u + d); its
    /// first event comes after a sample of the residual life of the current period
    /// (`Sampler.sampleResidual`), not a whole period, so a near-fixed time to failure does not
    /// start every server in phase. The up/down draws come from `states`, the residual lives
    /// from the replication's generator: for an all-exponential scenario in which every process
    /// starts up, the history is the same as one started all up. The maintenance schedule is
    /// not a renewal process and keeps its `start`.
    ///
    /// When the drawn state has no quorum, the replication starts in an episode that began
    /// before time 0: its time counts, it is not counted among the episodes that started.
    mutating func startInEquilibrium(states: inout some RandomNumberGenerator) {
        for i in 0..<model.serverCount where model.serverFails[i] {
            let up = startsUp(model.serverFailure[i], model.serverRepair[i], states: &states)
            if !up { ownUp &= ~(1 << UInt64(i)) }
            queue.schedule(i, at: firstEvent(up: up, model.serverFailure[i], model.serverRepair[i]))
        }
        for z in 0..<model.zoneCount where model.zoneFails[z] {
            let up = startsUp(model.zoneFailure[z], model.zoneRepair[z], states: &states)
            if !up {
                zonesDown |= 1 << UInt64(z)
                zoneDownServers |= model.zoneMembers[z]
            }
            queue.schedule(model.zoneSlotBase + z, at: firstEvent(up: up, model.zoneFailure[z], model.zoneRepair[z]))
        }
        for k in 0..<model.partitionCount {
            let up = startsUp(model.partitionFailure[k], model.partitionRepair[k], states: &states)
            if !up { cutState |= 1 << UInt64(k) }
            let time = firstEvent(up: up, model.partitionFailure[k], model.partitionRepair[k])
            queue.schedule(model.partitionSlotBase + k, at: time)
        }
        startPhase()
        startKafkaInEquilibrium(states: &states)
    }

    /// Whether a process with these up and down times is up at a random time: probability
    /// mean up / (mean up + mean down). A process that is never down draws nothing.
    func startsUp(_ failure: Sampler, _ repair: Sampler, states: inout some RandomNumberGenerator) -> Bool {
        let upMean = failure.mean
        let downMean = repair.mean
        guard downMean > 0 else { return true }
        return states.nextUnit() * (upMean + downMean) < upMean
    }

    /// The time of a process's first event: the residual life of its current period.
    mutating func firstEvent(up: Bool, _ failure: Sampler, _ repair: Sampler) -> Double {
        (up ? failure : repair).sampleResidual(using: &generator)
    }

    /// Serving with a leader elected when a quorum can serve, otherwise in an episode begun before time 0.
    mutating func startPhase() {
        let up = self.up
        let zones = model.evaluator.servingZones(up: up, cutState: cutState)
        if zones != 0 {
            phase = .serving
            leader = chooseLeader(up: up, zones: zones)
        } else {
            phase = .noQuorum
            leader = -1
            unavailableSince = 0
            noQuorumSince = 0
            inEpisode = true
            episodeStart = 0
        }
    }
}
