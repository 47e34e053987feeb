#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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
    public init(_ distribution: Distribution) {
        switch distribution {
        case .exponential(let mean): (kind, a, b) = (.exponential, mean, 0)
        case .fixed(let value): (kind, a, b) = (.fixed, value, 0)
        case .weibull(let shape, let scale): (kind, a, b) = (.weibull, scale, 1 / shape)
        case .lognormal(let median, let sigma): (kind, a, b) = (.lognormal, median, sigma)
        }
    }

    /// One sample, in the distribution's unit (hours in the model), drawn from `generator`.
    @inlinable @inline(__always)
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        switch kind {
        case .exponential:
            return a * generator.nextStandardExponential()
        case .fixed:
            return a
        case .weibull:
            return a * pow(generator.nextStandardExponential(), b)
        case .lognormal:
            return a * exp(b * generator.nextStandardNormal())
        }
    }
}
