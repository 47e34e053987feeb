import CommandLineSupport
import QuorumSim
import ToolkitSupport

extension ParsedArguments {
    /// A duration option (`4380h`, `10s`) in hours, or `fallback` when it is absent. Every duration flag of every
    /// subcommand reads through here, so every one refuses the same way: a duration past
    /// `Distribution.maxMeanHours` (the scenario files' bound) is a usage error, not a simulation that fails later.
    func hours(_ name: String, default fallback: Double? = nil, allowZero: Bool = false) throws(UsageError) -> Double? {
        let limit = Distribution.maxMeanHours
        let expected =
            "a \(allowZero ? "" : "positive ")duration with a unit (ms, s, m, h, d, y) up to "
            + "\(NumberText.compact(limit))h, such as 24h"
        return try value(name, expected: expected) { text in
            (try? DurationText.hours(text, allowZero: allowZero)).flatMap { $0 <= limit ? $0 : nil }
        } ?? fallback
    }
}
