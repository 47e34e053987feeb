import Glibc

/// A `Distribution` with its parameters precomputed for fast repeated sampling.
///
/// A plain struct of a tag and two doubles, so that an array of samplers is read
/// without reference counting or dynamic dispatch in the simulation loop.
public struct Sampler: Sendable, Equatable {
    @usableFromInline enum Kind: UInt8, Sendable {
        case exponential, fixed, weibull, lognormal
    }

    @usableFromInline let kind: Kind
    /// exponential: mean; fixed: value; Weibull: scale; lognormal: median.
    @usableFromInline let a: Double
    /// Weibull: 1 / shape; lognormal: sigma.
    @usableFromInline let b: Double

    /// Precomputes `distribution`'s parameters (times in hours, as everywhere in the model).
    ///
    /// - Precondition: `distribution` is not `.intervals`, which has no two-parameter form: `DurationSampler`
    ///   samples it, and `CompiledModel.validate` allows it only for an election's duration.
    public init(_ distribution: Distribution) {
        switch distribution {
        case .exponential(let mean): (kind, a, b) = (.exponential, mean, 0)
        case .fixed(let value): (kind, a, b) = (.fixed, value, 0)
        case .weibull(let shape, let scale): (kind, a, b) = (.weibull, scale, 1 / shape)
        case .lognormal(let median, let sigma): (kind, a, b) = (.lognormal, median, sigma)
        case .intervals: preconditionFailure("Sampler: measured intervals are sampled by DurationSampler")
        }
    }

    /// One sample, in the distribution's unit (hours in the model), drawn from `generator`.
    @inlinable @inline(__always)
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        sample(using: &generator, exponential: .exponential, normal: .normal)
    }

    /// `sample(using:)` with the ziggurat tables passed in (`Ziggurat.exponential` and `Ziggurat.normal`), so
    /// that a loop that holds them reads no global (each read of a `static let` checks its lazy initialisation).
    @inlinable @inline(__always)
    func sample<G: RandomNumberGenerator>(
        using generator: inout G, exponential: Ziggurat, normal: Ziggurat
    ) -> Double {
        switch kind {
        case .exponential:
            return a * exponential.nextExponential(using: &generator)
        case .fixed:
            return a
        case .weibull:
            return a * pow(exponential.nextExponential(using: &generator), b)
        case .lognormal:
            return a * exp(b * normal.nextNormal(using: &generator))
        }
    }
}
