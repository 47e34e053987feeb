import Foundation

/// A validated description of an ensemble and the faults it faces.
///
/// Every time in the model is in **hours** (`Double`). The scenario file reader
/// (`ScenarioFile`) turns unit strings such as `"4380h"` or `"200ms"` into hours
/// and rejects anything that does not validate, so a `Scenario` value is always
/// well formed: zone indices are in range, ids are unique, there is a voter.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var zones: [Zone]
    public var servers: [Server]
    /// Default fault process of every server that has none of its own.
    public var serverFaults: FaultProcess?
    /// Cuts between pairs of zones.
    public var partitions: [Partition]
    public var maintenance: Maintenance?
    /// `nil` means elections are instant.
    public var election: Election?
    public var run: RunSettings

    public init(
        name: String, zones: [Zone], servers: [Server], serverFaults: FaultProcess? = nil,
        partitions: [Partition] = [], maintenance: Maintenance? = nil, election: Election? = nil,
        run: RunSettings = RunSettings()
    ) {
        self.name = name
        self.zones = zones
        self.servers = servers
        self.serverFaults = serverFaults
        self.partitions = partitions
        self.maintenance = maintenance
        self.election = election
        self.run = run
    }
}

/// An availability zone. Every server in it is down while the zone is out.
public struct Zone: Sendable, Equatable {
    public var name: String
    /// `nil`: the zone never fails.
    public var outage: FaultProcess?
    public init(name: String, outage: FaultProcess? = nil) {
        self.name = name
        self.outage = outage
    }
}

public enum Role: String, Sendable, Equatable {
    case participant
    case observer
}

public struct Server: Sendable, Equatable {
    public var id: Int
    /// Index into `Scenario.zones`.
    public var zone: Int
    public var role: Role
    /// Hierarchical-quorum group (ZooKeeper's `group.G`), `nil` for plain majority.
    public var group: Int?
    /// Hierarchical-quorum weight (ZooKeeper's `weight.N`), 1 by default.
    public var weight: Int
    /// Overrides `Scenario.serverFaults` for this server.
    public var faults: FaultProcess?

    public init(
        id: Int, zone: Int, role: Role = .participant, group: Int? = nil, weight: Int = 1,
        faults: FaultProcess? = nil
    ) {
        self.id = id
        self.zone = zone
        self.role = role
        self.group = group
        self.weight = weight
        self.faults = faults
    }
}

/// An alternating up/down process: up for a sample of `timeToFailure`, then down
/// for a sample of `timeToRepair`, and so on, starting up.
public struct FaultProcess: Sendable, Equatable {
    public var timeToFailure: Distribution
    public var timeToRepair: Distribution
    public init(timeToFailure: Distribution, timeToRepair: Distribution) {
        self.timeToFailure = timeToFailure
        self.timeToRepair = timeToRepair
    }
}

/// A network cut between two zones: while it is in force, servers in `zoneA`
/// cannot reach servers in `zoneB` (both stay up and still reach every other zone).
public struct Partition: Sendable, Equatable {
    public var zoneA: Int
    public var zoneB: Int
    public var process: FaultProcess
    public init(zoneA: Int, zoneB: Int, process: FaultProcess) {
        self.zoneA = zoneA
        self.zoneB = zoneB
        self.process = process
    }
}

/// Rolling maintenance: every `period` hours, starting at `start`, the servers are
/// taken down one at a time in `order` (ids, all servers by default), each for
/// `duration` hours, one after another.
public struct Maintenance: Sendable, Equatable {
    public var period: Double
    public var duration: Distribution
    public var start: Double
    /// Server ids in the order they are taken down.
    public var order: [Int]
    public init(period: Double, duration: Distribution, start: Double = 0, order: [Int]) {
        self.period = period
        self.duration = duration
        self.start = start
        self.order = order
    }
}

/// Losing the leader, or regaining a quorum, leaves writes unavailable for
/// `detection` (syncLimit × tickTime) plus a sample of `duration`.
public struct Election: Sendable, Equatable {
    public var detection: Double
    public var duration: Distribution
    public init(detection: Double, duration: Distribution) {
        self.detection = detection
        self.duration = duration
    }
}

public struct RunSettings: Sendable, Equatable {
    public var years: Double
    public var replications: Int
    public var seed: UInt64
    public init(years: Double = 1000, replications: Int = 16, seed: UInt64 = 1) {
        self.years = years
        self.replications = replications
        self.seed = seed
    }
}

/// A duration distribution, parameters in hours.
public enum Distribution: Sendable, Equatable {
    case exponential(mean: Double)
    case fixed(Double)
    case weibull(shape: Double, scale: Double)
    case lognormal(median: Double, sigma: Double)

    /// The distribution's mean, in hours.
    public var mean: Double {
        switch self {
        case .exponential(let mean): return mean
        case .fixed(let value): return value
        case .weibull(let shape, let scale): return scale * tgamma(1 + 1 / shape)
        case .lognormal(let median, let sigma): return median * exp(sigma * sigma / 2)
        }
    }

    /// True for the exponential distribution (the memoryless case).
    public var isExponential: Bool {
        if case .exponential = self { return true }
        return false
    }
}

/// Hours in a year (365.25 days).
public let hoursPerYear: Double = 8766
