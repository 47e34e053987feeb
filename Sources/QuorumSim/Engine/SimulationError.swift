import ToolkitSupport

/// Why a `Scenario` built in code cannot be simulated. (Scenario files are checked
/// earlier, field by field, by `ScenarioFile`.)
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    case noServers
    case tooManyServers(Int)
    case tooManyZones(Int)
    case tooManyPartitions(Int)
    case unknownZone(server: Int, zone: Int)
    case unknownPartitionZone(Int)
    case unknownMaintenanceServer(Int)
    case duplicateServerId(Int)
    case noVoters
    case noQuorumWhenAllUp
    case invalidParameter(String, String)
    /// A distribution whose mean or variance is out of bounds: the field and the bound it breaks.
    case outOfBounds(String, String)
    /// More events estimated than `WorkloadEstimate.maxEvents`: the estimate and the field that contributes most.
    case workloadTooLarge(events: Double, field: String)

    public var description: String {
        switch self {
        case .noServers: return "the scenario has no servers"
        case .tooManyServers(let n): return "the scenario has \(n) servers; at most 64 are supported"
        case .tooManyZones(let n): return "the scenario has \(n) zones; at most 64 are supported"
        case .tooManyPartitions(let n): return "the scenario has \(n) partitions; at most 64 are supported"
        case .unknownZone(let server, let zone): return "servers[\(server)] is in zone \(zone), which does not exist"
        case .unknownPartitionZone(let zone): return "a partition names zone \(zone), which does not exist"
        case .unknownMaintenanceServer(let id): return "maintenance order names server \(id), which does not exist"
        case .duplicateServerId(let id): return "server id \(id) is used twice"
        case .noVoters: return "the scenario has no participants (every server is an observer)"
        case .noQuorumWhenAllUp: return "the servers hold no quorum even when all are up (check groups and weights)"
        case .invalidParameter(let field, let value): return "\(field): invalid value \(value)"
        case .outOfBounds(let field, let problem): return "\(field): \(problem)"
        case .workloadTooLarge(let events, let field):
            return "about \(NumberText.printf("%.1g", events)) events (mostly from \(field)), more than the "
                + "\(NumberText.printf("%.0g", WorkloadEstimate.maxEvents)) a run may take; lower run.years (--years) or "
                + "run.replications (--replications), or make \(field) less frequent"
        }
    }
}
