import Glibc

/// A validated description of an ensemble and the faults it faces.
///
/// Every time in the model is in **hours** (`Double`). The scenario file reader
/// (`ScenarioFile`) turns unit strings such as `"4380h"` or `"200ms"` into hours
/// and rejects anything that does not validate, so a `Scenario` value is always
/// well formed: zone indices are in range, ids are unique, there is a voter.
public struct Scenario: Sendable, Equatable {
    /// Shown in reports; the file name without `.json` when the file gives none.
    public var name: String
    /// Failure domains (racks, availability zones, datacenters), 1 … 64; servers refer to them by index.
    public var zones: [Zone]
    /// The ensemble, 1 … 64 servers, at least one a participant.
    public var servers: [Server]
    /// Default fault process of every server that has none of its own.
    public var serverFaults: FaultProcess?
    /// Cuts between pairs of zones.
    public var partitions: [Partition]
    /// Rolling restarts; `nil` for none.
    public var maintenance: Maintenance?
    /// `nil` means elections are instant.
    public var election: Election?
    /// How long to simulate and how often: years per replication, replications, seed.
    public var run: RunSettings
    /// The Kafka cluster beside the ensemble (docs/kafka.md); `nil` for none. With one, `servers` are the voters
    /// of its metadata quorum (`KafkaCluster.metadata`).
    public var kafka: KafkaCluster?

    /// A scenario as given. It is not validated: `ScenarioFile` checks files, and code building one must keep
    /// zone indices in range, ids unique and at least one participant.
    public init(
        name: String, zones: [Zone], servers: [Server], serverFaults: FaultProcess? = nil,
        partitions: [Partition] = [], maintenance: Maintenance? = nil, election: Election? = nil,
        run: RunSettings = RunSettings(), kafka: KafkaCluster? = nil
    ) {
        self.name = name
        self.zones = zones
        self.servers = servers
        self.serverFaults = serverFaults
        self.partitions = partitions
        self.maintenance = maintenance
        self.election = election
        self.run = run
        self.kafka = kafka
    }
}

/// An availability zone. Every server in it is down while the zone is out.
public struct Zone: Sendable, Equatable {
    /// How servers and partitions refer to the zone in a file; unique.
    public var name: String
    /// `nil`: the zone never fails.
    public var outage: FaultProcess?
    /// A zone; without `outage` it never fails.
    public init(name: String, outage: FaultProcess? = nil) {
        self.name = name
        self.outage = outage
    }
}

/// Whether a server votes.
public enum Role: String, Sendable, Equatable {
    case participant
    case observer
}

/// One ZooKeeper server of the ensemble.
public struct Server: Sendable, Equatable {
    /// ZooKeeper's `myid` (`server.N`), ≥ 1 and unique; an election picks the up participant with the highest id
    /// (never one of weight 0 under a hierarchical rule).
    public var id: Int
    /// Index into `Scenario.zones`.
    public var zone: Int
    /// Participants vote and may lead; observers never count toward a quorum and never lead.
    public var role: Role
    /// Hierarchical-quorum group (ZooKeeper's `group.G`), `nil` for plain majority.
    public var group: Int?
    /// Hierarchical-quorum weight (ZooKeeper's `weight.N`), 1 by default. A participant of weight 0 counts for
    /// nothing and never leads (`QuorumRule.candidates`).
    public var weight: Int
    /// Overrides `Scenario.serverFaults` for this server.
    public var faults: FaultProcess?

    /// A server; a participant with weight 1, no group and the scenario's default faults unless told otherwise.
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
    /// How long each up period lasts, hours.
    public var timeToFailure: Distribution
    /// How long each down period lasts, hours.
    public var timeToRepair: Distribution
    /// A process with the given up and down time distributions (hours).
    public init(timeToFailure: Distribution, timeToRepair: Distribution) {
        self.timeToFailure = timeToFailure
        self.timeToRepair = timeToRepair
    }
}

/// A network cut between two zones: while it is in force, servers in `zoneA`
/// cannot reach servers in `zoneB` (both stay up and still reach every other zone).
public struct Partition: Sendable, Equatable {
    /// Index into `Scenario.zones` of one side of the cut.
    public var zoneA: Int
    /// Index into `Scenario.zones` of the other side; differs from `zoneA`.
    public var zoneB: Int
    /// Up is no cut, down is the cut in force: time between cuts, then how long a cut lasts (hours).
    public var process: FaultProcess
    /// A cut between two different zones, by index, in force while `process` is down.
    public init(zoneA: Int, zoneB: Int, process: FaultProcess) {
        self.zoneA = zoneA
        self.zoneB = zoneB
        self.process = process
    }
}

/// Rolling maintenance: every `period` hours, starting at `start`, the servers are
/// taken down one at a time in `order` (ids, all servers by default), each for
/// `duration` hours, one after another. `procedure` says whether each restart waits for a
/// healthy ensemble and leaves the leader for last (`MaintenanceProcedure`).
public struct Maintenance: Sendable, Equatable {
    /// Hours from the start of one cycle to the start of the next; an overrunning cycle delays the next to the
    /// following period boundary. The schedule runs on whole nanoseconds (`MaintenanceClock`).
    public var period: Double
    /// How long each server is down, hours (a fresh sample per server).
    public var duration: Distribution
    /// Hours from the start of the run to the first cycle; may be 0.
    public var start: Double
    /// Server ids in the order they are taken down.
    public var order: [Int]
    /// How each restart is chosen and started; `.naive` (the file default) keeps the fixed order.
    public var procedure: MaintenanceProcedure
    /// With `.safe`: the longest wait, in hours, for a healthy ensemble before a restart; when the ensemble is
    /// still not healthy then, the rest of the cycle is abandoned (counted in `ReplicationResult`).
    public var healthWait: Double
    /// Maintenance of the servers in `order` (ids) every `period` hours from `start`; the naive procedure by
    /// default, and with `.safe` a wait of at most `healthWait` hours (1 h by default) for health.
    public init(
        period: Double, duration: Distribution, start: Double = 0, order: [Int],
        procedure: MaintenanceProcedure = .naive, healthWait: Double = 1
    ) {
        self.period = period
        self.duration = duration
        self.start = start
        self.order = order
        self.procedure = procedure
        self.healthWait = healthWait
    }
}

/// How a rolling restart picks and starts each restart.
public enum MaintenanceProcedure: String, Sendable, Equatable, CaseIterable {
    /// Restart the servers in `order`, each the moment the previous one is back, whatever else is down and
    /// whichever server leads (the leader's restart mid-sequence costs a second election per cycle).
    case naive
    /// What operators' runbooks do: before each restart wait until every voter is up, the leader reaches every
    /// voter and no election is in progress (at most `Maintenance.healthWait`, else the rest of the cycle is
    /// abandoned); restart the followers in `order` first and the current leader last (one election per cycle).
    case safe
}

/// Losing the leader, or regaining a quorum, leaves writes unavailable for
/// `detection` (syncLimit × tickTime) plus a sample of `duration`.
public struct Election: Sendable, Equatable {
    /// Hours to notice the leader is lost (syncLimit × tickTime; 10 s = 1/360 h by default in files).
    public var detection: Double
    /// How long the election itself takes once started, hours.
    public var duration: Distribution
    /// Where the figures came from: `nil` when they are assumed (a file's `detection` and `duration`, or the
    /// defaults), the measurements when they were measured (`MeasuredElections.election`).
    public var measured: MeasuredElections?
    /// An election cost; both in hours; `measured` when the figures come from measurements.
    public init(detection: Double, duration: Distribution, measured: MeasuredElections? = nil) {
        self.detection = detection
        self.duration = duration
        self.measured = measured
    }
}

/// How long to simulate, how many times, and from which seed.
public struct RunSettings: Sendable, Equatable {
    /// Simulated years (8766 h each) per replication, > 0; fractions allowed.
    public var years: Double
    /// Independent replications, ≥ 1; confidence intervals need at least 2.
    public var replications: Int
    /// The random seed; the same seed gives the same figures on any machine and thread count.
    public var seed: UInt64
    /// Settings; the defaults are those of a scenario file without `run` (1000 years, 16 replications, seed 1).
    public init(years: Double = 1000, replications: Int = 16, seed: UInt64 = 1) {
        self.years = years
        self.replications = replications
        self.seed = seed
    }

    /// The largest `years`: above a billion years per replication the clock in hours loses the precision of an election.
    public static let maxYears = 1e9
    /// The largest `replications`.
    public static let maxReplications = 1_000_000
}

/// A duration distribution, parameters in hours.
public enum Distribution: Sendable, Equatable {
    case exponential(mean: Double)
    case fixed(Double)
    case weibull(shape: Double, scale: Double)
    case lognormal(median: Double, sigma: Double)
    /// Measured intervals (`MeasuredElections`, only for an election's duration): one picked uniformly, then a
    /// uniform time within it; a point interval is that value.
    case intervals([ClosedRange<Double>])

    /// The distribution's mean, in hours.
    public var mean: Double {
        switch self {
        case .exponential(let mean): return mean
        case .fixed(let value): return value
        case .weibull(let shape, let scale): return scale * tgamma(1 + 1 / shape)
        case .lognormal(let median, let sigma): return median * exp(sigma * sigma / 2)
        case .intervals(let intervals):
            return intervals.reduce(0) { $0 + ($1.lowerBound + $1.upperBound) / 2 } / Double(intervals.count)
        }
    }

    /// The distribution's variance, in hours².
    public var variance: Double {
        switch self {
        case .exponential(let mean): return mean * mean
        case .fixed: return 0
        case .weibull(let shape, let scale):
            let g1 = tgamma(1 + 1 / shape)
            return scale * scale * (tgamma(1 + 2 / shape) - g1 * g1)
        case .lognormal(let median, let sigma):
            let s2 = sigma * sigma
            return (exp(s2) - 1) * median * median * exp(s2)
        case .intervals(let intervals):
            // E[X²] of a uniform on [a, b] is (a² + ab + b²) / 3.
            let total = intervals.reduce(0) { sum, r in
                let (a, b) = (r.lowerBound, r.upperBound)
                return sum + (a * a + a * b + b * b) / 3
            }
            let square = total / Double(intervals.count)
            let mean = self.mean
            return max(0, square - mean * mean)
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
