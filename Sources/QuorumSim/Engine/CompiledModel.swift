/// A `Scenario` turned into flat arrays for the simulation loop: one event slot per
/// component, samplers instead of distributions, zones and servers as bit masks.
///
/// Slots: servers `0..<n`, then one per zone, one per partition, one for the
/// maintenance schedule and one for the election in progress; with a Kafka cluster, then one per broker (its fault
/// process; unused for a combined-mode broker, which its server's slot drives) and one per broker for its
/// replicas' catch-ups.
struct CompiledModel: Sendable {
    let scenario: Scenario
    let serverCount: Int
    let zoneCount: Int
    let partitionCount: Int

    let zoneSlotBase: Int
    let partitionSlotBase: Int
    let maintenanceSlot: Int
    let electionSlot: Int
    let slotCount: Int

    /// Per server: whether it has a fault process, and its samplers.
    let serverFails: ContiguousArray<Bool>
    let serverFailure: ContiguousArray<Sampler>
    let serverRepair: ContiguousArray<Sampler>
    let serverZone: ContiguousArray<Int>
    /// Server indices by descending id: the election picks the first candidate.
    let leaderPreference: ContiguousArray<Int>

    let zoneFails: ContiguousArray<Bool>
    let zoneFailure: ContiguousArray<Sampler>
    let zoneRepair: ContiguousArray<Sampler>
    let zoneMembers: ContiguousArray<UInt64>

    let partitionFailure: ContiguousArray<Sampler>
    let partitionRepair: ContiguousArray<Sampler>

    /// The schedule's exact clock; `nil` when there is no maintenance.
    let maintenanceClock: MaintenanceClock?
    let maintenanceDuration: Sampler
    /// Server indices in maintenance order; empty when there is no maintenance.
    let maintenanceOrder: ContiguousArray<Int>
    /// Whether maintenance follows `MaintenanceProcedure.safe`, and its longest wait for health (hours).
    let maintenanceSafe: Bool
    let maintenanceHealthWait: Double

    let hasElection: Bool
    let electionDetection: Double
    let electionDuration: DurationSampler

    let voters: UInt64
    let allServers: UInt64
    let evaluator: ServingEvaluator

    /// The Kafka cluster's part (CompiledModel+Kafka.swift); `nil` without one.
    let kafka: CompiledKafka?

    /// Compiles `scenario`, which must be valid (see `SimulationError`).
    init(_ scenario: Scenario) throws(SimulationError) {
        evaluator = try Self.check(scenario)
        self.scenario = scenario
        let n = scenario.servers.count
        serverCount = n
        zoneCount = scenario.zones.count
        partitionCount = scenario.partitions.count
        zoneSlotBase = n
        partitionSlotBase = n + zoneCount
        maintenanceSlot = partitionSlotBase + partitionCount
        electionSlot = maintenanceSlot + 1
        let kafkaSlots = maintenanceSlot + 2
        let kafka = scenario.kafka.map { CompiledKafka($0, scenario: scenario, slotBase: kafkaSlots) }
        self.kafka = kafka
        slotCount = kafkaSlots + 2 * (kafka?.brokerCount ?? 0)

        let placeholder = Sampler(.fixed(1))
        let processes = scenario.servers.indices.map { scenario.faults(ofServer: $0) }
        serverFails = ContiguousArray(processes.map { $0 != nil })
        serverFailure = ContiguousArray(processes.map { $0.map { Sampler($0.timeToFailure) } ?? placeholder })
        serverRepair = ContiguousArray(processes.map { $0.map { Sampler($0.timeToRepair) } ?? placeholder })
        serverZone = ContiguousArray(scenario.servers.map(\.zone))
        leaderPreference = ContiguousArray(
            scenario.servers.indices.sorted { scenario.servers[$0].id > scenario.servers[$1].id })

        zoneFails = ContiguousArray(scenario.zones.map { $0.outage != nil })
        zoneFailure = ContiguousArray(scenario.zones.map { $0.outage.map { Sampler($0.timeToFailure) } ?? placeholder })
        zoneRepair = ContiguousArray(scenario.zones.map { $0.outage.map { Sampler($0.timeToRepair) } ?? placeholder })
        var members = ContiguousArray<UInt64>(repeating: 0, count: zoneCount)
        for (i, server) in scenario.servers.enumerated() { members[server.zone] |= 1 << UInt64(i) }
        zoneMembers = members

        partitionFailure = ContiguousArray(scenario.partitions.map { Sampler($0.process.timeToFailure) })
        partitionRepair = ContiguousArray(scenario.partitions.map { Sampler($0.process.timeToRepair) })

        if let maintenance = scenario.maintenance {
            maintenanceClock = MaintenanceClock(maintenance)
            maintenanceDuration = Sampler(maintenance.duration)
            let indexById = Dictionary(uniqueKeysWithValues: scenario.servers.enumerated().map { ($1.id, $0) })
            maintenanceOrder = ContiguousArray(maintenance.order.compactMap { indexById[$0] })
            maintenanceSafe = maintenance.procedure == .safe
            maintenanceHealthWait = maintenance.healthWait
        } else {
            maintenanceClock = nil
            maintenanceDuration = placeholder
            maintenanceOrder = []
            maintenanceSafe = false
            maintenanceHealthWait = 0
        }

        hasElection = scenario.election != nil
        electionDetection = scenario.election?.detection ?? 0
        electionDuration = DurationSampler(scenario.election?.duration ?? .fixed(0))

        voters = evaluator.rule.voters
        allServers = Self.all(n)
    }

    /// What `init` checks before it compiles anything: `validate`, then a quorum with every server up
    /// (`noQuorumWhenAllUp`); the evaluator it built for that. `ScenarioReader` checks a file with it alone, without
    /// compiling (which lays out every replica of a Kafka cluster and builds the samplers).
    @discardableResult
    static func check(_ scenario: Scenario) throws(SimulationError) -> ServingEvaluator {
        try validate(scenario)
        let evaluator = ServingEvaluator(scenario: scenario)
        guard evaluator.canServe(up: all(scenario.servers.count), cutState: 0) else { throw .noQuorumWhenAllUp }
        return evaluator
    }

    /// The mask of `n` servers all up (`n` ≤ 64).
    private static func all(_ n: Int) -> UInt64 { n == 64 ? ~0 : (1 << UInt64(n)) - 1 }

    static func validate(_ scenario: Scenario) throws(SimulationError) {
        let n = scenario.servers.count
        guard n > 0 else { throw .noServers }
        guard n <= 64 else { throw .tooManyServers(n) }
        guard scenario.zones.count <= 64 else { throw .tooManyZones(scenario.zones.count) }
        guard scenario.partitions.count <= 64 else { throw .tooManyPartitions(scenario.partitions.count) }
        var ids = Set<Int>()
        for (i, server) in scenario.servers.enumerated() {
            guard scenario.zones.indices.contains(server.zone) else { throw .unknownZone(server: i, zone: server.zone) }
            guard ids.insert(server.id).inserted else { throw .duplicateServerId(server.id) }
            guard server.weight >= 0 else { throw .invalidParameter("servers[\(i)].weight", server.weight.description) }
        }
        guard scenario.servers.contains(where: { $0.role == .participant }) else { throw .noVoters }
        for partition in scenario.partitions {
            for zone in [partition.zoneA, partition.zoneB] where !scenario.zones.indices.contains(zone) {
                throw .unknownPartitionZone(zone)
            }
        }
        var distributions: [(String, Distribution)] = []
        func add(_ name: String, _ process: FaultProcess?) {
            guard let process else { return }
            distributions.append(("\(name).timeToFailure", process.timeToFailure))
            distributions.append(("\(name).timeToRepair", process.timeToRepair))
        }
        add("serverFaults", scenario.serverFaults)
        for (i, server) in scenario.servers.enumerated() { add("servers[\(i)].faults", server.faults) }
        for (i, zone) in scenario.zones.enumerated() { add("zones[\(i)].outage", zone.outage) }
        for (i, partition) in scenario.partitions.enumerated() { add("partitions[\(i)]", partition.process) }
        if let maintenance = scenario.maintenance {
            distributions.append(("maintenance.duration", maintenance.duration))
            guard maintenance.period > 0, maintenance.period.isFinite else {
                throw .invalidParameter("maintenance.period", "\(maintenance.period)")
            }
            guard maintenance.start >= 0, maintenance.start.isFinite else {
                throw .invalidParameter("maintenance.start", "\(maintenance.start)")
            }
            guard maintenance.healthWait >= 0, maintenance.healthWait.isFinite else {
                throw .invalidParameter("maintenance.healthWait", "\(maintenance.healthWait)")
            }
            let ids = Set(scenario.servers.map(\.id))
            for id in maintenance.order where !ids.contains(id) { throw .unknownMaintenanceServer(id) }
        }
        if let election = scenario.election {
            distributions.append(("election.duration", election.duration))
            guard election.detection >= 0, election.detection.isFinite else {
                throw .invalidParameter("election.detection", "\(election.detection)")
            }
        }
        /// Every distribution valid, then none but an election's measured, then each within bounds.
        func check(_ distributions: ArraySlice<(String, Distribution)>) throws(SimulationError) {
            for (field, distribution) in distributions where !distribution.isValid {
                throw .invalidParameter(field, "\(distribution)")
            }
            for (field, distribution) in distributions where field != "election.duration" {
                if case .intervals = distribution {
                    throw .invalidParameter(field, "measured intervals (only an election's duration may have them)")
                }
            }
            for (field, distribution) in distributions {
                if let problem = distribution.boundProblem { throw .outOfBounds(field, problem) }
            }
        }
        try check(distributions[...])
        if let cluster = scenario.kafka {
            try CompiledKafka.validate(cluster, scenario: scenario)
            let ensembles = distributions.count
            add("kafka.brokerFaults", cluster.brokerFaults)
            for (i, broker) in cluster.brokers.enumerated() { add("kafka.brokers[\(i)].faults", broker.faults) }
            try check(distributions[ensembles...])
        }
        guard scenario.run.years > 0, scenario.run.years.isFinite else {
            throw .invalidParameter("run.years", "\(scenario.run.years)")
        }
        guard scenario.run.replications >= 1 else {
            throw .invalidParameter("run.replications", "\(scenario.run.replications)")
        }
    }
}

extension Distribution {
    /// Whether every parameter is finite and in range (durations positive).
    var isValid: Bool {
        func positive(_ x: Double) -> Bool { x > 0 && x.isFinite }
        switch self {
        case .exponential(let mean): return positive(mean)
        case .fixed(let value): return value >= 0 && value.isFinite
        case .weibull(let shape, let scale): return positive(shape) && positive(scale)
        case .lognormal(let median, let sigma): return positive(median) && sigma >= 0 && sigma.isFinite
        case .intervals(let intervals):
            return !intervals.isEmpty && intervals.count <= MeasuredElections.maxSamples
                && intervals.allSatisfy { $0.lowerBound >= 0 && $0.upperBound.isFinite }
        }
    }
}
