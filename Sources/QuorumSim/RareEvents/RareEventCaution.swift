import ToolkitSupport

/// When the importance-sampling interval is not to be trusted although the run reached its target.
///
/// Balanced failure biasing picks the next failure uniformly among the parts that are up. That suits
/// rare failures of similar rates; when a part is down a sizeable share of the time (a cut in force 15 %
/// of the time), failures of that part are the likely path out of most states, the uniform choice
/// samples them *less* often than the original chain, and the paths through them carry likelihood
/// ratios well above 1. The weights are then heavy-tailed: most runs see only the small ones, their
/// estimate is low and their variance underestimated, and the stopping rule (stop at the target
/// half-width) stops exactly on those runs. Measured with `benchmarks/coverage`: 5 voters 2/2/1 with
/// cuts in force 15 % of the time, 95 % intervals covered the exact figure in about 83 % of runs; with
/// cuts in force 5 % of the time coverage was back near nominal (docs/rare-events.md).
enum RareEventCaution {
    /// Above this long-run down share of a part, the estimate carries a caution.
    static let maxDownFraction = 0.05

    /// The caution for `chain` run with `bias`; `nil` for plain Monte Carlo (no weights) or when every part
    /// is down at most `maxDownFraction` of the time.
    static func caution(for chain: FailureBiasingChain, bias: Double?) -> String? {
        guard bias != nil else { return nil }
        let most = chain.mostDown
        guard most.fraction > maxDownFraction else { return nil }
        let percent = NumberText.fixed(most.fraction * 100, 0)
        return "\(most.label) is down \(percent)% of the time (above \(NumberText.fixed(maxDownFraction * 100, 0))%): "
            + "failure biasing under-samples its failures, so the interval may cover far less than 95%; "
            + "trust plain simulation here"
    }
}
