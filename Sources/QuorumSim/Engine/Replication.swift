/// One simulated history of a scenario: the event loop and the state it changes.
///
/// State is a handful of bit masks (servers up by their own process, servers in down
/// zones, the server in maintenance, partitions in force) plus the leader and the
/// election phase. Each event flips one component, then `settle` checks whether a
/// quorum can still serve and whether the leader survived, and moves the phase:
///
/// - serving → no quorum when no zone can serve (an episode starts);
/// - serving → electing when the leader is down or its side lost the quorum;
/// - electing → no quorum when the quorum goes (the election is abandoned);
/// - no quorum → electing when a quorum can serve again;
/// - electing → serving when the election ends, after `detection` + a `duration` sample.
///
/// The new leader is the up participant with the highest server id on a serving side, never
/// one of weight 0, as ZooKeeper's fast leader election picks when every log is equally current.
/// Without an `election` section, elections end the moment they start.
struct Replication<Generator: RandomNumberGenerator>: ~Copyable {
    enum Phase: Sendable, Equatable {
        case serving, electing, noQuorum
    }

    let model: CompiledModel
    var generator: Generator
    /// The ziggurat tables, held here so that the event loop reads no global (see `draw`).
    let exponential = Ziggurat.exponential
    let normal = Ziggurat.normal
    /// Hours since `epoch` (see Replication+Epochs.swift): every time below is relative to it.
    var now: Double = 0
    /// Absolute hours at which the clock's epoch began; a multiple of `epochHours`.
    var epoch: Double = 0
    var phase: Phase = .serving
    /// Index of the leader, −1 while there is none.
    var leader: Int = -1 {
        didSet {
            leaderBit = leader < 0 ? 0 : 1 << UInt64(leader)
            leaderZoneBit = leader < 0 ? 0 : 1 << UInt64(model.serverZone[leader])
        }
    }
    /// The leader's bit and its zone's bit (0 while there is none), for `settle`'s check on every event.
    var leaderBit: UInt64 = 0
    var leaderZoneBit: UInt64 = 0
    private(set) var result = ReplicationResult()

    var queue: EventQueue
    /// Servers whose own fault process has them up.
    var ownUp: UInt64
    /// Zones out, and the servers in them.
    var zonesDown: UInt64 = 0
    var zoneDownServers: UInt64 = 0
    /// The server in maintenance (at most one bit).
    var maintenanceDown: UInt64 = 0
    var maintenanceStep: Int = -1
    /// Maintenance times on the schedule's exact clock (`MaintenanceClock`, absolute nanoseconds): the start of
    /// the current cycle, the time the maintenance slot's pending event stands for, and the time of the
    /// maintenance step being handled.
    var maintenanceCycleStart: Int128 = 0
    var maintenanceDue: Int128 = 0
    var maintenanceNow: Int128 = 0
    /// Safe procedure: servers restarted in this cycle, and whether the next restart waits for health.
    var maintenanceDone: UInt64 = 0
    var maintenanceWaiting = false
    /// Partitions in force (bit k = partition k).
    var cutState: UInt64 = 0
    /// Kafka (Replication+Kafka.swift): brokers whose own fault process has them up, and the partitions' states.
    var brokerOwnUp: UInt64 = ~0
    var kafka: KafkaPartitionStates?

    var unavailableSince: Double = 0
    var noQuorumSince: Double = 0
    var inEpisode = false
    var episodeStart: Double = 0
    var lastMarkedYear: Int = -1

    /// A history at time 0 with everything up and only the maintenance schedule queued; call
    /// `startInEquilibrium(states:)` (Replication+Equilibrium.swift) before `run`.
    init(model: CompiledModel, generator: Generator) {
        self.model = model
        self.generator = generator
        queue = EventQueue(slotCount: model.slotCount)
        ownUp = model.allServers
        kafka = model.kafka?.states
        if let clock = model.maintenanceClock, !model.maintenanceOrder.isEmpty {
            scheduleMaintenance(at: clock.start)
        }
    }

    /// Servers up right now: own process up, zone up, not in maintenance.
    @inline(__always)
    var up: UInt64 { ownUp & ~zoneDownServers & ~maintenanceDown }

    /// Runs every event before `horizon` hours, then closes the books at `horizon`.
    /// Call once per replication.
    /// - Parameter progress: told the fraction done after each 1/64 of the horizon.
    mutating func run(until horizon: Double, progress: SimulationProgress? = nil) -> ReplicationResult {
        result.wholeYears = Int((horizon / hoursPerYear + 1e-9).rounded(.down))
        if kafka != nil {
            kafka!.wholeYears = result.wholeYears
            kafka!.startTallies(at: now)
        }
        let chunks = 64
        for chunk in 1...chunks {
            let end = chunk == chunks ? horizon : horizon * Double(chunk) / Double(chunks)
            runEvents(untilAbsolute: end)
            progress?.advance()
        }
        finish(at: horizon)
        return result
    }

    /// The event loop: every event before `end`; `withKafka` (a constant at each call site) keeps the Kafka cluster's
    /// partitions in step after each event.
    @inline(__always)
    mutating func runEvents(through end: Double, withKafka: Bool = false) {
        var events: UInt64 = 0
        while true {
            let time = queue.firstTime
            if time >= end { break }
            let slot = queue.firstSlot
            now = time
            events &+= 1
            if slot < model.serverCount {
                let bit: UInt64 = 1 << UInt64(slot)
                ownUp ^= bit
                let sampler = ownUp & bit != 0 ? model.serverFailure[slot] : model.serverRepair[slot]
                queue.schedule(slot, at: time + draw(sampler))
            } else if slot < model.partitionSlotBase {
                let z = slot - model.zoneSlotBase
                let bit: UInt64 = 1 << UInt64(z)
                zonesDown ^= bit
                zoneDownServers ^= model.zoneMembers[z]
                let sampler = zonesDown & bit != 0 ? model.zoneRepair[z] : model.zoneFailure[z]
                queue.schedule(slot, at: time + draw(sampler))
            } else if slot < model.maintenanceSlot {
                let k = slot - model.partitionSlotBase
                let bit: UInt64 = 1 << UInt64(k)
                cutState ^= bit
                let sampler = cutState & bit != 0 ? model.partitionRepair[k] : model.partitionFailure[k]
                queue.schedule(slot, at: time + draw(sampler))
            } else if slot == model.maintenanceSlot {
                maintenanceEvent()
            } else if slot == model.electionSlot {
                queue.cancel(slot)
                completeElection()
                if maintenanceWaiting { maintenanceHealthChanged() }
                if withKafka { syncKafka() }
                continue
            } else {
                kafkaEvent(slot)
            }
            settle()
            if maintenanceWaiting { maintenanceHealthChanged() }
            if withKafka { syncKafka() }
        }
        result.events &+= events
    }

    /// One sample of `sampler` from the replication's generator (the same draws as `Sampler.sample(using:)`).
    @inline(__always)
    mutating func draw(_ sampler: Sampler) -> Double {
        sampler.sample(using: &generator, exponential: exponential, normal: normal)
    }

    /// One sample of an election's duration (the same draws as `DurationSampler.sample(using:)`).
    mutating func draw(_ sampler: DurationSampler) -> Double {
        sampler.sample(using: &generator, exponential: exponential, normal: normal)
    }

    /// Moves the phase after a change of state (see the type's description).
    @inline(__always)
    mutating func settle() {
        let up = self.up
        let zones = model.evaluator.servingZones(up: up, cutState: cutState)
        // Most events leave a serving leader serving: decided here, inlined into the event loop.
        if phase == .serving && zones & leaderZoneBit != 0 && up & leaderBit != 0 { return }
        settle(up: up, zones: zones)
    }

    /// `settle` when the phase may move.
    @inline(never)
    mutating func settle(up: UInt64, zones: UInt64) {
        switch phase {
        case .serving:
            if zones == 0 {
                stopServing()
                enterNoQuorum()
            } else if up & leaderBit == 0 || zones & leaderZoneBit == 0 {
                stopServing()
                startElection()
            }
        case .electing:
            if zones == 0 {
                queue.cancel(model.electionSlot)
                enterNoQuorum()
            }
        case .noQuorum:
            if zones != 0 {
                result.noQuorumHours += now - noQuorumSince
                startElection()
            }
        }
    }

    mutating func stopServing() {
        leader = -1
        unavailableSince = now
    }

    mutating func enterNoQuorum() {
        phase = .noQuorum
        noQuorumSince = now
        if !inEpisode {
            inEpisode = true
            episodeStart = now
            result.episodes += 1
            markYears(from: now, to: now)
        }
    }

    mutating func startElection() {
        result.elections += 1
        if model.hasElection {
            phase = .electing
            let length = model.electionDetection + draw(model.electionDuration)
            queue.schedule(model.electionSlot, at: now + length)
        } else {
            completeElection()
        }
    }

    mutating func completeElection() {
        let up = self.up
        let zones = model.evaluator.servingZones(up: up, cutState: cutState)
        let chosen = chooseLeader(up: up, zones: zones)
        leader = chosen
        phase = .serving
        result.unavailableHours += now - unavailableSince
        if inEpisode {
            inEpisode = false
            result.completedEpisodes += 1
            result.completedEpisodeHours += now - episodeStart
            result.episodeLengths.record(now - episodeStart)
            markYears(from: episodeStart, to: now)
        }
    }

    /// The up participant with the highest id in a zone that can serve, never one of weight 0
    /// (`QuorumRule.candidates`).
    @inline(__always)
    func chooseLeader(up: UInt64, zones: UInt64) -> Int {
        let candidates = up & model.evaluator.rule.candidates
        for i in model.leaderPreference where candidates & (1 << UInt64(i)) != 0 {
            if (zones >> UInt64(model.serverZone[i])) & 1 != 0 { return i }
        }
        preconditionFailure("an election ended with no participant able to serve")
    }

    /// Takes the next server of the rolling maintenance down, or ends the cycle.
    mutating func maintenanceEvent() {
        if model.maintenanceSafe {
            safeMaintenanceEvent()
            return
        }
        let order = model.maintenanceOrder
        maintenanceNow = maintenanceDue
        if maintenanceStep < 0 {
            maintenanceCycleStart = maintenanceNow
            maintenanceStep = 0
        } else {
            maintenanceStep += 1
        }
        if maintenanceStep < order.count {
            beginRestart(order[maintenanceStep])
        } else {
            endMaintenanceCycle()
        }
    }

    /// Takes server `index` down for a sample of the maintenance duration.
    mutating func beginRestart(_ index: Int) {
        let bit: UInt64 = 1 << UInt64(index)
        result.maintenanceRestarts += 1
        // Down by their own fault or their zone; the previous restart's server is back by now.
        if model.voters & ~(ownUp & ~zoneDownServers) & ~bit != 0 { result.restartsWithVoterDown += 1 }
        maintenanceDown = bit
        let duration = MaintenanceClock.ticks(draw(model.maintenanceDuration))
        scheduleMaintenance(at: maintenanceNow + duration)
    }

    /// Ends the cycle early (the safe procedure's wait for health ran out) and counts it.
    mutating func abandonMaintenanceCycle() {
        result.maintenanceCyclesAbandoned += 1
        endMaintenanceCycle()
    }

    /// Ends the cycle: the next starts one period after this one began (at a later period boundary if this one
    /// overran), counted on the exact clock so that a round that fills its period loses no cycle.
    mutating func endMaintenanceCycle() {
        maintenanceDown = 0
        maintenanceStep = -1
        guard let clock = model.maintenanceClock else { return }
        scheduleMaintenance(at: clock.nextCycle(after: maintenanceCycleStart, endedAt: maintenanceNow))
    }

    /// Queues the maintenance slot at `tick` (absolute nanoseconds, `MaintenanceClock`).
    mutating func scheduleMaintenance(at tick: Int128) {
        maintenanceDue = tick
        // Never before now: a time read off the clock (`maintenanceClockNow`) may round a hair below it.
        queue.schedule(model.maintenanceSlot, at: max(now, Self.hoursSinceEpoch(tick, epoch: epoch)))
    }

    /// An absolute time on the maintenance clock as hours since `epoch`, the simulation clock. Static: a method
    /// reading `self` made the optimiser copy the whole replication (over 1 KiB) at every call.
    static func hoursSinceEpoch(_ tick: Int128, epoch: Double) -> Double {
        MaintenanceClock.double(tick - MaintenanceClock.integer(epoch) * MaintenanceClock.ticksPerHour)
            / MaintenanceClock.ticksPerHourAsDouble
    }

    /// `now` on the maintenance clock: the exact time of the maintenance step handled last when that was now,
    /// otherwise `now` to the nearest nanosecond.
    var maintenanceClockNow: Int128 {
        if Self.hoursSinceEpoch(maintenanceNow, epoch: epoch) == now { return maintenanceNow }
        return MaintenanceClock.integer(epoch) * MaintenanceClock.ticksPerHour + MaintenanceClock.ticks(now)
    }

    /// Counts whole years from the one holding `start` to the one holding `end` that
    /// have not been counted yet.
    /// Times are relative to `epoch`.
    mutating func markYears(from start: Double, to end: Double) {
        let wholeYears = result.wholeYears
        result.yearsWithEpisode += newEpisodeYears(
            from: start, to: end, epoch: epoch, wholeYears: wholeYears, lastMarked: &lastMarkedYear)
    }

    /// `horizon` is absolute hours.
    mutating func finish(at horizon: Double) {
        let end = horizon - epoch
        now = end
        result.hours = horizon
        if phase != .serving { result.unavailableHours += end - unavailableSince }
        if phase == .noQuorum { result.noQuorumHours += end - noQuorumSince }
        if inEpisode { markYears(from: episodeStart, to: end) }
        result.kafka = kafka?.result(at: end)
    }
}

/// How many whole years (of the first `wholeYears`) from the one holding `start` to the one holding `end` come after
/// `lastMarked`, the last year counted (−1: none), which then moves to the year holding `end`. Times are relative to
/// `epoch`. `Replication.markYears` and `KafkaTally.markYears` count each year overlapping an episode once by it.
@inline(__always)
func newEpisodeYears(from start: Double, to end: Double, epoch: Double, wholeYears: Int, lastMarked: inout Int) -> Int {
    let first = max(lastMarked + 1, Int((epoch + start) / hoursPerYear))
    let last = min(Int((epoch + end) / hoursPerYear), wholeYears - 1)
    lastMarked = max(lastMarked, Int((epoch + end) / hoursPerYear))
    return last >= first ? last - first + 1 : 0
}
