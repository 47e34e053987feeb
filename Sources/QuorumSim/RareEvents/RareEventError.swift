/// Why the importance-sampling estimator cannot run on a scenario or with given settings.
///
/// Each case says what to change, in words an operator can act on (`description`).
public enum RareEventError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A fault process is not exponential: the estimator simulates a Markov chain.
    case notExponential(component: String)
    /// Maintenance is a deterministic schedule, not part of the Markov chain.
    case maintenance
    /// More random parts than fit a 64-bit state mask.
    case tooManyParts(count: Int)
    /// The scenario refers to something it does not have, or a process has invalid means.
    case malformedScenario(String)
    /// A setting is out of range.
    case invalidSetting(String)
    /// A regenerative cycle did not return to the all-up state within the step limit.
    case cycleTooLong(steps: Int)

    public var description: String {
        switch self {
        case .notExponential(let component):
            return "\(component) is not exponential: importance sampling needs exponential times to failure "
                + "and to repair (use the simulation, or the exact figure, which allows any distribution)"
        case .maintenance:
            return "maintenance is set: importance sampling does not model maintenance "
                + "(use the exact figure with a fixed duration, or the simulation)"
        case .tooManyParts(let count):
            return "\(count) independent fault processes (zones, partitions and voters with faults): "
                + "importance sampling handles at most 64"
        case .malformedScenario(let what):
            return "malformed scenario: \(what)"
        case .invalidSetting(let what):
            return what
        case .cycleTooLong(let steps):
            return "a regeneration cycle took more than \(steps) steps without all parts coming back up: "
                + "lower the failure bias"
        }
    }
}
