import CommandLineSupport
import QuorumSim

extension ParsedArguments {
    /// A duration option (`4380h`, `10s`) in hours, or `fallback` when it is absent.
    func hours(_ name: String, default fallback: Double? = nil, allowZero: Bool = false) throws(UsageError) -> Double? {
        let expected =
            "a \(allowZero ? "" : "positive ")duration with a unit (ms, s, m, h, d, y), such as 24h"
        return try value(name, expected: expected) { try? DurationText.hours($0, allowZero: allowZero) } ?? fallback
    }
}
