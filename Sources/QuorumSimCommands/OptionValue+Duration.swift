import CommandLineSupport
import QuorumSim
import ToolkitSupport

extension OptionValue where T == Double {
    /// A duration with a unit (`4380h`, `10s`), read in hours. Every duration flag of every subcommand is one of
    /// these, so every one refuses the same way: a duration past `Distribution.maxMeanHours` (the scenario files'
    /// bound) is a usage error, not a simulation that fails later.
    static func duration(allowZero: Bool = false) -> OptionValue {
        let limit = Distribution.maxMeanHours
        return OptionValue(
            expected: "a \(allowZero ? "" : "positive ")duration with a unit (ms, s, m, h, d, y) up to "
                + "\(NumberText.compact(limit))h, such as 24h",
            range: "\(allowZero ? "0 to" : "above 0, at most") \(NumberText.compact(limit))h",
            ends: [allowZero ? "0s" : "\(Double.leastNonzeroMagnitude)h", "\(limit)h"],
            pastEnds: [allowZero ? "-1s" : "0s", "\(limit.nextUp)h"]
        ) { text in (try? DurationText.hours(text, allowZero: allowZero)).flatMap { $0 <= limit ? $0 : nil } }
    }
}
