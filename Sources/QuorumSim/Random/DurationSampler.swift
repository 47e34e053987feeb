/// A `Sampler` for every `Distribution`, the measured intervals (`Distribution.intervals`) included.
///
/// `Sampler` stays a plain tag and two doubles for the simulation loop's fault processes; the intervals need a
/// table, which only an election's duration uses (`CompiledModel.validate` refuses them anywhere else), so the
/// table lives here, out of the loop's hot arrays.
public struct DurationSampler: Sendable, Equatable {
    /// The parametric sampler; unused when `intervals` is not empty.
    @usableFromInline let parametric: Sampler
    /// The measured intervals as flat (lower bound, width) pairs; empty for a parametric distribution.
    @usableFromInline let intervals: ContiguousArray<Double>

    /// Precomputes `distribution`'s parameters or intervals.
    public init(_ distribution: Distribution) {
        if case .intervals(let ranges) = distribution {
            parametric = Sampler(.fixed(0))
            intervals = ContiguousArray(ranges.flatMap { [$0.lowerBound, $0.upperBound - $0.lowerBound] })
        } else {
            parametric = Sampler(distribution)
            intervals = []
        }
    }

    /// One sample, drawn from `generator`: for intervals one picked uniformly, then a uniform point within it.
    @inlinable
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        sample(using: &generator, exponential: .exponential, normal: .normal)
    }

    /// `sample(using:)` with the ziggurat tables passed in, as `Sampler`'s.
    @inlinable
    func sample<G: RandomNumberGenerator>(
        using generator: inout G, exponential: Ziggurat, normal: Ziggurat
    ) -> Double {
        guard !intervals.isEmpty else {
            return parametric.sample(using: &generator, exponential: exponential, normal: normal)
        }
        let count = intervals.count / 2
        let pick = min(Int(generator.nextUnit() * Double(count)), count - 1)
        return intervals[2 * pick] + generator.nextUnit() * intervals[2 * pick + 1]
    }
}
