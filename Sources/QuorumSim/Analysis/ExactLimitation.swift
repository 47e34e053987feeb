import ToolkitSupport

/// Why an exact analysis does not apply to a scenario.
///
/// Each case says what makes the closed form wrong or too expensive, in words an
/// operator can act on (`description`).
public enum ExactLimitation: Sendable, Equatable, CustomStringConvertible {
    /// Elections take time, so availability depends on event order, not only on the state.
    case elections
    /// Maintenance slots must have a fixed duration for the time average to be exact.
    case maintenanceDurationNotFixed
    /// The maintenance slots of one period overlap the next period.
    case maintenanceLongerThanPeriod(totalHours: Double, periodHours: Double)
    /// The maintenance order names a server id the scenario does not have.
    case maintenanceUnknownServer(id: Int)
    /// The safe procedure waits for a healthy ensemble, so restarts depend on the faults.
    case maintenanceWaitsForHealth
    /// A fault process with fixed up and fixed down times is periodic: such processes can stay
    /// in step with each other, so the long-run state is not a product of independent parts.
    case deterministicCycle(component: String)
    /// A fault process whose means do not give an availability in [0, 1].
    case invalidProcess(component: String)
    /// The exact frequency needs memoryless (exponential) times.
    case notExponential(component: String)
    /// The exact frequency does not model maintenance.
    case maintenance
    /// The scenario refers to something it does not have (the file reader normally rejects this).
    case malformedScenario(String)
    /// More than 64 servers: a server set no longer fits a 64-bit mask.
    case tooManyServers(count: Int)
    /// The enumeration would visit more states than `limit`.
    case tooManyStates(states: Double, limit: Double)
    /// More Kafka brokers than the exact Kafka figures enumerate (`KafkaExact.maxBrokers`).
    case tooManyBrokers(count: Int, limit: Int)

    public var description: String {
        switch self {
        case .elections:
            return "elections are not instant (election is set): the exact figure assumes instant elections; "
                + "remove election or use the election downtime estimate"
        case .maintenanceDurationNotFixed:
            return "maintenance duration is random: the exact figure needs a fixed duration such as \"2h\""
        case .maintenanceLongerThanPeriod(let total, let period):
            return "maintenance takes \(format(total))h per round but the period is \(format(period))h: "
                + "shorten the slots or lengthen the period"
        case .maintenanceWaitsForHealth:
            return "maintenance follows the safe procedure, which waits for a healthy ensemble: restarts then "
                + "depend on the faults, and the exact figure needs a schedule independent of them"
        case .maintenanceUnknownServer(let id):
            return "maintenance order names server \(id), which is not in servers"
        case .deterministicCycle(let component):
            return "\(component) has fixed time to failure and fixed time to repair, so it is periodic "
                + "and can stay in step with other parts: make one of the two times random"
        case .invalidProcess(let component):
            return "\(component) needs a positive, finite mean time to failure and a finite mean time to repair"
        case .notExponential(let component):
            return "\(component) is not exponential: the exact episode frequency needs exponential times "
                + "(the availability alone does not)"
        case .maintenance:
            return "maintenance is set: the exact episode frequency does not cover maintenance"
        case .malformedScenario(let what):
            return "malformed scenario: \(what)"
        case .tooManyServers(let count):
            return "\(count) servers: the exact analysis handles at most 64"
        case .tooManyBrokers(let count, let limit):
            return "\(count) brokers: the exact Kafka figures enumerate at most \(limit); use the simulation"
        case .tooManyStates(let states, let limit):
            return "the exact analysis would visit \(format(states)) states (limit \(format(limit))): "
                + "use fewer zones, partitions or servers with faults, or the simulator"
        }
    }

    private func format(_ x: Double) -> String {
        NumberText.compact(x, format: "%.6g")
    }
}

/// Whether an exact analysis applies to a scenario, and if not, why.
public enum ExactApplicability: Sendable, Equatable {
    case exact
    case notExact([ExactLimitation])

    /// Whether the exact analysis applies (no limitation).
    public var isExact: Bool { self == .exact }

    /// Every reason on one line, or `nil` when exact.
    public var reason: String? {
        switch self {
        case .exact: return nil
        case .notExact(let reasons): return reasons.map(\.description).joined(separator: "; ")
        }
    }
}
extension ExactLimitation: Error {}
